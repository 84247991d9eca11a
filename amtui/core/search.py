"""Find clients, contacts and deals by name for the command palette, and any record by the
words in its text (a text index kept current by triggers: FTS5 on SQLite, a tsvector
on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import fn

from amtui.core import clock, dates_fmt, sql
from amtui.models import Client, Contact, FollowUp, Interaction, Opportunity, ServiceIssue


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "client" | "deal"
    id: int
    title: str
    help: str
    text: bool = False  # found by the words in its text, in search_text's order


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


TITLE_CHARS = 60


def _excerpt(text: str, words: list[str]) -> str:
    """The record's text from a little before the first word found, on one line."""
    text = " ".join(text.split())
    at = min((i for w in words if (i := text.casefold().find(w.casefold())) >= 0), default=0)
    start = max(0, at - 15)
    cut = ("…" if start else "") + text[start:start + TITLE_CHARS]
    return cut + ("…" if start + TITLE_CHARS < len(text) else "")


@dataclass(frozen=True)
class _Kind:
    """How a kind of record reads in the results: its text, its own date and what that
    date is (an interaction's when, a follow-up's due day, an issue's opening, a deal's
    close: the won or lost day, else the expected one)."""

    code: int  # the kind's code in the text index's keys (see amtui/undo_schema.py)
    label: str
    model: type
    when: object  # the SQL expression ordered by
    text: Callable[[Any], str]
    day: Callable[[Any], date]
    said: str  # before the date: "due", "opened", ...


_KINDS = (
    _Kind(0, "Interaction", Interaction, Interaction.happened_at, lambda r: f"{r.summary} {r.outcome}",
          lambda r: clock.local(r.happened_at).date(), ""),
    _Kind(1, "Follow-up", FollowUp, FollowUp.due_on, lambda r: f"{r.title} {r.notes}", lambda r: r.due_on, "due "),
    _Kind(2, "Service issue", ServiceIssue, ServiceIssue.opened_at,
          lambda r: f"{r.title} {r.description} {r.resolution}",
          lambda r: clock.local(r.opened_at).date(), "opened "),
    _Kind(3, "Deal", Opportunity, fn.COALESCE(Opportunity.closed_on, Opportunity.close_on),
          lambda r: f"{r.title} {r.next_step}", lambda r: r.closed_on or r.close_on, "closes "),
)


def _fair_share(pools: list[list], limit: int) -> list:
    """`limit` of the kinds' hits (each pool newest first): every kind found gets an
    equal share first (interactions, by far the most, no longer crowd out a new
    follow-up), then the rest of the room goes to the newest left over."""
    found = [p for p in pools if p]
    if not found:
        return []
    share = max(1, limit // len(found))
    chosen = [h for p in found for h in p[:share]]
    rest = sorted((h for p in found for h in p[share:]), key=lambda h: h[0], reverse=True)
    return (chosen + rest)[:limit]


def search_text(text: str, limit: int = 15) -> list[SearchHit]:
    """Follow-ups, interactions, service issues and deals whose text holds every word:
    a fair share of each kind, the ones holding the words as typed (a phrase) first, then
    by the record's own date, newest first.  One query per kind, each the text index's
    matches ordered by date and cut to `limit` (4 queries whatever the book's size, and
    on SQLite one read of the index's word list first when a word is over 4 letters)."""
    words = text.split()
    if len(text.strip()) < 3 or not words:
        return []
    match = sql.text_match(words)
    if not match:
        return []
    phrase = " ".join(words).casefold()
    pools = []
    for kind in _KINDS:
        ids = sql.text_ids(match, kind.code)
        model = kind.model
        rows = (model.select(model, Client.name.alias("client_name")).join(Client)
                .where(model.id.in_(ids)).order_by(kind.when.desc(), model.id.desc())
                .limit(limit).objects())
        pools.append([(kind.day(r), r.id * 4 + kind.code, kind, r) for r in rows])
    chosen = _fair_share(pools, limit)
    today = clock.today()

    def order(hit):
        day, key, kind, record = hit
        body = " ".join(kind.text(record).split()).casefold()
        return (phrase not in body, -day.toordinal(), -key)

    hits = []
    for day, _key, kind, record in sorted(chosen, key=order):
        label = kind.label
        title = f"{_excerpt(kind.text(record), words)} ({record.client_name})"
        help_text = f"{label} · {kind.said}{dates_fmt.day(day, today)}"
        if kind.model is Opportunity:
            hits.append(SearchHit("deal", record.id, title, help_text, text=True))
        else:
            hits.append(SearchHit("client", record.client_id, title, help_text, text=True))
    return hits
