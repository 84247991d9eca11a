"""The fitted table leaves room for the scroll bar its rows will need, from the first fill.

Seen in CI: What changed laid its columns out while Textual had not yet shown the scroll
bar, and once the bar came the columns took 79 cells of 78.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.fitted_table import FittedTable

SPECS = (
    ColumnSpec("name", "Name", 8, share=1, ideal=200),
    ColumnSpec("note", "Note", 8, share=1, ideal=200),
    ColumnSpec("day", "Day", 3),
)


class Holder(App):
    CSS = "FittedTable { height: 10; }"

    def compose(self) -> ComposeResult:
        yield FittedTable(SPECS, cursor_type="row")


def rows(n: int) -> list[tuple[str, list]]:
    return [(str(i), [f"client with a long name {i} " * 5, "a note that runs on and on " * 8, "Mon"])
            for i in range(n)]


def taken(table: FittedTable) -> int:
    return sum(width + 2 for width in table.widths.values())  # each cell's padding too


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize("count", [3, 40])
async def test_columns_fit_inside_the_scroll_bar_from_the_first_fill(width, count):
    app = Holder()
    async with app.run_test(size=(width, 24)) as pilot:
        table = app.query_one(FittedTable)
        table.fill(rows(count))
        # read at once, before Textual's next layout shows (or hides) the bar
        bar = table.styles.scrollbar_size_vertical if count > 9 else 0
        assert taken(table) <= table.content_region.width - bar
        await pilot.pause()
        assert table.show_vertical_scrollbar == (count > 9)
        assert taken(table) <= table.scrollable_content_region.width
        assert table.cuts  # the long cells are cut, so every cell of room was used
        assert taken(table) >= table.scrollable_content_region.width - 1


async def test_fewer_rows_give_the_bar_s_room_back():
    app = Holder()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(FittedTable)
        table.fill(rows(40))
        await pilot.pause()
        narrow = taken(table)
        table.fill(rows(3))
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        assert taken(table) == narrow + table.styles.scrollbar_size_vertical
