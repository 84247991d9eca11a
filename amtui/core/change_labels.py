"""What a change is called on the undo list, in the words a rep reads: the record by its
name and client, never by its number ("Follow-up done: Send deck (Acme Corp)", "Won:
Analytics seats (Acme Corp)").  The app's keys and the shell's commands name the changes
they make here, so ctrl+z and `amtui undo` say the same thing whichever made the change."""

from __future__ import annotations

from amtui.core.follow_up_rows import get_follow_up
from amtui.core.pipeline import DealRow
from amtui.core.pipeline import deal as _deal


def deal_change(verb: str, deal_id: int) -> str:
    """ "Won: Analytics seats (Acme Corp)"; verb: Won, Lost, Stage move, Reopened,
    Deleted, Edit deal (NotFound for an unknown deal, before anything is written)."""
    return deal_label(verb, _deal(deal_id))


def deal_label(verb: str, deal: DealRow) -> str:
    """`deal_change` of a deal already read."""
    return f"{verb}: {deal.title} ({deal.client})"


def follow_up_change(verb: str, follow_up_id: int) -> str:
    """ "Follow-up done: Send deck (Acme Corp)"; verb: done, snoozed."""
    f = get_follow_up(follow_up_id)
    return f"Follow-up {verb}: {f.title} ({f.client})"


def new_follow_up(title: str, client: str) -> str:
    """ "Follow-up added: Send deck (Acme Corp)", the title as it will be kept (trimmed)."""
    return f"Follow-up added: {title.strip()} ({client})"


def new_deal(title: str, client: str) -> str:
    return f"Deal added: {title.strip()} ({client})"


def commitment_change(verb: str, commitment_id: int) -> str:
    """ "Commitment kept: Send the SLA (Acme Corp)"; verb: kept, marked broken."""
    from amtui.core.commitments import get_commitment  # (the list commands start without it)

    c = get_commitment(commitment_id)
    return f"Commitment {verb}: {c.what} ({c.client})"


def primary_contact(contact_id: int, client: str) -> str:
    """ "Primary contact: Jane Doe (Acme Corp)"."""
    from amtui.core.contacts import get_contact  # (the list commands start without it)

    return f"Primary contact: {get_contact(contact_id).name} ({client})"


def deleted(noun: str, what: str, client: str) -> str:
    """ "Deleted contact: Jane Doe · Head of Media (Acme Corp)": `what` as the record's
    row says it."""
    return f"Deleted {noun}: {what} ({client})"
