"""Daily forecast snapshots (issue 17): once a day, only what changed, all or nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from amtui.cli import main
from amtui.core import backfill, deal_moves, snapshots
from amtui.core.bookings import current_quarter, to_period
from amtui.core.deal_states import current_states, replay
from amtui.core.quota import quota_status, set_quota
from amtui.db import read_only
from amtui.models import DealState, ForecastSnapshot, StageChange

pytest_plugins = ("pipeline_fixtures",)


def _deals(book):
    q4 = current_quarter()
    set_quota(q4, D("100000"))
    a = deal_moves.create_deal(book["acme"], "Seats", D("10000"), stage="Commit", close_on=date(2026, 12, 10))
    b = deal_moves.create_deal(book["globex"], "Support", D("4000"), stage="Propose", close_on=date(2026, 12, 20))
    c = deal_moves.create_deal(book["initech"], "Training", D("2500"), stage="Qualify", close_on=date(2027, 2, 1))
    return a, b, c


def test_a_snapshot_is_written_once_a_day_with_the_quota_screens_figures(small_book):
    _deals(small_book)
    taken = snapshots.take_snapshot()
    assert taken.periods == ("2026-Q4", "FY2026") and taken.deals_written == 3
    assert snapshots.take_snapshot() is None  # the second open of the day writes nothing
    assert snapshots.snapshot_if_due() is None
    assert DealState.select().count() == 3 and ForecastSnapshot.select().count() == 2
    for label in ("2026-Q4", "FY2026"):
        row = ForecastSnapshot.get(ForecastSnapshot.period == label)
        status = quota_status(current_quarter() if label == "2026-Q4" else current_quarter().fiscal_year)
        assert (row.won, row.commit, row.best_case, row.weighted, row.ceiling, row.pipeline, row.quota) == (
            status.won, status.forecast_commit, status.forecast_best_case, status.forecast_weighted,
            status.forecast_ceiling, status.open_pipeline, status.quota)
        assert not row.reconstructed


def test_only_deals_that_changed_get_a_row_and_leaving_the_pipeline_is_recorded(small_book, move_today):
    a, b, c = _deals(small_book)
    snapshots.take_snapshot()
    move_today(date(2026, 11, 28))
    deal_moves.update_deal(b, amount=D("4500"))
    deal_moves.win_deal(a)
    title = "Training"
    deal_moves.delete_deal(c)
    taken = snapshots.take_snapshot()
    assert taken.deals_written == 3
    rows = {r.opportunity_id: r for r in DealState.select().where(DealState.day == date(2026, 11, 28))}
    assert rows[a].status == "won" and rows[a].closed_on == date(2026, 11, 28)
    assert rows[b].status == "open" and rows[b].amount == D("4500.00")
    assert rows[c].status == "deleted" and rows[c].title == title and rows[c].client == "Initech"
    move_today(date(2026, 11, 29))
    assert snapshots.take_snapshot().deals_written == 0  # nothing changed: no deal rows


def test_a_failure_halfway_leaves_no_half_snapshot(small_book, monkeypatch):
    _deals(small_book)

    def broken(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(ForecastSnapshot, "insert_many", broken)  # after the deal rows
    with pytest.raises(RuntimeError):
        snapshots.take_snapshot()
    assert DealState.select().count() == 0 and ForecastSnapshot.select().count() == 0
    monkeypatch.undo()


def test_a_command_that_changes_deals_takes_the_snapshot_a_read_does_not(small_book, capsys):
    _deals(small_book)
    assert main(["deals", "--json"]) == 0
    assert ForecastSnapshot.select().count() == 0
    assert main(["deal", "add", "acme", "More seats", "5k"]) == 0
    assert ForecastSnapshot.select().count() == 2
    capsys.readouterr()


def test_replaying_the_stage_history_to_tomorrow_gives_every_deal_as_it_is(demo_book, frozen_today):
    now, _ = current_states()
    replayed = next(replay([frozen_today + timedelta(days=1)], now))
    assert set(replayed) == set(now)
    for oid, state in now.items():
        got = replayed[oid]
        assert (got.status, got.stage_id, got.amount, got.close_on, got.probability) == (
            state.status, state.stage_id, state.amount, state.close_on, state.probability)
        if state.status != "open":
            assert got.closed_on == state.closed_on


def test_backfill_reconstructs_the_days_before_the_first_snapshot(demo_book, frozen_today):
    expected = backfill.backfill_days(frozen_today)
    days = backfill.backfill()
    quarter = current_quarter()
    assert days == len(expected) and expected[-1] == frozen_today - timedelta(days=1)
    # bounded: never before the start of last fiscal year
    assert expected[0] >= quarter.fiscal_year.start.replace(year=quarter.fiscal_year.start.year - 1)
    assert expected[0] < quarter.start  # earlier quarters too, not only this one
    rows = list(ForecastSnapshot.select().where(ForecastSnapshot.period == quarter.label))
    assert len(rows) == (frozen_today - quarter.start).days and all(r.reconstructed for r in rows)
    assert ForecastSnapshot.select().count() == 2 * days  # each day: its quarter and its year
    assert backfill.backfill() == 0  # days stored are left alone
    snapshots.take_snapshot()
    points = snapshots.trend(quarter).points
    assert points[-1].day == frozen_today and not points[-1].reconstructed
    assert points[0].day == quarter.start
    # the first day of the quarter: nothing can have been won in it before it began
    assert points[0].won == 0
    assert StageChange.select().count() > 0


def test_the_today_banner_says_what_moved_since_the_last_look(small_book, move_today):
    from amtui.core.today import agenda

    a, b, c = _deals(small_book)
    move_today(date(2026, 11, 26))
    snapshots.take_snapshot()
    assert snapshots.since_last_look() == ""  # nothing to compare with yet
    deal_moves.update_deal(b, forecast_category="commit")
    move_today(date(2026, 11, 27))
    assert snapshots.since_last_look() == ""  # today's snapshot not taken yet
    snapshots.take_snapshot()
    assert snapshots.since_last_look() == "since yesterday: 1 deal moved, commit +4k"
    assert agenda().banner.endswith(" · since yesterday: 1 deal moved, commit +4k")
    move_today(date(2026, 11, 30))
    snapshots.take_snapshot()
    assert snapshots.since_last_look() == ""  # nothing moved since Friday


def test_a_read_only_book_gets_no_snapshot(small_book, monkeypatch):
    import argparse

    from amtui.cli.common import open_book

    _deals(small_book)
    monkeypatch.setattr(read_only, "is_read_only", lambda: True)
    open_book(argparse.Namespace(db=str(small_book["path"])), snapshot=True)
    assert ForecastSnapshot.select().count() == 0
    monkeypatch.setattr(read_only, "is_read_only", lambda: False)
    open_book(argparse.Namespace(db=str(small_book["path"])), snapshot=True)
    assert ForecastSnapshot.select().count() == 2


def test_backfill_across_a_fiscal_year_boundary_worked_by_hand(small_book, move_today):
    """Two deals recorded in December 2025: A (10k, Commit) due 31 Dec, pushed to 25 Jan on
    5 Jan; B (4k, Propose) due 20 Jan, won on 10 Jan.  Each day's figures are those of
    the quarter and fiscal year holding that day, as they stood when the day began."""
    move_today(date(2025, 12, 15))
    a = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Commit", close_on=date(2025, 12, 31))
    b = deal_moves.create_deal(small_book["globex"], "Support", D("4000"), stage="Propose", close_on=date(2026, 1, 20))
    move_today(date(2026, 1, 5))
    deal_moves.update_deal(a, close_on=date(2026, 1, 25))
    move_today(date(2026, 1, 10))
    deal_moves.win_deal(b)
    move_today(date(2026, 12, 2))
    assert backfill.backfill() == (date(2026, 12, 2) - date(2025, 12, 15)).days  # from the first change

    def at(day, label):
        row = ForecastSnapshot.get(ForecastSnapshot.day == day, ForecastSnapshot.period == label)
        assert row.reconstructed
        return row.won, row.commit

    assert at(date(2025, 12, 15), "2025-Q4") == (0, 0)  # the deals came during the day
    assert at(date(2025, 12, 16), "2025-Q4") == (0, D("10000"))  # A in commit, B next year
    assert at(date(2025, 12, 16), "FY2025") == (0, D("10000"))
    assert at(date(2025, 12, 31), "FY2025") == (0, D("10000"))
    # 1 Jan: a new quarter and fiscal year; A (due 31 Dec, still open) counts as overdue now
    assert at(date(2026, 1, 1), "2026-Q1") == (0, D("10000"))
    assert at(date(2026, 1, 1), "FY2026") == (0, D("10000"))
    assert not ForecastSnapshot.select().where(ForecastSnapshot.day == date(2026, 1, 1),
                                               ForecastSnapshot.period == "FY2025").exists()
    assert at(date(2026, 1, 10), "2026-Q1") == (0, D("10000"))  # B won during the 10th
    assert at(date(2026, 1, 11), "2026-Q1") == (D("4000"), D("14000"))
    assert at(date(2026, 4, 1), "2026-Q2") == (0, D("10000"))  # A overdue since 25 Jan: due now
    assert at(date(2026, 4, 1), "FY2026") == (D("4000"), D("14000"))
    trend = snapshots.trend(to_period("FY2025"))
    assert [p.day for p in trend.points] == [date(2025, 12, 15) + timedelta(days=n) for n in range(17)]
    assert trend.note() == "reconstructed from stage history"


def test_a_failure_halfway_through_a_backfill_leaves_none_of_it(demo_book, monkeypatch):
    calls = []
    real = ForecastSnapshot.insert_many

    def dies_on_the_second_batch(rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("killed")
        return real(rows)

    monkeypatch.setattr(ForecastSnapshot, "insert_many", dies_on_the_second_batch)
    with pytest.raises(RuntimeError):
        backfill.backfill()
    assert calls[0] == 500 and ForecastSnapshot.select().count() == 0  # one transaction
    monkeypatch.undo()
    assert backfill.backfill() > 0


KILLED_MIDWAY = """
import os, signal, sys
from amtui import db
from amtui.core import backfill, snapshots
from amtui.models import ForecastSnapshot
db.open_book(sys.argv[1])
real = ForecastSnapshot.insert_many
batches = []

