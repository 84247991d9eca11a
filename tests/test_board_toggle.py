"""Pipeline `v` (table <-> board) builds less per key: the board is one Line-API widget
(no widget per column); a card is built once, at the width its column shows it, when it
first shows; the board's headers, the status line and the totals are not worded again
when nothing changed; the table's deal line lives with the table, so showing or hiding
it never resizes the board; a card's lines are split once.  Counts, not wall-clock
(today = 2026-11-27)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle, wait_for
from pipeline_fixtures import board_cards_on_screen, open_board, open_pipeline

from amtui.core import deal_moves
from amtui.tui.app import AmtuiApp
from amtui.tui.screens import pipeline_load
from amtui.tui.widgets import board_lines, table_lines
from amtui.tui.widgets.deal_board import DealBoard
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


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_v_builds_each_card_on_screen_once_then_nothing(deals, size, monkeypatch):
    built: Counter[int] = Counter()
    splits = Counter()
    real_card, real_lines_of = pipeline_load.card, table_lines.lines_of

    def card(d, *args, **kwargs):
        built[d.id] += 1
        return real_card(d, *args, **kwargs)

    def lines_of(cell):
        splits["cells"] += 1
        return real_lines_of(cell)

    monkeypatch.setattr(pipeline_load, "card", card)  # where the load draws its cards
    monkeypatch.setattr(table_lines, "lines_of", lines_of)
    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        assert not built  # the table shows: no card is built for the hidden board
        await pilot.press("v")
        await settle(pilot, 3)
        assert screen.on_board
        board = screen.board
        # one widget draws the board: no widget per column, header or card
        assert not list(board.query("*"))
        shown = set().union(*(board_cards_on_screen(board, c) for c in board.columns))
        # only the cards on screen, each built once: the board knew its columns' width
        # before it first drew (no card built for a guessed width, then again)
        assert built and set(built) <= shown and max(built.values()) == 1
        # a card several lines high is split into its lines once (and each header once)
        assert splits["cells"] == len(built) + 2 * board.shown
        assert board.shape.lines > 3  # the titles take two lines

        worded = Counter()
        real_header = board_lines.stage_header
        monkeypatch.setattr(board_lines, "stage_header",
                            lambda *a, **k: (worded.update(["header"]), real_header(*a, **k))[1])
        real_update = PipelineTotals.update

        def update(self, *args, **kwargs):
            worded["totals"] += 1
            return real_update(self, *args, **kwargs)

        monkeypatch.setattr(PipelineTotals, "update", update)
        status = screen.query_one("#pipeline-status")
        status_update = status.update
        monkeypatch.setattr(status, "update", lambda *a, **k: (worded.update(["status"]), status_update(*a, **k)))
        board_size = board.size
        built.clear()
        splits.clear()
        for _ in range(4):  # back to the table, to the board, ...
            await pilot.press("v")
            await settle(pilot)
        assert screen.on_board and board.size == board_size and isinstance(app.focused, DealBoard)
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


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_deal_keys_act_on_the_highlighted_card(deals, size):
    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        board.focus_column(2)
        await pilot.press("down")
        chosen = screen.selected_id()
        assert chosen == board.columns[2].source.key_at(1)
        for key, form in (("w", "WinForm"), ("L", "LoseForm"), ("e", "DealForm")):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == form and app.screen.deal_id == chosen
            await pilot.press("escape")
            await settle(pilot, 3)
            assert app.screen is screen and screen.selected_id() == chosen and app.focused is board
        await pilot.press("right_square_bracket")  # to the next stage: the cursor follows the card
        await settle(pilot, 3)
        assert screen.selected_id() == chosen and board.current == 3
        assert board.first <= 3 < board.first + board.shown
        await pilot.press("left_square_bracket")
        await settle(pilot, 3)
        assert screen.selected_id() == chosen and board.current == 2


async def test_a_narrow_board_shows_one_whole_column_and_reaches_every_stage(deals):
    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=(40, 16)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("v")
        await settle(pilot, 3)
        board = app.screen.board
        assert board.shown == 1 and board.column_width() == board.size.width
        lines = [board.render_line(y).text for y in range(board.size.height)]
        assert all(len(line) == board.size.width for line in lines)
        assert not any("…" in line for line in lines[2:])  # each line of a card whole (over two)
        seen = []
        board.focus_column(0)
        for _ in range(len(STAGES)):
            seen.append(board.render_line(0).text.split()[0])
            await pilot.press("right")
        assert seen == list(STAGES) and board.first == len(STAGES) - 1


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_keys_typed_right_behind_v_are_keys_not_a_filter(deals, size):
    """`v v v 4` typed at once: the table's Hide handed the focus to the filter before the
    board took it, and `4` was typed there (the Pipeline filtered to nothing) instead of
    opening Quota."""
    from textual import events
    from textual.widgets import Input

    from amtui.tui.screens.pipeline import PipelineScreen
    from amtui.tui.screens.quota import QuotaScreen

    app = AmtuiApp(db_path=deals["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        for key in ("v", "v", "v", "4"):
            app.post_message(events.Key(key, key))
        await wait_for(pilot, lambda: isinstance(app.screen, QuotaScreen), "Quota shown")
        assert isinstance(screen, PipelineScreen) and screen.query_one("#deal-filter", Input).value == ""
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen is screen, "back on the Pipeline")
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        # the view shown takes the focus as it shows, before the hidden one's Hide
        assert screen.on_board  # `v` three times: the board
        for _ in range(2):
            screen.action_toggle_view()
            assert app.focused is (screen.board if screen.on_board else screen.table)
            await settle(pilot)
