"""A form saved after another machine changed its record (issue 18): the conflict dialog
says what changed, then keep theirs / keep mine / edit again, and the rep's typing is
never lost.  The other machine is a connection of its own, the `amtui` command in its own
process, or a second Pilot app on the same book; at 80x24 and a large size, on both
engines (--engine=postgresql)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import conflict_shown, listen, listening_app, settle
from textual.widgets import Button, Input, Static
from two_machines import amtui_command, elsewhere

from amtui.core import clients, deal_moves, undo
from amtui.core import pipeline as pl
from amtui.models import Client
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.conflict import ConflictDialog, DeletedDialog
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.client import ClientForm
from amtui.tui.forms.deal import DealForm
from amtui.tui.screens.deal_detail import DealDetailScreen
from amtui.tui.widgets.keys_footer import KeysFooter

SIZES = [(80, 24), (160, 50)]


@pytest.fixture
def acme(book_path):
    return clients.create_client("Acme", tier="B", phone="555-0100")


async def open_client_form_and_type(app, pilot, client_id: int) -> None:
    app.push_screen(ClientForm(client_id))
    await settle(pilot)
    phone = app.screen.query_one("#field-phone", Input)
    phone.value = "555-0142"  # the rep's typing
    await pilot.pause()


async def save_into_conflict(app, pilot, size) -> ConflictDialog:
    dialog, text = await conflict_shown(app, pilot)
    assert "phone: 555-0199 (theirs) vs 555-0142 (yours)" in text
    # the tier the rep left as it was: theirs stays, whatever the answer
    assert "tier: A (theirs; you left it, so it stays)" in text
    # every answer is on screen, whole, even at 80x24
    width, height = size
    for button in dialog.query(Button):
        region = button.region
        assert region.width > 0 and region.right <= width and region.bottom <= height, button.id
    return dialog


def their_write(book_path, client_id: int) -> None:
    elsewhere(book_path, "UPDATE client SET phone = '555-0199', tier = 'A' WHERE id = ?", client_id)


@asynccontextmanager
async def client_form_in_a_conflict(book_path, client_id: int, size):
    """The rep typed a phone into the client's form, another machine changed the phone and
    the tier, and the save has opened the conflict dialog: (app, pilot)."""
    async with listening_app(book_path, size) as (app, pilot):
        await open_client_form_and_type(app, pilot, client_id)
        their_write(book_path, client_id)
        await save_into_conflict(app, pilot, size)
        yield app, pilot


@pytest.mark.parametrize("size", SIZES)
async def test_keep_theirs_closes_the_form_and_says_so(book_path, acme, size):
    async with client_form_in_a_conflict(book_path, acme, size) as (app, pilot):
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
        assert any("your changes were not saved" in s for s in app.said)
    record = clients.get_client(acme)
    assert (record.phone, record.tier) == ("555-0199", "A")


@pytest.mark.parametrize("size", SIZES)
async def test_keep_mine_saves_what_the_rep_changed_and_keeps_theirs_elsewhere(book_path, acme, size):
    """Keep mine wrote back every field the form opened with: the tier the rep never
    touched went back to B over the other machine's A."""
    async with client_form_in_a_conflict(book_path, acme, size) as (app, pilot):
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    record = clients.get_client(acme)
    assert (record.phone, record.tier, record.version) == ("555-0142", "A", 3)


