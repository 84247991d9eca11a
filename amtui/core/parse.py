"""The forgiving parsers people type into, shared by forms, the CLI and the importers.

Each raises `InvalidInput(field, reason)` with a reason a rep can act on.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from amtui.core import clock
from amtui.core.errors import InvalidInput
from amtui.core.years import within_years

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

_RELATIVE = re.compile(r"^([+-]?)\s*(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")

DATE_HELP = "try today, tomorrow, fri, +3d, +2w, +1m, 2026-12-01 or 12/01"


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@within_years("date")  # years 1900-2200 only (core/years.py)
def parse_date(text: str, *, field: str = "date", today: date | None = None) -> date:
    """`today`, `tomorrow`, `yesterday`, `mon`..`sun` (the next such day), `+3d`, `+2w`,
    `+1m`, `-2d`, `2026-12-01`, `12/01` (month/day, this year or next) or `12/01/2026`."""
    today = today or clock.today()
    value = " ".join(text.strip().lower().split())
    if not value:
        raise InvalidInput(field, f"is empty; {DATE_HELP}")
    if value in ("today", "tod", "now"):
        return today
    if value in ("tomorrow", "tmr", "tom", "tmrw"):
        return today + timedelta(days=1)
    if value == "yesterday":
        return today - timedelta(days=1)
    if value.startswith("next "):
        value = value[5:]
    if value in WEEKDAYS:
        ahead = (WEEKDAYS[value] - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if value in ("week", "month"):
        value = "+1" + value[0]
    m = _RELATIVE.match(value)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        n = int(m.group(2)) * sign
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
    m = _ISO.match(value)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), field)
    m = _MONTH_DAY.match(value)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year = int(m.group(3))
            year = year + 2000 if year < 100 else year
            return _make_date(year, month, day, field)
        candidate = _make_date(today.year, month, day, field, leap_ok=True)
        if candidate is None or candidate < today:
            candidate = _make_date(today.year + 1, month, day, field)
        return candidate
    raise InvalidInput(field, f"'{text.strip()}' is not a date; {DATE_HELP}")


def optional_date(value, *, field: str = "date") -> date | None:
    """A date given as a date, as text the rep typed, or empty (None); for core's writers."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        raise InvalidInput(field, "must be a date, not a timestamp")
    if isinstance(value, date):
        return value
    return parse_date(str(value), field=field)


def _make_date(year: int, month: int, day: int, field: str, leap_ok: bool = False):
    try:
        return date(year, month, day)
    except ValueError:
        if leap_ok and month == 2 and day == 29:
            return None  # 02/29 in a non-leap year: try next year
        raise InvalidInput(field, f"{year:04d}-{month:02d}-{day:02d} is not a real date") from None


_SUFFIX = {"k": Decimal(1_000), "m": Decimal(1_000_000), "mm": Decimal(1_000_000), "b": Decimal(10**9)}
_CURRENCY = re.compile(r"^(?:usd|eur|gbp|cad|aud|chf|[$€£¥])|(?:usd|eur|gbp|cad|aud|chf|[$€£¥])$")
MONEY_HELP = "try 12500, 12,500.50, 12.5k, 1.2m or $12,500"
_PLAIN_AMOUNT = r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+"


def european_amount(value: str) -> str:
    """`1.234,56`, `1.234.567` and `1234,5` (European separators, as spreadsheets from
    Europe write them) -> `1234.56`, `1234567`, `1234.5`; anything else unchanged.

    Only forms no English amount can take are rewritten: `1,234` stays one thousand two
    hundred and thirty-four and `1.234` stays a (refused) fraction of a cent."""
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


def parse_percent(text: str, *, field: str = "probability", maximum: int | None = 100) -> Decimal:
    """`25%`, `25` or `0.25` -> Decimal('25'). A bare number with a point at or below 1
    is read as a fraction (0.25 = 25%); write `0.5%` for half a percent."""
    raw = text.strip()
    value = raw.replace(" ", "")
    has_sign = value.endswith("%")
    value = value.rstrip("%")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidInput(field, f"'{raw}' is not a percentage; try 25%, 25 or 0.25") from None
    if not number.is_finite():
        raise InvalidInput(field, f"'{raw}' is not a percentage")
    if not has_sign and "." in value and number <= 1:
        number *= 100
    if number < 0:
        raise InvalidInput(field, "must not be negative")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}%")
    return number.normalize() if number == number.to_integral() else number


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
