"""Cell values as other systems write them -> amtui's values.

A cell is a string (CSV), or a number, bool, date or datetime (openpyxl).  Each parser
raises `InvalidInput(field, reason)`; the importer turns that into a row error naming the
line and the column.  Dates whose day and month could be either way round (`03/04/2026`)
are settled once for the whole file by `date_order`, never guessed row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from amtui.core import clock, dates_fmt
from amtui.core.errors import InvalidInput
from amtui.core.parse import parse_money, parse_percent
from amtui.core.years import within_years

# --- text ----------------------------------------------------------------------------


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_value(value) -> str:
    """A cell as text: numbers from a spreadsheet lose a trailing `.0` (phone numbers,
    zip codes), dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- dates ---------------------------------------------------------------------------


def in_the_future(cell, when: date, then: str) -> str:
    """Why a day after today is refused, in the words the CLI uses for `--date fri` next
    week: the cell quoted as the file wrote it, then the day as amtui shows it ("'12/15/2026'
    is in the future (Tue 15 Dec); ...").  A spreadsheet's own date cell is not quoted: what
    Excel shows for it is Excel's format, not text in the file."""
    if isinstance(when, datetime):
        when = clock.local(when).date()
    shown = dates_fmt.day(when)
    if isinstance(cell, str):
        return f"'{' '.join(cell.split())}' is in the future ({shown}); {then}"
    return f"is in the future ({shown}); {then}"


DATE_FORMATS = ("dmy", "mdy")
# 2026-11-27, 11/27/2026, 27.11.2026, 27-11-26, with an optional time after it
_NUMERIC = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{2}|\d{4})(?:(?:\s*[t ,]\s*|\s+)(.+))?$")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")]
    )
    for m in names
}
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4})(?:[ ,t]+(.+))?$")
_MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.? (\d{1,2}),? (\d{4})(?:[ ,t]+(.+))?$")
_TIME = re.compile(
    r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?\s*(z|utc|gmt|[+-]\d{2}:?\d{2})?$"
)
DATE_HELP = "write dates as 2026-11-27, 11/27/2026 or 27.11.2026"
# Excel stores dates as days since 1899-12-30; a bare number in a date column is one
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class DateOrder:
    """How the file writes day and month.  `order` is "dmy", "mdy" or None (no
    day/month dates, or every one of them ISO or dotted); `ambiguous` holds an example
    that could be read both ways when nothing in the file settles it."""

    order: str | None
    ambiguous: str = ""
    conflict: str = ""


def _pair(text: str) -> tuple[int, int] | None:
    m = _NUMERIC.match(text.strip())
    if not m or len(m.group(1)) == 4 or m.group(2) == ".":
        return None
    return int(m.group(1)), int(m.group(3))


def date_order(texts, date_format: str | None = None) -> DateOrder:
    """Settle day/month order for a whole file from every date written with / or -.

    A first number above 12 proves day-first, a second above 12 proves month-first;
    when the file has both, or neither but has dates like 03/04/2026, the rep must say
    (--date-format), because guessing would put some deals in the wrong month."""
    if date_format:
        return DateOrder(date_format)
    day_first = month_first = ambiguous = ""
    for text in texts:
        if not isinstance(text, str):
            continue
        pair = _pair(text)
        if pair is None:
            continue
        a, b = pair
        if a > 12 and not day_first:
            day_first = text.strip()
        elif b > 12 and not month_first:
            month_first = text.strip()
        elif a <= 12 and b <= 12 and a != b and not ambiguous:
            ambiguous = text.strip()
    if day_first and month_first:
        return DateOrder(None, conflict=f"'{day_first}' is day first but '{month_first}' is month first")
    if day_first:
        return DateOrder("dmy")
    if month_first:
        return DateOrder("mdy")
    return DateOrder(None, ambiguous=ambiguous)


def _make(year_text: str, month: int, day: int, field: str, raw: str) -> date:
    """The date of a year as written: two digits are this century (12/31/26 is 2026),
    four are the year itself (0026 is year 26, refused as outside the years amtui
    accepts by the callers' within_years)."""
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(field, f"'{raw}' is not a real date") from None


