"""The product catalogue: what a rep can sell, grouped in families for white space."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from amtui.core.errors import InvalidInput, NotFound
from amtui.core.names import folded, pick_by_name
from amtui.core.text import refuse_controls
from amtui.models import Product, database


@dataclass(frozen=True)
class ProductRow:
    id: int
    name: str
    family: str
    list_price: Decimal
    recurring: bool  # a subscription: winning it adds or extends the client's holding
    active: bool  # retired products stay on old deals but are not offered


def _row(p: Product) -> ProductRow:
    return ProductRow(p.id, p.name, p.family, p.list_price, p.recurring, p.active)


def products(*, include_retired: bool = False) -> list[ProductRow]:
    query = Product.select().order_by(fn.lower(Product.family), fn.lower(Product.name))
    if not include_retired:
        query = query.where(Product.active == True)  # noqa: E712
    return [_row(p) for p in query]


def product(product_id: int) -> ProductRow:
    found = Product.get_or_none(Product.id == product_id)
    if found is None:
        raise NotFound(f"product: no product #{product_id}")
    return _row(found)


def product_by_name(name: str) -> ProductRow:
    """A product by name, case-insensitively, else a unique prefix, else a unique substring."""
    if not folded(name):
        raise NotFound("product: no name given")
    every = products(include_retired=True)
    found, names = pick_by_name(every, name)
    if found is not None:
        return found
    if names:
        raise NotFound(f"product: '{name}' matches {', '.join(names)}", names)
    listing = ", ".join(p.name for p in every if p.active) or "the catalogue is empty"
    raise NotFound(f"product: no product named '{name}'; products: {listing}")


def families() -> list[str]:
    """The families of the products on offer, in name order."""
    query = (
        Product.select(Product.family)
        .where(Product.active == True, Product.family != "")  # noqa: E712
        .distinct()
        .order_by(fn.lower(Product.family))
    )
    return [p.family for p in query]


def _clean_name(name: str, product_id: int | None = None) -> str:
    name = " ".join(refuse_controls("name", name).split())
    if not name:
        raise InvalidInput("name", "is required")
    clash = Product.select().where(fn.lower(Product.name) == name.lower())
    if product_id is not None:
        clash = clash.where(Product.id != product_id)
    if clash.exists():
        raise InvalidInput("name", f"a product named '{name}' already exists")
    return name


def _clean_family(family: str) -> str:
    family = " ".join(refuse_controls("family", family).split())
    if not family:
        raise InvalidInput("family", "is required; white space groups products by family")
    # reuse the spelling already in the catalogue so "analytics" joins "Analytics"
    existing = Product.select(Product.family).where(fn.lower(Product.family) == family.lower()).first()
    return existing.family if existing else family


def _clean_price(price) -> Decimal:
    price = Decimal(price)
    if price < 0:
        raise InvalidInput("list price", "must not be negative")
    return price


def create_product(name: str, family: str, list_price: Decimal, recurring: bool = True) -> int:
    name = _clean_name(name)
    family = _clean_family(family)
    list_price = _clean_price(list_price)
    with database.atomic():
        return Product.create(name=name, family=family, list_price=list_price, recurring=recurring).id


def update_product(
    product_id: int,
    *,
    name: str | None = None,
    family: str | None = None,
    list_price: Decimal | None = None,
    recurring: bool | None = None,
    active: bool | None = None,
) -> ProductRow:
    """Change a product; `active=False` retires it (old deals and holdings keep it)."""
    product(product_id)
    changes: dict = {}
    if name is not None:
        changes["name"] = _clean_name(name, product_id)
    if family is not None:
        changes["family"] = _clean_family(family)
    if list_price is not None:
        changes["list_price"] = _clean_price(list_price)
    if recurring is not None:
        changes["recurring"] = bool(recurring)
    if active is not None:
        changes["active"] = bool(active)
    if changes:
        with database.atomic():
            Product.update(**changes).where(Product.id == product_id).execute()
    return product(product_id)
