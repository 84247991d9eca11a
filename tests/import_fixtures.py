"""A small book with every kind of record and awkward values, for the import tests.

Written straight through the models so it doesn't depend on any screen's write path:
accents, commas, quotes, newlines, a leading "=", a won and a lost deal, a resolved
issue, a done follow-up, a contact with no email.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from amtui.models import (
    Client,
    Commitment,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Stage,
    StageChange,
    database,
)

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def build_fixture_book() -> None:
    stage = {s.name: s for s in Stage.select()}
    with database.atomic():
        acme = Client.create(
            name="Acme Corp", industry="Manufacturing", tier="A", website="https://www.acme.example",
            phone="+1 555 0100", address="1 Main St, Springfield, IL 62701, USA",
            renewal_on=date(2027, 3, 31), cadence_days=14, handed_over_on=date(2026, 1, 5),
            handed_over_by="Dana (BD)", handover_notes="Promised a QBR every quarter",
            needs="Faster shipping, \"real-time\" tracking", notes="Line one\nLine two, with a comma",
        )
        cafe = Client.create(name="Café Zürich GmbH", industry="Hospitality", tier="B", status="at risk")
        old = Client.create(name="=Old Co", tier="C", status="churned", archived=True)
        ana = Contact.create(client=acme, name="Ana Trujillo", title="COO", email="ana@acme.example",
                             phone="555-0101", is_primary=True)
        Contact.create(client=acme, name="Bob Li", title="Buyer", email="", notes="No email; call him")
        Contact.create(client=cafe, name="Jürgen Weiß", email="jw@cafe.example", is_primary=True)
        fleet = Product.create(name="Fleet Tracker", family="Telematics", list_price=Decimal("1200.00"))
        Product.create(name="Setup, one-off", family="Services", list_price=Decimal("499.99"),
                       recurring=False, active=False)
        Holding.create(client=acme, product=fleet, since=date(2025, 4, 1), annual_value=Decimal("14400.00"),
                       ends_on=date(2027, 3, 31))
        Holding.create(client=old, product=fleet, since=date(2020, 1, 1), annual_value=Decimal("100.50"),
                       ends_on=date(2021, 1, 1), status="ended")
        won = Opportunity.create(
            client=acme, title="Fleet expansion", kind="upsell", amount=Decimal("24000.00"),
            stage=stage["Won"], status="won", probability=100, forecast_category="closed",
            close_on=date(2026, 11, 20), original_close_on=date(2026, 10, 31), push_count=1,
            closed_on=date(2026, 11, 20), product=fleet, stage_entered_at=at("2026-11-20T15:00:00"),
            created_at=at("2026-08-01T09:00:00"), next_step="",
        )
        Opportunity.create(
            client=cafe, title="Espresso analytics", kind="new", amount=Decimal("8500.50"),
            stage=stage["Propose"], status="open", probability=60, probability_overridden=True,
            forecast_category="best case", close_on=date(2026, 12, 18), original_close_on=date(2026, 12, 18),
            next_step="Send the proposal, then call", stage_entered_at=at("2026-11-02T10:30:00"),
            created_at=at("2026-10-15T08:00:00"),
        )
        Opportunity.create(
            client=acme, title="Training", kind="cross-sell", amount=Decimal("3200.00"), stage=stage["Lost"],
            status="lost", probability=0, forecast_category="omitted", close_on=date(2026, 10, 31),
            original_close_on=date(2026, 10, 31), closed_on=date(2026, 10, 15), lost_reason="price: too dear",
            stage_entered_at=at("2026-10-15T11:00:00"), created_at=at("2026-07-01T09:00:00"),
        )
        StageChange.create(opportunity=won, change="created", stage=stage["Qualify"], amount=won.amount,
                           close_on=won.close_on, probability=10, changed_at=at("2026-08-01T09:00:00"))
        Interaction.create(client=acme, contact=ana, kind="meeting", happened_at=at("2026-11-25T14:30:00"),
                           summary="QBR, went well", outcome="Wants a quote for 20 more units\n- before Xmas")
        Interaction.create(client=cafe, kind="call", happened_at=at("2026-11-26T09:00:00"),
                           summary="Checked in after the outage")
        FollowUp.create(client=acme, contact=ana, opportunity=won, title="Send the quote", due_on=date(2026, 12, 1),
                        priority="high", notes="20 units")
        issue = ServiceIssue.create(client=cafe, title="Tracker offline", description="Since Monday",
                                    severity="high", status="resolved", opened_at=at("2026-11-23T08:00:00"),
                                    resolved_at=at("2026-11-24T17:45:00"), resolution="Replaced the unit")
        FollowUp.create(client=cafe, service_issue=issue, title="Check the tracker is fine",
                        due_on=date(2026, 11, 26), done_at=at("2026-11-26T10:00:00"), snooze_count=2)
        Quota.create(period="2026-Q4", amount=Decimal("150000.00"), set_by="Maria", notes="Stretch")
        Quota.create(period="FY2026", amount=Decimal("600000.00"))
        Commitment.create(client=acme, what="Quarterly business review", made_by="Dana (BD)",
                          due_on=date(2026, 12, 15))
