"""The forgiving parsers: worked examples, and properties checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from amtui.core.errors import InvalidInput
from amtui.core.money import SYMBOLS, fmt_money, fmt_short
from amtui.core.parse import (
    WEEKDAYS,
    add_months,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    parse_percent,
)

FRIDAY = date(2026, 11, 27)

# --- dates: examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", FRIDAY),
        (" Today ", FRIDAY),
        ("tomorrow", date(2026, 11, 28)),
        ("tmrw", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
        ("mon", date(2026, 11, 30)),
        ("Monday", date(2026, 11, 30)),
        ("next tue", date(2026, 12, 1)),
        ("fri", date(2026, 12, 4)),  # today is Friday: the next one, a week on
        ("sun", date(2026, 11, 29)),
        ("+3d", date(2026, 11, 30)),
        ("3 days", date(2026, 11, 30)),
        ("+2w", date(2026, 12, 11)),
        ("+1m", date(2026, 12, 27)),
        ("month", date(2026, 12, 27)),
        ("+1y", date(2027, 11, 27)),
        ("-2d", date(2026, 11, 25)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026-2-3", date(2026, 2, 3)),
        ("12/01", date(2026, 12, 1)),  # month/day, this year
        ("11/27", FRIDAY),  # today counts as this year
        ("01/15", date(2027, 1, 15)),  # already past: next year
        ("11/26", date(2027, 11, 26)),
        ("12/01/2027", date(2027, 12, 1)),
        ("12/01/27", date(2027, 12, 1)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text, today=FRIDAY) == expected


def test_dates_use_the_frozen_today(frozen_today):
    assert parse_date("tomorrow") == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("soon", "try today"),
        ("2026-02-30", "not a real date"),
        ("13/01", "not a real date"),
        ("12/32", "not a real date"),
        ("02/29", "2027-02-29 is not a real date"),  # neither this year nor next has one
        ("+99999d", "try today"),
        ("+9999y", "too far"),
        ("-9999y", "too far"),
    ],
)
def test_bad_dates_name_the_field_and_the_reason(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, field="due_on", today=FRIDAY)
    assert err.value.field == "due_on"
    assert reason in err.value.reason


def test_month_arithmetic_keeps_to_the_months_last_day():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)


# --- dates: properties ------------------------------------------------------------------

# amtui takes years 1900-2200 (core/years.py); today stays far enough inside for +240m
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2179, 12, 31))


def _parsed_or_refused(text: str, today: date, expected: date) -> None:
    """`expected` when it lies in 1900-2200, else a one-line refusal naming the range."""
    if expected.year > 2200:
        with pytest.raises(InvalidInput, match="1900–2200"):
            parse_date(text, today=today)
    else:
        assert parse_date(text, today=today) == expected


@given(st.text(max_size=30))
@example("+9999y")
@example("12/01/0000")
def test_any_text_is_a_date_or_a_clear_refusal(text):
    try:
        result = parse_date(text, today=FRIDAY)
    except InvalidInput as exc:
        assert exc.field == "date" and exc.reason
    else:
        assert isinstance(result, date)


@given(days)
def test_iso_dates_round_trip(day):
    assert parse_date(day.isoformat(), today=FRIDAY) == day


@given(days, st.integers(min_value=0, max_value=9999))
def test_relative_days_and_weeks(today, n):
    _parsed_or_refused(f"+{n}d", today, today + timedelta(days=n))
    _parsed_or_refused(f"{n} days", today, today + timedelta(days=n))
    _parsed_or_refused(f"+{n}w", today, today + timedelta(weeks=n))


@given(days, st.integers(min_value=0, max_value=240))
def test_relative_months_land_on_the_same_day_or_the_months_end(today, n):
    result = parse_date(f"+{n}m", today=today)
    assert (result.year * 12 + result.month) - (today.year * 12 + today.month) == n
    assert result.day == today.day or (
        result.day < today.day and (result + timedelta(days=1)).day == 1
    )


@given(days, st.sampled_from(sorted(WEEKDAYS)))
def test_a_weekday_is_the_next_such_day_within_a_week(today, name):
    result = parse_date(name, today=today)
    assert 1 <= (result - today).days <= 7
    assert result.weekday() == WEEKDAYS[name]


@given(days, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_month_day_is_this_year_or_next_never_in_the_past(today, md):
    text = f"{md.month:02d}/{md.day:02d}"
    try:
        result = parse_date(text, today=today)
    except InvalidInput:
        # only 29 February can fail, when neither this year nor next has one
        assert (md.month, md.day) == (2, 29)
        return
    assert (result.month, result.day) == (md.month, md.day)
    assert today <= result
    assert result.year in (today.year, today.year + 1) or (md.month, md.day) == (2, 29)


# --- money: examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12500", "12500.00"),
        ("12,500.50", "12500.50"),
        ("12.5k", "12500.00"),
        ("12.5K", "12500.00"),
        ("1.2m", "1200000.00"),
        ("1.2mm", "1200000.00"),
        ("$12,500", "12500.00"),
        ("USD 900", "900.00"),
        ("900 eur", "900.00"),
        ("€1.5k", "1500.00"),
        (".5", "0.50"),
        ("0", "0.00"),
        ("1,234", "1234.00"),  # thousands, not a European decimal
        ("1.234,56", "1234.56"),  # European separators
        ("12,5", "12.50"),
    ],
)
def test_money(text, expected):
    assert parse_money(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-500", "must not be negative"),
        ("-$5", "must not be negative"),
        ("$-5", "must not be negative"),
        ("(500)", "must not be negative"),
        ("", "is empty"),
        ("abc", "is not an amount"),
        ("12.5.5", "is not an amount"),
        ("1e5", "is not an amount"),
        ("0.001", "fractions of a cent"),
        ("1.234", "fractions of a cent"),
        ("10000000000000", "too large"),
        ("123456789012345678901234567890", "too large"),
        ("99999999999999999999999999999999999.5", "too large"),
    ],
)
def test_bad_money_names_the_field_and_the_reason(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_money(text, field="amount")
    assert err.value.field == "amount"
    assert reason in err.value.reason


def test_negative_money_where_it_makes_sense():
    assert parse_money("-$5", allow_negative=True) == Decimal("-5.00")
    assert parse_money("(1.5k)", allow_negative=True) == Decimal("-1500.00")
    assert parse_money("-0", allow_negative=False) == Decimal("0.00")


# --- money: properties --------------------------------------------------------------------

amounts = st.decimals(
    min_value=0,
    max_value=Decimal("9999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(st.text(max_size=40))
@example("9" * 40)
@example("1" * 29 + ".5")
def test_any_text_is_money_or_a_clear_refusal(text):
    try:
        result = parse_money(text)
    except InvalidInput as exc:
        assert exc.field == "amount" and exc.reason
    else:
        assert result >= 0 and result == result.quantize(Decimal("0.01"))


@given(amounts, st.sampled_from(sorted(SYMBOLS)))
def test_formatted_money_reads_back_exactly(amount, currency):
    assert parse_money(fmt_money(amount, currency)) == amount
    assert parse_money(f"{amount:,.2f}") == amount
    assert parse_money(f"{amount:.2f}") == amount


@given(amounts.filter(lambda a: a > 0))
def test_negatives_are_refused_unless_allowed(amount):
    text = fmt_money(-amount)
    with pytest.raises(InvalidInput):
        parse_money(text)
    assert parse_money(text, allow_negative=True) == -amount


@given(st.decimals(min_value=0, max_value=Decimal("999999999"), places=2))
def test_short_amounts_read_back_within_their_rounding(amount):
    short = fmt_short(amount)
    unit = (
        Decimal("1000000")
        if short.endswith("m")
        else Decimal("1000")
        if short.endswith("k")
        else Decimal(1)
    )
    assert abs(parse_money(short) - amount) <= unit / 20 + Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**6))
def test_k_suffix_is_thousands(n):
    assert parse_money(f"{n}k") == Decimal(n * 1000)


# --- percent, whole numbers, choices ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25%", Decimal(25)),
        ("25", Decimal(25)),
        ("0.25", Decimal(25)),
        ("0.5%", Decimal("0.5")),
        ("100", Decimal(100)),
    ],
)
def test_percent(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["101", "-5", "abc", "nan", "inf"])
def test_bad_percent(text):
    with pytest.raises(InvalidInput):
        parse_percent(text)


@given(st.integers(min_value=0, max_value=100))
def test_whole_percent_round_trip(n):
    assert parse_percent(f"{n}%") == n == parse_percent(str(n))


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_int_round_trip(n):
    assert parse_int(f"{n:,}", field="days") == n == parse_int(str(n), field="days")


def test_int_bounds():
    with pytest.raises(InvalidInput) as err:
        parse_int("0", field="cadence_days", minimum=1)
    assert err.value.field == "cadence_days" and "at least 1" in err.value.reason
    with pytest.raises(InvalidInput):
        parse_int("twelve", field="days")


def test_choice_by_name_or_unambiguous_prefix():
    kinds = ("call", "email", "meeting", "note", "visit")
    assert parse_choice("Meeting", kinds, field="kind") == "meeting"
    assert parse_choice("e", kinds, field="kind") == "email"
    with pytest.raises(InvalidInput) as err:
        parse_choice("fax", kinds, field="kind")
    assert "call, email, meeting, note, visit" in err.value.reason
    with pytest.raises(InvalidInput):
        parse_choice("", kinds, field="kind")
    statuses = ("open", "in progress", "waiting on client", "resolved")
    assert parse_choice("in_progress", statuses, field="status") == "in progress"
