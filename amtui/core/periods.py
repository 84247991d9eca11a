"""Fiscal periods: quarters, fiscal years and calendar months, and the one parser for them.

A fiscal year is named by the calendar year in which it ends: with a year starting in
February, Feb 2026 - Jan 2027 is FY2027 and its first quarter is `2027-Q1`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from amtui.core import clock
from amtui.core.errors import InvalidInput
from amtui.core.years import check_year, out_of_range, within_years


def add_months(day: date, months: int, *, field: str = "date") -> date:
    """Calendar month arithmetic; the 31st becomes the month's last day.  Past Python's
    years (a date near 9999 that an older amtui let in, plus a month) it is InvalidInput
    naming `field`, never a ValueError from date()."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise InvalidInput(field, out_of_range(day.isoformat()))
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    kind: str  # "quarter" | "year" | "month"
    label: str  # "2026-Q4" | "FY2026" | "2026-11"
    start: date
    end: date  # inclusive
    fy_start_month: int = 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def elapsed_days(self, today: date) -> int:
        """Days of the period gone by, counting today; 0 before it, all after it."""
        if today < self.start:
            return 0
        return min(self.days, (today - self.start).days + 1)

    @property
    def fy(self) -> int:
        """The fiscal year the period belongs to (a month: the one containing its start)."""
        if self.kind == "quarter":
            return int(self.label[:4])
        if self.kind == "year":
            return int(self.label[2:])
        return fiscal_year_of(self.start, self.fy_start_month)

    @property
    def quarter(self) -> int | None:
        """1-4 for a fiscal quarter, None for a year or a month."""
        return int(self.label[-1]) if self.kind == "quarter" else None

    @property
    def fiscal_year(self) -> Period:
        """The fiscal year that contains this period."""
        return fiscal_year(self.fy, self.fy_start_month)

    def is_past(self, today: date) -> bool:
        return self.end < today

    def is_future(self, today: date) -> bool:
        return self.start > today

    def business_days_left(self, today: date) -> int:
        """Business days still to sell in, counting today: all of them before the period,
        none after it."""
        return business_days(max(today, self.start), self.end)

    def span(self) -> str:
        """`1 Oct – 31 Dec 2026`: the dates a label stands for, for headers."""
        same_year = self.start.year == self.end.year
        first = f"{self.start.day} {self.start:%b}" + ("" if same_year else f" {self.start.year}")
        return f"{first} – {self.end.day} {self.end:%b} {self.end.year}"

    @property
    def short(self) -> str:
        """`Q4`, `FY26` or `Nov`: for banners."""
        if self.kind == "quarter":
            return self.label[-2:]
        if self.kind == "year":
            return "FY" + self.label[-2:]
        return self.start.strftime("%b")

    def __str__(self) -> str:
        return self.label


def fiscal_year_of(day: date, fy_start_month: int = 1) -> int:
    if fy_start_month == 1:
        return day.year
    return day.year + 1 if day.month >= fy_start_month else day.year


def fiscal_year(fy: int, fy_start_month: int = 1) -> Period:
    start = date(fy if fy_start_month == 1 else fy - 1, fy_start_month, 1)
    end = add_months(start, 12) - timedelta(days=1)
    return Period("year", f"FY{fy}", start, end, fy_start_month)


def fiscal_quarter(fy: int, q: int, fy_start_month: int = 1) -> Period:
    if not 1 <= q <= 4:
        raise InvalidInput("period", f"quarter {q} does not exist; quarters are Q1-Q4")
    year_start = fiscal_year(fy, fy_start_month).start
    start = add_months(year_start, 3 * (q - 1))
    end = add_months(start, 3) - timedelta(days=1)
    return Period("quarter", f"{fy}-Q{q}", start, end, fy_start_month)


def month(year: int, m: int, fy_start_month: int = 1) -> Period:
    start = date(year, m, 1)
    end = add_months(start, 1) - timedelta(days=1)
    return Period("month", f"{year}-{m:02d}", start, end, fy_start_month)


