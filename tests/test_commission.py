"""Commission worked by hand: the issue's examples hold to the cent."""

from datetime import date, timedelta
from decimal import Decimal as D
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quota_fixtures import P, deal

from amtui.core import commission as c
from amtui.core import comp_plan as cp
from amtui.core import gap_deals as g
from amtui.core import quota as q
from amtui.core.comp_plan import Bonus, Plan, Tier
from amtui.core.errors import InvalidInput

TIERS = "0:0.5,50:1,100:1.5,125:2"


def plan(*, rate="10", tiers=TIERS, bonuses="", cap=None, retroactive=False, base="0") -> Plan:
    return Plan(
        effective_from=date(2026, 1, 1),
        base_salary=D(base),
        rate=D(rate),
        tiers=tuple(cp.parse_tiers(tiers)),
        bonuses=tuple(cp.parse_bonuses(bonuses)),
        cap=None if cap is None else D(cap),
        retroactive=retroactive,
    )


# --- the maths ------------------------------------------------------------------------
def test_marginal_example_from_the_issue():
    r = c.commission_for(D("130000"), D("100000"), plan())
    # 50,000 x 5% + 50,000 x 10% + 25,000 x 15% + 5,000 x 20%
    assert [(b.booked, b.commission) for b in r.bands] == [
        (D("50000"), D("2500.00")),
        (D("50000"), D("5000.00")),
        (D("25000"), D("3750.00")),
        (D("5000"), D("1000.00")),
    ]
    assert (r.commission, r.bonus, r.total, r.capped) == (D("12250.00"), D("0"), D("12250.00"), False)
    assert r.attainment_pct == D("130.0")
    assert r.bands[2].explain() == "$25,000.00 at 15% (100–125% x 1.5) = $3,750.00"
    assert r.bands[3].explain() == "$5,000.00 at 20% (125%+ x 2) = $1,000.00"


def test_retroactive_example_from_the_issue():
    r = c.commission_for(D("130000"), D("100000"), plan(retroactive=True))
    assert r.total == D("26000.00")  # 130,000 x 20%
    assert [b.booked for b in r.bands] == [D(0), D(0), D(0), D("130000")]


def test_exactly_on_a_threshold_reaches_it():
    # 100% exactly: marginal pays nothing in the 100% band yet; retroactive jumps to 1.5x
    marginal = c.commission_for(D("100000"), D("100000"), plan())
    assert marginal.total == D("7500.00")  # 2,500 + 5,000
    retro = c.commission_for(D("100000"), D("100000"), plan(retroactive=True))
    assert retro.total == D("15000.00")  # 100,000 x 15%
    just_below = c.commission_for(D("99999.99"), D("100000"), plan(retroactive=True))
    assert just_below.total == D("10000.00")  # 99,999.99 x 10% = 9,999.999 -> 10,000.00
    # a bonus at 110% is paid at exactly 110% and not a cent below
    with_bonus = plan(bonuses="110:5000")
    assert c.commission_for(D("110000"), D("100000"), with_bonus).bonus == D("5000.00")
    assert c.commission_for(D("109999.99"), D("100000"), with_bonus).bonus == D("0")


def test_bonuses_are_paid_once_each():
    p = plan(bonuses="110:5000, 125:10k")
    r = c.commission_for(D("130000"), D("100000"), p)
    assert (r.commission, r.bonus, r.total) == (D("12250.00"), D("15000.00"), D("27250.00"))
    assert r.bonuses_reached == (Bonus(D("110"), D("5000.00")), Bonus(D("125"), D("10000.00")))


def test_cap_limits_commission_plus_bonuses():
    p = plan(bonuses="110:5000", cap="15000")
    r = c.commission_for(D("130000"), D("100000"), p)
    # the issue's worked example: pay as earned, then cut by the cap (commission first)
    assert (r.commission, r.bonus, r.capped_by, r.total, r.capped, r.earned) == (
        D("12250.00"), D("5000.00"), D("2250.00"), D("15000.00"), True, D("17250.00")
    )
    assert (r.commission_paid, r.bonus_paid) == (D("10000.00"), D("5000.00"))
    low = c.commission_for(D("130000"), D("100000"), plan(retroactive=True, cap="20000"))
    assert (low.commission, low.bonus, low.capped_by, low.total) == (D("26000.00"), D("0"), D("6000.00"), D("20000.00"))
    under = c.commission_for(D("60000"), D("100000"), p)
    assert (under.total, under.capped) == (D("3500.00"), False)


