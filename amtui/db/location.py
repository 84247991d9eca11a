"""Where the book lives: a file path or a PostgreSQL server, and which book is open now.

`open_book` records the location it opened, so a storage error raised later, far from
the code that opened the book, can still name it (see errors.describe_storage_error).
"""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from amtui.config import ServerURL, is_url

_current: Path | ServerURL | None = None
_full_disk = False  # the book opened last was opened read-only because its disk is full


def location_of(book: Path | str | ServerURL) -> Path | ServerURL:
    """A file path, or a ServerURL for a postgresql:// URL."""
    if isinstance(book, ServerURL):
        return book
    return ServerURL(book) if isinstance(book, str) and is_url(book) else Path(book)


def is_server(database) -> bool:
    """True when `database` (an open book) lives on a PostgreSQL server."""
    return not isinstance(database, SqliteDatabase)


def remember_current(location: Path | ServerURL, *, full_disk: bool = False) -> None:
    """Called by open_book: the book opened last is the one errors talk about.

    full_disk: it was opened read-only only because its disk is full, so a write that
    fails on it is "no space left", not "read-only" (errors.describe_storage_error)."""
    global _current, _full_disk
    _current = location
    _full_disk = full_disk


def read_only_for_space(location: Path | ServerURL | None) -> bool:
    """True when `location` is the book opened last, read-only because its disk is full."""
    return _full_disk and location is not None and location == _current


def current() -> Path | ServerURL | None:
    """The location of the book opened last (None before any)."""
    return _current
