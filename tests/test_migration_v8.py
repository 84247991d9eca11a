"""Schema version 8: the text index keyed by kind then record id, with prefix indexes, so
the palette reads each kind's newest matches straight from it.  A version 7 book (keys
id * 4 + kind, no prefix indexes) is backed up and its index made again on open: the old
text is found, and edits and new records after the upgrade keep it current."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from amtui import db, models, undo_schema
from amtui.core import deal_moves, followups, search
from amtui.db import schema
from amtui.models import Client, Interaction, ServiceIssue

pytestmark = pytest.mark.usefixtures("frozen_today")


def _version_7_text_index() -> list[str]:
    """The text index and triggers as schema versions 2-7 made them."""
    old = []
    for statement in undo_schema.text_index_sql():
        if "fts5vocab" in statement:
            continue
        statement = statement.replace(", prefix = '1 2 3 4'", "")
        statement = re.sub(r"(\d+) \+ (NEW\.|OLD\.|)id",
                           lambda m: f"{m[2]}id * 4 + {int(m[1]) // undo_schema.KIND_SPAN}", statement)
        old.append(statement)
    return old


def _kinds(text: str) -> list[str]:
    return sorted(h.help.split(" · ")[0] for h in search.search_text(text))


@pytest.mark.sqlite_only(reason="a book file's text index")
def test_a_version_7_book_has_its_text_index_made_again(tmp_path):
    path = tmp_path / "book.db"
    db.open_book(path)
    acme = Client.create(name="Acme Corp", tier="A").id
    fu = followups.add_follow_up(acme, title="Check pacing report", due_on=date(2026, 12, 1)).id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, tzinfo=UTC), summary="Talked pacing")
    ServiceIssue.create(client=acme, title="Ads stopped", description="pacing fell to zero")
    deal_moves.create_deal(acme, "Video bundle", Decimal("1000"), next_step="send the pacing plan")
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'text_%'").fetchall():
            con.execute(f"DROP TRIGGER {name}")
        con.execute("DROP TABLE book_words")
        con.execute("DROP TABLE book_text")
        for statement in _version_7_text_index():
            con.execute(statement)
        con.execute("PRAGMA user_version = 7")
    assert con.execute("SELECT max(rowid) FROM book_text").fetchone()[0] < 100  # the old keys
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 8
        assert _kinds("pacing") == _kinds("pac") == ["Deal", "Follow-up", "Interaction", "Service issue"]
        # the triggers write the new keys: an edit takes the old words out, a new record is found
        followups.update_follow_up(fu, title="Check budget")
        Interaction.create(client=acme, happened_at=datetime(2026, 11, 21, tzinfo=UTC), summary="Budget call")
        assert _kinds("pacing") == ["Deal", "Interaction", "Service issue"]
        assert _kinds("budget") == ["Follow-up", "Interaction"]
        keys = [k for (k,) in database.execute_sql("SELECT rowid FROM book_text")]
        assert all(k // undo_schema.KIND_SPAN in (0, 1, 2, 3) for k in keys) and max(keys) > 100
    finally:
        db.close_book()
    [backup] = tmp_path.glob("book.db.v7-*.bak")
    assert schema.check_book(backup) == 7


def test_the_migration_step_runs_twice_harmlessly(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    followups.add_follow_up(acme, title="Check pacing report", due_on=date(2026, 12, 1))
    database = models.database.obj
    with database.atomic():
        schema.MIGRATIONS[8](database)
        schema.MIGRATIONS[8](database)
    assert _kinds("pacing") == ["Follow-up"]


@pytest.mark.sqlite_only(reason="a book file's header")
def test_a_command_says_on_stderr_that_it_upgrades_and_its_output_stays_its_own(
        tmp_path, monkeypatch, capsys):
    """The upgrade of a career's book takes seconds: the shell says so once the copy is
    made, on stderr, so `clients --json` piped elsewhere still gets JSON alone; once
    upgraded, nothing is said.  A small book's upgrade is instant and says nothing."""
    import json

    from amtui.cli import main

    path = tmp_path / "book.db"
    db.open_book(path)
    Client.create(name="Acme Corp", tier="A")
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        con.execute("PRAGMA user_version = 7")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setattr(db, "UPGRADE_SAID_FROM", 0)  # a career's book, for the test
    assert main(["clients", "--json", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    db.close_book()
    assert err.startswith(f"amtui: upgrading the book from schema version 7 to {schema.SCHEMA_VERSION} ")
    assert [c["name"] for c in json.loads(out)] == ["Acme Corp"]
    assert main(["clients", "--json", "--db", str(path)]) == 0
    out, err = capsys.readouterr()
    db.close_book()
    assert err == "" and "Acme Corp" in out


@pytest.mark.sqlite_only(reason="a book file's header")
def test_a_small_books_upgrade_says_nothing(tmp_path, monkeypatch, capsys):
    from amtui.cli import main

    path = tmp_path / "book.db"
    db.open_book(path)
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        con.execute("PRAGMA user_version = 7")
    con.close()
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    assert main(["clients", "--db", str(path)]) == 0
    db.close_book()
    assert capsys.readouterr().err == ""
    assert schema.check_book(path) == schema.SCHEMA_VERSION
