"""The trend on the Quota screen (issue 17): the quarter so far day by day against the
quota line, at 80x24 and 200x60, with a frozen today and seeded snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from pilot_helpers import settle
from rich.color import Color

from amtui.core import deal_moves, snapshots
from amtui.core.bookings import current_quarter
from amtui.core.quota import set_quota
from amtui.tui.app import AmtuiApp
from amtui.tui.colours import colours_of
from amtui.tui.widgets.trend_chart import TrendChart
from amtui.tui.widgets.virtual_table import VirtualTable

pytest_plugins = ("pipeline_fixtures",)


@pytest.fixture
def seeded(small_book, move_today):
    """Snapshots on 16, 20 and 24 Nov; a deal won on the 20th; today is 27 Nov."""
    set_quota(current_quarter(), D("100000"))
    move_today(date(2026, 11, 16))
    a = deal_moves.create_deal(small_book["acme"], "Seats", D("40000"), stage="Commit", close_on=date(2026, 12, 10))
    deal_moves.create_deal(small_book["globex"], "Support", D("30000"), stage="Propose", close_on=date(2026, 12, 20))
    snapshots.take_snapshot()
    move_today(date(2026, 11, 20))
    deal_moves.win_deal(a)
    snapshots.take_snapshot()
    move_today(date(2026, 11, 24))
    snapshots.take_snapshot()
    move_today(date(2026, 11, 27))
    return small_book["path"]


def chart_cells(app, chart) -> list[tuple[str, Color | None]]:
    """What the chart shows on screen: each cell's character and foreground colour."""
    region = chart.region
    cells = []
    for strip in app.screen._compositor.render_strips()[region.y:region.bottom]:
        x = 0
        for seg in strip:
            for char in seg.text:
                if region.x <= x < region.right:
                    cells.append((char, seg.style.color if seg.style else None))
                x += 1
    return cells


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_quota_screen_draws_the_quarter_so_far_against_quota(seeded, size):
    app = AmtuiApp(db_path=seeded)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("4")
        await settle(pilot, 3)
        chart = app.screen.query_one("#quota-trend", TrendChart)
        days = [p.day for p in chart.points]
        assert days == [date(2026, 11, d) for d in (16, 20, 24, 27)]  # today's on opening
        chart.scroll_visible(animate=False)
        await pilot.pause()
        text = "".join(char for char, _ in chart_cells(app, chart))
        assert "2026-Q4 day by day · quota 100k" in text
        assert "╌" * 10 in text  # the quota line across the quarter
        # spelt out at every size (the What changed screen's half width wraps it)
        assert "● won ▪ commit • expected · best case ╌ quota" in text
        pal = colours_of(app.theme_variables)
        drawn = {(char, color.triplet.hex if color and color.triplet else None)
                 for char, color in chart_cells(app, chart)}
        for mark, role in (("●", pal.won), ("▪", pal.commit), ("•", pal.pipeline), ("·", pal.best_case)):
            assert (mark, Color.parse(role).triplet.hex) in drawn, mark
        assert not any(Color.parse(pal.miss).triplet.hex == hexa for _, hexa in drawn)  # no red in it
        # the chart never takes the deal list below 8 rows
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        assert deals.region.height - 1 >= 8
        assert chart.region.height >= (10 if size == (200, 60) else 5)


def test_the_chart_runs_over_the_whole_quarter_and_keeps_days_to_come_empty(seeded):
    from amtui.tui.widgets.trend_chart import _columns

    trend = snapshots.trend(current_quarter())
    columns = _columns(trend, 92)  # one a day
    assert len(columns) == 92 and columns[0] is None
    assert columns[(date(2026, 11, 20) - date(2026, 10, 1)).days].won == D("40000")
    # the days the book was not opened stay empty; today has its point (the figures now,
    # though no snapshot was taken today), and the days to come stay empty
    today = (date(2026, 11, 27) - date(2026, 10, 1)).days
    assert columns[today - 2:today] == [None, None] and columns[today].won == D("40000")
    assert all(c is None for c in columns[today + 1:])
    assert len(_columns(trend, 30)) == 30 and len(_columns(trend, 200)) == 184  # two columns a day


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_quarter_to_come_says_when_its_trend_starts(seeded, size):
    """Not "No snapshots yet: ... the first day the book is opened": the book is open.  A
    past quarter without snapshots says none was kept then."""
    app = AmtuiApp(db_path=seeded)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("4")
        await settle(pilot, 3)
        await pilot.press("p")  # 2027-Q1
        await settle(pilot, 3)
        chart = app.screen.query_one("#quota-trend", TrendChart)
        assert chart.trend.period.label == "2027-Q1" and chart.points == []
        chart.scroll_visible(animate=False)
        await pilot.pause()
        shown = " ".join("".join(char for char, _ in chart_cells(app, chart)).split())
        assert "2027-Q1 starts 1 Jan 2027 (in 35 days): its trend starts then." in shown
        assert "No snapshots" not in shown
        await pilot.press("t")  # back to this quarter: its days drawn
        await settle(pilot, 3)
        assert app.screen.query_one("#quota-trend", TrendChart).points
        await pilot.press("P")  # 2026-Q3, before the first snapshot: none kept then
        await settle(pilot, 3)
        chart = app.screen.query_one("#quota-trend", TrendChart)
        assert chart.trend.period.label == "2026-Q3" and chart.points == []
        chart.scroll_visible(animate=False)
        await pilot.pause()
        shown = " ".join("".join(char for char, _ in chart_cells(app, chart)).split())
        assert "No day of 2026-Q3 was kept: amtui wasn't opened then" in shown
        assert "snapshot --backfill" in shown and "first day the book is opened" not in shown
