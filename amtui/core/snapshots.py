"""Daily snapshots of the forecast: what "since last time" is measured against.

The first open of the book on a day (the app, a command that writes, `amtui snapshot`)
stores the forecast figures of the current quarter and fiscal year, and a `DealState`
row for each deal that changed since its previous row (a deal leaving the pipeline gets
one last row: won, lost or deleted).  All of it is one IMMEDIATE transaction that first
checks whether today's snapshot exists, so two processes opening the book at once write
it once, and a process killed halfway leaves none.

`core.backfill` reconstructs daily figures from `StageChange` for the days before the
first snapshot; those rows say `reconstructed`, and `trend()` hands the flag on to every
chart.  A snapshot holds the day as it began (what "since yesterday" compares with), so
`trend()` plots today from the figures as they stand now, not from today's snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from amtui.core import clock, dates_fmt, sql
from amtui.core.bookings import current_quarter, quota_for, won_in
from amtui.core.counts import plural
from amtui.core.deal_states import (
    STATE_COLUMNS,
    counted_open,
    current_rows,
    latest_snapshot_rows,
    snap_of,
    won_in_period,
)
from amtui.core.money import ZERO, fmt_short
from amtui.core.periods import Period
from amtui.core.quota import PeriodForecast, forecast_from, period_forecast
from amtui.models import (
    DealState,
    ForecastSnapshot,
    Opportunity,
    column_values,
    cursor_row,
    database,
)


@dataclass(frozen=True)
class SnapshotTaken:
    day: date
    periods: tuple[str, ...]
    deals_written: int  # DealState rows: deals new or changed since the last snapshot


def figures_from(states, period: Period, today: date) -> PeriodForecast:
    """The period's forecast from deal states, by `quota.forecast_from` (one rule)."""
    won = sum((s.amount for s in states if won_in_period(s, period)), ZERO)
    return forecast_from(won, [s for s in states if counted_open(s, period, today)], today)


def _figures(period: Period, open_states, today: date) -> PeriodForecast:
    """As `quota.period_forecast`, from open deals already in hand."""
    return forecast_from(won_in(period), [s for s in open_states if counted_open(s, period, today)], today)


def figure_row(period: Period, day: date, f: PeriodForecast, *, reconstructed: bool,
                quota=...) -> dict:
    return {
        "day": day, "period": period.label, "taken_at": clock.now(), "reconstructed": reconstructed,
        "won": f.won, "commit": f.forecast_commit, "best_case": f.forecast_best_case,
        "weighted": f.forecast_weighted, "ceiling": f.forecast_ceiling,
        "pipeline": f.open_pipeline,
        "quota": quota_for(period) if quota is ... else quota,
    }


def taken_on(day: date) -> bool:
    return ForecastSnapshot.select().where(
        ForecastSnapshot.day == day, ForecastSnapshot.reconstructed == False  # noqa: E712
    ).exists()