def test_nothing_below_the_first_threshold_and_flat_plans():
    p = plan(tiers="50:1, 100:2")
    assert c.commission_for(D("40000"), D("100000"), p).total == D("0.00")
    r = c.commission_for(D("120000"), D("100000"), p)
    assert r.total == D("5000.00") + D("4000.00")  # 50k at 10%, 20k at 20%
    assert r.bands[0].multiplier == D(0)
    flat = plan(tiers="0:1", rate="8")
    assert c.commission_for(D("12345.67"), D("100000"), flat).total == D("987.65")
    assert c.commission_for(D("0"), D("100000"), plan()).total == D("0.00")
    with pytest.raises(InvalidInput):
        c.commission_for(D("1"), D("0"), plan())


# --- reading what the rep types -------------------------------------------------------
def test_parse_tiers_bonuses_and_rate():
    assert cp.parse_tiers("0:0.5, 50:1 ; 100%:1.5x, 125:2") == [
        Tier(D(0), D("0.5")), Tier(D(50), D(1)), Tier(D(100), D("1.5")), Tier(D(125), D(2))
    ]
    assert cp.parse_tiers("100:1.5, 0:0.5")[0].threshold == 0  # put in order
    assert cp.parse_bonuses("110:5000,125:10k") == [Bonus(D(110), D("5000.00")), Bonus(D(125), D("10000.00"))]
    assert cp.parse_bonuses("  ") == []
    assert cp.parse_rate("10%") == D(10) and cp.parse_rate("10") == D(10) and cp.parse_rate("7.5") == D("7.5")
    with pytest.raises(InvalidInput, match=r"'0\.5' could be 50% or 0\.5%"):
        cp.parse_rate("0.5")  # a rate of half a percent or of half: not guessed
    assert cp.format_tiers(cp.parse_tiers(TIERS)) == "0:0.5, 50:1, 100:1.5, 125:2"
    assert cp.describe_tiers(cp.parse_tiers(TIERS)) == "below 50%: 0.5x · 50–100%: 1x · 100–125%: 1.5x · 125%+: 2x"
    assert cp.describe_tiers(cp.parse_tiers("50:1")) == "below 50%: nothing · 50%+: 1x"


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "empty"),
        ("50", "two parts"),
        ("50:abc", "not a number"),
        ("0:1, 100:x", "'x' is not a number (multiplier)"),  # what was typed, not the x stripped
        ("-5:1", "0 or more"),
        ("50:1, 50:2", "appears twice"),
        ("50:500", "beyond 100x"),
    ],
)
def test_parse_tiers_refuses_with_reasons(text, words):
    with pytest.raises(InvalidInput) as exc:
        cp.parse_tiers(text)
    assert exc.value.field == "tiers" and words in exc.value.reason


def test_parse_bonuses_refuses_with_reasons():
    with pytest.raises(InvalidInput, match="bonus at 110%"):
        cp.parse_bonuses("110:lots")
    with pytest.raises(InvalidInput, match="above zero"):
        cp.parse_bonuses("110:0")
    with pytest.raises(InvalidInput, match="rate"):
        cp.parse_rate("150%")


