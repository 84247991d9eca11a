"""Small books for the activity tests (Today, follow-ups, health): rows written directly
through the models so each test states exactly the history it needs."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from amtui.models import (
    Client,
    Commitment,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    ServiceIssue,
    Stage,
)


def at_noon(day: date) -> datetime:
    """Noon local time on `day`, as the aware UTC moment the book stores."""
    return datetime.combine(day, time(12)).astimezone().astimezone(UTC)


def client(name: str, *, tier: str = "B", handed_over_on: date | None = None, **fields) -> int:
    return Client.create(name=name, tier=tier, handed_over_on=handed_over_on, **fields).id


def contact(client_id: int, name: str, **fields) -> int:
    return Contact.create(client=client_id, name=name, **fields).id


def interaction(client_id: int, day: date, summary: str = "Call", **fields) -> int:
    return Interaction.create(
        client=client_id, happened_at=at_noon(day), summary=summary, **fields
    ).id


def follow_up(client_id: int, title: str, due_on: date, **fields) -> int:
    return FollowUp.create(client=client_id, title=title, due_on=due_on, **fields).id


def issue(client_id: int, title: str, opened_on: date, severity: str = "medium", **fields) -> int:
    return ServiceIssue.create(
        client=client_id, title=title, severity=severity, opened_at=at_noon(opened_on), **fields
    ).id


def commitment(client_id: int, what: str, due_on: date | None = None, **fields) -> int:
    return Commitment.create(client=client_id, what=what, due_on=due_on, **fields).id


def deal(client_id: int, title: str, amount, *, won_on: date | None = None, close_on: date) -> int:
    stage = Stage.get(Stage.name == ("Won" if won_on else "Propose"))
    return Opportunity.create(
        client=client_id,
        title=title,
        amount=amount,
        stage=stage,
        status="won" if won_on else "open",
        probability=stage.probability,
        forecast_category=stage.forecast_category,
        close_on=close_on,
        original_close_on=close_on,
        closed_on=won_on,
    ).id


def holding(
    client_id: int, product: str, ends_on: date | None, *, status: str = "active", value=0
) -> int:
    prod, _ = Product.get_or_create(name=product)
    return Holding.create(
        client=client_id, product=prod, ends_on=ends_on, status=status, annual_value=value
    ).id
