"""A list's next lines are drawn in the load's worker: a sort, a filter keystroke or a
reload leaves the screen's thread only swapping ready lines in (ready_lines.py), and
those lines are the ones the table would have drawn itself."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle, wait_for
from pipeline_fixtures import open_pipeline
from textual.widgets import Input

from amtui.core import deal_moves
from amtui.models import Client
from amtui.tui.app import AmtuiApp
from amtui.tui.widgets import client_table, deal_table
from amtui.tui.widgets.client_table import ClientTable

SIZES = [(80, 24), (200, 60)]
TODAY = date(2026, 11, 27)
STAGES = ("Qualify", "Discover", "Propose", "Negotiate")


@pytest.fixture
def big_book(book_path):
    Client.insert_many(
        [{"name": f"Client {i:04d}", "name_key": f"client {i:04d}"} for i in range(2000)]
    ).execute()
    return book_path


def drawn(table) -> list[list]:
    """Every line on screen as the table draws it: its segments."""
    return [list(table.render_line(y)) for y in range(table.size.height)]


def drawn_afresh(table) -> list[list]:
    """The same lines drawn by the table itself, from nothing kept."""
    table._cells.clear()
    table._lines.clear()
    return drawn(table)


@pytest.fixture
def cell_threads(monkeypatch) -> list[threading.Thread]:
    """The threads the client list's cells are built in."""
    threads: list[threading.Thread] = []
    build = client_table.client_cells

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return build(*args, **kwargs)

    monkeypatch.setattr(client_table, "client_cells", recorded)
    return threads


async def on_clients(pilot) -> ClientTable:
    await pilot.press("2")
    await settle(pilot, 2)
    return pilot.app.screen.query_one(ClientTable)


@pytest.mark.parametrize("size", SIZES)
async def test_a_sort_and_a_reload_swap_in_lines_drawn_in_the_worker(big_book, cell_threads, size):
    app = AmtuiApp(db_path=big_book)
    async with app.run_test(size=size) as pilot:
        table = await on_clients(pilot)
        table.move_cursor(1234)
        await settle(pilot)
        chosen = table.selected_id()
        for key in ("less_than_sign", "r", "greater_than_sign"):  # name reversed, a reload, tier
            table.drawn_here = 0
            cell_threads.clear()
            await pilot.press(key)
            await settle(pilot)
            assert table.selected_id() == chosen
            lines = drawn(table)
            assert table.drawn_here == 0, key  # every line on screen was ready
            assert cell_threads and threading.main_thread() not in cell_threads, key
            assert any("Client 1234" in "".join(s.text for s in line) for line in lines)
            assert lines == drawn_afresh(table), key  # what the table would draw itself


@pytest.mark.parametrize("size", SIZES)
async def test_a_filter_keystroke_swaps_in_ready_lines_from_the_top(big_book, cell_threads, size):
    app = AmtuiApp(db_path=big_book)
    async with app.run_test(size=size) as pilot:
        table = await on_clients(pilot)
        table.move_cursor(1500)
        await settle(pilot)
        await pilot.press("slash")  # the list loses focus: its lines are drawn again, unfocused
        await settle(pilot)
        box = app.screen.query_one("#client-filter", Input)
        for letter in "12":
            table.drawn_here = 0
            cell_threads.clear()
            await pilot.press(letter)
            await wait_for(pilot, lambda: app.screen.query_state.text == box.value, "the filter to run")
            await settle(pilot)
            lines = drawn(table)
            assert table.drawn_here == 0, letter
            assert threading.main_thread() not in cell_threads
            assert lines == drawn_afresh(table)
        assert table.cursor == 0 and table.cell_text(0, "name") == "Client 0012"


@pytest.fixture
def deals(small_book):
    """150 open deals across the stages."""
    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]
    for i in range(150):
        deal_moves.create_deal(clients[i % 3], f"Deal {i:03d}", Decimal(1000 + i * 10),
                               stage=STAGES[i % 4], close_on=TODAY + timedelta(days=i % 60))
    return small_book["path"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_pipeline_table_swaps_in_ready_lines_on_a_reload_and_a_filter(deals, size, monkeypatch):
    threads: list[threading.Thread] = []
    build = deal_table.deal_cells

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return build(*args, **kwargs)

    monkeypatch.setattr(deal_table, "deal_cells", recorded)
    app = AmtuiApp(db_path=deals)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        table = screen.table
        table.move_cursor(120)
        await settle(pilot, 2)
        chosen = table.selected_id()
        table.drawn_here = 0
        threads.clear()
        await pilot.press("r")
        await settle(pilot, 2)
        lines = drawn(table)
        assert table.selected_id() == chosen and table.drawn_here == 0
        assert threads and threading.main_thread() not in threads
        assert lines == drawn_afresh(table)
        await pilot.press("slash")  # the list loses focus: its lines are drawn again, unfocused
        await settle(pilot)
        table.drawn_here = 0
        threads.clear()
        for letter in "Deal 1":
            await pilot.press("space" if letter == " " else letter)
        box = screen.query_one("#deal-filter", Input)
        await wait_for(pilot, lambda: screen.query_state.text == box.value.strip(), "the filter to run")
        await settle(pilot, 2)
        lines = drawn(table)
        assert table.drawn_here == 0 and threading.main_thread() not in threads
        assert table.row_count == 50  # Deal 100 to Deal 149
        assert lines == drawn_afresh(table)
