"""Every section at 80x24, 100x30, 120x40 and 200x60: the main table shows at least 8 rows
(or all it has), no date or money cell is cut, and the footer holds `?`; on a client,
every tab is on screen and each part's table shows 8 rows."""

from __future__ import annotations

import pytest
from pilot_helpers import settle, visible_rows
from textual.widgets import DataTable

from amtui.tui.app import AmtuiApp
from amtui.tui.widgets.virtual_table import VirtualTable

SIZES = [(80, 24), (100, 30), (120, 40), (200, 60)]
# section key -> the main table's selector
MAIN = {"1": "#today-follow_ups", "2": "#client-table", "3": "#deal-table", "4": "#quota-deals",
        "5": "#reports-recent"}
# columns holding dates or money: never cut
WHOLE = {"close", "amount", "weighted", "pays", "running", "won", "quota", "open_pipeline",
         "next_follow_up", "last_contact", "due", "last", "renews", "value", "when"}


def cut_cells(table: DataTable | VirtualTable) -> list[str]:
    if isinstance(table, VirtualTable):
        return cut_lines(table)
    cut, checked = [], 0
    for column in table.columns.values():
        key = column.key.value
        if key not in WHOLE:
            continue
        for row in range(table.row_count):
            text = str(table.get_cell_at((row, table.get_column_index(key)))).strip()
            checked += 1
            if len(text) > column.get_render_width(table) - 2 * table.cell_padding:
                cut.append(f"{key}: {text!r}")
    assert checked or table.row_count == 0 or not WHOLE & {c.key.value for c in table.columns.values()}
    return cut


def cut_lines(table: VirtualTable) -> list[str]:
    """A virtual list's cells as drawn at the column's width against their whole text, for
    every row loaded (the pages seen: both lists read a page at a time)."""
    cut, checked = [], 0
    for index in range(table.row_count):
        if not table.source.loaded(index):
            continue
        for key in WHOLE & set(table.widths):
            whole, drawn = table.cell_text(index, key).strip(), table.shown_cell(index, key).strip()
            checked += 1
            if whole != drawn:
                cut.append(f"{key}: {drawn!r} for {whole!r}")
    assert checked or table.row_count == 0
    return cut


def test_a_cut_date_is_caught():
    from textual.app import App

    class One(App):
        def compose(self):
            table = DataTable()
            table.add_column("Close", key="close", width=5)
            table.add_row("Wed 2 Dec")
            yield table

    async def run():
        async with One().run_test() as pilot:
            return cut_cells(pilot.app.query_one(DataTable))

    import asyncio

    assert asyncio.run(run()) == ["close: 'Wed 2 Dec'"]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_main_tables_show_8_rows_and_whole_dates_and_money(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        for section, selector in MAIN.items():
            await pilot.press(section)
            await settle(pilot, 3)
            table = app.screen.query_one(selector)
            if section == "4":  # the body scrolls: tab brings the deals into view
                table.focus()
                table.scroll_visible(animate=False)
                await settle(pilot, 3)
            if section != "5":  # Reports lists a handful of recent exports
                assert visible_rows(table) >= min(8, table.row_count), (section, size)
            assert cut_cells(table) == [], (section, size)
            assert footer_has_help(app), (section, size)
        # a client (the first in the list): its tabs all on screen, its contacts and the
        # part tables' rows
        await pilot.press("2")
        await settle(pilot, 3)
        await pilot.press("enter")
        await settle(pilot, 3)
        screen = app.screen
        assert screen.SECTION == "Client"
        tabs = [tab for tab in screen.query("#client-parts Tab") if tab.display]
        assert len(tabs) == 7 and all(0 <= tab.region.x and tab.region.right <= size[0] for tab in tabs), size
        for _part in range(7):
            table = screen.table
            assert visible_rows(table) >= min(8, table.row_count), (screen.part, size)
            assert footer_has_help(app), (screen.part, size)
            await pilot.press("tab")
            await settle(pilot)


def footer_has_help(app) -> bool:
    from amtui.tui.widgets.keys_footer import KeysFooter

    return " ? Keys " in app.screen.query_one(KeysFooter).render_line(0).text
