"""At 80x24: a deal's whole history reachable and within the box; the Pipeline's header
names the deals shown (open / won, the filter) however short the width."""

from __future__ import annotations

from datetime import date

import pytest
from pilot_helpers import settle
from pipeline_fixtures import open_pipeline

from amtui.core import deal_moves
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.pipeline import status_line


def test_status_line_keeps_which_deals_before_the_period():
    label = "this year (FY2026)"
    assert status_line(label, "this year", "open", "", False, 80) == "Close: this year (FY2026) · open deals"
    assert status_line(label, "this year", "won", "", False, 30) == "this year (FY2026) · won deals"
    line = status_line(label, "this year", "won", "harmony", False, 30)
    assert "won deals" in line and "harmony" in line and len(line) <= 30


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_every_history_row_reachable_and_within_the_box(small_book, size):
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 1000, close_on=date(2026, 12, 17))
    for step in (1, 1, 1, 1):
        deal_moves.move_deal(deal_id, step)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await open_pipeline(pilot)
        await pilot.press("enter")
        await settle(pilot, 3)
        detail = app.screen
        history = detail.query_one("#deal-history")
        box = detail.query_one(".deal-detail")
        assert history.row_count == 5
        seen = set()
        for _ in range(history.row_count):
            row = history.cursor_row
            region = history._get_row_region(row)
            # the highlighted row is on screen: within the table's scrolled view, and the
            # table within the box
            assert history.scroll_y <= region.y - history.header_height < history.scroll_y + history.size.height
            assert history.region.bottom <= box.content_region.bottom
            seen.add(history.get_row_at(row)[2].plain)  # the stage: each change moved it
            await pilot.press("down")
            await settle(pilot, 2)
        assert len(seen) == 5
        await pilot.press("home")
        await settle(pilot, 2)
        assert history.cursor_row == 0
        await pilot.press("end")
        await settle(pilot, 2)
        assert history.cursor_row == 4 and history.scroll_x == 0
        # nothing past the right edge; the close date as every date reads
        assert sum(history.widths.values()) + 2 * len(history.widths) <= history.size.width
        assert "Thu 17 Dec" in [c.plain for c in history.get_row_at(0)]
        if size == (200, 60):
            assert "weighted" in history.widths


async def test_header_names_the_deals_shown_at_80_columns(small_book):
    deal_moves.create_deal(small_book["acme"], "Seats", 1000)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pipeline(pilot)
        for key in "ppp":
            await pilot.press(key)
            await settle(pilot, 3)
        assert "open deals" in screen.status_line
        await pilot.press("O")
        await settle(pilot, 3)
        assert "won deals" in screen.status_line
        await pilot.press("slash")
        await pilot.pause()
        for ch in "acme":
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot, 4)
        assert "won deals" in screen.status_line and "acme" in screen.status_line
        box = screen.query_one("#pipeline-status")
        assert len(screen.status_line) <= box.content_region.width
