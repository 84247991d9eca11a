"""Rows of SQL read by column name, not by position.

`cursor.fetchone()[0]` and `Row(*raw)` break silently when a SELECT gains or reorders a
column; these build each row as a named tuple whose fields are the column names the
SELECT gives (a foreign key's `client_id`, or `AS name`: name every computed column), on
SQLite and PostgreSQL alike.  Two columns of one name must be aliased: namedtuple
refuses duplicates.  (`core.interactions.named_rows` runs a peewee query through these.)

The rule for reading a row, everywhere in core, reports and importers:
- more than one column: by name (`named_rows`, peewee's `.namedtuples()` / `.dicts()`, or
  `cursor_rows(into=...)`), unless the SELECT's column list and its reading by position
  stand on one line, so that a reader sees both and reordering one means editing the
  other: `dict(Quota.select(Quota.period, Quota.amount).tuples())`.  A SELECT built from
  a NamedTuple of fields and read back through that NamedTuple (`pipeline._deal_columns()`)
  reads by name: one object gives both the order and the names;
- one column: `column_values` (or `for (x,) in ...`, `(x,) = ...fetchone()`): there is no
  order to get wrong, and a second column fails loudly;
- a long read's plain tuples (`cursor_tuples`, `core.interactions.unpacked_rows`),
  unpacked into named locals at once where the column names are given:
  `for client_id, n, oldest in unpacked_rows(query, "client_id", "n", "oldest")`.  The
  cursor's column names are checked against the names given (a SELECT that gains,
  loses or reorders a column fails at once), and no named tuple is made per row;
- never `row[0]`, `row[1]`: an index says nothing of the column it means.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any

from amtui.models.base import database


def row_type(cursor) -> type[tuple]:
    """A named tuple type for the cursor's columns."""
    return _row_type(tuple(column[0] for column in cursor.description))


@lru_cache(maxsize=256)
def _row_type(names: tuple[str, ...]) -> type[tuple]:
    # namedtuple builds its class by exec: about 0.3 ms, paid on every query of an export
    # (20-60 of them) before this cache; one class per distinct column list is enough
    return namedtuple("Row", names)


def maker(into: type[tuple], cursor) -> Callable[[tuple], Any]:
    """Build `into` (a NamedTuple) from the cursor's rows by column name: the SELECT names
    each of its fields once, in any order.  A missing or extra column raises ValueError
    at once rather than shifting a value into the wrong field; rows whose columns come
    in the fields' order cost no more than `into._make`."""
    names = [column[0] for column in cursor.description]
    if sorted(names) != sorted(into._fields):
        raise ValueError(f"{into.__name__} has fields {into._fields}; the SELECT names {names}")
    if tuple(names) == into._fields:
        return into._make
    order = [names.index(field) for field in into._fields]
    return lambda row: into._make([row[i] for i in order])


def cursor_rows(cursor, batch: int = 2000, into: type[tuple] | None = None) -> Iterator[Any]:
    """Every row left in the cursor, `batch` at a time (memory stays flat on a long read):
    named tuples of the SELECT's column names, or `into` built by name (see `maker`).
    A named tuple is made straight from the driver's tuple (tuple.__new__, a C call), not
    by its `_make`, a Python call a row checking a length the cursor already gives
    (`clients --json` at 20,000 clients: 2,915 -> 2,893 M instructions)."""
    make = partial(tuple.__new__, row_type(cursor)) if into is None else maker(into, cursor)
    while rows := cursor.fetchmany(batch):
        yield from map(make, rows)


def cursor_tuples(cursor, names: tuple[str, ...], batch: int = 2000) -> Iterator[tuple]:
    """Every row left in the cursor as the driver's plain tuple, for a caller that unpacks
    each into locals named `names` at once: the cursor's columns must be `names`, in that
    order (ValueError otherwise, before any row), so the unpacking cannot drift from the
    SELECT.  No named tuple per row: what a read of tens of thousands of rows saves."""
    found = tuple(column[0] for column in cursor.description)
    if found != tuple(names):
        raise ValueError(f"the SELECT names {list(found)}; the rows are unpacked as {list(names)}")
    while rows := cursor.fetchmany(batch):
        yield from rows


def cursor_row(cursor) -> Any | None:
    """The cursor's next row, or None when there is none."""
    row = cursor.fetchone()
    return None if row is None else row_type(cursor)._make(row)


def column_values(query) -> list:
    """The values of a one-column peewee SELECT, in its order, read raw (no converter per
    value: a 20,000-id list order costs one query and a list).  A SELECT of more columns
    raises ValueError rather than taking the first."""
    cursor = database.execute_sql(*query.sql())
    if len(cursor.description) != 1:
        names = [column[0] for column in cursor.description]
        raise ValueError(f"column_values reads one column; the SELECT names {names}")
    return [value for (value,) in cursor.fetchall()]
