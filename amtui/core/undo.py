"""Undo: ctrl+z puts back the last change the rep made, even after a restart.

A change is recorded by running its write inside `recording(label)`: triggers (made on this
connection, amtui/undo_schema.py; on a server book its own, amtui/pg_schema.py) note the
before-image of every row it inserts, updates or deletes, so any write in core is undoable
without undo code of its own.  `undo_last()` writes the
before-images back in reverse order, in one transaction.  The last KEEP changes are kept.

Not every write is on the list (a few bulk writes, an older amtui, a second program): a
change notes the version each row it wrote has as it commits, and an undo that finds a
row at another version refuses rather than write the older image over that later write.

Where a change was made: the app and the shell each say where they make changes
(`made_in`), and a change's label ends with it (" · made in the shell"), since the undo
log has no column for it; an undo elsewhere then says so ("Undone (made in the shell):
..."), and an app window tells another window's changes from its own by the changes it
made and the last one on the list when it opened.  An older amtui shows the ending as
part of the label.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from peewee import fn

from amtui import undo_schema
from amtui.core import clock, sql
from amtui.core.errors import InvalidInput
from amtui.core.interactions import named_rows
from amtui.core.text import printable
from amtui.models import ALL_MODELS, VERSIONED, Opportunity, UndoAction, UndoRow, database

KEEP = 50  # changes kept in the book; the issue asks for at least 20
# a table as the rep calls its records
_NOUNS = {"opportunity": "deal", "follow_up": "follow-up", "service_issue": "issue"}
# each table's key column, for putting a row back on a server book
_KEYS = {m._meta.table_name: m._meta.primary_key.column_name for m in ALL_MODELS}
_VERSIONED = {m._meta.table_name for m in VERSIONED}

# where a change was made, as its label's ending says it: "app" or "shell"
_MADE_IN = {"app": " \u00b7 made in the app", "shell": " \u00b7 made in the shell"}
_PLACES = {"app": "the app", "shell": "the shell"}
_here: str | None = None  # where this process makes its changes (None: unsaid, as in tests)
_here_book = None  # the book it was said for: another book opened since is unsaid
_mine: set[int] = set()  # the changes this process made in it
_last_before: int | None = None  # the last change on the list when this process said where


class Change(NamedTuple):
    """A change on the undo list: its label, and where it was made when that was
    somewhere else than here ("the shell", "the app", "another window"), else None."""

    label: str
    made_in: str | None = None


def made_in(origin: str) -> None:
    """This process makes its changes in `origin` ("app" or "shell"), from now on, with
    the book just opened: its changes are marked so, and an undo says where a change it
    didn't make was made.  The app calls it once its book is open, the shell per command."""
    global _here, _here_book, _last_before
    _here, _here_book = origin, database.obj
    _mine.clear()
    _last_before = UndoAction.select(fn.MAX(UndoAction.id)).scalar() or 0


def _where_here() -> str | None:
    return _here if _here_book is not None and database.obj is _here_book else None


def _split(stored: str) -> tuple[str, str | None]:
    """A stored label as (the label, where it was made or None)."""
    for origin, ending in _MADE_IN.items():
        if stored.endswith(ending):
            return stored[:-len(ending)], origin
    return stored, None


def _change(action_id: int, stored: str) -> Change:
    label, origin = _split(stored)
    here = _where_here()
    if here is None or origin is None or action_id in _mine:
        return Change(label)
    if origin != here:
        return Change(label, _PLACES[origin])
    if here == "app" and _last_before is not None and action_id > _last_before:
        # not this window's, made since it opened: another window's (or, on a server
        # book, another machine's)
        return Change(label, "another window or machine" if sql.on_postgres() else "another window")
    return Change(label)


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
        action = UndoAction.create(label=_stored(label), open=1)
        sql.mark_recording(action.id)
        yield
        sql.mark_recording(None)
        UndoAction.update(open=0).where(UndoAction.id == action.id).execute()
        tables = _tables(action.id)
        if not tables:
            action.delete_instance()  # nothing changed: nothing to undo
        for table in _checked(tables):
            sql.note_after_versions(action.id, table)
        _prune()
    if tables and _where_here() is not None:  # committed: this process's own change
        _mine.add(action.id)


def name_change(label: str) -> None:
    """Name the change being recorded after what it saved, once it has saved it ("Client
    added: Acme Corp" as the book keeps the name, not as typed); nothing outside a change.
    Written in the change's own transaction: a save that fails after it leaves no name."""
    action_id = _open_action()
    if action_id is not None:
        UndoAction.update(label=_stored(label)).where(UndoAction.id == action_id).execute()


def _stored(label: str) -> str:
    # a label names the rep's text (a command's argument may hold anything, even a NUL
    # PostgreSQL can't store): kept as it will be shown, then where it was made
    return printable(label) + _MADE_IN.get(_where_here(), "")


def _triggers_on_this_connection() -> None:
    # TEMP triggers live as long as the connection; ask it rather than remember it (a new
    # connection may reuse an old one's id)
    there = database.execute_sql(
        "SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo_%' LIMIT 1"
    ).fetchone()
    if there is None:
        undo_schema.create_triggers(database.obj)


def _tables(action_id: int) -> list[str]:
    """The tables a change wrote rows of."""
    query = UndoRow.select(UndoRow.tbl).where(UndoRow.action == action_id).distinct()
    return [row.tbl for row in query]


