"""The window a virtual list has on its rows (widgets/paging.py), on its own and in the two
widgets that share it: the table and the board fetch their pages and scroll a row into
view through the same code."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from pilot_helpers import notifications, settle
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget

import amtui.db
from amtui.core.pipeline_view import StageTotals
from amtui.core.stages import StageRow
from amtui.tui.errors import load_failed
from amtui.tui.widgets import paging
from amtui.tui.widgets.board_column import StageColumn
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_board import DealBoard
from amtui.tui.widgets.paging import PageFetcher, top_for_row
from amtui.tui.widgets.row_source import PAGE, RowSource
from amtui.tui.widgets.virtual_table import VirtualTable


@dataclass(frozen=True)
class Row:
    id: int
    name: str


ROWS = [Row(i, f"Row {i:05d}") for i in range(1_000)]


class Fetches:
    """A source's fetch that counts its calls, can hold a page until let go, and fails
    the first `failures` calls."""

    def __init__(self, failures: int = 0, held: bool = False):
        self.calls: list[int] = []
        self.failures = failures
        self.go = threading.Event()
        if not held:
            self.go.set()

    def __call__(self, offset: int, limit: int) -> list[Row]:
        self.calls.append(offset)
        assert self.go.wait(10)
        if len(self.calls) <= self.failures:
            raise OSError("disk I/O error")
        return ROWS[offset:offset + limit]

    def source(self, rows=ROWS) -> RowSource:
        return RowSource([r.id for r in rows], self)


@pytest.fixture
def closed(monkeypatch) -> list[str]:
    """The threads whose connection to the book was closed, by name."""
    threads: list[str] = []
    monkeypatch.setattr(amtui.db, "close_book", lambda: threads.append(threading.current_thread().name))
    return threads


# --- scrolling a row into view -----------------------------------------------------------
@pytest.mark.parametrize(("index", "top", "centre", "wanted"), [
    (5, 0, False, None),  # in view: nothing moves
    (5, 0, True, None),
    (30, 0, False, 30 * 3 + 3 - 20),  # below: its last line at the bottom
    (2, 30, False, 6),  # above: its first line on top
    (30, 0, True, 30 * 3 - (20 // 3 // 2) * 3),  # in the middle
    (0, 4, True, -9),  # the caller keeps the top within the rows
])
def test_the_top_that_shows_a_row_whole(index, top, centre, wanted):
    assert top_for_row(index, top, 20, 3, centre=centre) == wanted


def test_a_row_cut_at_the_bottom_is_not_in_view():
    assert top_for_row(6, 0, 20, 3) == 1  # lines 18-20 of 0-19: one line down
    assert top_for_row(6, 1, 20, 3) is None


def test_a_board_column_keeps_its_top_within_its_cards():
    column = StageColumn(0, None, RowSource.of_rows(ROWS[:10]))  # 10 cards of 3 lines, 20 lines shown
    assert column.scroll_to_row(9, 3, 20) and column.top == 10
    assert not column.scroll_to_row(9, 3, 20, centre=True)  # in view: stays
    assert column.scroll_to_row(0, 3, 20, centre=True) and column.top == 0  # not above the first
    column.top = 25  # rows gone since: pulled back within them
    assert column.scroll_to_row(9, 3, 20) and column.top == 10


# --- fetching pages ------------------------------------------------------------------------
class Owner(Widget):
    """The least widget that fetches pages: what it was given, in order."""

    class PageLoaded(paging.PageLoaded):
        pass

    def __init__(self, source: RowSource):
        super().__init__()
        self.source = source
        self.pages = PageFetcher(self, self.PageLoaded, "owner-pages")
        self.drawn: list[int] = []

    def on_owner_page_loaded(self, message: PageLoaded) -> None:
        if self.pages.take(message) is self.source:
            self.drawn.append(message.number)

    def on_worker_state_changed(self, event) -> None:
        self.pages.on_worker_state_changed(event, [self.source])


class OwnerApp(App):
    def __init__(self, source: RowSource):
        super().__init__()
        self.source = source
        self.bubbled: list[object] = []

    def compose(self) -> ComposeResult:
        yield Owner(self.source)

    def on_owner_page_loaded(self, message) -> None:
        self.bubbled.append(message)


async def test_the_pages_on_screen_and_the_next_come_once_each_as_the_owners_message(closed):
    fetch = Fetches()
    app = OwnerApp(fetch.source())
    async with app.run_test() as pilot:
        owner = app.query_one(Owner)
        owner.pages.want(owner.source, 0, 0, 20)  # rows 0..40: page 0
        owner.pages.want(owner.source, 5, 0, 20)  # asked for already: not again
        await settle(pilot, 2)
        assert fetch.calls == [0] and owner.drawn == [0] and app.bubbled == []  # the owner stops it
        assert owner.source.loaded(PAGE - 1) and owner.source.row(7) == ROWS[7]
        assert len(closed) == 1 and closed[0] != threading.current_thread().name  # the worker's own

        owner.pages.want(owner.source, 250, 160, 30)  # rows 160..220 and the row drawn: pages 1, 2
        await settle(pilot, 2)
        assert sorted(fetch.calls) == [0, 100, 200] and sorted(owner.drawn) == [0, 1, 2]
        owner.pages.want(owner.source, 250, 160, 30)
        await settle(pilot, 2)
        assert len(fetch.calls) == 3 and len(closed) == 3  # loaded: nothing read


async def test_a_page_read_for_a_source_since_replaced_is_not_drawn(closed):
    fetch = Fetches(held=True)
    app = OwnerApp(fetch.source())
    async with app.run_test() as pilot:
        owner = app.query_one(Owner)
        old = owner.source
        owner.pages.want(old, 0, 0, 20)
        await pilot.pause()
        owner.source = Fetches().source(list(reversed(ROWS)))  # a reload while page 0 is read
        fetch.go.set()
        await settle(pilot, 2)
        assert owner.drawn == [] and old.loaded(0) and not owner.source.loaded(0)
        assert closed and not notifications(app)


async def test_a_page_that_fails_is_told_not_raised_and_asked_for_again(closed):
    fetch = Fetches(failures=1)
    app = OwnerApp(fetch.source())
    async with app.run_test() as pilot:
        owner = app.query_one(Owner)
        owner.pages.want(owner.source, 0, 0, 20)
        await settle(pilot, 2)
        assert app.is_running and owner.drawn == [] and not owner.source.loaded(0)
        assert [n.message for n in notifications(app)] == [load_failed(OSError("disk I/O error"))]
        assert len(closed) == 1  # closed though it failed
        assert owner.source.pending == set()
        owner.pages.want(owner.source, 0, 0, 20)
        await settle(pilot, 2)
        assert fetch.calls == [0, 0] and owner.drawn == [0] and len(notifications(app)) == 1


# --- the two widgets that share it -------------------------------------------------------
class TableApp(App):
    def __init__(self, source: RowSource):
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield VirtualTable()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_columns([ColumnSpec("name", "Name", 10, share=1)])
        table.show(self.source, lambda row: {"name": Text(row.name)})


async def test_the_table_draws_a_page_only_for_the_rows_it_shows(closed):
    fetch = Fetches(held=True)
    app = TableApp(fetch.source())
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        assert fetch.calls == [0] and table.render_line(1).text.strip() == "…"
        old = table.source
        table.show(RowSource.of_rows(ROWS[:3]), keep_id=0)  # a reload while page 0 is read
        fetch.go.set()
        await settle(pilot, 2)
        assert old.loaded(0) and table.source.total == 3
        assert [table.render_line(y).text.strip() for y in range(1, 5)] == ["Row 00000", "Row 00001",
                                                                            "Row 00002", ""]


def stage(number: int, source: RowSource) -> StageTotals:
    row = StageRow(number, f"Stage {number}", number, 10 * number, "pipeline", None, "open")
    return StageTotals(row, source.total, Decimal(0), Decimal(0))


class BoardApp(App):
    def __init__(self, sources: list[RowSource]):
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        yield DealBoard()

    def on_mount(self) -> None:
        self.query_one(DealBoard).show([stage(i, s) for i, s in enumerate(self.sources)], self.sources, {},
                                       lambda row, shape: Text(f"{row.name}\n-\n-"), None)


async def test_the_board_fetches_a_columns_pages_and_tells_a_failure(closed):
    fetch = Fetches(failures=1)
    app = BoardApp([RowSource.of_rows(ROWS[:5]), fetch.source(ROWS[:150])])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 2)
        board = app.query_one(DealBoard)
        held, paged = board.columns
        assert "Row 00004" in board.cell_text(held, 4)
        assert fetch.calls[0] == 0 and len(notifications(app)) == 1
        board.refresh()  # drawn again (the toast may draw it first): asked for again, once
        await settle(pilot, 2)
        assert fetch.calls == [0, 0] and paged.source.loaded(0) and not paged.source.loaded(PAGE)
        assert "Row 00000" in board.cell_text(paged, 0)
        assert len(closed) == 2 and not board.select(999) and board.select(149)  # held by its ids
        await settle(pilot, 2)
        assert fetch.calls == [0, 0, 100] and "Row 00149" in board.cell_text(paged, 149)