def take_snapshot(today: date | None = None) -> SnapshotTaken | None:
    """Today's snapshot, or None when today's is already there."""
    today = today or clock.today()
    with database.atomic():  # IMMEDIATE: the check and the write hold the lock together
        if taken_on(today):
            return None
        quarter = current_quarter(today)
        year = quarter.fiscal_year
        previous = {row.id: row for row in latest_snapshot_rows()}
        watched = [oid for oid, row in previous.items() if row.status == "open"]
        now = {row.id: row for row in current_rows("o.status = 'open'")}
        # as stored (raw), for the raw SQL below
        last = cursor_row(sql.raw("SELECT MAX(day) AS last_day, MAX(taken_at) AS last_taken "
                                  "FROM forecast_snapshot WHERE NOT reconstructed"))
        last_day, last_taken = last.last_day, last.last_taken
        if last_day is not None:
            # a deal closed or edited since the last snapshot: one added and closed in
            # between was never seen open, and a won deal's amount can still be corrected;
            # record either (the loop below keeps only real changes), or a later walk from
            # this snapshot would start from a state the snapshot's figures do not count
            closed = current_rows("o.status != 'open' AND (o.closed_on >= ? OR o.updated_at >= ?)",
                                  (last_day, last_taken))
            now.update((row.id, row) for row in closed)
        gone = [oid for oid in watched if oid not in now]
        if gone:  # left the pipeline since: won, lost or deleted
            marks = ", ".join("?" * len(gone))
            now.update((row.id, row) for row in current_rows(f"o.id IN ({marks})", tuple(gone)))
        # a deal deleted since its last row, open or closed: a won deal deleted after a
        # snapshot saw it must be marked too, or a walk from this snapshot would start
        # with it counted while this snapshot's own figures (won from SQL) leave it out
        existing = set(column_values(Opportunity.select(Opportunity.id)))
        deleted = [oid for oid, row in previous.items()
                   if row.status != "deleted" and oid not in existing]
        day = today.isoformat()
        rows = []
        for oid, row in now.items():
            before = previous.get(oid)
            if before is None or before.state_key() != row.state_key():
                rows.append(row.stored(day))
        for oid in deleted:  # its last state, under the name it had
            rows.append(previous[oid]._replace(status="deleted", closed_on=None).stored(day))
        if rows:
            insert = (f"INSERT INTO deal_state ({', '.join(STATE_COLUMNS)}) "
                      f"VALUES ({', '.join('?' * len(STATE_COLUMNS))})")
            sql.raw_many(insert, rows)
        # a reconstructed row for today (from backfill) gives way to the real one
        ForecastSnapshot.delete().where(ForecastSnapshot.day == today).execute()
        # figures from the open deals already read (forecast_from, the one rule), won from SQL
        open_states = [snap_of(row) for row in now.values() if row.status == "open"]
        ForecastSnapshot.insert_many([
            figure_row(p, today, _figures(p, open_states, today), reconstructed=False)
            for p in (quarter, year)
        ]).execute()
    return SnapshotTaken(today, (quarter.label, year.label), len(rows))


# DealState rows go through one raw executemany: peewee's insert_many spent 1.5 s
# building the SQL of the 5,000 rows of a first snapshot


def snapshot_if_due(today: date | None = None) -> SnapshotTaken | None:
    """The once-a-day hook for the app and writing commands: cheap when done already."""
    today = today or clock.today()
    if taken_on(today):
        return None
    return take_snapshot(today)


# --- the trend: what every chart of the forecast day by day draws ------------------------------
@dataclass(frozen=True)
class TrendPoint:
    day: date
    won: Decimal
    commit: Decimal
    best_case: Decimal
    weighted: Decimal
    quota: Decimal | None
    reconstructed: bool


@dataclass(frozen=True)
class Trend:
    """A period's daily figures, oldest first (today's as they stand now, see `trend`):
    the one series the Quota screen, the What changed view and the workbooks' line
    charts draw."""

    period: Period
    points: list[TrendPoint]

    @property
    def quota(self) -> Decimal | None:
        """The quota line: the latest quota of the period (today's, when it holds today)."""
        return next((p.quota for p in reversed(self.points) if p.quota is not None), None)

    @property
    def reconstructed_days(self) -> int:
        return sum(1 for p in self.points if p.reconstructed)

    @property
    def last_reconstructed(self) -> date | None:
        return max((p.day for p in self.points if p.reconstructed), default=None)

    def days(self) -> list[tuple[date, TrendPoint | None]]:
        """Every day of the period, first to last, with its stored figures or None (a day
        to come, or one the book was not opened): a chart runs over the whole period."""
        if not self.points:
            return []
        first = min(self.period.start, self.points[0].day)
        last = max(self.period.end, self.points[-1].day)
        by_day = {p.day: p for p in self.points}
        return [(first + timedelta(days=n), by_day.get(first + timedelta(days=n)))
                for n in range((last - first).days + 1)]

    def short_note(self) -> str:
        """The same for a chart's title: `reconstructed to 26 Nov`."""
        if not self.reconstructed_days:
            return ""
        if self.reconstructed_days == len(self.points):
            return "reconstructed"
        day = self.last_reconstructed
        return f"reconstructed to {day.day} {day:%b}"

    def note(self) -> str:
        """Where the figures are reconstructed, for a chart's title: "" when nowhere."""
        if not self.reconstructed_days:
            return ""
        if self.reconstructed_days == len(self.points):
            return "reconstructed from stage history"
        return f"reconstructed from stage history to {dates_fmt.day(self.last_reconstructed)}"