@pytest.mark.parametrize("size", SIZES)
async def test_edit_again_keeps_the_typing_and_shows_theirs(book_path, acme, size):
    async with client_form_in_a_conflict(book_path, acme, size) as (app, pilot):
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ClientForm)
        assert form.query_one("#field-phone", Input).value == "555-0142"  # nothing lost
        hint = form.query_one("#hint-phone", Static)
        assert "saved elsewhere: 555-0199" in str(hint.render())
        # in sight whatever field has the focus, even in a tight form (80x24: only the
        # focused field's hint shows)
        assert hint.region.height >= 1
        assert form.base.version == 2  # the new base: their version
        assert form.query_one("#field-tier").value == "A"  # left as it was: now theirs
        assert not form.typed_fields() - {"phone"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    record = clients.get_client(acme)
    assert (record.phone, record.tier) == ("555-0142", "A")


@asynccontextmanager
async def deal_form_typed_into(book_path, client_id: int, size, field: str, text: str):
    """A deal's edit form open, the rep's `text` typed into `field`: (app, pilot, deal id)."""
    deal = deal_moves.create_deal(client_id, "Analytics seats", Decimal("12000"),
                                  close_on=date(2026, 12, 15))
    async with listening_app(book_path, size) as (app, pilot):
        app.push_screen(DealForm(deal_id=deal))
        await settle(pilot)
        app.screen.query_one(f"#field-{field}", Input).value = text
        await pilot.pause()
        yield app, pilot, deal


@pytest.mark.parametrize("size", SIZES)
async def test_a_cli_edit_meanwhile_is_caught_on_a_deal_form(book_path, acme, size):
    async with deal_form_typed_into(book_path, acme, size, "next_step", "Send the proposal") as (
            app, pilot, deal):
        done = amtui_command(book_path, "deal", "edit", str(deal), "--amount", "15000")
        assert done.returncode == 0, done.stderr
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        assert "amount: 15,000.00 (theirs; you left it, so it stays)" in str(
            dialog.query_one("#conflict-text", Static).render())
        await pilot.press("escape")  # escape is edit again: never drops the typing
        await settle(pilot)
        assert isinstance(app.screen, DealForm)
        assert app.screen.query_one("#field-next_step", Input).value == "Send the proposal"
        assert app.screen.query_one("#field-amount", Input).value == "15,000"  # theirs, as screens show it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    d = pl.deal(deal)
    assert (d.amount, d.next_step) == (Decimal("15000.00"), "Send the proposal")


async def test_two_apps_on_one_book(book_path, acme):
    """Two Pilot apps: the second saves the client first, the first one is told."""
    first, second = listen(AmtuiApp(db_path=book_path)), listen(AmtuiApp(db_path=book_path))
    async with first.run_test(size=(80, 24)) as one, second.run_test(size=(160, 50)) as two:
        await settle(one)
        await settle(two)
        await open_client_form_and_type(first, one, acme)
        second.push_screen(ClientForm(acme))
        await settle(two)
        second.screen.query_one("#field-phone", Input).value = "555-0199"
        second.screen.query_one("#field-tier").value = "A"
        await two.pause()
        await two.press("ctrl+s")
        await settle(two)
        assert not isinstance(second.screen, FormScreen)
        await save_into_conflict(first, one, (80, 24))
        await one.press("t")
        await settle(one)
    assert clients.get_client(acme).phone == "555-0199"


@pytest.mark.parametrize("size", SIZES)
async def test_a_stage_move_on_a_deal_changed_elsewhere_moves_nothing(book_path, acme, size):
    deal = deal_moves.create_deal(acme, "Analytics seats", Decimal("12000"), close_on=date(2026, 12, 15))
    async with listening_app(book_path, size) as (app, pilot):
        app.push_screen(DealDetailScreen(deal))
        await settle(pilot)
        elsewhere(book_path, "UPDATE opportunity SET stage_id = stage_id + 1 WHERE id = ?", deal)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert pl.deal(deal).stage == "Discover"  # their move only
        assert any("changed elsewhere" in s and "stage now Discover" in s for s in app.said)
        await pilot.press("right_square_bracket")  # reloaded: now it acts on the current deal
        await settle(pilot)
        assert pl.deal(deal).stage == "Propose"


async def deleted_dialog(app, pilot, size) -> DeletedDialog:
    await pilot.press("ctrl+s")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, DeletedDialog)
    assert "deleted elsewhere" in str(dialog.query_one("#conflict-text", Static).render())
    width, height = size
    for button in dialog.query(Button):  # every answer on screen, whole, even at 80x24
        assert button.region.width > 0 and button.region.right <= width and button.region.bottom <= height
    return dialog


def footer_text(screen) -> str:
    return str(screen.query_one(KeysFooter).render())


