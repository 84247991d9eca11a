"""A small book for the pipeline tests: three clients and a catalogue of four products."""

from __future__ import annotations

from decimal import Decimal

import pytest

from amtui.core.products import create_product
from amtui.models import Client


@pytest.fixture
def small_book(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    globex = Client.create(name="Globex", tier="B").id
    initech = Client.create(name="Initech", tier="C").id
    products = {
        "analytics": create_product("Analytics Pro", "Analytics", Decimal("12000")),
        "dashboards": create_product("Dashboards", "Analytics", Decimal("4000")),
        "support": create_product("Premium Support", "Services", Decimal("6000")),
        "training": create_product("Onsite Training", "Services", Decimal("2500"), recurring=False),
    }
    return {"path": book_path, "acme": acme, "globex": globex, "initech": initech, **products}


@pytest.fixture
def move_today(monkeypatch, frozen_today):
    """move_today(day): move the frozen clock (the book's timestamps follow it)."""

    def move(day) -> None:
        monkeypatch.setenv("AMTUI_TODAY", day.isoformat())

    return move
