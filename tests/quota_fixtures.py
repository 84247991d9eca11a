"""Small books for the quota, commission and forecast tests: deals written straight to
the tables, so each test states exactly the bookings and pipeline it works from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from amtui.models import Client, Opportunity, Stage

_STAGE_FOR = {"won": "Won", "lost": "Lost"}


def client(name: str = "Acme Media") -> int:
    found = Client.get_or_none(Client.name_key == Client.key_for(name))
    return found.id if found else Client.create(name=name).id


def deal(
    amount,
    *,
    status: str = "open",
    closed_on: date | None = None,
    close_on: date | None = None,
    probability: int | None = None,
    category: str | None = None,
    stage: str | None = None,
    title: str = "",
    client_name: str = "Acme Media",
) -> int:
    """A deal: won/lost on `closed_on`, or open expected to close on `close_on`."""
    stage_row = Stage.get(Stage.name == (stage or _STAGE_FOR.get(status, "Propose")))
    close_on = close_on or closed_on
    opp = Opportunity.create(
        client=client(client_name),
        title=title or f"{status} deal {amount}",
        amount=Decimal(str(amount)),
        stage=stage_row.id,
        status=status,
        probability=stage_row.probability if probability is None else probability,
        forecast_category=category or stage_row.forecast_category,
        close_on=close_on,
        original_close_on=close_on,
        closed_on=closed_on if status != "open" else None,
    )
    return opp.id


def P(text: str):
    """A period as the rep types it, parsed at the edge as the CLI and TUI do."""
    from amtui.core.bookings import to_period

    return to_period(text)
