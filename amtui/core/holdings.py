"""What each client holds from the product catalogue: since when, for how much, until when.

Re-exported by clients.py, where the contract names these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peewee import fn

from amtui.core import clock, dates_fmt, versions
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.parse import Tense, optional_date, parse_choice, parse_money
from amtui.models import HOLDING_STATUSES, Client, Holding, Product, database

MONEY_MAX = Decimal(10**11)


@dataclass(frozen=True)
class HoldingRow:
    id: int
    client_id: int
    product_id: int
    product: str  # the product's name
    family: str
    since: date | None
    annual_value: Decimal
    ends_on: date | None
    status: str
    version: int = 0  # the row's version when read (core.versions)

    def held_on(self, day: date) -> bool:
        """Does the client hold it on `day`: active, and not ended before it (`held_on`)."""
        return self.status == "active" and (self.ends_on is None or self.ends_on >= day)

    def status_on(self, day: date) -> str:
        """Its status as shown on `day`: one left active past its end date shows ended."""
        return "active" if self.held_on(day) else "ended"


def held_on(day: date):
    """The holdings a client holds on `day`, as a query condition: active and not past
    their end date.  Every "holds … a year", owned and renewal figure reads this (or
    HoldingRow.held_on): a holding whose end date has gone by lapsed even if no one
    marked it ended."""
    return (Holding.status == "active") & (Holding.ends_on.is_null() | (Holding.ends_on >= day))


def value_held(rows: list[HoldingRow], day: date) -> Decimal:
    """What the holdings held on `day` are worth a year."""
    return sum((h.annual_value for h in rows if h.held_on(day)), Decimal("0.00"))


def saved_note(holding_id: int) -> str:
    """What saving a holding says: an end date already past is said plainly (a holding
    recorded for history is saved, but ended)."""
    try:
        h = get_holding(holding_id)
    except NotFound:  # deleted elsewhere meanwhile: it was saved all the same
        return "Holding saved"
    if h.ends_on is not None and h.ends_on < clock.today():
        return f"Holding saved as ended: it ended {dates_fmt.day(h.ends_on)}, so it is not counted as held"
    return "Holding saved"


def _row(h: Holding, product: Product) -> HoldingRow:
    return HoldingRow(
        h.id, h.client_id, h.product_id, product.name, product.family,
        h.since, h.annual_value, h.ends_on, h.status, h.version,
    )


def client_holdings(client_id: int) -> list[HoldingRow]:
    """The client's products: active ones first, then by product name."""
    query = (
        Holding.select(Holding, Product)
        .join(Product)
        .where(Holding.client == client_id)
        .order_by(Holding.status != "active", fn.lower(Product.name), Holding.id)
    )
    return [_row(h, h.product) for h in query]


def _holding(holding_id: int) -> Holding:
    return existing(Holding, holding_id, "holding")


def get_holding(holding_id: int) -> HoldingRow:
    holding = _holding(holding_id)
    return _row(holding, holding.product)


# --- validation ---------------------------------------------------------------------------


def _product(value) -> int:
    try:
        product_id = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("product", "choose a product") from None
    if not Product.select().where(Product.id == product_id).exists():
        raise InvalidInput("product", f"there is no product with id {product_id}")
    return product_id


def _date(field: str, value, tense: Tense) -> date | None:
    return optional_date(value, tense=tense, field=field)


