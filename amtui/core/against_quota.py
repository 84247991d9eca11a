"""A period's figures set against its quota: attainment, gap, coverage and expected % of
quota, over what the quota covers (`bookings.quota_cover`).

A year with a quota on some quarters only (next year's Q1 set, the rest not yet) is
measured over those quarters: their won, open deals and expected against their quota,
like with like.  The Quota screen, `amtui status` and the annual forecast take these
figures from `against_quota`; `quota.quota_status` and `forecast.annual_forecast` hand it
the forecast of the part the quota covers.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

from amtui.core.bookings import TENTH, QuotaCover, attainment, gap_and_excess
from amtui.core.pipeline import booking_day

if TYPE_CHECKING:
    from amtui.core.quota import PeriodForecast


# --- coverage ---------------------------------------------------------------------------
def coverage(open_pipeline: Decimal, remaining_quota: Decimal | None) -> Decimal | None:
    """Open pipeline as a multiple of the quota still to book (2.4 = 2.4x); None when
    there is no quota or nothing left to book."""
    if remaining_quota is None or remaining_quota <= 0:
        return None
    return (open_pipeline / remaining_quota).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- against quota: attainment, gap, coverage and expected % over what the quota covers --
class AgainstQuota(NamedTuple):
    """A period's figures against its quota.  For a year with a quota on some quarters
    only (`QuotaCover.partial`) they are those quarters' figures against their quota:
    like with like, and labelled so wherever they show (`QuotaCover.short`, `.note`)."""

    cover: QuotaCover
    quota: Decimal | None
    won: Decimal  # won in what the quota covers
    attainment_pct: Decimal | None
    gap: Decimal | None
    exceeded_by: Decimal | None
    coverage: Decimal | None  # open pipeline in what the quota covers / its gap
    expected_pct: Decimal | None  # expected (won + weighted pipeline) / quota


def covered_deals(cover: QuotaCover, deals, today: date) -> list:
    """The open deals of a period that book in the part of it its quota covers (by
    `booking_day`, as `open_in` files them); all of them unless the cover is partial."""
    if not cover.partial:
        return list(deals)
    return [d for d in deals if cover.counts(booking_day(d.close_on, today))]


def against_quota(cover: QuotaCover, covered: PeriodForecast) -> AgainstQuota:
    """The one place a period's figures are set against its quota (the Quota screen,
    `amtui status` and the annual forecast): `covered` is the forecast of the part of the
    period the quota covers.  We work a partial year out over its quarters with a quota
    rather than leave it out: quotas often come a quarter at a time, so most years are
    partial until their last quarter's is set, and those quarters' figures are exact and
    still worth a manager's look; set against the whole year's bookings and pipeline
    they were not (one quarter's quota against a year of pipeline read 5.6x covered)."""
    quota = cover.amount
    gap, exceeded = gap_and_excess(covered.won, quota)
    return AgainstQuota(
        cover=cover,
        quota=quota,
        won=covered.won,
        attainment_pct=attainment(covered.won, quota),
        gap=gap,
        exceeded_by=exceeded,
        coverage=coverage(covered.open_pipeline, gap),
        expected_pct=attainment(covered.forecast_weighted, quota),
    )
