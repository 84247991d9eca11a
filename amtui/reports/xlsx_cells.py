"""Writing a value into a cell by its kind, and fitting column widths to the values.

Shared by the summary sheet and the detail sheets so a value is written one way; the
streaming sheets (the book) use `column_writer`, which chooses each column's formats once.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time
from decimal import Decimal

from amtui.core import clock
from amtui.core.money import fmt_money
from amtui.reports.model import Cell, Column
from amtui.reports.xlsx_formats import FORMULA_START, NUMERIC, STYLES, Formats, needs_quote


def excel_value(value, kind: str):
    """A Python value as what xlsxwriter writes: float, naive datetime or str."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        moment = clock.local(value) if value.tzinfo else value
        return moment.replace(tzinfo=None, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float | Decimal) and kind in NUMERIC:
        return float(value)
    return str(value)


def write_cell(ws, row: int, col: int, value, kind: str, formats: Formats, **extra) -> None:
    """Write one value by kind; text always as a string, quote-prefixed when formula-like."""
    if isinstance(value, Cell):
        if value.style:
            extra = {**extra, **STYLES[value.style]}
        value, kind = value.value, value.kind
    if value is None or value == "":
        return
    value = excel_value(value, kind)
    if isinstance(value, str):
        text_kind = "wrap" if kind == "wrap" else "text"
        if needs_quote(value):
            extra = {**extra, "quote_prefix": True}
        ws.write_string(row, col, value, formats.get(text_kind, **extra))
    elif isinstance(value, datetime):
        date_kind = kind if kind in ("date", "datetime") else "date"
        ws.write_datetime(row, col, value, formats.get(date_kind, **extra))
    else:
        ws.write_number(row, col, value, formats.get(kind, **extra))


# what `needs_quote` checks, as a set of first characters (each start is one character)
FORMULA_FIRST = frozenset(FORMULA_START)
assert all(len(start) == 1 for start in FORMULA_START)
EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's (1900) date system
NUMBER_TYPES = (int, float, Decimal)


UNIX_EPOCH = date(1970, 1, 1).toordinal() - EXCEL_EPOCH  # 1970-01-01 as an Excel serial
QUARTER_HOUR = 900  # seconds: every time zone changes its UTC offset on a quarter hour


def _utc_offset(stamp: int) -> int:
    """The rep's UTC offset in seconds at a Unix time, as `clock.local` has it."""
    return int(clock.local(datetime.fromtimestamp(stamp, UTC)).utcoffset().total_seconds())


def local_serials():
    """A function giving a datetime's Excel serial in the rep's local time (seconds
    precision), as `clock.local` shows it.  A column of a few hundred thousand stamps
    looks the UTC offset up once per UTC day they fall in (the offset at the day's first
    and last second, when they agree: time zones change theirs a few times a year), else
    once per quarter hour, not once per cell."""
    days_offsets: dict[int, int | None] = {}
    offsets: dict[int, int] = {}

    def serial(value: datetime) -> float:
        if value.tzinfo is None:
            local = value
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            return local.toordinal() - EXCEL_EPOCH + seconds / 86400
        stamp = math.floor(value.timestamp())
        day = stamp // 86400
        offset = days_offsets.get(day, False)
        if offset is False:
            first = _utc_offset(day * 86400)
            offset = days_offsets[day] = first if first == _utc_offset(day * 86400 + 86399) else None
        if offset is None:  # the day the clocks change: by quarter hour
            bucket = stamp // QUARTER_HOUR
            offset = offsets.get(bucket)
            if offset is None:
                offset = offsets[bucket] = int(clock.local(value).utcoffset().total_seconds())
        days, seconds = divmod(stamp + offset, 86400)
        return days + UNIX_EPOCH + seconds / 86400

    return serial


def cell_methods(ws):
    """The worksheet's `write_string` and `write_number` for cells given by row and
    column numbers: xlsxwriter's undecorated versions where it has them (`_write_string`,
    `_write_number`: what the public methods call once they have checked for A1 notation,
    about a microsecond a cell), else the public ones."""
    write_string = getattr(ws, "_write_string", None)
    write_number = getattr(ws, "_write_number", None)
    if write_string is None or write_number is None:
        return ws.write_string, ws.write_number
    return write_string, write_number


def column_writer(ws, column: Column, formats: Formats, **extra):
    """A function writing one column's values, its formats chosen once: the streaming
    sheets write a few million cells, so the common cases skip `write_cell`'s checks.
    Anything unusual (a Cell, text in a number column, a bool) goes to `write_cell`."""
    kind = column.kind
    fmt = formats.get(kind, **extra)
    write_string, write_number = cell_methods(ws)
    if kind in ("text", "wrap"):
        quoted = formats.get(kind, quote_prefix=True, **extra)

        def text(row: int, col: int, value) -> None:
            if type(value) is str:
                if value:
                    write_string(row, col, value, quoted if value[0] in FORMULA_FIRST else fmt)
            elif value is not None:
                write_cell(ws, row, col, value, kind, formats, **extra)

        return text
    if kind in NUMERIC:

        def number(row: int, col: int, value) -> None:
            if type(value) in NUMBER_TYPES:
                write_number(row, col, float(value), fmt)
            elif value is not None and value != "":
                write_cell(ws, row, col, value, kind, formats, **extra)

        return number

    day_format = formats.get("date", **extra)
    moment_format = formats.get("datetime" if kind == "datetime" else "date", **extra)
    serial = local_serials()

    def moment(row: int, col: int, value) -> None:
        if type(value) is date:
            write_number(row, col, value.toordinal() - EXCEL_EPOCH, day_format)
        elif type(value) is datetime:
            write_number(row, col, serial(value), moment_format)
        elif value is not None and value != "":
            write_cell(ws, row, col, value, kind, formats, **extra)

    return moment



