"""What the changes walk reads (issue 14): only the past rows of the deals written to
since the snapshot (`opportunity.updated_at`, indexed in schema version 5), with the same
result as reading every deal's last row; SQLite's plans for its queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from amtui.core import changes as ch
from amtui.core import clock, deal_moves, deal_states, snapshots, sql, stages, undo
from amtui.core.bookings import current_quarter
from amtui.core.periods import fiscal_year
from amtui.models import DealState, Opportunity

pytestmark = pytest.mark.usefixtures("frozen_today")


def _a_week_of_writes(move_today, today: date) -> date:
    """A snapshot, then a week of every kind of write, some undone; the snapshot's day."""
    start = today - timedelta(days=7)
    move_today(start)
    snapshots.take_snapshot()
    ids = [o.id for o in Opportunity.select(Opportunity.id).where(Opportunity.status == "open")
           .order_by(Opportunity.id).limit(12)]
    move_today(start + timedelta(days=2))
    deal_moves.update_deal(ids[0], amount=D("1234"))
    deal_moves.update_deal(ids[1], forecast_category="commit")
    deal_moves.update_deal(ids[2], close_on=today + timedelta(days=200))
    deal_moves.win_deal(ids[3])
    deal_moves.lose_deal(ids[4], "price")
    deal_moves.delete_deal(ids[5])
    with undo.recording("amount"):
        deal_moves.update_deal(ids[6], amount=D("99999"))
    snapshots.take_snapshot()  # sees the 99,999 ...
    move_today(start + timedelta(days=4))
    undo.undo_last()  # ... which is then undone: the deal's old updated_at put back
    with undo.recording("delete"):
        deal_moves.delete_deal(ids[7])
    undo.undo_last()
    stages.update_stage(stages.stage_by_id(Opportunity.get_by_id(ids[8]).stage_id).name,
                        probability=7, forecast_category="best case")
    move_today(today)
    return start


def _everything_read(monkeypatch) -> None:
    """The walk as it was: every deal's last row read and compared."""
    monkeypatch.setattr(ch, "touched_since", lambda taken, since: "0001-01-01 00:00:00")


def test_the_walk_reads_only_changed_deals_and_says_what_reading_all_says(demo_book, move_today,
                                                                         frozen_today, monkeypatch):
    since = _a_week_of_writes(move_today, frozen_today)
    read = []
    real = deal_states.changed_snapshot_rows
    monkeypatch.setattr(ch, "changed_snapshot_rows", lambda *a: read.append(real(*a)) or read[-1])
    periods = (current_quarter(frozen_today), fiscal_year(current_quarter(frozen_today).fy))
    for day in (since, since + timedelta(days=2), frozen_today - timedelta(days=60)):
        for period in periods:
            assert ch.changes_since(day, period) is not None
    fast = [ch.changes_since(day, p) for day in (since, since + timedelta(days=2)) for p in periods]
    # a handful of rows, not the thousands of deals the snapshot holds
    assert 0 < max(len(rows) for rows in read) <= 20 < DealState.select().count()
    _everything_read(monkeypatch)
    slow = [ch.changes_since(day, p) for day in (since, since + timedelta(days=2)) for p in periods]
    assert fast == slow
    assert any(c.lines for c in fast)


def test_touched_since_takes_the_earlier_end_less_a_day_for_other_clocks():
    day_start = deal_states.day_start_utc(date(2026, 11, 20))
    assert ch.touched_since("2026-11-21 09:00:00", date(2026, 11, 20)) < day_start
    assert ch.touched_since("2026-11-13 09:30:00", date(2026, 11, 20)) == "2026-11-12 09:30:00"


def _plans(monkeypatch, run) -> dict[str, str]:
    """Each raw SQL `run` executes, with SQLite's plan for it."""
    seen: dict[str, tuple] = {}
    real = sql.raw

    def spy(text, params=()):
        seen.setdefault(text, params)
        return real(text, params)

    monkeypatch.setattr(sql, "raw", spy)
    run()
    monkeypatch.setattr(sql, "raw", real)
    return {text: " ".join(str(r) for r in real(f"EXPLAIN QUERY PLAN {text}", params).fetchall())
            for text, params in seen.items()}


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_walks_queries_seek_what_changed(demo_book, move_today, frozen_today, monkeypatch):
    since = _a_week_of_writes(move_today, frozen_today)
    plans = _plans(monkeypatch, lambda: ch.changes_since(since, current_quarter(frozen_today)))
    # the deals written since, read once from the updated_at index (with which of them
    # were created since); their past rows by (opportunity_id, day), the deals named
    written = [q for q in plans if "FROM opportunity WHERE updated_at >= ?" in q]
    assert [q for q in plans if "created_at >" in q] == written and len(written) == 1
    assert "SEARCH" in plans[written[0]] and "opportunity_updated_at" in plans[written[0]]
    past = next(p for q, p in plans.items() if "FROM deal_state d JOIN" in q)
    assert "deal_state_opportunity_id_day (opportunity_id=?" in past
    # today's deals: one pass, not three index searches OR-ed (a quarter of the book fetched
    # row by row was half as slow again)
    today = next(p for q, p in plans.items() if "FROM opportunity o JOIN client" in q)
    assert "MULTI-INDEX OR" not in today


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_snapshot_seeks_the_deals_closed_or_written_since_the_last(demo_book, move_today, frozen_today,
                                                                      monkeypatch):
    move_today(frozen_today - timedelta(days=1))
    snapshots.take_snapshot()
    move_today(frozen_today)
    plans = _plans(monkeypatch, snapshots.take_snapshot)
    closed = next(p for q, p in plans.items() if "o.status != 'open'" in q)
    assert "opportunity_updated_at" in closed and "SCAN o" not in closed


def test_the_walk_asks_as_many_queries_however_many_deals_changed(demo_book, move_today, frozen_today):
    from playhouse.test_utils import count_queries

    since = frozen_today - timedelta(days=7)
    move_today(since)
    snapshots.take_snapshot()
    move_today(frozen_today)
    period = current_quarter(frozen_today)
    with count_queries() as none_changed:
        ch.changes_since(since, period)
    ids = [o.id for o in Opportunity.select(Opportunity.id).where(Opportunity.status == "open").limit(600)]
    for oid in ids:
        Opportunity.update(amount=Opportunity.amount + 1, updated_at=clock.now()).where(
            Opportunity.id == oid).execute()
    with count_queries() as many_changed:
        changes = ch.changes_since(since, period)
    assert many_changed.count == none_changed.count
    assert changes.count("amount up") >= 1


def test_the_past_rows_of_many_written_deals_say_what_naming_them_says(demo_book, move_today, frozen_today):
    """Past the FEW_WRITTEN ids a query names, the written deals are sought by their
    updated_at in the same query: the same rows either way."""
    since = _a_week_of_writes(move_today, frozen_today)
    touched = ch.touched_since(deal_states.day_start_utc(since), since)
    written = {o.id for o in Opportunity.select(Opportunity.id).where(Opportunity.updated_at >= touched)}
    assert written
    named = deal_states.changed_snapshot_rows(since, touched, written)
    sought = deal_states.changed_snapshot_rows(since, touched)
    assert sorted(named) == sorted(sought) and named
    assert deal_states.changed_snapshot_rows(since, touched, set()) == [
        r for r in sought if r.id not in written]
