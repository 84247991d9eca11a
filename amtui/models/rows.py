"""Rows of hand-written SQL read by column name, not by position.

`cursor.fetchone()[0]` and `Row(*raw)` break silently when a SELECT gains or reorders a
column; these build each row as a named tuple whose fields are the column names the
SELECT gives (name every computed column with AS), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from typing import Any


def row_type(cursor) -> type[tuple]:
    """A named tuple type for the cursor's columns, named by the SELECT (`AS name`)."""
    return namedtuple("Row", [column[0] for column in cursor.description])


def named_rows(cursor) -> Iterator[Any]:
    """Every row left in the cursor, each a named tuple of the SELECT's column names."""
    make = row_type(cursor)._make
    while rows := cursor.fetchmany(500):
        yield from map(make, rows)


def named_row(cursor) -> Any | None:
    """The cursor's next row as a named tuple, or None when there is none."""
    row = cursor.fetchone()
    return None if row is None else row_type(cursor)._make(row)
