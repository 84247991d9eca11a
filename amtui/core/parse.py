"""The forgiving parsers people type into, shared by forms, the CLI and the importers.

Each raises `InvalidInput(field, reason)` with a reason a rep can act on.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal

from amtui.core import clock, dates_fmt
from amtui.core.errors import InvalidInput
from amtui.core.periods import MONTH_NAMES, add_months
from amtui.core.years import in_range, out_of_range, within_years

WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}

_RELATIVE = re.compile(
    r"^([+-]?)\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)(\s+ago)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
# the dates amtui shows ("Sun 20 Dec", "20 Dec 2026") and their English kin ("Dec 20",
# "December 20, 2026"): an optional weekday, a day and a month by name, an optional year
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAMED = re.compile(
    rf"^(?:([a-z]+)\.?,?\s+)?(?:{_ORDINAL}\s+([a-z]+)\.?|([a-z]+)\.?\s+{_ORDINAL})(?:,?\s+(\d{{4}}))?$"
)
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# what a CLI option holding a date may start with a dash for: `--when -2d`
CLI_RELATIVE = re.compile(r"^-\d{1,4}(d|w|m|y)$")

# A date field is about the past (when it happened, won on, handed over) or the future
# (due, close date, renewal): the tense decides what `mon` and a bare `3d` mean, and a
# field about the past refuses the future.
Tense = Literal["past", "future"]
PAST: Tense = "past"
FUTURE: Tense = "future"

DATE_HELP = "try today, tomorrow, fri, +3d, +2w, +1m, 20 Dec, 2026-12-01 or 12/01"
PAST_HELP = "try today, yesterday, mon, -3d, 2w ago, 20 Nov, 2026-11-20 or 11/20"


@within_years("date")  # years 1900-2200 only (core/years.py)
def parse_date(text: str, *, tense: Tense, field: str = "date", today: date | None = None) -> date:
    """A date as a busy person types it, for a field about the `tense` ("past" or "future").

    `today`, `tomorrow`, `yesterday`; `mon`..`sun`: the next such day for the future, the
    most recent (today included) for the past; `+3d`, `-2d`, `+2w`, `+1m`, `1y`, `2w ago`
    (a bare `3d` goes the field's way); `2026-12-01`; `12/01` (month/day: its nearest
    occurrence, so 11/20 on 2 December is 12 days ago) or `12/01/2026`; and the dates
    amtui shows, `Sun 20 Dec`, `20 Dec 2026`, with `Dec 20`, `December 20, 2026` (a
    weekday must be the date's).  A field about the past refuses a day after today."""
    if tense not in (PAST, FUTURE):
        raise ValueError(f"tense must be 'past' or 'future', not {tense!r}")
    today = today or clock.today()
    day = _parse_day(text, tense, field, today)
    if tense == PAST and day > today:
        shown = dates_fmt.day(day, today)  # as every screen shows a date
        raise InvalidInput(field, f"'{' '.join(text.split())}' is in the future ({shown}); {PAST_HELP}")
    return day


def _parse_day(text: str, tense: Tense, field: str, today: date) -> date:
    help_text = PAST_HELP if tense == PAST else DATE_HELP
    value = " ".join(text.strip().lower().split())
    if not value:
        raise InvalidInput(field, f"is empty; {help_text}")
    if value in ("today", "tod", "now"):
        return today
    if value in ("tomorrow", "tmr", "tom", "tmrw"):
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    for prefix in ("next ", "last "):
        if value.startswith(prefix):
            value, tense = value[len(prefix):], FUTURE if prefix == "next " else PAST
    if value in WEEKDAYS:
        if tense == PAST:
            return today - timedelta(days=(today.weekday() - WEEKDAYS[value]) % 7)
        return today + timedelta(days=(WEEKDAYS[value] - today.weekday()) % 7 or 7)
    if value in ("week", "month"):
        value = "1" + value[0]  # unsigned: a week ahead, or for the past a week ago
    m = _RELATIVE.match(value)
    if m:
        backwards = m.group(1) == "-" or bool(m.group(4)) or (not m.group(1) and tense == PAST)
        n = int(m.group(2)) * (-1 if backwards else 1)
        unit = m.group(3)[0]
        try:
            if unit == "d":
                return today + timedelta(days=n)
            if unit == "w":
                return today + timedelta(weeks=n)
            if unit == "m":
                return add_months(today, n)
            return add_months(today, 12 * n)
        except (OverflowError, ValueError):  # past year 9999 or before year 1
            raise InvalidInput(field, f"'{text.strip()}' is too far away") from None
    raw = text.strip()
    m = _ISO.match(value)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), field, raw)
    m = _MONTH_DAY.match(value)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)  # 27: 2027; 0027: 27
            return _make_date(year, month, day, field, raw, slashed=m.groups())
        return nearest_month_day(month, day, today, field=field, raw=raw, tense=tense)
    m = _NAMED.match(value)
    if m and (m.group(3) or m.group(4)) in MONTH_NAMES and (m.group(1) or "mon") in WEEKDAYS:
        month = MONTH_NAMES[m.group(3) or m.group(4)]
        day = int(m.group(2) or m.group(5))
        weekday = WEEKDAYS[m.group(1)] if m.group(1) else None
        year = int(m.group(6)) if m.group(6) else None
        return _named_date(year, month, day, weekday, field=field, raw=raw, today=today, tense=tense)
    raise InvalidInput(field, f"'{text.strip()}' is not a date; {help_text}")


