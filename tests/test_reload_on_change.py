"""Returning to a section is a repaint, not a query, while the book is unchanged; a change
anywhere (this app, a worker, another process) makes the next return reload (issue 14)."""

from __future__ import annotations

import pytest
from pilot_helpers import settle
from playhouse.test_utils import count_queries

from amtui.core import interactions
from amtui.models import Client
from amtui.tui.app import AmtuiApp

SECTIONS = [("2", "clients"), ("3", "pipeline"), ("4", "quota"), ("1", "today")]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_back_to_a_section_of_an_unchanged_book_runs_no_query(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        for key, _mode in SECTIONS:  # the first visit loads
            await pilot.press(key)
            await settle(pilot, 3)
        with count_queries() as counted:
            for key, mode in SECTIONS:
                await pilot.press(key)
                await settle(pilot, 3)
                assert app.current_mode == mode
        assert counted.count == 0


async def test_a_change_makes_the_next_return_reload(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        await pilot.press("2")
        await settle(pilot, 3)
        await pilot.press("1")
        await settle(pilot, 3)
        first = Client.select().order_by(Client.name_key).first()
        # a write as `amtui log` from a shell would make it, outside the app's screens
        interactions.log_interaction(first.id, "Called from the shell")
        with count_queries() as counted:
            await pilot.press("2")
            await settle(pilot, 3)
        assert counted.count > 0
        with count_queries() as again:
            await pilot.press("1")
            await settle(pilot, 3)
        assert again.count > 0  # Today shows it too
        with count_queries() as unchanged:
            await pilot.press("2")
            await settle(pilot, 3)
        assert unchanged.count == 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_v_on_an_unchanged_book_switches_views_without_a_query(demo_book, size):
    from amtui.tui.widgets.deal_board import DealBoard
    from amtui.tui.widgets.deal_table import DealTable

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("3")
        await settle(pilot, 3)
        screen = app.screen
        chosen = screen.selected_id()
        with count_queries() as counted:
            await pilot.press("v")  # the board, filled from the last load
            await settle(pilot, 3)
            columns = list(screen.board.columns)
            assert screen.on_board and sum(c.row_count for c in columns) > 0
            await pilot.press("v")
            await settle(pilot, 3)
            assert not screen.on_board and screen.query_one(DealTable).row_count > 0
            await pilot.press("v")  # the board again: the same cards, not rebuilt
            await settle(pilot, 3)
            assert screen.board.columns == columns
            assert screen.selected_id() == chosen or chosen is None
        assert counted.count == 0
        assert screen.query_one(DealBoard).display


async def test_v_after_a_change_loads_again(demo_book):
    from amtui.core import deal_moves
    from amtui.core import pipeline as pl

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        await pilot.press("3")
        await settle(pilot, 3)
        before = app.screen.last.generation
        deal_moves.move_deal(pl.deals()[0].id, 1)  # as a second window or a shell would
        with count_queries() as counted:
            await pilot.press("v")
            await settle(pilot, 3)
        assert counted.count > 0 and app.screen.last.generation > before