# --- the stored plan ------------------------------------------------------------------
def test_the_quarters_a_plan_pays_end_where_the_next_plan_takes_a_quarter_over(book_path, frozen_today):
    """A quarter is paid on the plan in effect on its last day: a plan from 15 Feb 2025
    pays 2025-Q1 (31 Mar) on; one from 10 Jun 2026 takes 2026-Q2 over, so the first pays
    2025-Q1 to 2026-Q1; the second pays up to this quarter (2026-Q4, today 27 Nov)."""
    from amtui.core.settings import set_settings

    first = cp.set_plan(rate="10%", effective_from="2025-02-15")
    second = cp.set_plan(rate="12%", effective_from="2026-06-10")
    assert [p.label for p in cp.quarters_paid(first)] == ["2025-Q1", "2026-Q1"]
    assert [p.label for p in cp.quarters_paid(second)] == ["2026-Q2", "2026-Q4"]
    assert cp.pays_many_note(first).startswith("Pays 2025-Q1 to 2026-Q1: a change reworks")
    # a plan starting and giving way inside one quarter pays none; one paying a single
    # quarter needs no word
    brief = cp.set_plan(rate="11%", effective_from="2026-06-01")
    assert cp.quarters_paid(brief) is None and cp.pays_many_note(brief) == ""
    last = cp.set_plan(rate="9%", effective_from="2026-11-01")
    assert [p.label for p in cp.quarters_paid(last)] == ["2026-Q4", "2026-Q4"]
    assert cp.pays_many_note(last) == "" and cp.pays_many_note(None) == ""
    # a fiscal year from April (FY2027 from Apr 2026): its quarters, Apr-Jun and Jul-Sep
    set_settings(fy_start_month=4)
    assert [p.label for p in cp.quarters_paid(second)] == ["2027-Q1", "2027-Q2"]


def test_set_plan_defaults_to_the_fiscal_year_and_replaces_the_current_plan(book_path):
    p = cp.set_plan(base_salary="60k", rate="10%", tiers=TIERS, bonuses="110:5000", cap="40k")
    assert p.effective_from == date(2026, 1, 1)
    assert (p.base_salary, p.rate, p.cap, p.retroactive) == (D("60000.00"), D(10), D("40000.00"), False)
    assert p.tiers_text == "0:0.5, 50:1, 100:1.5, 125:2" and p.bonuses_text == "110:5000"
    assert cp.current_plan() == p
    again = cp.set_plan(base_salary="65k", rate="12", retroactive=True)  # edits the plan in effect
    assert again.effective_from == date(2026, 1, 1) and len(cp.plans()) == 1
    assert again.tiers == (Tier(D(0), D(1)),) and again.cap is None and again.retroactive
    later = cp.set_plan(rate="11%", effective_from="2027-01-01")
    assert cp.current_plan() == again and cp.current_plan(date(2027, 2, 1)) == later
    assert cp.plan_for_period(P("2026-Q4")) == again
    assert "11% of bookings" in later.summary()


def test_set_plan_refuses_bad_values_and_writes_nothing(book_path):
    for kwargs, field in [
        ({"rate": "lots"}, "rate"),
        ({"rate": "10", "tiers": "0:x"}, "tiers"),
        ({"rate": "10", "cap": "0"}, "cap"),
        ({"rate": "10", "base_salary": "-1"}, "base salary"),
        ({"rate": "10", "bonuses": "110"}, "bonuses"),
        ({"rate": "10", "effective_from": "someday"}, "effective from"),
    ]:
        with pytest.raises(InvalidInput) as exc:
            cp.set_plan(**kwargs)
        assert exc.value.field == field
    assert cp.plans() == []


