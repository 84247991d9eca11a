"""Pipeline `v` (table <-> board) builds less per key: a card is built once, at the width
its column shows it, when it first shows; the board's headers, the status line and the
totals are not worded again when nothing changed; the table's deal line lives with the
table, so showing or hiding it never resizes the board; a card's lines are split once.
Counts, not wall-clock (today = 2026-11-27)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle
from pipeline_fixtures import open_pipeline

from amtui.core import deal_moves
from amtui.tui.app import AmtuiApp
from amtui.tui.screens import pipeline
from amtui.tui.widgets import table_lines
from amtui.tui.widgets.deal_board import StageCards, StageHeader
from amtui.tui.widgets.pipeline_totals import PipelineTotals

TODAY = date(2026, 11, 27)
STAGES = ("Qualify", "Discover", "Propose", "Negotiate", "Commit")


@pytest.fixture
def deals(small_book):
    """120 open deals across the stages, with titles long enough to take two lines on a
    narrow board."""
    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]
    for i in range(120):
        deal_moves.create_deal(clients[i % 3], f"Renewal of the platform licence, year {i:03d}",
                               1000 + i * 10 + Decimal("0.05"), stage=STAGES[i % 5],
                               close_on=TODAY + timedelta(days=i % 90 - 10))
    return small_book


def on_screen(column: StageCards) -> set[int]:
    """The deals of the cards a column shows (whole or in part)."""
    if column.region.width == 0 or column.region.x >= column.screen.size.width:
        return set()
    top = round(column.scroll_offset.y) // column.row_height
    bottom = (round(column.scroll_offset.y) + column.body_lines - 1) // column.row_height
    return {column.source.key_at(i) for i in range(top, min(bottom, column.row_count - 1) + 1)}


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_v_builds_each_card_on_screen_once_then_nothing(deals, size, monkeypatch):
    built: Counter[int] = Counter()
    splits = Counter()
    real_card, real_lines_of = pipeline.card, table_lines.lines_of

    def card(d, *args, **kwargs):
        built[d.id] += 1
        return real_card(d, *args, **kwargs)

    def lines_of(cell):
        splits["cells"] += 1
        return real_lines_of(cell)

    monkeypatch.setattr(pipeline, "card", card)
    monkeypatch.setattr(table_lines, "lines_of", lines_of)
    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        assert not built  # the table shows: no card is built for the hidden board
        await pilot.press("v")
        await settle(pilot, 3)
        assert screen.on_board
        shown = set().union(*(on_screen(c) for c in screen.board.tables))
        # only the cards on screen, each built once: its column knew its width before it
        # first drew (no card built for a guessed width, then again)
        assert built and set(built) <= shown and max(built.values()) == 1
        # a card several lines high is split into its lines once, not once per line
        assert splits["cells"] == len(built)
        assert all(c.shape.lines > 3 for c in screen.board.tables)  # the titles take two lines

        worded = Counter()
        for kind in (StageHeader, PipelineTotals):
            real_update = kind.update

            def update(self, *args, real_update=real_update, **kwargs):
                worded[type(self).__name__] += 1
                return real_update(self, *args, **kwargs)

            monkeypatch.setattr(kind, "update", update)
        status = screen.query_one("#pipeline-status")
        status_update = status.update
        monkeypatch.setattr(status, "update", lambda *a, **k: (worded.update(["status"]), status_update(*a, **k)))
        board_size = screen.board.size
        built.clear()
        splits.clear()
        for _ in range(4):  # back to the table, to the board, ...
            await pilot.press("v")
            await settle(pilot)
        assert screen.on_board and screen.board.size == board_size
        assert not built and not splits  # the cards drawn, kept
        assert not worded  # nothing changed: no header, status or totals worded again


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_the_deal_line_lives_with_the_table(deals, size):
    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        line = screen.query_one("#deal-line")
        assert line.parent.id == "table-view" and screen.table.parent is line.parent
        # at 80 columns the table cuts the titles: the line shows the deal in full
        assert line.display == (size[0] < 100)
        views = screen.query_one("#pipeline-views")
        height = views.size.height
        await pilot.press("v")
        await settle(pilot)
        assert screen.on_board and views.size.height == height
        assert screen.board.size.height == height  # the line took none of the board's room
        await pilot.press("v")
        await settle(pilot)
        assert not screen.on_board and line.display == (size[0] < 100)
        assert screen.table.size.height == height - (line.size.height if line.display else 0)