def _value(value) -> Decimal:
    if value in (None, ""):
        return Decimal("0.00")
    if isinstance(value, str):
        amount = parse_money(value, field="annual_value")
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        raise InvalidInput("annual_value", "must be an amount of money")
    if amount < 0:
        raise InvalidInput("annual_value", "must not be negative")
    if amount >= MONEY_MAX:
        raise InvalidInput("annual_value", "is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput("annual_value", "has fractions of a cent")
    return amount


HOLDING_FIELDS = {
    "product_id": _product,
    "since": lambda v: _date("since", v, "past"),
    "annual_value": _value,
    "ends_on": lambda v: _date("ends_on", v, "future"),
    "status": lambda v: parse_choice(str(v or ""), HOLDING_STATUSES, field="status"),
}


def _clean(changes: dict) -> dict:
    unknown = set(changes) - set(HOLDING_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "is not a holding field")
    return {field: HOLDING_FIELDS[field](value) for field, value in changes.items()}


def _check_dates(since: date | None, ends_on: date | None) -> None:
    if since and ends_on and ends_on < since:
        raise InvalidInput("ends_on", f"is before the start ({since.isoformat()})")


def _status(status: str, ends_on: date | None) -> str:
    """A holding saved active with its end already past is recorded as ended (history):
    it is held no more, and it does not stand in the way of the one held now."""
    if status == "active" and ends_on is not None and ends_on < clock.today():
        return "ended"
    return status


def _check_duplicate(client_id: int, product_id: int, status: str, exclude_id: int | None) -> None:
    """One held holding of a product per client: a second one is almost always a slip
    (one past its end date is held no more: its renewal is a new holding)."""
    if status != "active":
        return
    query = Holding.select().where(
        Holding.client == client_id, Holding.product == product_id, held_on(clock.today())
    )
    if exclude_id is not None:
        query = query.where(Holding.id != exclude_id)
    if query.exists():
        name = Product.get_by_id(product_id).name
        raise InvalidInput("product", f"the client already holds {name}; edit that holding instead")


# --- writing --------------------------------------------------------------------------------


def add_holding(
    client_id: int,
    product_id: int,
    *,
    since: date | None = None,
    annual_value: Decimal | int | str = 0,
    ends_on: date | None = None,
    status: str = "active",
) -> int:
    """Record that a client holds a product; returns the holding's id."""
    clean = _clean(
        dict(product_id=product_id, since=since, annual_value=annual_value, ends_on=ends_on, status=status)
    )
    _check_dates(clean["since"], clean["ends_on"])
    clean["status"] = _status(clean["status"], clean["ends_on"])
    with database.atomic():
        if not Client.select().where(Client.id == client_id).exists():
            raise NotFound(f"client: no client with id {client_id}")
        _check_duplicate(client_id, clean["product_id"], clean["status"], None)
        product_id = clean.pop("product_id")
        return Holding.create(client=client_id, product=product_id, **clean).id


def update_holding(holding_id: int, *, base=None, **changes) -> None:
    """`base`: the holding as the rep's form read it (see core.versions)."""
    clean = _clean(changes)
    with versions.edit("holding", holding_id, base, load=get_holding, yours=changes), \
            database.atomic():
        holding = _holding(holding_id)
        versions.expect(holding, base)
        since = clean.get("since", holding.since)
        ends_on = clean.get("ends_on", holding.ends_on)
        _check_dates(since, ends_on)
        product_id = clean.pop("product_id", holding.product_id)
        _check_duplicate(holding.client_id, product_id, clean.get("status", holding.status), holding_id)
        holding.product = product_id
        for field, value in clean.items():
            setattr(holding, field, value)
        holding.status = _status(holding.status, holding.ends_on)
        holding.save()


def end_holding(holding_id: int, ended_on: date | None = None) -> None:
    """The client stopped holding the product: ended on the date given, else today
    (or the end date already recorded, when that has passed)."""
    with database.atomic():
        holding = _holding(holding_id)
        today = clock.today()
        if ended_on is None:
            ended_on = holding.ends_on if holding.ends_on and holding.ends_on <= today else today
        _check_dates(holding.since, ended_on)
        holding.status = "ended"
        holding.ends_on = ended_on
        holding.save()


def delete_holding(holding_id: int) -> None:
    """Remove a holding recorded by mistake (a real ending is end_holding)."""
    with database.atomic():
        _holding(holding_id)
        Holding.delete().where(Holding.id == holding_id).execute()
