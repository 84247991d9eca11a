"""What winning a deal does to the client's holding of its product, once per deal.

A recurring product's win adds the client's holding of it (a year from the won date at
the deal's amount) or extends it by a year.  A deal won, reopened and won again is one
deal and one term: the second win keeps the term the first one gave and only takes the
new amount.  A one-off product's win makes no holding, so reopening one leaves none.
A deal whose product changed after a win is won again as the new product's first win:
that product's holding is added or extended; the old product's stays as the first win
left it (nothing links a holding to the deal that won it, so that win can't be undone
here: the rep ends it on the client if it should).
`deal_moves.win_deal` writes the deal; this module says what happens to the holding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amtui.core.periods import add_months
from amtui.core.stages import stages
from amtui.models import Holding, Opportunity, Product, StageChange

# Winning a deal again after reopening it: its first win already added or extended the
# holding, so the term stays as that win made it (one deal, one term) and only the
# annual value follows the amount won now.
KEPT = "kept from this deal's first win"


@dataclass(frozen=True)
class Won:
    """What winning did: the holding it added or extended, if the product recurs."""

    deal_id: int
    holding_id: int | None = None
    # "" | "added" | "extended" | KEPT: the words the win's message says after "holding"
    holding_change: str = ""
    holding_ends_on: date | None = None
    # the holding's annual value before a win that KEPT it changed it, else None
    holding_value_was: Decimal | None = None


# The token a deal's history gets when the product of a deal won before changes: the
# holding that win made is another product's, so the next win is that product's first.
PRODUCT_CHANGED = "product"


def won_before(deal_id: int) -> bool:
    """Was the deal won already for the product it has now (and reopened since)?  Its
    history keeps a snapshot in a won stage for every win (an undone win takes its
    snapshot away with it), and a PRODUCT_CHANGED one when its product changed after a
    win.  Read before this win's own snapshot is written."""
    won_stages = {s.id for s in stages() if s.outcome == "won"}
    again = False
    history = (
        StageChange.select(StageChange.stage, StageChange.change)
        .where(StageChange.opportunity == deal_id)
        .order_by(StageChange.changed_at, StageChange.id)
    )
    for snapshot in history:
        if PRODUCT_CHANGED in snapshot.change.split(","):
            again = False
        elif snapshot.stage_id in won_stages:
            again = True
    return again


def win_leaves_holding(product_id: int | None) -> bool:
    """Did winning a deal of this product make a holding (one that stays when the deal is
    reopened)?  Only a recurring product's does; a one-off's made none."""
    if product_id is None:
        return False
    product = Product.get_or_none(Product.id == product_id)
    return product is not None and product.recurring


def holding_for_win(opp: Opportunity, on: date, *, again: bool) -> Won:
    """Add or extend the client's holding of the won deal's product (`again`: the deal
    was won before, see `won_before`).  Runs inside the win's transaction."""
    if not win_leaves_holding(opp.product_id):
        return Won(opp.id)
    holding = (
        Holding.select()
        .where(Holding.client == opp.client_id, Holding.product == opp.product_id)
        .order_by(Holding.status != "active", Holding.ends_on.desc(nulls="LAST"), Holding.id.desc())
        .first()
    )
    if again and holding is not None and holding.status == "active":
        was = holding.annual_value
        if was != opp.amount:
            holding.annual_value = opp.amount
            holding.save()
        return Won(opp.id, holding.id, KEPT, holding.ends_on, None if was == opp.amount else was)
    if holding is None:
        holding = Holding.create(
            client=opp.client_id, product=opp.product_id, since=on, annual_value=opp.amount,
            ends_on=add_months(on, 12), status="active",
        )
        return Won(opp.id, holding.id, "added", holding.ends_on)
    base = holding.ends_on if holding.ends_on and holding.ends_on > on else on
    holding.ends_on = add_months(base, 12)
    holding.annual_value = opp.amount
    holding.status = "active"
    holding.since = holding.since or on
    holding.save()
    return Won(opp.id, holding.id, "extended", holding.ends_on)
