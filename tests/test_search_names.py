"""The palette's contacts and deals by name (core.search): matched with LIKE / ILIKE
instead of instr(lower(…)) over every row.  The same results as the old query for ASCII
words, `%` and `_` taken literally; beyond ASCII, any case ("émile" finds "Émile", which
SQLite's ASCII-only lower() never let it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from peewee import fn

from amtui.core import deal_moves, search, sql
from amtui.models import Client, Contact, Opportunity

NAMES = ["Émile Zola", "émile petit", "EMILE Ascii", "ÖZ Media Desk", "Oz Öztürk", "Jan Øster",
         "Ana O'Brien", "100% Pure", "snake_case Sam", "Straße Kim", "Bob 50%off"]


@pytest.fixture
def named(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    for i, name in enumerate(NAMES):
        Contact.create(client=acme, name=name)
        deal_moves.create_deal(acme, f"{name} renewal", Decimal(100), close_on=date(2026, 12, 1 + i))
    return book_path


def _plain(name: str) -> str:
    """A name without its accents, casefolded: "Émile" -> "emile"."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def _old(model, field, words: str) -> list[int]:
    """The query as it was: instr(lower(column), words)."""
    query = model.select(model.id).where(sql.position(fn.lower(field), words) > 0)
    return sorted(r.id for r in query)


def _ids(hits, kind: str, model, field) -> list[int]:
    if kind == "deal":
        return sorted(h.id for h in hits)
    names = [h.title.rsplit(" (", 1)[0] for h in hits]
    return sorted(r.id for r in model.select(model.id).where(field.in_(names)))


def found(words: str) -> tuple[list[int], list[int]]:
    words = " ".join(words.split()).casefold()
    return (_ids(search.contact_hits(words, 50), "client", Contact, Contact.name),
            _ids(search.deal_hits(words, 50), "deal", Opportunity, Opportunity.title))


@pytest.mark.parametrize("typed", ["emile", "EMILE", "o'brien", "0%", "50%", "%", "_", "e_c", "renewal",
                                   "  ana   o'", "zzz", "\\", "m"])
def test_ascii_words_find_what_they_found_before(named, typed):
    """What the old query found, and beyond it (on SQLite) only names holding the words
    with accents ("emile": "Émile Zola")."""
    words = " ".join(typed.split()).casefold()
    contacts, deals = found(typed)
    before = (_old(Contact, Contact.name, words), _old(Opportunity, Opportunity.title, words))
    assert set(before[0]) <= set(contacts) and set(before[1]) <= set(deals)
    unaccented = {c.id for c in Contact.select() if words in _plain(c.name)}
    assert set(contacts) - set(before[0]) <= unaccented
    if sql.on_postgres():
        assert (contacts, deals) == before
    if typed in ("0%", "_"):  # literal, not LIKE's wildcards
        assert found(typed)[0] == sorted(c.id for c in Contact.select() if words in c.name.casefold())


@pytest.mark.sqlite_only(reason="PostgreSQL's ILIKE folds beyond ASCII by the server's locale")
@pytest.mark.parametrize("typed", ["Émile", "émile", "ÉMILE z", "ÖZ", "öz", "Öztürk", "ø", "é"])
def test_words_beyond_ascii_match_in_any_case(named, typed):
    words = " ".join(typed.split()).casefold()
    contacts, deals = found(typed)
    assert contacts == sorted(c.id for c in Contact.select() if words in c.name.casefold())
    assert deals == sorted(d.id for d in Opportunity.select() if words in d.title.casefold())
    # before, SQLite's lower() left "É" and "Ö" as they were: only the lowercase ones
    assert _old(Contact, Contact.name, words) == sorted(
        c.id for c in Contact.select() if words in "".join(ch.lower() if ch.isascii() else ch for ch in c.name))


@pytest.mark.sqlite_only(reason="PostgreSQL's ILIKE folds beyond ASCII by the server's locale")
def test_names_as_the_palette_finds_them(named):
    # as a set: the engines sort "É" and "é" apart differently (SQLite by code point)
    assert {h.title for h in search.contact_hits("émile", 15)} == {
        "Émile Zola (Acme Corp)", "émile petit (Acme Corp)"}
    assert {h.title for h in search.contact_hits("öz", 15)} == {"ÖZ Media Desk (Acme Corp)", "Oz Öztürk (Acme Corp)"}


@pytest.mark.sqlite_only(reason="a server book compares accents as its locale does (ILIKE)")
@pytest.mark.parametrize(("typed", "contacts"), [
    ("renee", {"Renée Côté"}), ("COTE", {"Renée Côté"}), ("emile", {"Émile Zola", "émile petit", "EMILE Ascii"}),
    ("oz", {"ÖZ Media Desk", "Oz Öztürk"}),
])
def test_words_typed_without_accents_find_names_with_them(named, typed, contacts):
    """The audit: "renee" and "COTE" found nothing, though "Renée" found Renée Côté; a
    rep on a US keyboard types names without their accents."""
    Contact.create(client=Client.get(Client.name == "Acme Corp"), name="Renée Côté")
    Client.create(name="Café Noir", tier="B")
    words = " ".join(typed.split()).casefold()
    found_names = {h.title.rsplit(" (", 1)[0] for h in search.contact_hits(words, 50)}
    assert contacts <= found_names
    assert {h.title.rsplit(" (", 1)[0] for h in search.deal_hits(words, 50)} >= {f"{c} renewal" for c in contacts
                                                                                 if c != "Renée Côté"}
    assert [h.title for h in search.client_hits("cafe", 5)] == ["Café Noir"]