def trend(period: Period, today: date | None = None, *, now=None) -> Trend:
    """The period's daily figures, oldest first: the days gone by as their snapshots
    stored them, and today, when the period holds it, as the figures stand now.

    Today's snapshot was taken when the day began (the "since yesterday" of the Today
    banner compares with it), so plotting it as today's figure left the chart behind
    every deal won or moved since: the quarterly workbook's Summary said won 185,000
    while its chart's last point said 180,000.  Today's point is therefore worked out by
    `quota.period_forecast` (won from `won_in`, the ladder and expected from
    `forecast_from`) and `quota_for`, the functions the Quota screen, `amtui status` and
    the workbooks' key figures use, so they agree to the cent.  `now`: those figures
    when the caller has them already (anything with `won`, `forecast_commit`,
    `forecast_best_case`, `forecast_weighted` and `quota`, such as a `QuotaStatus` for
    `period` on `today`), saving a read of the open deals.
    """
    today = today or clock.today()
    rows = (ForecastSnapshot.select().where(ForecastSnapshot.period == period.label)
            .order_by(ForecastSnapshot.day))
    points = [
        TrendPoint(r.day, r.won, r.commit, r.best_case, r.weighted, r.quota, r.reconstructed)
        for r in rows
    ]
    # only a quarter or a fiscal year has daily figures (a month has no snapshot)
    if period.kind in ("quarter", "year") and period.contains(today):
        points = [p for p in points if p.day != today] + [today_point(period, today, now)]
        points.sort(key=lambda p: p.day)  # a day stored after today: the clock was set back
    return Trend(period, points)


def today_point(period: Period, today: date, now=None) -> TrendPoint:
    """The period's figures as they stand now, as a point of the trend (see `trend`)."""
    if now is None:
        f = period_forecast(period, today=today)
        return TrendPoint(today, f.won, f.forecast_commit, f.forecast_best_case,
                          f.forecast_weighted, quota_for(period), reconstructed=False)
    return TrendPoint(today, now.won, now.forecast_commit, now.forecast_best_case,
                      now.forecast_weighted, now.quota, reconstructed=False)


def since_last_look(today: date | None = None) -> str:
    """`since yesterday: 2 deals moved, commit +12k` for the Today banner: today's
    snapshot against the one of the last day the book was opened before (two small
    reads, no working out); "" when nothing moved or there is nothing to compare."""
    today = today or clock.today()
    label = current_quarter(today).label
    rows = list(
        ForecastSnapshot.select(ForecastSnapshot.day, ForecastSnapshot.commit)
        .where(ForecastSnapshot.period == label, ForecastSnapshot.day <= today,
               ForecastSnapshot.reconstructed == False)  # noqa: E712
        .order_by(ForecastSnapshot.day.desc()).limit(2)
    )
    if len(rows) < 2:
        return ""
    latest, before = rows
    if latest.day != today:
        return ""
    moved = DealState.select().where(DealState.day == today).count()
    change = latest.commit - before.commit
    if not moved and not change:
        return ""
    when = "yesterday" if before.day == today - timedelta(days=1) else f"{before.day:%a} {before.day.day} {before.day:%b}"
    parts = [plural(moved, "deal") + " moved"] if moved else []
    if change:
        parts.append(f"commit {'+' if change > 0 else ''}{fmt_short(change)}")
    return f"since {when}: " + ", ".join(parts)
