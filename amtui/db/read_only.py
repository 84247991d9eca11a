"""Read-only books: a book whose file or folder can't be written still opens, for reading.

Its connection runs with query_only, so any write fails at once, and through a SQLite
URI that creates nothing beside the file; the TUI shows a banner and disables write keys.
"""

from __future__ import annotations

import os
from pathlib import Path

from amtui import models
from amtui.db.location import current, read_only_for_space

# A read-only book (file or folder not writable) is opened with these only: no journal
# mode change, nothing that writes; query_only makes any write fail at once.
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000, "query_only": 1}


def writable(path: Path) -> bool:
    """Can we write the book and create its -wal/-shm beside it?  (root: unless the file
    system is read-only or the file immutable, which access() reports too.)"""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def uri(path: Path, mode: str) -> str:
    """A SQLite URI for `path` (percent-encoded, so `?` or `#` in a name are safe)."""
    return f"{path.resolve().as_uri()}?mode={mode}"


def read_only_uri(path: Path) -> str:
    """mode=ro, plus immutable=1 when no -wal holds data: then SQLite creates no -wal or
    -shm either, so a read-only folder works and nothing is left behind."""
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    return uri(path, "ro") + ("" if pending else "&immutable=1")


def opened_for_full_disk() -> bool:
    """Whether the open book is read-only only because its disk is full (open_book lets a
    command that only reads go on there): a write is then refused as "no space left"."""
    return read_only_for_space(current())


def is_read_only() -> bool:
    """Whether the open book was opened read-only (its file or folder is not writable):
    the TUI shows a banner and disables write keys."""
    db = models.database.obj
    return bool(db is not None and getattr(db, "amtui_read_only", False))


# A working -shm is at least one 32 KiB region; a smaller one is the stub a failed open
# left (on a full disk, 3 bytes).
_SHM_REGION = 32 * 1024


def companions_present(path: Path) -> set[str]:
    """Which of the book's -wal / -shm exist now (before an open that may fail)."""
    return {end for end in ("-wal", "-shm") if path.with_name(path.name + end).exists()}


def remove_stubs(path: Path, present_before: set[str]) -> None:
    """After an open failed on a full disk: remove the empty -wal and the stub -shm it
    created (not there before, and too small for any connection to be using), so a
    command that only reads leaves nothing beside the book."""
    for end, too_small in (("-wal", 1), ("-shm", _SHM_REGION)):
        stub = path.with_name(path.name + end)
        try:
            if end not in present_before and stub.stat().st_size < too_small:
                stub.unlink()
        except OSError:
            pass
