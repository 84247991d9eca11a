"""The What changed view (issue 17) from the keyboard, at 80x24 and 200x60."""

from __future__ import annotations

from datetime import date

import pytest
from pilot_helpers import settle, visible_rows, walk_rows
from textual.geometry import Region
from textual.widgets import DataTable, OptionList, Static

from amtui.core import dates_fmt, deal_moves
from amtui.core.bookings import current_quarter
from amtui.core.changes import changes_since, parse_since
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.changes import KIND_WORDS, ChangesScreen
from amtui.tui.screens.deal_detail import DealDetailScreen
from amtui.tui.widgets.fitted_table import FittedTable
from amtui.tui.widgets.row_line import RowLine, lines_needed
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
        # the figures on the first line: a note (reconstructed) wraps under them
        first = drawn(screen.query_one("#changes-header", Static))[0]
        assert "commit" in first and "expected" in first
        walk = screen.query_one("#changes-walk", DataTable)
        assert str(walk.get_row_at(0)[0]) == "At the start" and str(walk.get_row_at(walk.row_count - 1)[0]) == "Now"
        lines = screen.query_one("#changes-lines", DataTable)
        assert lines.row_count > 0 and app.focused is lines
        chart = screen.query_one(TrendChart)  # today's snapshot, taken when the app opened
        assert chart.points and "2026-Q4 day by day" in chart.render().plain
        assert chart.region.width >= 20
        # the legend in the Quota screen's words, wrapped to the half width at 80 columns
        # (it was `●w ▪c •e ·b ╌q`), every line of it in the chart's box
        drawn_lines = chart.render().plain.splitlines()
        legend = " ".join(" ".join(drawn_lines[-2:]).split())
        assert "● won ▪ commit • expected · best case ╌ quota" in legend and "●w" not in legend
        assert len(drawn_lines) <= chart.content_size.height
        assert all(len(line) <= chart.content_size.width for line in drawn_lines)
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


def drawn(widget) -> list[str]:
    """What a widget shows, line by line (its padding too)."""
    width, height = widget.outer_size
    return ["".join(s.text for s in widget.render_lines(Region(0, y, width, 1))) for y in range(height)]


def whole_change(line) -> str:
    """What the line under the list says of a change: the deal and its client, then what
    changed and the day."""
    change = f"{line.before} → {line.after}" if line.before and line.after else line.before or line.after
    kind = KIND_WORDS[line.kind]
    return (f"{line.deal} · {line.client}\n" + (f"{kind}: {change}" if change else kind)
            + (f" · {dates_fmt.day(line.when)}" if line.when else ""))


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made one space (the line is laid out
    in lines of its width)."""
    return " ".join(text.split())


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_list_keeps_its_height_as_the_cursor_walks_every_change(demo_book, size):
    """Seen in an audit: the line under the list took the two or three lines each change
    needed, so the list grew and shrank by a row as the cursor moved.  Now it keeps the
    lines the longest change needs (three at most) whichever is highlighted; a change
    that needs more ends in "…".  At 200 columns only the long lost reason is cut in the
    list: the line holds the two lines every change needs there."""
    deal_id = deal_moves.create_deal(1, "Audience Insights Subscription renewal 2027", 33500,
                                     close_on=date(2026, 12, 4))
    deal_moves.lose_deal(deal_id, "timing", "the project was postponed to next year because the budget "
                         "moved to Q2 and the new marketing lead wants to see a full audit first")
    changes = changes_since(parse_since("7d"), current_quarter()).lines
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("C")
        await settle(pilot, 3)
        screen = app.screen
        lines = screen.query_one("#changes-lines", FittedTable)
        line = screen.query_one("#changes-line", RowLine)
        walk = await walk_rows(pilot, lines, line)
        assert len(walk) == len(changes) >= 6 and lines.cuts
        assert len({(table, under) for table, under, _said in walk}) == 1, walk  # nothing moves
        needs = [lines_needed(whole_change(c), line.content_size.width) for c in changes]
        if size[0] == 80:  # two lines, three and more: the line holds three for each
            assert min(needs) == 2 and max(needs) > 3, needs
        assert walk[0][1] == min(max(needs), 3) == (3 if size[0] == 80 else 2)
        assert visible_rows(lines) >= 3
        for (_table, _under, said), change, need in zip(walk, changes, needs, strict=True):
            if need > 3:  # more than the line holds: it ends in …
                assert change.deal_id == deal_id and said.endswith("…")
                assert words(whole_change(change)).startswith(said[:-1])
            else:
                assert said == words(whole_change(change))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_at_80_columns_the_highlighted_change_reads_whole_under_the_list(demo_book, size):
    """Seen in an audit at 80x24: the list left out Before → after and cut the deal and
    the client, and nothing showed them whole.  Now its columns fit the width, and while
    they cut a change the line under the list shows the highlighted one whole; at 200
    columns every cell reads whole and the line takes no room."""
    # a long lost reason: its change takes a third line at 80 columns
    deal_id = deal_moves.create_deal(1, "Audience Insights Subscription renewal 2027", 33500,
                                     close_on=date(2026, 12, 4))
    deal_moves.lose_deal(deal_id, "timing", "project postponed to next year, budget moved to Q2")
    changes = changes_since(parse_since("7d"), current_quarter()).lines
    lost = next(i for i, c in enumerate(changes) if c.deal_id == deal_id and c.kind == "lost")
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("C")
        await settle(pilot, 3)
        screen = app.screen
        lines = screen.query_one("#changes-lines", FittedTable)
        line = screen.query_one("#changes-line", RowLine)
        assert lines.row_count == len(changes)
        room = lines.scrollable_content_region.width
        assert sum(w + 2 for w in lines.widths.values()) <= room  # nothing off the right edge
        assert {"change", "when"} <= set(lines.widths)  # the kind and the day always show
        if size[0] == 80:
            assert lines.cuts and line.display
            for index in sorted({0, 1, 2, lost}):
                if index:
                    await pilot.press(*["down"] * (index - lines.cursor_row))
                    await settle(pilot)
                assert lines.cursor_row == index
                assert words(str(line.render())) == words(whole_change(changes[index]))
                shown = " ".join(drawn(line))  # on screen, none of it hidden by the line's height
                assert " ".join(shown.split()) == " ".join(whole_change(changes[index]).split())
            assert visible_rows(lines) >= 3  # the list keeps its room
        else:  # every cell whole: nothing to add under the list
            assert list(lines.widths) == ["change", "deal", "client", "move", "when"]
            assert not lines.cuts and not line.display
            for _key, cells in lines.rows_shown:
                for spec, cell in zip(lines.specs, cells, strict=True):
                    assert len(str(cell)) <= lines.widths[spec.key]
