"""The ground figures the rest of the quota maths stands on: which period is meant,
what was booked in it, its quota, and attainment.

- A won deal counts toward the period containing its won date (`closed_on`).
- Quotas are set per fiscal quarter; a fiscal year's quota is the sum of its quarters
  unless a year quota is set.  A calendar month has no quota.
- Attainment is rounded DOWN to one decimal, so 100.0% always means the number is made.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

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
def quota_for(period: Period) -> Decimal | None:
    """The quota of a quarter or fiscal year; None when none is set (and for a month)."""
    p = period
    if p.kind == "month":
        return None
    row = Quota.get_or_none(Quota.period == p.label)
    if row is not None or p.kind == "quarter":
        return row.amount if row else None
    labels = [q.label for q in quarters_of(p)]
    if not Quota.select().where(Quota.period.in_(labels)).exists():
        return None
    return sum_cents(Quota.amount, Quota.period.in_(labels))


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
