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
        ("12/01", date(2026, 12, 1)),  # month/day: its nearest occurrence
        ("11/27", FRIDAY),
        ("01/15", date(2027, 1, 15)),  # 49 days ahead is nearer than 316 days back
        ("11/26", date(2026, 11, 26)),  # yesterday, not a year ahead (the preview says so)
        ("11/20", date(2026, 11, 20)),
        ("05/28", date(2027, 5, 28)),  # 182 days ahead, 183 back
        ("12/01/2027", date(2027, 12, 1)),
        ("12/01/27", date(2027, 12, 1)),
    ],
)
def test_dates_for_the_future(text, expected):
    assert parse_date(text, tense="future", today=FRIDAY) == expected


WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", WEDNESDAY),
        ("yesterday", date(2026, 12, 1)),
        ("11/20", date(2026, 11, 20)),  # 12 days ago, not 20 Nov 2027
        ("12/01", date(2026, 12, 1)),
        ("mon", date(2026, 11, 30)),  # the last Monday
        ("wed", WEDNESDAY),  # today is the most recent Wednesday
        ("fri", date(2026, 11, 27)),
        ("last fri", date(2026, 11, 27)),
        ("-2d", date(2026, 11, 30)),
        ("2d", date(2026, 11, 30)),  # a bare count goes back in a field about the past
        ("2 days ago", date(2026, 11, 30)),
        ("1w ago", date(2026, 11, 25)),
        ("-1w", date(2026, 11, 25)),
        ("2026-06-30", date(2026, 6, 30)),
    ],
)
def test_dates_for_the_past(text, expected):
    assert parse_date(text, tense="past", today=WEDNESDAY) == expected


def test_the_issue_examples_on_2_december():
    # 11/20 was 20 Nov 2027 and refused as "in the future"; mon was next Monday
    assert parse_date("11/20", tense="past", today=WEDNESDAY) == date(2026, 11, 20)
    assert parse_date("mon", tense="past", today=WEDNESDAY) == date(2026, 11, 30)
    # --due 12/01 was 1 Dec 2027 without a word: now yesterday, and the preview says so
    assert parse_date("12/01", tense="future", today=WEDNESDAY) == date(2026, 12, 1)


@pytest.mark.parametrize("text", ["tomorrow", "+1d", "thu 12/03", "12/05", "+2w", "2027-01-01"])
def test_a_field_about_the_past_refuses_the_future(text):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="past", field="when", today=WEDNESDAY)
    assert err.value.field == "when"
    assert "future" in err.value.reason or "not a date" in err.value.reason


def test_the_tense_is_explicit():
    with pytest.raises(TypeError):
        parse_date("today")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        parse_date("today", tense="soon")  # type: ignore[arg-type]


def test_dates_use_the_frozen_today(frozen_today):
    assert parse_date("tomorrow", tense="future") == date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is empty"),
        ("soon", "try today"),
        ("2026-02-30", "not a real date"),
        ("13/01", "not a real date"),
        ("12/32", "not a real date"),
        ("02/29", "write the year"),  # no 29 February within half a year
        ("+99999d", "try today"),
        ("+9999y", "too far"),
        ("-9999y", "too far"),
    ],
)
def test_bad_dates_name_the_field_and_the_reason(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="future", field="due_on", today=FRIDAY)
    assert err.value.field == "due_on"
    assert reason in err.value.reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # what the rep typed, quoted as typed (it once came back as 2027-31-02), and why
        ("31/02/2027", "'31/02/2027' is not a real date: there is no month 31 (dates are month/day/year)"),
        ("13/25/2026", "'13/25/2026' is not a real date: there is no month 13 (dates are month/day/year)"),
        ("13/02/2027", "'13/02/2027' is not a real date: there is no month 13 "
                       "(dates are month/day/year: for 13 Feb 2027 write 02/13/2027)"),
        ("13/02", "'13/02' is not a real date: there is no month 13 (dates are month/day: for 13 Feb write 02/13)"),
        ("2/30/2027", "'2/30/2027' is not a real date: February 2027 has 28 days"),
        ("2027-02-30", "'2027-02-30' is not a real date: February 2027 has 28 days"),
        ("2026-13-25", "'2026-13-25' is not a real date: there is no month 13"),
        ("4/31", "'4/31' is not a real date: April has at most 30 days"),
        ("02/00/2027", "'02/00/2027' is not a real date: there is no day 0"),
        ("2/29", "'2/29' is not within half a year; write the year too"),
    ],
)
def test_a_date_that_is_no_date_is_quoted_as_typed(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="future", field="close date", today=FRIDAY)
    assert (err.value.field, err.value.reason) == ("close date", reason)


def test_a_four_digit_year_is_that_year_and_two_digits_this_century():
    assert parse_date("12/01/27", tense="future", today=FRIDAY) == date(2027, 12, 1)
    assert parse_date("12/01/2027", tense="future", today=FRIDAY) == date(2027, 12, 1)
    with pytest.raises(InvalidInput, match="1900–2200"):
        parse_date("12/01/0027", tense="future", today=FRIDAY)  # was 1 Dec 2027


# --- dates: properties ------------------------------------------------------------------

# amtui takes years 1900-2200 (core/years.py); today stays far enough inside for +240m,
# last Monday and the nearest 12/31
days = st.dates(min_value=date(1901, 1, 1), max_value=date(2179, 12, 31))
tenses = st.sampled_from(["past", "future"])


def _parsed_or_refused(text: str, tense, today: date, expected: date) -> None:
    """`expected` when it lies in 1900-2200, else a one-line refusal naming the range."""
    if not 1900 <= expected.year <= 2200:
        with pytest.raises(InvalidInput, match="1900–2200"):
            parse_date(text, tense=tense, today=today)
    else:
        assert parse_date(text, tense=tense, today=today) == expected


