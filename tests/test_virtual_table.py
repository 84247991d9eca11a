"""The virtual list on its own: it draws only what is on screen, fetches pages off the
event loop, keeps the cursor on its record, and answers keys and clicks as a table does."""

from __future__ import annotations

from dataclasses import dataclass

from pilot_helpers import notifications, settle
from rich.text import Text
from textual.app import App, ComposeResult

from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    amount: str


ROWS = [Row(i, f"Row {i:05d}", f"${i * 1000:,}") for i in range(10_000)]
SPECS = (ColumnSpec("name", "Name", 10, share=1), ColumnSpec("amount", "Amount", 12, right=True))


class ListApp(App):
    def __init__(self, source: RowSource):
        super().__init__()
        self.source = source
        self.built: list[int] = []
        self.messages: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_columns(SPECS)
        table.set_sort("name")
        table.show(self.source, self.cells)
        table.focus()

    def cells(self, row: Row) -> dict[str, object]:
        self.built.append(row.id)
        return {"name": Text(row.name), "amount": Text(row.amount, justify="right")}

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        self.messages.append(("selected", event.key))

    def on_virtual_table_header_selected(self, event: VirtualTable.HeaderSelected) -> None:
        self.messages.append(("header", event.column))


def paged(fetches: list[int]) -> RowSource:
    def fetch(offset: int, limit: int) -> list[Row]:
        fetches.append(offset)
        return ROWS[offset:offset + limit]

    return RowSource([r.id for r in ROWS], fetch)


async def test_only_the_rows_on_screen_are_built_and_pages_come_as_they_show():
    fetches: list[int] = []
    app = ListApp(paged(fetches))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        table = app.query_one(VirtualTable)
        assert table.row_count == 10_000
        assert fetches == [0]  # the page on screen (the next one is asked for when near)
        assert len(app.built) <= 20
        lines = [table.render_line(y).text for y in range(table.size.height)]
        assert lines[0].startswith(" Name ▲") and lines[1].startswith(" Row 00000")
        assert lines[1].rstrip().endswith("$0")  # numbers to the right
        built = len(app.built)
        table.refresh()
        await pilot.pause()
        assert len(app.built) == built  # drawn again from the cache

        await pilot.press("end")
        await settle(pilot, 3)
        assert table.cursor == 9_999 and table.selected_id() == 9_999
        assert fetches[-1] == 9_900 and len(fetches) <= 3
        assert table.render_line(table.size.height - 1).text.startswith(" Row 09999")
        await pilot.press("home", "pagedown")
        await settle(pilot, 3)
        assert table.cursor == table.body_height
        await pilot.press("enter")
        await pilot.pause()
        assert app.messages[-1] == ("selected", table.body_height)


async def test_a_new_source_keeps_the_cursor_on_its_record():
    app = ListApp(RowSource.of_rows(ROWS[:500]))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        table = app.query_one(VirtualTable)
        table.move_cursor(321)
        reordered = list(reversed(ROWS[:600]))
        table.show(RowSource.of_rows(reordered), keep_id=321)
        await pilot.pause()
        assert table.selected_id() == 321 and table.cursor == 600 - 1 - 321
        assert any("Row 00321" in table.render_line(y).text for y in range(table.size.height))
        table.show(RowSource.of_rows(ROWS[:10]), keep_id=321)  # gone: as near as the rows allow
        assert table.cursor == 9


async def test_clicks_select_a_row_then_open_it_and_a_header_click_is_told():
    app = ListApp(RowSource.of_rows(ROWS[:50]))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        table = app.query_one(VirtualTable)
        await pilot.click(VirtualTable, offset=(3, 4))
        assert table.cursor == 3 and app.messages == []
        await pilot.click(VirtualTable, offset=(3, 4))  # the cursor's row: open it
        await pilot.pause()
        assert app.messages == [("selected", 3)]
        await pilot.click(VirtualTable, offset=(table.widths["name"] + 4, 0))
        await pilot.pause()
        assert app.messages[-1] == ("header", "amount")


async def test_a_page_that_fails_to_load_is_told_and_asked_again():
    calls: list[int] = []

    def fetch(offset: int, limit: int) -> list[Row]:
        calls.append(offset)
        if len(calls) == 1:
            raise OSError("disk I/O error")
        return ROWS[offset:offset + limit]

    app = ListApp(RowSource([r.id for r in ROWS[:300]], fetch))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, 3)
        table = app.query_one(VirtualTable)
        assert notifications(app) and not table.source.loaded(0)
        table.refresh()
        await settle(pilot, 3)
        assert table.source.loaded(0) and table.cell_text(0, "name") == "Row 00000"


async def test_dates_and_money_never_cut_and_the_layout_follows_a_resize():
    app = ListApp(RowSource.of_rows(ROWS[:50]))
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot, 3)
        table = app.query_one(VirtualTable)
        wide = table.widths["name"]
        await pilot.resize_terminal(30, 20)
        await settle(pilot, 3)
        assert table.widths["name"] < wide and table.widths["amount"] == 12
        assert table.shown_cell(49, "amount").strip() == table.cell_text(49, "amount") == "$49,000"