@pytest.mark.parametrize("size", SIZES)
async def test_a_record_deleted_elsewhere_can_be_saved_as_new(book_path, acme, size):
    """A deletion has no "theirs" to keep and nothing to save over: save as new, let it
    go or edit again, in the buttons and in the footer alike."""
    async with listening_app(book_path, size) as (app, pilot):
        await open_client_form_and_type(app, pilot, acme)
        elsewhere(book_path, "DELETE FROM client WHERE id = ?", acme)
        dialog = await deleted_dialog(app, pilot, size)
        labels = [str(b.label) for b in dialog.query(Button)]
        assert labels == ["Save as new (n)", "Let it go (t)", "Edit again (e)"]
        footer = footer_text(dialog)
        assert "Save as new" in footer and "Let it go" in footer
        assert "theirs" not in footer.lower() and "mine" not in footer.lower()
        await pilot.press("m")  # no "mine" to keep over a deletion: nothing happens
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#field-phone", Input).value == "555-0142"  # nothing lost
        await deleted_dialog(app, pilot, size)  # still deleted: asked again
        await pilot.press("n")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, DeletedDialog))
        assert "It was deleted elsewhere: saved as a new client" in app.said
        assert undo.last_change() == "Client added: Acme"  # added, not the form's "Edit client"
    [again] = Client.select()
    assert (again.name, again.phone, again.version) == ("Acme", "555-0142", 1)  # added anew


async def test_let_it_go_closes_the_form(book_path, acme):
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        await open_client_form_and_type(app, pilot, acme)
        elsewhere(book_path, "DELETE FROM client WHERE id = ?", acme)
        await deleted_dialog(app, pilot, (80, 24))
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, DeletedDialog))
        assert any("deleted elsewhere; your changes were not saved" in s for s in app.said)
    assert Client.select().count() == 0


async def test_a_won_deal_deleted_elsewhere_is_not_offered_as_new(book_path, acme):
    deal = deal_moves.create_deal(acme, "Analytics seats", Decimal("12000"), close_on=date(2026, 12, 15))
    deal_moves.win_deal(deal, date(2026, 11, 20))
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        app.push_screen(DealForm(deal_id=deal))
        await settle(pilot)
        app.screen.query_one("#field-next_step", Input).value = "Thank them"
        await pilot.pause()
        elsewhere(book_path, "DELETE FROM opportunity WHERE id = ?", deal)
        dialog = await deleted_dialog(app, pilot, (80, 24))
        assert not dialog.query("#new") and "Save as new" not in footer_text(dialog)
        assert str(dialog.query_one("#theirs", Button).label) == "Let it go (t)"
        await pilot.press("n")  # a won deal can't be added back as one: nothing happens
        await settle(pilot)
        assert app.screen is dialog
    assert pl.deals(status="all") == []


@pytest.mark.parametrize("size", SIZES)
async def test_an_undo_elsewhere_brought_the_deal_back_the_dialog_lists_what_you_typed(book_path, acme, size):
    """Deleted in another window (the `amtui` command), then put back with its undo: the
    deal is as the form opened it, at a new version.  The dialog had said "no field you see
    differs" over the amount the rep typed."""
    async with deal_form_typed_into(book_path, acme, size, "amount", "13k") as (app, pilot, deal):
        done = amtui_command(book_path, "deal", "delete", str(deal))
        assert done.returncode == 0, done.stderr
        await deleted_dialog(app, pilot, size)
        await pilot.press("e")
        await settle(pilot)
        done = amtui_command(book_path, "undo")
        assert done.returncode == 0, done.stderr
        dialog, text = await conflict_shown(app, pilot)
        assert "amount: 12,000.00 (now) vs 13,000.00 (yours)" in text
        assert "no field you see differs" not in text and "No field you see was changed there" in text
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    assert pl.deal(deal).amount == Decimal("13000.00")


async def test_a_field_only_you_changed_is_listed_beside_theirs(book_path, acme):
    """The other machine changed the tier, the rep the phone and the industry: theirs,
    and what the rep typed against the record as it is now."""
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        await open_client_form_and_type(app, pilot, acme)
        app.screen.query_one("#field-industry", Input).value = "Retail"
        await pilot.pause()
        elsewhere(book_path, "UPDATE client SET tier = 'A' WHERE id = ?", acme)
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = str(app.screen.query_one("#conflict-text", Static).render())
        assert text.splitlines() == ["tier: A (theirs; you left it, so it stays)",
                                     "industry: (blank) (now) vs Retail (yours)",  # the form's order
                                     "phone: 555-0100 (now) vs 555-0142 (yours)"]


