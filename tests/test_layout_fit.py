"""Screens on the demo book at 80x24 and a large size: the Pipeline's totals line holds one
line with every figure whole; the board's cards show every client and title whole where
the columns leave room (a name too long for one line takes two); White space keeps the
client's name readable; the Reports preview shows whole; `?` puts a list's cursor keys
last."""

from __future__ import annotations

import pytest
from pilot_helpers import keys_table_text, settle
from rich.text import Text
from textual.widgets import Static

from amtui.tui.app import AmtuiApp
from amtui.tui.widgets.columns import SQUEEZE, ColumnSpec, fit_columns
from amtui.tui.widgets.deal_board import CardShape, StageCards, wrapped
from amtui.tui.widgets.pipeline_totals import PipelineTotals

SIZES = [(80, 24), (200, 60)]


def drawn_lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def test_wrapped_breaks_between_words_and_keeps_the_rest_on_the_last_line():
    assert wrapped("Additional Video Pre-roll Bundle flight", 20, 2) == ["Additional Video", "Pre-roll Bundle flight"]
    assert wrapped("Short", 20, 2) == ["Short"]
    assert wrapped("Supercalifragilistic", 8, 2) == ["Supercal", "ifragilistic"]
    assert wrapped("a b c", 20, 1) == ["a b c"]
    assert CardShape.of(36, {"client": 30, "title": 46}).lines == 4
    assert CardShape.of(50, {"client": 30, "title": 46}).lines == 3


def test_a_table_that_scrolls_sideways_keeps_its_text_columns_least_width():
    specs = (ColumnSpec("client", "Client", 16, share=1), *(ColumnSpec(f"f{i}", f"F{i}", 16) for i in range(5)))
    assert fit_columns(specs, 76)["client"] == SQUEEZE  # squeezed to fit: reads as noise
    assert fit_columns(specs, 76, sideways=True)["client"] == 16


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_totals_hold_one_line_with_every_figure_whole(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        totals = app.screen.query_one(PipelineTotals)
        summary, currency = totals.shown
        line = str(totals.render())
        assert "\n" not in line and totals.size.height == 1 and len(line) <= totals.content_size.width
        assert f"{summary.count:,} deals" in line and f"{summary.stale:,} stale" in line
        assert "$1,618,500" in line and "$634,150" in line  # the demo book's figures, whole
        if size[0] >= 120:  # room for the whole wording, cents and all
            assert "weighted $634,150.00" in line and "pays $69,500 if all won" in line
        # back to the other size: it rewords itself
        await pilot.resize_terminal(120 if size[0] < 120 else 80, 24)
        await settle(pilot, 3)
        assert len(str(totals.render())) <= totals.content_size.width


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_board_cards_show_whole_names_where_the_columns_leave_room(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3", "v")
        await settle(pilot, 3)
        board = app.screen.board
        on_screen = [c for c in app.screen.query(StageCards)
                     if c.region.width and board.region.contains_region(c.region)]
        # 80 columns: two stages at a time, each wide enough to read; 200: all five
        assert len(on_screen) == (2 if size[0] == 80 else 5)
        assert all(c.widths["card"] >= 30 for c in on_screen)
        for column in on_screen:
            lines = drawn_lines(column)
            assert not any("…" in line for line in lines), lines
            shape = column.shape
            assert column.row_height == shape.lines >= 3
            for i in range(min(column.row_count, column.body_height)):
                whole = column.row_at(i).deal
                card = column.cell_text(i, "card")
                # the name reads whole on the card (over two lines when it needs them)
                assert " ".join(card.split("\n")).startswith(f"{whole.client} {whole.title}")
        # the cards keep their figures on their last line: amount · close
        first = on_screen[0]
        card = first.cell_text(0, "card").split("\n")
        assert " · " in card[-1] and card[-1].startswith("$")
        # the header's figures too
        headers = [str(h.render()) for h in app.screen.query(".board-header") if h.region.width]
        assert headers and not any("…" in h for h in headers)


async def test_board_cards_rebuild_for_a_new_width(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("3", "v")
        await settle(pilot, 3)
        column = app.screen.query_one("#board-cards-0", StageCards)
        wide = column.shape
        await pilot.resize_terminal(100, 30)  # three columns of 33 cells
        await settle(pilot, 3)
        assert column.shape.width == column.widths["card"] != wide.width
        cards = [Text(column.cell_text(i, "card")) for i in range(column.body_height)]
        assert all(len(c.plain.split("\n")) <= column.row_height for c in cards)
        assert not any("…" in line for line in drawn_lines(app.screen.query_one(StageCards)))
        assert isinstance(app.screen.query_one("#pipeline-totals"), Static)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
async def test_white_space_keeps_client_names_readable_and_families_whole(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("W")
        await settle(pilot, 3)
        table = app.screen.query_one("#ws-table")
        families = [k for k in table.widths if k not in ("client", "tier")]
        assert len(families) == 5
        # a family's cell is never cut; the grid scrolls sideways on a narrow terminal
        for i in range(min(table.row_count, table.body_height)):
            for f in families:
                assert table.shown_cell(i, f) == table.cell_text(i, f).ljust(table.widths[f])
        names = [table.cell_text(i, "client") for i in range(table.row_count) if table.source.loaded(i)]
        whole = sum(table.shown_cell(i, "client").strip() == name for i, name in enumerate(names))
        if size[0] == 80:  # sideways: the name keeps 16 cells, not "Alpin…"
            assert table.widths["client"] >= 16 and table.max_scroll_x > 0
        else:  # every family on screen, and the names read whole but for the longest
            assert table.max_scroll_x == 0
            assert whole >= len(names) - (2 if size[0] == 120 else 0)
        await pilot.press(*["right"] * 6)  # to the last family: it scrolls into view
        await settle(pilot, 3)
        assert table.cursor_column == families[-1]
        assert table.cell_text(table.cursor, families[-1]) in table.render_line(1).text


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_reports_preview_shows_whole_above_a_short_recent_list(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        await settle(pilot, 3)
        scroll = app.screen.query_one("#reports-preview-scroll")
        recent = app.screen.query_one("#reports-recent")
        # nothing exported yet: the recent list takes its one line, the preview the rest
        assert recent.size.height == 2 and scroll.max_scroll_y == 0
        preview = app.screen.query_one("#reports-preview")
        assert app.screen.preview_lines and preview.size.height >= len(app.screen.preview_lines)
        assert preview.region.bottom <= scroll.region.bottom  # every line of it on screen


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_help_on_quota_starts_with_its_own_keys_and_ends_with_the_list_keys(demo_book, size):
    from amtui.tui.dialogs.keys import GENERIC, help_rows

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await settle(pilot, 3)
        groups = help_rows(app, app.screen)
        first_heading, first_rows = groups[0]
        assert first_heading == "navigate" and first_rows[0][2].startswith("quota.")
        assert groups[-1][0] == GENERIC and "list.up" in [i for _k, _d, i in groups[-1][1]]
        ids = [i for _h, rows in groups for _k, _d, i in rows if i]
        assert len(ids) == len(set(ids))  # each key once
        text, _width = await keys_table_text(app, pilot)
        assert text.index("quota.next") < text.index("app.today") < text.index("list.up")
