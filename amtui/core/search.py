"""Find clients, contacts and deals by name for the command palette, and any record by the
words in its text (a text index kept current by triggers: FTS5 on SQLite, a tsvector
on PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from amtui.core import sql
from amtui.models import Client, Contact, FollowUp, Interaction, Opportunity, ServiceIssue


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
    return hits + search_text(text, limit)


# kind code (rowid % 4 in the text index, see amtui/undo_schema.py) -> what it is, its table
TEXT_KINDS = {0: ("Interaction", Interaction), 1: ("Follow-up", FollowUp),
              2: ("Service issue", ServiceIssue), 3: ("Deal", Opportunity)}
TITLE_CHARS = 60


def _excerpt(text: str, words: list[str]) -> str:
    """The record's text from a little before the first word found, on one line."""
    text = " ".join(text.split())
    at = min((i for w in words if (i := text.casefold().find(w.casefold())) >= 0), default=0)
    start = max(0, at - 15)
    cut = ("…" if start else "") + text[start:start + TITLE_CHARS]
    return cut + ("…" if start + TITLE_CHARS < len(text) else "")


def search_text(text: str, limit: int = 15) -> list[SearchHit]:
    """Follow-ups, interactions, service issues and deals whose text holds every word, the
    latest first (by rowid: ranking every match of a common word costs ~90 ms on 5k clients)."""
    words = text.split()
    if len(text.strip()) < 3 or not words:
        return []
    hits = []
    for rowid in sql.text_keys(words, limit):
        label, model = TEXT_KINDS[rowid % 4]
        record = (model.select(model, Client.name.alias("client_name"))
                  .join(Client).where(model.id == rowid // 4).objects().first())
        if record is None:
            continue
        body = {Interaction: lambda r: f"{r.summary} {r.outcome}",
                FollowUp: lambda r: f"{r.title} {r.notes}",
                ServiceIssue: lambda r: f"{r.title} {r.description} {r.resolution}",
                Opportunity: lambda r: f"{r.title} {r.next_step}"}[model](record)
        title = f"{_excerpt(body, text.split())} ({record.client_name})"
        if model is Opportunity:
            hits.append(SearchHit("deal", record.id, title, f"{label} · text"))
        else:
            hits.append(SearchHit("client", record.client_id, title, f"{label} · text"))
    return hits