def _split_date(raw: str, order: str | None, field: str) -> tuple[date, str]:
    """The date in `raw` and whatever follows it (a time, perhaps)."""
    text = raw.strip().lower()
    m = _NUMERIC.match(text)
    if m:
        first, sep, middle, last, rest = m.groups()
        if len(first) == 4:
            return _make(first, int(middle), int(last), field, raw), rest or ""
        if len(last) != 4 and len(last) != 2:
            raise InvalidInput(field, f"'{raw}' is not a date; {DATE_HELP}")
        a, b, year = int(first), int(middle), last
        if sep == ".":
            return _make(year, b, a, field, raw), rest or ""
        if order is None:
            if a == b:  # 05/05/2026 reads the same both ways
                order = "mdy"
            elif a > 12:
                order = "dmy"
            elif b > 12:
                order = "mdy"
            else:
                raise InvalidInput(
                    field, f"'{raw}' could be day/month or month/day; choose --date-format dmy or mdy"
                )
        day, month = (a, b) if order == "dmy" else (b, a)
        return _make(year, month, day, field, raw), rest or ""
    for pattern, day_group, month_group in ((_DAY_MONTH_NAME, 1, 2), (_MONTH_NAME_DAY, 2, 1)):
        m = pattern.match(text)
        if m and m.group(month_group) in _MONTHS:
            month = _MONTHS[m.group(month_group)]
            return _make(m.group(3), month, int(m.group(day_group)), field, raw), m.group(4) or ""
    raise InvalidInput(field, f"'{raw}' is not a date; {DATE_HELP}")


def _excel_serial(value: float, field: str) -> date:
    if not 1 <= value < 2958466:  # 9999-12-31
        raise InvalidInput(field, f"{value} is not a date")
    return EXCEL_EPOCH + timedelta(days=int(value))


