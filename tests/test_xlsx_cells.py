"""The writer's per-cell shortcuts give what the plain ways give: wrapped lines, local
time serials across clock changes, and xlsxwriter's cell methods."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.core import clock
from amtui.reports.model import Cell, Column
from amtui.reports.xlsx_cells import EXCEL_EPOCH, cell_methods, local_serials
from amtui.reports.xlsx_layout import (
    COMFORTABLE,
    FIRST_NARROWEST,
    LINE_POINTS,
    MIN_SCALE,
    NARROWEST,
    OTHER_PIXELS,
    PIXELS,
    SAMPLE_ROWS,
    TALL_MIN_SCALE,
    fit_scale,
    narrowed,
    text_lines,
    wrapped_heights,
)


def words_wrapped(text: str, width: int, bold: bool = False) -> int:
    """text_lines' rule, word by word for every text (no shortcut for one that fits), with
    Excel's character widths as XlsxWriter's autofit has them (CHAR_WIDTHS)."""
    return words_in(text, max(13, (width * 7 + 5 - 7 - 9) / (1.1 if bold else 1)))  # margins, indent


def words_in(text: str, room: float) -> int:
    """The word-by-word count at `room` pixels a line."""
    from xlsxwriter.utility import CHAR_WIDTHS

    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += 1
        used = 0.0
        for word in paragraph.split():
            size = sum(CHAR_WIDTHS.get(char, 8) for char in word)
            if used and used + 3 + size > room:
                lines += 1
                used = 0.0
            used += size + (3 if used else 0)
            while used > room:
                lines += 1
                used -= room
    return lines


@given(st.text(alphabet="ab  -@é\n\t\r\u00a0\u2028\x85WiMl", max_size=60), st.integers(-2, 40),
       st.booleans())
def test_text_lines_is_the_word_by_word_count(text, width, bold):
    assert text_lines(text, width, bold=bold) == words_wrapped(text, width, bold)


# texts as a sheet has them: words of narrow and wide letters, a long address, line
# breaks, other spaces and characters Excel has no width for, some again and again
TEXTS = st.one_of(
    st.text(alphabet="ab  -.,@é\n\t\r\u00a0\u2028\x85WiMlm%&1", max_size=120),
    st.sampled_from(["Audience Insights Subscription renewal 2027", "won + commit deals",
                     "averyveryverylongaddress@northernlightsbroadcasting.example", "", "il " * 13,
                     "Call back\non Tuesday", "WM" * 10, "Northern Lights Regional Broadcasting"]))


@given(st.lists(st.tuples(TEXTS, st.integers(-2, 60), st.booleans(), st.booleans()), max_size=30))
def test_remembered_lines_are_the_word_by_word_count(cases):
    """Counted once and remembered (the shortcuts for a text that fits, or cannot), a
    text's lines are the word-by-word count, the second time as the first."""
    for text, width, bold, indent in cases + cases[::-1]:
        room = max(13, (width * 7 + 5 - 7 - (9 if indent else 0)) / (1.1 if bold else 1))
        assert text_lines(text, width, bold=bold, indent=indent) == words_in(text, room)


# a deal's name, a next step: words of a rep's book, some long
SENTENCES = st.lists(st.sampled_from(
    ["Audience", "Insights", "renewal", "2027", "for", "the", "spring", "campaign", "Northern",
     "Lights", "Broadcasting", "WWW", "ill", "a", "Video", "pre-roll", "bundle", "Call", "back",
     "on", "Tuesday", "averyveryverylongaddress@northernlightsbroadcasting.example"]),
    max_size=14).map(" ".join)
VALUES = st.one_of(TEXTS, st.none(), st.integers(0, 10 ** 12), st.builds(Cell, TEXTS))


@given(st.lists(st.lists(VALUES, max_size=5), max_size=25),
       st.lists(st.tuples(st.integers(0, 5), st.integers(1, 50)), max_size=3, unique_by=lambda w: w[0]))
def test_row_heights_are_their_most_wrapped_cells(rows, wrapped):
    """wrapped_heights (a column's room worked out once) is, row by row, the lines of
    its most wrapped cell, capped at 12 (a Cell's value measured; a short row's missing
    cells, and empty ones, one line)."""
    def lines(values) -> int:
        found = [words_wrapped(str(v.value if isinstance(v, Cell) else v), width)
                 for c, width in wrapped if c < len(values) and (v := values[c])]
        return min(max(found, default=1), 12)

    assert wrapped_heights(rows, wrapped) == [
        LINE_POINTS * lines(values) if lines(values) > 1 else None for values in rows]


