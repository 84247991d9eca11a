"""Schema versions 2 and 4: the indexes career-sized books need, on new books and migrated ones."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from amtui import db
from amtui.db import schema
from amtui.models import Opportunity

WANTED = {"opportunity_status_closed_on_amount", "follow_up_client_id_done_at_due_on"}


def _indexes(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()


@pytest.mark.sqlite_only(reason="reads the book file's sqlite_master")
def test_a_new_book_has_the_indexes(book_path):
    db.close_book()
    assert WANTED <= _indexes(book_path)
    assert schema.check_book(book_path) == schema.SCHEMA_VERSION >= 2


def test_a_version_1_book_gains_them_when_opened(tmp_path):
    path = tmp_path / "book.db"
    db.open_book(path)
    db.close_book()
    con = sqlite3.connect(path)
    for name in WANTED:  # as a book made before issue 14 was
        con.execute(f"DROP INDEX {name}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    try:
        database = db.open_book(path)
        assert schema.schema_version(database) == schema.SCHEMA_VERSION
        won = Opportunity.select().where(
            Opportunity.status == "won", Opportunity.closed_on.between(date(2026, 10, 1), date(2026, 12, 31))
        )
        sql, params = won.sql()
        plan = " ".join(str(row) for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "opportunity_status_closed_on_amount" in plan
    finally:
        db.close_book()
    assert WANTED <= _indexes(path)
    assert len(list(tmp_path.glob("book.db.v1-*.bak"))) == 1


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_client_list_seeks_each_client_through_its_own_index(book_path):
    """Every per-client column of the list is one index seek by client id, never a scan
    of an index led by another column (which made a 5,000-client list take 22 s)."""
    from amtui.core import client_list
    from amtui.models import Client, database

    query = client_list._columns(client_list._matching("", False)).order_by(Client.name_key)
    sql, params = query.sql()
    plan = [row[-1] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    # the lines after each CORRELATED SCALAR SUBQUERY: how that column is looked up
    lookups = [plan[i + 1] for i, line in enumerate(plan) if line.startswith("CORRELATED")]
    assert len(lookups) == 4, plan
    assert all("client_id=?" in line for line in lookups), plan
