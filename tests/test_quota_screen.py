"""The Quota screen (key 4) driven with the keyboard: figures, periods, quota and plan."""

from datetime import date
from decimal import Decimal as D

import pytest
from pilot_helpers import notifications, settle
from quota_fixtures import P, deal
from textual.widgets import Digits, Input, Static

from amtui.core import bookings as bk
from amtui.core import comp_plan as cp
from amtui.core import quota as q
from amtui.tui.app import AmtuiApp
from amtui.tui.widgets.virtual_table import VirtualTable


@pytest.fixture
def book(book_path):
    q.set_quota(P("2026-Q4"), "250k")
    q.set_quota(P("2026-Q3"), "200k")
    q.set_quota(P("2026-Q2"), "200k")
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000")
    deal(155_000, status="won", closed_on=date(2026, 11, 2))
    deal(150_000, status="won", closed_on=date(2026, 8, 2))
    deal(40_000, close_on=date(2026, 12, 15), probability=50, category="best case", title="Holiday campaign",
         client_name="Globex Retail")
    deal(30_000, close_on=date(2026, 12, 20), probability=90, category="commit", title="Q1 media buy")
    return book_path


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_quota(app, pilot):
    await pilot.press("4")
    await settle(pilot, 3)
    assert app.current_mode == "quota"


