"""Pace: where the rep should be by today if bookings came evenly over the period, and
where the current rate of bookings ends it (the Quota screen's Pace card, `amtui
status`, the Today banner's "behind 8k")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from amtui.core import clock
from amtui.core.bookings import gap_and_excess, quota_for, won_in
from amtui.core.money import ZERO, cents
from amtui.core.periods import Period

_LOOK_UP = object()  # "not passed": a quota of None is a real answer (none set)


class Pace(NamedTuple):
    days: int
    elapsed_days: int  # counting today
    business_days_left: int  # counting today
    expected_to_date: Decimal | None
    ahead_by: Decimal | None  # both zero when exactly on pace
    behind_by: Decimal | None
    run_rate_projection: Decimal | None
    required_per_business_day: Decimal | None


def pace(
    period: Period,
    today: date | None = None,
    *,
    won: Decimal | None = None,
    quota: Decimal | None | object = _LOOK_UP,
) -> Pace:
    """Where the rep should be by today if bookings came evenly, and where the current
    rate of bookings ends the period.  `won` and `quota` may be passed when known.
    A period that is over needs nothing a business day: made or missed, it is None."""
    today = today or clock.today()
    p = period
    won = won_in(p) if won is None else won
    quota = quota_for(p) if quota is _LOOK_UP else quota
    elapsed = p.elapsed_days(today)
    left = p.business_days_left(today)
    run_rate = cents(won * p.days / elapsed) if elapsed else None
    if quota is None:
        return Pace(p.days, elapsed, left, None, None, None, run_rate, None)
    expected = cents(quota * elapsed / p.days)
    gap, _ = gap_and_excess(won, quota)
    if p.end < today:
        required = None  # over: nothing more can be booked in it
    elif gap == 0:
        required = ZERO
    else:
        required = cents(gap / left) if left else None  # no selling days left
    return Pace(
        p.days,
        elapsed,
        left,
        expected,
        max(won - expected, ZERO),
        max(expected - won, ZERO),
        run_rate,
        required,
    )
