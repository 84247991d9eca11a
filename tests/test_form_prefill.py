"""Edit forms open with a record's dates and amounts as the screens show them ("Thu 17
Dec", "2 Dec 2027", "131,500", "1,234.50"), never raw ("2026-12-17", "131500.00"); what
they show reads back through the forms' own parsers to the very value stored, so a form
saved untouched writes nothing (it says "Nothing changed") and one escaped untouched
closes without a question.  A form that acts (won, lost) still acts untouched."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pilot_helpers import notifications, settle
from pipeline_fixtures import open_pipeline
from textual.widgets import Input

from amtui.core import clients, dates_fmt, deal_moves, followups, undo
from amtui.core import comp_plan as cp
from amtui.core import pipeline as pl
from amtui.core.money import amount_text
from amtui.core.parse import FUTURE, PAST, parse_date, parse_money
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.client import ClientForm
from amtui.tui.forms.follow_up import FollowUpForm

SIZES = [(80, 24), (160, 50)]
TODAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


# --- what is shown reads back to the same value --------------------------------------------
@given(TODAYS, st.integers(min_value=-5 * 366, max_value=5 * 366))
def test_a_date_as_prefilled_reads_back_the_same_for_a_future_field(today, offset):
    day = today + timedelta(days=offset)
    assert parse_date(dates_fmt.day(day, today), tense=FUTURE, today=today) == day


@given(TODAYS, st.integers(min_value=0, max_value=5 * 366))
def test_a_date_as_prefilled_reads_back_the_same_for_a_past_field(today, back):
    day = today - timedelta(days=back)
    assert parse_date(dates_fmt.day(day, today), tense=PAST, today=today) == day


@pytest.mark.parametrize(("day", "shown"), [
    (date(2026, 12, 17), "Thu 17 Dec"),  # this year: as screens show it, with its weekday
    (date(2026, 1, 5), "Mon 5 Jan"),  # this year's, not next January's nearer one
    (date(2027, 12, 17), "17 Dec 2027"),  # another year: with its year
    (date(2025, 11, 27), "27 Nov 2025"),
])
def test_dates_far_off_keep_their_year(frozen_today, day, shown):
    assert dates_fmt.day(day) == shown
    assert parse_date(shown, tense=FUTURE) == day


@given(st.integers(min_value=0, max_value=10**11))
def test_an_amount_as_prefilled_reads_back_the_same(cents):
    amount = Decimal(cents) / 100  # 0 .. 10^9, with cents
    assert parse_money(amount_text(amount)) == amount
    assert parse_money(amount_text(-amount), allow_negative=True) == -amount


@pytest.mark.parametrize(("amount", "shown"), [
    ("131500.00", "131,500"), ("1234.50", "1,234.50"), ("0.00", "0"), ("0.05", "0.05"),
    ("999999999.99", "999,999,999.99"),
])
def test_amounts_read_as_the_screens_show_them(amount, shown):
    assert amount_text(Decimal(amount)) == shown


# --- the deal form, by keys ----------------------------------------------------------------
def deal_now(deal_id: int) -> tuple:
    d = pl.deal(deal_id)
    return d.title, d.amount, d.close_on, d.probability, d.forecast_category, d.kind, d.next_step, d.version


async def open_edit(app, pilot) -> FormScreen:
    await pilot.press("e")
    await settle(pilot, 3)
    form = app.screen
    assert type(form).__name__ == "DealForm"
    return form


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("amount", "close_on", "amount_shown", "close_shown"), [
    (Decimal("131500"), date(2026, 12, 17), "131,500", "Thu 17 Dec"),
    (Decimal("1234.50"), date(2027, 2, 3), "1,234.50", "3 Feb 2027"),
])
async def test_a_deal_edit_form_shows_what_screens_show_and_saves_untouched_as_it_was(
        small_book, size, amount, close_on, amount_shown, close_shown):
    deal = deal_moves.create_deal(small_book["acme"], "Analytics", amount, close_on=close_on)
    before, history = deal_now(deal), len(pl.deal_history(deal))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        screen = await open_pipeline(pilot)
        form = await open_edit(app, pilot)
        assert form.query_one("#field-amount", Input).value == amount_shown
        assert form.query_one("#field-close_on", Input).value == close_shown
        # opened and escaped untouched: closed at once, no "Throw away what you typed?"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        form = await open_edit(app, pilot)
        assert not form.has_typed() and form.typed_fields() == set()
        await pilot.press("ctrl+s")  # saved untouched: nothing written at all
        await settle(pilot, 3)
        assert app.screen is screen
        assert deal_now(deal) == before  # the version too: no write
        assert len(pl.deal_history(deal)) == history  # no change in the deal's history
        assert undo.last_change() is None  # nor an undo entry for nothing
        assert any(n.message == "Nothing changed, so nothing was saved" for n in notifications(app))
        # the amount changed and nothing else: saved exactly
        form = await open_edit(app, pilot)
        await pilot.press("tab")  # from the title to the amount
        assert app.focused is form.query_one("#field-amount", Input)
        await pilot.press("end", "ctrl+u", *"131,500.25")
        assert form.typed_fields() == {"amount"}
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen is screen
        changed = deal_now(deal)
        assert changed[1] == Decimal("131500.25")
        assert changed[:1] + changed[2:-1] == before[:1] + before[2:-1]
        form = await open_edit(app, pilot)
        assert form.query_one("#field-amount", Input).value == "131,500.25"
        await pilot.press("escape")


# --- the client and follow-up forms --------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_a_client_form_shows_its_renewal_as_screens_do_and_escapes_untouched(book_path, size):
    acme = clients.create_client("Acme", tier="B", renewal_on=date(2027, 3, 31))
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        start = app.screen
        app.push_screen(ClientForm(acme))
        await settle(pilot, 3)
        form = app.screen
        assert form.query_one("#field-renewal_on", Input).value == "31 Mar 2027"
        assert not form.has_typed()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is start  # no question: nothing was typed
        app.push_screen(ClientForm(acme))
        await settle(pilot, 3)
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen is start
        saved = clients.get_client(acme)
        assert (saved.renewal_on, saved.tier, saved.name) == (date(2027, 3, 31), "B", "Acme")


@pytest.mark.parametrize("size", SIZES)
async def test_a_follow_up_form_shows_its_due_date_as_screens_do(book_path, size):
    acme = clients.create_client("Acme", tier="B")
    due = date(2026, 12, 4)
    follow_up = followups.add_follow_up(acme, "Send the deck", due).id
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        start = app.screen
        app.push_screen(FollowUpForm(acme, follow_up_id=follow_up))
        await settle(pilot, 3)
        form = app.screen
        assert form.query_one("#field-due_on", Input).value == "Fri 4 Dec"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is start
        app.push_screen(FollowUpForm(acme, follow_up_id=follow_up))
        await settle(pilot, 3)
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert app.screen is start
        assert followups.get_follow_up(follow_up).due_on == due


@pytest.mark.parametrize("size", SIZES)
async def test_the_comp_plan_form_shows_its_figures_and_start_as_screens_do(book_path, size):
    cp.set_plan(base_salary="60k", rate="10%", tiers="0:0.5,50:1", cap="40000.50",
                effective_from=date(2026, 1, 1))
    before = cp.plans()
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("4")
        await settle(pilot, 3)
        quota = app.screen
        for key in ("escape", "ctrl+s"):  # escaped untouched (no question), saved untouched
            await pilot.press("c")
            await settle(pilot)
            form = app.screen
            assert type(form).__name__ == "PlanForm"
            assert form.query_one("#field-effective_from", Input).value == "Thu 1 Jan"
            assert form.query_one("#field-base", Input).value == "60,000"
            assert form.query_one("#field-cap", Input).value == "40,000.50"
            await pilot.press(key)
            await settle(pilot, 3)
            assert app.screen is quota
    # every figure as it was (a save writes the row, so its version goes up)
    assert [replace(p, version=0) for p in cp.plans()] == [replace(p, version=0) for p in before]


@pytest.mark.parametrize("size", SIZES)
async def test_a_won_form_saved_untouched_still_wins_the_deal(small_book, size):
    """Won's form opens ready (today, the deal's amount): ctrl+s at once is the win, not
    "nothing changed"."""
    deal = deal_moves.create_deal(small_book["acme"], "Analytics", Decimal("1200"), close_on=date(2026, 12, 17))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await open_pipeline(pilot)
        await pilot.press("w")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "WinForm" and not app.screen.edits_a_record()
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert pl.deal(deal).status == "won"


@pytest.mark.parametrize("size", SIZES)
async def test_a_value_typed_again_in_another_form_is_no_change(small_book, size):
    """The audit: "10k" typed over "10,000", "17 Dec" over "Thu 17 Dec", saved as a change
    (a new version, a "Deal edited" to undo that put nothing back)."""
    deal = deal_moves.create_deal(small_book["acme"], "Analytics", Decimal("131500"), close_on=date(2026, 12, 17))
    before = deal_now(deal)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await open_pipeline(pilot)
        form = await open_edit(app, pilot)
        form.query_one("#field-amount", Input).value = "131.5k"
        form.query_one("#field-close_on", Input).value = "17 Dec"
        await pilot.pause()
        assert form.typed_fields() == {"amount", "close_on"}
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert deal_now(deal) == before and undo.last_change() is None
        assert any(n.message == "Nothing changed, so nothing was saved" for n in notifications(app))


# --- typing at once into an edit form ------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_as_an_edit_form_opens_add_to_its_first_field(small_book, size):
    # the audit: `e` then a letter wiped the deal's title, which the form had selected
    deal = deal_moves.create_deal(small_book["acme"], "Analytics", Decimal("5000"), close_on=date(2027, 2, 3))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await open_pipeline(pilot)
        await pilot.press("e", *" v2")  # in one burst, as a rep types
        await settle(pilot, 3)
        form = app.screen
        title = form.query_one("#field-title", Input)
        assert title.value == "Analytics v2"
        assert title.cursor_position == len(title.value)
        # tabbing to a field still selects it whole, to type over
        await pilot.press("tab", *"7000")
        assert form.query_one("#field-amount", Input).value == "7000"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        saved = pl.deal(deal)
        assert (saved.title, saved.amount) == ("Analytics v2", Decimal("7000"))


@pytest.mark.parametrize("size", SIZES)
async def test_a_new_records_form_still_selects_its_first_field(book_path, size):
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        app.push_screen(ClientForm(None))
        await settle(pilot, 3)
        first = app.focused
        assert isinstance(first, Input) and first.select_on_focus
