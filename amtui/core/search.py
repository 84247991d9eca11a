"""Find clients, contacts and deals by name for the command palette."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from amtui.core import sql
from amtui.models import Client, Contact, Opportunity


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "client" | "deal"
    id: int
    title: str
    help: str


def search_book(text: str, limit: int = 15) -> list[SearchHit]:
    words = " ".join(text.split()).casefold()
    if not words:
        return []
    hits: list[SearchHit] = []
    clients = (
        Client.select(Client.id, Client.name, Client.industry, Client.tier)
        .where(sql.position(Client.name_key, words) > 0, Client.archived == False)  # noqa: E712
        .order_by(sql.position(Client.name_key, words), Client.name_key)
        .limit(limit)
    )
    hits += [SearchHit("client", c.id, c.name, f"Client · tier {c.tier} · {c.industry}") for c in clients]
    contacts = (
        Contact.select(Contact.name, Contact.title, Client.id, Client.name.alias("client_name"))
        .join(Client)
        .where(sql.position(fn.lower(Contact.name), words) > 0, Client.archived == False)  # noqa: E712
        .limit(limit)
        .objects()
    )
    hits += [
        SearchHit("client", c.id, f"{c.name} ({c.client_name})", f"Contact · {c.title}") for c in contacts
    ]
    deals = (
        Opportunity.select(Opportunity.id, Opportunity.title, Opportunity.status, Client.name.alias("client_name"))
        .join(Client)
        .where(sql.position(fn.lower(Opportunity.title), words) > 0)
        .order_by(Opportunity.status != "open", Opportunity.close_on.desc())
        .limit(limit)
        .objects()
    )
    hits += [
        SearchHit("deal", d.id, f"{d.title} ({d.client_name})", f"Deal · {d.status}") for d in deals
    ]
    return hits
