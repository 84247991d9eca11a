"""The client's record at 80 columns: each part's table cuts its text (titles, summaries,
resolutions end in "…"), and the line under it shows the highlighted record whole, as
the Pipeline and Today do.  Seen in an audit at 80x24: no part had such a line.  At 200
columns nothing is cut and the line takes no room."""

from __future__ import annotations

import pytest
from pilot_helpers import settle
from textual.geometry import Region

from amtui.core import dates_fmt
from amtui.core.money import fmt_money
from amtui.tui.app import AmtuiApp
from amtui.tui.navigation import open_client
from amtui.tui.widgets.client_parts import PART_IDS
from amtui.tui.widgets.row_line import RowLine

CLIENT = 3  # the demo's Ashford Wealth Partners: interactions, follow-ups, deals and an issue
SIZES = [(80, 24), (200, 60)]


def drawn(widget) -> str:
    """What a widget shows, its lines joined and its runs of spaces made one."""
    width, height = widget.outer_size
    lines = ("".join(s.text for s in widget.render_lines(Region(0, y, width, 1))) for y in range(height))
    return " ".join(" ".join(lines).split())


def whole(screen, part: str, index: int) -> str:
    """The record at `index` of a part, in the line's words (from the record's data)."""
    d, today = screen.detail, screen.table.today if part == "timeline" else None
    if part == "timeline":
        row = screen.table.source.row(index)
        return " · ".join(p for p in (dates_fmt.moment(row.happened_at, today), row.kind,
                                      f"with {row.contact}" if row.contact else "", row.summary, row.outcome) if p)
    if part == "follow_ups":
        f = d.follow_ups[index]
        due = screen.table.cells(str(f.id))[0].plain
        return " · ".join(p for p in (f.title, f"due {due}", f"with {f.contact}" if f.contact else "",
                                      f"{f.priority} priority") if p)
    if part == "deals":
        deal = d.deals[index]
        day = screen.table.cells(str(deal.id))[6].plain
        return (f"{deal.title} · {deal.kind} · {deal.stage} · {fmt_money(deal.amount, 'USD', decimals=False)} · "
                f"{deal.probability}% · {fmt_money(deal.weighted, 'USD', decimals=False)} weighted · {day}")
    issue = d.issues[index]
    opened = screen.table.cells(str(issue.id))[3]
    return " · ".join(p for p in (issue.title, issue.severity, issue.status, f"opened {opened}",
                                  f"with {issue.contact}" if issue.contact else "",
                                  f"resolution: {' '.join(issue.resolution.split())}" if issue.resolution else "") if p)


async def show_part(pilot, screen, part: str) -> None:
    while screen.part != part:
        await pilot.press("tab")
        await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_each_part_shows_the_highlighted_record_whole_when_its_table_cuts_it(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        open_client(app, CLIENT)
        await settle(pilot, 3)
        screen = app.screen
        line = screen.query_one("#client-line", RowLine)
        for part in ("timeline", "follow_ups", "deals", "issues"):
            await show_part(pilot, screen, part)
            table = screen.table
            if size[0] == 200:
                assert not table.cuts and not line.display, part
                continue
            assert table.cuts and line.display, part
            rows = min(table.row_count, 2)
            for index in range(rows):
                if index:
                    await pilot.press("down")
                    await settle(pilot)
                expected = whole(screen, part, index)
                assert str(line.render()) == expected, part
                assert drawn(line) == " ".join(expected.split()), part  # none of it hidden
        # the other parts follow the same rule: a line exactly while the table cuts
        for part in PART_IDS:
            await show_part(pilot, screen, part)
            assert line.display == (screen.table.cuts and screen.table.row_count > 0), part


async def test_the_line_follows_a_resize(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, 3)
        open_client(app, CLIENT)
        await settle(pilot, 3)
        screen = app.screen
        await show_part(pilot, screen, "deals")
        line = screen.query_one("#client-line", RowLine)
        assert not line.display
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 2)
        assert line.display and str(line.render()) == whole(screen, "deals", 0)
        await pilot.resize_terminal(200, 60)
        await settle(pilot, 2)
        assert not line.display
