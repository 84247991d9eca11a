"""The whole client list's reads (`clients --json`): its next follow-up and open issues come
from health's own reads of them, and what it gives is what the page-by-page reads (a
correlated subquery a column) and a straightforward count over the book give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import activity_fixtures as fx
import pytest
from hypothesis import HealthCheck, given, settings
from playhouse.test_utils import count_queries
from test_health_reads import TODAY, _make, clients

from amtui.core import client_list, health
from amtui.core.interactions import MAX_IN_LIST, unpacked_rows
from amtui.models import (
    Client,
    Commitment,
    FollowUp,
    Opportunity,
    ServiceIssue,
    database,
)


def _plainly(cid: int) -> dict:
    """One client's open issues, follow-ups, commitments and open pipeline, counted over
    its records one by one (no GROUP BY, no shared read)."""
    open_follow_ups = [f.due_on for f in FollowUp.select().where(FollowUp.client == cid)
                       if f.done_at is None]
    overdue = sorted(day for day in open_follow_ups if day < TODAY)
    commitments = sorted(c.due_on for c in Commitment.select().where(Commitment.client == cid)
                         if c.status == "open" and c.due_on is not None and c.due_on < TODAY)
    issues = [i for i in ServiceIssue.select().where(ServiceIssue.client == cid) if i.status != "resolved"]
    pipeline = sum((o.amount for o in Opportunity.select().where(Opportunity.client == cid)
                    if o.status == "open"), Decimal("0.00"))
    return {
        "next_follow_up": min(open_follow_ups, default=None),
        "overdue_follow_ups": (len(overdue), (TODAY - overdue[0]).days) if overdue else None,
        "overdue_commitments": (len(commitments), (TODAY - commitments[0]).days) if commitments else None,
        "open_issues": len(issues),
        "open_pipeline": pipeline,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=clients)
def test_the_whole_list_gives_what_each_clients_records_give(book_path, book):
    with database.atomic() as transaction:  # inside a transaction no kept scores are used
        ids = _make(book)
        whole = client_list.client_page(limit=1000, today=TODAY)  # past MAX_IN_LIST: ids sorted alone
        assert sorted(r.id for r in whole) == sorted(ids)
        # the page-by-page reads (a correlated subquery a column) give the same rows
        assert client_list.client_rows([r.id for r in whole], TODAY) == whole
        reads = health.read_health(None, TODAY)
        for row in whole:
            plain = _plainly(row.id)
            assert row.next_follow_up == plain["next_follow_up"]
            assert row.open_issues == plain["open_issues"] == reads.open_issues(row.id)
            assert row.open_pipeline == plain["open_pipeline"]
            assert reads.follow_ups.get(row.id) == plain["overdue_follow_ups"]
            assert reads.commitments.get(row.id) == plain["overdue_commitments"]
            assert row.health == health.client_health(row.id, TODAY).score
        # every sort lists the same rows, in the order of the ids the screen pages through
        by_id = {row.id: row for row in whole}
        for sort in client_list.SORTS:
            for descending in (False, True):
                page = client_list.client_page(sort=sort, descending=descending, limit=1000, today=TODAY)
                assert [r.id for r in page] == client_list.client_ids(
                    sort=sort, descending=descending, today=TODAY)
                assert page == [by_id[r.id] for r in page]
                # a page the engine sorts whole (up to MAX_IN_LIST rows) is the same list
                assert client_list.client_page(sort=sort, descending=descending, limit=MAX_IN_LIST,
                                               today=TODAY) == page
        transaction.rollback()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=clients)
def test_each_client_s_health_is_the_score_of_its_own_reasons(book_path, book):
    """Each client's Health from the whole book's pass is `_score` of its own falls and
    rises (the reasons it shows add up to the score it shows)."""
    with database.atomic() as transaction:
        _make(book)
        for found in health.health_for(None, TODAY).values():
            falls = [r for r in found.reasons if r.points < 0]
            rises = [r for r in found.reasons if r.points >= 0]
            assert health._score(falls, rises) == found
        transaction.rollback()


def _whole_list_queries() -> int:
    with count_queries() as counted:
        client_list.client_page(limit=1000, today=TODAY)
    return counted.count


def test_the_whole_list_reads_a_fixed_handful_of_queries(book_path):
    """No query per client: three clients and thirty read the same queries."""
    with database.atomic() as transaction:
        for n in range(3):
            cid = fx.client(f"Client {n}")
            fx.follow_up(cid, "Call", TODAY)
            fx.issue(cid, "Broken", TODAY)
        few = _whole_list_queries()
        for n in range(3, 30):
            cid = fx.client(f"Client {n}")
            fx.follow_up(cid, "Call", TODAY)
            fx.issue(cid, "Broken", TODAY)
        assert _whole_list_queries() == few <= 10
        transaction.rollback()


@pytest.mark.parametrize("sort", ["next_follow_up", "open_issues", "name"])
def test_the_list_reads_a_count_column_only_to_sort_by_it(book_path, sort):
    """The whole list takes the next follow-up and the open issues from health's reads;
    its own SELECT has the column only when the list is sorted by it."""
    selected = client_list._columns(client_list._matching("", False), gaps=True, sort=sort).sql()[0]
    head = selected.split(" FROM \"client\"")[0]
    for column in ("next_follow_up", "open_issues"):
        assert (f'AS "{column}"' in head) == (column == sort)


def test_unpacked_rows_check_the_columns_against_the_names(book_path):
    cid = fx.client("Acme")
    query = Client.select(Client.id, Client.name)
    assert list(unpacked_rows(query, "id", "name")) == [(cid, "Acme")]
    with pytest.raises(ValueError, match="unpacked as"):
        list(unpacked_rows(query, "name", "id"))
    with pytest.raises(ValueError, match="unpacked as"):
        list(unpacked_rows(query, "id"))


def test_the_first_open_follow_up_is_the_oldest_overdue_one(book_path):
    """Health's one read of open follow-ups: the overdue ones counted, the first open one
    (the list's next follow-up, and the oldest overdue one when any is)."""
    cid = fx.client("Acme")
    later = fx.client("Beta")
    fx.follow_up(cid, "Old", date(2026, 11, 1))
    fx.follow_up(cid, "Older, done", date(2026, 10, 1), done_at=fx.at_noon(TODAY))
    fx.follow_up(cid, "Late", date(2026, 11, 20))
    fx.follow_up(cid, "Next week", date(2026, 12, 4))
    fx.follow_up(later, "Next week", date(2026, 12, 4))
    overdue, first = health._follow_ups(None, TODAY)
    assert overdue == {cid: (2, 26)}
    assert {k: health.parse_day(v) for k, v in first.items()} == {cid: date(2026, 11, 1),
                                                                   later: date(2026, 12, 4)}
    assert health._follow_ups([later], TODAY)[0] == {}


@pytest.mark.parametrize("include_archived", [False, True])
def test_a_long_filtered_list_reads_its_rows_by_the_ids_order(book_path, monkeypatch, include_archived):
    """Past MAX_IN_LIST the ids are sorted alone and the rows read without the words
    (the ids hold the match): the same rows as the page-by-page reads, in that order."""
    for name in ("Acme North", "Beta", "Acme South", "Acme East", "Gamma", "Old Acme"):
        fx.client(name, archived=name.startswith("Old"))
    monkeypatch.setattr(client_list, "MAX_IN_LIST", 2)
    for sort in client_list.SORTS:
        ids = client_list.client_ids("acme", sort=sort, include_archived=include_archived, today=TODAY)
        assert len(ids) == (4 if include_archived else 3)
        page = client_list.client_page("acme", sort=sort, limit=100, include_archived=include_archived,
                                       today=TODAY)
        assert [r.id for r in page] == ids
        assert page == client_list.client_rows(ids, TODAY)
        assert client_list.client_page("acme", sort=sort, offset=1, limit=3, include_archived=include_archived,
                                       today=TODAY) == page[1:4]


@pytest.mark.parametrize("include_archived", [False, True])
def test_the_whole_name_list_takes_every_id_by_name_and_leaves_the_archived_out(
        book_path, monkeypatch, include_archived):
    """Unfiltered and by name, the long list orders every client by the name index alone
    (the archived too) and its rows' read leaves the archived out: the ids and pages the
    list's own order gives, an offset counting listed clients only."""
    with database.atomic() as transaction:  # inside a transaction no kept scores are used
        for name in ("Delta", "Old Acme", "Beta", "Acme", "Old Zeta", "Gamma", "Epsilon"):
            fx.client(name, archived=name.startswith("Old"))
        monkeypatch.setattr(client_list, "MAX_IN_LIST", 2)
        for descending in (False, True):
            ids = client_list.client_ids(sort="name", descending=descending, include_archived=include_archived,
                                         today=TODAY)
            assert len(ids) == (7 if include_archived else 5)
            page = client_list.client_page(sort="name", descending=descending, limit=100,
                                           include_archived=include_archived, today=TODAY)
            assert [r.id for r in page] == ids
            assert page == client_list.client_rows(ids, TODAY)
            assert client_list.client_page(sort="name", descending=descending, offset=1, limit=3,
                                           include_archived=include_archived, today=TODAY) == page[1:4]
        sent = []
        execute = database.obj.execute_sql
        monkeypatch.setattr(database.obj, "execute_sql",
                            lambda sql, *args, **kwargs: sent.append(sql) or execute(sql, *args, **kwargs))
        client_list.client_page(sort="name", limit=100, today=TODAY)
        monkeypatch.undo()
        ids_reads = [sql for sql in sent if sql.startswith('SELECT "t1"."id" FROM "client"')]
        assert len(ids_reads) == 1 and "WHERE" not in ids_reads[0], sent
        transaction.rollback()