async def test_screen_shows_the_figures(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        assert "2026-Q4" in text_of(app, "#quota-header") and "day 58 of 92" in text_of(app, "#quota-header")
        assert app.screen.query_one("#attainment-digits", Digits).value == "62.0"
        attainment = text_of(app, "#attainment-lines")
        assert "$155,000" in attainment and "$250,000" in attainment and "$95,000" in attainment
        pace = text_of(app, "#pace-lines")
        assert "$157,609" in pace and "Behind by" in pace and "$245,862" in pace and "$3,800" in pace
        forecast = text_of(app, "#forecast-lines")
        assert "$202,000" in forecast and "$185,000" in forecast and "$225,000" in forecast
        assert "Coverage 0.7x" in forecast and "need 1.0x" in forecast  # one won, none lost
        assert "$9,250" in text_of(app, "#pay-lines")
        warning = app.screen.query_one("#quota-warning", Static)
        assert warning.display and "PROBATION RISK: 2 quarters" in str(warning.render())
        assert str(warning.render()).endswith("Make this quarter's number.")
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        assert deals.row_count == 2
        assert "Holiday campaign" in deals.cell_text(0, "deal") and "$4,000" in deals.cell_text(0, "pays")  # best paying first
        history = app.screen.query_one("#quota-history", VirtualTable)
        assert history.row_count == 8
        assert history.cell_text(0, "quarter") == "2026-Q3" and "✗ 75%" in history.cell_text(0, "result")
        assert "2 misses in a row" in text_of(app, "#quota-history-note")


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_a_made_quarter_ends_the_probation_warning_and_needs_nothing_more(book, size):
    """Made: no PROBATION RISK beside "Exceeded by", the history says the run ends, and
    the pace card says no more is needed ("Needed a work day nothing: made" read as a slip)."""
    deal(100_000, status="won", closed_on=date(2026, 11, 20))  # 255k of 250k
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await open_quota(app, pilot)
        assert not app.screen.query_one("#quota-warning", Static).display
        assert "2 misses in a row, ended by this quarter's number" in text_of(app, "#quota-history-note")
        assert "Needed a work day none, quota made" in text_of(app, "#pace-lines")


async def test_switch_periods_and_year(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        await pilot.press("p")
        await settle(pilot, 3)
        assert "2027-Q1" in text_of(app, "#quota-header") and "not started" in text_of(app, "#quota-header")
        assert "No quota for 2027-Q1" in text_of(app, "#attainment-lines")
        assert app.screen.query_one("#attainment-digits", Digits).value == "--"
        await pilot.press("P", "P")
        await settle(pilot, 3)
        assert "2026-Q3" in text_of(app, "#quota-header")
        assert app.screen.query_one("#attainment-digits", Digits).value == "75.0"
        await pilot.press("y")
        await settle(pilot, 3)
        assert "FY2026" in text_of(app, "#quota-header")
        assert "$650,000" in text_of(app, "#attainment-lines")  # the year is the sum of its quarters
        await pilot.press("y")
        await settle(pilot, 3)
        assert "2026-Q3" in text_of(app, "#quota-header")  # back to where we were
        await pilot.press("t")
        await settle(pilot, 3)
        assert "2026-Q4" in text_of(app, "#quota-header")


async def test_set_a_quota_with_q(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        await pilot.press("p")
        await settle(pilot, 3)
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuotaForm" and app.focused.id == "field-amount"
        await pilot.press(*"300k")
        await pilot.pause()
        assert "$300,000.00 · about $100,000 a month" in text_of(app, "#hint-amount")
        assert app.screen.query_one("#field-period", Input).value == "2027-Q1"  # the period shown
        await pilot.press("tab", "tab", *"Dana", "ctrl+s")  # past the period, to "Set by"
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "QuotaScreen"
        assert bk.quota_for(P("2027-Q1")) == D("300000.00") and q.quotas()[-1].set_by == "Dana"
        assert "$300,000" in text_of(app, "#attainment-lines")
        # the note says what was saved (it was a bare "Saved")
        assert notifications(app)[-1].message == "Quota for 2027-Q1 set: $300,000.00"


async def test_edit_the_plan_with_c_validating_tiers_as_you_type(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanForm" and app.focused.id == "field-rate"
        assert app.screen.query_one("#field-tiers", Input).value == "0:0.5, 50:1, 100:1.5, 125:2"
        app.screen.query_one("#field-rate", Input).value = "12%"
        app.screen.query_one("#field-tiers", Input).value = "0:0.5, 50"
        await pilot.pause()
        assert "needs two parts" in text_of(app, "#hint-tiers")
        await pilot.press("ctrl+s")  # refused: the form stays
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanForm" and cp.current_plan().rate == D(10)
        app.screen.query_one("#field-tiers", Input).value = "0:1, 100:2"
        await pilot.pause()
        assert "below 100%: 1x · 100%+: 2x" in text_of(app, "#hint-tiers")
        app.screen.query_one("#field-cap", Input).value = "20k"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "QuotaScreen"
        plan = cp.current_plan()
        assert (plan.rate, plan.tiers_text, plan.cap, plan.bonuses_text) == (D(12), "0:1, 100:2", D("20000.00"), "110:5000")
        assert "$18,600" in text_of(app, "#pay-lines")  # 155,000 at 12%


async def test_enter_opens_the_deal(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        app.screen.query_one("#quota-deals", VirtualTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "pipeline"
        assert type(app.screen).__name__ == "DealDetailScreen"


async def test_palette_actions_open_the_forms_from_anywhere(book):
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await app.run_action("app.quota('set_quota')")
        await settle(pilot, 3)
        assert app.current_mode == "quota" and type(app.screen).__name__ == "QuotaForm"
        assert app.screen.query_one("#field-amount", Input).value == "250,000"  # this quarter's, to change
        await pilot.press("escape")
        await pilot.press("1")
        await app.run_action("app.quota('edit_plan')")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "PlanForm"


@pytest.fixture
def worked_example(book_path):
    # the example: 100k won on 100k, two 15k deals, a 110% bonus, a 15k cap
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000", cap="16000")
    deal(100_000, status="won", closed_on=date(2026, 10, 15))
    deal(15_000, close_on=date(2026, 12, 10), title="First deal")
    deal(15_000, close_on=date(2026, 11, 2), title="Overdue deal")  # close date passed
    return book_path


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_pay_if_all_won_agrees_on_pipeline_and_quota(worked_example, size):
    app = AmtuiApp(db_path=worked_example)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("p")  # this quarter
        await settle(pilot, 3)
        totals = text_of(app, "#pipeline-totals")
        # 7,250 each on its own, but 17,250 - 7,500 = 9,750 together (not 14,500), capped at 16k: 8,500
        assert "2 deals" in totals and "pays $8,500 if all won" in totals
        await open_quota(app, pilot)
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        assert deals.row_count == 2
        assert "$8,500" in deals.cell_text(1, "running")  # Total if won: the two together
        assert deals.shown_cell(1, "running").strip() == deals.cell_text(1, "running")  # never cut
        assert "1 overdue" in str(app.screen.query_one("#quota-deals-title").render())
        pay = text_of(app, "#pay-lines")
        assert "Commission earned" in pay and "$7,500" in pay and "Paid so far" in pay
        assert "Cut by the cap" not in pay  # 7,500 is under the cap


async def test_pay_lines_show_the_bonus_earned_and_the_cut(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000", cap="15000")
    deal(130_000, status="won", closed_on=date(2026, 10, 15))
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        pay = text_of(app, "#pay-lines")
        for figure in ("$12,250", "$5,000", "-$2,250", "$15,000"):
            assert figure in pay, figure
        assert "Bonuses earned" in pay and "Cut by the cap" in pay


async def test_the_whole_deal_list_scrolls_and_a_reload_keeps_the_deal(book):
    for i in range(130):  # more than the 100 a DataTable used to show
        deal(1_000 + i, close_on=date(2026, 12, 1), title=f"Small {i}", client_name=f"Client {i}")
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quota(app, pilot)
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        deals.focus()
        # 24 rows: the cards fill the screen; the list is under them, the body scrolls
        app.screen.query_one("#quota-body").scroll_to_widget(deals, animate=False, immediate=True)
        await settle(pilot, 3)
        assert deals.row_count == 132
        assert "132 open deals in 2026-Q4" in str(app.screen.query_one("#quota-deals-title").render())
        await pilot.press("end")
        await pilot.press("up")
        await settle(pilot, 2)  # its page, read in the table's worker
        chosen = deals.selected_id()
        assert deals.cursor == 130 and chosen is not None
        assert deals.cell_text(130, "deal").startswith("Small ")
        await pilot.press("r")
        await settle(pilot, 3)
        assert deals.selected_id() == chosen  # the same deal after the reload
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "DealDetailScreen"


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_end_shows_the_last_deal_with_its_figures_and_a_reload_keeps_the_deal(book, size):
    """Issue 14: the list is read a page at a time; its last deal, pages below the first,
    shows what it pays alone and with every deal above it, as the whole list works it out."""
    from amtui.core.gap_deals import deals_to_close_gap
    from amtui.core.money import fmt_money

    for i in range(260):  # three pages
        deal(500 + 37 * i, close_on=date(2026, 12, 1 + i % 30), title=f"Deal {i}", client_name=f"Client {i % 9}")
    whole = deals_to_close_gap(P("2026-Q4"), date(2026, 11, 27))
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await open_quota(app, pilot)
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        deals.focus()
        app.screen.query_one("#quota-body").scroll_to_widget(deals, animate=False, immediate=True)
        await settle(pilot, 3)
        assert deals.row_count == len(whole) == 262
        assert not deals.source.loaded(261)  # not read until it shows
        await pilot.press("end")
        await settle(pilot, 3)
        last = whole[-1]
        assert deals.cursor == 261 and deals.selected_id() == last.id
        assert deals.cell_text(261, "deal") == last.title
        assert deals.cell_text(261, "pays") == fmt_money(last.pays, "USD", decimals=False)
        assert deals.cell_text(261, "running") == fmt_money(last.pays_together, "USD", decimals=False)
        assert deals.shown_cell(261, "running").strip() == deals.cell_text(261, "running")  # never cut
        await pilot.press("pageup")
        await settle(pilot, 3)
        chosen, at = deals.selected_id(), deals.cursor
        assert deals.cell_text(at, "deal") == whole[at].title
        new = deal(90_000, close_on=date(2026, 12, 30), title="A new big one")  # first: it pays most
        await pilot.press("r")
        await settle(pilot, 3)
        assert deals.row_count == 263 and deals.source.key_at(0) == new
        assert deals.selected_id() == chosen and deals.cursor == at + 1  # the same deal, one lower
        assert deals.cell_text(at + 1, "deal") == whole[at].title


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_deals_title_says_where_the_cap_stops_the_total(book, size):
    """The book's plan with a 12k cap: 155k won on 250k pays 9,250 (125k x 5% + 30k x
    10%); the 40k and 30k deals take the quarter to 225k (16,250) and past the cap, so
    "Total if won" stops at 2,750."""
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000",
                cap="12k")
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await open_quota(app, pilot)
        title = str(app.screen.query_one("#quota-deals-title", Static).render())
        assert "the cap stops the total at $2,750" in title
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        assert deals.cell_text(deals.row_count - 1, "running").strip().endswith("$2,750")


async def test_at_80x24_down_brings_the_deals_into_sight(book):
    """The screen opens on its cards with the deals (focused) below them; `down` moved a
    cursor nobody saw.  Now the list comes into sight with its cursor."""
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quota(app, pilot)
        deals = app.screen.query_one("#quota-deals", VirtualTable)
        assert app.focused is deals and not app.screen.region.contains_region(deals.region)
        await pilot.press("down")
        await pilot.pause()
        assert deals.cursor == 1
        assert app.screen.region.contains_region(deals.region)


async def test_a_past_quarter_is_not_told_to_make_its_number(book):
    """The audit: last quarter's probation warning still said "Make this quarter's
    number"; a past quarter's is history, said without the call to act."""
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=(140, 42)) as pilot:
        await open_quota(app, pilot)
        await pilot.press("P")
        await settle(pilot, 3)
        assert app.screen.sub_title == "2026-Q3"
        warning = app.screen.query_one("#quota-warning", Static)
        said = str(warning.render())
        assert warning.display and "PROBATION RISK" in said and "Make" not in said