def narrowed_by_recount(columns, widths, paper, least, rows):
    """narrowed as it is specified: every step, every sampled cell's lines counted again
    at the columns' widths and a character narrower, and the cheapest column narrowed."""
    lines_of = cache(words_wrapped)

    def fits(ws):
        return fit_scale(ws, paper) >= least

    if fits(widths):
        return columns, widths
    texts = [c for c, column in enumerate(columns) if column.kind in ("text", "wrap")]
    floors = {c: FIRST_NARROWEST if c == 0 else NARROWEST for c in texts}
    if not fits([min(w, floors[c]) if c in floors else w for c, w in enumerate(widths)]):
        return columns, widths
    sample = rows[:: max(1, math.ceil(len(rows) / SAMPLE_ROWS))]

    def at(c, width):
        cells = (row[c] if c < len(row) else None for row in sample)
        values = (v.value if isinstance(v, Cell) else v for v in cells)
        return [lines_of("" if v is None else str(v), width) for v in values]

    ws = list(widths)
    while not fits(ws):
        heights = [max(cells) for cells in zip(*(at(c, ws[c]) for c in texts), strict=True)]

        def cost(c, heights=heights):
            return sum(max(0, after - height)
                       for after, height in zip(at(c, ws[c] - 1), heights, strict=True))

        *_, c = min((cost(c), 1 if c == 0 else 0 if ws[c] > COMFORTABLE else 2, -ws[c], c)
                    for c in texts if ws[c] > floors[c])
        ws[c] -= 1
    return [Column(column.header, "wrap", ws[c]) if ws[c] < widths[c] else column
            for c, column in enumerate(columns)], ws


@settings(max_examples=200, deadline=None)
@given(st.data(), st.integers(2, 4), st.sampled_from(["letter", "a4"]),
       st.sampled_from([MIN_SCALE, TALL_MIN_SCALE]))
def test_narrowing_keeps_its_counts_as_a_recount_has_them(data, texts, paper, least):
    """The narrowing, which keeps each column's lines and costs from step to step, takes
    the same characters from the same columns as recounting every cell every step."""
    kinds = data.draw(st.permutations(["wrap"] * (texts - 1) + ["text", "money", "date"]))
    columns = [Column(f"Column {c}", kind) for c, kind in enumerate(kinds)]
    widths = [data.draw(st.integers(8, 70)) for _ in columns]
    cell = st.one_of(SENTENCES, SENTENCES, TEXTS, st.none(), st.builds(Cell, SENTENCES),
                     st.just(Decimal("12.5")))
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns) - 1, max_size=len(columns)),
                              max_size=30))
    assert narrowed(columns, widths, paper, least, rows) == narrowed_by_recount(
        columns, widths, paper, least, rows)


def test_a_text_that_fits_is_one_line_and_a_line_break_is_another():
    assert text_lines("Call back on Tuesday", 30) == 1
    assert text_lines("Call back\non Tuesday", 30) == 2
    assert text_lines("", 10) == 1


def test_lines_are_counted_in_excels_pixels_not_characters():
    """Excel's Calibri is wider against its columns than a character a letter: in 23
    characters (150 pixels of text) "Audience Insights Subscription renewal 2027" takes
    three lines, while as many narrow letters take one, and as many capitals two."""
    assert text_lines("Audience Insights Subscription renewal 2027", 23) == 3
    assert text_lines("il " * 13, 23) == 1
    assert text_lines("WM" * 10, 23) == 2
    # a header is bold: "Won + commit" wraps in 15 characters (LibreOffice hid its first row)
    assert text_lines("Won + commit", 15) == 1 and text_lines("Won + commit", 15, bold=True) == 2
    # a note written without the indent has its room
    assert text_lines("won + commit deals", 18) == 2 and text_lines("won + commit deals", 18, indent=False) == 1


def test_the_pixel_widths_are_excels():
    from xlsxwriter.utility import CHAR_WIDTHS

    assert {char: PIXELS.get(char, OTHER_PIXELS) for char in CHAR_WIDTHS} == CHAR_WIDTHS


def test_local_serials_follow_the_clock_changes(new_york):
    serial = local_serials()
    # every 7 minutes over the days around both of 2026's clock changes, and a day between
    for start in (datetime(2026, 3, 7, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC),
                  datetime(2026, 10, 31, tzinfo=UTC)):
        for step in range(3 * 24 * 60 // 7):
            moment = start + timedelta(minutes=7 * step, seconds=step % 60)
            local = clock.local(moment)
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            assert serial(moment) == local.toordinal() - EXCEL_EPOCH + seconds / 86400


def test_cell_methods_are_the_undecorated_writers_or_the_public_ones():
    class Plain:
        def write_string(self, *args):
            return "string"

        def write_number(self, *args):
            return "number"

    class Undecorated(Plain):
        def _write_string(self, *args):
            return "_string"

        def _write_number(self, *args):
            return "_number"

    strings, numbers = cell_methods(Plain())
    assert (strings(1, 1, "x"), numbers(1, 1, 1.0)) == ("string", "number")
    strings, numbers = cell_methods(Undecorated())
    assert (strings(1, 1, "x"), numbers(1, 1, 1.0)) == ("_string", "_number")


def test_the_installed_xlsxwriter_has_the_undecorated_writers_and_they_write(tmp_path):
    import openpyxl
    import xlsxwriter

    path = tmp_path / "cells.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    strings, numbers = cell_methods(sheet)
    assert strings.__func__ is type(sheet)._write_string
    assert numbers.__func__ is type(sheet)._write_number
    strings(0, 0, "Acme")
    numbers(0, 1, 12.5)
    workbook.close()
    cells = openpyxl.load_workbook(path).active
    assert (cells["A1"].value, cells["B1"].value) == ("Acme", 12.5)