@given(st.text(max_size=30), tenses)
@example("+9999y", "future")
@example("12/01/0000", "past")
def test_any_text_is_a_date_or_a_clear_refusal(text, tense):
    try:
        result = parse_date(text, tense=tense, today=FRIDAY)
    except InvalidInput as exc:
        assert exc.field == "date" and exc.reason
    else:
        assert isinstance(result, date)


@given(days)
def test_iso_dates_round_trip(day):
    assert parse_date(day.isoformat(), tense="future", today=FRIDAY) == day


@given(days, st.integers(min_value=0, max_value=9999))
def test_relative_days_and_weeks(today, n):
    _parsed_or_refused(f"+{n}d", "future", today, today + timedelta(days=n))
    _parsed_or_refused(f"{n} days", "future", today, today + timedelta(days=n))
    _parsed_or_refused(f"+{n}w", "future", today, today + timedelta(weeks=n))
    _parsed_or_refused(f"-{n}d", "past", today, today - timedelta(days=n))
    _parsed_or_refused(f"{n}d", "past", today, today - timedelta(days=n))


@given(days, st.integers(min_value=0, max_value=240))
def test_relative_months_land_on_the_same_day_or_the_months_end(today, n):
    result = parse_date(f"+{n}m", tense="future", today=today)
    assert (result.year * 12 + result.month) - (today.year * 12 + today.month) == n
    assert result.day == today.day or (
        result.day < today.day and (result + timedelta(days=1)).day == 1
    )


@given(days, st.sampled_from(sorted(WEEKDAYS)))
def test_a_weekday_in_the_future_is_the_next_such_day_within_a_week(today, name):
    result = parse_date(name, tense="future", today=today)
    assert 1 <= (result - today).days <= 7
    assert result != today - timedelta(days=7)
    assert result.weekday() == WEEKDAYS[name]


@given(days, st.sampled_from(sorted(WEEKDAYS)))
def test_a_weekday_in_the_past_is_the_most_recent_such_day(today, name):
    result = parse_date(name, tense="past", today=today)
    assert 0 <= (today - result).days <= 6  # never a week ago when it is that day today
    assert result.weekday() == WEEKDAYS[name]


@given(days, st.text(alphabet="0123456789/-+dwmy tomrwesanfhu", max_size=12))
def test_a_field_about_the_past_never_yields_a_future_date(today, text):
    try:
        result = parse_date(text, tense="past", today=today)
    except InvalidInput:
        return
    assert result <= today


@given(days, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)), tenses)
def test_month_day_is_its_nearest_occurrence_within_183_days(today, md, tense):
    text = f"{md.month:02d}/{md.day:02d}"
    try:
        result = parse_date(text, tense=tense, today=today)
    except InvalidInput as exc:
        # 29 February far from a leap year; or, for the past, a day still ahead
        assert (md.month, md.day) == (2, 29) or (tense == "past" and "future" in exc.reason)
        return
    assert (result.month, result.day) == (md.month, md.day)
    assert abs((result - today).days) <= 183
    for year in (result.year - 1, result.year + 1):  # no other occurrence is nearer
        try:
            other = date(year, md.month, md.day)
        except ValueError:
            continue
        assert abs((other - today).days) >= abs((result - today).days)


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
        ("1.234", "could be 1,234 or 1.23"),  # European thousands or a decimal: not guessed
        ("1.500", "could be 1,500 or 1.50"),
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
        ("0.5%", Decimal("0.5")),
        ("1%", Decimal(1)),
        ("1", Decimal(1)),
        ("100%", Decimal(100)),
        ("100", Decimal(100)),
        ("75.0", Decimal(75)),
        ("1.5", Decimal("1.5")),  # as a fraction it would be 150%: a percent
        ("0.0", Decimal(0)),  # nothing either way
    ],
)
def test_percent(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # `--probability 1.0` was 100%: a bare number is a percent, and one that reads
        # as a fraction too is refused naming both readings, as money's 1.500 is
        ("1.0", "'1.0' could be 100% or 1%: write 100% or 1%"),
        ("0.6", "'0.6' could be 60% or 0.6%: write 60% or 0.6%"),
        (".25", "'.25' could be 25% or 0.25%: write 25% or 0.25%"),
        ("0.255", "'0.255' could be 25.5% or 0.255%: write 25.5% or 0.255%"),
    ],
)
def test_a_percent_that_reads_as_a_fraction_too_is_refused(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_percent(text)
    assert (err.value.field, err.value.reason) == ("probability", reason)


def test_a_spreadsheet_cell_reads_as_a_fraction():
    assert parse_percent("0.25", fractions=True) == 25
    assert parse_percent("1.0", fractions=True) == 100
    assert parse_percent("60", fractions=True) == 60


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


# --- currency codes ---------------------------------------------------------------------


def test_currency_codes_are_iso_4217():
    from amtui.core.currencies import ISO_4217, currency_code
    from amtui.core.settings import set_settings

    assert set(SYMBOLS) <= ISO_4217  # every currency amtui has a symbol for
    assert currency_code(" usd ") == "USD" and currency_code("Jpy") == "JPY"
    for text in ("ZZZ", "USDX", "US", "RMB", "€"):
        with pytest.raises(InvalidInput, match=f"'{text}' is not an ISO 4217 currency code"):
            currency_code(text)
    with pytest.raises(InvalidInput) as err:  # core checks whoever writes (a restore too)
        set_settings(currency="ZZZ")
    assert err.value.field == "currency"
    # a code only needing tidying is refused too: stored as given, it passed the check
    with pytest.raises(InvalidInput, match="'usd' is written USD"):
        set_settings(currency="usd")