# Widths in characters, per kind, for values we don't measure one by one.
FIXED_WIDTH = {"percent": 9, "multiple": 8, "date": 13, "datetime": 19}
MAX_WIDTH = {"text": 45, "wrap": 60}


class Widths:
    """Column widths that fit the header's longest word and the longest value, within
    limits; a column given a width keeps it."""

    def __init__(self, columns: list[Column], currency: str = "USD", cents: bool = True):
        self.columns = columns
        self.currency = currency
        self.cents = cents
        # headers wrap, so their longest word counts, in bold (a tenth wider), with room
        # for the filter button (+3): an empty sheet's "When" printed as "Whe" / "n"
        self.widths = [math.ceil(max((len(w) for w in c.header.split()), default=0) * 1.1) + 3
                       for c in columns]
        # money: a formatted amount is no shorter than one of smaller size and the same
        # sign, so only each column's largest and most negative amounts are formatted
        self._amounts: dict[int, list] = {}

    def see(self, col: int, value) -> None:
        column = self.columns[col]
        if column.width is not None or value is None:
            return
        kind = column.kind
        if isinstance(value, Cell):
            value, kind = value.value, value.kind
        if value is None:
            return
        if kind in FIXED_WIDTH and not isinstance(value, str):
            size = FIXED_WIDTH[kind]
        elif kind == "money" and not isinstance(value, str):
            extremes = self._amounts.setdefault(col, [None, None])
            side = 1 if value < 0 else 0
            if extremes[side] is None or abs(value) > abs(extremes[side]):
                extremes[side] = value
            return
        elif kind in ("int", "number") and not isinstance(value, str):
            size = len(f"{value:,}") + 1
        else:
            text = str(value)
            if len(text) + 2 <= self.widths[col]:
                return  # no line of it is longer than the column already is
            # +2: the indent before text
            size = max((len(line) for line in text.splitlines()), default=0) + 2
        if size > self.widths[col]:
            self.widths[col] = size

    def _settle(self, col: int) -> None:
        for value in self._amounts.pop(col, ()):
            if value is not None:
                size = len(fmt_money(value, self.currency, decimals=self.cents)) + 1
                if size > self.widths[col]:
                    self.widths[col] = size

    def see_row(self, values) -> None:
        for c, value in enumerate(values[: len(self.columns)]):
            self.see(c, value)

    def see_rows(self, rows) -> None:
        """`see_row` for every row, a column at a time: a column of plain values of its
        kind (text, whole numbers, amounts, dates) is measured by its extremes, the same
        widths as value by value at a fraction of the calls; anything else value by value."""
        for c, column in enumerate(self.columns):
            if column.width is not None:
                continue
            values = [row[c] for row in rows if len(row) > c]
            if not self._see_plain(c, column.kind, values):
                for value in values:
                    self.see(c, value)

    def _see_plain(self, col: int, kind: str, values: list) -> bool:
        """Measure a column whose values are all None or of one plain type; False (and
        nothing measured) otherwise."""
        present = [v for v in values if v is not None]
        if not present:
            return True
        kinds = {type(v) for v in present}
        if len(kinds) != 1:
            return False
        plain = kinds.pop()
        if kind in FIXED_WIDTH:
            if plain not in (date, datetime, int, float, Decimal):
                return False
            self.widths[col] = max(self.widths[col], FIXED_WIDTH[kind])
            return True
        if kind == "money":
            if plain is not Decimal:
                return False
            low, high = min(present), max(present)
            for value in (high, low) if high >= 0 else (low,):
                self.see(col, value)  # the largest and the most negative, as value by value
            return True
        if kind in ("int", "number"):
            if plain is not int:
                return False
            # a whole number's text is no shorter than a smaller one's of the same sign
            size = max(len(f"{min(present):,}"), len(f"{max(present):,}")) + 1
            self.widths[col] = max(self.widths[col], size)
            return True
        if plain is not str:
            return False
        # only texts longer than the column so far can widen it (see `see`)
        for text in present:
            if len(text) + 2 > self.widths[col]:
                self.see(col, text)
        return True

    def see_totals(self, totals: dict | None) -> None:
        """Totals are bold: a little wider than the same figure in a row."""
        for c, column in enumerate(self.columns):
            value = (totals or {}).get(column.header)
            if value is not None and column.width is None:
                self.see(c, value)
                self._settle(c)
                self.widths[c] += 1

    def result(self) -> list[int]:
        for col in list(self._amounts):
            self._settle(col)
        out = []
        for column, width in zip(self.columns, self.widths, strict=True):
            if column.width is not None:
                out.append(column.width)
            else:
                out.append(max(6, min(width, MAX_WIDTH.get(column.kind, 30))))
        return out

