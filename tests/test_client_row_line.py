"""The client's record at 80 columns: each part's table cuts its text (titles, summaries,
resolutions end in "…"), and the line under it shows the highlighted record whole, as
the Pipeline and Today do.  Seen in an audit at 80x24: no part had such a line.  At 200
columns nothing is cut and the line takes no room."""

from __future__ import annotations

from datetime import timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import settle, walk_rows
from textual.geometry import Region

from amtui.core import clock, dates_fmt
from amtui.core.money import fmt_money
from amtui.tui.app import AmtuiApp
from amtui.tui.navigation import open_client
from amtui.tui.widgets.client_parts import PART_IDS
from amtui.tui.widgets.row_line import RowLine, lines_needed

CLIENT = 3  # the demo's Ashford Wealth Partners: interactions, follow-ups, deals and an issue
SIZES = [(80, 24), (200, 60)]


def drawn(widget) -> str:
    """What a widget shows, its lines joined and its runs of spaces made one."""
    width, height = widget.outer_size
    lines = ("".join(s.text for s in widget.render_lines(Region(0, y, width, 1))) for y in range(height))
    return " ".join(" ".join(lines).split())


def said(line) -> str:
    """What the line says, its lines joined and its runs of spaces made one."""
    return " ".join(str(line.render()).split())


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
                expected = " ".join(whole(screen, part, index).split())
                assert said(line) == expected, part  # in lines of the line's width
                assert drawn(line) == expected, part  # none of it hidden
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
        assert line.display and said(line) == " ".join(whole(screen, "deals", 0).split())
        await pilot.resize_terminal(200, 60)
        await settle(pilot, 2)
        assert not line.display


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_a_parts_table_keeps_its_height_as_the_cursor_walks_every_record(demo_book, size):
    """Seen in an audit: the line under a part took one line or two as each record
    needed, so the table grew and shrank by a row as the cursor moved; and a record that
    needed more than two lines was cut with nothing to say so.  Now the line keeps the
    lines the part's longest record needs (two at most) whichever is highlighted, and a
    record cut to them ends in "…".  At 200 columns only the long call is cut."""
    # the timeline: a call that reads on one line at 80 columns, and one that needs four
    fx.interaction(CLIENT, clock.today(), "Quick call")
    fx.interaction(CLIENT, clock.today() - timedelta(days=1), "Long call: " + "pricing, seats and the renewal terms " * 4,
                   outcome="Agreed to send the revised proposal")
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        open_client(app, CLIENT)
        await settle(pilot, 3)
        screen = app.screen
        line = screen.query_one("#client-line", RowLine)
        varied = cut = 0
        for part in PART_IDS:
            await show_part(pilot, screen, part)
            table = screen.table
            walk = await walk_rows(pilot, table, line)
            assert len(walk) == table.row_count
            assert len({(height, under) for height, under, _said in walk}) <= 1, (part, walk)  # nothing moves
            if not walk or not table.cuts:  # at 200 columns all but the long call's timeline
                assert not line.display and (size[0] == 200 or not walk), part
                continue
            wholes = [" ".join(whole.split()) for whole in table.wholes()]
            needs = [lines_needed(w, line.content_size.width) for w in wholes]
            assert walk[0][1] == min(max(needs), 2), (part, needs)
            varied += min(needs) < walk[0][1]
            for (_height, _under, shown), text, need in zip(walk, wholes, needs, strict=True):
                if need > 2:
                    cut += 1
                    assert shown.endswith("…") and text.startswith(shown[:-1]), (part, shown)
                else:
                    assert shown == text, part
        if size[0] == 80:
            assert varied and cut  # records of one line and of two, and one cut: the line held still
