"""A deterministic, realistic demo book (placeholder until issue 2's demo lands)."""

from __future__ import annotations


def build_demo_book(clients: int = 40, seed: int = 7) -> None:
    from amtui.models import Client, database

    with database.atomic():
        for i in range(clients):
            Client.create(name=f"Demo client {i + 1}", industry="Advertising", tier="ABC"[i % 3])