@pytest.mark.parametrize("size", SIZES)
async def test_keep_mine_on_a_deal_keeps_their_stage_and_the_stages_probability(book_path, acme, size):
    """The other machine moved the stage; the rep changed only the amount.  Keep mine had
    put the old stage back; the probability the form shows blank (the stage's) stays the
    new stage's, never an override."""
    async with deal_form_typed_into(book_path, acme, size, "amount", "13000") as (app, pilot, deal):
        deal_moves.move_deal(deal, 2)  # elsewhere: Qualify -> Propose
        dialog, text = await conflict_shown(app, pilot)
        assert "stage: Propose (theirs; you left it, so it stays)" in text
        assert "position" not in text and "rot" not in text  # what the form doesn't show
        await pilot.press("m")
        await settle(pilot)
        assert not isinstance(app.screen, (FormScreen, ConflictDialog))
    d = pl.deal(deal)
    assert (d.amount, d.stage, d.probability_overridden) == (Decimal("13000.00"), "Propose", False)


def _records():
    """Each form that offers "Save as new": how to make its record, the form, the table
    it lives in, the field typed into and how to read that field back from the book."""
    from amtui.core import commitments, contacts, followups, holdings, interactions
    from amtui.core.products import create_product
    from amtui.tui.forms.activity import CommitmentForm, LogInteractionForm
    from amtui.tui.forms.client import ContactForm, HoldingForm
    from amtui.tui.forms.follow_up import FollowUpForm

    def holding(client):
        return holdings.add_holding(client, create_product("Seats", "Analytics", Decimal("900")),
                                    annual_value="900")

    return {
        "contact": (lambda c: contacts.add_contact(c, "Jane Doe"), lambda c, i: ContactForm(c, i),
                    "contact", "title", "CFO", lambda c: contacts.client_contacts(c)[0].title),
        "holding": (holding, lambda c, i: HoldingForm(c, i), "holding", "annual_value", "1200",
                    lambda c: str(holdings.client_holdings(c)[0].annual_value)),
        "follow-up": (lambda c: followups.add_follow_up(c, "Send deck", date(2026, 12, 4)).id,
                      lambda c, i: FollowUpForm(c, i), "follow_up", "title", "Send the deck",
                      lambda c: followups.open_follow_ups(c)[0].title),
        "interaction": (lambda c: interactions.log_interaction(c, "Call").interaction.id,
                        lambda c, i: LogInteractionForm(c, interaction_id=i), "interaction",
                        "outcome", "Agreed terms", lambda c: interactions.timeline(c)[0].outcome),
        "commitment": (lambda c: commitments.add_commitment(c, "QBR").id,
                       lambda c, i: CommitmentForm(c, i), "commitment", "made_by", "Dana",
                       lambda c: commitments.client_commitments(c)[0].made_by),
        "open deal": (lambda c: deal_moves.create_deal(c, "Seats", Decimal("12000"),
                                                       close_on=date(2026, 12, 15)),
                      lambda c, i: DealForm(deal_id=i), "opportunity", "next_step", "Call the CFO",
                      lambda c: pl.deals(status="all")[0].next_step),
    }


SAVED_AS_NEW = {
    "contact": "Contact added: Jane Doe (Acme)", "holding": "Holding added: Seats (Acme)",
    "follow-up": "Follow-up added: Send the deck (Acme)", "interaction": "Logged: Call · Call (Acme)",
    "commitment": "Commitment added: QBR (Acme)", "open deal": "Deal added: Seats (Acme)",
}


@pytest.mark.parametrize("kind", ["contact", "holding", "follow-up", "interaction", "commitment",
                                  "open deal"])
async def test_every_form_that_can_add_its_record_saves_it_as_new(book_path, acme, kind):
    make, form, table, field, typed, read_back = _records()[kind]
    record = make(acme)
    async with listening_app(book_path, (80, 24)) as (app, pilot):
        app.push_screen(form(acme, record))
        await settle(pilot)
        app.screen.query_one(f"#field-{field}", Input).value = typed
        await pilot.pause()
        elsewhere(book_path, f"DELETE FROM {table} WHERE id = ?", record)
        await deleted_dialog(app, pilot, (80, 24))
        await pilot.press("n")
        await settle(pilot, 2)
        assert not isinstance(app.screen, (FormScreen, DeletedDialog)), app.said
        assert any("saved as a new" in s for s in app.said)
        assert undo.last_change() == SAVED_AS_NEW[kind]  # added, not edited
    assert read_back(acme) == (f"{Decimal(typed):.2f}" if typed.isdigit() else typed)
