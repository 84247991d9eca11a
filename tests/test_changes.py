"""What changed since a date and the forecast walk (issue 17); today = 2026-11-27."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amtui.core import backfill, change_walk, deal_moves, snapshots
from amtui.core import changes as ch
from amtui.core.bookings import current_quarter
from amtui.core.deal_states import DealSnap, commit_part, counted_open, standing, weighted_part
from amtui.core.errors import InvalidInput
from amtui.core.periods import fiscal_quarter, fiscal_year
from amtui.core.pipeline import deal_weighted
from amtui.core.quota import period_forecast
from amtui.models import ForecastSnapshot, Opportunity, StageChange

Q4 = fiscal_quarter(2026, 4)


def _figures(period, today=None):
    f = period_forecast(period, today=today)
    return f.forecast_commit, f.forecast_weighted


def _check_walk(changes: ch.Changes) -> None:
    for walk in (changes.commit, changes.weighted):
        assert walk.start + sum(s.amount for s in walk.steps) == walk.now
    assert (changes.commit.now, changes.weighted.now) == _figures(changes.period, changes.today)


def test_a_week_of_changes_walks_from_the_snapshot_to_now(small_book, move_today):
    move_today(date(2026, 11, 20))
    seats = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Commit", close_on=date(2026, 12, 10))
    support = deal_moves.create_deal(small_book["globex"], "Support", D("4000"), stage="Propose",
                                     close_on=date(2026, 12, 20))
    training = deal_moves.create_deal(small_book["initech"], "Training", D("2500"), stage="Commit",
                                      close_on=date(2026, 12, 5))
    renewal = deal_moves.create_deal(small_book["acme"], "Renewal", D("8000"), stage="Commit", close_on=date(2026, 12, 15))
    typo = deal_moves.create_deal(small_book["globex"], "Typo", D("1000"), stage="Commit", close_on=date(2026, 12, 1))
    snapshots.take_snapshot()
    start = ForecastSnapshot.get(ForecastSnapshot.day == date(2026, 11, 20), ForecastSnapshot.period == "2026-Q4")
    move_today(date(2026, 11, 24))
    deal_moves.update_deal(support, forecast_category="commit")  # best case -> commit: upgraded
    deal_moves.update_deal(training, close_on=date(2027, 1, 15))  # pushed out of Q4
    deal_moves.lose_deal(renewal, "competitor", "went with Initech")
    deal_moves.win_deal(seats, amount=D("12000"))  # won, 2k more than called
    deal_moves.delete_deal(typo)
    added = deal_moves.create_deal(small_book["initech"], "Add-on", D("3000"), stage="Commit", close_on=date(2026, 12, 18))
    move_today(date(2026, 11, 27))

    changes = ch.changes_since(date(2026, 11, 20), Q4)
    assert changes.source == "snapshots"
    _check_walk(changes)
    assert changes.commit.start == start.commit == D("21500.00")
    steps = {s.step: s.amount for s in changes.commit.steps}
    assert steps == {
        "new": D("3000.00"), "upgraded": D("4000.00"), "downgraded": D("0"), "pulled in": D("0"),
        "pushed out": D("-2500.00"), "lost": D("-8000.00"), "won": D("0"), "reopened": D("0"),
        "deleted": D("-1000.00"), "amount": D("2000.00"),
    }
    assert changes.commit.now == D("19000.00")  # 12k won + 4k support + 3k add-on
    kinds = {(line.kind, line.deal_id) for line in changes.lines}
    assert {("added", added), ("category", support), ("pushed out", training), ("lost", renewal),
            ("won", seats), ("amount up", seats), ("deleted", typo)} <= kinds
    lost = next(line for line in changes.lines if line.kind == "lost")
    assert "competitor: went with Initech" in lost.after and lost.when == date(2026, 11, 24)
    deleted = next(line for line in changes.lines if line.kind == "deleted")
    assert (deleted.deal, deleted.client) == ("Typo", "Globex")
    pushed = next(line for line in changes.lines if line.kind == "pushed out")
    assert (pushed.before, pushed.after) == ("Sat 5 Dec", "15 Jan 2027")


def test_without_snapshots_the_start_is_reconstructed_and_matches_the_backfill(demo_book, frozen_today):
    backfill.backfill()
    since = frozen_today - timedelta(days=30)
    changes = ch.changes_since(since, Q4)
    assert changes.source == "reconstructed"
    _check_walk(changes)
    row = ForecastSnapshot.get(ForecastSnapshot.day == since, ForecastSnapshot.period == "2026-Q4")
    assert row.reconstructed
    assert (changes.commit.start, changes.weighted.start) == (row.commit, row.weighted)
    assert changes.lines and all(line.deal and line.client for line in changes.lines)


def test_across_the_fiscal_year_boundary(small_book, move_today):
    move_today(date(2026, 12, 28))
    deal = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Commit", close_on=date(2026, 12, 30))
    late = deal_moves.create_deal(small_book["globex"], "Late", D("5000"), stage="Commit", close_on=date(2026, 12, 29))
    snapshots.take_snapshot()
    move_today(date(2027, 1, 5))
    deal_moves.win_deal(deal, on=date(2026, 12, 31))
    q1 = current_quarter()
    assert q1.label == "2027-Q1"
    for period in (Q4, q1, fiscal_year(2026), fiscal_year(2027)):
        _check_walk(ch.changes_since(date(2026, 12, 28), period))
    into_q1 = ch.changes_since(date(2026, 12, 28), q1)
    # the overdue deal now books in Q1: it rolled in with the new year
    assert {s.step: s.amount for s in into_q1.commit.steps}["pulled in"] == D("5000.00")
    assert Opportunity.get_by_id(late).status == "open"


def test_since_accepts_days_ago_dates_and_the_last_export(book_path, frozen_today, tmp_path):
    assert ch.parse_since("7d") == date(2026, 11, 20)
    assert ch.parse_since("2w") == date(2026, 11, 13)
    assert ch.parse_since("2026-11-01") == date(2026, 11, 1)
    assert ch.parse_since("yesterday") == date(2026, 11, 26)
    assert ch.parse_since("mon") == date(2026, 11, 23)
    assert ch.parse_since("last-export") == date(2026, 11, 20)  # none yet: 7 days
    from amtui.core.exports import record_export

    record_export("quarterly", "2026-Q4", tmp_path / "q.xlsx")
    assert ch.parse_since("last-export") == frozen_today
    with pytest.raises(InvalidInput, match="since"):
        ch.parse_since("soon")
    with pytest.raises(InvalidInput, match="future"):
        ch.changes_since(date(2026, 12, 1), Q4)


# --- the walk adds up, whatever happened ----------------------------------------------------
STATUSES = ("open", "won", "lost")
days = st.dates(min_value=date(2026, 8, 1), max_value=date(2027, 3, 31))


@st.composite
def snaps(draw, oid=1):
    status = draw(st.sampled_from(STATUSES))
    return DealSnap(
        oid, status, draw(st.integers(1, 7)),
        D(draw(st.integers(0, 10_000_000))) / 100, draw(days),
        draw(st.sampled_from(("pipeline", "best case", "commit", "omitted"))),
        draw(st.integers(0, 100)), draw(days) if status != "open" else None,
    )


@given(s0=st.none() | snaps(), s1=st.none() | snaps(), t0=days, gap=st.integers(0, 120),
       period=st.sampled_from((Q4, fiscal_quarter(2027, 1), fiscal_year(2026))))
def test_one_deals_steps_add_up_to_its_move(s0, s1, t0, gap, period):
    t1 = t0 + timedelta(days=gap)
    for part in (commit_part, weighted_part):
        steps = change_walk.deal_steps(s0, s1, period, t0, t1, part) if (s0 or s1) else []
        before = part(s0, period, t0) if s0 else D(0)
        after = part(s1, period, t1) if s1 else D(0)
        assert sum((a for _, a in steps), D(0)) == after - before
        assert all(step in change_walk.STEPS for step, _ in steps)


@given(pairs=st.lists(st.tuples(st.none() | snaps(), st.none() | snaps()), max_size=4), t0=days,
       gap=st.integers(0, 120), period=st.sampled_from((Q4, fiscal_quarter(2027, 1), fiscal_year(2026))))
def test_both_walks_in_one_pass_book_what_each_walk_books(pairs, t0, gap, period):
    """Issue 14: `changes_since` walks both figures in one pass, a changed deal's
    waypoints worked out once for both: the same steps, counts and ends as `walk` of each
    figure by `deal_steps`."""
    t1 = t0 + timedelta(days=gap)
    pairs = [(s0 and s0._replace(id=n), s1 and s1._replace(id=n))
             for n, (s0, s1) in enumerate(pairs, start=1) if s0 or s1]
    moves = [(n, s0, s1, None) for n, (s0, s1) in enumerate(pairs, start=1)]
    ends0 = {n: standing(s0, period, t0) for n, s0, _, _ in moves if s0 is not None}
    ends1 = {n: standing(s1, period, t1) for n, _, s1, _ in moves if s1 is not None}
    assert change_walk.both_walks(moves, ends0, ends1, period, t0, t1) == (
        change_walk.walk("commit", pairs, period, t0, t1, commit_part),
        change_walk.walk("weighted", pairs, period, t0, t1, weighted_part),
    )


@given(s=st.none() | snaps(), day=days,
       period=st.sampled_from((Q4, fiscal_quarter(2027, 1), fiscal_year(2026))))
def test_a_states_standing_is_the_rules_own(s, day, period):
    """changes_since works out membership and both shares of a state together (issue 14,
    `deal_states.standing`): a member when closed in the period or counted open; a won
    deal's full amount in both figures, an open one's amount if committed and its
    weighted amount, nothing otherwise (commit_part and weighted_part are its parts)."""
    ends = standing(s, period, day)
    closed_in = (s is not None and s.status in ("won", "lost") and s.closed_on is not None
                 and period.contains(s.closed_on))
    assert ends.member == (closed_in or counted_open(s, period, day))
    if s is not None:
        if closed_in and s.status == "won":
            expected = (s.amount, s.amount)
        elif counted_open(s, period, day):
            expected = (s.amount if s.forecast_category == "commit" else D(0),
                        deal_weighted(s.amount, s.probability))
        else:
            expected = (D(0), D(0))
        assert (ends.commit, ends.weighted) == expected
        assert (commit_part(s, period, day), weighted_part(s, period, day)) == expected


ACTIONS = st.lists(
    st.tuples(st.sampled_from(("create", "stage", "amount", "close", "category", "win", "lose",
                               "reopen", "delete", "day", "undo", "defaults")),
              st.integers(0, 50), st.integers(1, 400)),
    min_size=1, max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
@example(actions=[("create", 0, 1), ("win", 0, 1), ("day", 0, 1), ("delete", 0, 1)])  # won, then deleted
@example(actions=[("create", 0, 1), ("create", 0, 1), ("win", 1, 1), ("day", 0, 1), ("amount", 1, 1),
                  ("day", 0, 1)])  # a won deal's amount corrected between two snapshots
@example(actions=[("create", 0, 1), ("create", 0, 1), ("win", 0, 1), ("day", 0, 1), ("delete", 0, 1),
                  ("day", 0, 1)])  # a won deal deleted, beside another deal, between two snapshots
@example(actions=[("create", 0, 1), ("amount", 0, 1), ("day", 0, 3), ("day", 0, 3), ("undo", 0, 1),
                  ("day", 0, 1)])  # an amount undone days after a snapshot saw it (old updated_at back)
@example(actions=[("create", 0, 1), ("day", 0, 3), ("day", 0, 3), ("defaults", 0, 1), ("day", 0, 1)])
@example(actions=[("create", 0, 1), ("create", 0, 1), ("delete", 0, 1), ("day", 0, 1),
                  ("undo", 0, 1)])  # a deal deleted, a snapshot without it, the delete undone
def test_random_changes_walk_from_each_snapshot_to_now(small_book, move_today, actions):
    """The walk from every snapshot adds up and starts at that snapshot's figures, whatever
    happened, undo and a stage's new defaults included: the walk reads the past rows of
    only the deals written to since (`opportunity.updated_at`), so every write must set it."""
    from amtui.core import stages, undo
    from amtui.models import DealState, UndoAction, UndoRow

    # each example starts from nothing, its undo list too: on a server book an earlier
    # example's deleted deal keeps its number (no reuse), so undo would bring it back here
    # without the history this example wiped
    UndoRow.delete().execute()
    UndoAction.delete().execute()
    DealState.delete().execute()
    ForecastSnapshot.delete().execute()
    StageChange.delete().execute()
    Opportunity.delete().execute()
    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]
    day = date(2026, 11, 10)
    move_today(day)
    snapshots.take_snapshot()
    snapshot_days = [day]
    for action, pick, n in actions:
        ids = [o.id for o in Opportunity.select(Opportunity.id).order_by(Opportunity.id)]
        target = ids[pick % len(ids)] if ids else None
        status = Opportunity.get_by_id(target).status if target else None
        try:
            if action == "undo":
                undo.undo_last()  # InvalidInput when a deleted deal's number was given since
            elif action == "defaults":
                stages.update_stage(["Qualify", "Propose", "Commit"][pick % 3], probability=n % 101,
                                    forecast_category=["pipeline", "best case", "commit"][n % 3])
            elif action == "create" or target is None:
                deal_moves.create_deal(clients[pick % 3], f"Deal {n}", D(n * 100), stage=["Qualify", "Propose", "Commit"][pick % 3],
                                       close_on=day + timedelta(days=n % 90 - 20))
            elif action == "day":
                day += timedelta(days=1 + n % 5)
                move_today(day)
                if n % 2:
                    snapshots.take_snapshot()
                    snapshot_days.append(day)
            elif status == "open" and action == "stage":
                deal_moves.update_deal(target, stage=["Qualify", "Discover", "Propose", "Negotiate", "Commit"][n % 5])
            elif action == "amount":
                with undo.recording("amount"):
                    deal_moves.update_deal(target, amount=D(n * 37))
            elif status == "open" and action == "close":
                deal_moves.update_deal(target, close_on=day + timedelta(days=n % 120 - 30))
            elif status == "open" and action == "category":
                deal_moves.update_deal(target, forecast_category=["pipeline", "best case", "commit"][n % 3])
            elif status == "open" and action == "win":
                deal_moves.win_deal(target, on=day - timedelta(days=n % 3))
            elif status == "open" and action == "lose":
                deal_moves.lose_deal(target, "price")
            elif status in ("won", "lost") and action == "reopen":
                deal_moves.reopen_deal(target)
            elif action == "delete":
                with undo.recording("delete"):
                    deal_moves.delete_deal(target)
        except InvalidInput:
            pass
    for since in snapshot_days:
        for period in (current_quarter(since), current_quarter(day), fiscal_year(2026)):
            changes = ch.changes_since(since, period, day)
            _check_walk(changes)
            row = ForecastSnapshot.get_or_none(ForecastSnapshot.day == since, ForecastSnapshot.period == period.label)
            if row is not None:
                assert (changes.commit.start, changes.weighted.start) == (row.commit, row.weighted)


def test_forecast_accuracy_compares_the_call_four_weeks_out_with_what_was_won(small_book, move_today, capsys):
    from amtui.cli import main
    from amtui.core.accuracy import forecast_accuracy

    move_today(date(2026, 9, 1))
    called = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Commit", close_on=date(2026, 9, 20))
    hoped = deal_moves.create_deal(small_book["globex"], "Support", D("5000"), stage="Propose", close_on=date(2026, 9, 25))
    move_today(date(2026, 9, 15))
    deal_moves.win_deal(called, amount=D("12000"))
    deal_moves.win_deal(hoped)
    move_today(date(2026, 11, 27))
    (q3,) = forecast_accuracy(quarters=1, weeks=4)
    assert (q3.quarter.label, q3.called_on, q3.source) == ("2026-Q3", date(2026, 9, 3), "reconstructed")
    assert (q3.commit, q3.weighted, q3.won) == (D("10000.00"), D("11500.00"), D("17000.00"))
    assert q3.won_pct_of_commit == D("170.0")
    capsys.readouterr()
    assert main(["changes", "--accuracy", "--json"]) == 0
    rows = __import__("json").loads(capsys.readouterr().out)
    assert rows[0] == {"quarter": "2026-Q3", "called_on": "2026-09-03", "commit": "10000.00",
                       "weighted": "11500.00", "won": "17000.00", "won_pct_of_commit": 170.0,
                       "source": "reconstructed"}
    assert main(["changes", "--accuracy", "--weeks", "0"]) == 1


def test_forecast_accuracy_takes_the_snapshot_of_the_day_when_there_is_one(small_book, move_today):
    from amtui.core.accuracy import forecast_accuracy

    move_today(date(2026, 9, 3))
    deal = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Propose", close_on=date(2026, 9, 20))
    deal_moves.update_deal(deal, forecast_category="commit")  # a category the history does not keep
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    (q3,) = forecast_accuracy(quarters=1, weeks=4)
    assert (q3.source, q3.commit, q3.won, q3.won_pct_of_commit) == ("snapshot", D("10000.00"), D("0.00"), D("0.0"))


def test_the_changes_read_a_fixed_number_of_queries_however_many_deals(small_book, move_today):
    """Issue 14: the states at both ends, the deals created since and the walks are read
    set-based: 60 more deals, some changed and some new since the snapshot, ask for no
    more queries than three (deals created since: one read, not one per 500 ids)."""
    from playhouse.test_utils import count_queries

    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]

    def deals(n: int, day: date) -> list[int]:
        return [deal_moves.create_deal(clients[i % 3], f"Deal {day} {i}", D(1000 + i), stage="Commit",
                                       close_on=date(2026, 12, 10)) for i in range(n)]

    move_today(date(2026, 11, 20))
    first = deals(3, date(2026, 11, 20))
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    deal_moves.update_deal(first[0], amount=D("1500"))
    deals(1, date(2026, 11, 27))
    with count_queries() as few:
        small = ch.changes_since(date(2026, 11, 20), Q4)
    _check_walk(small)

    move_today(date(2026, 11, 20))
    more = deals(60, date(2026, 11, 21))
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    for deal in more[:20]:
        deal_moves.update_deal(deal, amount=D("2500"))
    deals(20, date(2026, 11, 28))
    with count_queries() as many:
        big = ch.changes_since(date(2026, 11, 20), Q4)
    assert many.count == few.count
    _check_walk(big)
    assert sum(1 for line in big.lines if line.kind == "added") >= 20
