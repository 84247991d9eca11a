"""The palette finds records by the words in their text: SQLite FTS5, kept current by
triggers (insert, edit, delete, undo) and filled for a book migrated from version 1."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from conftest import make_version_1

from amtui import db
from amtui.core import deal_moves, followups, search, sql, undo
from amtui.models import Client, Interaction, ServiceIssue, database


def _kinds(text: str) -> list[str]:
    return [h.help.split(" · ")[0] for h in search.search_text(text)]


def test_every_kind_of_text_is_found_and_follows_edits_and_deletes(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    fu = followups.add_follow_up(acme, title="Check pacing report", due_on=date(2026, 12, 1)).id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, tzinfo=UTC), summary="Talked about Pacing")
    ServiceIssue.create(client=acme, title="Ads stopped", description="pacing fell to zero")
    deal = deal_moves.create_deal(acme, "Video bundle", Decimal("1000"), close_on=date(2026, 12, 15),
                                  next_step="send the pacing plan")
    hits = search.search_text("pacing")
    assert sorted(h.help for h in hits) == ["Deal · closes Tue 15 Dec · $1,000", "Follow-up · due Tue 1 Dec",
                                            "Interaction · Fri 20 Nov", "Service issue · opened Fri 27 Nov"]
    assert all("Acme Corp" in h.title for h in hits)
    assert next(h for h in hits if h.help.startswith("Deal")).id == deal
    assert _kinds("pac rep") == ["Follow-up"]  # every word, prefixes

    followups.update_follow_up(fu, title="Check budget")
    assert "Follow-up" not in _kinds("pacing")
    with undo.recording("Deleted: Video bundle"):
        deal_moves.delete_deal(deal)
    assert "Deal" not in _kinds("pacing")
    undo.undo_last()
    assert "Deal" in _kinds("pacing")
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
        assert _kinds("pacing") == ["Follow-up"]
    finally:
        db.close_book()



def _titles(text: str) -> list[str]:
    return [h.title.split(" (Acme")[0] for h in search.search_text(text)]


def test_the_same_hits_in_the_same_order_on_either_engine(book_path):
    """Words are word prefixes, every one must be there, case and (Latin) accents don't
    matter, a word with punctuation inside is its words, and the words as typed come
    first, then the latest by the record's own date: FTS5 on SQLite, a tsvector on
    PostgreSQL, the same answers."""
    acme = Client.create(name="Acme Corp", tier="A").id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, tzinfo=UTC),
                       summary="O'Neil asked about the réunion")  # key 4
    for day, title in ((1, "Réunion budget café"), (2, "reunion BUDGET"), (3, "preunion budget")):
        followups.add_follow_up(acme, title=title, due_on=date(2026, 12, day))  # keys 5, 9, 13
    assert _titles("REUNION") == ["reunion BUDGET", "Réunion budget café",
                                  "O'Neil asked about the réunion"]
    assert _titles("reu budg") == ["reunion BUDGET", "Réunion budget café"]
    assert _titles("cafe") == _titles("CAFÉ") == ["Réunion budget café"]
    # accented, read as a prefix, not through the word list: the same records
    assert (sorted(h.help for h in search.search_text("réunion"))
            == sorted(h.help for h in search.search_text("REUNION")) != [])
    assert _titles("o'neil") == _titles("neil") == ["O'Neil asked about the réunion"]
    assert _titles("union") == [] and _titles("'''") == []
    assert _titles("budget") == ["preunion budget", "reunion BUDGET", "Réunion budget café"]


def test_a_new_follow_up_is_found_among_many_older_interactions(book_path, monkeypatch):
    """The audit: a follow-up "Confirm brand safety fix" was missing from `brand safety`,
    15 older interactions (written later) taking every place.  Now each kind found gets a
    fair share, the words as typed first, then newest first by the record's own date, each
    line saying its kind and date; 4 queries, whatever the book's size (and on SQLite one
    read of the index's word list for the words over 4 letters)."""
    acme = Client.create(name="Acme Corp", tier="A").id
    followups.add_follow_up(acme, title="Confirm brand safety fix", due_on=date(2026, 12, 10))
    for day in range(1, 21):  # Sun 1 Nov .. Fri 20 Nov
        Interaction.create(client=acme, happened_at=datetime(2026, 11, day, 15, tzinfo=UTC),
                           summary=f"Asked about brand safety, call {day}")
    deal_moves.create_deal(acme, "Brand review", Decimal("1000"), close_on=date(2026, 12, 20),
                           next_step="safety checklist")
    sent = []
    execute = database.obj.execute_sql
    monkeypatch.setattr(database.obj, "execute_sql",
                        lambda sql, *args, **kwargs: sent.append(sql) or execute(sql, *args, **kwargs))
    hits = search.search_text("brand  Safety")
    monkeypatch.undo()
    # one per kind, no query per hit, and the currency once for the deal's amount
    assert len(sent) == (5 if sql.on_postgres() else 6)
    # three kinds found: 15 // 3 = 5 each at first (1 follow-up, 1 deal, 5 interactions),
    # the 8 places left to the newest interactions left over: 13 interactions, Nov 20..8;
    # "brand safety" as typed in all but the deal, which comes last though the newest
    assert [(h.title.split(",")[0], h.help) for h in hits] == [
        ("Confirm brand safety fix (Acme Corp)", "Follow-up · due Thu 10 Dec"),
        *[("Asked about brand safety", f"Interaction · {d}")
          for d in ("Fri 20 Nov", "Thu 19 Nov", "Wed 18 Nov", "Tue 17 Nov", "Mon 16 Nov",
                    "Sun 15 Nov", "Sat 14 Nov", "Fri 13 Nov", "Thu 12 Nov", "Wed 11 Nov",
                    "Tue 10 Nov", "Mon 9 Nov", "Sun 8 Nov")],
        ("Brand review — safety checklist (Acme Corp)", "Deal · closes Sun 20 Dec · $1,000"),
    ]
    assert all(h.text for h in hits)
    # one word, in every record: a place for each kind, by date
    assert [h.help for h in search.search_text("brand", limit=3)] == [
        "Deal · closes Sun 20 Dec · $1,000", "Follow-up · due Thu 10 Dec", "Interaction · Fri 20 Nov"]


