"""What a change is called on the undo list, in the words a rep reads: the record by its
name and client, never by its number ("Follow-up done: Send deck (Acme Corp)", "Won:
Analytics seats (Acme Corp)").  The app's keys and forms and the shell's commands name the
changes they make here, so ctrl+z and `amtui undo` say the same thing whichever made the
change.  A change that adds or edits a record is named once it is saved
(core.undo.name_change), from the record as the book keeps it: trimmed, its spaces as core
left them, never as typed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amtui.core.comp_plan import Plan
    from amtui.core.pipeline import DealRow

# Each function reads its record's module when it names one: a command that lists starts
# without them (tests/test_list_commands_reads.py).

# A label is one line of `amtui undo --list` and of the ctrl+z note: a record's text longer
# than this (an interaction's summary, mostly) is cut, whole words kept where they can be.
SHOWN_CHARS = 60
COMP_PLAN_SET = "Comp plan set"


def short(text: str) -> str:
    """A record's text on one line, at most SHOWN_CHARS long ("…" where it was cut)."""
    text = " ".join(text.split())
    if len(text) <= SHOWN_CHARS:
        return text
    cut = text[:SHOWN_CHARS - 1]
    space = cut.rfind(" ")
    if space >= SHOWN_CHARS // 2:  # a word cut in half reads worse than a shorter line
        cut = cut[:space]
    return cut.rstrip(" ,;:·-") + "…"


def deal_change(verb: str, deal_id: int) -> str:
    """ "Won: Analytics seats (Acme Corp)"; verb: Deal added, Deal edited, Won, Lost, Stage
    move, Reopened, Deleted (NotFound for an unknown deal, before anything is written)."""
    from amtui.core.pipeline import deal

    return deal_label(verb, deal(deal_id))


def deal_label(verb: str, deal: DealRow) -> str:
    """`deal_change` of a deal already read."""
    return f"{verb}: {short(deal.title)} ({deal.client})"


def follow_up_change(verb: str, follow_up_id: int) -> str:
    """ "Follow-up done: Send deck (Acme Corp)"; verb: added, edited, done, snoozed."""
    from amtui.core.follow_up_rows import get_follow_up

    f = get_follow_up(follow_up_id)
    return f"Follow-up {verb}: {short(f.title)} ({f.client})"


def client_change(verb: str, client_id: int) -> str:
    """ "Client added: Acme Corp"; verb: added, edited."""
    from amtui.core.clients import get_client

    return f"Client {verb}: {get_client(client_id).name}"


def archived(name: str, *, back: bool = False) -> str:
    """ "Archived: Acme Corp", or "Unarchived: Acme Corp" when it came `back`."""
    return f"{'Unarchived' if back else 'Archived'}: {name}"


def contact_change(verb: str, contact_id: int) -> str:
    """ "Contact added: Jane Doe (Acme Corp)"; verb: added, edited."""
    from amtui.core.clients import get_client
    from amtui.core.contacts import get_contact

    c = get_contact(contact_id)
    return f"Contact {verb}: {short(c.name)} ({get_client(c.client_id).name})"


def interaction_change(verb: str, interaction_id: int) -> str:
    """ "Logged: Call · Quarterly check-in (Acme Corp)" (verb: logged), else "Interaction
    edited: ..." (verb: edited): its kind, then its summary, cut when long."""
    from amtui.core.interactions import get_interaction

    i = get_interaction(interaction_id)
    head = "Logged" if verb == "logged" else f"Interaction {verb}"
    return f"{head}: {i.kind[:1].upper()}{i.kind[1:]} \u00b7 {short(i.summary)} ({i.client})"


def issue_change(verb: str, issue_id: int) -> str:
    """ "Issue opened: Invoices wrong (Acme Corp)"; verb: opened, edited, resolved,
    reopened, or the open status it moved to ("in progress")."""
    from amtui.core.service import get_issue

    i = get_issue(issue_id)
    return f"Issue {verb}: {short(i.title)} ({i.client})"


def commitment_change(verb: str, commitment_id: int) -> str:
    """ "Commitment kept: Send the SLA (Acme Corp)"; verb: added, edited, kept, marked
    broken."""
    from amtui.core.commitments import get_commitment

    c = get_commitment(commitment_id)
    return f"Commitment {verb}: {short(c.what)} ({c.client})"


def holding_change(verb: str, holding_id: int) -> str:
    """ "Holding added: Analytics suite (Acme Corp)": a product the client holds; verb:
    added, edited."""
    from amtui.core.clients import get_client
    from amtui.core.holdings import get_holding

    h = get_holding(holding_id)
    return f"Holding {verb}: {short(h.product)} ({get_client(h.client_id).name})"


def product_change(verb: str, product_id: int) -> str:
    """ "Product added: Seats": the catalogue's; verb: added, edited."""
    from amtui.core.products import product

    return f"Product {verb}: {short(product(product_id).name)}"


def stage_change(verb: str, name: str) -> str:
    """ "Stage added: Pilot": a sales stage, named as the book has it; verb: added, changed."""
    return f"Stage {verb}: {short(name)}"


def quota_change(verb: str, period_label: str, amount: str = "") -> str:
    """ "Quota set: 2026-Q4 at $300,000": the period as the book names it, not as typed
    ("this quarter"), and once saved the amount; verb: set, removed."""
    return f"Quota {verb}: {period_label}" + (f" at {amount}" if amount else "")


def moved(deal_id: int, stage: str) -> str:
    """ "Moved to Propose: Seats (Acme Corp)": a deal's stage move, once made, names
    where it went (the undo note then says what it puts back)."""
    return deal_change(f"Moved to {short(stage)}", deal_id)


def plan_set(plan: Plan) -> str:
    """ "Comp plan set: 12% from Thu 1 Jan": which plan (a comp_plan.Plan), once saved."""
    from amtui.core import dates_fmt
    from amtui.core.comp_plan import number_text

    return f"{COMP_PLAN_SET}: {number_text(plan.rate)}% from {dates_fmt.day(plan.effective_from)}"


def primary_contact(contact_id: int, client: str) -> str:
    """ "Primary contact: Jane Doe (Acme Corp)"."""
    from amtui.core.contacts import get_contact

    return f"Primary contact: {short(get_contact(contact_id).name)} ({client})"


def deleted(noun: str, what: str, client: str) -> str:
    """ "Deleted contact: Jane Doe · Head of Media (Acme Corp)": `what` as the record's
    row says it."""
    return f"Deleted {noun}: {what} ({client})"


def imported(paths: Iterable[str | PurePath]) -> str:
    """ "Imported accounts.csv, deals.xlsx": the files by name (their folders are the
    rep's own business and would push the names out of sight)."""
    return "Imported " + short(", ".join(PurePath(p).name for p in paths))
