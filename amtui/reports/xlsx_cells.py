"""Cells, formats and page setup for the xlsx renderer (which passes in the workbook).

Kept apart from xlsx.py so the summary sheet and the detail sheets share one way of
writing a value; nothing here imports xlsxwriter.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from amtui.core import clock
from amtui.core.money import SYMBOLS, fmt_money
from amtui.reports.model import Column, Report, Rule, SheetSpec

# Text starting with one of these is read as a formula (or a field separator) by
# spreadsheets when typed or pasted: it gets a quote prefix.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

NUMBER_FORMATS = {
    "percent": "0.0%",
    "int": "#,##0",
    "number": "#,##0.0",
    "multiple": '0.0"x"',
    "date": "d mmm yyyy",
    "datetime": "d mmm yyyy hh:mm",
    "text": "@",
    "wrap": "@",
}
NUMERIC = ("money", "percent", "int", "number", "multiple")

STYLES = {
    "bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "warn": {"font_color": "#9C5700", "bg_color": "#FFEB9C"},
    "good": {"font_color": "#006100", "bg_color": "#C6EFCE"},
}


def money_format(currency: str, *, decimals: bool = True) -> str:
    """Excel number format for the rep's currency: `$#,##0.00`, `"€"#,##0.00`, ..."""
    digits = "#,##0.00" if decimals and currency != "JPY" else "#,##0"
    symbol = SYMBOLS.get(currency)
    if symbol == "$":
        return f"${digits};-${digits}"
    if symbol:
        return f'"{symbol}"{digits};-"{symbol}"{digits}'
    return f'{digits} "{currency}";-{digits} "{currency}"'


def needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_START)


class Formats:
    """xlsxwriter formats made once each, by kind and extras (bold, size, quote prefix)."""

    def __init__(self, workbook, currency: str):
        self.workbook = workbook
        self.currency = currency
        self._cache: dict[tuple, object] = {}

    def get(self, kind: str | None = None, **extra):
        key = (kind, tuple(sorted(extra.items())))
        fmt = self._cache.get(key)
        if fmt is None:
            props = dict(extra)
            if kind == "money":
                props["num_format"] = money_format(self.currency)
            elif kind in NUMBER_FORMATS:
                props["num_format"] = NUMBER_FORMATS[kind]
            if kind == "wrap":
                props.update(text_wrap=True, valign="top")
            fmt = self._cache[key] = self.workbook.add_format(props)
        return fmt

    def style(self, name: str):
        return self.get(None, **STYLES[name])


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


def safe_header_text(text: str) -> str:
    """Text for a page header/footer: `&` is a control character there; 60 chars at most."""
    text = " ".join(str(text).split())[:60]
    return text.replace("&", "&&")


def print_setup(ws, report: Report, *, repeat_header: bool) -> None:
    """Landscape, one page wide, the title on every page and "Page 1 of 3" below."""
    ws.set_landscape()
    ws.set_paper(1 if report.currency in ("USD", "CAD") else 9)  # Letter / A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.set_header(f"&L&B{safe_header_text(report.title)}&R{safe_header_text(report.period_label)}")
    ws.set_footer(f"&L{safe_header_text(report.rep_name)}&CPage &P of &N&R&A")
    if repeat_header:
        ws.repeat_rows(0)


def col_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table_name(sheet_name: str) -> str:
    """An Excel table name from a sheet name: letters, digits and underscores."""
    return "t_" + re.sub(r"\W", "_", sheet_name, flags=re.ASCII)


def total_formula(table: str, header: str) -> str:
    """SUBTOTAL(109, Table[Column]): a sum that skips filtered-out rows.

    A table's built-in total function writes `SUBTOTAL(109,[Column])`, which
    LibreOffice shows as #NAME?; the table-qualified reference works in both.
    """
    escaped = re.sub(r"(['#\[\]])", r"'\1", header)
    return f"=SUBTOTAL(109,{table}[{escaped}])"


def _excel_literal(value) -> str:
    if isinstance(value, date):
        return f"DATE({value.year},{value.month},{value.day})"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def rule_formula(rule: Rule, cell: str) -> str:
    """The conditional-format formula for a rule, relative to the column's first cell."""
    literal = _excel_literal(rule.value)
    if rule.test == "equals":
        return f"={cell}={literal}"
    if rule.test in ("below", "before"):
        return f"=AND(ISNUMBER({cell}),{cell}<{literal})"
    if rule.test == "above":
        return f"=AND(ISNUMBER({cell}),{cell}>{literal})"
    if rule.test == "nonzero":
        return f"=AND(ISNUMBER({cell}),{cell}>0)"
    raise ValueError(f"unknown rule test {rule.test!r}")


def table_columns(spec: SheetSpec, formats: Formats, name: str, totals) -> list[dict]:
    options = []
    for c, column in enumerate(spec.columns):
        option: dict = {"header": column.header}
        if column.kind != "text":
            option["format"] = formats.get(column.kind)
        if totals and c == 0:
            option["total_string"] = "Total"
        elif totals and totals.get(column.header) is not None:
            # the figure computed in Python is the cached value, so viewers that
            # don't recalculate (previews, openpyxl) show it rather than 0
            option["total_function"] = total_formula(name, column.header)
            option["total_value"] = float(totals[column.header])
        options.append(option)
    return options



# Widths in characters, per kind, for values we don't measure one by one.
FIXED_WIDTH = {"percent": 9, "multiple": 8, "date": 12, "datetime": 17}
MAX_WIDTH = {"text": 45, "wrap": 60}


class Widths:
    """Column widths that fit the header and the longest value, within limits."""

    def __init__(self, columns: list[Column], currency: str = "USD"):
        self.columns = columns
        self.currency = currency
        # +3 leaves room for the filter button beside the header
        self.widths = [len(c.header) + 3 for c in columns]

    def see(self, col: int, value) -> None:
        column = self.columns[col]
        if column.width is not None or value is None:
            return
        kind = column.kind
        if kind in FIXED_WIDTH and not isinstance(value, str):
            size = FIXED_WIDTH[kind]
        elif kind == "money" and not isinstance(value, str):
            size = len(fmt_money(value, self.currency)) + 1
        elif kind in ("int", "number") and not isinstance(value, str):
            size = len(f"{value:,}") + 1
        else:
            text = str(value)
            size = max((len(line) for line in text.splitlines()), default=0) + 1
        if size > self.widths[col]:
            self.widths[col] = size

    def result(self) -> list[int]:
        out = []
        for column, width in zip(self.columns, self.widths, strict=True):
            if column.width is not None:
                out.append(column.width)
            else:
                out.append(max(6, min(width, MAX_WIDTH.get(column.kind, 30))))
        return out
