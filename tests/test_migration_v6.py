"""Schema version 6 (issue 14): each client's last contact, stored.  A version 5 book,
file or server, is backed up and migrated on open with its records kept: the stored values
are worked out from the interactions already there, and the triggers keep them after."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from peewee import SqliteDatabase

from amtui import db, last_contacts, models
from amtui.core import client_list, interactions
from amtui.db import schema

pytestmark = pytest.mark.usefixtures("frozen_today")

FROZEN = "2026-11-27T15:30:45+00:00"
STAMP = "20261127-153045"


def _some_records() -> list:
    """A small demo book's records, and its client list (what the migration must keep)."""
    from amtui import demo

    demo.build_demo_book(clients=12, seed=3)
    return client_list.client_page(limit=100, include_archived=True)


def _stored_and_expected(execute) -> tuple[dict, dict]:
    stored = dict(execute("SELECT client_id, last_contact FROM client_contact").fetchall())
    expected = dict(execute(
        "SELECT client_id, MAX(happened_at) FROM interaction GROUP BY client_id").fetchall())
    return stored, expected


def _as_version_5(execute, triggers: list[str], on_postgres: bool = False) -> None:
    for name in triggers:
        execute(f"DROP TRIGGER {name} ON interaction" if on_postgres and "interaction" in name
                else f"DROP TRIGGER {name} ON client" if on_postgres
                else f"DROP TRIGGER {name}")
    execute(f"DROP TABLE {last_contacts.TABLE}")


def _check_upgraded(database, rows) -> None:
    """A book just upgraded from 5: every client's stored last contact is its latest
    interaction, the list reads as before, and the triggers keep it from now on."""
    assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 6
    stored, expected = _stored_and_expected(database.execute_sql)
    assert stored == expected and len(stored) >= 10
    assert client_list.client_page(limit=100, include_archived=True) == rows
    client = rows[0].id
    interactions.log_interaction(client, "After the upgrade", when=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    stored, expected = _stored_and_expected(database.execute_sql)
    assert stored == expected and stored[client] == "2026-11-27 09:00:00"


@pytest.mark.sqlite_only(reason="a book file's header, its backup beside it, sqlite_master")
def test_a_version_5_file_is_backed_up_and_gets_the_stored_last_contacts(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    path = tmp_path / "book.db"
    db.open_book(path)
    rows = _some_records()
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        _as_version_5(con.execute, list(last_contacts.SQLITE_TRIGGERS))
        con.execute("PRAGMA user_version = 5")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    try:
        database = db.open_book(path)
        _check_upgraded(database, rows)
    finally:
        db.close_book()
    [backup] = tmp_path.glob("book.db.v5-*.bak")
    assert backup.name == f"book.db.v5-{STAMP}.bak"
    assert schema.check_book(backup) == 5
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT 1 FROM sqlite_master WHERE name = 'client_contact'").fetchone() is None
    finally:
        con.close()


@pytest.mark.sqlite_only(reason="sqlite_master")
def test_a_new_file_and_a_migrated_one_have_the_same_triggers(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)

    def triggers(path) -> dict[str, str]:
        con = sqlite3.connect(path)
        try:
            return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name LIKE 'contact_%'").fetchall())
        finally:
            con.close()

    fresh = tmp_path / "fresh.db"
    db.open_book(fresh)
    db.close_book()
    old = tmp_path / "old.db"
    db.open_book(old)
    db.close_book()
    con = sqlite3.connect(old)
    with con:
        _as_version_5(con.execute, list(last_contacts.SQLITE_TRIGGERS))
        con.execute("PRAGMA user_version = 5")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    db.open_book(old)
    db.close_book()
    assert triggers(old) == triggers(fresh) and set(triggers(fresh)) == set(last_contacts.SQLITE_TRIGGERS)


def test_the_migration_step_runs_twice_harmlessly(demo_book):
    """A new book (file or server) already has the table and triggers: the step rebuilds
    the same values."""
    database = models.database.obj
    before = _stored_and_expected(database.execute_sql)
    with database.atomic():
        schema.MIGRATIONS[6](database)
        schema.MIGRATIONS[6](database)
    assert _stored_and_expected(database.execute_sql) == before
    assert before[0] == before[1]


@pytest.mark.pg_only
def test_a_version_5_server_book_is_backed_up_and_migrated(pg_server, tmp_path, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    url = pg_server.fresh_empty()
    db.open_book(url)
    rows = _some_records()
    db.close_book()
    with psycopg.connect(url, autocommit=True) as conn:
        _as_version_5(conn.execute, list(last_contacts.PG_TRIGGERS), on_postgres=True)
        conn.execute(f"DROP FUNCTION {last_contacts.PG_FUNCTION}")
        conn.execute("UPDATE amtui_meta SET value = '5' WHERE key = 'schema_version'")
    try:
        database = db.open_book(url)
        _check_upgraded(database, rows)
    finally:
        db.close_book()
        models.database.initialize(None)
    backups = list((tmp_path / "data").rglob("server-book.v5-*.db"))
    assert [b.name for b in backups] == [f"server-book.v5-{STAMP}.db"]
    assert schema.check_book(backups[0]) == 5


def test_a_book_at_6_without_the_table_gets_it_on_open(demo_book):
    """A SQLite copy of a server book written through the models alone (a migration's
    backup) has no table of stored last contacts: opening it makes and fills it."""
    database = models.database.obj
    on_file = isinstance(database, SqliteDatabase)
    with database.atomic():
        for name in last_contacts.trigger_names(database):
            table = "interaction" if "interaction" in name else "client"
            database.execute_sql(f"DROP TRIGGER {name}" if on_file else f"DROP TRIGGER {name} ON {table}")
        database.execute_sql(f"DROP TABLE {last_contacts.TABLE}")
    db.close_book()
    database = db.open_book(demo_book)
    stored, expected = _stored_and_expected(database.execute_sql)
    assert stored == expected and len(stored) > 10
    assert last_contacts.add_missing(database) is False