def quarter_of(day: date, fy_start_month: int = 1) -> Period:
    fy = fiscal_year_of(day, fy_start_month)
    months_in = (day.month - fy_start_month) % 12
    return fiscal_quarter(fy, months_in // 3 + 1, fy_start_month)


def year_of(day: date, fy_start_month: int = 1) -> Period:
    return fiscal_year(fiscal_year_of(day, fy_start_month), fy_start_month)


def month_of(day: date, fy_start_month: int = 1) -> Period:
    return month(day.year, day.month, fy_start_month)


def shift(period: Period, n: int) -> Period:
    """The period n steps later (negative: earlier) of the same kind."""
    fsm = period.fy_start_month
    if period.kind == "month":
        return month_of(add_months(period.start, n), fsm)
    if period.kind == "quarter":
        return quarter_of(add_months(period.start, 3 * n), fsm)
    return year_of(add_months(period.start, 12 * n), fsm)


def quarters_of(year: Period) -> list[Period]:
    fy = int(year.label[2:])
    return [fiscal_quarter(fy, q, year.fy_start_month) for q in range(1, 5)]


def months_of(period: Period) -> list[Period]:
    out, day = [], period.start
    while day <= period.end:
        out.append(month_of(day, period.fy_start_month))
        day = add_months(day, 1)
    return out


PERIOD_HELP = "write 2026-Q4, FY2026, 2026-11, Q4, this quarter, next quarter or this year"

# English names, not strftime's: the locale must not change what a rep can type.
_MONTHS = "january february march april may june july august september october november december"
MONTH_NAMES = {
    **{name: i for i, name in enumerate(_MONTHS.split(), 1)},
    **{name[:3]: i for i, name in enumerate(_MONTHS.split(), 1)},
    "sept": 9,
}


@within_years("period")  # years 1900-2200 only (core/years.py)
def parse_period(
    text: str, fy_start_month: int = 1, *, today: date | None = None, field: str = "period",
    help: str = PERIOD_HELP,
) -> Period:
    """`2026-Q4`, `Q4 2026`, `Q4` (this fiscal year), `FY2026`, `FY26`, `2026-11`,
    `this quarter`, `last quarter`, `next quarter`, `this year`, `last year`, `next year`,
    `this month`; also `Q4 FY26` / `FY26 Q4`, a bare fiscal year `2026`, and months by
    name: `nov 2026`, `November` (this calendar year).  `help`: what the refusal of
    text that is no period suggests instead, for a field taking only some kinds."""
    today = today or clock.today()
    value = " ".join(text.strip().lower().replace("_", " ").split())

    def year(number: int) -> int:
        # refused as typed before any arithmetic: FY9999 ends in 10000, and the
        # refusal must quote 'FY9999', not the '9999-01-01' add_months saw
        check_year(number, field=field, text=text)
        return number
    relative = re.fullmatch(r"(this|current|last|previous|prev|next) (quarter|year|fy|month)", value)
    if relative:
        which, unit = relative.groups()
        step = {"this": 0, "current": 0, "next": 1}.get(which, -1)
        base = {"quarter": quarter_of, "year": year_of, "fy": year_of, "month": month_of}[unit]
        return shift(base(today, fy_start_month), step)
    m = re.fullmatch(r"(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4})", value)
    if m:
        fy = year(int(m.group(1) or m.group(4)))
        q = int(m.group(2) or m.group(3))
        return fiscal_quarter(fy, q, fy_start_month)
    m = re.fullmatch(r"q([1-4])\s*-?\s*fy\s*-?\s*(\d{4}|\d{2})|fy\s*-?\s*(\d{4}|\d{2})\s*-?\s*q([1-4])", value)
    if m:
        fy = int(m.group(2) or m.group(3))
        q = int(m.group(1) or m.group(4))
        return fiscal_quarter(year(fy + 2000 if fy < 100 else fy), q, fy_start_month)
    m = re.fullmatch(r"([a-z]+)\.?(?:\s*-?\s*(\d{4}))?", value)
    if m and m.group(1) in MONTH_NAMES:
        return month(year(int(m.group(2))) if m.group(2) else today.year, MONTH_NAMES[m.group(1)],
                     fy_start_month)
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return fiscal_year(year(int(m.group(1))), fy_start_month)
    m = re.fullmatch(r"q([1-4])", value)
    if m:
        return fiscal_quarter(fiscal_year_of(today, fy_start_month), int(m.group(1)), fy_start_month)
    m = re.fullmatch(r"fy\s*-?\s*(\d{4}|\d{2})", value)
    if m:
        fy = int(m.group(1))
        return fiscal_year(year(fy + 2000 if fy < 100 else fy), fy_start_month)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if m:
        y, mo = year(int(m.group(1))), int(m.group(2))
        if not 1 <= mo <= 12:
            raise InvalidInput(field, f"'{text.strip()}': month {mo} does not exist")
        return month(y, mo, fy_start_month)
    raise InvalidInput(field, f"'{text.strip()}' is not a period; {help}")


def business_days(start: date, end: date) -> int:
    """Monday-to-Friday days from start to end inclusive (0 if end < start)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for i in range(rest):
        if (start + timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    return count


def is_business_day(day: date) -> bool:
    """Monday to Friday, except 1 January (the one holiday every client keeps)."""
    return day.weekday() < 5 and (day.month, day.day) != (1, 1)


def next_business_day(day: date, *, field: str = "date") -> date:
    """The first business day after `day`; InvalidInput naming `field` past year 9999."""
    start = day
    try:
        day += timedelta(days=1)
        while not is_business_day(day):
            day += timedelta(days=1)
    except OverflowError:
        raise InvalidInput(field, out_of_range(start.isoformat())) from None
    return day
