"""Cells, formats and page setup for the xlsx renderer (which passes in the workbook).

Kept apart from xlsx.py so the summary sheet and the detail sheets share one way of
writing a value; nothing here imports xlsxwriter.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from decimal import Decimal

from amtui.core import clock
from amtui.core.money import SYMBOLS, fmt_money
from amtui.reports.model import Cell, Column, Report, Rule, SheetSpec

# Text starting with one of these is read as a formula (or a field separator) by
# spreadsheets when typed or pasted: it gets a quote prefix.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# Right-aligned figures end with `_)`: the width of a ")" as padding, so a figure never
# touches the text of the cell to its right ("19 Red", not "19Red"); text gets an indent
# on the left for the same reason.
PAD = "_)"
NUMBER_FORMATS = {
    "percent": "0.0%" + PAD,
    "int": "#,##0" + PAD,
    "number": "#,##0.0" + PAD,
    "multiple": '0.0"x"' + PAD,
    "date": "d mmm yyyy" + PAD,
    "datetime": "d mmm yyyy hh:mm" + PAD,
    "text": "@",
    "wrap": "@",
}
TEXT_INDENT = 1
NUMERIC = ("money", "percent", "int", "number", "multiple")

STYLES = {
    "bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "warn": {"font_color": "#9C5700", "bg_color": "#FFEB9C"},
    "good": {"font_color": "#006100", "bg_color": "#C6EFCE"},
}


def money_format(currency: str, *, decimals: bool = True) -> str:
    """Excel number format for the rep's currency: `$#,##0.00`, `"€"#,##0.00`, ...
    (whole units with decimals=False), padded on the right like every figure."""
    digits = "#,##0.00" if decimals and currency != "JPY" else "#,##0"
    symbol = SYMBOLS.get(currency)
    if symbol == "$":
        return f"${digits}{PAD};-${digits}{PAD}"
    if symbol:
        return f'"{symbol}"{digits}{PAD};-"{symbol}"{digits}{PAD}'
    return f'{digits} "{currency}"{PAD};-{digits} "{currency}"{PAD}'


def needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_START)


class Formats:
    """xlsxwriter formats made once each, by kind and extras (bold, size, quote prefix).

    `cents`: money with cents (per-item amounts: deal lists, the commission statement)
    or in whole units (summary figures); `with_cents` gives the other flavour, sharing
    the formats already made."""

    def __init__(self, workbook, currency: str, cents: bool = False, cache=None):
        self.workbook = workbook
        self.currency = currency
        self.cents = cents
        self._cache: dict[tuple, object] = {} if cache is None else cache

    def with_cents(self, cents: bool) -> Formats:
        if cents == self.cents:
            return self
        return Formats(self.workbook, self.currency, cents, self._cache)

    def get(self, kind: str | None = None, **extra):
        key = (kind, self.cents and kind == "money", tuple(sorted(extra.items())))
        fmt = self._cache.get(key)
        if fmt is None:
            props = dict(extra)
            if kind == "money":
                props["num_format"] = money_format(self.currency, decimals=self.cents)
            elif kind in NUMBER_FORMATS:
                props["num_format"] = NUMBER_FORMATS[kind]
            if kind == "wrap":
                props.setdefault("text_wrap", True)
                props.setdefault("valign", "top")
            if kind in ("text", "wrap") and "align" not in props:
                props.setdefault("indent", TEXT_INDENT)
            if props.get("indent"):
                # LibreOffice applies an indent only to an explicitly aligned cell
                props.setdefault("align", "left")
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


EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's (1900) date system
NUMBER_TYPES = (int, float, Decimal)


def column_writer(ws, column: Column, formats: Formats, **extra):
    """A function writing one column's values, its formats chosen once: the streaming
    sheets write a few million cells, so the common cases skip `write_cell`'s checks.
    Anything unusual (a Cell, text in a number column, a bool) goes to `write_cell`."""
    kind = column.kind
    fmt = formats.get(kind, **extra)
    if kind in ("text", "wrap"):
        quoted = formats.get(kind, quote_prefix=True, **extra)
        write_string = ws.write_string

        def text(row: int, col: int, value) -> None:
            if type(value) is str:
                if value:
                    write_string(row, col, value, quoted if value.startswith(FORMULA_START) else fmt)
            elif value is not None:
                write_cell(ws, row, col, value, kind, formats, **extra)

        return text
    write_number = ws.write_number
    if kind in NUMERIC:

        def number(row: int, col: int, value) -> None:
            if type(value) in NUMBER_TYPES:
                write_number(row, col, float(value), fmt)
            elif value is not None and value != "":
                write_cell(ws, row, col, value, kind, formats, **extra)

        return number

    def moment(row: int, col: int, value) -> None:
        if type(value) is date:
            write_number(row, col, value.toordinal() - EXCEL_EPOCH, formats.get("date", **extra))
        elif type(value) is datetime:
            local = clock.local(value) if value.tzinfo else value
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            write_number(row, col, local.toordinal() - EXCEL_EPOCH + seconds / 86400,
                         formats.get("datetime" if kind == "datetime" else "date", **extra))
        elif value is not None and value != "":
            write_cell(ws, row, col, value, kind, formats, **extra)

    return moment


HEADER = {"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"}
LINE_POINTS = 15  # the height of one line of 11-point text


def header_format(formats: Formats, column: Column):
    """Header cells: bold on a pale fill, right-aligned over figures so they line up."""
    if column.kind in (*NUMERIC, "date", "datetime"):
        return formats.get(None, **HEADER, align="right", indent=TEXT_INDENT)
    return formats.get(None, **HEADER, indent=TEXT_INDENT)


def text_lines(text: str, width: int) -> int:
    """How many lines text takes when wrapped, word by word, in a column `width`
    characters wide (proportional fonts fit a little more than one a unit)."""
    per_line = max(1, int(width * 1.1))
    lines = 0
    for paragraph in str(text).splitlines() or [""]:
        lines += 1
        used = 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            # a word longer than the line (an email address) breaks anywhere, and its
            # letters are wider than the average: count a line for every width - 3
            broken = max(1, width - 3)
            while used > per_line:
                lines += 1
                used = max(0, used - broken)
    return lines


def row_height(values, columns: list[Column], widths: list[int], cap: int = 12) -> float | None:
    """The height a row of wrapped text needs, or None when one line does."""
    lines = 1
    for value, column, width in zip(values, columns, widths, strict=False):
        if column.kind == "wrap" and value:
            text = value.value if isinstance(value, Cell) else value
            lines = max(lines, text_lines(str(text), width))
    return LINE_POINTS * min(lines, cap) if lines > 1 else None


def header_height(columns: list[Column], widths: list[int]) -> float | None:
    # bold type, the indent and the filter button leave a header about 3 characters less
    # than its column (LibreOffice wrapped "Won + commit" in 12 and hid the first row)
    lines = max((text_lines(c.header, w - 3) for c, w in zip(columns, widths, strict=True)),
                default=1)
    return LINE_POINTS * min(lines, 3) if lines > 1 else None


def safe_header_text(text: str) -> str:
    """Text for a page header/footer: `&` is a control character there; 60 chars at most."""
    text = " ".join(str(text).split())[:60]
    return text.replace("&", "&&")


def paper_of(report: Report) -> str:
    """Letter where the rep works in dollars of North America, A4 elsewhere."""
    return "letter" if report.currency in ("USD", "CAD") else "a4"


# What a printed page holds inside amtui's margins (0.4" left and right, 0.75" top,
# 0.6" bottom), in screen pixels (96 a inch, as column widths are measured) across and
# points down: {paper: {orientation: (width px, height pt)}}.
PAGE_AREA = {
    "letter": {"landscape": (979, 505), "portrait": (739, 727)},
    "a4": {"landscape": (1045, 488), "portrait": (717, 743)},
}
# The smallest font on a detail sheet is the body's 11 points; printed at 75% it is
# 8.25 points, the least a manager reads at arm's length.  A sheet that would need a
# smaller scale to fit one page wide prints over several pages instead (pages_scale),
# its first column repeated on each.
BODY_POINTS = 11
MIN_POINTS = 8
MIN_SCALE = 0.75
PAGE_FILL = 0.9  # pages break between columns: count on filling 90% of a page's width
NARROWEST = 12  # characters: the least a text column is narrowed to, wrapped
# LibreOffice lays a column out about a third wider than Excel does (measured: a sheet
# of 946 Excel pixels printed one page wide at 77%, not 100%); scales are worked out
# for the wider of the two, so Excel prints the same sheet a little larger.
PRINT_WIDTH_FACTOR = 1.34


def column_pixels(widths: list[float]) -> int:
    """A sheet's width in pixels, as Excel turns character widths into pixels."""
    return sum(int(w * 7 + 0.5) + 5 for w in widths)


