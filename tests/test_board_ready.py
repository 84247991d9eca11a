"""The Pipeline board's lines are drawn in a worker (widgets/board_ready.py): the first `v`
after a load, and a load while the board shows, leave the screen's thread only swapping
ready lines in, and those lines are the ones the board would have drawn itself.  Counts
and threads, not wall-clock (today = 2026-11-27)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle, wait_for
from pipeline_fixtures import open_pipeline

from amtui.core import deal_moves
from amtui.tui.app import AmtuiApp
from amtui.tui.screens import pipeline_load
from amtui.tui.widgets import board_ready

TODAY = date(2026, 11, 27)
STAGES = ("Qualify", "Discover", "Propose", "Negotiate", "Commit")
SIZES = [(80, 24), (200, 60)]


@pytest.fixture
def deals(small_book):
    """200 open deals across the stages (more than a column's first page)."""
    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]
    for i in range(200):
        deal_moves.create_deal(clients[i % 3], f"Renewal of the platform licence, year {i:03d}",
                               Decimal(1000 + i * 10), stage=STAGES[i % 5],
                               close_on=TODAY + timedelta(days=i % 90 - 10))
    return small_book["path"]


@pytest.fixture
def card_threads(monkeypatch) -> list[threading.Thread]:
    """The threads the board's cards are built in."""
    threads: list[threading.Thread] = []
    real = pipeline_load.card

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline_load, "card", recorded)  # where the load draws its cards
    return threads


def drawn(board) -> list[list]:
    return [list(board.render_line(y)) for y in range(board.size.height)]


def drawn_afresh(board) -> list[list]:
    """The same lines drawn by the board itself, from nothing kept."""
    board._cards.clear()
    board._parts.clear()
    return drawn(board)


@pytest.mark.parametrize("size", SIZES)
async def test_v_and_a_reload_on_the_board_swap_in_lines_drawn_in_a_worker(deals, card_threads, size):
    app = AmtuiApp(db_path=deals)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        screen.table.move_cursor(77)
        await settle(pilot)
        chosen = screen.selected_id()
        board = screen.board
        for key in ("v", "r", "down", "r"):  # the first `v` of the load; a reload on the board
            if key == "down":
                await pilot.press("right", "down", "down")  # another column, another card
                await settle(pilot)
                chosen = screen.selected_id()
                continue
            board.drawn_here = 0
            card_threads.clear()
            await pilot.press(key)
            await settle(pilot, 3)
            assert screen.on_board and screen.selected_id() == chosen, key
            lines = drawn(board)
            assert board.drawn_here == 0, key  # every part of every line was ready
            assert card_threads and threading.main_thread() not in card_threads, key
            assert lines == drawn_afresh(board), key  # what the board would draw itself


@pytest.mark.parametrize("size", SIZES)
async def test_v_again_before_the_board_is_drawn_stays_on_the_table(deals, size, monkeypatch):
    held, asked = threading.Event(), threading.Event()
    real = board_ready.prepare

    def slow(*args, **kwargs):
        asked.set()
        held.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(board_ready, "prepare", slow)
    app = AmtuiApp(db_path=deals)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        try:
            await pilot.press("v")
            await wait_for(pilot, asked.is_set, "the board's worker")
            assert not screen.on_board  # the table shows until the board's lines are in
            await pilot.press("v")  # changed one's mind: back to (stay on) the table
        finally:
            held.set()
        await settle(pilot, 3)
        assert not screen.on_board and screen.board_asked is None
        monkeypatch.setattr(board_ready, "prepare", real)
        await pilot.press("v")
        await settle(pilot, 3)
        assert screen.on_board
