"""Page layout: row heights for wrapped text, paper, print scale, headers and footers.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import repeat

from amtui.reports.model import Cell, Column, Report

LINE_POINTS = 15  # the height of one line of 11-point text

# Excel's widths, in pixels at 100%, of the characters of 11-point Calibri (the body type),
# as XlsxWriter's autofit has them (measured in Excel); any other character is 8.  Excel
# lays text out wider against its columns than LibreOffice does (a column is 7 pixels a
# character in Excel, 7 points in LibreOffice: see PRINT_WIDTH_FACTOR), so a row as tall
# as Excel wraps its text holds it in LibreOffice too.
_PIXELS_OF = {3: " '", 4: ",.:;`Iijl", 5: "!()-J[]{}frt", 6: "\"/L\\csz",
              7: "#$*+0123456789<=>?EFSTYZ^_agkvxy|~", 9: "ADGHUV", 10: "&NOQ",
              11: "%w", 12: "Mm", 13: "@W"}
PIXELS = {char: pixels for pixels, chars in _PIXELS_OF.items() for char in chars}
OTHER_PIXELS = 8
WIDEST_PIXELS = 13
NARROWEST_PIXELS = 3
SPACE_PIXELS = PIXELS[" "]
# what a line of a cell holds: its width (7 pixels a character, and 5) less Excel's margins
# (7 pixels, as its autofit adds) and the indent of text (an indent level is 3 spaces)
MARGIN_PIXELS = 7
INDENT_PIXELS = 3 * SPACE_PIXELS
# bold type: a tenth wider (Calibri Bold is 2% wider than Calibri; DejaVu Sans Bold,
# which LibreOffice prints where Calibri is missing, is still narrower than that)
BOLD = 1.1


def text_pixels(text: str) -> int:
    """The width of text in Excel's pixels (11-point Calibri)."""
    return sum(map(PIXELS.get, text, repeat(OTHER_PIXELS)))


# a sheet's words come back row after row (stages, "close date passed", client names)
word_pixels = lru_cache(maxsize=8192)(text_pixels)


def line_pixels(width: float, *, bold: bool = False, indent: bool = True) -> float:
    """The pixels of (regular) text a line of a cell `width` characters wide holds."""
    room = width * 7 + 5 - MARGIN_PIXELS - (INDENT_PIXELS if indent else 0)
    return max(WIDEST_PIXELS, room / BOLD if bold else room)


def text_lines(text: str, width: float, *, bold: bool = False, indent: bool = True) -> int:
    """How many lines text takes when wrapped, word by word, in a column `width`
    characters wide, as Excel lays it out (see PIXELS): bold for a header, indent=False
    for text written without amtui's indent."""
    return lines_in(text if type(text) is str else str(text),
                    line_pixels(width, bold=bold, indent=indent))


# A sheet's texts come back row after row (deal names, the Summary's notes), and the
# narrowing measures the same texts at one width after another: a text's lines at a
# line's room, and its words' widths, are worked out once (bounded, so a long session
# holds no more than a few megabytes of them).
@lru_cache(maxsize=1 << 15)
def lines_in(text: str, room: float) -> int:
    """text_lines for a str given the line's room in pixels (line_pixels)."""
    if text.isprintable() and (len(text) * WIDEST_PIXELS <= room
                               or (len(text) * NARROWEST_PIXELS <= room and text_pixels(text) <= room)):
        return 1  # one paragraph (no line break is printable) that fits a line whole
    return _wrapped(_words(text), room)


@lru_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[tuple[int, ...], ...]:
    """text's paragraphs, each as its words' widths in pixels: all wrapping needs of it."""
    return tuple(tuple(map(word_pixels, paragraph.split()))
                 for paragraph in text.splitlines() or [""])


def wrapped_lines(text: str, room: float) -> int:
    """The lines of text wrapped word by word at `room` pixels a line; a word longer
    than a line (an email address) breaks where it reaches the line's end."""
    return _wrapped(_words(text), room)


def _wrapped(paragraphs: tuple[tuple[int, ...], ...], room: float,
             space: int = SPACE_PIXELS) -> int:
    lines = 0
    for sizes in paragraphs:
        lines += 1
        used = 0.0
        for size in sizes:
            if used and used + space + size > room:
                lines += 1
                used = 0.0
            used += size + (space if used else 0)
            while used > room:
                lines += 1
                used -= room
    return lines


def row_height(values, columns: list[Column], widths: list[int], cap: int = 12) -> float | None:
    """The height a row of wrapped text needs, or None when one line does."""
    lines = 1
    for value, column, width in zip(values, columns, widths, strict=False):
        if column.kind == "wrap" and value:
            text = value.value if isinstance(value, Cell) else value
            lines = max(lines, text_lines(text, width))
    return LINE_POINTS * min(lines, cap) if lines > 1 else None


