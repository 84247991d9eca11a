"""Every change on the undo list is named by its record as the book keeps it (trimmed, its
spaces as core left them), in the same words in the app (ctrl+z's note) and the shell
(`amtui undo --list`): each form that adds or edits a record, saved with ctrl+s at 80x24
and 200x60, and the command that does the same.  A form's title ("New follow-up for Acme
Corp", "Log an interaction with Acme Corp") never names a change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import listening_app, settle, stop_watching

from amtui.cli import main
from amtui.core import (
    clients,
    commitments,
    contacts,
    deal_moves,
    followups,
    holdings,
    interactions,
    service,
    undo,
)
from amtui.core.bookings import current_quarter
from amtui.core.change_labels import SHOWN_CHARS, short
from amtui.core.products import create_product
from amtui.models import UndoAction
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import CommitmentForm, LogInteractionForm, ServiceIssueForm
from amtui.tui.forms.client import ClientForm, ContactForm, HoldingForm
from amtui.tui.forms.deal import DealForm, LoseForm, WinForm
from amtui.tui.forms.follow_up import FollowUpForm, SnoozeForm, complete_and_offer_next
from amtui.tui.forms.plan import PlanForm, QuotaForm

SIZES = [(80, 24), (200, 60)]

LONG = ("Walked through the renewal terms with the CFO and the head of media, who want "
        "a proposal by Friday")
# cut at a word, on one line of `amtui undo --list`
LONG_LOGGED = "Logged: Call · Walked through the renewal terms with the CFO and the head… (Acme Corp)"


@pytest.fixture
def book(book_path):
    """Acme Corp with one record of each kind, written outside the undo list (the list
    starts empty)."""
    acme = clients.create_client("Acme Corp", tier="A")
    suite = create_product("Analytics suite", "Analytics", Decimal("900"))
    return dict(
        acme=acme,
        seats=create_product("Seats", "Core", Decimal("100")),
        contact=contacts.add_contact(acme, "Jane Doe"),
        follow_up=followups.add_follow_up(acme, "Send deck", date(2026, 12, 4)).id,
        interaction=interactions.log_interaction(acme, "Quarterly check-in").interaction.id,
        issue=service.open_issue(acme, "Invoices wrong").id,
        commitment=commitments.add_commitment(acme, "Quarterly review").id,
        holding=holdings.add_holding(acme, suite, annual_value="900"),
        deal=deal_moves.create_deal(acme, "Analytics seats", Decimal("12000"),
                                    close_on=date(2026, 12, 15)),
    )


@dataclass
class Case:
    """A save in a form and, where the shell has one, the command that makes the same
    change: both must name it `label`."""

    form: object  # book -> the form
    label: str
    fields: dict = field(default_factory=dict)  # set in the form before ctrl+s
    typed: str = ""  # then pressed key by key into the field with the focus (the first)
    argv: object = None  # book -> the command's arguments, or None: no command does it


def quota_label() -> str:
    return f"Quota set: {current_quarter().label} at $250,000"  # the amount as saved


CASES = {
    "client added": Case(lambda b: ClientForm(), "Client added: Nova Ltd", typed="  Nova   Ltd ",
                         argv=lambda b: ["client", "add", "  Nova   Ltd "]),
    "client edited": Case(lambda b: ClientForm(b["acme"]), "Client edited: Acme Group",
                          fields={"name": "Acme   Group"},
                          argv=lambda b: ["client", "edit", "acme", "--name", "Acme   Group"]),
    "contact added": Case(lambda b: ContactForm(b["acme"]), "Contact added: Sam Lee (Acme Corp)",
                          fields={"name": " Sam Lee "}, argv=lambda b: ["contact", "add", "acme", " Sam Lee "]),
    "contact edited": Case(lambda b: ContactForm(b["acme"], b["contact"]),
                           "Contact edited: Jane Doe (Acme Corp)", fields={"title": "CFO"}),
    "holding added": Case(lambda b: HoldingForm(b["acme"]), "Holding added: Seats (Acme Corp)",
                          fields={"product_id": lambda b: b["seats"]}),
    "holding edited": Case(lambda b: HoldingForm(b["acme"], b["holding"]),
                           "Holding edited: Analytics suite (Acme Corp)", fields={"annual_value": "1200"}),
    "follow-up added": Case(lambda b: FollowUpForm(b["acme"]), "Follow-up added: Send proposal (Acme Corp)",
                            fields={"title": " Send proposal ", "due_on": "+1w"},
                            argv=lambda b: ["followup", "add", "acme", " Send proposal ", "--due", "+1w"]),
    "follow-up edited": Case(lambda b: FollowUpForm(b["acme"], b["follow_up"]),
                             "Follow-up edited: Send the deck (Acme Corp)", fields={"title": "Send the deck"}),
    "follow-up snoozed": Case(lambda b: SnoozeForm(b["follow_up"]), "Follow-up snoozed: Send deck (Acme Corp)",
                              argv=lambda b: ["followup", "snooze", str(b["follow_up"])]),
    "logged": Case(lambda b: LogInteractionForm(b["acme"]),
                   "Logged: Meeting · Talked renewal terms (Acme Corp)",
                   fields={"summary": "Talked renewal terms", "kind": "meeting"},
                   argv=lambda b: ["log", "acme", "Talked renewal terms", "--kind", "meeting"]),
    "logged at length": Case(lambda b: LogInteractionForm(b["acme"]), LONG_LOGGED,
                             fields={"summary": LONG}, argv=lambda b: ["log", "acme", LONG]),
    "interaction edited": Case(lambda b: LogInteractionForm(b["acme"], interaction_id=b["interaction"]),
                               "Interaction edited: Call · Quarterly check-in (Acme Corp)",
                               fields={"outcome": "Agreed next steps"}),
    "issue opened": Case(lambda b: ServiceIssueForm(b["acme"]), "Issue opened: Login broken (Acme Corp)",
                         fields={"title": "Login broken"}),
    "issue edited": Case(lambda b: ServiceIssueForm(b["acme"], b["issue"]),
                         "Issue edited: Invoices wrong (Acme Corp)", fields={"severity": "high"}),
    "commitment added": Case(lambda b: CommitmentForm(b["acme"]),
                             "Commitment added: Send the SLA (Acme Corp)",
                             fields={"what": "Send the SLA"}),
    "commitment edited": Case(lambda b: CommitmentForm(b["acme"], b["commitment"]),
                              "Commitment edited: Quarterly review (Acme Corp)", fields={"made_by": "Dana"}),
    "deal added": Case(lambda b: DealForm(client_id=b["acme"]), "Deal added: Renewal 2027 (Acme Corp)",
                       fields={"title": "Renewal  2027", "amount": "12k"},
                       argv=lambda b: ["deal", "add", "acme", "Renewal  2027", "12k"]),
    "deal edited": Case(lambda b: DealForm(deal_id=b["deal"]), "Deal edited: Analytics for all (Acme Corp)",
                        fields={"title": "Analytics   for all"},
                        argv=lambda b: ["deal", "edit", str(b["deal"]), "--title", "Analytics   for all"]),
    "won": Case(lambda b: WinForm(b["deal"]), "Won: Analytics seats (Acme Corp)",
                argv=lambda b: ["deal", "won", str(b["deal"])]),
    "lost": Case(lambda b: LoseForm(b["deal"]), "Lost: Analytics seats (Acme Corp)", fields={"reason": "price"},
                 argv=lambda b: ["deal", "lost", str(b["deal"]), "--reason", "price"]),
    "quota set": Case(lambda b: QuotaForm(), "", fields={"amount": "250k"},
                      argv=lambda b: ["quota", "set", "this quarter", "250k"]),
    "comp plan set": Case(lambda b: PlanForm(), "Comp plan set: 10% from Thu 1 Jan", fields={"rate": "10%"},
                          argv=lambda b: ["plan", "set", "--rate", "10%"]),
}


def expected(case: Case) -> str:
    return case.label or quota_label()  # the quarter the frozen today falls in


@pytest.mark.parametrize("size", SIZES)
async def test_each_form_names_its_change_by_the_record_it_saved(book_path, book, size):
    """ctrl+s in each form, then ctrl+z: the change is named by its record as saved, and
    the undo's note says the same name."""
    named, said = {}, {}
    async with listening_app(book_path, size) as (app, pilot):
        await stop_watching(app, pilot)  # the book's own changes: no reloads to wait for
        for name, case in CASES.items():
            app.push_screen(case.form(book))
            await settle(pilot)
            form = app.screen
            for key, value in case.fields.items():
                form.set_field(key, value(book) if callable(value) else value)
            await pilot.pause()
            if case.typed:
                await pilot.press(*case.typed)
            await pilot.press("ctrl+s")
            await settle(pilot, 2)
            assert not isinstance(app.screen, FormScreen), (name, app.said)
            named[name] = undo.last_change()
            await pilot.press("ctrl+z")
            await settle(pilot)
            said[name] = app.said[-1]
            assert undo.last_change() is None, name  # put back: the next form starts as the book did
    assert named == {name: expected(case) for name, case in CASES.items()}
    assert said == {name: f"Undone: {expected(case)}" for name, case in CASES.items()}


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.argv])
def test_the_command_names_its_change_as_the_form_does(book, capsys, name):
    case = CASES[name]
    assert main(case.argv(book)) == 0
    assert undo.last_change() == expected(case)
    capsys.readouterr()
    assert main(["undo", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"  1  {expected(case)}"]
    assert main(["undo"]) == 0
    assert capsys.readouterr().out == f"Undone: {expected(case)}.\n"


async def test_a_save_refused_leaves_no_name_behind(book_path, book):
    """A contact by a name the client already has is refused on save: nothing is on the
    list, and the save that follows is named by what it saved."""
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        app.push_screen(ContactForm(book["acme"]))
        await settle(pilot)
        await pilot.press(*"Jane Doe")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm) and "already a contact" in str(
            form.query_one("#hint-name").render())
        assert undo.last_change() is None and UndoAction.select().count() == 0
        form.set_field("name", "Jane Dover")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert undo.history() == ["Contact added: Jane Dover (Acme Corp)"]


async def test_the_next_follow_up_accepted_is_a_change_of_its_own(book_path, book):
    """`d`, then enter on "Schedule the next one?": two changes, each named by its
    follow-up (the next one was not on the list at all)."""
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        complete_and_offer_next(app, book["follow_up"])
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    [following] = followups.open_follow_ups(book["acme"])
    assert undo.history() == [f"Follow-up added: {following.title} (Acme Corp)",
                              "Follow-up done: Send deck (Acme Corp)"]
    assert undo.undo_last() == f"Follow-up added: {following.title} (Acme Corp)"
    assert followups.open_follow_ups(book["acme"]) == []


def test_a_long_text_is_cut_at_a_word_on_one_line():
    assert short("  Send\n the   deck ") == "Send the deck"
    cut = short(LONG)
    assert len(cut) <= SHOWN_CHARS and cut == "Walked through the renewal terms with the CFO and the head…"
    assert short("x" * 100) == "x" * (SHOWN_CHARS - 1) + "…"  # one word: cut inside it
