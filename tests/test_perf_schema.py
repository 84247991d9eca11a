"""Schema versions 2 and 4: the indexes career-sized books need, on new books and migrated ones."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from query_plans import plans_of

from amtui import db
from amtui.db import schema
from amtui.models import Opportunity

WANTED = {"opportunity_status_closed_on_amount_client_id", "follow_up_client_id_done_at_due_on",
          "opportunity_status_close_on", "opportunity_client_id_status_amount",
          "follow_up_done_at_due_on_client_id", "opportunity_updated_at"}


def _indexes(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()


@pytest.mark.sqlite_only(reason="reads the book file's sqlite_master")
def test_a_new_book_has_the_indexes(book_path):
    db.close_book()
    assert WANTED <= _indexes(book_path)
    assert schema.check_book(book_path) == schema.SCHEMA_VERSION >= 2


def test_a_version_1_book_gains_them_when_opened(tmp_path):
    path = tmp_path / "book.db"
    db.open_book(path)
    db.close_book()
    con = sqlite3.connect(path)
    for name in WANTED:  # as a book made before issue 14 was
        con.execute(f"DROP INDEX {name}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION
        won = Opportunity.select().where(
            Opportunity.status == "won", Opportunity.closed_on.between(date(2026, 10, 1), date(2026, 12, 31))
        )
        sql, params = won.sql()
        plan = " ".join(str(row) for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "opportunity_status_closed_on_amount_client_id" in plan
    finally:
        db.close_book()
    assert WANTED <= _indexes(path)
    assert len(list(tmp_path.glob("book.db.v1-*.bak"))) == 1


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_client_list_seeks_each_client_through_its_own_index(book_path):
    """Every per-client column of the list is one index seek by client id, never a scan
    of an index led by another column (which made a 5,000-client list take 22 s)."""
    from amtui.core import client_list
    from amtui.models import Client, database

    query = client_list._columns(client_list._matching("", False)).order_by(Client.name_key)
    sql, params = query.sql()
    plan = [row[-1] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    # the lines after each CORRELATED SCALAR SUBQUERY: how that column is looked up
    lookups = [plan[i + 1] for i, line in enumerate(plan) if line.startswith("CORRELATED")]
    assert len(lookups) == 3, plan
    assert all("client_id=?" in line for line in lookups), plan
    # the last contact: the stored one (schema version 6), found by its key, no subquery
    assert any("USING INTEGER PRIMARY KEY" in line and "LEFT-JOIN" in line for line in plan), plan


# --- schema version 5: plans of the queries its indexes are for -------------------------
def _per_client_lookups(plan: list[str]) -> list[str]:
    return [plan[i + 1] for i, line in enumerate(plan) if line.startswith("CORRELATED")]


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
@pytest.mark.parametrize("sort", ["name", "last_contact", "next_follow_up", "open_pipeline", "open_issues"])
def test_every_client_list_query_seeks_per_client_beside_the_open_follow_ups_index(demo_book, sort):
    """With follow_up (done_at, due_on, client) in the book, every per-client column of
    every list read (a page, a filtered page, the ids of a sort, rows by id) is still an
    index seek by client id: never the done_at-led index (22 s at 5,000 clients)."""
    from amtui.core import client_list

    def run():
        client_list.client_page(sort=sort, descending=True, limit=50)
        client_list.client_page("a", sort=sort, limit=50, include_archived=True)
        ids = client_list.client_ids(sort=sort)
        client_list.client_rows(ids[:40])

    lookups = [line for _, plan in plans_of(run) for line in _per_client_lookups(plan)]
    assert lookups
    assert all("client_id=?" in line for line in lookups), lookups
    assert not any("follow_up_done_at_due_on_client_id" in line for line in lookups), lookups
    pipeline = [line for line in lookups if "opportunity" in line]
    assert all("COVERING INDEX opportunity_client_id_status_amount" in line for line in pipeline), pipeline


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_todays_first_follow_ups_read_in_due_order_without_sorting_them_all(demo_book):
    from amtui.core import follow_up_agenda

    [(_, plan)] = plans_of(lambda: follow_up_agenda.agenda_first(30))
    assert any("INDEX follow_up_done_at_due_on_client_id (done_at=?)" in line for line in plan), plan
    # only ties within a day are sorted, not every open follow-up
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_health_reads_won_deals_and_overdue_follow_ups_from_indexes_alone(demo_book):
    from amtui.core import health

    plans = dict(plans_of(lambda: health.health_for(None)))
    won = next(plan for sql, plan in plans.items() if '"opportunity"' in sql and "GROUP BY" in sql)
    assert any("COVERING INDEX opportunity_status_closed_on_amount_client_id" in line for line in won), won
    overdue = next(plan for sql, plan in plans.items() if '"follow_up"' in sql and "GROUP BY" in sql)
    assert any("COVERING INDEX follow_up_done_at_due_on_client_id" in line for line in overdue), overdue


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_open_deals_of_a_period_seek_status_and_close_date(demo_book):
    from datetime import date

    from amtui.core import pipeline
    from amtui.core.periods import Period

    q1 = Period("quarter", "2027-Q1", date(2027, 1, 1), date(2027, 3, 31))  # after the frozen today
    [(_, plan)] = plans_of(lambda: pipeline.deals(period=q1))
    assert any("INDEX opportunity_status_close_on (status=? AND close_on>? AND close_on<?)" in line
               for line in plan), plan
