"""The Pipeline and White space screens, driven from the keyboard (today = 2026-11-27)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import settle, walk_rows
from pipeline_fixtures import board_column_lines, open_pipeline
from textual.widgets import Input, Select, Static

from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.pipeline import PipelineScreen
from amtui.tui.widgets.deal_facts import deal_facts
from amtui.tui.widgets.keys_footer import KeysFooter


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def type_into(pilot, widget_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{widget_id}", Input).value = text
    await pilot.pause()


async def test_create_move_win_and_lose_deals(small_book):
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pipeline(pilot)
        assert screen.table.row_count == 0
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert app.focused.id == "field-title"
        await pilot.press(*"Analytics seats")
        await type_into(pilot, "field-client", "acme")
        assert "Acme Corp" in str(form.query_one("#hint-client", Static).render())
        await type_into(pilot, "field-amount", "12.5k")
        await type_into(pilot, "field-close_on", "2026-12-15")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen is screen
        (deal,) = pl.deals()
        assert (deal.client, deal.title, deal.amount, deal.stage) == (
            "Acme Corp", "Analytics seats", Decimal("12500.00"), "Qualify")
        assert screen.selected_id() == deal.id

        await pilot.press("right_square_bracket")
        await settle(pilot, 3)
        await pilot.press("right_square_bracket")
        await settle(pilot, 3)
        assert pl.deal(deal.id).stage == "Propose"
        await pilot.press("left_square_bracket")
        await settle(pilot, 3)
        assert pl.deal(deal.id).stage == "Discover"
        assert "weighted $3,125 ·" in text_of(screen, "#pipeline-totals") + " ·"

        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "WinForm"
        await pilot.press("ctrl+s")  # won today at the deal's amount
        await settle(pilot, 3)
        assert pl.deal(deal.id).status == "won"
        assert pl.deal(deal.id).closed_on == date(2026, 11, 27)
        assert screen.table.row_count == 0  # the open view no longer lists it

        lost_id = deal_moves.create_deal(small_book["globex"], "Support", 6000)
        screen.reload()
        await settle(pilot, 3)
        await pilot.press("L")
        await pilot.pause()
        lose_form = app.screen
        await pilot.press("ctrl+s")  # no reason: refused, the form stays
        await pilot.pause()
        assert app.screen is lose_form
        assert pl.deal(lost_id).status == "open"
        lose_form.query_one("#field-reason", Select).value = "competitor"
        await type_into(pilot, "field-detail", "went with Initrode")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen is screen
        assert pl.deal(lost_id).lost_reason == "competitor: went with Initrode"

        await pilot.press("O")  # open -> won
        await settle(pilot, 3)
        assert [screen.table.cell_text(i, "title") for i in range(screen.table.row_count)] == ["Analytics seats"]
        await pilot.press("O")  # -> lost
        await settle(pilot, 3)
        assert screen.selected_id() == lost_id
        # a lost deal: the footer offers Reopen, not the keys that move an open deal
        footer = [spot.entry.description for spot in screen.query_one(KeysFooter).placed()]
        assert "Reopen" in footer and not {"Next stage", "Won", "Lost"} & set(footer)
        await pilot.press("w")  # does nothing (it said "already lost; reopen it first")
        await settle(pilot)
        assert app.screen is screen and pl.deal(lost_id).status == "lost"
        await pilot.press("R")  # reopen
        await settle(pilot, 3)
        assert pl.deal(lost_id).status == "open"
        await pilot.press("O", "O")  # all
        await settle(pilot, 3)
        assert screen.table.select(lost_id)
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, 3)
        assert [d.id for d in pl.deals(status="all")] == [deal.id]


async def test_period_filter_text_filter_and_board(small_book):
    deal_moves.create_deal(small_book["acme"], "This quarter", 1000, close_on=date(2026, 12, 20), stage="Propose")
    deal_moves.create_deal(small_book["globex"], "Next quarter", 2000, close_on=date(2027, 2, 10))
    deal_moves.create_deal(small_book["initech"], "Next year", 4000, close_on=date(2027, 6, 1), probability=60)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pipeline(pilot)
        assert screen.table.row_count == 3
        assert "60%*" in screen.table.cell_text(2, "prob")  # an override is marked
        await pilot.press("p")
        await settle(pilot, 3)
        assert "this quarter (2026-Q4)" in text_of(screen, "#pipeline-status")
        assert screen.table.row_count == 1
        assert "1 deal · $1,000 · weighted $500" in text_of(screen, "#pipeline-totals")
        await pilot.press("p")
        await settle(pilot, 3)
        assert screen.table.cell_text(0, "title") == "Next quarter"
        await pilot.press("p", "p")  # this year, then all
        await settle(pilot, 3)
        assert screen.table.row_count == 3

        await pilot.press("slash")
        await pilot.press(*"glob")
        await pilot.pause(0.3)
        await settle(pilot, 3)
        assert screen.table.row_count == 1
        await pilot.press("escape")
        await pilot.pause(0.3)
        await settle(pilot, 3)
        assert screen.table.row_count == 3

        await pilot.press("v")
        await settle(pilot, 3)
        assert screen.on_board
        board = screen.board
        headers = ["\n".join(board_column_lines(board, c)[:2]).strip() for c in board.columns]
        assert headers[0].startswith("Qualify 10% · 2") and "weighted 2.6k" in headers[0]
        assert headers[2].startswith("Propose 50% · 1")
        first = screen.selected_id()
        await pilot.press("right_square_bracket")  # moves the selected card a column on
        await settle(pilot, 3)
        assert pl.deal(first).stage == "Discover"
        assert screen.selected_id() == first  # the cursor follows the card
        await pilot.press("right", "right")
        assert screen.selected_id() != first
        await pilot.press("v")
        await settle(pilot, 3)
        assert not screen.on_board


async def test_enter_shows_the_deal_with_its_history(small_book):
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 1000)
    deal_moves.move_deal(deal_id, 1)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pipeline(pilot)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert type(detail).__name__ == "DealDetailScreen"
        history = detail.query_one("#deal-history")
        assert history.row_count == 2 and history.get_row_at(0)[1].plain == "stage"
        facts = str(detail.query_one("#deal-facts").render())
        assert "Discover, since today" in facts  # moved today
        row = pl.deal(deal_id)
        stage = lambda d: deal_facts(d, "USD", "")[0]  # noqa: E731
        assert stage(row._replace(days_in_stage=1)).value == "Discover, 1 day"
        won = row._replace(status="won", closed_on=date(2026, 11, 20))
        assert stage(won).value == "Discover on Fri 20 Nov"  # as every date reads
        await pilot.press("right_square_bracket")
        await settle(pilot, 3)
        assert history.row_count == 3 and pl.deal(deal_id).stage == "Propose"
        await pilot.press("escape")
        await settle(pilot, 3)
        assert app.screen is screen


@asynccontextmanager
async def seats_edit_form(small_book):
    """A Qualify deal "Seats" on the Pipeline, its edit form open: (app, pilot, form, id)."""
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 1000, close_on=date(2026, 12, 10))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("e")
        await pilot.pause()
        yield app, pilot, app.screen, deal_id


async def test_edit_keeps_the_stage_default_unless_typed(small_book):
    async with seats_edit_form(small_book) as (_app, pilot, form, deal_id):
        assert "blank: Qualify's 10%" in str(form.query_one("#hint-probability", Static).render())
        await type_into(pilot, "field-close_on", "2027-01-20")
        await type_into(pilot, "field-probability", "35")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
    d = pl.deal(deal_id)
    assert (d.close_on, d.probability, d.probability_overridden, d.push_count) == (
        date(2027, 1, 20), 35, True, 1)


async def test_the_form_refuses_a_probability_that_reads_as_a_fraction_too(small_book):
    """The form reads a probability as the CLI does (core's parse_percent): 1.0 was 100%."""
    async with seats_edit_form(small_book) as (app, pilot, form, deal_id):
        await type_into(pilot, "field-probability", "1.0")
        await pilot.press("ctrl+s")  # refused: the form stays, the hint says why
        await settle(pilot, 3)
        assert app.screen is form
        assert "'1.0' could be 100% or 1%: write 100% or 1%" in str(
            form.query_one("#hint-probability", Static).render())
    assert (pl.deal(deal_id).probability, pl.deal(deal_id).probability_overridden) == (10, False)


async def test_white_space_gap_opens_a_new_deal(small_book):
    won = deal_moves.create_deal(small_book["acme"], "Analytics", 12000, product_id=small_book["analytics"])
    deal_moves.win_deal(won)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("W")
        await settle(pilot, 3)
        ws = app.screen
        assert type(ws).__name__ == "WhiteSpaceScreen"
        table = ws.query_one("#ws-table")
        assert [table.cell_text(i, "client") for i in range(table.row_count)] == ["Acme Corp", "Globex", "Initech"]
        families = list(table.widths)[2:]
        assert table.cell_text(0, families[0]).startswith("● owned")
        # Globex (row 1), the Services family (the second): a gap
        await pilot.press("down", "right", "right", "right")
        assert (table.cursor, table.cursor_column) == (1, families[1])
        assert table.cell_text(1, families[1]) == "○ gap"
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert type(form).__name__ == "DealForm"
        assert form.query_one("#field-kind", Select).value == "cross-sell"
        assert form.query_one("#field-amount", Input).value == "2,500"  # Onsite Training's list price
        await pilot.press("ctrl+s")  # a blank title takes the product's name
        await settle(pilot, 3)
        assert app.screen is ws
        assert table.cell_text(1, families[1]).startswith("◐ pipeline")
        (deal,) = pl.deals(client_id=small_book["globex"])
        assert (deal.title, deal.kind, deal.product) == ("Onsite Training", "cross-sell", "Onsite Training")
        await pilot.press("escape")
        await settle(pilot, 3)
        assert isinstance(app.screen, PipelineScreen)


async def test_palette_actions_open_white_space_and_a_deal(small_book):
    from amtui.tui.screens.pipeline import open_deal

    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 1000)
    deal_moves.lose_deal(deal_id, "price")
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        await app.run_action("app.white_space")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "WhiteSpaceScreen" and app.current_mode == "pipeline"
        await pilot.press("escape")
        await pilot.press("1")
        await pilot.pause()
        open_deal(app, deal_id)  # a lost deal: the pipeline widens its filter to show it
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "DealDetailScreen"
        await pilot.press("escape")
        await settle(pilot, 5)
        screen = app.screen
        assert isinstance(screen, PipelineScreen) and screen.selected_id() == deal_id
        await app.run_action("app.new_deal")
        await pilot.pause()
        assert type(app.screen).__name__ == "DealForm"