def printed_pixels(widths: list[float]) -> float:
    """A sheet's width as printing lays it out (see PRINT_WIDTH_FACTOR)."""
    return column_pixels(widths) * PRINT_WIDTH_FACTOR


def fit_scale(widths: list[float], paper: str, orientation: str = "landscape") -> float:
    """The scale printing one page wide gives a sheet of these column widths (<= 1)."""
    page_px = PAGE_AREA[paper][orientation][0]
    return min(1.0, page_px / max(printed_pixels(widths), 1))


def narrowed(columns: list[Column], widths: list[int], paper: str
             ) -> tuple[list[Column], list[int]]:
    """Columns and widths that print one page wide at MIN_SCALE, when wrapping long text
    gets them there: the widest text column (never the first, which names the row) is
    narrowed and wrapped a character at a time, down to NARROWEST.  Unchanged when the
    sheet fits already or cannot fit (it then prints over several pages)."""
    def fits(ws: list[int]) -> bool:
        return fit_scale(ws, paper) >= MIN_SCALE

    if fits(widths):
        return columns, widths
    ws = list(widths)
    shrinkable = [c for c, column in enumerate(columns)
                  if c and column.kind in ("text", "wrap") and ws[c] > NARROWEST]
    while shrinkable and not fits(ws):
        widest = max(shrinkable, key=lambda c: ws[c])
        ws[widest] -= 1
        if ws[widest] <= NARROWEST:
            shrinkable.remove(widest)
    if not fits(ws):
        return columns, widths
    cols = [Column(column.header, "wrap", ws[c]) if ws[c] < widths[c] else column
            for c, column in enumerate(columns)]
    return cols, ws


