"""Schema version 5 (issue 14): the indexes that keep the client and deal lists flat at
20,000 clients.  A version 2, 3 or 4 book, file or server, is backed up and migrated on
open (doctor too) with its records kept, and ends with exactly the indexes a new book has."""

from __future__ import annotations

import sqlite3

import pytest
from peewee import PostgresqlDatabase

from amtui import db, indexes, models
from amtui.cli import main
from amtui.core import client_list
from amtui.db import schema

pytestmark = pytest.mark.usefixtures("frozen_today")

FROZEN = "2026-11-27T15:30:45+00:00"
STAMP = "20261127-153045"
TABLES = ("opportunity", "follow_up")
ADDED_IN_5 = {
    "opportunity_status_closed_on_amount_client_id": "opportunity (status, closed_on, amount, client_id)",
    "opportunity_status_close_on": "opportunity (status, close_on)",
    "opportunity_client_id_status_amount": "opportunity (client_id, status, amount)",
    "follow_up_done_at_due_on_client_id": "follow_up (done_at, due_on, client_id)",
    "opportunity_updated_at": "opportunity (updated_at)",
}
# the indexes these books had instead: the single columns and the bookings index
BEFORE_5 = {
    "opportunity_status": "opportunity (status)",
    "opportunity_client_id": "opportunity (client_id)",
    "follow_up_done_at": "follow_up (done_at)",
}
BOOKINGS = {4: ("opportunity_status_closed_on_amount", "opportunity (status, closed_on, amount)"),
            3: (indexes.OLD_BOOKINGS_INDEX, "opportunity (status, closed_on)"),
            2: (indexes.OLD_BOOKINGS_INDEX, "opportunity (status, closed_on)")}


def _as_version(execute, version: int) -> None:
    """The indexes of opportunity and follow-up as schema version `version` (2-4) had them."""
    for name in ADDED_IN_5:
        execute(f"DROP INDEX {name}")
    bookings, columns = BOOKINGS[version]
    for name, on in {**BEFORE_5, bookings: columns}.items():
        execute(f"CREATE INDEX {name} ON {on}")


def _index_sql(path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?)", TABLES))
    finally:
        con.close()


def _some_records() -> list:
    """A small demo book's records, and its client list (what the migration must keep)."""
    from amtui import demo

    demo.build_demo_book(clients=12, seed=3)
    return client_list.client_page(limit=100, include_archived=True)


@pytest.mark.sqlite_only(reason="a book file's header, its backup beside it, sqlite_master")
@pytest.mark.parametrize("version", [2, 3, 4])
def test_an_older_file_gets_exactly_a_new_books_indexes(tmp_path, monkeypatch, version):
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    fresh = tmp_path / "fresh.db"
    db.open_book(fresh)
    db.close_book()
    wanted = _index_sql(fresh)
    assert set(ADDED_IN_5) <= set(wanted) and not set(BEFORE_5) & set(wanted)

    path = tmp_path / "book.db"
    db.open_book(path)
    rows = _some_records()
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        _as_version(con.execute, version)
        if version == 2:  # no row versions yet (schema version 3 added them)
            for model in models.VERSIONED:
                table = model._meta.table_name
                con.execute(f"DROP TRIGGER version_{table}")
                con.execute(f'ALTER TABLE "{table}" DROP COLUMN version')
        con.execute(f"PRAGMA user_version = {version}")
    # into the file's header now: a change watcher may still hold the book open, and
    # opening reads the version from the header
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 5
        assert client_list.client_page(limit=100, include_archived=True) == rows
    finally:
        db.close_book()
    assert _index_sql(path) == wanted
    [backup] = tmp_path.glob(f"book.db.v{version}-*.bak")
    assert backup.name == f"book.db.v{version}-{STAMP}.bak"
    assert schema.check_book(backup) == version
    kept = _index_sql(backup)
    assert set(BEFORE_5) <= set(kept) and not set(ADDED_IN_5) & set(kept)


@pytest.mark.sqlite_only(reason="doctor on a book file")
def test_doctor_upgrades_a_version_4_book_and_says_its_version(tmp_path, monkeypatch, capsys):
    path = tmp_path / "book.db"
    db.open_book(path)
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        _as_version(con.execute, 4)
        con.execute("PRAGMA user_version = 4")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    assert main(["doctor", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    db.close_book()
    assert f"schema version: {schema.SCHEMA_VERSION}" in out and "integrity: ok" in out
    assert set(ADDED_IN_5) <= set(_index_sql(path))
    assert [b.name for b in tmp_path.glob("book.db.v4-*.bak")] == [f"book.db.v4-{STAMP}.bak"]


def test_the_migration_step_runs_twice_harmlessly(book_path):
    """A new book (file or server) already has the indexes: the step changes nothing."""
    database = models.database.obj
    with database.atomic():
        indexes.index_version_5(database)
        indexes.index_version_5(database)
    assert schema.schema_version(database) == schema.SCHEMA_VERSION


@pytest.mark.pg_only
def test_a_version_4_server_book_is_backed_up_and_migrated(pg_server, tmp_path, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    url = pg_server.fresh_empty()
    db.open_book(url)
    rows = _some_records()
    db.close_book()

    def names(conn) -> set[str]:
        return {name for (name,) in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('opportunity', 'follow_up')")}

    with psycopg.connect(url, autocommit=True) as conn:
        wanted = names(conn)
        assert set(ADDED_IN_5) <= wanted and not set(BEFORE_5) & wanted
        _as_version(conn.execute, 4)
        conn.execute("UPDATE amtui_meta SET value = '4' WHERE key = 'schema_version'")
    try:
        database = db.open_book(url)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION
        assert client_list.client_page(limit=100, include_archived=True) == rows
    finally:
        db.close_book()
        models.database.initialize(None)
    with psycopg.connect(url, autocommit=True) as conn:
        assert names(conn) == wanted
    backups = list((tmp_path / "data").rglob("server-book.v4-*.db"))
    assert [b.name for b in backups] == [f"server-book.v4-{STAMP}.db"]
    assert schema.check_book(backups[0]) == 4


def test_a_book_at_5_without_an_index_version_5_gained_later_gets_it_on_open(book_path):
    """opportunity (updated_at) joined version 5 before it shipped: a developer's book made
    at 5 before that gets it the next time it is opened (writable), and a book that has
    every index is only read."""
    database = models.database
    database.execute_sql("DROP INDEX opportunity_updated_at")
    db.close_book()
    database = db.open_book(book_path)
    assert schema.schema_version(database) == schema.SCHEMA_VERSION
    assert indexes.declared_names() <= _names(database)
    assert indexes.add_missing(database) is False


def _names(database) -> set[str]:
    if isinstance(database, PostgresqlDatabase):
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    return {name for (name,) in database.execute_sql(query).fetchall()}
