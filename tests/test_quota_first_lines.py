"""Quota's lists are filled as they join the screen, a frame after the chart, before any
layout has given them their room: the deals' first lines are drawn in a worker for the
room the boxes around them will give them (screens/quota_lines.py), and a list's lines
are drawn for the width its layout gives it, once, not for a guessed width and then
again when its Resize comes (issue 14: 14 lines of the deals drawn twice, on the
screen's thread, in the lists' frame and the next).  Threads and counts, not wall-clock."""

from __future__ import annotations

import threading

import pytest
from pilot_helpers import settle, wait_for

from amtui.tui.app import AmtuiApp
from amtui.tui.screens import quota
from amtui.tui.widgets import table_lines
from amtui.tui.widgets.virtual_table import VirtualTable

SIZES = [(80, 24), (140, 42), (200, 60)]


@pytest.fixture
def cell_threads(monkeypatch) -> list[threading.Thread]:
    """The threads the deals' cells are built in."""
    threads: list[threading.Thread] = []
    real = quota.parts.deal_cells

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(quota.parts, "deal_cells", recorded)
    return threads


async def first_visit(app, pilot):
    await settle(pilot, 3)
    await pilot.press("4")
    screen = app.screen
    deals = screen.query_one("#quota-deals", VirtualTable)
    await wait_for(pilot, lambda: screen.query_one("#quota-lists").display and deals.row_count > 0,
                   "the lists shown")
    await settle(pilot, 3)
    return screen, deals


def on_screen(screen, table) -> bool:
    return table.region.y < screen.query_one("#quota-body").region.bottom  # 80x24: below


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_quota_draws_its_lists_first_lines_once_for_their_width(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen, deals = await first_visit(app, pilot)
        assert deals.has_focus
        for table in (deals, screen.query_one("#quota-history", VirtualTable)):
            room = table.scrollable_content_region.width
            assert table.widths == table_lines.layout(table.specs, table.sort, room, table.natural, False)
            # each line on screen drawn once at most (the header and the rows, none twice)
            assert table.drawn_here <= table.scrollable_content_region.height, (table.id, table.drawn_here)


@pytest.mark.parametrize("size", [(140, 42), (120, 40)], ids=["140x42", "120x40"])
async def test_quota_deals_first_lines_are_drawn_in_a_worker(demo_book, cell_threads, size):
    """Stacked lists (the deals over the history): their room is known before they show."""
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen, deals = await first_visit(app, pilot)
        assert on_screen(screen, deals) and screen.query_one("#quota-lists").has_class("-stacked")
        lines = [list(deals.render_line(y)) for y in range(deals.size.height)]
        assert deals.drawn_here == 0  # every line on screen came ready from the worker
        assert cell_threads and threading.main_thread() not in cell_threads
        deals._lines.clear()
        deals._cells.clear()
        assert lines == [list(deals.render_line(y)) for y in range(deals.size.height)]  # as drawn here


async def test_a_wrong_guess_of_the_room_costs_only_the_lines(demo_book, monkeypatch):
    """Planned for a room the deals do not get: the list draws its lines itself, for the
    width it got."""
    real = quota.deals_plan

    def off(screen, table):
        plan = real(screen, table)
        return None if plan is None else plan._replace(room=plan.room - 9,
                                                      frame=plan.frame._replace(width=plan.room - 9))

    monkeypatch.setattr(quota, "deals_plan", off)
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(140, 42)) as pilot:
        screen, deals = await first_visit(app, pilot)
        room = deals.scrollable_content_region.width
        assert deals.widths == table_lines.layout(deals.specs, deals.sort, room, deals.natural, False)
        assert 0 < deals.drawn_here <= deals.scrollable_content_region.height
