"""Fiscal periods: years named by the calendar year they end in, quarters, months, the
one parser and business days."""

from datetime import date

import pytest

from amtui.core.errors import InvalidInput
from amtui.core.periods import (
    add_months,
    business_days,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_of,
    month_of,
    months_of,
    next_business_day,
    parse_period,
    quarter_of,
    quarters_of,
    shift,
    year_of,
)

TODAY = date(2026, 11, 27)  # a Friday


def test_calendar_fiscal_year():
    fy = fiscal_year(2026)
    assert (fy.label, fy.start, fy.end, fy.days) == ("FY2026", date(2026, 1, 1), date(2026, 12, 31), 365)
    q4 = quarter_of(TODAY)
    assert (q4.label, q4.start, q4.end, q4.days, q4.short) == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), 92, "Q4")


def test_year_starting_in_february_is_named_by_the_year_it_ends():
    # Feb 2026 - Jan 2027 is FY2027
    assert fiscal_year_of(date(2026, 2, 1), 2) == 2027
    assert fiscal_year_of(date(2026, 1, 31), 2) == 2026
    fy = fiscal_year(2027, 2)
    assert (fy.start, fy.end) == (date(2026, 2, 1), date(2027, 1, 31))
    q = quarter_of(TODAY, 2)  # Nov 2026 - Jan 2027 is the last quarter of FY2027
    assert (q.label, q.start, q.end) == ("2027-Q4", date(2026, 11, 1), date(2027, 1, 31))
    assert quarter_of(date(2027, 1, 31), 2).label == "2027-Q4"
    assert quarter_of(date(2027, 2, 1), 2).label == "2028-Q1"


def test_year_starting_in_april():
    fy = year_of(TODAY, 4)
    assert (fy.label, fy.start, fy.end) == ("FY2027", date(2026, 4, 1), date(2027, 3, 31))
    assert [q.label for q in quarters_of(fy)] == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert [(q.start, q.end) for q in quarters_of(fy)][2] == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(TODAY, 4).label == "2027-Q3"


def test_year_starting_in_october():
    q1 = fiscal_quarter(2027, 1, 10)
    assert (q1.start, q1.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter_of(TODAY, 10) == q1
    assert quarter_of(date(2026, 9, 30), 10).label == "2026-Q4"
    assert q1.fy == 2027 and q1.quarter == 1 and q1.fiscal_year.label == "FY2027"


def test_months_of_a_quarter_and_a_year():
    q = fiscal_quarter(2027, 4, 2)
    assert [m.label for m in months_of(q)] == ["2026-11", "2026-12", "2027-01"]
    assert len(months_of(fiscal_year(2026))) == 12
    m = month_of(TODAY)
    assert (m.label, m.days, m.short, m.quarter, m.fy) == ("2026-11", 30, "Nov", None, 2026)
    assert month_of(TODAY, 2).fy == 2027  # November belongs to FY2027 when the year starts in February


def test_shift_across_years():
    q = fiscal_quarter(2026, 4)
    assert shift(q, 1).label == "2027-Q1"
    assert shift(q, -4).label == "2025-Q4"
    assert shift(q, -7).label == "2025-Q1"
    assert shift(fiscal_quarter(2027, 1, 10), -1).label == "2026-Q4"
    assert shift(month_of(date(2026, 12, 5)), 1).label == "2027-01"
    assert shift(fiscal_year(2027, 4), -1) == fiscal_year(2026, 4)


@pytest.mark.parametrize(
    "text, fsm, label",
    [
        ("2026-Q4", 1, "2026-Q4"),
        ("2026 q4", 1, "2026-Q4"),
        ("Q4 2026", 1, "2026-Q4"),
        ("q4", 1, "2026-Q4"),
        ("Q1", 2, "2027-Q1"),  # this fiscal year: FY2027 when it starts in February
        ("FY2026", 1, "FY2026"),
        ("fy26", 1, "FY2026"),
        ("FY 2027", 4, "FY2027"),
        ("Q4 FY26", 1, "2026-Q4"),
        ("fy2027 q1", 2, "2027-Q1"),
        ("2026", 1, "FY2026"),
        ("2026-11", 1, "2026-11"),
        ("2026-3", 1, "2026-03"),
        ("nov 2026", 1, "2026-11"),
        ("November", 1, "2026-11"),
        ("sept", 1, "2026-09"),
        ("this quarter", 1, "2026-Q4"),
        ("current quarter", 4, "2027-Q3"),
        ("last quarter", 1, "2026-Q3"),
        ("next quarter", 1, "2027-Q1"),
        ("this year", 10, "FY2027"),
        ("last year", 1, "FY2025"),
        ("next fy", 1, "FY2027"),
        ("this month", 1, "2026-11"),
        ("last month", 1, "2026-10"),
    ],
)
def test_parse_period_forms(text, fsm, label):
    assert parse_period(text, fsm, today=TODAY).label == label


@pytest.mark.parametrize("text", ["", "Q5", "2026-13", "someday", "FY", "2026-Q0"])
def test_parse_period_refuses_with_a_reason(text):
    with pytest.raises(InvalidInput) as exc:
        parse_period(text, today=TODAY)
    assert exc.value.field == "period"
    assert exc.value.reason


def test_elapsed_and_business_days_left():
    q = quarter_of(TODAY)
    assert q.elapsed_days(TODAY) == 58  # Oct 31 + Nov 27, counting today
    assert q.elapsed_days(date(2026, 9, 1)) == 0
    assert q.elapsed_days(date(2027, 2, 1)) == 92
    # Fri 27 Nov to Thu 31 Dec: today, 4 more weeks of five days, and Mon-Thu
    assert q.business_days_left(TODAY) == 1 + 20 + 4
    assert q.business_days_left(date(2027, 1, 1)) == 0
    assert q.business_days_left(date(2026, 1, 1)) == business_days(q.start, q.end) == 66
    assert q.is_past(date(2027, 1, 1)) and q.is_future(date(2026, 9, 30))
    assert q.span() == "1 Oct – 31 Dec 2026"
    assert fiscal_year(2027, 2).span() == "1 Feb 2026 – 31 Jan 2027"


def test_business_days():
    assert business_days(date(2026, 11, 23), date(2026, 11, 29)) == 5  # Mon..Sun
    assert business_days(date(2026, 11, 28), date(2026, 11, 29)) == 0  # a weekend
    assert business_days(date(2026, 11, 27), date(2026, 11, 27)) == 1
    assert business_days(date(2026, 11, 27), date(2026, 11, 26)) == 0
    assert business_days(date(2026, 1, 1), date(2026, 12, 31)) == 261
    assert next_business_day(TODAY) == date(2026, 11, 30)
    assert next_business_day(date(2026, 11, 25)) == date(2026, 11, 26)


def test_month_arithmetic_keeps_to_the_months_last_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)


@pytest.mark.parametrize("text", ["FY9999", "9999-12", "dec 9999", "9999-Q4", "Q4 FY9999", "9999"])
@pytest.mark.parametrize("fy_start_month", [1, 2])
def test_a_period_past_the_years_amtui_takes_is_quoted_as_typed(text, fy_start_month):
    # `status --period FY9999` quoted '9999-01-01', the date add_months overflowed on
    with pytest.raises(InvalidInput) as err:
        parse_period(text, fy_start_month, today=date(2026, 11, 27))
    assert (err.value.field, err.value.reason) == (
        "period", f"'{text}' is outside the years amtui accepts (1900–2200)")
