"""Raw SQL rows are read by column name (amtui.models.rows): a reordered SELECT still fills
each field with its own column, and a missing or extra column fails at once."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

import pytest

from amtui.models import cursor_row, cursor_rows


class Pair(NamedTuple):
    id: int
    name: str


@pytest.fixture
def con():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [(1, "Acme"), (2, "Globex")])
    yield con
    con.close()


def test_a_reordered_select_fills_each_field_by_name(con):
    in_order = list(cursor_rows(con.execute("SELECT id, name FROM t ORDER BY id"), into=Pair))
    reordered = list(cursor_rows(con.execute("SELECT name, id FROM t ORDER BY id"), into=Pair))
    assert in_order == reordered == [Pair(1, "Acme"), Pair(2, "Globex")]


def test_a_missing_or_extra_column_is_refused_naming_both_sides(con):
    with pytest.raises(ValueError, match=r"Pair has fields \('id', 'name'\); the SELECT names \['id'\]"):
        list(cursor_rows(con.execute("SELECT id FROM t"), into=Pair))
    with pytest.raises(ValueError, match="Pair has fields"):
        list(cursor_rows(con.execute("SELECT id, name, 1 AS extra FROM t"), into=Pair))


def test_plain_rows_are_named_by_the_select(con):
    row = cursor_row(con.execute("SELECT COUNT(*) AS n, MAX(name) AS last FROM t"))
    assert (row.n, row.last) == (2, "Globex")
    assert [r.name for r in cursor_rows(con.execute("SELECT name FROM t ORDER BY id"), batch=1)] == [
        "Acme", "Globex"]
    assert cursor_row(con.execute("SELECT id FROM t WHERE id = 99")) is None


def test_one_column_is_read_as_its_values_and_two_are_refused(book_path):
    from amtui.models import Client, column_values

    ids = [Client.create(name=name, tier="B").id for name in ("Bolt", "Acme")]
    assert column_values(Client.select(Client.id).order_by(Client.name)) == ids[::-1]
    assert column_values(Client.select(Client.id).where(Client.id < 0)) == []
    with pytest.raises(ValueError, match=r"reads one column; the SELECT names \['id', 'name'\]"):
        column_values(Client.select(Client.id, Client.name))


def test_one_row_class_serves_every_query_of_the_same_columns(con):
    """The class is made once per column list (namedtuple's exec cost ~0.3 ms a query),
    and a different column list still gets its own names."""
    first = cursor_row(con.execute("SELECT id, name FROM t ORDER BY id"))
    again = cursor_row(con.execute("SELECT id, name FROM t ORDER BY id DESC"))
    other = cursor_row(con.execute("SELECT name AS label, id FROM t ORDER BY id"))
    assert type(first) is type(again)
    assert (first.id, again.id) == (1, 2)
    assert other._fields == ("label", "id") and other.label == "Acme"
