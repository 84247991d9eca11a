"""A cheap token that changes whenever the book does, so a screen keeps what it shows
while the book is unchanged: returning to a section is a repaint, not a query.

    token = change_token()   # before reading (a write meanwhile then shows next time)
    ... read and show ...
    later: if change_token() == token: nothing to reload

On SQLite the token comes from `PRAGMA data_version` on a watcher connection of its
own.  data_version only moves for commits made by *other* connections, and every
connection amtui writes through (peewee's, one per thread) is another connection to
the watcher, so it sees our own writes, a second amtui window's and `amtui log` from a
shell alike; the pragma costs a few microseconds.  The token also holds the day
(figures such as "overdue" change at midnight with no write) and the file's identity
(a restored backup replaces the file under the same name).

A PostgreSQL book counts its writes itself: a trigger on every table bumps (once a commit) the
one row of `amtui_change` (amtui/pg_schema.py), read by a watcher connection of its own
in autocommit, so it sees what was committed by any process, ours included.  Anything
else (an in-memory or read-only file) gets a token that never repeats: screens simply
reload as they always did.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Hashable
from pathlib import Path
from typing import NamedTuple

from peewee import PostgresqlDatabase, SqliteDatabase

from amtui.core import clock
from amtui.models import database

_lock = threading.RLock()  # the watcher is shared by the UI thread and the workers


class _Watcher(NamedTuple):
    """A read-only connection kept open on one book to read its data_version."""

    path: str
    connection: sqlite3.Connection


class _ServerWatcher(NamedTuple):
    """An autocommit psycopg connection kept open on one server book to read its count."""

    database: str
    connection: object  # psycopg.Connection (psycopg is imported only for a server book)


_watcher: _Watcher | None = None
_server_watcher: _ServerWatcher | None = None


class _Never:
    """A token equal to nothing, not even itself: always reload."""

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return id(self)


def _file_of(db) -> str | None:
    if not isinstance(db, SqliteDatabase) or getattr(db, "amtui_read_only", False):
        # a read-only book is opened so that nothing is created beside it; a watcher
        # connection would make -wal and -shm files: always reload instead
        return None
    # db.open_book notes the file (a read-only book's database name is a file: URI)
    name = getattr(db, "amtui_path", None) or db.database
    if not name or str(name) == ":memory:" or str(name).startswith("file:"):
        return None
    return str(Path(name).resolve())


def _data_version(path: str) -> int:
    global _watcher
    if _watcher is None or _watcher.path != path:
        forget()
        # read-only, autocommit: the watcher never holds a read transaction open
        con = sqlite3.connect(
            f"{Path(path).as_uri()}?mode=ro", uri=True, isolation_level=None,
            check_same_thread=False,
        )
        _watcher = _Watcher(path, con)
    (version,) = _watcher.connection.execute("PRAGMA data_version").fetchone()
    return version


def change_token() -> Hashable:
    """Equal to an earlier token only if the book has not changed since (same day)."""
    if isinstance(database.obj, PostgresqlDatabase):
        return _server_token(database.obj)
    path = _file_of(database.obj)
    if path is None:
        return _Never()
    try:
        stat = os.stat(path)
        with _lock:
            version = _data_version(path)
    except (OSError, sqlite3.Error):
        return _Never()  # can't tell: reloading is always right
    return (path, stat.st_dev, stat.st_ino, version, clock.today())


def _server_token(db: PostgresqlDatabase) -> Hashable:
    global _server_watcher
    from psycopg.rows import namedtuple_row

    from amtui.pg_schema import CHANGE_TABLE

    try:
        with _lock:
            if _server_watcher is None or _server_watcher.database != db.database:
                forget()
                con = db._connect()  # a connection of its own, with the book's parameters
                con.autocommit = True
                con.row_factory = namedtuple_row  # rows read by column name
                _server_watcher = _ServerWatcher(db.database, con)
            row = _server_watcher.connection.execute(
                f"SELECT n AS writes, "
                f"(SELECT oid FROM pg_database WHERE datname = current_database()) AS book "
                f"FROM {CHANGE_TABLE} WHERE id = 1").fetchone()
    except Exception:  # noqa: BLE001  (psycopg's errors: can't tell, so reload)
        forget()
        return _Never()
    if row is None:
        return _Never()
    return (db.database, row.book, row.writes, clock.today())


def forget() -> None:
    """Close the watchers (the book was closed or another one opened)."""
    global _watcher, _server_watcher
    with _lock:
        if _watcher is not None:
            _watcher.connection.close()
            _watcher = None
        if _server_watcher is not None:
            try:
                _server_watcher.connection.close()
            except Exception:  # noqa: BLE001  (a connection the server already dropped)
                pass
            _server_watcher = None
