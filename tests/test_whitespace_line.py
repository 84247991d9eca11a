"""White space at 80 columns: the grid scrolls sideways and cuts the clients' names, so a
line under it says the highlighted client whole and what the highlighted cell says.
Seen in an audit: moving right to the last family scrolled the Client column away, and
nothing told whose row was whose.  At 200 columns the grid reads whole: no line."""

from __future__ import annotations

import pytest
from pilot_helpers import running, settle

from amtui.tui.widgets.row_line import RowLine


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_highlighted_client_and_cell_read_whole_under_the_grid(demo_book, size):
    async with running(demo_book, size) as (app, pilot):
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("W")
        await settle(pilot, 3)
        screen = app.screen
        table, line = screen.query_one("#ws-table"), screen.query_one("#ws-line", RowLine)
        first = table.row_at(0)
        families = list(table.widths)[2:]
        if size[0] > 120:
            assert not line.display
            return
        assert line.display and str(line.render()).startswith(f"{first.client} · tier {first.tier} · ")
        height = line.region.height
        for _ in range(len(families) + 1):  # past the tier to the last family: the client column scrolled away
            await pilot.press("right")
            await pilot.pause()
        assert table.cursor_column == families[-1] and table.scroll_offset.x > 0
        said = str(line.render()).replace("\n", " ")
        assert said.startswith(f"{first.client} · tier {first.tier} · {families[-1]}: ")
        await pilot.press("down")
        await pilot.pause()
        second = table.row_at(1)
        assert str(line.render()).replace("\n", " ").startswith(f"{second.client} · ")
        assert line.region.height == height  # the grid above does not jump
