"""Properties checked with hypothesis: the period and tier parsers round-trip what they
print and refuse anything else with a reason (commission's are in test_commission.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from amtui.core.comp_plan import Tier, format_tiers, parse_tiers
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
