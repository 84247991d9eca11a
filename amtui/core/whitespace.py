"""White space: which product families each client owns, is being sold, or lacks.

A cell is "owned" when the client holds any product in the family today (an active
holding not past its end date: holdings.held_on),
"pipeline" when it doesn't but an open deal names a product of the family, else "gap".
Two set-building queries cover every matching client (a 5,000-client book takes tens of
milliseconds); only a page of rows is built, with the ids of every matching client, so
a screen's virtual list can ask for any other page by offset as the rep scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from amtui.core import clock, sql
from amtui.core.holdings import held_on
from amtui.core.products import ProductRow, products
from amtui.models import Client, Holding, Opportunity, Product

OWNED, PIPELINE, GAP = "owned", "pipeline", "gap"
PAGE = 200


@dataclass(frozen=True)
class Cell:
    state: str  # owned | pipeline | gap
    # products of the family the client neither holds nor is being sold: what to offer
    missing: tuple[ProductRow, ...] = ()
    deal_ids: tuple[int, ...] = ()  # open deals in the family


@dataclass(frozen=True)
class WhiteSpaceRow:
    client_id: int
    client: str
    tier: str
    cells: dict[str, Cell]

    @property
    def gaps(self) -> int:
        return sum(1 for c in self.cells.values() if c.state == GAP)


@dataclass(frozen=True)
class FamilySummary:
    owned: int = 0
    pipeline: int = 0
    gap: int = 0


@dataclass(frozen=True)
class WhiteSpace:
    families: list[str]
    products: dict[str, list[ProductRow]]  # the products on offer in each family
    rows: list[WhiteSpaceRow]  # one page
    total_clients: int  # every client matching the filter
    summary: dict[str, FamilySummary] = field(default_factory=dict)  # over all of them
    offset: int = 0
    client_ids: list[int] = field(default_factory=list)  # every matching client, in order


def _clients(text: str):
    query = Client.select(Client.id, Client.name, Client.tier).where(
        Client.archived == False, Client.status != "churned"  # noqa: E712
    )
    words = " ".join(text.split()).casefold()
    if words:
        query = query.where(sql.position(Client.name_key, words) > 0)
    return query.order_by(Client.name_key)


def white_space(text: str = "", *, gaps_only: bool = False, limit: int = PAGE, offset: int = 0) -> WhiteSpace:
    """The grid for current clients (not archived, not churned) whose name contains
    `text`, a page of `limit` rows from `offset`; `gaps_only` keeps clients with a gap."""
    catalogue = [p for p in products() if p.family]
    families = sorted({p.family for p in catalogue}, key=str.casefold)
    by_family = {f: [p for p in catalogue if p.family == f] for f in families}
    family_of = {p.id: p.family for p in catalogue}

    clients = _clients(text)
    ids = clients.select(Client.id)
    held: dict[int, set[int]] = {}
    for h in (
        Holding.select(Holding.client, Holding.product)
        .join(Product)
        .where(held_on(clock.today()), Holding.client.in_(ids), Product.family != "")
        .namedtuples()
    ):
        held.setdefault(h.client, set()).add(h.product)
    selling: dict[int, dict[int, list[int]]] = {}
    for deal in (
        Opportunity.select(Opportunity.client, Opportunity.product, Opportunity.id)
        .where(Opportunity.status == "open", Opportunity.product.is_null(False),
               Opportunity.client.in_(ids))
        .namedtuples()
    ):
        selling.setdefault(deal.client, {}).setdefault(deal.product, []).append(deal.id)

    def states(client_id: int) -> dict[str, str]:
        owned = {family_of.get(p) for p in held.get(client_id, ())}
        sold = {family_of.get(p) for p in selling.get(client_id, {})}
        return {f: OWNED if f in owned else PIPELINE if f in sold else GAP for f in families}

    counts = {f: {OWNED: 0, PIPELINE: 0, GAP: 0} for f in families}
    matching: list[tuple[int, str, str]] = []
    for client in clients.namedtuples():
        client_id, name, tier = client.id, client.name, client.tier
        row_states = states(client_id)
        if gaps_only and GAP not in row_states.values():
            continue
        for f, state in row_states.items():
            counts[f][state] += 1
        matching.append((client_id, name, tier))

    rows = []
    for client_id, name, tier in matching[offset: offset + limit]:
        row_states = states(client_id)
        have = held.get(client_id, set()) | set(selling.get(client_id, {}))
        cells = {}
        for f in families:
            deal_ids = tuple(
                d for p in by_family[f] for d in selling.get(client_id, {}).get(p.id, ())
            )
            missing = tuple(p for p in by_family[f] if p.id not in have)
            cells[f] = Cell(row_states[f], missing, deal_ids)
        rows.append(WhiteSpaceRow(client_id, name, tier, cells))
    summary = {f: FamilySummary(c[OWNED], c[PIPELINE], c[GAP]) for f, c in counts.items()}
    return WhiteSpace(families, by_family, rows, len(matching), summary, offset,
                      [client_id for client_id, _name, _tier in matching])
