"""Renewals coming up: a client's contract renewal date, or the end date of a product it
holds (active holdings only).

A contract renewal is valued, as the forecast values it, at the client's active products
that have no end date of their own (they renew with the contract); with none it has no
value (None), and a list of things that renew with their value leaves it out
(`valued`): it is a date on the client's row, not a $0 line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from peewee import fn

from amtui.core import clock
from amtui.core.interactions import MAX_IN_LIST, longest, named_rows, parse_day, unpacked_rows
from amtui.core.made import Made
from amtui.models import Client, Holding, Product, from_cents


class RenewalRow(NamedTuple):
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


def _live():
    # "not archived" as != rather than = false: SQLite (no statistics) would otherwise walk
    # the client_archived index, every live client, rather than the day's index
    # (renewal_on, holding.ends_on) over the 60 days: 32 ms -> 2 ms at 20,000 clients
    return (Client.archived != True) & (Client.status != "churned")  # noqa: E712


def _contracts(today: date, horizon: date, *fields):
    return Client.select(*fields).where(_live(), Client.renewal_on >= today, Client.renewal_on <= horizon)


def _held(*fields):
    return (
        Holding.select(*fields)
        .join(Client, on=(Holding.client == Client.id))
        .switch(Holding)
        .join(Product, on=(Holding.product == Product.id))
    )


def _products(today: date, horizon: date, *fields):
    return _held(*fields).where(_live(), Holding.status == "active", Holding.ends_on >= today,
                                Holding.ends_on <= horizon)


def _order(day, client: str, holding_id: int | None) -> tuple:
    return (day, client.casefold(), holding_id or 0)


def renewals_due(today: date | None = None, within_days: int = 60) -> list[RenewalRow]:
    """Renewals from today to `within_days` ahead, soonest first (archived and churned
    clients left out)."""
    today = today or clock.today()
    rows = _renewals(today, today + timedelta(days=within_days))
    rows.sort(key=lambda r: _order(r.renews_on, r.client, r.holding_id))
    return rows


def renewals_read(today: date | None = None, within_days: int = 60) -> Iterator[RenewalRow]:
    """The renewals of `renewals_due` in no order, as they are read: for figures summed
    over them without keeping the list (the status report's key figures)."""
    today = today or clock.today()
    return _renewal_rows(today, today + timedelta(days=within_days))


def renewal_key(row: RenewalRow) -> int:
    """A renewal's key in `renewal_order`: the holding's id, or minus the client's id for
    a contract renewal."""
    return row.holding_id if row.holding_id is not None else -row.client_id


def renewal_order(today: date | None = None, within_days: int = 60) -> list[int]:
    """The keys (`renewal_key`) of `renewals_due`, in its order: two queries of ids, days
    and names; the rows are read a page at a time (`renewals_by_key`)."""
    today = today or clock.today()
    horizon = today + timedelta(days=within_days)
    keys = [(_order(r.renewal_on, r.name, None), -r.id) for r in
            named_rows(_contracts(today, horizon, Client.id, Client.name, Client.renewal_on))]
    keys += [(_order(r.ends_on, r.name, r.id), r.id) for r in
             named_rows(_products(today, horizon, Holding.id, Client.name, Holding.ends_on))]
    keys.sort(key=lambda k: k[0])
    return [key for _o, key in keys]


def renewals_first(today: date | None = None, within_days: int = 60,
                   limit: int = 100) -> list[RenewalRow]:
    """The first `limit` rows of `renewals_due`, in its order, without reading the rest:
    the `limit` soonest days of each kind (two index reads of dates) give the last day
    the first rows can fall on, and only the renewals up to that day are read."""
    today = today or clock.today()
    horizon = today + timedelta(days=within_days)
    days = [r.renewal_on for r in named_rows(
        _contracts(today, horizon, Client.renewal_on).order_by(Client.renewal_on).limit(limit))]
    days += [r.ends_on for r in named_rows(
        _products(today, horizon, Holding.ends_on).order_by(Holding.ends_on).limit(limit))]
    if len(days) >= limit:  # else every renewal is among the first rows
        horizon = min(horizon, parse_day(sorted(days)[limit - 1]))
    rows = _renewals(today, horizon)
    rows.sort(key=lambda r: _order(r.renews_on, r.client, r.holding_id))
    return rows[:limit]


def renewal_widest(today: date | None = None, within_days: int = 60) -> dict[str, int]:
    """The longest client name and product name of `renewals_due` (for sizing columns)."""
    today = today or clock.today()
    horizon = today + timedelta(days=within_days)
    contract = longest(_contracts(today, horizon), client=Client.name)["client"]
    held = longest(_products(today, horizon), client=Client.name, what=Product.name)
    return {"client": max(contract, held["client"]),
            "what": max(len("Contract") if contract else 0, held["what"])}


def renewals_by_key(keys: list[int], today: date | None = None,
                    within_days: int = 60) -> list[RenewalRow]:
    """The renewals of `renewal_order` with these keys (a page of the list)."""
    today = today or clock.today()
    horizon = today + timedelta(days=within_days)
    clients = [-key for key in keys if key < 0]
    holdings = [key for key in keys if key > 0]
    return _renewals(today, horizon, clients, holdings) if keys else []


def _renewals(today: date, horizon: date, clients: list[int] | None = None,
              holdings: list[int] | None = None) -> list[RenewalRow]:
    return list(_renewal_rows(today, horizon, clients, holdings))


def _renewal_rows(today: date, horizon: date, clients: list[int] | None = None,
                  holdings: list[int] | None = None) -> Iterator[RenewalRow]:
    contract_fields = (Client.id, Client.name, Client.tier, Client.renewal_on)
    product_fields = (Holding.id, Client.id.alias("client_id"), Client.name.alias("client"), Client.tier,
                      Product.name.alias("product"), Holding.ends_on, Holding.annual_value)
    # a page of `renewal_order` reads its keys alone (by primary key: the order already
    # chose them; filtered again, SQLite would walk every live client to find a page)
    if clients is not None:
        contracts = Client.select(*contract_fields).where(Client.id.in_(clients))
    else:
        contracts = _contracts(today, horizon, *contract_fields)
    if holdings is not None:
        products = _held(*product_fields).where(Holding.id.in_(holdings))
    else:
        products = _products(today, horizon, *product_fields)
    # one grouped query on integer cents: the products renewing with each contract
    with_contract = {r.client_id: r.value for r in named_rows(
        Holding.select(Holding.client, fn.SUM(Holding.annual_value).alias("value"))
        .where(Holding.client.in_(contracts.select(Client.id)), Holding.status == "active",
               Holding.ends_on.is_null())
        .group_by(Holding.client)
    )} if clients != [] else {}
    for c in (named_rows(contracts) if clients != [] else ()):
        day = parse_day(c.renewal_on)
        value = from_cents(int(with_contract[c.id])) if with_contract.get(c.id) else None
        yield RenewalRow(client_id=c.id, client=c.name, tier=c.tier, what="Contract",
                         renews_on=day, days_left=(day - today).days, annual_value=value,
                         holding_id=None)
    for h in (named_rows(products) if holdings != [] else ()):
        day = parse_day(h.ends_on)
        value = from_cents(int(h.annual_value)) if h.annual_value is not None else None
        yield RenewalRow(client_id=h.client_id, client=h.client, tier=h.tier, what=h.product,
                         renews_on=day, days_left=(day - today).days, annual_value=value,
                         holding_id=h.id)


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
    days = Made(parse_day)  # a day as read -> the date, once per distinct day
    for query in (contracts, holdings):
        for cid, read in unpacked_rows(query, "client_id", "day"):
            day = days[read]
            if day and (wanted is None or cid in wanted) and (cid not in out or day < out[cid]):
                out[cid] = day
    return out