def nearest_month_day(month: int, day: int, today: date, *, field: str = "date",
                      raw: str | None = None, tense: Tense | None = None) -> date:
    """The occurrence of month/day nearest to today (last year's, this year's or next
    year's): 11/20 on 2 December is 12 days ago, 01/15 is in 44 days.  Always within 183
    days, except 02/29 far from a leap year, which is refused.  For a field about the
    past, the latest occurrence on or before today instead: on 5 December 12/20 there is
    last year's 20 Dec, never this year's, which that field could only refuse as ahead.
    `raw`: the text as the rep typed it, which a refusal quotes."""
    raw = raw if raw is not None else f"{month:02d}/{day:02d}"
    # February's length hangs on the year: the one whose February is nearest says it
    # ("February 2027 has 28 days", not "at most 29" when 2027 is meant)
    year = None
    if month == 2:  # for the past, the February it would fall in: the latest one
        year = _latest_year(month, day, today) if tense == PAST else _nearest_year(month, today)
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year or 2000, month)[1]):  # 2000: a leap year
        slashed = raw.split("/") if raw.count("/") == 1 else None
        raise InvalidInput(field, _not_real(raw, year, month, day, slashed))
    if tense == PAST:  # a real day in its latest year (29 February: checked just above)
        return date(_latest_year(month, day, today), month, day)
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29 February outside a leap year; or beyond year 1..9999
            continue
    near = [c for c in candidates if abs((c - today).days) <= 183]
    if not near:
        raise InvalidInput(field, f"'{raw}' is not within half a year; write the year too")
    # a tie (exactly half a year either way) goes to the coming one
    return min(near, key=lambda c: (abs((c - today).days), c < today))


def _named_date(year: int | None, month: int, day: int, weekday: int | None, *, field: str,
                raw: str, today: date, tense: Tense | None = None) -> date:
    """`20 Dec 2026`, `Sun 20 Dec`, `20 Dec`.  Without a year, the nearest occurrence, as
    for 12/20; but screens show this year's dates as "Thu 31 Dec" however far off, so
    with a weekday that is this year's date's, it is this year's.  A weekday that is not
    the date's is refused naming both rather than either trusted (nor a year found where
    it fits: "Mon 20 Dec" is a slip, not 20 Dec 2027)."""
    if year is not None:
        found = _make_date(year, month, day, field, raw)
    else:
        if weekday is not None and _real(today.year, month, day):
            if date(today.year, month, day).weekday() == weekday:
                return date(today.year, month, day)
        found = nearest_month_day(month, day, today, field=field, raw=raw, tense=tense)
    if weekday is not None and found.weekday() != weekday:
        raise InvalidInput(field, f"'{raw}': {found.day} {_MONTH_NAMES[month - 1][:3]} {found.year} "
                                  f"is a {_DAY_NAMES[found.weekday()]}")
    return found


def _nearest_year(month: int, today: date) -> int:
    """The year (last, this or next) whose `month` is nearest to today."""
    return min((today.year - 1, today.year, today.year + 1),
               key=lambda y: abs((date(y, month, 15) - today).days))