def pages_scale(widths: list[int], paper: str, orientation: str = "landscape",
                height: float | None = None) -> int:
    """The print scale (percent) of a sheet too wide for one readable page: as large as
    keeps the number of pages across it needs at MIN_SCALE, so its pages are full and its
    type as big as it can be (the first column is repeated on each page); and, given the
    sheet's height in points, no larger than keeps as few pages down (a few rows alone
    on a last page)."""
    usable, page_height = PAGE_AREA[paper][orientation]
    usable *= PAGE_FILL
    total = printed_pixels(widths)
    first = printed_pixels(widths[:1])
    per_page = usable / MIN_SCALE - first
    pages = max(1, math.ceil((total - first) / max(per_page, 1)))
    percent = max(int(MIN_SCALE * 100),
                  int(min(1.0, pages * usable / (total + (pages - 1) * first)) * 100))
    if height:
        def down(p: int) -> int:
            return math.ceil(height * p / 100 / page_height)

        fewest = down(int(MIN_SCALE * 100))
        while percent > MIN_SCALE * 100 and down(percent) > fewest:
            percent -= 1
    return percent


def print_setup(ws, report: Report, *, repeat_header: bool, widths: list[float] | None = None,
                orientation: str = "landscape", fit: bool = True,
                height: float | None = None) -> float | None:
    """The title on every page and "Page 1 of 3" below; one page wide when that keeps
    the type readable (see MIN_SCALE), else over several pages (see pages_scale) with the
    first column repeated.  fit=False: a data dump (the book), one page wide whatever it takes.
    Returns the scale a page prints at (None: one page wide, worked out by the viewer)."""
    paper = paper_of(report)
    if orientation == "portrait":
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.set_paper({"letter": 1, "a4": 9}[paper])
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    ws.set_header(f"&L&B{safe_header_text(report.title)}&R{safe_header_text(report.period_label)}")
    ws.set_footer(f"&L{safe_header_text(report.rep_name)}&CPage &P of &N&R&A")
    if repeat_header:
        ws.repeat_rows(0)
    scale = fit_scale(widths, paper, orientation) if widths else 1.0
    if scale >= MIN_SCALE or not fit:
        # not fit: a data dump, one page wide whatever the scale (its Summary says it
        # is not a printed report); at 100% LibreOffice printed it with blank pages
        ws.fit_to_pages(1, 0)
        return scale
    percent = (pages_scale(widths, paper, orientation, height) if widths
               else int(MIN_SCALE * 100))
    if widths:
        ws.repeat_columns(0)
    ws.set_print_scale(percent)
    return percent / 100


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
    if rule.test == "differs":
        return f'=AND({cell}<>"",{cell}<>{literal})'
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
        option: dict = {"header": column.header, "header_format": header_format(formats, column)}
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