def wrapped_heights(rows, wrapped: list[tuple[int, int]], cap: int = 12) -> list[float | None]:
    """`row_height` of each row given the wrapped columns alone, as (index, width): a
    listed sheet works out their rooms once, not once a row."""
    rooms = [(c, line_pixels(width)) for c, width in wrapped]
    heights = []
    for values in rows:
        lines = 1
        size = len(values)
        for c, room in rooms:
            if c < size:
                value = values[c]
                if value:
                    text = value.value if isinstance(value, Cell) else value
                    found = lines_in(text if type(text) is str else str(text), room)
                    if found > lines:
                        lines = found
        heights.append(LINE_POINTS * min(lines, cap) if lines > 1 else None)
    return heights


def header_height(columns: list[Column], widths: list[int]) -> float | None:
    # bold type: a header row one line tall hid "Won + commit", wrapped in 12 (LibreOffice)
    lines = max((text_lines(c.header, w, bold=True) for c, w in zip(columns, widths, strict=True)),
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
# points down, less 10 points the header and footer may push in: {paper: {orientation:
# (width px, height pt)}}.  Letter is 8.5" x 11", A4 8.27" x 11.69".
PAGE_AREA = {
    "letter": {"landscape": (979, 505), "portrait": (739, 685)},
    "a4": {"landscape": (1045, 488), "portrait": (717, 734)},
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
# the first column names the row (a client): narrowed last and never below this, so a
# long name ("Northern Lights Regional Broadcasting Cooperative") wraps onto a second
# line rather than push the sheet off one page wide
FIRST_NARROWEST = 24
COMFORTABLE = 16  # where wrapping costs the same, the others go this narrow before the first
# LibreOffice lays a column out a third wider than Excel does: 7 points a character where
# Excel has 7 pixels (measured with 7.4, whether DejaVu Sans or Carlito stands in for
# Calibri), so 4/3, and a hair more for its rounding to twips; scales are worked out for
# the wider of the two, so Excel prints the same sheet a little larger.
PRINT_WIDTH_FACTOR = 1.34
# LibreOffice prints a sheet fit one page wide at the largest whole percent that fits,
# then, when the sheet runs over several pages, 2% smaller if that saves a page
# (tdf#103516): a 141-row sheet that fit at 75% printed at 73%, one of 120 rows at 75%.
# A sheet that runs past a page is fitted for the scale that still leaves MIN_SCALE.
NUDGE = 0.98
TALL_MIN_SCALE = next(p for p in range(round(MIN_SCALE * 100), 101)
                      if int(p * NUDGE) >= MIN_SCALE * 100) / 100  # 0.77


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


def narrowed(columns: list[Column], widths: list[int], paper: str, least: float = MIN_SCALE,
             rows=()) -> tuple[list[Column], list[int]]:
    """Columns and widths that print one page wide at `least` (MIN_SCALE, or
    TALL_MIN_SCALE for a sheet that runs past a page), when wrapping long text gets them
    there: a text column is narrowed and wrapped a character at a time, the one that
    adds the fewest lines to the rows (their heights: a row is as tall as its most
    wrapped cell), down to NARROWEST, the first (which names the row) to FIRST_NARROWEST.
    Where that costs nothing (no rows given, or text that still fits), the widest other
    column down to COMFORTABLE first, then the first, then the others.  Unchanged when
    the sheet fits already or cannot fit (it then prints over several pages)."""
    def fits(ws: list[int]) -> bool:
        return fit_scale(ws, paper) >= least

    if fits(widths):
        return columns, widths
    texts = [c for c, column in enumerate(columns) if column.kind in ("text", "wrap")]
    floors = {c: FIRST_NARROWEST if c == 0 else NARROWEST for c in texts}
    if not fits([min(w, floors[c]) if c in floors else w for c, w in enumerate(widths)]):
        return columns, widths
    ws = list(widths)
    lines = _Lines(rows, {c: ws[c] for c in texts})
    while not fits(ws):
        # the cheapest; of those, the widest other column down to COMFORTABLE, the first,
        # then the others
        *_, c = min((lines.cost(c), 1 if c == 0 else 0 if ws[c] > COMFORTABLE else 2, -ws[c], c)
                    for c in texts if ws[c] > floors[c])
        ws[c] -= 1
        lines.narrow(c)
    cols = [Column(column.header, "wrap", ws[c]) if ws[c] < widths[c] else column
            for c, column in enumerate(columns)]
    return cols, ws


SAMPLE_ROWS = 250  # rows measured to choose which column to narrow (a long sheet: spread)


class _Lines:
    """The rows of (a sample of) a sheet that take more than one line, as the text
    columns narrow a character at a time, and what narrowing a column costs.  Lines are
    kept as {row: lines} for the rows over one line (a row of one-line cells costs
    nothing); a narrowing updates the heights of the rows whose lines it changed, and
    the other columns' costs by what those rows' new heights change of them."""

    def __init__(self, rows, widths: dict[int, int]):
        rows = rows if isinstance(rows, list | tuple) else list(rows)
        rows = rows[:: max(1, math.ceil(len(rows) / SAMPLE_ROWS))]
        self.texts = {c: _Texts(row[c] if c < len(row) else None for row in rows)
                      for c in widths}
        self.widths = dict(widths)
        self.now = {c: self.texts[c].at(width) for c, width in widths.items()}
        self.narrower: dict[int, dict[int, int]] = {}  # a column's lines a character narrower
        self.costs: dict[int, int] = {}
        # the rows over one line, and their lines: as many as their most wrapped cell's
        self.heights: dict[int, int] = {}
        for cells in self.now.values():
            for row, lines in cells.items():
                if lines > self.heights.get(row, 1):
                    self.heights[row] = lines

    def cost(self, c: int) -> int:
        """The lines the rows gain with column c a character narrower (a row is as tall
        as its tallest cell: a cell gaining a line under it costs nothing)."""
        found = self.costs.get(c)
        if found is None:
            narrower = self.narrower.get(c)
            if narrower is None:
                narrower = self.narrower[c] = self.texts[c].at(self.widths[c] - 1)
            heights = self.heights
            found = 0
            for row, after in narrower.items():
                height = heights.get(row, 1)
                if after > height:
                    found += after - height
            self.costs[c] = found
        return found

    def narrow(self, c: int) -> None:
        """Column c is a character narrower."""
        self.widths[c] -= 1
        before = self.now[c]
        now = self.narrower.pop(c, None)
        self.now[c] = now = self.texts[c].at(self.widths[c]) if now is None else now
        self.costs.pop(c, None)
        heights, costs = self.heights, self.costs
        changed = [row for row, lines in now.items() if before.get(row, 1) != lines]
        changed += [row for row in before if row not in now]
        for row in changed:
            was = heights.get(row, 1)
            lines = now.get(row, 1)
            if lines < before.get(row, 1) == was:  # the row's tallest cell got shorter
                height = max(cells.get(row, 1) for cells in self.now.values())
            else:
                height = max(was, lines)
            if height == was:
                continue
            if height > 1:
                heights[row] = height
            else:
                del heights[row]
            for other in costs:  # what this row adds to narrowing another column
                after = self.narrower[other].get(row, 1)
                costs[other] += max(0, after - height) - max(0, after - was)


class _Texts:
    """A column's texts, row by row: each distinct text once, with the rows it is in,
    widest first (text that is not one printable line first of all)."""

    def __init__(self, values):
        rows_of: dict[str, list[int]] = {}
        for row, value in enumerate(values):
            value = value.value if isinstance(value, Cell) else value
            text = "" if value is None else value if type(value) is str else str(value)
            rows_of.setdefault(text, []).append(row)
        self.rows_of = rows_of
        self.widest = sorted(((text_pixels(text) if text.isprintable() else math.inf, text)
                              for text in rows_of), reverse=True)

    def at(self, width: int) -> dict[int, int]:
        """{row: lines} for the rows whose text takes more than a line at `width`."""
        room = line_pixels(width)
        found: dict[int, int] = {}
        for pixels, text in self.widest:
            if pixels <= room:
                break  # this text and every narrower one fit a line whole
            # lines_in's count, short of its test for a text that fits (this one does not)
            lines = _wrapped(_words(text), room)
            if lines > 1:
                for row in self.rows_of[text]:
                    found[row] = lines
        return found


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


def runs_past_a_page(height: float | None, widths: list[float] | None, paper: str,
                     orientation: str = "landscape") -> bool:
    """Whether a sheet `height` points tall (None: not known), printed one page wide,
    runs past its first page: LibreOffice may then print it 2% smaller (see NUDGE)."""
    if height is None:
        return True
    scale = fit_scale(widths, paper, orientation) if widths else 1.0
    return height * scale > PAGE_AREA[paper][orientation][1]


def least_scale(height: float | None, widths: list[float] | None, paper: str,
                orientation: str = "landscape") -> float:
    """The least scale a sheet may be fit one page wide at and print at MIN_SCALE or more."""
    return TALL_MIN_SCALE if runs_past_a_page(height, widths, paper, orientation) else MIN_SCALE


def print_setup(ws, report: Report, *, repeat_header: bool, widths: list[float] | None = None,
                orientation: str = "landscape", fit: bool = True,
                height: float | None = None, across: bool = True) -> float | None:
    """The title on every page and "Page 1 of 3" below; one page wide when that keeps
    the type readable (see MIN_SCALE and NUDGE): fit to the page's width, or at a scale
    set when LibreOffice would take a long sheet 2% under it; else over several pages
    (see pages_scale) with the first column repeated (across=False: the Summary, laid
    out one page wide, stays fit to it).  fit=False: a data dump (the book), one page
    wide whatever it takes.  `height`: the sheet's in points.
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
    if (not fit or scale >= least_scale(height, widths, paper, orientation)
            or (scale < MIN_SCALE and not across)):
        # not fit: a data dump, one page wide whatever the scale (its Summary says it
        # is not a printed report); at 100% LibreOffice printed it with blank pages
        ws.fit_to_pages(1, 0)
        return scale
    if scale >= MIN_SCALE:
        # one page wide at the whole percent LibreOffice fits it at, before its nudge
        percent = int(scale * 100)
    else:  # too wide for one readable page (widths given: without, scale is 1)
        percent = pages_scale(widths, paper, orientation, height)
        ws.repeat_columns(0)
    ws.set_print_scale(percent)
    return percent / 100
