"""Schema version 7: undo notes each row's version after its change.  A version 6 book,
file or server, is backed up and migrated on open with its undo list kept: the changes
noted before are put back as they were, and the changes made after are checked."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from amtui import db, models
from amtui.core import clients, deal_moves, stages, undo
from amtui.core import pipeline as pl
from amtui.core.errors import InvalidInput
from amtui.db import schema

pytestmark = pytest.mark.usefixtures("frozen_today")

FROZEN = "2026-11-27T15:30:45+00:00"
STAMP = "20261127-153045"


def _a_book_with_changes() -> int:
    """A client and a deal, each added as a change on the undo list; the deal's id."""
    with undo.recording("Client added: Acme Corp"):
        acme = clients.create_client("Acme Corp", tier="A")
    with undo.recording("Deal added: Seats"):
        return deal_moves.create_deal(acme, "Seats", Decimal("1200"))


def _check_upgraded(database, deal: int) -> None:
    assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 7
    assert undo.history() == ["Deal added: Seats", "Client added: Acme Corp"]
    # a change made now is checked: a write not on the list since stops its undo
    with undo.recording("Edit deal"):
        deal_moves.update_deal(deal, amount=Decimal("1500"))
    stages.update_stage(pl.deal(deal).stage, probability=44)
    with pytest.raises(InvalidInput, match=f"deal #{deal} was changed since"):
        undo.undo_last()
    # the ones noted before the upgrade are put back as they were
    assert undo.undo_last() == "Deal added: Seats"
    assert undo.undo_last() == "Client added: Acme Corp"
    assert models.Client.select().count() == 0


@pytest.mark.sqlite_only(reason="a book file's header, its backup beside it")
def test_a_version_6_file_is_backed_up_and_keeps_its_undo_list(tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    path = tmp_path / "book.db"
    db.open_book(path)
    deal = _a_book_with_changes()
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        con.execute("DROP INDEX undo_row_tbl_row")
        con.execute("ALTER TABLE undo_row DROP COLUMN after_version")
        con.execute("PRAGMA user_version = 6")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    try:
        database = db.open_book(path)
        _check_upgraded(database, deal)
    finally:
        db.close_book()
    [backup] = tmp_path.glob("book.db.v6-*.bak")
    assert backup.name == f"book.db.v6-{STAMP}.bak" and schema.check_book(backup) == 6


@pytest.mark.pg_only
def test_a_version_6_server_book_is_backed_up_and_migrated(pg_server, tmp_path, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    url = pg_server.fresh_empty()
    db.open_book(url)
    deal = _a_book_with_changes()
    db.close_book()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP INDEX undo_row_tbl_row")
        conn.execute("ALTER TABLE undo_row DROP COLUMN after_version")
        conn.execute("UPDATE amtui_meta SET value = '6' WHERE key = 'schema_version'")
    try:
        database = db.open_book(url)
        _check_upgraded(database, deal)
    finally:
        db.close_book()
        models.database.initialize(None)
    backups = list((tmp_path / "data").rglob("server-book.v6-*.db"))
    assert [b.name for b in backups] == [f"server-book.v6-{STAMP}.db"]
    assert schema.check_book(backups[0]) == 6


def test_the_migration_step_runs_twice_harmlessly(demo_book):
    database = models.database.obj
    with database.atomic():
        schema.MIGRATIONS[7](database)
        schema.MIGRATIONS[7](database)
    assert any(c.name == "after_version" for c in database.get_columns("undo_row"))
    assert "undo_row_tbl_row" in {i.name for i in database.get_indexes("undo_row")}
