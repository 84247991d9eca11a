"""Find clients, contacts and deals by name for the command palette, and any record by the
words in its text (SQLite FTS5, kept current by triggers)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from amtui.models import Client, Contact, FollowUp, Interaction, Opportunity, ServiceIssue, database


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
        .where(fn.instr(Client.name_key, words) > 0, Client.archived == False)  # noqa: E712
        .order_by(fn.instr(Client.name_key, words), Client.name_key)
        .limit(limit)
    )
    hits += [SearchHit("client", c.id, c.name, f"Client · tier {c.tier} · {c.industry}") for c in clients]
    contacts = (
        Contact.select(Contact.name, Contact.title, Client.id, Client.name.alias("client_name"))
        .join(Client)
        .where(fn.instr(fn.lower(Contact.name), words) > 0, Client.archived == False)  # noqa: E712
        .limit(limit)
        .objects()
    )
    hits += [
        SearchHit("client", c.id, f"{c.name} ({c.client_name})", f"Contact · {c.title}") for c in contacts
    ]
    deals = (
        Opportunity.select(Opportunity.id, Opportunity.title, Opportunity.status, Client.name.alias("client_name"))
        .join(Client)
        .where(fn.instr(fn.lower(Opportunity.title), words) > 0)
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


def _match_query(text: str) -> str:
    """Each word a prefix, quoted so FTS5 never reads the rep's text as its own syntax."""
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words)


def search_text(text: str, limit: int = 15) -> list[SearchHit]:
    """Follow-ups, interactions, service issues and deals whose text holds every word."""
    query = _match_query(text)
    if len(text.strip()) < 3 or not query:
        return []
    found = database.execute_sql(
        "SELECT rowid, snippet(book_text, 0, '', '', '…', 8) FROM book_text "
        "WHERE book_text MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
    hits = []
    for rowid, snippet in found:
        label, model = TEXT_KINDS[rowid % 4]
        record = (model.select(model.id, Client.id.alias("client_id"), Client.name.alias("client_name"))
                  .join(Client).where(model.id == rowid // 4).objects().first())
        if record is None:
            continue
        snippet = " ".join(snippet.split())
        if model is Opportunity:
            hits.append(SearchHit("deal", record.id, f"{snippet} ({record.client_name})", f"{label} · text"))
        else:
            hits.append(SearchHit("client", record.client_id, f"{snippet} ({record.client_name})",
                                  f"{label} · text"))
    return hits
