"""The book as a whole: how many records of each kind it holds, and clearing it."""

from __future__ import annotations

from amtui.models import (
    BOOK_RECORDS,
    Client,
    Commitment,
    CompPlan,
    Contact,
    ExportRecord,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    StageChange,
    database,
)

# record kind (as the rep reads it, e.g. in `amtui doctor`) -> model, in print order
RECORD_KINDS = {
    "clients": Client,
    "contacts": Contact,
    "products": Product,
    "holdings": Holding,
    "interactions": Interaction,
    "follow_ups": FollowUp,
    "opportunities": Opportunity,
    "stage_changes": StageChange,
    "service_issues": ServiceIssue,
    "commitments": Commitment,
    "quotas": Quota,
    "comp_plans": CompPlan,
}


def counts() -> dict[str, int]:
    """How many records of each kind the book holds, in RECORD_KINDS order."""
    return {kind: model.select().count() for kind, model in RECORD_KINDS.items()}


def is_empty() -> bool:
    """True while the book holds no client: the TUI then offers the welcome view."""
    return not Client.select().exists()


def clear_book() -> None:
    """Delete every record (clients and all that hangs off them, products, quotas, comp
    plans, the list of exports) in one transaction.  Settings and stages stay."""
    with database.atomic():
        # children first, so RESTRICT foreign keys (deal -> stage, holding -> product) hold
        for model in (*reversed(BOOK_RECORDS), ExportRecord):
            model.delete().execute()