def _latest_year(month: int, day: int, today: date) -> int:
    """The year (this or last) of the latest month/day on or before today."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def optional_date(value, *, tense: Tense, field: str = "date") -> date | None:
    """A date given as a date, as text the rep typed, or empty (None); for core's writers."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        raise InvalidInput(field, "must be a date, not a timestamp")
    if isinstance(value, date):
        return value
    return parse_date(str(value), tense=tense, field=field)


def _make_date(year: int, month: int, day: int, field: str, raw: str,
               slashed: tuple[str, ...] | None = None) -> date:
    """The date, or a refusal quoting `raw` as typed (never the parts rearranged: a rep
    who typed 31/02/2027 must not read 2027-31-02 back) and saying which part is wrong.
    `slashed`: the typed parts of a month/day/year date, for the hint."""
    if not in_range(year):  # 02/13/0000: not "not a real date" but a year amtui refuses
        raise InvalidInput(field, out_of_range(raw))
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(field, _not_real(raw, year, month, day, slashed)) from None


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def _not_real(raw: str, year: int | None, month: int, day: int, slashed) -> str:
    """Why `raw` is no date: "'31/02/2027' is not a real date: there is no month 31
    (dates are month/day/year)"; when the two numbers the other way round make a date,
    the hint says how to write it ("for 13 Feb 2027 write 02/13/2027") rather than guess
    which the rep meant."""
    why = f"'{raw}' is not a real date: "
    if not 1 <= month <= 12:
        if not slashed:
            return why + f"there is no month {month}"
        order = "month/day/year" if len(slashed) > 2 and slashed[2] else "month/day"
        hint = f" (dates are {order})"
        if 1 <= day <= 12 and _real(year, day, month):
            swapped = "/".join([slashed[1], slashed[0], *[p for p in slashed[2:] if p]])
            when = f"{month} {_MONTH_NAMES[day - 1][:3]}" + (f" {year}" if year is not None else "")
            hint = f" (dates are {order}: for {when} write {swapped})"
        return why + f"there is no month {month}" + hint
    if day < 1:
        return why + "there is no day 0"
    if year is None:  # no year given, and the month's length is the same every year
        return why + f"{_MONTH_NAMES[month - 1]} has {calendar.monthrange(2000, month)[1]} days"
    return why + f"{_MONTH_NAMES[month - 1]} {year} has {calendar.monthrange(year, month)[1]} days"


def _real(year: int | None, month: int, day: int) -> bool:
    try:
        date(year if year is not None else 2000, month, day)  # 2000: a leap year
    except ValueError:
        return False
    return True


_SUFFIX = {"k": Decimal(1_000), "m": Decimal(1_000_000), "mm": Decimal(1_000_000), "b": Decimal(10**9)}
_CURRENCY = re.compile(r"^(?:usd|eur|gbp|cad|aud|chf|[$€£¥])|(?:usd|eur|gbp|cad|aud|chf|[$€£¥])$")
MONEY_HELP = "try 12500, 12,500.50, 12.5k, 1.2m or $12,500"
_PLAIN_AMOUNT = r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+"


def european_amount(value: str) -> str:
    """`1.234,56`, `1.234.567` and `1234,5` (European separators, as spreadsheets from
    Europe write them) -> `1234.56`, `1234567`, `1234.5`; anything else unchanged.

    Only forms no English amount can take are rewritten: `1,234` stays one thousand two
    hundred and thirty-four, and `1.500` is refused by `parse_money` as either."""
    m = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+),(\d{1,2})", value)
    if m:
        return m.group(1).replace(".", "") + "." + m.group(2)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", value):
        return value.replace(".", "")
    m = re.fullmatch(r"(\d+),(\d{1,2})", value)
    if m:
        return f"{m.group(1)}.{m.group(2)}"
    return value


