"""Schema version 4 (issue 14): bookings in a period are summed from a covering index on
opportunity (status, closed_on, amount), which replaces version 2's (status, closed_on);
version 5 adds the client to it (test_migration_v5.py).  A version 3 book, file or
server, is backed up and migrated on open with its deals kept."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from amtui import db, indexes, models
from amtui.core import bookings
from amtui.core.periods import Period
from amtui.db import schema
from amtui.models import Client, Opportunity, Stage

pytestmark = pytest.mark.usefixtures("frozen_today")

FROZEN = "2026-11-27T15:30:45+00:00"
STAMP = "20261127-153045"
NEW_INDEX = "opportunity_status_closed_on_amount_client_id"  # version 4's, with the client (5)
Q4 = Period("quarter", "2026-Q4", date(2026, 10, 1), date(2026, 12, 31))


def _won_deals() -> None:
    client = Client.create(name="Acme", name_key="acme")
    won = Stage.get(Stage.outcome == "won")
    for amount, day in ((Decimal("1200.50"), date(2026, 10, 3)), (Decimal("99.99"), date(2026, 12, 31)),
                        (Decimal("5000.00"), date(2026, 9, 30))):
        Opportunity.create(client=client, title=f"deal {amount}", kind="new", stage=won,
                           status="won", amount=amount, close_on=day, original_close_on=day,
                           forecast_category="closed", probability=100, closed_on=day)


def _as_version_3(execute) -> None:
    """The bookings index as versions 2 and 3 made it."""
    execute(f"DROP INDEX {NEW_INDEX}")
    execute(f"CREATE INDEX {indexes.OLD_BOOKINGS_INDEX} ON opportunity (status, closed_on)")


def _plan(database) -> str:
    query = Opportunity.select(Opportunity.amount).where(
        Opportunity.status == "won", Opportunity.closed_on.between(Q4.start, Q4.end))
    sql, params = query.sql()
    return " ".join(str(row) for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))


@pytest.mark.sqlite_only(reason="a book file's header, its backup beside it, sqlite_master")
def test_a_version_3_file_is_backed_up_and_migrated(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    db.open_book(path)
    _won_deals()
    db.close_book()
    con = sqlite3.connect(path)
    with con:
        _as_version_3(con.execute)
        con.execute("PRAGMA user_version = 3")
    con.close()
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION >= 4
        assert bookings.won_in(Q4) == Decimal("1300.49")
        assert f"COVERING INDEX {NEW_INDEX}" in _plan(database)
        names = {name for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'opportunity'")}
        assert NEW_INDEX in names and indexes.OLD_BOOKINGS_INDEX not in names
    finally:
        db.close_book()
    backups = list(tmp_path.glob("book.db.v3-*.bak"))
    assert [b.name for b in backups] == [f"book.db.v3-{STAMP}.bak"]
    assert schema.check_book(backups[0]) == 3
    con = sqlite3.connect(backups[0])
    kept = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert indexes.OLD_BOOKINGS_INDEX in kept and NEW_INDEX not in kept


@pytest.mark.sqlite_only(reason="reads the book file's sqlite_master")
def test_a_new_book_has_only_the_covering_index(book_path):
    db.close_book()
    con = sqlite3.connect(book_path)
    names = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    con.close()
    assert NEW_INDEX in names and indexes.OLD_BOOKINGS_INDEX not in names


@pytest.mark.pg_only
def test_a_version_3_server_book_is_backed_up_and_migrated(pg_server, tmp_path, monkeypatch):
    import psycopg

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = pg_server.fresh_empty()
    db.open_book(url)
    _won_deals()
    db.close_book()
    with psycopg.connect(url, autocommit=True) as conn:
        _as_version_3(conn.execute)
        conn.execute("UPDATE amtui_meta SET value = '3' WHERE key = 'schema_version'")
    monkeypatch.setenv("AMTUI_TODAY", FROZEN)
    try:
        database = db.open_book(url)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION
        assert bookings.won_in(Q4) == Decimal("1300.49")
    finally:
        db.close_book()
        models.database.initialize(None)
    with psycopg.connect(url, autocommit=True) as conn:
        names = {name for (name,) in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'opportunity'")}
    assert NEW_INDEX in names and indexes.OLD_BOOKINGS_INDEX not in names
    backups = list((tmp_path / "data").rglob("server-book.v3-*.db"))
    assert [b.name for b in backups] == [f"server-book.v3-{STAMP}.db"]
    assert schema.check_book(backups[0]) == 3