def insert_then_die(rows):
    batches.append(len(rows))
    if len(batches) == 2:  # the first 500 rows are in, uncommitted: the process dies
        os.kill(os.getpid(), signal.SIGKILL)
    return real(rows)

ForecastSnapshot.insert_many = insert_then_die
backfill.backfill()
"""


def test_a_backfill_killed_halfway_leaves_no_half_backfill(demo_book):
    import os
    import subprocess
    import sys

    if not str(demo_book).endswith(".db"):
        pytest.skip("kills a process writing a SQLite file")
    from amtui import db

    db.close_book()
    result = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(demo_book)], env=os.environ.copy(),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == -9, result.stderr
    db.open_book(demo_book)
    assert ForecastSnapshot.select().count() == 0  # the transaction never committed
    assert backfill.backfill() > 0  # and the book is fine: run it again


def test_the_running_tally_gives_forecast_froms_figures_every_day(demo_book, frozen_today):
    """The backfill keeps each period's figures as a running tally of the deals that
    changed; worked out afresh from the replayed states, every day agrees."""
    days = backfill.backfill_days(frozen_today)
    backfill.backfill()
    sample = days[:: max(1, len(days) // 40)] + [date(2026, 1, 1), date(2025, 12, 31), days[-1]]
    sample = sorted(set(sample))
    current, _ = current_states()
    stored = {(r.day, r.period): r for r in ForecastSnapshot.select().where(ForecastSnapshot.day.in_(sample))}
    for day, states in zip(sample, replay(sample, current), strict=True):
        quarter = current_quarter(day)
        for p in (quarter, quarter.fiscal_year):
            f = snapshots.figures_from(list(states.values()), p, day)
            row = stored[(day, p.label)]
            assert (row.won, row.commit, row.best_case, row.weighted, row.ceiling, row.pipeline) == (
                f.won, f.forecast_commit, f.forecast_best_case, f.forecast_weighted, f.forecast_ceiling,
                f.open_pipeline), (day, p.label)


def test_todays_point_of_the_trend_is_the_figures_now_past_days_keep_their_snapshots(small_book, move_today):
    """Worked by hand.  26 Nov: quota 100k; A 40k commit at 90%, B 20k best case at 50%,
    C 10k pipeline at 10%, all closing in December; the day's snapshot holds won 0, won +
    commit 40k, + best case 60k, expected 36k + 10k + 1k = 47k.  27 Nov: the snapshot (at
    the start of the day) holds the same; then A is won, B goes to 30k, C to commit and
    the quota to 120k: won 40k, won + commit 40k + 10k = 50k, + best case 50k + 30k =
    80k, expected 40k + 15k + 1k = 56k, quota 120k."""
    q4 = current_quarter()
    set_quota(q4, D("100000"))
    move_today(date(2026, 11, 26))
    book = small_book
    a = deal_moves.create_deal(book["acme"], "Seats", D("40000"), close_on=date(2026, 12, 10),
                               probability=90, forecast_category="commit")
    b = deal_moves.create_deal(book["globex"], "Support", D("20000"), close_on=date(2026, 12, 20),
                               probability=50, forecast_category="best case")
    c = deal_moves.create_deal(book["initech"], "Training", D("10000"), close_on=date(2026, 12, 15),
                               probability=10, forecast_category="pipeline")
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    snapshots.take_snapshot()
    deal_moves.win_deal(a)
    deal_moves.update_deal(b, amount=D("30000"))
    deal_moves.update_deal(c, forecast_category="commit")
    set_quota(q4, D("120000"))

    def figures(p):
        return p.day, p.won, p.commit, p.best_case, p.weighted, p.quota, p.reconstructed

    trend = snapshots.trend(q4)
    assert [figures(p) for p in trend.points] == [
        (date(2026, 11, 26), 0, D("40000"), D("60000"), D("47000"), D("100000"), False),  # stored
        (date(2026, 11, 27), D("40000"), D("50000"), D("80000"), D("56000"), D("120000"), False),
    ]
    assert trend.quota == D("120000")  # the quota line is today's quota
    # the snapshot itself still holds the day's start: "since yesterday" compares with it
    row = ForecastSnapshot.get(ForecastSnapshot.day == date(2026, 11, 27), ForecastSnapshot.period == q4.label)
    assert (row.won, row.commit, row.weighted) == (0, D("40000"), D("47000"))
    # the same functions as the Quota screen, `amtui status` and the workbooks' key figures
    status = quota_status(q4)
    assert figures(trend.points[-1])[1:6] == (status.won, status.forecast_commit, status.forecast_best_case,
                                              status.forecast_weighted, status.quota)
    # the Quota screen hands its figures in rather than reading them again: the same trend
    assert snapshots.trend(q4, date(2026, 11, 27), now=status) == trend
    # the fiscal year holding today too (its quota is the sum of its quarters', only Q4 set)
    year = snapshots.trend(q4.fiscal_year).points
    assert [figures(p) for p in year][-1] == (
        date(2026, 11, 27), D("40000"), D("50000"), D("80000"), D("56000"), D("120000"), False)
    # a quarter that is over or to come, or a month, has no point for today
    assert snapshots.trend(to_period("2026-Q3")).points == []
    assert snapshots.trend(to_period("2027-Q1")).points == []
    assert snapshots.trend(to_period("2026-11")).points == []


def test_today_has_its_point_before_the_days_snapshot_is_taken(small_book, move_today):
    """A read-only command, or a day the book was opened only to read: no snapshot today,
    and today still has its point, after a blank for each day the book was not opened."""
    q4 = current_quarter()
    move_today(date(2026, 11, 23))
    deal_moves.create_deal(small_book["acme"], "Seats", D("8000"), close_on=date(2026, 12, 10),
                           probability=25, forecast_category="best case")
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    trend = snapshots.trend(q4)
    assert [(p.day, p.best_case, p.weighted) for p in trend.points] == [
        (date(2026, 11, 23), D("8000"), D("2000")), (date(2026, 11, 27), D("8000"), D("2000"))]
    days = dict(trend.days())
    assert [days[date(2026, 11, d)] is None for d in range(23, 29)] == [False, True, True, True, False, True]
    assert not snapshots.taken_on(date(2026, 11, 27))  # reading the trend writes nothing
