"""Schema version 3 (row versions, issue 18): a version 2 book, file or server, is backed
up and migrated on open with its records kept; a newer book is refused untouched."""

from __future__ import annotations

import sqlite3

import pytest

from amtui import db, models
from amtui.core import clients
from amtui.core.errors import ChangedElsewhere
from amtui.db import schema
from amtui.db.errors import BookError

pytestmark = pytest.mark.usefixtures("frozen_today")

# A backup is named by core.clock's now, so a frozen moment names it exactly
FROZEN = "2026-11-27T15:30:45+00:00"
STAMP = "20261127-153045"
NEWER = schema.SCHEMA_VERSION + 1  # a book from an amtui newer than this one


def _v2_sqlite(path) -> None:
    """A book as schema version 2 left it: no version columns, no version triggers."""
    db.open_book(path)
    acme = clients.create_client("Acme", phone="555-0100")
    clients.update_client(acme, notes="renewal in March")
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        for model in models.VERSIONED:
            table = model._meta.table_name
            con.execute(f"DROP TRIGGER version_{table}")
            con.execute(f'ALTER TABLE "{table}" DROP COLUMN version')
        con.execute("PRAGMA user_version = 2")
    con.close()


@pytest.mark.sqlite_only(reason="a book file's header and backup beside it")
def test_a_version_2_file_is_backed_up_and_migrated(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    _v2_sqlite(path)
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 3
        record = clients.get_client(clients.find_client("Acme").id)
        assert (record.phone, record.notes, record.version) == ("555-0100", "renewal in March", 1)
        clients.update_client(record.id, phone="555-0101")
        assert clients.get_client(record.id).version == 2
        with pytest.raises(ChangedElsewhere):
            clients.update_client(record.id, base=record, phone="555-0102")
    finally:
        db.close_book()
    backups = list(tmp_path.glob("book.db.v2-*.bak"))
    assert [b.name for b in backups] == [f"book.db.v2-{STAMP}.bak"]
    assert schema.check_book(backups[0]) == 2
    con = sqlite3.connect(backups[0])
    assert "version" not in [c[1] for c in con.execute("PRAGMA table_info(client)")]
    con.close()


@pytest.mark.sqlite_only(reason="a book file's header")
def test_a_newer_file_is_refused_untouched(tmp_path):
    path = tmp_path / "book.db"
    db.open_book(path)
    db.close_book()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {NEWER}")
    con.close()
    before = path.read_bytes()
    with pytest.raises(BookError, match=f"schema version {NEWER}, newer"):
        db.open_book(path)
    assert path.read_bytes() == before


@pytest.mark.pg_only
def test_a_version_2_server_book_is_backed_up_and_migrated(pg_server, tmp_path, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = pg_server.fresh_empty()
    db.open_book(url)
    acme = clients.create_client("Acme", phone="555-0100")
    db.close_book()
    with psycopg.connect(url, autocommit=True) as conn:
        for model in models.VERSIONED:
            table = model._meta.table_name
            conn.execute(f'DROP TRIGGER version_{table} ON "{table}"')
            conn.execute(f'ALTER TABLE "{table}" DROP COLUMN version')
        conn.execute("UPDATE amtui_meta SET value = '2' WHERE key = 'schema_version'")
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    try:
        database = db.open_book(url)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION
        record = clients.get_client(acme)
        assert (record.phone, record.version) == ("555-0100", 1)
        clients.update_client(acme, phone="555-0101")
        with pytest.raises(ChangedElsewhere):
            clients.update_client(acme, base=record, phone="555-0102")
    finally:
        db.close_book()
        models.database.initialize(None)
    backups = list((tmp_path / "data").rglob("server-book.v2-*.db"))
    assert [b.name for b in backups] == [f"server-book.v2-{STAMP}.db"]
    assert schema.check_book(backups[0]) == 2
    # the copy opens (and migrates) as a book of its own, with the record
    try:
        db.open_book(backups[0])
        assert clients.get_client(acme).phone == "555-0100"
    finally:
        db.close_book()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"UPDATE amtui_meta SET value = '{NEWER}' WHERE key = 'schema_version'")
    with pytest.raises(BookError, match="newer"):
        db.open_book(url)
    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SELECT value FROM amtui_meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(NEWER),)
    models.database.initialize(None)
