"""Copies of the book: `backup(source, dest)`, safe while the book is open."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from amtui import files
from amtui.core import clock
from amtui.db.errors import (
    NO_SPACE_ERRNOS,
    BookError,
    damaged_message,
    describe_storage_error,
    disk_nearly_full,
    missing_book_message,
    storage_error_kind,
)
from amtui.db.read_only import companions_present, read_only_uri, remove_stubs, uri, writable
from amtui.db.schema import check_book

# How long a backup waits for another program's write lock on the book: the same 5 s
# every command waits (db.PRAGMAS' busy_timeout).  sqlite3's Connection.backup retries
# SQLITE_BUSY forever on its own (a rollback-journal book held by a writer hung it).
BUSY_WAIT_SECONDS = 5.0


def stamp() -> str:
    """A backup's time in its name (`20261127-153000`, UTC), from core.clock: AMTUI_TODAY
    freezes it like every other "now"."""
    return clock.now().strftime("%Y%m%d-%H%M%S")


def backup(source: Path | str, dest: Path | str) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the book is open.

    Written to a temp file first, checked with PRAGMA quick_check, and only then moved
    into place, mode 0600 like the book: a damaged book is refused (BookError, the line
    every command gives on it) instead of becoming "the latest backup".  A book another
    program holds locked past the 5 s wait is "busy" (BookError code 3).
    """
    source, dest = Path(source), Path(dest)
    check_book(source)
    if not source.exists():
        raise BookError(missing_book_message(source))
    made = files.private_folder(dest.parent)
    # a random 0600 temp name (a planted symlink can't redirect it), linked into place
    # only if DEST still does not exist
    try:
        with files.temp_beside(dest, replace=False) as tmp:
            _copy_from(source, tmp)
    except BaseException as exc:
        files.remove_folders(made)  # a failed backup leaves nothing behind
        if isinstance(exc, BookError):
            raise
        # a full disk at DEST shows as "disk I/O error" from the backup API: say which disk
        full = isinstance(exc, sqlite3.Error) and (
            "full" in str(exc).lower() or disk_nearly_full(dest.parent / "x"))
        if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
            full = True
        if full:
            raise BookError(f"no space left on the disk holding {dest}; nothing was written",
                            code=3) from None
        if isinstance(exc, sqlite3.Error):  # busy, damaged, ... said of the book
            code, message = describe_storage_error(exc, source)
            raise BookError(message, code=code) from None
        raise
    return dest


def _copy_from(source: Path, tmp: Path) -> None:
    """Copy `source` into the empty file `tmp` and check the copy.

    A book on a full disk is still copied: its read-only connection can't create the
    -wal/-shm it wants ("disk I/O error"), so the stubs that attempt left are removed and
    the book is read through read_only_uri (immutable when no -wal holds data, which
    needs nothing beside it), as open_book reads it for a command on a full disk.
    """
    if not writable(source):
        _copy(read_only_uri(source), tmp, source)
        return
    beside = companions_present(source)
    try:
        # read-write though it only reads: a read-only (mode=ro) connection can't take
        # away at close the -wal and -shm it made, so every backup left them beside the book
        _copy(uri(source, "rw"), tmp, source)
    except sqlite3.OperationalError as exc:
        if storage_error_kind(exc, source) != "no space":
            raise
        remove_stubs(source, beside)
        tmp.write_bytes(b"")
        _copy(read_only_uri(source), tmp, source)


def _copy(source_uri: str, tmp: Path, source: Path) -> None:
    started = time.monotonic()

    def give_up_when_busy_too_long(status: int, remaining: int, total: int) -> None:
        # called after every step; raising aborts the backup (sqlite3 finishes it)
        if (status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
                and time.monotonic() - started >= BUSY_WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked")

    src = sqlite3.connect(source_uri, uri=True, timeout=BUSY_WAIT_SECONDS)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, progress=give_up_when_busy_too_long, sleep=0.1)
            # the copy is page for page: damage in the book is damage in the copy.  Checking
            # the copy (not the book) checks exactly what is kept, from pages just written
            # (in the page cache); about 1 s on a 20,000-client book of 315 MB.
            try:
                problems = [row[0] for row in dst.execute("PRAGMA quick_check(5)")]
            except sqlite3.DatabaseError as exc:
                if describe_storage_error(exc, source)[0] == 3:  # full, not damaged
                    raise
                problems = [str(exc)]
            if problems != ["ok"]:
                raise BookError(damaged_message(source, problems[0]))
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
