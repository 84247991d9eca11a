"""The writer's per-cell shortcuts give what the plain ways give: wrapped lines, local
time serials across clock changes, and xlsxwriter's cell methods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amtui.core import clock
from amtui.reports.xlsx_cells import EXCEL_EPOCH, cell_methods, local_serials
from amtui.reports.xlsx_layout import OTHER_PIXELS, PIXELS, text_lines


def words_wrapped(text: str, width: int, bold: bool = False) -> int:
    """text_lines' rule, word by word for every text (no shortcut for one that fits), with
    Excel's character widths as XlsxWriter's autofit has them (CHAR_WIDTHS)."""
    from xlsxwriter.utility import CHAR_WIDTHS

    room = max(13, (width * 7 + 5 - 7 - 9) / (1.1 if bold else 1))  # margins, indent
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
