"""Saving a service issue says what it did ("Issue resolved: Invoices wrong (Bolt Ltd)"), and
resolving one offers to mark done the open follow-ups made for it, in the same
transaction (one ctrl+z).  Today's `d`, `e` and `i`, and the client's `d`, at 80x24 and a
large size, on a frozen Friday."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import listening_app, settle
from textual.widgets import Checkbox, Select, TextArea

from amtui.core import followups, service, undo
from amtui.core.errors import InvalidInput
from amtui.models import FollowUp
from amtui.tui.forms.activity import ServiceIssueForm
from amtui.tui.screens.client_detail import ClientDetailScreen
from amtui.tui.screens.today import TodayScreen, TodayTable

TODAY = date(2026, 11, 27)
SIZES = [(80, 24), (160, 50)]


@pytest.fixture
def book(book_path):
    """Bolt with an open issue, a follow-up made for it (due Monday), and one of its own
    that is not about the issue (due today)."""
    bolt = fx.client("Bolt Ltd", tier="B", handed_over_on=TODAY - timedelta(days=5))
    issue = fx.issue(bolt, "Invoices wrong", TODAY - timedelta(days=3), "high")
    for_it = fx.follow_up(bolt, "Check the credit note landed", TODAY + timedelta(days=3),
                          service_issue=issue)
    other = fx.follow_up(bolt, "Send the deck", TODAY)
    return {"path": book_path, "bolt": bolt, "issue": issue, "for_it": for_it, "other": other}


def is_done(follow_up_id: int) -> bool:
    return followups.get_follow_up(follow_up_id).done


# --- core ------------------------------------------------------------------------------------
def test_resolving_marks_the_ticked_follow_ups_of_the_issue_done_in_one_change(book):
    with undo.recording("Resolve issue: Invoices wrong"):
        saved = service.save_issue(book["issue"], status="resolved", resolution="Credit note sent",
                                   done_follow_up_ids=[book["for_it"]])
    assert (saved.happened, saved.before, saved.done_follow_up_ids) == ("resolved", "open", (book["for_it"],))
    assert is_done(book["for_it"]) and not is_done(book["other"])
    undo.undo_last()  # one ctrl+z puts back both
    assert service.get_issue(book["issue"]).status == "open" and not is_done(book["for_it"])


def test_a_follow_up_not_made_for_the_issue_is_refused_and_nothing_is_written(book):
    with pytest.raises(InvalidInput) as refused:
        service.save_issue(book["issue"], status="resolved", resolution="Credit note sent",
                           done_follow_up_ids=[book["other"]])
    assert refused.value.field == "done" and "Send the deck" in refused.value.reason
    assert service.get_issue(book["issue"]).status == "open" and not is_done(book["other"])


def test_one_done_elsewhere_meanwhile_is_left_out(book):
    followups.complete_follow_up(book["for_it"])
    saved = service.save_issue(book["issue"], status="resolved", resolution="Credit note sent",
                               done_follow_up_ids=[book["for_it"]])
    assert saved.done_follow_up_ids == ()


def test_what_a_save_did(book):
    def save(**changes) -> str:
        return service.save_issue(book["issue"], **changes).happened

    assert save(severity="low") == "saved"
    assert save(status="in progress") == "in progress"
    assert save(status="resolved", resolution="Credit note sent") == "resolved"
    assert save(status="waiting on client") == "reopened"
    assert followups.open_for_issue(book["issue"])[0].id == book["for_it"]  # never asked to close it


# --- the app ---------------------------------------------------------------------------------
async def on_todays_issue(app, pilot) -> TodayScreen:
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    screen.query_one("#today-issues", TodayTable).focus()
    await pilot.pause()
    return screen


def in_sight(widget, size) -> bool:
    region = widget.region
    return region.height > 0 and region.bottom <= size[1] and region.right <= size[0]


@pytest.mark.parametrize("size", SIZES)
async def test_d_on_todays_issue_resolves_it_ends_its_follow_up_and_says_so(book, size):
    async with listening_app(book["path"], size) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ServiceIssueForm) and app.focused.id == "field-resolution"
        box = form.query_one(f"#field-done_{book['for_it']}", Checkbox)
        assert box.value and "Check the credit note landed" in str(box.label)
        assert in_sight(box, size)  # right under the resolution, even at 80x24
        assert not form.query(f"#field-done_{book['other']}")  # not about the issue: not offered
        await pilot.press(*"Credit note sent")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
        assert "Issue resolved: Invoices wrong (Bolt Ltd) · 1 follow-up done" in app.said
        assert not any("saved" in s.lower() for s in app.said)
        assert undo.last_change() == "Issue resolved: Invoices wrong (Bolt Ltd)"  # what ctrl+z names
        assert form.intro.startswith("Bolt Ltd · open") and "0 days" not in form.intro
    assert service.get_issue(book["issue"]).status == "resolved"
    assert is_done(book["for_it"]) and not is_done(book["other"])


async def test_unticked_the_follow_up_stays_open(book):
    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-resolution", TextArea).text = "Credit note sent"
        form.query_one(f"#field-done_{book['for_it']}", Checkbox).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert "Issue resolved: Invoices wrong (Bolt Ltd)" in app.said
    assert service.get_issue(book["issue"]).status == "resolved" and not is_done(book["for_it"])


@pytest.mark.parametrize("size", SIZES)
async def test_e_then_resolved_ticks_the_follow_up_and_back_unticks_it(book, size):
    async with listening_app(book["path"], size) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ServiceIssueForm)
        box = form.query_one(f"#field-done_{book['for_it']}", Checkbox)
        status = form.query_one("#field-status", Select)
        assert not box.value  # an edit is not a resolve
        status.value = "resolved"
        await pilot.pause()
        assert box.value  # resolving ends it: offered, ticked
        status.value = "in progress"
        await pilot.pause()
        assert not box.value
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert "Issue in progress: Invoices wrong (Bolt Ltd)" in app.said
    assert not is_done(book["for_it"])


async def test_a_box_the_rep_ticked_no_longer_follows_the_status(book):
    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        box = form.query_one(f"#field-done_{book['for_it']}", Checkbox)
        box.value = True  # the rep's own choice, the issue still open
        await pilot.pause()
        form.query_one("#field-status", Select).value = "waiting on client"
        await pilot.pause()
        assert box.value
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert "Issue waiting on client: Invoices wrong (Bolt Ltd) · 1 follow-up done" in app.said
    assert is_done(book["for_it"])


@pytest.mark.parametrize("size", SIZES)
async def test_the_clients_d_and_e_say_resolved_and_reopened(book, size):
    async with listening_app(book["path"], size) as (app, pilot):
        app.push_screen(ClientDetailScreen(book["bolt"]))
        await settle(pilot, 2)
        screen = app.screen
        while screen.part != "issues":
            await pilot.press("tab")
            await pilot.pause()
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#field-resolution", TextArea).text = "Credit note sent"
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert app.screen is screen
        assert "Issue resolved: Invoices wrong (Bolt Ltd) · 1 follow-up done" in app.said
        assert "Service issue saved" not in app.said
        await pilot.press("e")  # a resolved issue: no follow-up offered, it can be reopened
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ServiceIssueForm) and not form.query(Checkbox)
        form.query_one("#field-status", Select).value = "open"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert "Issue reopened: Invoices wrong (Bolt Ltd)" in app.said
    assert service.get_issue(book["issue"]).status == "open"
    assert is_done(book["for_it"])  # reopening leaves what the resolve ended


async def test_a_new_issue_says_it_was_opened(book):
    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press(*"Login broken")
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert "Issue opened: Login broken (Bolt Ltd)" in app.said
    assert FollowUp.select().where(FollowUp.done_at.is_null()).count() == 2


async def test_an_issue_deleted_while_being_resolved_can_be_saved_as_new(book):
    """Deleted in another window while the rep typed what fixed it: "Save as new" records
    it again, resolved, with that resolution (its follow-ups lost their link: not closed)."""
    from two_machines import elsewhere

    from amtui.tui.dialogs.conflict import DeletedDialog

    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        app.screen.query_one("#field-resolution", TextArea).text = "Credit note sent"
        await pilot.pause()
        elsewhere(book["path"], "DELETE FROM service_issue WHERE id = ?", book["issue"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeletedDialog), app.said
        await pilot.press("n")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
        assert "It was deleted elsewhere: saved as a new service issue" in app.said
        assert "Issue resolved: Invoices wrong (Bolt Ltd)" in app.said
    [again] = service.client_issues(book["bolt"])
    assert (again.title, again.status, again.resolution) == ("Invoices wrong", "resolved", "Credit note sent")
    assert not is_done(book["for_it"])


async def test_a_new_issue_for_a_client_deleted_meanwhile_is_not_saved_and_says_so(book):
    from two_machines import elsewhere

    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        await on_todays_issue(app, pilot)
        await pilot.press("i")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Login broken")
        elsewhere(book["path"], "DELETE FROM client WHERE id = ?", book["bolt"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the typing stays
        assert any("no client with id" in s for s in app.said)
