"""The writer's per-cell shortcuts give what the plain ways give: wrapped lines, local
time serials across clock changes, and xlsxwriter's cell methods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amtui.core import clock
from amtui.reports.xlsx_cells import EXCEL_EPOCH, cell_methods, local_serials
from amtui.reports.xlsx_layout import text_lines


def words_wrapped(text: str, width: int) -> int:
    """text_lines' rule, word by word for every text (no shortcut for one that fits)."""
    per_line = max(1, int(width * 1.1))
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += len(word) + (1 if used else 0)
            while used > per_line:
                lines += 1
                used = max(0, used - max(1, width - 3))
    return lines


@given(st.text(alphabet="ab  -@é\n\t\r\u00a0\u2028\x85", max_size=60), st.integers(-2, 40))
def test_text_lines_is_the_word_by_word_count(text, width):
    assert text_lines(text, width) == words_wrapped(text, width)


def test_a_text_that_fits_is_one_line_and_a_line_break_is_another():
    assert text_lines("Call back on Tuesday", 30) == 1
    assert text_lines("Call back\non Tuesday", 30) == 2
    assert text_lines("", 10) == 1


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