# --- per period and per deal ------------------------------------------------------------
@pytest.fixture
def q4_book(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    q.set_quota(P("2026-Q3"), "100k")
    cp.set_plan(base_salary="60k", rate="10%", tiers=TIERS, bonuses="110:5000", cap="40k")
    deal(90_000, status="won", closed_on=date(2026, 10, 15))
    deal(130_000, status="won", closed_on=date(2026, 8, 1))
    return book_path


def test_period_and_year_commission(q4_book):
    q4 = c.period_commission(P("2026-Q4"))
    assert (q4.won, q4.commission, q4.bonus, q4.final) == (D("90000.00"), D("6500.00"), D("0.00"), False)
    q3 = c.period_commission(P("2026-Q3"))
    assert (q3.total, q3.final) == (D("17250.00"), True)  # 12,250 + the 110% bonus
    year = c.year_pay(2026)
    assert (year.commission, year.bonus, year.base_salary) == (D("18750.00"), D("5000.00"), D("60000.00"))
    assert year.total_pay == D("83750.00")
    assert "no quota for 2026-Q1, 2026-Q2" in year.missing
    with pytest.raises(InvalidInput):
        c.period_commission(P("2026-11"))


def test_what_deals_pay_on_top_of_what_is_won(q4_book):
    small = deal(5_000, close_on=date(2026, 12, 10), probability=50)
    bonus = deal(20_000, close_on=date(2026, 12, 20), probability=75, category="best case")
    overdue = deal(1_000, close_on=date(2026, 6, 1), probability=10)  # would book today: Q4
    next_q = deal(50_000, close_on=date(2027, 2, 1))  # 2027-Q1 has no quota
    pays = c.what_deals_pay()
    assert pays[small] == D("500.00")  # 90k -> 95k, all in the 10% band
    # 90k -> 110k: 10k at 10% + 10k at 15% + the 110% bonus
    assert pays[bonus] == D("1000.00") + D("1500.00") + D("5000.00")
    assert pays[overdue] == D("100.00")
    assert next_q not in pays
    assert c.what_deals_pay([Deal(small, D("5000"), date(2026, 12, 10))]) == {small: D("500.00")}
    assert c.what_deals_pay([]) == {}

    rows = g.deals_to_close_gap(P("2026-Q4"))
    # best paying first; the overdue deal counts in the current quarter, marked
    assert [r.id for r in rows] == [bonus, small, overdue]
    assert (rows[0].cumulative, rows[0].makes_quota, rows[1].makes_quota) == (D("110000.00"), True, False)
    assert rows[0].weighted == D("15000.00") and rows[0].client == "Acme Media"
    assert (rows[0].overdue, rows[2].overdue) == ("", "close date passed Mon 1 Jun")
    # what winning down to each deal pays together: 7,500, then 95k+... 115k, then 116k
    assert [r.pays_together for r in rows] == [D("7500.00"), D("8250.00"), D("8400.00")]
    assert rows[-1].pays_together == c.pay_if_won(rows).adds
    assert g.deals_to_close_gap(P("2026-Q3")) == []  # over: it holds only what was won


class Deal(NamedTuple):
    id: int
    amount: D
    close_on: date


def test_pay_if_won_is_the_issues_worked_example(book_path):
    # quota 100k, 100k won, 10%, tiers 0:0.5,50:1,100:1.5,125:2, bonus 110:5000
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(rate="10%", tiers=TIERS, bonuses="110:5000")
    deal(100_000, status="won", closed_on=date(2026, 10, 15))
    a = deal(15_000, close_on=date(2026, 12, 10))
    b = deal(15_000, close_on=date(2026, 12, 20))
    pays = c.what_deals_pay()
    assert pays == {a: D("7250.00"), b: D("7250.00")}  # each on its own
    both = c.pay_if_won([Deal(a, D("15000"), date(2026, 12, 10)), Deal(b, D("15000"), date(2026, 12, 20))])
    # 130k: 12,250 + the 5,000 bonus = 17,250 against 7,500 now; the bonus counts once
    assert both.adds == D("9750.00") and both.left_out == 0
    (quarter,) = both.quarters
    assert (quarter.quarter.label, quarter.now.total, quarter.if_won.total) == ("2026-Q4", D("7500.00"), D("17250.00"))
    # a deal in a quarter without a quota is left out, and said so
    later = c.pay_if_won([Deal(0, D("1000"), date(2027, 3, 1))])
    assert (later.adds, later.left_out) == (D("0.00"), 1)


def test_the_cap_once_per_quarter_for_deals_together(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    q.set_quota(P("2027-Q1"), "100k")
    cp.set_plan(rate="10%", tiers=TIERS, bonuses="110:5000", cap="15000")
    deal(100_000, status="won", closed_on=date(2026, 10, 15))
    deals = [Deal(1, D("15000"), date(2026, 12, 1)), Deal(2, D("15000"), date(2026, 12, 2)),
             Deal(3, D("10000"), date(2027, 1, 5))]
    result = c.pay_if_won(deals)
    # Q4: 7,500 now, capped at 15,000 with both won: adds 7,500; 2027-Q1: 10k at 5%
    assert [x.adds for x in result.quarters] == [D("7500.00"), D("500.00")]
    assert result.adds == D("8000.00")
    assert sum(c.what_deals_pay(deals).values()) == D("7250.00") * 2 + D("500.00")  # not the answer


def test_period_commission_splits_the_cap(book_path):
    q.set_quota(P("2026-Q3"), "100k")
    cp.set_plan(rate="10%", tiers=TIERS, bonuses="110:5000", cap="15000")
    deal(130_000, status="won", closed_on=date(2026, 8, 1))
    q3 = c.period_commission(P("2026-Q3"))
    assert (q3.commission, q3.bonus, q3.capped_by, q3.total, q3.capped) == (
        D("12250.00"), D("5000.00"), D("2250.00"), D("15000.00"), True
    )
    year = c.year_pay(2026)
    assert (year.commission, year.bonus, year.capped_by, year.total_pay) == (
        D("12250.00"), D("5000.00"), D("2250.00"), D("15000.00")
    )


# --- properties ---------------------------------------------------------------------------
money = st.integers(min_value=0, max_value=500_000_00).map(lambda n: D(n) / 100)


@settings(max_examples=200, deadline=None)
@given(
    booked=money, more=money,
    quota=st.integers(min_value=1_000_00, max_value=1_000_000_00).map(lambda n: D(n) / 100),
    retroactive=st.booleans(),
    cap=st.one_of(st.none(), st.integers(min_value=1, max_value=100_000).map(D)),
    bonuses=st.sampled_from(["", "110:5000", "100:1000, 125:10k"]),
)
def test_pay_properties(booked, more, quota, retroactive, cap, bonuses):
    p = plan(retroactive=False, cap=cap, bonuses=bonuses)
    low, high = c.commission_for(booked, quota, p), c.commission_for(booked + more, quota, p)
    # marginal pay never falls as bookings rise (retroactive can't either: multipliers rise)
    assert high.total >= low.total
    assert low.earned - low.capped_by == low.total
    assert low.capped_by >= 0 and low.commission_paid + low.bonus_paid == low.total
    if cap is not None:
        assert low.total <= cap and high.total <= cap
    retro = plan(retroactive=retroactive, cap=cap, bonuses=bonuses, tiers="0:0.5,50:1,100:1.5,125:2")
    r_low, r_high = c.commission_for(booked, quota, retro), c.commission_for(booked + more, quota, retro)
    assert r_high.total >= r_low.total


@pytest.fixture
def capped_book(book_path):
    for label in ("2026-Q4", "2027-Q1"):
        q.set_quota(P(label), "100k")
    cp.set_plan(rate="10%", tiers=TIERS, bonuses="110:5000, 125:2000", cap="15000")
    deal(60_000, status="won", closed_on=date(2026, 10, 15))
    return book_path


deal_lists = st.lists(
    st.tuples(st.integers(min_value=1, max_value=80_000_00), st.integers(min_value=-200, max_value=200)),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deals=deal_lists, extra=st.integers(min_value=1, max_value=80_000_00))
def test_pay_if_won_properties(capped_book, deals, extra):
    # the book is only read: each example's deals are plain values, never written
    today = date(2026, 11, 27)
    rows = [Deal(i, D(cents_) / 100, today + timedelta(days=days)) for i, (cents_, days) in enumerate(deals)]
    result = c.pay_if_won(rows, today)
    assert result.adds >= 0
    for quarter in result.quarters:
        assert quarter.if_won.total <= D("15000")  # the cap, once per quarter
        assert quarter.if_won.earned - quarter.if_won.capped_by == quarter.if_won.total
    # one more deal never lowers what winning them all pays
    more = c.pay_if_won([*rows, Deal(99, D(extra) / 100, today)], today)
    assert more.adds >= result.adds
    # a set of one is what that deal pays on its own
    for row in rows[:2]:
        assert c.pay_if_won([row], today).adds == c.what_deals_pay([row], today).get(row.id, D("0.00"))