async def test_log_and_follow_up_open_for_the_deals_client(small_book):
    deal_moves.create_deal(small_book["globex"], "Support", 6000)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_pipeline(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert type(app.screen).__name__ == "LogInteractionForm"
        assert app.screen.client_id == small_book["globex"]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpForm"
        await pilot.press("escape")
        await settle(pilot, 3)
        assert app.screen is screen


async def test_white_space_scrolls_every_client_and_keeps_the_cursor(small_book):
    from amtui.models import Client

    Client.insert_many([{"name": f"Zed {i:04d}", "name_key": f"zed {i:04d}"} for i in range(450)]).execute()
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("W")
        await settle(pilot, 3)
        table = app.screen.query_one("#ws-table")
        assert table.row_count == 453  # no "m for more": every client is in the grid
        await pilot.press("end")
        await settle(pilot, 3)
        assert table.cell_text(452, "client") == "Zed 0449"
        assert any("Zed 0449" in table.render_line(y).text for y in range(table.size.height))
        families = [k for k in table.widths if k not in ("client", "tier")]
        assert families == ["Analytics", "Services"]
        for family in families:  # never cut: a narrow grid scrolls sideways instead
            assert table.shown_cell(452, family).strip() == table.cell_text(452, family)
        await pilot.press("r")
        await settle(pilot, 3)
        assert table.selected_id() == table.source.ids[452] and table.cursor == 452


async def test_a_lost_deals_line_says_why_it_was_lost(small_book):
    """Under the table at 80 columns a lost deal's line read "Next step: lost: price: …"."""
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats for the whole EU sales team",
                                     1000, close_on=date(2026, 12, 10))
    deal_moves.lose_deal(deal_id, "price", "rate card above their ceiling")
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("O", "O")  # open -> won -> lost
        await settle(pilot, 3)
        line = str(app.screen.query_one("#deal-line", Static).render()).splitlines()
        assert line[1:] == ["Lost: price: rate card above their ceiling"]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_the_deal_table_keeps_its_height_as_the_cursor_walks_every_deal(demo_book, size):
    """Seen in an audit: the line under the table took two lines for a deal with a next
    step (or a reason it is stale) and one for a deal without, so the table grew and
    shrank by a row as the cursor moved.  Now it keeps two lines while some deal of the
    list has a second, whichever is highlighted.  At 200 columns nothing is cut: no line."""
    plain_deal = deal_moves.create_deal(1, "Seats", 1000, close_on=date(2027, 3, 1))  # no next step, not stale
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        table, line = screen.table, screen.query_one("#deal-line")
        walk = await walk_rows(pilot, table, line)
        assert len(walk) == table.row_count > 30
        assert len({(height, under) for height, under, _said in walk}) == 1, walk  # nothing moves
        if size[0] == 200:
            assert walk[0][1] == 0
            return
        assert walk[0][1] == 2
        index = table.source.index_of(plain_deal)
        assert walk[index][2] == f"{pl.deal(plain_deal).client} · Seats"  # one line of text in two
        assert sum(said.count("Next step:") for _h, _u, said in walk) > 10


async def test_a_list_without_second_lines_gives_the_deal_line_one(small_book):
    """No deal with a next step, none stale: the line under the table takes one line."""
    for n in range(3):
        deal_moves.create_deal(small_book["acme"], f"Seats for the whole EU sales team and the APAC offices {n}",
                               1000, close_on=date(2027, 3, 1))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pipeline(pilot)
        line = screen.query_one("#deal-line")
        walk = await walk_rows(pilot, screen.table, line)
        assert [under for _h, under, _said in walk] == [1, 1, 1]
        assert [said for _h, _u, said in walk] == [
            f"Acme Corp · Seats for the whole EU sales team and the APAC offices {n}" for n in range(3)]
