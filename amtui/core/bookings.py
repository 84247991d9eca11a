"""The ground figures the rest of the quota maths stands on: which period is meant,
what was booked in it, its quota, and attainment.

- A won deal counts toward the period containing its won date (`closed_on`).
- Quotas are set per fiscal quarter; a fiscal year's quota is the sum of its quarters
  unless a year quota is set.  A calendar month has no quota.
- A year whose quota comes only from some of its quarters (the next year's Q1 set, the
  rest not yet) is measured over those quarters alone (`quota_cover`): its quota set
  against everything the year books would overstate % of quota and coverage.
- Attainment is rounded DOWN to one decimal, so 100.0% always means the number is made.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from peewee import fn

from amtui.core import clock
from amtui.core.money import ZERO
from amtui.core.periods import Period, parse_period, quarter_of, quarters_of, shift
from amtui.core.settings import get_settings
from amtui.models import Opportunity, Quota, from_cents

TENTH = Decimal("0.1")


# --- periods in the rep's fiscal calendar ---------------------------------------------
def fy_start_month() -> int:
    return get_settings().fy_start_month


def to_period(value: str | None, *, today: date | None = None) -> Period:
    """The edge parser: what a rep types (anything `parse_period` reads) in the rep's
    fiscal calendar; None: this quarter.  Core functions take the Period it gives."""
    today = today or clock.today()
    if value is None:
        return quarter_of(today, fy_start_month())
    return parse_period(str(value), fy_start_month(), today=today)


def current_quarter(today: date | None = None) -> Period:
    return quarter_of(today or clock.today(), fy_start_month())


def last_completed_quarter(today: date | None = None) -> Period:
    return shift(current_quarter(today), -1)


def sum_cents(column, *where) -> Decimal:
    """An exact SUM of a money column, done in SQL on integer cents."""
    total = (
        column.model.select(fn.COALESCE(fn.SUM(column), 0).coerce(False)).where(*where).scalar()
    )
    return from_cents(int(total or 0))


# --- quota, bookings, attainment ------------------------------------------------------
class QuotaCover(NamedTuple):
    """The quota a period is measured against and the part of the period it covers."""

    amount: Decimal | None
    covers: tuple[Period, ...]  # the period itself; () when no quota is set
    missing: tuple[Period, ...] = ()  # a year's quarters with no quota, when others have one

    @property
    def partial(self) -> bool:
        """A year with a quota on some quarters only: its figures against quota are
        those quarters' alone."""
        return bool(self.missing) and self.amount is not None

    def counts(self, day: date) -> bool:
        """Whether something booking on `day` counts against this quota: anything in the
        period, unless partial, and then only in the quarters with a quota."""
        return not self.partial or any(q.contains(day) for q in self.covers)

    @property
    def short(self) -> str:
        """What the quota covers, for a label: `Q1`, `Q1–Q3`, `Q1, Q3`; "" for the whole
        period."""
        return _quarter_runs(self.covers, short=True) if self.partial else ""

    @property
    def missing_short(self) -> str:
        """The quarters without a quota, for a label: `Q2–Q4`."""
        return _quarter_runs(self.missing, short=True)

    @property
    def note(self) -> str:
        """`Quota set for 2027-Q1 only; none for 2027-Q2–Q4`; "" unless partial."""
        if not self.partial:
            return ""
        return (f"Quota set for {_quarter_runs(self.covers)} only; "
                f"none for {_quarter_runs(self.missing)}")


def _quarter_runs(quarters: tuple[Period, ...], *, short: bool = False) -> str:
    """Quarters of one year in runs: `2027-Q2–Q4`, `2027-Q1, 2027-Q3` (short: `Q2–Q4`)."""
    runs: list[list[Period]] = []
    for q in quarters:
        if runs and runs[-1][-1].quarter + 1 == q.quarter:
            runs[-1].append(q)
        else:
            runs.append([q])

    def name(q: Period) -> str:
        return q.short if short else q.label

    return ", ".join(name(r[0]) if len(r) == 1 else f"{name(r[0])}–{r[-1].short}" for r in runs)


def quota_cover(period: Period) -> QuotaCover:
    """The quota of a quarter or fiscal year and what it covers.  A year without a quota
    of its own covers the quarters that have one: all four, some (`partial`) or none (no
    quota).  A month has none."""
    p = period
    if p.kind == "month":
        return QuotaCover(None, ())
    row = Quota.get_or_none(Quota.period == p.label)
    if row is not None:
        return QuotaCover(row.amount, (p,))
    if p.kind == "quarter":
        return QuotaCover(None, ())
    quarters = quarters_of(p)
    amounts = dict(Quota.select(Quota.period, Quota.amount)
                   .where(Quota.period.in_([q.label for q in quarters])).tuples())
    if not amounts:
        return QuotaCover(None, ())
    covers = tuple(q for q in quarters if q.label in amounts)
    missing = tuple(q for q in quarters if q.label not in amounts)
    # MoneyField reads each amount as an exact Decimal of cents: the sum is exact
    return QuotaCover(sum(amounts.values(), ZERO), (p,) if not missing else covers, missing)


def quota_for(period: Period) -> Decimal | None:
    """The quota of a quarter or fiscal year; None when none is set (and for a month).
    A year with a quota on some quarters only gets their sum: measure it against what
    those quarters booked (`quota_cover`, `won_against`), never the whole year's."""
    return quota_cover(period).amount


def won_against(cover: QuotaCover, period: Period) -> Decimal:
    """What was won in the part of `period` its quota covers (all of it, unless partial)."""
    if not cover.partial:
        return won_in(period)
    return sum((won_in(q) for q in cover.covers), ZERO)


def set_quotas() -> dict[str, Decimal]:
    """Every quota set, by period label."""
    return dict(Quota.select(Quota.period, Quota.amount).tuples())


def won_in(period: Period) -> Decimal:
    """Bookings: the amount of deals won with their won date in the period."""
    p = period
    return sum_cents(
        Opportunity.amount,
        Opportunity.status == "won",
        Opportunity.closed_on.between(p.start, p.end),
    )


def attainment(won: Decimal, quota: Decimal | None) -> Decimal | None:
    """Won as a percentage of quota, rounded down to one decimal; None without a quota."""
    if quota is None or quota <= 0:
        return None
    return (won * 100 / quota).quantize(TENTH, rounding=ROUND_DOWN)


def gap_and_excess(won: Decimal, quota: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(gap, exceeded_by): what is left to book, or by how much the quota was beaten.
    Neither is ever negative; both are None without a quota."""
    if quota is None:
        return None, None
    return max(quota - won, ZERO), max(won - quota, ZERO)
