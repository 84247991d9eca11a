"""safe_table.fill: a table's columns as wide as their cells from its first paint, and
book text shown with stand-ins for control characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult

from amtui.tui.safe_table import SafeTable, fill

EMPTY = "Nothing exported yet: press x to write a workbook."


class OneTable(App):
    def compose(self) -> ComposeResult:
        yield SafeTable(id="t")


def painted(table: SafeTable, y: int) -> str:
    return table.render_line(y).text


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_fill_sizes_the_columns_before_the_table_has_idled(size):
    async with OneTable().run_test(size=size) as pilot:
        table = pilot.app.query_one(SafeTable)
        table.add_columns("Written", "Report")
        table.add_row("", "short")
        await pilot.pause()
        fill(table, ("Written", "Report"), [("", EMPTY)])
        # painted at once, before the table's idle: a column left to be measured then
        # would still be as wide as before ("short" or its label), and the line cut
        assert [c.get_render_width(table) for c in table.ordered_columns] == [len("Written") + 2, len(EMPTY) + 2]
        assert EMPTY in painted(table, 1)
        await pilot.pause()
        assert EMPTY in painted(table, 1) and table.row_count == 1


async def test_fill_measures_what_the_table_shows_and_keeps_the_keys():
    async with OneTable().run_test(size=(120, 20)) as pilot:
        table = pilot.app.query_one(SafeTable)
        fill(table, ("Client", "Note"), [("Acme\x1b[31m", "a\nb"), ("Globex", "ok")], keys=["1", "2"])
        await pilot.pause()
        first = painted(table, 1)
        assert "\x1b" not in first and "Acme" in first
        assert [c.get_render_width(table) for c in table.ordered_columns] == [
            len("Acme") + 5 + 2, len("Note") + 2]  # the escape and its four characters as five stand-ins
        assert [k.value for k in table.rows] == ["1", "2"]


@given(st.text())
def test_book_text_as_markup_reads_back_as_the_text_shown(text):
    """`safe.markup`: whatever the book holds ("[2J", "[/]", a backslash before a "["),
    Textual's markup parser gives back the text as the screens show it, never a style
    and never a MarkupError (the palette's help line takes only markup)."""
    from textual.content import Content

    from amtui.core.text import printable
    from amtui.tui.safe import markup

    assert Content.from_markup(markup(text)).plain == printable(text)