@within_years("date")  # years 1900-2200 only, as everywhere a date comes in (core/years.py)
def parse_date_value(value, order: str | None = None, *, field: str = "date") -> date:
    """A business date from a cell: a spreadsheet date, an Excel serial number, or text
    in ISO, US, European or `27 Nov 2026` form (a time after it is ignored)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value, field)
    day, _rest = _split_date(str(value), order, field)
    return day


def _time_of(text: str, raw: str, field: str) -> tuple[time, timezone | None]:
    m = _TIME.match(text.strip().lower())
    if not m:
        raise InvalidInput(field, f"'{raw}': '{text.strip()}' is not a time of day")
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    meridiem, zone = m.group(4), m.group(5)
    if meridiem:
        if not 1 <= hour <= 12:
            raise InvalidInput(field, f"'{raw}' is not a time of day")
        hour = hour % 12 + (12 if meridiem.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidInput(field, f"'{raw}' is not a time of day")
    tz = None
    if zone in ("z", "utc", "gmt"):
        tz = UTC
    elif zone:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        if int(digits[:2]) > 23 or int(digits[2:]) > 59:
            raise InvalidInput(field, f"'{raw}': '{zone}' is not a time zone offset")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return time(hour, minute, second), tz


def _aware(moment: datetime) -> datetime:
    # A time with no zone is the rep's local time, as a spreadsheet of their own shows it
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC).replace(microsecond=0)


@within_years("when")
def parse_timestamp_value(value, order: str | None = None, *, field: str = "when", at=None) -> datetime:
    """A moment from a cell, as an aware UTC datetime.  A bare date means noon local
    time that day (so it stays on that day wherever it is shown); `at` is a separate
    time-of-day cell (Pipedrive's `Activity - Due time`)."""
    clock_time: tuple[time, timezone | None] | None = None
    if not is_blank(at):
        if isinstance(at, time):
            clock_time = (at, None)
        elif isinstance(at, datetime):
            clock_time = (at.time(), None)
        else:
            clock_time = _time_of(str(at), str(at), field)
    if isinstance(value, datetime):
        if clock_time is None and (value.time() != time(0) or value.tzinfo is not None):
            return _aware(value)
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _excel_serial(value, field)
        fraction = value - int(value)
        if fraction and clock_time is None:
            return _aware(datetime.combine(day, time(0)) + timedelta(seconds=round(fraction * 86400)))
    else:
        raw = str(value).strip()
        try:  # ISO 8601 first: exports of amtui and most APIs write it
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None and ("T" in raw or " " in raw or ":" in raw) and clock_time is None:
            return _aware(moment)
        day, rest = _split_date(raw, order, field)
        if rest and clock_time is None:
            clock_time = _time_of(rest, raw, field)
    if clock_time is None:
        return _aware(datetime.combine(day, time(12)))
    moment = datetime.combine(day, clock_time[0])
    if clock_time[1] is not None:
        moment = moment.replace(tzinfo=clock_time[1])
    return _aware(moment)


# --- numbers ---------------------------------------------------------------------------


def parse_money_value(value, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Money from a cell: `$12,500.00`, `12 500,50 €`, `1.234,56`, or a spreadsheet number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value) if isinstance(value, float) else str(value)
    return parse_money(str(value), field=field, allow_negative=allow_negative)


def parse_percent_value(value, *, field: str = "probability", fractions: bool | None = None) -> int:
    """A whole percentage from `25%`, `25` or a spreadsheet's number cell (0.25: a percent
    cell holds 25% so).  Text with a point at or below 1 (`0.6`, `1.0` in a CSV, or typed
    into a text cell) is what the rep wrote, as on the command line: it could be 60% or
    0.6%, so it is refused naming both (read as a fraction, `1.0` made a long shot 100%).
    A number cell holding 1 is 100% in a column of fractions (a percent cell holds 100%
    as 1) and 1% in a column of percents; `fractions` says which the column is (None:
    its other numbers don't say, and 1 is refused naming both: it was read as 1%)."""
    if isinstance(value, float) and not value.is_integer():
        return _whole(parse_percent(repr(value), field=field, fractions=True))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 1:
        if fractions is None:
            raise InvalidInput(field, "the number 1 could be 100% (a cell formatted as a percentage holds "
                                      "100% as 1) or 1%: write it as text, '100% or '1%")
        return 100 if fractions else 1
    if isinstance(value, float):
        value = int(value)
    return _whole(parse_percent(str(value), field=field))


def percent_column(values) -> bool | None:
    """Whether a column's number cells are fractions (True: 0.25 for 25%), percents
    (False: 25), or don't say (None: only 0s and 1s, or no numbers)."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if any(0 < v < 1 for v in numbers):
        return True
    if any(v > 1 for v in numbers):
        return False
    return None


def _whole(number: Decimal) -> int:
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_int_value(value, *, field: str, minimum: int | None = None, maximum: int | None = None) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = text_value(value).replace(",", "")
    if not re.fullmatch(r"-?\d{1,12}", text):
        raise InvalidInput(field, f"'{text}' is not a whole number")
    number = int(text)
    if minimum is not None and number < minimum:
        raise InvalidInput(field, f"must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise InvalidInput(field, f"must be at most {maximum}")
    return number


# --- yes / no and choices -----------------------------------------------------------------

_TRUE = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "done", "completed", "complete", "active",
         "primary", "recurring", "monthly", "quarterly", "annually", "yearly", "annual",
         "subscription", "archived", "on"}
_FALSE = {"no", "n", "false", "f", "0", "", "undone", "not done", "to do", "todo", "open",
          "inactive", "retired", "one time", "onetime", "one-time", "once", "off", "not started"}


def parse_bool_value(value, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = " ".join(str(value).strip().lower().split())
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(field, f"'{str(value).strip()}' is not yes or no")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.casefold())


def parse_choice_value(value, choices: tuple[str, ...], synonyms: dict[str, str] | None = None,
                       *, field: str) -> str:
    """One of `choices`, ignoring case, spacing and punctuation (`At-Risk` is "at risk"),
    or a synonym other systems use (`synonyms` keys are folded already)."""
    folded = _fold(text_value(value))
    for choice in choices:
        if _fold(choice) == folded:
            return choice
    if synonyms and folded in synonyms:
        return synonyms[folded]
    raise InvalidInput(field, f"'{text_value(value)}' is not one of: {', '.join(choices)}")


def folded_synonyms(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{choice: (spellings...)} -> {folded spelling: choice}."""
    return {_fold(spelling): choice for choice, spellings in pairs.items() for spelling in spellings}