def _checked(tables: list[str]) -> list[str]:
    """The tables whose rows an undo checks for later writes: those with row versions,
    their rows found by number (a server book's settings are keyed by name: not checked)."""
    return [t for t in tables if t in _VERSIONED and (_KEYS[t] == "id" or not sql.on_postgres())]


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
    return _split(action.label)[0] if action else None


def history(limit: int = KEEP) -> list[str]:
    """The changes that can be undone, latest first."""
    return [change.label for change in changes(limit)]


def changes(limit: int = KEEP) -> list[Change]:
    """The changes that can be undone, latest first, each with where it was made."""
    query = UndoAction.select(UndoAction.id, UndoAction.label).where(UndoAction.open == 0)
    return [_change(a.id, a.label) for a in query.order_by(UndoAction.id.desc()).limit(limit)]


def undo_last() -> str | None:
    """Undo the latest change; returns its label, or None when there is nothing to undo."""
    undone = undo_last_change()
    return undone.label if undone else None


def undo_last_change() -> Change | None:
    """Undo the latest change; returns it (with where it was made), or None when there is
    nothing to undo."""
    with database.atomic():
        action = UndoAction.select().where(UndoAction.open == 0).order_by(UndoAction.id.desc()).first()
        if action is None:
            return None
        # read raw (an import's change notes every row it added: 50,000 model objects
        # cost 1.5 s); latest first
        rows = list(named_rows(UndoRow.select(UndoRow.tbl, UndoRow.row, UndoRow.kind, UndoRow.old)
                               .where(UndoRow.action == action.id).order_by(UndoRow.id.desc())))
        taken = _taken(rows)
        changed = None if taken else _changed_since(action.id, rows)
        if taken is None and changed is None:
            undone = _change(action.id, action.label)
            _put_back(action, rows)
            _mine.discard(action.id)  # SQLite may give its number to the next change
            return undone
        if taken:
            # It can never be put back as it was, nor can the changes before it (their
            # rows name the number now held by another record: putting them back would
            # overwrite it).  They go off the list, committed, and the rep is told why.
            older = UndoAction.select(UndoAction.id).where(UndoAction.id <= action.id)
            UndoRow.delete().where(UndoRow.action.in_(older)).execute()
            UndoAction.delete().where(UndoAction.id <= action.id).execute()
        else:
            # Only this change goes: an earlier one that wrote the same row finds it changed
            # too and says so in its turn; one that didn't can still be undone.
            action.delete_instance()
    label = _split(action.label)[0]
    if taken:
        raise InvalidInput("undo", f"“{label}” can't be put back: its {taken} number "
                           "has since been given to a record added outside the undo list; it "
                           "and the changes before it are taken off the list")
    raise InvalidInput("undo", f"“{label}” can't be undone: {changed} was changed "
                       "since by a write that isn't on the undo list (another program's or an "
                       "older amtui's); it stays as it is, and the change is taken off the list")


def _changed_since(action_id: int, rows: list) -> str | None:
    """The record the change wrote that a write not on the list changed or deleted since
    ("deal #5"), or None."""
    for table in _checked(sorted({row.tbl for row in rows})):
        row = sql.changed_since(action_id, table)
        if row is not None:
            return f"{_noun(table)} #{row}"
    return None


def _noun(table: str) -> str:
    return _NOUNS.get(table, table.replace("_", " "))


def _taken(rows: list) -> str | None:
    """The table of a deleted row whose key another row holds now, or None."""
    inserted = {(row.tbl, row.row) for row in rows if row.kind == "insert"}
    for row in rows:
        if (row.kind == "delete" and (row.tbl, row.row) not in inserted
                and sql.row_taken(row.tbl, _KEYS[row.tbl], row.row,
                                  json.loads(row.old) if row.old else None)):
            return _noun(row.tbl)
    return None


def _put_back(action: UndoAction, rows: list) -> None:
    # a deleted client comes back before its contacts, whatever order the rows were noted in
    sql.defer_foreign_keys()
    deals = set()
    before: dict[str, dict[int, int]] = {}  # table -> row -> its version as the change found it
    for table, kind, run in _runs(rows):
        if kind == "insert" and len(run) > 1 and sql.delete_rows(table, _KEYS[table], [r.row for r in run]):
            continue  # rows the change added, gone together
        _put_back_rows(run, deals, before)
    if deals:  # put back, but written now: what changed since a snapshot goes by updated_at
        Opportunity.update(updated_at=clock.now()).where(Opportunity.id.in_(sorted(deals))).execute()
    for table in _checked(sorted(before)):
        sql.hand_on_versions(action.id, table, before[table])
    UndoRow.delete().where(UndoRow.action == action.id).execute()
    action.delete_instance()


def _runs(rows: list) -> Iterator[tuple[str, str, list]]:
    """The noted rows (latest first) as runs of one table and kind, in their order:
    (table, kind, rows).  A run of inserts can be deleted at once, as nothing between
    them touched that table."""
    for (table, kind), run in groupby(rows, key=attrgetter("tbl", "kind")):
        yield table, kind, list(run)


def _put_back_rows(rows: list, deals: set[int], before: dict[str, dict[int, int]]) -> None:
    """Put back noted rows one by one, latest first (the last image of a row is the one
    before the change), noting the deals and the versions `_put_back` hands on."""
    for row in rows:
        old = json.loads(row.old) if row.old else None
        sql.put_back(row.tbl, _KEYS[row.tbl], row.row, row.kind, old, row.old)
        if row.tbl == Opportunity._meta.table_name and row.kind != "insert":
            deals.add(row.row)
        if row.kind != "insert" and old and old.get("version") is not None:
            before.setdefault(row.tbl, {})[row.row] = old["version"]
