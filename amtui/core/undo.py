"""Undo: ctrl+z puts back the last change the rep made, even after a restart.

A change is recorded by running its write inside `recording(label)`: triggers (made on this
connection, amtui/undo_schema.py; on a server book its own, amtui/pg_schema.py) note the
before-image of every row it inserts, updates or deletes, so any write in core is undoable
without undo code of its own.  `undo_last()` writes the
before-images back in reverse order, in one transaction.  The last KEEP changes are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager

from amtui import undo_schema
from amtui.core import clock, sql
from amtui.core.text import printable
from amtui.models import ALL_MODELS, Opportunity, UndoAction, UndoRow, database

KEEP = 50  # changes kept in the book; the issue asks for at least 20
# each table's key column, for putting a row back on a server book
_KEYS = {m._meta.table_name: m._meta.primary_key.column_name for m in ALL_MODELS}


@contextmanager
def recording(label: str) -> Iterator[None]:
    """Run a write as one undoable change called `label` ("Won: Acme renewal").

    One transaction: the write and its undo record commit together, or neither does.
    Nested recordings belong to the outermost change.
    """
    if _open_action() is not None:
        yield
        return
    if not sql.on_postgres():  # a server book's triggers are part of its schema
        _triggers_on_this_connection()
    with database.atomic():
        # a label names the rep's text (a command's argument may hold anything, even a NUL
        # PostgreSQL can't store): kept as it will be shown
        action = UndoAction.create(label=printable(label), open=1)
        sql.mark_recording(action.id)
        yield
        sql.mark_recording(None)
        UndoAction.update(open=0).where(UndoAction.id == action.id).execute()
        if not UndoRow.select().where(UndoRow.action == action.id).exists():
            action.delete_instance()  # nothing changed: nothing to undo
        _prune()


def _triggers_on_this_connection() -> None:
    # TEMP triggers live as long as the connection; ask it rather than remember it (a new
    # connection may reuse an old one's id)
    there = database.execute_sql(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo_%' LIMIT 1"
    ).fetchone()
    if there is None:
        undo_schema.create_triggers(database.obj)


def _open_action() -> int | None:
    row = UndoAction.select(UndoAction.id).where(UndoAction.open == 1).first()
    return row.id if row else None


def _prune() -> None:
    old = UndoAction.select(UndoAction.id).order_by(UndoAction.id.desc()).offset(KEEP)
    ids = [a.id for a in old]
    if ids:
        UndoRow.delete().where(UndoRow.action.in_(ids)).execute()
        UndoAction.delete().where(UndoAction.id.in_(ids)).execute()


def last_change() -> str | None:
    """What ctrl+z would undo, or None."""
    action = UndoAction.select().where(UndoAction.open == 0).order_by(UndoAction.id.desc()).first()
    return action.label if action else None


def history(limit: int = KEEP) -> list[str]:
    """The changes that can be undone, latest first."""
    query = UndoAction.select(UndoAction.label).where(UndoAction.open == 0)
    return [a.label for a in query.order_by(UndoAction.id.desc()).limit(limit)]


def undo_last() -> str | None:
    """Undo the latest change; returns its label, or None when there is nothing to undo."""
    with database.atomic():
        action = UndoAction.select().where(UndoAction.open == 0).order_by(UndoAction.id.desc()).first()
        if action is None:
            return None
        # a deleted client comes back before its contacts, whatever order the rows were noted in
        sql.defer_foreign_keys()
        rows = UndoRow.select().where(UndoRow.action == action.id).order_by(UndoRow.id.desc())
        deals = set()
        for row in rows:
            sql.put_back(row.tbl, _KEYS[row.tbl], row.row, row.kind,
                         json.loads(row.old) if row.old else None, row.old)
            if row.tbl == Opportunity._meta.table_name and row.kind != "insert":
                deals.add(row.row)
        if deals:  # put back, but written now: what changed since a snapshot goes by updated_at
            Opportunity.update(updated_at=clock.now()).where(Opportunity.id.in_(sorted(deals))).execute()
        UndoRow.delete().where(UndoRow.action == action.id).execute()
        action.delete_instance()
        return action.label