def test_a_search_reads_the_latest_written_matches_of_each_kind_only(book_path, monkeypatch):
    """"call" matches some 300,000 interactions of a 20,000-client book: ordering them all
    by date took 0.7 s a keystroke.  Each kind reads its TEXT_NEWEST latest written
    matches from the index, then orders those by date."""
    acme = Client.create(name="Acme Corp", tier="A").id
    for n in range(5):  # written in this order, dated the other way round
        Interaction.create(client=acme, happened_at=datetime(2026, 11, 20 - n, tzinfo=UTC), summary=f"Call {n}")
    monkeypatch.setattr(sql, "TEXT_NEWEST", 2)
    assert [h.title.split(" (")[0] for h in search.search_text("call")] == ["Call 3", "Call 4"]
    monkeypatch.setattr(sql, "TEXT_NEWEST", 200)
    assert len(search.search_text("call")) == 5


def _reads(monkeypatch, text: str) -> tuple[list[str], list[str]]:
    """The search's hits (help lines) and the statements it sent that read the text index."""
    sent: list[str] = []
    execute = database.obj.execute_sql
    monkeypatch.setattr(database.obj, "execute_sql",
                        lambda sql, *args, **kwargs: sent.append(sql) or execute(sql, *args, **kwargs))
    hits = [h.help for h in search.search_text(text)]
    monkeypatch.undo()
    return hits, [s for s in sent if "book_text" in s or "book_words" in s]


def test_a_search_reads_the_text_index_once_a_kind(book_path, monkeypatch):
    """Typing "call" in a 20,000-client book took 0.4 s a keystroke: each kind's query
    merged every word starting "call" over ~300,000 interactions.  Now a word of 1-4
    letters is read from its prefix index and each kind from its own range of keys, once;
    a longer word (SQLite) is the book's words it begins, read once for all the words."""
    acme = Client.create(name="Acme Corp", tier="A").id
    for n in range(3):
        Interaction.create(client=acme, happened_at=datetime(2026, 11, 20 + n, tzinfo=UTC),
                           summary=f"Call {n} about pacing, called back")
    followups.add_follow_up(acme, title="Call about the pacing", due_on=date(2026, 12, 1))
    words = 0 if sql.on_postgres() else 1  # the word list read, SQLite only
    hits, reads = _reads(monkeypatch, "call")
    assert len(reads) == 4 and hits[0] == "Follow-up · due Tue 1 Dec" and len(hits) == 4
    assert [len(_reads(monkeypatch, text)[1]) for text in ("cal pa", "call c")] == [4, 4]
    hits_now, reads = _reads(monkeypatch, "called pacing")
    assert len(reads) == words + 4 and len(hits_now) == 3
    hits, reads = _reads(monkeypatch, "calling")  # no word of the book begins so
    assert hits == [] and len(reads) == (4 if sql.on_postgres() else 1)  # SQLite: no kind read
    # a long word beginning too many of the book's words is read as a prefix: the same hits
    monkeypatch.setattr(sql, "MOST_WORDS", 0)
    assert _reads(monkeypatch, "called pacing")[0] == hits_now
