"""The palette finds records by the words in their text: SQLite FTS5, kept current by
triggers (insert, edit, delete, undo) and filled for a book migrated from version 1."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from conftest import make_version_1

from amtui import db
from amtui.core import deal_moves, followups, search, undo
from amtui.models import Client, Interaction, ServiceIssue


def test_every_kind_of_text_is_found_and_follows_edits_and_deletes(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    fu = followups.add_follow_up(acme, title="Check pacing report", due_on=date(2026, 12, 1)).id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, tzinfo=UTC), summary="Talked about Pacing")
    ServiceIssue.create(client=acme, title="Ads stopped", description="pacing fell to zero")
    deal = deal_moves.create_deal(acme, "Video bundle", Decimal("1000"), close_on=date(2026, 12, 15),
                                  next_step="send the pacing plan")
    hits = search.search_text("pacing")
    assert sorted(h.help for h in hits) == ["Deal · text", "Follow-up · text", "Interaction · text",
                                            "Service issue · text"]
    assert all("Acme Corp" in h.title for h in hits)
    assert next(h for h in hits if h.help.startswith("Deal")).id == deal
    assert [h.help for h in search.search_text("pac rep")] == ["Follow-up · text"]  # every word, prefixes

    followups.update_follow_up(fu, title="Check budget")
    assert "Follow-up · text" not in [h.help for h in search.search_text("pacing")]
    with undo.recording("Deleted: Video bundle"):
        deal_moves.delete_deal(deal)
    assert "Deal · text" not in [h.help for h in search.search_text("pacing")]
    undo.undo_last()
    assert "Deal · text" in [h.help for h in search.search_text("pacing")]
    assert search.search_text('"pacing') and search.search_text("pa") == []  # quotes are text; 3 letters


def test_a_migrated_book_has_its_old_text_indexed(tmp_path, frozen_today):
    path = tmp_path / "old.db"
    db.open_book(path)
    acme = Client.create(name="Acme Corp", tier="A").id
    followups.add_follow_up(acme, title="Check pacing report", due_on=date(2026, 12, 1))
    db.close_book()
    make_version_1(path)
    db.open_book(path)
    try:
        assert [h.help for h in search.search_text("pacing")] == ["Follow-up · text"]
    finally:
        db.close_book()



def _titles(text: str) -> list[str]:
    return [h.title.split(" (Acme")[0] for h in search.search_text(text)]


def test_the_same_hits_in_the_same_order_on_either_engine(book_path):
    """Words are word prefixes, every one must be there, case and (Latin) accents don't
    matter, a word with punctuation inside is its words, and the latest record comes
    first (id * 4 + kind): FTS5 on SQLite, a tsvector on PostgreSQL, the same answers."""
    acme = Client.create(name="Acme Corp", tier="A").id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, tzinfo=UTC),
                       summary="O'Neil asked about the réunion")  # key 4
    for day, title in ((1, "Réunion budget café"), (2, "reunion BUDGET"), (3, "preunion budget")):
        followups.add_follow_up(acme, title=title, due_on=date(2026, 12, day))  # keys 5, 9, 13
    assert _titles("REUNION") == ["reunion BUDGET", "Réunion budget café",
                                  "O'Neil asked about the réunion"]
    assert _titles("reu budg") == ["reunion BUDGET", "Réunion budget café"]
    assert _titles("cafe") == _titles("CAFÉ") == ["Réunion budget café"]
    assert _titles("o'neil") == _titles("neil") == ["O'Neil asked about the réunion"]
    assert _titles("union") == [] and _titles("'''") == []
    assert _titles("budget") == ["preunion budget", "reunion BUDGET", "Réunion budget café"]
