"""The forgiving parsers: worked examples, and properties checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from amtui.core import dates_fmt
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
from amtui.core.years import in_range

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


@pytest.mark.parametrize("text", ["tomorrow", "+1d", "thu 12/03", "thu 3 dec", "+2w", "2027-01-01"])
def test_a_field_about_the_past_refuses_the_future(text):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="past", field="when", today=WEDNESDAY)
    assert err.value.field == "when"
    assert "future" in err.value.reason or "not a date" in err.value.reason


def test_a_past_field_reads_a_day_without_a_year_as_its_latest_occurrence():
    # the audit: "20 Dec" in a won-on field on 5 December was refused as in the future;
    # as `mon` there is last Monday, a month and day is the last time it came round
    assert parse_date("12/05", tense="past", today=WEDNESDAY) == date(2025, 12, 5)
    assert parse_date("12/02", tense="past", today=WEDNESDAY) == date(2026, 12, 2)  # today
    assert parse_date("Dec 20", tense="past", today=WEDNESDAY) == date(2025, 12, 20)
    # February's length is the latest February's: 2026's had 28 days, 2024's 29
    with pytest.raises(InvalidInput, match="February 2026 has 28 days"):
        parse_date("2/29", tense="past", today=WEDNESDAY)
    assert parse_date("2/29", tense="past", today=date(2024, 3, 1)) == date(2024, 2, 29)


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
        ("02/29", "February 2027 has 28 days"),  # the nearest February, on 27 Nov 2026
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
        ("4/31", "'4/31' is not a real date: April has 30 days"),
        ("02/00/2027", "'02/00/2027' is not a real date: there is no day 0"),
        ("2/29", "'2/29' is not a real date: February 2027 has 28 days"),  # was "at most 29"
        ("2/30", "'2/30' is not a real date: February 2027 has 28 days"),
    ],
)
def test_a_date_that_is_no_date_is_quoted_as_typed(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="future", field="close date", today=FRIDAY)
    assert (err.value.field, err.value.reason) == ("close date", reason)


# --- dates as amtui shows them ("Sun 20 Dec", "20 Dec 2026"): examples -------------------

SUNDAY_20_DEC = date(2026, 12, 20)


@pytest.mark.parametrize(
    "text",
    ["20 Dec", "Sun 20 Dec", "20 Dec 2026", "Sun 20 Dec 2026", "Dec 20", "December 20",
     "20 december", "sun 20 DEC", "SUNDAY 20 December 2026", "Sun, 20 Dec", "December 20, 2026",
     "Dec 20 2026", "Dec 20th", "20th Dec", "20 Dec.", "  20   Dec  "],
)
def test_the_dates_amtui_shows_are_dates_it_reads(text):
    # the audit: a form's Due "20 Dec" or "Sun 20 Dec" was "'20 Dec' is not a date"
    assert parse_date(text, tense="future", today=FRIDAY) == SUNDAY_20_DEC


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("20 Nov", "past", date(2026, 11, 20)),  # nearest, as 11/20: a week ago
        ("20 Dec", "past", date(2025, 12, 20)),  # the past's latest: not this year's, still ahead
        ("Sat 20 Dec", "past", date(2025, 12, 20)),  # last year's 20 Dec was a Saturday
        ("1 Jun", "past", date(2026, 6, 1)),  # 187 days back: next year's is nearer, but ahead
        ("20 Nov", "future", date(2026, 11, 20)),  # already past: the form's hint says so
        ("15 Jan", "future", date(2027, 1, 15)),  # as 01/15: next year's is nearer
        ("Fri 15 Jan", "future", date(2027, 1, 15)),  # 15 Jan 2027 is a Friday
        ("Thu 15 Jan", "past", date(2026, 1, 15)),  # this year's date, shown "Thu 15 Jan"
        ("Fri 28 May", "future", date(2027, 5, 28)),  # 05/28: 182 days ahead, 183 back
        ("4 Feb 2027", "future", date(2027, 2, 4)),
        ("Sept 3 2026", "past", date(2026, 9, 3)),
    ],
)
def test_a_named_day_without_a_year_is_its_nearest_occurrence_as_12_01_is(text, tense, expected):
    assert parse_date(text, tense=tense, today=FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Mon 20 Dec", "'Mon 20 Dec': 20 Dec 2026 is a Sunday"),
        ("mon 20 dec 2026", "'mon 20 dec 2026': 20 Dec 2026 is a Sunday"),
        ("Sun 20 Dec 2027", "'Sun 20 Dec 2027': 20 Dec 2027 is a Monday"),
        ("Fri 20 Jun", "'Fri 20 Jun': 20 Jun 2026 is a Saturday"),  # not 20 Jun 2025, a Friday
        ("31 Feb", "'31 Feb' is not a real date: February 2027 has 28 days"),
        ("Feb 29 2027", "'Feb 29 2027' is not a real date: February 2027 has 28 days"),
        ("30 Feb 2028", "'30 Feb 2028' is not a real date: February 2028 has 29 days"),
        ("31 April", "'31 April' is not a real date: April has 30 days"),
        ("0 Dec", "'0 Dec' is not a real date: there is no day 0"),
        ("20 Dex", "'20 Dex' is not a date; try today, tomorrow, fri, +3d, +2w, +1m, 20 Dec, "
                   "2026-12-01 or 12/01"),
        ("Sin 20 Dec", "'Sin 20 Dec' is not a date"),
        ("20 Dec 0000", "'20 Dec 0000' is outside the years amtui accepts (1900–2200)"),
    ],
)
def test_a_named_date_that_is_wrong_is_refused_naming_why(text, reason):
    with pytest.raises(InvalidInput) as err:
        parse_date(text, tense="future", field="due", today=FRIDAY)
    assert err.value.field == "due"
    assert err.value.reason.startswith(reason)


def test_a_named_day_in_the_past_is_the_last_time_it_came_round_as_11_30_is():
    # nearest, these were ahead and refused; the past has only one reading of them (the
    # form's hint shows the year: "30 Nov 2025 (362 days ago)")
    assert parse_date("Jan 15", tense="past", today=FRIDAY) == date(2026, 1, 15)
    assert parse_date("11/30", tense="past", today=FRIDAY) == date(2025, 11, 30)
    assert parse_date("30 Nov", tense="past", today=FRIDAY) == date(2025, 11, 30)
    with pytest.raises(InvalidInput, match="is in the future"):  # with a weekday: this year's
        parse_date("Mon 30 Nov", tense="past", today=FRIDAY)


def test_a_field_about_the_past_quotes_what_was_typed_and_the_day_as_shown():
    # was "is in the future (2026-12-06)"
    with pytest.raises(InvalidInput) as err:
        parse_date("tomorrow", tense="past", field="when", today=date(2026, 12, 5))
    assert err.value.reason.startswith("'tomorrow' is in the future (Sun 6 Dec); try today, yesterday")
    with pytest.raises(InvalidInput) as err:
        parse_date("Sun 20 Dec", tense="past", field="when", today=FRIDAY)
    assert err.value.reason.startswith("'Sun 20 Dec' is in the future (Sun 20 Dec)")
    with pytest.raises(InvalidInput) as err:
        parse_date(" 1/5/2027 ", tense="past", field="when", today=FRIDAY)
    assert err.value.reason.startswith("'1/5/2027' is in the future (5 Jan 2027)")


def test_the_hints_offer_a_named_date():
    for tense in ("past", "future"):
        with pytest.raises(InvalidInput) as err:
            parse_date("soon", tense=tense, today=FRIDAY)
        assert (" 20 Nov, " if tense == "past" else " 20 Dec, ") in err.value.reason


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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # English, whatever the locale


@given(days, st.integers(min_value=-3 * 366, max_value=3 * 366), tenses)
@example(date(2026, 1, 1), 364, "future")  # "Thu 31 Dec": this year's, 364 days off
@example(date(2027, 1, 2), -2, "past")  # "31 Dec 2026" from just over the new year
@example(date(2028, 3, 1), -1, "past")  # "Tue 29 Feb"
@example(date(1901, 1, 1), 366, "past")  # 31 Dec 1899: outside the years amtui takes
def test_every_date_amtui_shows_reads_back_as_that_date(today, offset, tense):
    """A date copied from any screen (dates_fmt.day: "Thu 17 Dec" this year, "5 Feb 2027"
    otherwise), or written in full with its weekday, is that date again."""
    day = today + timedelta(days=offset)
    if tense == "past" and day > today:
        day = today - (day - today)
    assume(in_range(day.year))  # 1899 from a today in 1901: a year amtui refuses, as it says
    weekday, _, month = dates_fmt.day(day, today=date(day.year, 1, 1)).split()  # "Sun 20 Dec"
    full_month = _MONTHS[day.month - 1]
    for text in (dates_fmt.day(day, today), f"{weekday} {day.day} {month} {day.year}",
                 f"{full_month} {day.day}, {day.year}", f"{day.day} {full_month.upper()} {day.year}"):
        assert parse_date(text, tense=tense, today=today) == day, text


@given(days, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)), tenses)
def test_a_named_day_reads_as_its_month_day_does(today, md, tense):
    """`20 Dec` and `Dec 20` are the date `12/20` is, or refused as it is (one rule, README)."""
    def read(text):
        try:
            return parse_date(text, tense=tense, today=today)
        except InvalidInput:
            return None
    month = _MONTHS[md.month - 1]
    slashed = read(f"{md.month}/{md.day}")
    assert read(f"{md.day} {month[:3]}") == read(f"{month} {md.day}") == slashed


@given(days, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)), tenses)
def test_month_day_is_its_nearest_occurrence_within_183_days(today, md, tense):
    text = f"{md.month:02d}/{md.day:02d}"
    try:
        result = parse_date(text, tense=tense, today=today)
    except InvalidInput:
        # 29 February far from a leap year
        assert (md.month, md.day) == (2, 29)
        return
    assert (result.month, result.day) == (md.month, md.day)
    if tense == "past":
        # the latest occurrence on or before today: never one ahead, never a year too far
        assert result <= today
        assert (today - result).days < 366
        try:
            assert date(result.year + 1, md.month, md.day) > today
        except ValueError:  # 29 February: no next year's
            pass
        return
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