TOTAL = {"bold": True, "top": 1}


def total_cells(ws, spec: SheetSpec, formats: Formats, row: int, totals: dict,
                formula) -> None:
    """The totals row: "Total", then each total as a SUBTOTAL formula whose cached value
    is the figure computed in Python (viewers that don't recalculate show it, not 0).
    `formula(col, header)` gives the formula of a column."""
    ws.write_string(row, 0, "Total", formats.get(None, **TOTAL, indent=TEXT_INDENT))
    for c, column in enumerate(spec.columns[1:], start=1):
        fmt = formats.get(column.kind, **TOTAL)
        if totals.get(column.header) is None:
            ws.write_blank(row, c, None, fmt)
        else:
            ws.write_formula(row, c, formula(c, column.header), fmt,
                             float(totals[column.header]))


def plain_totals(ws, spec: SheetSpec, formats: Formats, first_data: int, last_data: int,
                 totals: dict) -> None:
    """A totals row under rows that are not an Excel table: SUBTOTAL over the range."""

    def formula(c: int, header: str) -> str:
        letter = col_letter(c)
        return f"=SUBTOTAL(109,{letter}{first_data + 1}:{letter}{last_data + 1})"

    total_cells(ws, spec, formats, last_data + 1, totals, formula)


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
        # headers wrap, so their longest word counts; +2 leaves room for the filter button
        self.widths = [max((len(w) for w in c.header.split()), default=0) + 2 for c in columns]

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
            size = len(fmt_money(value, self.currency, decimals=self.cents)) + 1
        elif kind in ("int", "number") and not isinstance(value, str):
            size = len(f"{value:,}") + 1
        else:
            # +2: the indent before text
            text = str(value)
            size = max((len(line) for line in text.splitlines()), default=0) + 2
        if size > self.widths[col]:
            self.widths[col] = size

    def see_row(self, values) -> None:
        for c, value in enumerate(values[: len(self.columns)]):
            self.see(c, value)

    def see_totals(self, totals: dict | None) -> None:
        """Totals are bold: a little wider than the same figure in a row."""
        for c, column in enumerate(self.columns):
            value = (totals or {}).get(column.header)
            if value is not None and column.width is None:
                self.see(c, value)
                self.widths[c] += 1

    def result(self) -> list[int]:
        out = []
        for column, width in zip(self.columns, self.widths, strict=True):
            if column.width is not None:
                out.append(column.width)
            else:
                out.append(max(6, min(width, MAX_WIDTH.get(column.kind, 30))))
        return out
