"""Opening the book: checks before touching, pragmas, schema version, migrations, backup.

A file is only ever opened for writing once we know it is an amtui book of a version we
understand.  The checks read the 100-byte SQLite header directly, so a refused file is
left byte-for-byte unchanged and nothing (-wal, -shm, backups) is created beside it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from peewee import DatabaseError, PeeweeException, SqliteDatabase

from amtui import models

SCHEMA_VERSION = 2
APPLICATION_ID = 0x616D7475  # "amtu": marks the file as ours in the SQLite header
SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # a book of record: FULL costs ~0.3 ms a commit and survives power loss
    "synchronous": "full",
}

# version N -> function that migrates a book from N-1 to N, run inside one transaction.
Migration = Callable[[SqliteDatabase], None]
MIGRATIONS: dict[int, Migration] = {
    2: lambda db: _undo_schema().migrate_to_2(db),  # the undo log (wt/keys)
}


def _undo_schema():
    from amtui import undo_schema

    return undo_schema


# What a read or write can raise past the busy timeout ("database is locked") or on a
# damaged file: screens catch this and say so instead of crashing.
StorageError = PeeweeException


class BookError(Exception):
    """The file can't be opened as a book; the message is one line for the rep."""


def read_header(path: Path) -> tuple[int, int] | None:
    """(application_id, user_version) from the SQLite header; None for a 0-byte file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except IsADirectoryError:
        raise BookError(f"{path} is a folder, not a book file; give a file path") from None
    except PermissionError:
        raise BookError(f"{path}: permission denied") from None
    if not head:
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise BookError(
            f"{path} is not an amtui book (not a SQLite database); "
            "choose another file with --db"
        )
    user_version = int.from_bytes(head[60:64], "big")
    application_id = int.from_bytes(head[68:72], "big")
    return application_id, user_version


def check_book(path: Path) -> int:
    """The schema version of an existing book (0 for a new or empty file), or BookError."""
    if not path.exists():
        return 0
    header = read_header(path)
    if header is None:
        return 0
    application_id, user_version = header
    if application_id != APPLICATION_ID:
        raise BookError(
            f"{path} is a SQLite database of another application, not an amtui book; "
            "choose another file with --db"
        )
    if user_version > SCHEMA_VERSION:
        raise BookError(
            f"{path} is an amtui book of schema version {user_version}, newer than this "
            f"amtui understands ({SCHEMA_VERSION}); upgrade amtui to open it"
        )
    return user_version


def _create_file(path: Path) -> None:
    """Create the book file 0600 (it holds client PII) inside a 0700 folder if new."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise BookError(f"cannot create {path}: {exc.strerror or exc}") from None
    os.close(fd)


def _uri(path: Path, mode: str) -> str:
    """A SQLite URI for `path` (percent-encoded, so `?` or `#` in a name are safe)."""
    return f"{path.resolve().as_uri()}?mode={mode}"


def make_database(path: Path) -> SqliteDatabase:
    # IMMEDIATE write transactions: two amtui windows (or the TUI and `amtui log`)
    # never hit "database is locked" mid-transaction, they wait for the busy timeout.
    return SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=5)


def open_book(path: Path | str, *, create: bool = True) -> SqliteDatabase:
    """Check, open, create or migrate the book at `path` and bind the models to it."""
    path = Path(path)
    version = check_book(path)
    if not path.exists():
        if not create:
            raise BookError(f"{path} does not exist; run `amtui` once or give --db")
        _create_file(path)
    close_book()  # one book at a time: let go of the one opened before, if any
    db = make_database(path)
    models.database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if version == 0:
            _create_schema(db)
        elif version < SCHEMA_VERSION:
            migrate(db, path, version)
    except BookError:
        db.close()
        raise
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise BookError(
            f"{path} can't be opened as a book ({exc}); check it with `amtui doctor` "
            "or restore a backup"
        ) from None
    return db


def close_book() -> None:
    """Close the calling thread's connection to the book (peewee keeps one per thread).

    Thread workers call it when they finish, so a worker's connection never outlives it.
    """
    db = models.database.obj
    if db is not None and not db.is_closed():
        db.close()


def _set_version(db: SqliteDatabase, version: int) -> None:
    db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute_sql(f"PRAGMA user_version = {version}")


def _checkpoint(db: SqliteDatabase) -> None:
    # Put the header (application_id, user_version) into the main file now, so a
    # second process reading only the header recognises the book.
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _create_schema(db: SqliteDatabase) -> None:
    with db.atomic():
        db.create_tables(models.ALL_MODELS)
        _undo_schema().create_all(db)
        models.seed_defaults()
        _set_version(db, SCHEMA_VERSION)
    _checkpoint(db)


def migrate(db: SqliteDatabase, path: Path, from_version: int) -> Path:
    """Back the book up beside itself, then run every migration in one transaction."""
    missing = [v for v in range(from_version + 1, SCHEMA_VERSION + 1) if v not in MIGRATIONS]
    if missing:
        raise BookError(
            f"{path} is schema version {from_version} and this amtui has no migration to "
            f"version {missing[0]}; open it with the amtui version that wrote it"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")
    backup(path, copy)
    try:
        with db.atomic():
            for version in range(from_version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](db)
            _set_version(db, SCHEMA_VERSION)
    except Exception as exc:  # rolled back: the book is still at from_version
        raise BookError(
            f"{path}: upgrading from schema version {from_version} failed ({exc}); the book "
            f"is unchanged and a copy is at {copy}"
        ) from exc
    _checkpoint(db)
    return copy


def backup(source: Path | str, dest: Path | str) -> Path:
    """A consistent copy through SQLite's online backup API, safe while the book is open.

    Written to a temp file first and moved into place, mode 0600 like the book.
    """
    source, dest = Path(source), Path(dest)
    check_book(source)
    if not source.exists():
        raise BookError(f"{source} does not exist")
    dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = dest.with_name(f".{dest.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    src = sqlite3.connect(_uri(source, "ro"), uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
    return dest


def integrity_problems(db: SqliteDatabase) -> list[str]:
    """SQLite's quick and full integrity checks and the foreign-key check; an empty list
    means healthy.  quick_check (about 0.02 s on a 9 MB book) runs first so a badly
    damaged file is reported without the slower full check."""
    try:
        quick = [r[0] for r in db.execute_sql("PRAGMA quick_check").fetchall()]
        if quick != ["ok"]:
            return quick
        rows = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return rows
        orphans = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        return [f"the file can't be read: {exc}"]
    return [f"{table} row {rowid} points at a missing {parent}" for table, rowid, parent, _ in orphans]


def schema_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]
