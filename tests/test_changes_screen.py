"""The What changed view (issue 17) from the keyboard, at 80x24 and 200x60."""

from __future__ import annotations

import pytest
from pilot_helpers import settle
from textual.widgets import DataTable, OptionList, Static

from amtui.tui.app import AmtuiApp
from amtui.tui.screens.changes import ChangesScreen
from amtui.tui.screens.deal_detail import DealDetailScreen
from amtui.tui.widgets.trend_chart import TrendChart


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_changes_from_the_pipeline_and_the_quota_screen(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("C")
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        header = str(screen.query_one("#changes-header", Static).render())
        assert "2026-Q4 since 7 days ago (Fri 20 Nov)" in header and "commit" in header
        walk = screen.query_one("#changes-walk", DataTable)
        assert str(walk.get_row_at(0)[0]) == "At the start" and str(walk.get_row_at(walk.row_count - 1)[0]) == "Now"
        lines = screen.query_one("#changes-lines", DataTable)
        assert lines.row_count > 0 and app.focused is lines
        chart = screen.query_one(TrendChart)  # today's snapshot, taken when the app opened
        assert chart.points and "2026-Q4 day by day" in chart.render().plain
        assert chart.region.width >= 20
        assert lines.region.height >= 3  # the list gets room even at 80x24
        await pilot.press("p")  # since yesterday
        await settle(pilot, 3)
        assert "since yesterday" in str(screen.query_one("#changes-header", Static).render())
        await pilot.press("y")
        await settle(pilot, 3)
        assert "FY2026 since yesterday" in str(screen.query_one("#changes-header", Static).render())
        await pilot.press("escape")
        await pilot.press("4")
        await settle(pilot, 3)
        await pilot.press("C")
        await settle(pilot, 3)
        assert isinstance(app.screen, ChangesScreen)
        assert "2026-Q4 since 7 days ago" in str(app.screen.query_one("#changes-header", Static).render())


async def test_the_palette_finds_the_view_and_enter_opens_a_deal(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        await pilot.press("ctrl+p")
        await pilot.press(*"What changed")
        results = app.screen.query_one(OptionList)
        for _ in range(200):  # the palette searches in the background: wait for its answer
            if results.option_count:
                break
            await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, 3)
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        lines = screen.query_one("#changes-lines", DataTable)
        assert lines.row_count
        await pilot.press("enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, DealDetailScreen)
