"""Health's reads and its whole-book scoring: one client's health seeks that client's rows
(never a whole-book index), and the whole book's scores, made in one pass that shares
reasons and scores between clients, are exactly each client's own."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import activity_fixtures as fx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playhouse.test_utils import count_queries
from query_plans import plans_of

from amtui.core import health
from amtui.models import Client, FollowUp, database

TODAY = date(2026, 11, 27)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_one_clients_health_seeks_that_clients_rows(demo_book):
    """The client record and the brief score one client: every read of its health is a
    seek by that client (its id, or the client index of each table), never a scan or the
    won-date index, which visited every deal won in the year (15-22 ms at 20,000 clients)."""
    cid = Client.select(Client.id).order_by(Client.id).first().id
    plans = plans_of(lambda: health.client_health(cid, TODAY))
    book_reads = [(sql, plan) for sql, plan in plans if '"setting"' not in sql]
    assert len(book_reads) >= 6
    for sql, plan in book_reads:
        assert any("rowid=?" in line or "client_id=?" in line for line in plan), (sql, plan)
        assert not any(line.startswith("SCAN") for line in plan), (sql, plan)
        assert not any("closed_on" in line for line in plan), (sql, plan)
    [won] = [plan for sql, plan in book_reads if '"opportunity"' in sql]
    assert any("opportunity_client_id_status_amount (client_id=?)" in line for line in won), won


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_whole_book_still_reads_won_deals_by_the_won_date(demo_book):
    plans = plans_of(lambda: health.health_for(None, TODAY))
    won = next(plan for sql, plan in plans if '"opportunity"' in sql)
    assert any("opportunity_status_closed_on_amount_client_id" in line for line in won), won


def test_one_client_reads_a_fixed_handful_of_queries(demo_book):
    cid = Client.select(Client.id).order_by(Client.id).first().id
    with count_queries() as one:
        health.client_health(cid, TODAY)
    few = [c.id for c in Client.select(Client.id).limit(health.FEW_CLIENTS)]
    with count_queries() as twenty:
        health.health_for(few, TODAY)
    assert one.count == twenty.count <= 10


def test_a_few_clients_wins_count_only_the_last_twelve_months(book_path):
    cid = fx.client("Acme", handed_over_on=days_ago(100))
    other = fx.client("Beta", handed_over_on=days_ago(100))
    fx.deal(cid, "Recent", Decimal("1000"), won_on=days_ago(10), close_on=days_ago(10))
    fx.deal(cid, "Old", Decimal("5000"), won_on=days_ago(365), close_on=days_ago(365))
    fx.deal(cid, "Open", Decimal("7000"), close_on=days_ago(-10))
    fx.deal(other, "Open too", Decimal("7000"), close_on=days_ago(-10))
    assert health._won([cid, other], TODAY) == {cid: (1, 100_000)}
    assert health._won(None, TODAY) == {cid: (1, 100_000)}


# --- a property: random books scored whole, by few clients and one by one ---------------
SEVERITIES = ("low", "medium", "high", "critical")
# few distinct days and amounts, so clients often share reasons (and must not share wrongly)
past = st.sampled_from([0, 3, 14, 15, 20, 31, 45, 70, 364, 365, 400]).map(days_ago)
near = st.sampled_from([-20, -1, 0, 1, 5, 30, 60, 61]).map(days_ago)  # due or ending either way
clients = st.lists(
    st.fixed_dictionaries({
        "tier": st.sampled_from("ABC"),
        "cadence_days": st.none() | st.sampled_from([7, 14, 30]),
        "handed_over_on": st.none() | st.sampled_from([-5, 0, 14, 20, 45]).map(days_ago),
        "renewal_on": st.none() | st.sampled_from([-5, 0, 30, 60, 61]).map(lambda n: TODAY + timedelta(days=n)),
        "contacts": st.lists(past, max_size=3),
        "wins": st.lists(st.tuples(past, st.sampled_from([Decimal("500"), Decimal("1200.50"), Decimal("40000")])),
                         max_size=4),
        "issues": st.lists(st.tuples(past, st.sampled_from(SEVERITIES), st.booleans()), max_size=5),
        "follow_ups": st.lists(st.tuples(near, st.booleans()), max_size=4),
        "commitments": st.lists(st.tuples(st.none() | near, st.sampled_from(["open", "done"])), max_size=4),
        "holdings": st.lists(st.tuples(st.none() | near, st.sampled_from(["active", "ended"])), max_size=2),
    }),
    min_size=1,
    max_size=12,
)


def _make(book: list[dict]) -> list[int]:
    ids = []
    for i, spec in enumerate(book):
        cid = fx.client(f"Client {i}", tier=spec["tier"], handed_over_on=spec["handed_over_on"],
                        cadence_days=spec["cadence_days"], renewal_on=spec["renewal_on"])
        ids.append(cid)
        for day in spec["contacts"]:
            fx.interaction(cid, day)
        for n, (day, amount) in enumerate(spec["wins"]):
            fx.deal(cid, f"Deal {n}", amount, won_on=day, close_on=day)
        for day, severity, resolved in spec["issues"]:
            fx.issue(cid, "Issue", day, severity, status="resolved" if resolved else "open")
        for day, done in spec["follow_ups"]:
            fx.follow_up(cid, "Call back", day, done_at=fx.at_noon(TODAY) if done else None)
        for day, status in spec["commitments"]:
            fx.commitment(cid, "Send it", day, status=status)
        for n, (day, status) in enumerate(spec["holdings"]):
            fx.holding(cid, f"Product {n}", day, status=status)
    return ids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(book=clients)
def test_the_whole_books_scores_are_each_clients_own(book_path, monkeypatch, book):
    with database.atomic() as transaction:
        ids = _make(book)
        whole = health.health_for(None, TODAY)
        assert set(whole) == set(ids)
        assert health.health_for(ids, TODAY) == whole  # a few clients: by the client index
        with monkeypatch.context() as patched:
            patched.setattr(health, "FEW_CLIENTS", 0)  # more than a few: by the won date
            assert health.health_for(ids, TODAY) == whole
        for cid in ids:
            one = health.client_health(cid, TODAY)
            assert one == whole[cid]
            assert one.band == health.band_for(one.score)
            assert one.score == max(0, min(100, health.BASE + sum(r.points for r in one.reasons)))
            # falls first, the biggest first; then rises, the biggest first
            points = [r.points for r in one.reasons]
            falls, rises = [p for p in points if p < 0], [p for p in points if p >= 0]
            assert points == sorted(falls) + sorted(rises, reverse=True), one.reasons
        transaction.rollback()
    assert not FollowUp.select().exists()


def test_a_score_lists_falls_then_rises_the_biggest_first_ties_in_the_rules_order():
    R = health.Reason
    got = health._score([R(-15, "cadence"), R(-20, "issue"), R(-15, "renewal")],
                        [R(10, "contacted"), R(15, "won")])
    assert [r.text for r in got.reasons] == ["issue", "cadence", "renewal", "won", "contacted"]
    assert (got.score, got.band) == (70 - 50 + 25, "yellow")
    tie = health._score([], [R(10, "contacted"), R(10, "won")])
    assert [r.text for r in tie.reasons] == ["contacted", "won"] and tie.score == 90
    assert health._score([R(-30, "a"), R(-25, "b"), R(-25, "c")], []).score == 0
    assert health._score([], []) == health.Health(70, "green", [])
