"""The rep's track record: win rate, the coverage it calls for, the last quarters'
results and the run of misses that leads to probation.

A completed quarter without a quota is not a miss (nobody set a number to miss), so it
ends a run of misses rather than being skipped over.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from peewee import fn

from amtui.core.bookings import (
    TENTH,
    attainment,
    current_quarter,
    last_completed_quarter,
    set_quotas,
    won_in,
)
from amtui.core.periods import Period, shift
from amtui.models import Opportunity

FALLBACK_COVERAGE = Decimal("3.0")  # the usual rule of thumb when the rep has no history
PROBATION_MISSES = 2


def win_record(today: date | None = None) -> tuple[int, int]:
    """(won, lost) deal counts closed in the last four completed quarters."""
    last = last_completed_quarter(today)
    start, end = shift(last, -3).start, last.end
    counts = {
        r.status: r.n
        for r in Opportunity.select(Opportunity.status, fn.COUNT(Opportunity.id).alias("n"))
        .where(Opportunity.status.in_(("won", "lost")), Opportunity.closed_on.between(start, end))
        .group_by(Opportunity.status)
        .namedtuples()
    }
    return counts.get("won", 0), counts.get("lost", 0)


def win_rate(today: date | None = None) -> Decimal | None:
    """Won deals as a percentage of deals closed (won or lost) in the last four completed
    quarters, one decimal; None with no closed deals."""
    won, lost = win_record(today)
    if won + lost == 0:
        return None
    return (Decimal(won) * 100 / (won + lost)).quantize(TENTH, rounding=ROUND_HALF_UP)


def coverage_needed(today: date | None = None) -> Decimal | None:
    """The pipeline coverage the rep's own win rate needs: 1 / win rate over the last
    four completed quarters; 3x with no history; None when every closed deal was lost
    (no amount of pipeline is enough at that rate)."""
    won, lost = win_record(today)
    if won + lost == 0:
        return FALLBACK_COVERAGE
    if won == 0:
        return None
    return (Decimal(won + lost) / won).quantize(TENTH, rounding=ROUND_HALF_UP)


class QuarterResult(NamedTuple):
    period: Period
    quota: Decimal | None
    won: Decimal
    attainment_pct: Decimal | None
    hit: bool | None  # None: no quota was set, so neither hit nor miss


def quarter_result(period: Period, quota: Decimal | None) -> QuarterResult:
    won = won_in(period)
    hit = None if quota is None else won >= quota
    return QuarterResult(period, quota, won, attainment(won, quota), hit)


def history(n: int = 8, today: date | None = None) -> list[QuarterResult]:
    """The last n completed quarters, oldest first."""
    last = last_completed_quarter(today)
    quotas = set_quotas()
    return [quarter_result(p, quotas.get(p.label)) for p in (shift(last, -i) for i in range(n - 1, -1, -1))]


def misses_in_a_row(today: date | None = None) -> int:
    """Completed quarters below 100% in a row, counting back from the last completed one.
    A quarter without a quota is not a miss and ends the run."""
    quotas = set_quotas()
    period, misses = last_completed_quarter(today), 0
    while period.label in quotas and won_in(period) < quotas[period.label]:
        misses += 1
        period = shift(period, -1)
    return misses


def made_this_quarter(today: date | None = None) -> bool:
    """This quarter has a quota and it is made: a run of misses ends with it."""
    period = current_quarter(today)
    quota = set_quotas().get(period.label)
    return quota is not None and won_in(period) >= quota


def probation_risk(misses: int, made_now: bool = False) -> bool:
    """Probation looms after PROBATION_MISSES quarters in a row below quota, until this
    quarter's number is made (then the run ends: "PROBATION RISK" beside "Exceeded by"
    told the rep the opposite of the truth)."""
    return misses >= PROBATION_MISSES and not made_now


class Probation(NamedTuple):
    misses: int  # completed quarters below quota in a row
    risk: bool  # enough of them, and this quarter not made (yet)
    ended: bool  # enough of them, and this quarter made: the run ends with it


def probation(today: date | None = None, made_now: bool | None = None) -> Probation:
    """The run of misses and what it means today: the one place the Today banner, the
    Quota screen and `amtui status` read it from.  `made_now`: whether this quarter is
    made, when the caller has its won and quota already (None: read, and only when the
    misses make a risk, so the common case costs no more reads)."""
    misses = misses_in_a_row(today)
    if misses < PROBATION_MISSES:
        return Probation(misses, False, False)
    made = made_this_quarter(today) if made_now is None else made_now
    return Probation(misses, probation_risk(misses, made), made)
