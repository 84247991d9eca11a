"""Reconstructed daily forecast figures for the days before the first snapshot.

`backfill()` replays the deals' stage history (`deal_states.replay_steps`) from the start
of last fiscal year (or the first stage change, if later) to the day before the first
snapshot, and stores each day's figures for that day's quarter and fiscal year, marked
`reconstructed`.  A 5,000-client book has some 700 days of 20,000 deals to replay; most
days change a handful of deals, so each period's figures are a running tally of the
deals' shares (`deal_states.share_of`, the per-deal form of `quota.forecast_from`)
updated only for the deals that changed, and worked out afresh when a period begins.
Everything is written in one transaction: a process killed halfway leaves none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from amtui.core import clock
from amtui.core.bookings import current_quarter, quota_for
from amtui.core.deal_states import NO_SHARE, Share, current_states, replay_steps, share_of
from amtui.core.money import ZERO
from amtui.core.periods import Period, shift
from amtui.core.snapshots import figure_row
from amtui.models import ForecastSnapshot, StageChange, database

BACKFILL_YEARS = 2  # this fiscal year and the one before: the Quota screen's eight quarters


@dataclass
class Tally:
    """A period's figures as the sum of its deals' shares, kept up to date deal by deal;
    its attributes read as `quota.PeriodForecast`'s for `snapshots.figure_row`."""

    period: Period
    shares: dict[int, Share] = field(default_factory=dict)
    won: Decimal = ZERO
    open_pipeline: Decimal = ZERO
    commit: Decimal = ZERO
    best_case: Decimal = ZERO
    weighted: Decimal = ZERO

    def set(self, deal_id: int, share: Share) -> None:
        old = self.shares.get(deal_id, NO_SHARE)
        if share == old:
            return
        self.won += share.won - old.won
        self.open_pipeline += share.pipeline - old.pipeline
        self.commit += share.commit - old.commit
        self.best_case += share.best_case - old.best_case
        self.weighted += share.weighted - old.weighted
        if share == NO_SHARE:
            self.shares.pop(deal_id, None)
        else:
            self.shares[deal_id] = share

    @property
    def forecast_commit(self) -> Decimal:
        return self.won + self.commit

    @property
    def forecast_best_case(self) -> Decimal:
        return self.won + self.commit + self.best_case

    @property
    def forecast_weighted(self) -> Decimal:
        return self.won + self.weighted

    @property
    def forecast_ceiling(self) -> Decimal:
        return self.won + self.open_pipeline


def backfill(today: date | None = None) -> int:
    """Reconstructed daily figures (each day's quarter and fiscal year) for the days
    before the first snapshot (or before today), from StageChange; returns how many days
    were written.  Days already stored are left alone."""
    today = today or clock.today()
    days = backfill_days(today)
    if not days:
        return 0
    current, _ = current_states()
    tallies: dict[str, Tally] = {}
    quotas: dict[str, Decimal | None] = {}
    rows = []
    for day, (states, changed) in zip(days, replay_steps(days, current), strict=True):
        quarter = current_quarter(day)
        for p in (quarter, quarter.fiscal_year):
            tally = tallies.get(p.label)
            if tally is None:  # a period begins: every deal's share, once
                tally = tallies[p.label] = Tally(p)
                quotas[p.label] = quota_for(p)
                for deal_id, state in states.items():
                    tally.set(deal_id, share_of(state, p, day))
            else:
                # within its period a share does not depend on the day (an overdue deal
                # counts in the period holding today, and today stays in it)
                for deal_id in changed:
                    tally.set(deal_id, share_of(states[deal_id], p, day))
            rows.append(figure_row(p, day, tally, reconstructed=True, quota=quotas[p.label]))
    with database.atomic():
        for start in range(0, len(rows), 500):
            ForecastSnapshot.insert_many(rows[start:start + 500]).on_conflict_ignore().execute()
    return len(days)


def backfill_days(today: date) -> list[date]:
    """The days `backfill` would reconstruct, oldest first."""
    earliest = shift(current_quarter(today).fiscal_year, 1 - BACKFILL_YEARS).start
    first_change = StageChange.select(StageChange.changed_at).order_by(StageChange.changed_at).limit(1).scalar()
    if first_change is None:
        return []
    if isinstance(first_change, str):  # as stored: UTC text
        first_change = datetime.fromisoformat(first_change).replace(tzinfo=UTC)
    # the day the first deal was recorded (local time): nothing to reconstruct before it
    start = max(earliest, first_change.astimezone().date())
    first_real = (
        ForecastSnapshot.select(ForecastSnapshot.day)
        .where(ForecastSnapshot.reconstructed == False)  # noqa: E712
        .order_by(ForecastSnapshot.day).limit(1).scalar()
    )
    end = min(first_real, today) if first_real else today
    stored = {row.day for row in ForecastSnapshot.select(ForecastSnapshot.day).distinct()
              .where(ForecastSnapshot.day >= start).namedtuples()}
    days = (start + timedelta(days=n) for n in range((end - start).days))
    return [d for d in days if d not in stored]
