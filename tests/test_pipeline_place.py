"""Pipeline `O` (open, won, lost, all) and `p` keep the rep's place: the highlighted deal
stays highlighted when the new view holds it, cycling back to it finds it again, and a
deal the new view has not leaves the cursor on the deal nearest it.  Seen in an audit at
80x24: after `O` the rep lost the deal they were on."""

from __future__ import annotations

import pytest
from pilot_helpers import settle
from pipeline_fixtures import open_pipeline

from amtui.tui.app import AmtuiApp
from amtui.tui.screens.pipeline_load import kept_in_place

SIZES = [(80, 24), (200, 60)]


def test_kept_in_place_prefers_the_deal_then_the_nearest_below_then_above():
    before = [10, 11, 12, 13, 14]
    assert kept_in_place([14, 12], 12, before, 0) == 12  # the view holds it
    assert kept_in_place([10, 13], 99, before, 2) == 13  # the nearest
    assert kept_in_place([10, 14], 99, before, 1) == 10  # the nearest, above
    assert kept_in_place([10, 14], 99, before, 2) == 14  # as near both ways: the one below
    assert kept_in_place([10, 11], 99, before, 4) == 11  # a closed deal at the end: the last open one above
    assert kept_in_place([20, 21], 99, before, 2) is None  # nothing in both: the cursor stays in its place


async def cycle(pilot, screen, key: str = "O") -> None:
    await pilot.press(key)
    await settle(pilot, 3)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_o_keeps_the_highlighted_deal_and_comes_back_to_it(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        table = screen.table
        for _ in range(6):
            await pilot.press("down")
        chosen = screen.selected_id()
        assert table.cursor == 6 and screen.selected_row().deal.status == "open"
        await cycle(pilot, screen)  # won: no open deal there, the cursor keeps its row
        assert screen.query_state.status == "won" and table.cursor == 6
        assert screen.selected_row().deal.status == "won"
        await cycle(pilot, screen)  # lost
        assert screen.query_state.status == "lost" and screen.selected_row().deal.status == "lost"
        await cycle(pilot, screen)  # all: the deal is back, and so is the cursor
        assert screen.query_state.status == "all" and screen.selected_id() == chosen
        await cycle(pilot, screen)  # open again
        assert screen.query_state.status == "open" and screen.selected_id() == chosen
        assert table.cursor == 6
        # the rep moves: that deal is the place now
        await pilot.press("down", "down")
        moved = screen.selected_id()
        assert moved != chosen
        for _ in range(3):
            await cycle(pilot, screen)
        assert screen.query_state.status == "all" and screen.selected_id() == moved
        top = round(table.scroll_offset.y)
        assert top <= table.cursor < top + table.body_height  # on screen


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_from_all_to_open_a_closed_deal_gives_way_to_the_open_deal_above_it(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        for _ in range(3):
            await cycle(pilot, screen)  # all: the open deals first, then the closed ones
        source = screen.table.source
        first_closed = next(i for i in range(source.total) if source.row(i).deal.status != "open")
        last_open = source.key_at(first_closed - 1)
        screen.table.move_cursor(first_closed + 2)  # a closed deal, two below the last open one
        await settle(pilot)
        assert screen.selected_row().deal.status != "open"
        await cycle(pilot, screen)  # open
        assert screen.query_state.status == "open" and screen.selected_id() == last_open


async def test_the_board_keeps_the_deal_through_the_empty_won_and_lost_views(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pipeline(pilot)
        await pilot.press("v")
        await settle(pilot, 3)
        await pilot.press("right", "down")
        chosen = screen.selected_id()
        assert chosen is not None
        await cycle(pilot, screen)  # won: the board shows open deals, none here
        assert screen.selected_id() is None
        for _ in range(3):  # lost, all, open
            await cycle(pilot, screen)
            if screen.query_state.status != "lost":
                assert screen.selected_id() == chosen, screen.query_state


async def test_p_comes_back_to_the_deal_when_the_period_holds_it_again(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pipeline(pilot)
        await cycle(pilot, screen, "p")
        await cycle(pilot, screen, "p")  # next quarter
        await pilot.press("down", "down")
        chosen = screen.selected_id()
        await cycle(pilot, screen, "p")  # this fiscal year, which ends with this quarter: not there
        assert screen.query_state.period == "this year" and screen.table.source.index_of(chosen) is None
        await cycle(pilot, screen, "p")  # all dates: back on it
        assert screen.query_state.period == "all" and screen.selected_id() == chosen
