"""Copies of the book: `backup(source, dest)`, safe while the book is open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from amtui import files
from amtui.core import clock
from amtui.db.errors import NO_SPACE_ERRNOS, BookError, disk_nearly_full, missing_book_message
from amtui.db.read_only import read_only_uri, uri, writable
from amtui.db.schema import check_book


def stamp() -> str:
    """A backup's time in its name (`20261127-153000`, UTC), from core.clock: AMTUI_TODAY
    freezes it like every other "now"."""
    return clock.now().strftime("%Y%m%d-%H%M%S")


def backup(source: Path | str, dest: Path | str) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the book is open.

    Written to a temp file first and moved into place, mode 0600 like the book.
    """
    source, dest = Path(source), Path(dest)
    check_book(source)
    if not source.exists():
        raise BookError(missing_book_message(source))
    made = files.private_folder(dest.parent)
    source_uri = uri(source, "ro") if writable(source) else read_only_uri(source)
    # a random 0600 temp name (a planted symlink can't redirect it), linked into place
    # only if DEST still does not exist
    try:
        with files.temp_beside(dest, replace=False) as tmp:
            src = sqlite3.connect(source_uri, uri=True, timeout=5)
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except BaseException as exc:
        # a full disk at DEST shows as "disk I/O error" from the backup API: say which disk
        full = isinstance(exc, sqlite3.Error) and (
            "full" in str(exc).lower() or disk_nearly_full(dest.parent / "x"))
        files.remove_folders(made)  # a failed backup leaves nothing behind
        if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
            full = True
        if full:
            raise BookError(f"no space left on the disk holding {dest}; nothing was written",
                            code=3) from None
        raise
    return dest
