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
