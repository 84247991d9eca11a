"""Reopening a won deal says its holding stays only when the win made one: a recurring
product's.  Found in a review: a one-off product's deal said "the Brand Lift Study
holding stays" though it had none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import notifications, running, settle

from amtui.core import deal_moves
from amtui.core.clients import create_client
from amtui.core.products import create_product
from amtui.tui import deal_actions


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize(("recurring", "said"), [(True, True), (False, False)])
async def test_reopening_says_the_holding_stays_only_when_there_is_one(book_path, size, recurring, said):
    acme = create_client("Acme Corp")
    study = create_product("Brand Lift Study", "Data", Decimal("5000"), recurring=recurring)
    deal = deal_moves.create_deal(acme, "Q1 study", Decimal("5000"), close_on=date(2026, 12, 20), product_id=study)
    deal_moves.win_deal(deal)
    async with running(book_path, size) as (app, pilot):
        await settle(pilot)
        deal_actions.reopen(app, deal)
        await settle(pilot)
        [note] = [str(n.message) for n in notifications(app) if "Reopened" in str(n.message)]
        assert note.startswith("Reopened: Q1 study")
        assert ("the Brand Lift Study holding stays as the win left it" in note) == said
