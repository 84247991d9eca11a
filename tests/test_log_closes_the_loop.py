"""Logging closes the loop: a log marks the client's due follow-ups done in the same
transaction and suggests the next one; suggestions skip weekends and 1 January.
Today is frozen on Friday 27 Nov."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import notifications, settle
from textual.widgets import Checkbox, Input, Static

from amtui.core import followups, interactions
from amtui.core.errors import InvalidInput
from amtui.core.periods import is_business_day, next_business_day
from amtui.models import FollowUp, Interaction
from amtui.tui.app import AmtuiApp
from amtui.tui.forms.activity import LogInteractionForm
from amtui.tui.screens.today import TodayScreen

TODAY = date(2026, 11, 27)


@pytest.fixture
def book(book_path):
    acme = fx.client("Acme Corp", tier="A", handed_over_on=TODAY - timedelta(days=60))
    jane = fx.contact(acme, "Jane Doe")
    fx.interaction(acme, TODAY - timedelta(days=3))
    chase = fx.follow_up(acme, "Chase the PO", TODAY - timedelta(days=2), contact=jane)
    call = fx.follow_up(acme, "Call about the renewal", TODAY)
    later = fx.follow_up(acme, "Quarterly review", TODAY + timedelta(days=10))
    bolt = fx.client("Bolt Ltd", handed_over_on=TODAY - timedelta(days=60))
    deck = fx.follow_up(bolt, "Send the deck", TODAY - timedelta(days=1))
    return {"path": book_path, "acme": acme, "jane": jane, "chase": chase, "call": call,
            "later": later, "bolt": bolt, "deck": deck}


def is_done(follow_up_id: int) -> bool:
    return FollowUp.get_by_id(follow_up_id).done_at is not None


# --- core -------------------------------------------------------------------------------


def test_due_follow_ups_are_the_clients_overdue_and_today(book):
    assert [f.id for f in followups.due_follow_ups(book["acme"])] == [book["chase"], book["call"]]


def test_log_marks_follow_ups_done_with_the_log_and_the_next_one(book):
    logged = interactions.log_interaction(
        book["acme"], "Chased the PO", next_title="Check the PO", next_due=TODAY + timedelta(3),
        done_follow_up_ids=[book["chase"]],
    )
    assert logged.done_follow_up_ids == (book["chase"],)
    assert is_done(book["chase"]) and not is_done(book["call"])
    assert FollowUp.get_by_id(logged.follow_up_id).title == "Check the PO"


@pytest.mark.parametrize("bad", ["deck", 9999, "done"])
def test_a_bad_follow_up_refuses_the_whole_log(book, bad):
    if bad == "done":
        FollowUp.update(done_at=fx.at_noon(TODAY)).where(FollowUp.id == book["call"]).execute()
    ids = [book["chase"], book[bad] if bad == "deck" else (book["call"] if bad == "done" else bad)]
    with pytest.raises(InvalidInput) as err:
        interactions.log_interaction(book["acme"], "Called", next_title="x", next_due=TODAY,
                                     done_follow_up_ids=ids)
    assert err.value.field == "done"
    assert Interaction.select().where(Interaction.summary == "Called").count() == 0
    assert not is_done(book["chase"]) and FollowUp.select().where(FollowUp.title == "x").count() == 0


def test_business_days_skip_weekends_and_new_year():
    assert not is_business_day(date(2027, 1, 1))  # a Friday
    assert next_business_day(date(2026, 12, 31)) == date(2027, 1, 4)
    assert followups.business_day_from(date(2027, 1, 1)) == date(2027, 1, 4)
    assert followups.business_day_from(date(2026, 12, 5)) == date(2026, 12, 7)
    assert followups.business_day_from(date(2026, 12, 4)) == date(2026, 12, 4)


def test_a_suggestion_on_new_year_moves_and_says_so(book_path, monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", "2026-12-25")
    cid = fx.client("Acme", tier="B", cadence_days=7)  # 25 Dec + 7 = Friday 1 January
    row = followups.get_follow_up(fx.follow_up(cid, "Send wishes", date(2026, 12, 24)))
    s = followups.suggest_next(row)
    assert (s.due_on, s.moved_from) == (date(2027, 1, 4), date(2027, 1, 1))
    assert s.moved_note == "moved from Fri 1 Jan (1 January)"
    plain = followups.suggest_next(row, today=date(2026, 12, 2))  # + 7 = Wednesday 9 Dec
    assert (plain.due_on, plain.moved_from, plain.moved_note) == (date(2026, 12, 9), None, "")


# --- the log form, from the keyboard ----------------------------------------------------

SIZES = [(80, 24), (140, 42)]


def checkbox(form, follow_up_id) -> Checkbox:
    return form.query_one(f"#field-done_{follow_up_id}", Checkbox)


@pytest.mark.parametrize("size", SIZES)
async def test_l_on_an_overdue_follow_up_offers_to_mark_it_done(book, size):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        table = app.screen.table("follow_ups")
        table.focus()
        keys = list(table.source.ids)
        table.move_cursor(keys.index(book["chase"]))
        await pilot.pause()
        assert app.screen.current().record_id == book["chase"]
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LogInteractionForm)
        # both of Acme's due follow-ups are offered, the row's one checked
        assert str(checkbox(form, book["chase"]).label) == "Mark done: Chase the PO"
        assert checkbox(form, book["chase"]).value and not checkbox(form, book["call"]).value
        assert not form.query(f"#field-done_{book['later']}")  # not due yet: not offered
        assert form.query_one("#field-contact").value == book["jane"]
        # the next-step fields suggest the next one (tier A: 14 days, Fri 11 Dec)
        assert form.query_one("#field-next_title", Input).value == "Check in with Jane Doe"
        assert form.query_one("#field-next_due", Input).value == "Fri 11 Dec"
        await pilot.press(*"Chased the PO")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
        assert is_done(book["chase"]) and not is_done(book["call"])
        nxt = FollowUp.get(FollowUp.title == "Check in with Jane Doe")
        assert (nxt.client_id, nxt.due_on, nxt.done_at) == (book["acme"], date(2026, 12, 11), None)
        keys = list(app.screen.table("follow_ups").source.ids)
        assert book["chase"] not in keys
        # the toast says all it did, the fields below the fold too
        assert notifications(app)[-1].message == (
            "Logged with Acme Corp · 1 follow-up done · next: Check in with Jane Doe, Fri 11 Dec")


@pytest.mark.parametrize("size", SIZES)
async def test_checking_mark_done_fills_the_next_step_and_unchecking_clears_it(book, size):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        app.push_screen(LogInteractionForm(book["acme"]))
        await pilot.pause()
        form = app.screen
        title = form.query_one("#field-next_title", Input)
        assert not checkbox(form, book["chase"]).value and not checkbox(form, book["call"]).value
        assert title.value == ""
        await pilot.press(*"Long call")
        await pilot.press("tab")  # what the log may close comes right after the summary
        assert app.focused is checkbox(form, book["chase"])
        form.query_one("#field-contact").value = book["jane"]
        await pilot.press("space")
        await pilot.pause()
        assert title.value == "Check in with Jane Doe"
        hint = str(form.query_one("#hint-next_due", Static).render())
        assert "Fri 11 Dec" in hint
        await pilot.press("space")  # unchecked: the untouched suggestion goes away
        await pilot.pause()
        assert title.value == "" and form.query_one("#field-next_due", Input).value == ""
        await pilot.press("space", "tab", "space")  # check both
        await pilot.pause()
        title.value = "My own next step"  # typed by the rep: kept whatever is checked
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert title.value == "My own next step"
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert is_done(book["chase"]) and is_done(book["call"])
        assert FollowUp.get(FollowUp.title == "My own next step").due_on == date(2026, 12, 11)
        assert Interaction.select().where(Interaction.summary == "Long call").count() == 1


async def test_a_client_with_nothing_due_gets_the_plain_form(book):
    app = AmtuiApp(db_path=book["path"])
    FollowUp.update(done_at=fx.at_noon(TODAY)).where(FollowUp.client == book["bolt"]).execute()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        app.push_screen(LogInteractionForm(book["bolt"]))
        await pilot.pause()
        assert not app.screen.query(Checkbox)
        assert app.screen.query_one("#field-next_title", Input).value == ""


async def test_the_next_step_offer_says_when_a_suggestion_moved(book):
    from amtui.tui.forms.follow_up import NextStepDialog

    s = followups.suggest_next(followups.get_follow_up(book["deck"]))  # Bolt, tier B: 30 days
    assert s.moved_from == date(2026, 12, 27)  # a Sunday
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        app.push_screen(NextStepDialog(s))
        await pilot.pause()
        text = str(app.screen.query_one(".next-step-what", Static).render())
        assert "Mon 28 Dec" in text and "moved from Sun 27 Dec (a weekend)" in text


@pytest.mark.parametrize("size", SIZES)
async def test_a_due_date_already_past_shows_in_the_preview(book, size):
    from amtui.tui.forms.follow_up import FollowUpForm

    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        app.push_screen(FollowUpForm(book["acme"]))
        await pilot.pause()
        form = app.screen
        due = form.query_one("#field-due_on", Input)
        due.value = "11/24"  # its nearest occurrence: last Tuesday, not Nov 2027
        await pilot.pause()
        assert str(form.query_one("#hint-due_on", Static).render()) == "Tue 24 Nov (3 days ago)"
        due.value = "mon"
        await pilot.pause()
        assert str(form.query_one("#hint-due_on", Static).render()) == "Mon 30 Nov (in 3 days)"


async def test_the_log_forms_when_reads_the_past(book):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        app.push_screen(LogInteractionForm(book["bolt"]))
        await pilot.pause()
        form = app.screen
        when = form.query_one("#field-when", Input)
        hint = form.query_one("#hint-when", Static)
        for typed, shown in [("11/20", "Fri 20 Nov (7 days ago)"),
                             ("mon", "Mon 23 Nov (4 days ago)"),
                             ("-2d", "Wed 25 Nov (2 days ago)"),
                             # a month and day still ahead this year: the last time it came
                             # round, its year shown
                             ("12/01", "1 Dec 2025 (361 days ago)")]:
            when.value = typed
            await pilot.pause()
            assert str(hint.render()) == shown
        when.value = "tomorrow"
        await pilot.pause()
        assert str(hint.render()).startswith("'tomorrow' is in the future (Sat 28 Nov); try")
        assert when.has_class("-invalid")


async def test_the_log_forms_suggestion_says_when_it_moved_off_a_weekend(book):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        app.push_screen(LogInteractionForm(book["bolt"], follow_up_id=book["deck"]))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-next_due", Input).value == "Mon 28 Dec"
        hint = str(form.query_one("#hint-next_due", Static).render())
        assert hint == "Mon 28 Dec (in 31 days) \u00b7 moved from Sun 27 Dec (a weekend)"


@pytest.mark.parametrize("size", SIZES)
async def test_a_follow_up_done_elsewhere_meanwhile_does_not_stop_the_log(book, size):
    """Another window marked the ticked follow-up done while the rep typed: the log was
    refused ("is already done") until the rep found the box and unticked it."""
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        app.push_screen(LogInteractionForm(book["acme"], follow_up_id=book["chase"]))
        await settle(pilot)
        form = app.screen
        assert checkbox(form, book["chase"]).value
        form.query_one("#field-summary", Input).value = "Chased the PO"
        await pilot.pause()
        followups.complete_follow_up(book["chase"])  # the other window's d
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert not isinstance(app.screen, LogInteractionForm)
        assert Interaction.select().where(Interaction.summary == "Chased the PO").count() == 1
        assert form.saved_note == ("Logged with Acme Corp · 1 follow-up done elsewhere already · "
                                   "next: Check in with Jane Doe, Fri 11 Dec")
    # the command line still refuses it: there the rep named it to close
    with pytest.raises(InvalidInput, match="is already done"):
        interactions.log_interaction(book["acme"], "Again", done_follow_up_ids=[book["chase"]])
