"""Find clients, contacts and deals by name for the command palette, and any record by the
words in its text (a text index kept current by triggers: FTS5 on SQLite, a tsvector
on PostgreSQL)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from peewee import fn

from amtui.core import clock, dates_fmt, sql
from amtui.core.money import fmt_money
from amtui.core.settings import get_settings
from amtui.models import Client, Contact, FollowUp, Interaction, Opportunity, ServiceIssue


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "client" | "deal"
    id: int
    title: str
    help: str
    text: bool = False  # found by the words in its text, in search_text's order


def search_book(text: str, limit: int = 15, width: int | None = None) -> list[SearchHit]:
    """Clients, contacts and deals by name, then records by their words (search_text);
    `width`: the characters a result's title may take, its client's name included (the
    palette's line), else the title whole and an excerpt of TITLE_CHARS."""
    words = " ".join(text.split()).casefold()
    if not words:
        return []
    return (client_hits(words, limit) + contact_hits(words, limit, width) + deal_hits(words, limit, width)
            + search_text(text, limit, width))


def client_hits(words: str, limit: int) -> list[SearchHit]:
    """Active clients whose name holds `words` (casefolded), where it starts first; then
    those holding them with accents ("cafe": "Café Noir")."""
    at = sql.position(Client.name_key, words)
    clients = (
        Client.select(Client.id, Client.name, Client.industry, Client.tier)
        # or with accents: "cafe" finds "Café Noir" (`sql.holds`), after the names as typed
        .where((at > 0) | sql.holds(Client.name, words), Client.archived == False)  # noqa: E712
        .order_by(at == 0, at, Client.name_key)
        .limit(limit)
    )
    return [SearchHit("client", c.id, c.name, f"Client · tier {c.tier} · {c.industry}") for c in clients]


def contact_hits(words: str, limit: int, width: int | None = None) -> list[SearchHit]:
    """Contacts of active clients whose name holds `words` (casefolded)."""
    contacts = (
        Contact.select(Contact.name, Contact.title, Client.id, Client.name.alias("client_name"))
        .join(Client)
        .where(sql.holds(Contact.name, words), Client.archived == False)  # noqa: E712
        .limit(limit)
        .objects()
    )
    return [
        SearchHit("client", c.id, _named(c.name, c.client_name, words, width), f"Contact · {c.title}")
        for c in contacts
    ]


def deal_hits(words: str, limit: int, width: int | None = None) -> list[SearchHit]:
    """Deals whose title holds `words` (casefolded), open ones first, latest close first."""
    deals = (
        Opportunity.select(Opportunity.id, Opportunity.title, Opportunity.status, Opportunity.amount,
                           Opportunity.close_on, Opportunity.closed_on, Client.name.alias("client_name"))
        .join(Client)
        .where(sql.holds(Opportunity.title, words))
        .order_by(Opportunity.status != "open", Opportunity.close_on.desc())
        .limit(limit)
        .objects()
    )
    if not deals:
        return []
    today, currency = clock.today(), get_settings().currency
    return [  # as a deal found by its text says it: "Deal · closes Fri 11 Dec · $54,000"
        SearchHit("deal", d.id, _named(d.title, d.client_name, words, width),
                  f"Deal · {_deal_said(d, today, currency)}")
        for d in deals
    ]


def _named(name: str, client: str, words: str, width: int | None) -> str:
    """`name (client)`: whole without a width, else the name cut around the match first."""
    if width is None:
        return f"{name} ({client})"
    return with_client(lambda room: _cut(name, _first(name, [words]), room), client, width)


TITLE_CHARS = 60  # a result's text, before its client's name, when no width is given
HEAD_CHARS = 28  # of which its title at least, when there is more text to show after it
LEAD = 15  # at most, the characters shown before a matched word when the excerpt starts later
LEAST_TEXT = 20  # of the text around the match: below it, the client's name is cut instead


def _fold(text: str) -> str:
    """`text` without case or (Latin) accents, a character for a character, so that a
    place found in it is the same place in `text`: "Café" -> "cafe"."""
    return "".join(unicodedata.normalize("NFKD", c)[0].lower()[0] for c in text)


def _find(text: str, word: str) -> int:
    """Where `word` begins a word in `text` (the index matches words by their start), or -1."""
    found = re.search(r"(?<!\w)" + re.escape(_fold(word)), _fold(text))
    return found.start() if found else -1


def _cut(text: str, found: tuple[int, int], width: int) -> str:
    """At most `width` characters of `text`, the "…" marking a cut included, showing the
    word `found` (its start and end): from the text's start when the word is in them,
    else from a little before the word (a third of the room at most: the words after it
    say more)."""
    if len(text) <= width:
        return text
    at, end = found
    room = width - 1  # beside one "…"
    if end <= room:
        return text[:room].rstrip() + "…"
    # the word, then what follows, but no later than the room the text's end fills
    start = max(0, min(at - min(LEAD, width // 3), len(text) - room))
    if 0 < start < at and not text[start - 1].isspace():
        # from the next whole word ("…concern about", not "…ncern about")
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else at
    body = text[start:].lstrip()
    return "…" + (body if len(body) <= room else body[:room - 1].rstrip() + "…")


def _first(text: str, words: list[str]) -> tuple[int, int]:
    """The start and end of the first of `words` in `text`; (0, 0) for none."""
    found = [(i, i + len(w)) for w in words if (i := _find(text, w)) >= 0]
    return min(found, default=(0, 0))


def result_line(title: str, text: str, words: list[str], width: int = TITLE_CHARS) -> str:
    """A record found by its words, on one line of at most `width` characters: its title,
    then " — " and its text from around the first word searched for that the title does
    not show, so the line says why it matched ("Call with Omar — …the pacing report");
    the text from its start when the title shows every word.  The title takes about half
    the width (HEAD_CHARS at least), or more when the text is short; the text never
    less than LEAST_TEXT."""
    title, text = " ".join(title.split()), " ".join(text.split())
    if not text:
        return _cut(title, _first(title, words), width)
    least_head = min(HEAD_CHARS, width - 3 - LEAST_TEXT)  # narrower: the title gives way too
    head = _cut(title, _first(title, words), max(least_head, (width - 3) // 2, width - 3 - len(text)))
    unseen = [w for w in words if _find(head.strip("…"), w) < 0]
    room = max(width - len(head) - 3, LEAST_TEXT)
    return f"{head} — {_cut(text, _first(text, unseen), room)}"


def with_client(line: Callable[[int], str], client: str, width: int | None) -> str:
    """`line (client)` in `width` characters (None: the line at TITLE_CHARS, the name
    whole): `line(room)` is the record's own text cut to the room the client's name
    leaves, down to LEAST_TEXT for the title and as much for the text around the match;
    only then is the name cut too."""
    if width is None:
        return f"{line(TITLE_CHARS)} ({client})"
    least = 2 * LEAST_TEXT + 3
    text = line(max(width - len(client) - 3, least))
    if len(text) + len(client) + 3 > width:
        client = _cut(client, (0, 0), max(width - len(text) - 3, 8))
    return f"{text} ({client})"


@dataclass(frozen=True)
class _Kind:
    """How a kind of record reads in the results: its title and text, its own date and
    what that date is (an interaction's when, a follow-up's due day, an issue's opening,
    a deal's close: the won or lost day, else the expected one), then how it ended (a
    follow-up done, an issue resolved, a deal won or lost)."""

    code: int  # the kind's code in the text index's keys (see amtui/undo_schema.py)
    label: str
    model: type
    when: object  # the SQL expression ordered by
    title: Callable[[Any], str]
    text: Callable[[Any], str]
    day: Callable[[Any], date]
    # the date's words, with how it ended: "due Tue 1 Dec · done" (None for a deal, which
    # says its amount too: `_deal_said`)
    said: Callable[[Any, date], str] | None


def _after(word: str, moment) -> str:
    """" · done Mon 30 Nov": how a record ended, and when."""
    return f" · {word} {dates_fmt.day(clock.local(moment).date())}" if moment else ""


def _deal_said(r, today: date, currency: str) -> str:
    """'closes Fri 11 Dec · $54,000', 'won Sat 5 Dec · $12,500': when, and how much, so
    two deals of one title (a renewal each year) read apart."""
    amount = fmt_money(r.amount, currency, decimals=False)
    if r.status == "open":
        return f"closes {dates_fmt.day(r.close_on, today)} · {amount}"
    return f"{r.status} {dates_fmt.day(r.closed_on or r.close_on, today)} · {amount}"


_KINDS = (
    _Kind(0, "Interaction", Interaction, Interaction.happened_at, lambda r: r.summary, lambda r: r.outcome,
          lambda r: clock.local(r.happened_at).date(),
          lambda r, today: dates_fmt.day(clock.local(r.happened_at).date(), today)),
    _Kind(1, "Follow-up", FollowUp, FollowUp.due_on, lambda r: r.title, lambda r: r.notes, lambda r: r.due_on,
          lambda r, today: f"due {dates_fmt.day(r.due_on, today)}{_after('done', r.done_at)}"),
    _Kind(2, "Service issue", ServiceIssue, ServiceIssue.opened_at, lambda r: r.title,
          lambda r: f"{r.description} {r.resolution}", lambda r: clock.local(r.opened_at).date(),
          lambda r, today: f"opened {dates_fmt.day(clock.local(r.opened_at).date(), today)}"
          + (_after("resolved", r.resolved_at) or (" · resolved" if r.status == "resolved" else ""))),
    _Kind(3, "Deal", Opportunity, fn.COALESCE(Opportunity.closed_on, Opportunity.close_on),
          lambda r: r.title, lambda r: r.next_step, lambda r: r.closed_on or r.close_on, None),
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


def search_text(text: str, limit: int = 15, width: int | None = None) -> list[SearchHit]:
    """Follow-ups, interactions, service issues and deals whose text holds every word:
    a fair share of each kind, the ones holding the words as typed (a phrase) first, then
    by the record's own date, newest first.  One query per kind, each the text index's
    matches ordered by date and cut to `limit` (4 queries whatever the book's size, and
    on SQLite one read of the index's word list first when a word is over 4 letters).
    `width`: each title's characters, its client's name included (see `with_client`)."""
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
        body = " ".join(f"{kind.title(record)} {kind.text(record)}".split()).casefold()
        return (phrase not in body, -day.toordinal(), -key)

    # a deal says its amount in the book's currency: read once, when a deal is shown
    currency = get_settings().currency if any(kind.model is Opportunity for _d, _k, kind, _r in chosen) else ""
    hits = []
    for _day, _key, kind, record in sorted(chosen, key=order):
        title = with_client(partial(result_line, kind.title(record), kind.text(record), words),
                            record.client_name, width)
        if kind.model is Opportunity:
            help_text = f"{kind.label} · {_deal_said(record, today, currency)}"
            hits.append(SearchHit("deal", record.id, title, help_text, text=True))
        else:
            help_text = f"{kind.label} · {kind.said(record, today)}"
            hits.append(SearchHit("client", record.client_id, title, help_text, text=True))
    return hits
