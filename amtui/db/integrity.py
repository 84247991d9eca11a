"""Is the book sound?  quick_check at open, a background check for big books, doctor's
full check.

PRAGMA quick_check reads every page: about 0.02 s for a 9 MB book, 0.26 s of CPU for a
78 MB one of 5,000 clients, 1.2 s for 315 MB of 20,000 (measured on this machine class).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from amtui.config import ServerURL
from amtui.db.errors import damaged_message, describe_storage_error
from amtui.db.location import is_server
from amtui.db.read_only import read_only_uri

# Books up to this size are checked at every open (well under 0.1 s); bigger ones by
# `amtui doctor`, by the TUI in a worker once Today's first load is on screen (see
# `needs_background_check`), and whenever SQLite itself trips over a damaged page
# (describe_storage_error turns that into one line).
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024


def needs_background_check(path: Path | str) -> bool:
    """True when the book is too big to quick_check at open (see QUICK_CHECK_MAX_BYTES):
    the TUI then runs `find_damage(path)` in a thread worker after Today's first load."""
    if isinstance(path, ServerURL):  # the server checks its own pages
        return False
    try:
        return Path(path).stat().st_size > QUICK_CHECK_MAX_BYTES
    except OSError:
        return False


def _findings(rows) -> list[str]:
    """The first column of a check PRAGMA's rows (by name: `PRAGMA quick_check` has one)."""
    return [finding for (finding,) in rows]


def quick_check(db: SqliteDatabase) -> list[str]:
    """PRAGMA quick_check's findings; an empty list when the book is sound."""
    try:
        rows = _findings(db.execute_sql("PRAGMA quick_check(5)").fetchall())
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        if describe_storage_error(exc)[0] == 3:  # busy or full is not damage
            raise
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def find_damage(path: Path | str) -> str | None:
    """One line for the rep when the book at `path` is damaged, else None.

    Opens its own read-only connection (safe from any thread, writes nothing): what the
    TUI's background check calls for a big book.
    """
    path = Path(path)
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True, timeout=5)
        try:
            rows = _findings(con.execute("PRAGMA quick_check(5)").fetchall())
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        code, message = describe_storage_error(exc, path)
        return None if code == 3 else message
    return None if rows == ["ok"] else damaged_message(path, rows[0])


def integrity_problems(db: SqliteDatabase) -> list[str]:
    """On a server book: none to run (the server keeps its own pages and enforces the
    constraints).  SQLite's quick and full integrity checks and the foreign-key check; an
    empty list means healthy.  quick_check (about 0.02 s on a 9 MB book) runs first so a
    badly damaged file is reported without the slower full check."""
    if is_server(db):
        return []
    try:
        quick = _findings(db.execute_sql("PRAGMA quick_check").fetchall())
        if quick != ["ok"]:
            return quick
        rows = _findings(db.execute_sql("PRAGMA integrity_check").fetchall())
        if rows != ["ok"]:
            return rows
        orphans = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        return [f"the file can't be read: {exc}"]
    return [f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in orphans]