def parse_money(text: str, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """`12500`, `12,500.50`, `12.5k`, `1.2m`, `$12,500`, `USD 900` -> Decimal with cents."""
    raw = text.strip()
    value = raw.lower().replace(" ", "").replace("\u00a0", "")
    if not value:
        raise InvalidInput(field, f"is empty; {MONEY_HELP}")
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    if value.startswith("-"):
        negative, value = True, value[1:]
    for _ in range(2):  # "$-5" and "-$5" both
        value = _CURRENCY.sub("", value)
        if value.startswith("-"):
            negative, value = True, value[1:]
    multiplier = Decimal(1)
    for suffix in ("mm", "k", "m", "b"):
        if value.endswith(suffix):
            multiplier, value = _SUFFIX[suffix], value[: -len(suffix)]
            break
    if multiplier == 1 and re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", value):
        # 1.500 is 1,500 in Europe and 1.50 in English: neither reading is safe to guess
        whole, part = value.split(".")
        raise InvalidInput(field, f"'{raw}' could be {int(whole + part):,} or {whole}.{part[:2]}: "
                                  f"write {whole}{part} or {whole}.{part[:2]}")
    if not re.fullmatch(_PLAIN_AMOUNT, value):
        value = european_amount(value)
    if not re.fullmatch(_PLAIN_AMOUNT, value):
        raise InvalidInput(field, f"'{raw}' is not an amount; {MONEY_HELP}")
    try:
        amount = Decimal(value.replace(",", "")) * multiplier
    except InvalidOperation:
        raise InvalidInput(field, f"'{raw}' is not an amount; {MONEY_HELP}") from None
    if amount >= Decimal(10**13):  # before quantize, which fails past 28 digits
        raise InvalidInput(field, f"'{raw}' is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(field, f"'{raw}' has fractions of a cent")
    if negative and amount:
        if not allow_negative:
            raise InvalidInput(field, "must not be negative")
        amount = -amount
    if amount >= Decimal(10**13):
        raise InvalidInput(field, f"'{raw}' is too large")
    return amount.quantize(Decimal("0.01"))


def parse_percent(text: str, *, field: str = "probability", maximum: int | None = 100,
                  fractions: bool = False) -> Decimal:
    """`25%` or `25` -> Decimal('25'): a bare number is a percent, as the rep reads the
    field ("probability 60").  A bare number with a point at or below 1 (`0.6`, `1.0`)
    could be a fraction (60%, 100%) or a percent (0.6%, 1%); neither reading is safe to
    guess (`1.0` read as 100% turned a long shot into a certainty), so it is refused
    naming both, as `parse_money` refuses `1.500`.  `fractions=True` reads it as a
    fraction: a spreadsheet cell holds a percent that way (the importers)."""
    raw = text.strip()
    value = raw.replace(" ", "")
    has_sign = value.endswith("%")
    value = value.rstrip("%")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(field, f"'{raw}' is not a percentage; try 25% or 25") from None
    if not number.is_finite():
        raise InvalidInput(field, f"'{raw}' is not a percentage")
    if not has_sign and "." in value and 0 < number <= 1:
        if not fractions:
            as_fraction, as_percent = _plain(number * 100), _plain(number)
            raise InvalidInput(field, f"'{raw}' could be {as_fraction}% or {as_percent}%: "
                                      f"write {as_fraction}% or {as_percent}%")
        number *= 100
    if number < 0:
        raise InvalidInput(field, "must not be negative")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}%")
    return number.normalize() if number == number.to_integral() else number


def _plain(number: Decimal) -> str:
    """60.0 -> '60', 0.50 -> '0.5': a number as a person writes it, never '6E+1'."""
    return f"{number.normalize():f}"


def parse_int(text: str, *, field: str, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = text.strip()
    try:
        number = int(raw.replace(",", ""))
    except ValueError:
        raise InvalidInput(field, f"'{raw}' is not a whole number") from None
    if minimum is not None and number < minimum:
        raise InvalidInput(field, f"must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}")
    return number


def parse_choice(text: str, choices: tuple[str, ...] | list[str], *, field: str) -> str:
    """A choice by exact name, case-insensitively, or by an unambiguous prefix."""
    value = " ".join(text.strip().lower().replace("_", " ").split())
    lowered = {c.lower(): c for c in choices}
    if value in lowered:
        return lowered[value]
    hits = [c for c in choices if c.lower().startswith(value)] if value else []
    if len(hits) == 1:
        return hits[0]
    raise InvalidInput(field, f"'{text.strip()}' is not one of: {', '.join(choices)}")
