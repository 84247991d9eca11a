"""The Pipeline read a page at a time: the order of the match once, its figures from one
aggregate query, rows by page (a page costs the same query wherever it is); the table
and the board's columns scroll to their last deal; the board keeps the selected deal
across toggles and reloads (today = 2026-11-27)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle
from pipeline_fixtures import board_cards_on_screen, board_column_lines, open_board, open_pipeline
from playhouse.test_utils import count_queries
from quota_fixtures import P
from textual import events

from amtui.core import comp_plan as cp
from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.core import pipeline_view as pv
from amtui.core import quota as q
from amtui.core.commission import pay_if_won, pay_quarters, what_deals_pay
from amtui.core.periods import parse_period
from amtui.models import Client, Opportunity
from amtui.tui.app import AmtuiApp
from amtui.tui.widgets import board_lines
from amtui.tui.widgets.deal_board import WHEEL as DealBoard_WHEEL

TODAY = date(2026, 11, 27)
STAGES = ("Qualify", "Discover", "Propose", "Negotiate", "Commit")


@pytest.fixture
def many(small_book):
    """300 open deals across the stages and two quarters, a few lost and won; a quota
    and a plan, so deals pay."""
    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2027-Q1"), "250k")
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,100:1", bonuses="")
    clients = [small_book["acme"], small_book["globex"], small_book["initech"]]
    ids = []
    for i in range(300):
        ids.append(deal_moves.create_deal(clients[i % 3], f"Deal {i:03d}", 1000 + i * 10 + Decimal("0.05"),
                                          stage=STAGES[i % 5], close_on=TODAY + timedelta(days=i % 90 - 10)))
    for deal_id in ids[:4]:
        deal_moves.lose_deal(deal_id, "price")
    deal_moves.win_deal(ids[4])
    # one deal long in its stage: stale by the stage's limit, not by its date
    Opportunity.update(stage_entered_at=datetime(2026, 6, 1, 9, 0).astimezone()).where(
        Opportunity.id == ids[10]).execute()
    return {**small_book, "ids": ids}


@pytest.mark.parametrize("status,period,text", [
    ("open", None, ""), ("all", None, ""), ("lost", None, ""), ("open", "this quarter", ""),
    ("open", None, "glob"), ("all", "next quarter", "deal 1"),
])
def test_the_summary_is_what_the_rows_add_up_to(many, status, period, text):
    found = pv.DealFilter(parse_period(period, 1) if period else None, status, text)
    rows = pl.deals(period=found.period, status=status, text=text, today=TODAY)
    order = pv.deal_order(found, TODAY)
    assert order.ids == [d.id for d in rows]
    with count_queries() as counted:
        s = pv.summary(found, TODAY, pay_quarters(TODAY))
    # the aggregate, the stages, then each quarter's plan, quota and bookings once
    assert counted.count <= 2 + 3 * 3
    totals = pl.pipeline_totals(rows)
    assert (s.count, s.amount, s.weighted) == (totals.count, totals.amount, totals.weighted)
    assert s.stale == sum(d.stale for d in rows)
    open_rows = [d for d in rows if d.status == "open"]
    assert s.if_won == pay_if_won(open_rows, TODAY).adds
    pays = what_deals_pay(open_rows, TODAY)
    assert s.widest.pays == (max(pays.values()) if pays else None)
    board = pl.board(rows=rows)
    assert [(c.stage.name, c.count, c.total, c.weighted) for c in board] == [
        (c.stage.name, c.count, c.total, c.weighted) for c in s.stages]
    for c in s.stages:
        assert order.by_stage[c.stage.name] == [d.id for d in rows if d.status == "open" and d.stage == c.stage.name]
    if rows:
        assert s.widest.amounts == (max(d.amount for d in rows), min(d.amount for d in rows))
        assert s.widest.days_in_stage == max(d.days_in_stage for d in rows)
        assert s.widest.text["title"] == max(len(d.title) for d in rows)


def test_weighted_in_sql_rounds_each_deal_half_up_as_deal_weighted(small_book):
    for amount, probability in (("0.05", 10), ("0.15", 10), ("0.25", 50), ("1234.55", 35), ("0.01", 1)):
        deal_moves.create_deal(small_book["acme"], f"Odd {amount}", Decimal(amount), probability=probability)
    s = pv.summary(pv.DealFilter(), TODAY)
    assert s.weighted == pl.weighted_pipeline(pl.deals(today=TODAY))


def test_a_page_costs_one_query_wherever_it_is(many):
    order = pv.deal_order(pv.DealFilter(status="all"), TODAY)
    pages = pv.DealPages(TODAY)
    pv.summary(pv.DealFilter(status="all"), TODAY, pages.quarters)  # looks the quarters up
    counts = []
    for start in (0, 100, 200):
        with count_queries() as counted:
            page = pages.fetch(order.ids[start:start + 100])
        counts.append(counted.count)
        assert [r.id for r in page] == order.ids[start:start + 100]
    assert counts == [1, 1, 1]
    assert all(r.pays is not None for r in page if r.deal.status == "open")


def drawn(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_table_scrolls_to_the_last_of_300_deals_a_page_at_a_time(many, size):
    app = AmtuiApp(db_path=many["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        table = screen.table
        assert table.row_count == 295  # every open deal: no "first 100"
        assert table.source.loaded(0) and not table.source.loaded(150) and not table.source.loaded(294)
        assert "295 deals" in str(screen.query_one("#pipeline-totals").render())
        with count_queries() as counted:
            await pilot.press("end")
            await settle(pilot, 3)
        assert counted.count == 1  # the last page, one query
        assert table.cursor == 294 and not table.source.loaded(150)
        last = table.cell_text(294, "title")
        assert last and last in drawn(table)
        await pilot.press("pageup")
        await settle(pilot, 3)
        assert table.cursor < 294 and table.selected_id() == table.source.key_at(table.cursor)
        # a reload keeps the cursor on its deal, its page read with the load
        chosen = table.selected_id()
        await pilot.press("r")
        await settle(pilot, 3)
        assert table.selected_id() == chosen


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_board_moves_between_columns_keeps_the_deal_and_scrolls_every_card(many, size):
    app = AmtuiApp(db_path=many["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        await pilot.press("down", "down")
        chosen = screen.selected_id()
        stage = pl.deal(chosen).stage
        await pilot.press("v")
        await settle(pilot, 3)
        board = screen.board
        assert screen.on_board and screen.selected_id() == chosen
        assert app.focused is board and board.stage_names[board.current] == stage
        # the column shows on screen, whole, its card among those drawn
        assert board.first <= board.current < board.first + board.shown
        assert chosen in board_cards_on_screen(board, board.column())
        here = board.current
        await pilot.press("right")
        assert board.current == here + 1 and screen.selected_id() != chosen
        assert board.first <= board.current < board.first + board.shown  # brought into view
        await pilot.press("left")
        assert board.current == here and screen.selected_id() == chosen

        # no card limit: every card of the stage scrolls (59 open Qualify deals here), on
        # its own: the other columns stay where they were
        qualify = board.columns[0]
        assert qualify.row_count == sum(1 for d in pl.deals(today=TODAY) if d.stage == "Qualify")
        board.focus_column(0)
        others = [c.top for c in board.columns[1:]]
        with count_queries() as counted:
            await pilot.press("end")
            await settle(pilot, 3)
        assert counted.count == 1  # the last page of the column, one query
        assert qualify.cursor == qualify.row_count - 1 and qualify.top > 0
        assert [c.top for c in board.columns[1:]] == others
        last = qualify.row_at(qualify.cursor).deal
        assert any(last.title in line for line in board_column_lines(board, qualify))
        picked = screen.selected_id()
        assert picked == last.id
        await pilot.press("pageup")
        assert qualify.cursor == qualify.row_count - 1 - board.body_height
        assert screen.selected_id() in board_cards_on_screen(board, qualify)
        await pilot.press("down", "up", "down", "pagedown")
        assert screen.selected_id() == picked

        await pilot.press("r")  # a reload keeps the card
        await settle(pilot, 3)
        assert screen.selected_id() == picked and app.focused is board and board.current == 0
        assert picked in board_cards_on_screen(board, qualify)
        await pilot.press("v")  # the table, on the same deal
        await settle(pilot, 3)
        assert not screen.on_board and screen.selected_id() == picked
        await pilot.press("v")
        await settle(pilot, 3)
        assert screen.on_board and screen.selected_id() == picked

        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DealDetailScreen" and app.screen.deal_id == picked


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_click_picks_a_card_and_a_second_opens_it_the_wheel_scrolls_a_column(many, size):
    app = AmtuiApp(db_path=many["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_board(pilot)
        board = screen.board
        board.focus_column(0)
        await pilot.pause()
        target = board.columns[board.first + 1]
        x = board.column_width() + 3  # in the second column shown, its second card
        y = board_lines.HEADER_LINES + board.row_height + 1
        await pilot.click(board, offset=(x, y))
        await pilot.pause()
        assert board.current == target.index and target.cursor == 1
        assert screen.selected_id() == target.source.key_at(1)
        assert type(app.screen).__name__ == "PipelineScreen"  # one click picks, no more
        await pilot.click(board, offset=(x, y))  # the highlighted card: open it
        await pilot.pause()
        assert type(app.screen).__name__ == "DealDetailScreen" and app.screen.deal_id == target.source.key_at(1)
        await pilot.press("escape")
        await settle(pilot, 3)
        board.post_message(events.MouseScrollDown(board, x, y, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert target.top == DealBoard_WHEEL and target.cursor == 1  # the view moved, not the cursor


async def test_hostile_text_on_cards_and_rows_is_shown_not_run(small_book):
    Client.update(name="Evil\x1b]0;PWNED\x07\x1b[2J [/] Corp").where(Client.id == small_book["acme"]).execute()
    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 5000)
    # as an old book or another tool could have written them (forms refuse control characters)
    Opportunity.update(title="Title\nwith [bold]markup[/bold]\x1b[31m", next_step="Call\r\nback").where(
        Opportunity.id == deal_id).execute()
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_pipeline(pilot)
        table_text = drawn(screen.table)
        assert "\x1b" not in table_text and "[bold]markup[/bold]" in screen.table.cell_text(0, "title")
        await pilot.press("v")
        await settle(pilot, 3)
        board = screen.board
        column = next(c for c in board.columns if c.row_count)
        card = board.cell_text(column, 0).split("\n")
        assert len(card) == 3
        assert card[1] == "Title␊with [bold]markup[/bold]␛[31m"
        text = "\n".join(board.render_line(y).text for y in range(board.size.height))
        assert "\x1b" not in text and "\x07" not in text and "PWNED" in text and "Title␊with" in text


async def test_a_load_costs_the_same_queries_however_many_deals(many):
    app = AmtuiApp(db_path=many["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_pipeline(pilot)
        with count_queries() as small:
            screen.reload()
            await settle(pilot, 3)
        for i in range(200):
            deal_moves.create_deal(many["acme"], f"More {i}", 500 + i, close_on=TODAY + timedelta(days=i % 60))
        with count_queries() as large:
            screen.reload()
            await settle(pilot, 3)
        assert screen.table.row_count == 495
        # ids, stages, the aggregate, the first pages (one read), settings and the quarters:
        # the same handful whatever the size of the pipeline
        assert large.count == small.count <= 16
