"""Screens on the demo book at 80x24 and a large size: the Pipeline's totals line holds one
line with every figure whole; the board's cards show every client and title whole where
the columns leave room (a name too long for one line takes two); White space keeps the
client's name readable; the Reports preview shows whole; `?` puts a list's cursor keys
last.  Issue 15's "nothing cut while space sits empty": text columns share the room
fairly, an empty column gives its room away, Quota's deals get their width (the quarters
go under them when both don't fit), Today's day columns are as wide as their widest
cell, the Pipeline at 80x24 cuts only text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pilot_helpers import keys_table_text, settle, visible_rows
from pipeline_fixtures import board_column_lines
from rich.text import Text
from textual.widgets import Static

from amtui.core.pipeline_view import Summary
from amtui.tui.app import AmtuiApp
from amtui.tui.widgets import table_lines
from amtui.tui.widgets.board_lines import CardShape, wrapped
from amtui.tui.widgets.columns import SQUEEZE, ColumnSpec, apportion, fit_columns, level
from amtui.tui.widgets.pipeline_totals import PipelineTotals, totals_line

SIZES = [(80, 24), (200, 60)]


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


def test_the_sorted_column_stays_and_a_long_one_narrows_with_the_text():
    specs = (ColumnSpec("name", "Client", 20, share=3, ideal=26), ColumnSpec("tier", "Tier", 4, drop=2),
             ColumnSpec("industry", "Industry", 12, drop=1), ColumnSpec("health", "Health", 52))
    natural = {"name": 40, "tier": 1, "industry": 22}
    assert list(table_lines.layout(specs, ("name", False), 80, natural, False)) == ["name", "health"]
    tier = table_lines.layout(specs, ("tier", False), 80, natural, False)
    assert list(tier) == ["name", "tier", "health"] and tier["tier"] == len("Tier ▲")
    industry = table_lines.layout(specs, ("industry", True), 80, natural, False)
    assert list(industry) == ["name", "industry", "health"]
    # both text columns cut, neither below its header, the room used exactly
    assert industry["industry"] < 22 and industry["industry"] >= len("Industry ▼") and industry["name"] >= 10
    assert sum(w + 2 for w in industry.values()) == 80


def test_cells_are_shared_whole_by_weight_and_levelled_fairly():
    assert apportion(11, {"a": 1, "b": 1, "c": 4}, {"a": 9, "b": 9, "c": 99}) == {"a": 2, "b": 2, "c": 7}
    assert apportion(10, {"a": 1, "b": 1}, {"a": 2, "b": 3}) == {"a": 2, "b": 3}  # capped: no more to give
    assert apportion(0, {"a": 1}, {"a": 4}) == {"a": 0}
    # levelled: the narrowest grow first; one whose top is under the level keeps it
    assert level(20, {"n": 12, "t": 12, "e": 12}, {"n": 16, "t": 22, "e": 28}) == {"n": 16, "t": 20, "e": 20}
    assert level(8, {"c": 14, "t": 18}, {"c": 28, "t": 44}) == {"c": 20, "t": 20}
    assert level(5, {"a": 10, "b": 10, "c": 10}, {"a": 20, "b": 20, "c": 20}) == {"a": 12, "b": 12, "c": 11}


def test_text_columns_short_of_their_ideals_share_the_room_fairly():
    """The Pipeline at 80 columns: the client no longer takes its whole ideal width while
    the title is left at its least (22 and 18 cells): both are cut, by as much."""
    specs = (ColumnSpec("client", "Client", 14, share=3, ideal=28), ColumnSpec("title", "Title", 18, share=4, ideal=44),
             ColumnSpec("amount", "Amount", 10, right=True))
    assert fit_columns(specs, 60, {"client": 31, "title": 50, "amount": 8}) == {"client": 23, "title": 23, "amount": 8}
    # a column its ideal width shows whole gets it first when the room allows: a job title
    # cut by two cells reads worse than an e-mail address cut by a few more
    specs = (ColumnSpec("name", "Name", 12, share=1, ideal=26), ColumnSpec("title", "Title", 12, share=1, ideal=24),
             ColumnSpec("email", "Email", 12, share=1, ideal=28), ColumnSpec("phone", "Phone", 14))
    widths = fit_columns(specs, 78, {"name": 16, "title": 23, "email": 37, "phone": 14})
    assert widths == {"name": 16, "title": 23, "email": 17, "phone": 14}


def test_an_empty_text_column_gives_its_room_to_a_cut_one():
    specs = (ColumnSpec("name", "Name", 12, share=1), ColumnSpec("email", "Email", 12, share=2),
             ColumnSpec("notes", "Notes", 12, share=1))
    natural = {"name": 10, "email": 40, "notes": 0}
    narrow = fit_columns(specs, 50, natural)  # the e-mail would be cut: the empty notes go
    assert narrow == {"name": 10, "email": 50 - 4 - 10}
    wide = fit_columns(specs, 100, natural)  # room for all: the notes keep their label's width
    assert wide == {"name": 10, "email": 40, "notes": len("Notes")}
    assert "notes" in fit_columns(specs, 50, {**natural, "notes": 3})  # not empty: it stays


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)], ids=["80x24", "100x30", "120x40", "200x60"])
async def test_quota_deals_get_their_width_and_the_history_goes_under_them_when_both_dont_fit(demo_book, size):
    """Issue 15, seen at 120x40: the deals got half the row beside the history ("Halcyon &
    Reed Ad…", "Renew Video Pre-roll Bun…") with blank space under the history.  Now the
    deals take the width their columns need; the history sits beside them only when both
    fit (200x60), else under them, reached by scrolling or tab."""
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await settle(pilot, 3)
        screen = app.screen
        deals = screen.query_one("#quota-deals")
        history = screen.query_one("#quota-history")
        beside = history.region.x > deals.region.right - 1
        stacked = screen.query_one("#quota-lists").has_class("-stacked")  # the lists' box only
        assert beside == (size == (200, 60)) and stacked != beside, size
        if not beside:
            assert history.region.y > deals.region.bottom and deals.region.width >= size[0] - 4
        if size[0] >= 120:  # the names read whole (a client of up to 26, a deal of up to 40)
            assert size[1] < 40 or visible_rows(deals) >= 8  # on screen without scrolling
            for i in range(deals.row_count):
                for key, most in (("client", 26), ("deal", 40)):
                    whole = deals.cell_text(i, key)
                    if len(whole) <= most or size == (200, 60):
                        assert deals.shown_cell(i, key).strip() == whole, (key, whole, deals.widths)
        deals.focus()
        deals.scroll_visible(animate=False)
        await settle(pilot)
        assert visible_rows(deals) >= 8
        # the history: tab brings it into view, every quarter on screen
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is history and visible_rows(history) >= history.row_count == 8


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"])
async def test_today_sizes_days_to_their_widest_cell_and_gives_the_text_the_rest(demo_book, size):
    """Issue 15: a Due column as wide as its widest cell (the demo's commitments need 9
    for "905d late", not a date's 11), and the room it leaves goes to the text: at 120x40
    the follow-ups' titles of the first screen read whole ("Check pacing report for Social
    Amplification" was cut by one cell while Priority kept two blank)."""
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        screen = app.screen
        for key, day in (("follow_ups", "due"), ("renewals", "renews"), ("commitments", "due"), ("cadence", "last")):
            table = screen.table(key)
            assert all(table.source.loaded(i) for i in range(table.row_count)), key  # the demo's: one page
            widest = max(len(table.cell_text(i, day)) for i in range(table.row_count))
            label = next(s.label for s in table.specs if s.key == day)
            assert table.widths[day] == max(widest, len(label)), (key, table.widths)
            drawn = sum(w + 2 for w in table.widths.values())
            assert drawn <= table.scrollable_content_region.width, key
        follow_ups = screen.table("follow_ups")
        assert sum(w + 2 for w in follow_ups.widths.values()) == follow_ups.scrollable_content_region.width
        if size[0] >= 100:  # the first screen's titles, contacts and clients whole, Priority shown
            assert "priority" in follow_ups.widths and ("contact" in follow_ups.widths) == (size[0] >= 110)
            for i in range(follow_ups.body_height):
                for key in set(follow_ups.widths) - {"group"}:
                    assert follow_ups.shown_cell(i, key).strip() == follow_ups.cell_text(i, key), (i, key)


async def test_pipeline_at_80x24_cuts_only_text_and_shares_it_fairly(demo_book):
    """Issue 15: at 80x24 the deals' client and title are cut (they cannot both fit), never
    a date or an amount, and they share the room: before, the client took 22 cells and
    left the title its least, 18."""
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        table = app.screen.table
        cut = set()
        for i in range(table.row_count):
            if not table.source.loaded(i):
                continue
            for key in table.widths:
                if table.shown_cell(i, key).strip() != table.cell_text(i, key).strip():
                    cut.add(key)
        assert cut == {"client", "title"}, table.widths
        assert abs(table.widths["client"] - table.widths["title"]) <= 1, table.widths
        assert sum(w + 2 for w in table.widths.values()) == table.scrollable_content_region.width


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
        if size[0] >= 120:  # room for the whole wording
            assert "weighted $634,150 ·" in line and "pays $69,500 if all won" in line  # no ".00"
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
        on_screen = board.columns[board.first:board.first + board.shown]
        # 80 columns: two stages at a time, each wide enough to read; 200: all five
        assert len(on_screen) == (2 if size[0] == 80 else 5)
        assert board.card_width >= 30 and board.column_width() * board.shown <= board.size.width
        shape = board.shape
        assert board.row_height == shape.lines >= 3
        for column in on_screen:
            lines = board_column_lines(board, column)
            assert not any("…" in line for line in lines), lines
            for i in range(min(column.row_count, board.body_height)):
                whole = column.row_at(i).deal
                card = board.cell_text(column, i)
                # the name reads whole on the card (over two lines when it needs them)
                assert " ".join(card.split("\n")).startswith(f"{whole.client} {whole.title}")
        # the cards keep their figures on their last line: amount · close
        card = board.cell_text(on_screen[0], 0).split("\n")
        assert " · " in card[-1] and card[-1].startswith("$")
        # the header's figures too, on its two lines
        headers = [board_column_lines(board, c)[:2] for c in on_screen]
        assert all(h[0].strip() and h[1].strip() for h in headers)
        assert not any("…" in line for h in headers for line in h)


async def test_board_cards_rebuild_for_a_new_width(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("3", "v")
        await settle(pilot, 3)
        board = app.screen.board
        wide = board.shape
        await pilot.resize_terminal(100, 30)  # three columns of 33 cells
        await settle(pilot, 3)
        assert board.shown == 3 and board.column_width() == 33
        assert board.shape.width == board.card_width != wide.width
        column = board.columns[0]
        cards = [Text(board.cell_text(column, i)) for i in range(board.body_height)]
        assert all(len(c.plain.split("\n")) <= board.row_height for c in cards)
        assert not any("…" in line for line in board_column_lines(board, column))
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
    from amtui.tui.dialogs.keys import GENERIC, IDS_FROM, help_rows

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
        if size[0] >= IDS_FROM:
            assert text.index("quota.next") < text.index("app.today") < text.index("list.up")
        else:  # no ids at 80 columns: what the keys do, in the same order
            assert text.index("Next period") < text.index("Today: follow-ups") < text.index("The row above")


@pytest.mark.parametrize(("amount", "weighted", "shown", "narrow"), [
    ("1995000", "826150", "3 deals · $1,995,000 · weighted $826,150 · pays $500 if all won",
     "3 deals · $1,995,000 · wtd $826,150"),
    ("1995000.50", "826150.25", "3 deals · $1,995,000.50 · weighted $826,150.25 · pays $500 if all won",
     "3 deals · $1,995,001 · wtd $826,150"),  # whole dollars, rounded as the table rounds
])
def test_the_totals_show_cents_only_where_there_are_some(amount, weighted, shown, narrow):
    # the audit: "$1,995,000.00 · weighted $826,150.00" at 120 columns, whole dollars at 80
    summary = Summary(count=3, amount=Decimal(amount), weighted=Decimal(weighted), stale=0,
                      if_won=Decimal("500"), stages=[], widest=None)
    assert totals_line(summary, "USD", 120) == shown
    assert totals_line(summary, "USD", 40) == narrow
