"""Everything about one client on one screen: header, health, and each part of the record.

Built from the functions that own each part (interactions.timeline,
followups.open_follow_ups, service.client_issues, commitments.client_commitments,
health.client_health); only the client's deals are read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from amtui.core import cadence, clock, commitments, followups, health, interactions, service
from amtui.core.clients import ClientRecord, get_client
from amtui.core.commitments import CommitmentRow
from amtui.core.contacts import ContactRow, client_contacts
from amtui.core.follow_up_rows import FollowUpRow
from amtui.core.health import Health
from amtui.core.holdings import HoldingRow, client_holdings, value_held
from amtui.core.interactions import InteractionRow
from amtui.core.pipeline import deal_weighted
from amtui.core.service import IssueRow
from amtui.models import Opportunity, Stage

# the newest interactions read with the record; the client screen's timeline pages
# through the rest (`timeline_ids` holds the whole order)
TIMELINE_PAGE = 100


@dataclass(frozen=True)
class DealRow:
    id: int
    title: str
    kind: str
    stage: str
    amount: Decimal
    probability: int
    weighted: Decimal
    close_on: date
    status: str  # open | won | lost
    closed_on: date | None
    next_step: str


@dataclass(frozen=True)
class ClientDetail:
    client: ClientRecord
    health: Health
    last_contact: datetime | None  # aware UTC; None: never contacted
    days_since_contact: int  # since the last contact, or since handover if never
    cadence_days: int
    days_over_cadence: int
    contacts: list[ContactRow]
    timeline: list[InteractionRow]  # the newest TIMELINE_PAGE, newest first
    follow_ups: list[FollowUpRow]  # open, soonest first
    deals: list[DealRow]  # open first (soonest close), then closed (latest first)
    issues: list[IssueRow]  # open (worst first), then recently resolved
    holdings: list[HoldingRow]  # active first
    commitments: list[CommitmentRow]
    timeline_ids: list[int] = field(default_factory=list)  # every interaction, newest first
    today: date | None = None  # the day read for (None: today)

    @property
    def open_pipeline(self) -> Decimal:
        return sum((d.amount for d in self.deals if d.status == "open"), Decimal("0.00"))

    @property
    def weighted_pipeline(self) -> Decimal:
        return sum((d.weighted for d in self.deals if d.status == "open"), Decimal("0.00"))

    @property
    def held(self) -> list[HoldingRow]:
        """The holdings held today: active and not past their end (holdings.held_on)."""
        day = self.today or clock.today()
        return [h for h in self.holdings if h.held_on(day)]

    @property
    def annual_value_held(self) -> Decimal:
        return value_held(self.holdings, self.today or clock.today())

    @property
    def primary_contact(self) -> ContactRow | None:
        return next((c for c in self.contacts if c.is_primary), None)


def client_deals(client_id: int) -> list[DealRow]:
    """The client's opportunities: open ones first by close date, then closed ones."""
    query = (
        Opportunity.select(Opportunity, Stage.name)
        .join(Stage)
        .where(Opportunity.client == client_id)
        .order_by(Opportunity.close_on, Opportunity.id)
    )
    rows = [
        DealRow(
            id=o.id,
            title=o.title,
            kind=o.kind,
            stage=o.stage.name,
            amount=o.amount,
            probability=o.probability,
            weighted=deal_weighted(o.amount, o.probability),
            close_on=o.close_on,
            status=o.status,
            closed_on=o.closed_on,
            next_step=o.next_step,
        )
        for o in query
    ]
    open_rows = [r for r in rows if r.status == "open"]
    closed = sorted((r for r in rows if r.status != "open"), key=lambda r: r.closed_on or r.close_on, reverse=True)
    return open_rows + closed


def client_detail(client_id: int, today: date | None = None) -> ClientDetail:
    """The whole record of one client (NotFound for an unknown id)."""
    today = today or clock.today()
    record = get_client(client_id)
    gap = cadence.client_gap(client_id, today)
    timeline_ids = interactions.timeline_ids(client_id)
    return ClientDetail(
        client=record,
        health=health.client_health(client_id, today),
        last_contact=gap.last_contact,
        days_since_contact=gap.days_since,
        cadence_days=gap.cadence_days,
        days_over_cadence=gap.days_over,
        contacts=client_contacts(client_id),
        timeline=interactions.timeline_rows(timeline_ids[:TIMELINE_PAGE]),
        follow_ups=followups.open_follow_ups(client_id),
        deals=client_deals(client_id),
        issues=service.client_issues(client_id),
        holdings=client_holdings(client_id),
        commitments=commitments.client_commitments(client_id),
        timeline_ids=timeline_ids,
        today=today,
    )
