"""Renewals coming up: a client's contract renewal date, or the end date of a product it
holds (active holdings only).

A contract renewal is valued, as the forecast values it, at the client's active products
that have no end date of their own (they renew with the contract); with none it has no
value (None), and a list of things that renew with their value leaves it out
(`valued`): it is a date on the client's row, not a $0 line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from peewee import fn

from amtui.core import clock
from amtui.core.interactions import MAX_IN_LIST, named_rows, parse_day
from amtui.models import Client, Holding, Product, from_cents


@dataclass(frozen=True)
class RenewalRow:
    client_id: int
    client: str
    tier: str
    what: str  # "Contract" or the product's name
    renews_on: date
    days_left: int
    annual_value: Decimal | None  # the product's, or the contract's (None: no value)
    holding_id: int | None  # None for the client's contract renewal

    @property
    def valued(self) -> bool:
        return bool(self.annual_value)


def renewals_due(today: date | None = None, within_days: int = 60) -> list[RenewalRow]:
    """Renewals from today to `within_days` ahead, soonest first (archived and churned
    clients left out)."""
    today = today or clock.today()
    horizon = today + timedelta(days=within_days)
    live = (Client.archived == False) & (Client.status != "churned")  # noqa: E712
    contracts = Client.select(Client.id, Client.name, Client.tier, Client.renewal_on).where(
        live, Client.renewal_on >= today, Client.renewal_on <= horizon
    )
    products = (
        Holding.select(
            Holding.id,
            Client.id.alias("client_id"),
            Client.name.alias("client"),
            Client.tier,
            Product.name.alias("product"),
            Holding.ends_on,
            Holding.annual_value,
        )
        .join(Client, on=(Holding.client == Client.id))
        .switch(Holding)
        .join(Product, on=(Holding.product == Product.id))
        .where(
            live, Holding.status == "active", Holding.ends_on >= today, Holding.ends_on <= horizon
        )
    )
    # one grouped query on integer cents: the products renewing with each contract
    with_contract = {r.client_id: r.value for r in named_rows(
        Holding.select(Holding.client, fn.SUM(Holding.annual_value).alias("value"))
        .where(Holding.client.in_(contracts.select(Client.id)), Holding.status == "active",
               Holding.ends_on.is_null())
        .group_by(Holding.client)
    )}
    rows = []
    for c in named_rows(contracts):
        day = parse_day(c.renewal_on)
        value = from_cents(int(with_contract[c.id])) if with_contract.get(c.id) else None
        rows.append(RenewalRow(client_id=c.id, client=c.name, tier=c.tier, what="Contract",
                               renews_on=day, days_left=(day - today).days, annual_value=value,
                               holding_id=None))
    for h in named_rows(products):
        day = parse_day(h.ends_on)
        value = from_cents(int(h.annual_value)) if h.annual_value is not None else None
        rows.append(RenewalRow(client_id=h.client_id, client=h.client, tier=h.tier, what=h.product,
                               renews_on=day, days_left=(day - today).days, annual_value=value,
                               holding_id=h.id))
    rows.sort(key=lambda r: (r.renews_on, r.client.casefold(), r.holding_id or 0))
    return rows


def next_renewals(
    client_ids: list[int] | None = None, today: date | None = None, *, until: date | None = None
) -> dict[int, date]:
    """Each client's next renewal date (contract or active product), today or later;
    with `until`, only the clients whose next renewal falls by that day (health's window:
    the book's far-off renewals are not read at all)."""
    today = today or clock.today()
    out: dict[int, date] = {}
    contracts = Client.select(Client.id.alias("client_id"), Client.renewal_on.alias("day")).where(
        Client.renewal_on >= today)
    holdings = (
        Holding.select(Holding.client, fn.MIN(Holding.ends_on).alias("day"))
        .where(Holding.status == "active", Holding.ends_on >= today)
        .group_by(Holding.client)
    )
    if until is not None:
        contracts = contracts.where(Client.renewal_on <= until)
        holdings = holdings.where(Holding.ends_on <= until)
    wanted = set(client_ids) if client_ids is not None else None
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        contracts = contracts.where(Client.id.in_(list(client_ids)))
        holdings = holdings.where(Holding.client.in_(list(client_ids)))
    for query in (contracts, holdings):
        for row in named_rows(query):
            cid, day = row.client_id, parse_day(row.day)
            if day and (wanted is None or cid in wanted) and (cid not in out or day < out[cid]):
                out[cid] = day
    return out
