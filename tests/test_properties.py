"""Properties checked with hypothesis: the period and tier parsers round-trip what they
print, and commission never falls as bookings rise nor passes the cap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.commission import commission_for
from amtui.core.comp_plan import Plan, Tier, format_tiers, parse_tiers
from amtui.core.errors import InvalidInput
from amtui.core.periods import fiscal_quarter, fiscal_year, month, parse_period

TODAY = date(2026, 11, 27)
fy_start = st.integers(min_value=1, max_value=12)
years = st.integers(min_value=1990, max_value=2100)


@st.composite
def periods(draw):
    fsm = draw(fy_start)
    kind = draw(st.sampled_from(("quarter", "year", "month")))
    if kind == "quarter":
        return fiscal_quarter(draw(years), draw(st.integers(1, 4)), fsm)
    if kind == "year":
        return fiscal_year(draw(years), fsm)
    return month(draw(years), draw(st.integers(1, 12)), fsm)


@given(periods())
def test_a_period_label_reads_back_as_the_same_period(period):
    again = parse_period(period.label, period.fy_start_month, today=TODAY)
    assert again == period
    assert parse_period(again.label, period.fy_start_month, today=TODAY).label == period.label


@given(periods())
def test_a_period_covers_whole_days_without_gaps(period):
    assert period.start <= period.end and period.contains(period.start)
    if period.kind == "year":
        quarters = [fiscal_quarter(period.fy, q, period.fy_start_month) for q in (1, 2, 3, 4)]
        assert quarters[0].start == period.start and quarters[-1].end == period.end
        assert sum(q.days for q in quarters) == period.days


@given(st.text(max_size=30), fy_start)
def test_any_period_text_is_read_or_refused_with_a_reason(text, fsm):
    try:
        parse_period(text, fsm, today=TODAY)
    except InvalidInput as exc:
        assert exc.field == "period" and exc.reason


percent = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False)
multiplier = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
tier_lists = st.lists(st.tuples(percent, multiplier), min_size=1, max_size=6,
                      unique_by=lambda pair: pair[0])


@given(tier_lists)
def test_tiers_print_and_read_back_in_threshold_order(pairs):
    tiers = [Tier(t, m) for t, m in pairs]
    parsed = parse_tiers(format_tiers(tiers))
    assert parsed == sorted(tiers, key=lambda t: t.threshold)
    assert parse_tiers(format_tiers(parsed)) == parsed


@given(st.text(max_size=40))
def test_any_tiers_text_is_read_or_refused_with_a_reason(text):
    try:
        parse_tiers(text)
    except InvalidInput as exc:
        assert exc.field == "tiers" and exc.reason


# --- commission ----------------------------------------------------------------------------
money = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False)


@st.composite
def plans(draw):
    pairs = draw(tier_lists)
    # real plans pay more, not less, for each band beyond quota
    thresholds = sorted(t for t, _ in pairs)
    multipliers = sorted(m for _, m in pairs)
    cap = draw(st.none() | st.decimals(min_value=1, max_value=500_000, places=2))
    return Plan(
        effective_from=date(2026, 1, 1), base_salary=Decimal(0),
        rate=draw(st.decimals(min_value=0, max_value=30, places=1)),
        tiers=tuple(Tier(t, m) for t, m in zip(thresholds, multipliers, strict=True)),
        bonuses=(), cap=cap, retroactive=draw(st.booleans()),
    )


@given(plans(), money, money, st.decimals(min_value=1, max_value=5_000_000, places=2))
def test_commission_never_falls_as_bookings_rise_and_the_cap_holds(plan, a, b, quota):
    low, high = sorted((a, b))
    at_low = commission_for(low, quota, plan)
    at_high = commission_for(high, quota, plan)
    assert at_low.total <= at_high.total
    assert at_low.total >= 0
    if plan.cap is not None:
        assert at_high.total <= plan.cap
        assert at_high.capped == (at_high.uncapped_total > plan.cap)


def test_commission_refuses_a_quota_of_zero():
    plan = Plan(date(2026, 1, 1), Decimal(0), Decimal(10), (Tier(Decimal(0), Decimal(1)),),
                (), None, False)
    with pytest.raises(InvalidInput):
        commission_for(Decimal(100), Decimal(0), plan)
