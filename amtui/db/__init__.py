"""Opening the book: checks before touching, pragmas, migrations, closing.

A file is only ever opened for writing once we know it is an amtui book of a version we
understand (schema.check_book reads its header without writing).  The package's modules,
one job each:
- location: a file path or a server URL, and which book is open now;
- schema: the schema version in the header, creating the tables, the migrations;
- read_only: opening a book whose file or folder can't be written (`is_read_only()`);
- errors: `BookError`, `StorageError`, and `describe_storage_error(exc)` -> (exit status,
  one line) telling busy / out of space / read-only / damaged apart for the TUI and CLI;
- integrity: quick_check at open, `needs_background_check(path)` / `find_damage(path)`
  for a book too big to check at open (tui/app.py runs it after Today's first load),
  doctor's `integrity_problems`;
- backups: `backup(source, dest)`, safe while the book is open.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import DatabaseError, OperationalError, SqliteDatabase

from amtui import files, indexes, last_contacts, models
from amtui.config import ServerURL
from amtui.db import backups, schema
from amtui.db.backups import backup
from amtui.db.book_file import BookFile
from amtui.db.errors import (
    NO_SPACE_ERRNOS,
    BookError,
    damaged_message,
    describe_storage_error,
    missing_book_message,
)
from amtui.db.integrity import needs_background_check, quick_check
from amtui.db.location import is_server, location_of, remember_current
from amtui.db.read_only import (
    READ_ONLY_PRAGMAS,
    companions_present,
    read_only_uri,
    remove_stubs,
    writable,
)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # a book of record: FULL costs ~0.3 ms a commit and survives power loss
    "synchronous": "full",
}


def _create_file(path: Path) -> list[Path]:
    """Create the book file 0600 (it holds client PII) inside a 0700 folder if new;
    returns the folders made (files.private_folder)."""
    try:
        made = files.private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename and str(exc.filename) != str(path) else ""
        raise BookError(f"cannot create {path}: {where}{exc.strerror or exc}",
                        code=3 if exc.errno in NO_SPACE_ERRNOS else 2) from None
    os.close(fd)
    return made


def make_database(path: Path, *, read_only: bool = False) -> SqliteDatabase:
    if read_only:
        database = SqliteDatabase(read_only_uri(path), uri=True, pragmas=READ_ONLY_PRAGMAS,
                                  timeout=5)
    else:
        # IMMEDIATE write transactions: two amtui windows (or the TUI and `amtui log`)
        # never hit "database is locked" mid-transaction, they wait for the busy timeout.
        # BookFile: never creates a missing book, never writes into a deleted one
        database = BookFile(path, pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    database.amtui_path = path
    database.amtui_read_only = read_only
    return database


def open_book(path: Path | str | ServerURL, *, create: bool = True, check: bool | None = None,
              read_only: bool | None = None,
              upgrading: Callable[[int], None] | None = None) -> SqliteDatabase:
    """Check, open, create or migrate the book at `path` (a file, or a postgresql:// URL:
    see _open_server_book) and bind the models to it.

    create: False for commands that only read; a missing book is then refused
        (`missing_book_message`) instead of created.
    check: run PRAGMA quick_check (None: when the file is small enough to be quick).
    read_only: None opens read-only when the file or its folder is not writable
        (`is_read_only()` tells the TUI); True always read-only (doctor).
    upgrading: told the book's schema version once its copy is made and a large book's
        migration starts (seconds: the shell says so rather than sit silent).
    Raises BookError (with its exit status in `.code`) and leaves the file untouched.
    """
    path = location_of(path)
    if isinstance(path, ServerURL):
        return _open_server_book(path, create=create)
    version = schema.check_book(path)
    created = not path.exists()
    made: list[Path] = []
    if created:
        if not create:
            raise BookError(missing_book_message(path))
        made = _create_file(path)
    close_book()  # one book at a time: let go of the one opened before, if any
    if read_only is None:
        read_only = not writable(path)
    if read_only and version < schema.SCHEMA_VERSION:
        raise BookError(
            f"{path} is read-only and " + ("empty; amtui can't create a book in it" if version == 0
                                           else f"needs an upgrade from schema version {version}; "
                                           "make it writable and open it again"))
    db = make_database(path, read_only=read_only)
    models.database.initialize(db)
    remember_current(path)
    beside = companions_present(path)
    try:
        db.connect(reuse_if_open=True)
        if version == 0:
            schema.create_schema(db)
        elif version < schema.SCHEMA_VERSION:
            migrate(db, path, version, upgrading)
        elif not read_only:
            indexes.add_missing(db)  # a version's index added before it shipped
            last_contacts.add_missing(db)  # a copy written through the models alone
        if check or (check is None and not needs_background_check(path)):
            problems = quick_check(db)
            if problems:
                raise BookError(damaged_message(path, problems[0]))
    except BookError:
        db.close()
        raise
    except (DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        db.close()
        code, message = describe_storage_error(exc, path)
        if code == 3 and "space" in message:
            remove_stubs(path, beside)  # the empty -wal and stub -shm the open left
        if code == 3 and not create and not read_only and "space" in message:
            # a command that only reads still works on a full disk: no -wal/-shm needed;
            # one that then writes is told "no space left", not "read-only"
            # (remember_current's full_disk)
            db = open_book(path, create=False, check=check, read_only=True)
            remember_current(path, full_disk=True)
            return db
        if created:  # e.g. the disk filled while writing the schema: leave nothing behind
            for leftover in (path, path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
            files.remove_folders(made)
        raise BookError(message, code=code) from None
    if created:
        db.amtui_new_book = _NewBook(made, db.connection(), _data_version(db))
    return db


@dataclass(frozen=True)
class _NewBook:
    """What open_book remembers of a book it created, for discard_new_book."""

    made: list[Path]  # the folders made for it
    connection: object  # the connection that created it
    data_version: int  # PRAGMA data_version on that connection just after


def _data_version(db: SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA data_version").fetchone()[0]


def discard_new_book(database: SqliteDatabase) -> bool:
    """Remove `database`, a book open_book created for this command, with the folders
    made for it, when the command failed or was a dry run (the CLI calls it then): a refused
    `amtui client add "" --db typo.db` leaves no new file behind.

    Why remove after, rather than create lazily: every command reads the book before it
    writes (finds the client, checks the name), so a book must exist to run it at all;
    removing the one just made when the command ends without keeping anything is one
    place for every command.  It is only removed when nobody else can have used it:
    our connection is still the one that created it and PRAGMA data_version says no other
    connection committed to it meanwhile, and no -wal or -shm is left once ours closes
    (SQLite removes them when the last connection closes, so none is open).  Whatever
    this command itself wrote was rolled back, or (demo's chunks into a new book) is
    half a demo book nobody asked to keep.  Returns whether the book was removed.
    """
    new = getattr(database, "amtui_new_book", None)
    if new is None:
        return False
    database.amtui_new_book = None
    path = database.amtui_path
    try:
        untouched = (not database.is_closed() and database.connection() is new.connection
                     and _data_version(database) == new.data_version)
        database.close()
    except (DatabaseError, sqlite3.Error):
        return False
    if not untouched or any(path.with_name(path.name + end).exists() for end in files.COMPANIONS):
        return False
    try:
        path.unlink()
    except OSError:
        return False
    files.remove_folders(new.made)
    return True


def _open_server_book(location: ServerURL, *, create: bool):
    from amtui import pgbook  # the server's schema and migrations: not a file book's start

    try:
        database = pgbook.make_database(location)
    except pgbook.ServerBookError as exc:
        raise BookError(str(exc)) from None
    close_book()
    models.database.initialize(database)
    remember_current(location)  # describe_storage_error names it (password masked)
    try:
        database.connect(reuse_if_open=True)
        version = pgbook.stored_version(database, location)
        pgbook.refuse_newer(version, location, schema.SCHEMA_VERSION)
        if version == 0:
            if not create:
                raise pgbook.ServerBookError(f"{location} holds no book yet; open it with amtui "
                                             "once to create one")
            pgbook.create_schema(database, location, schema.SCHEMA_VERSION)
        elif version < schema.SCHEMA_VERSION:
            pgbook.migrate(database, location, version, schema.SCHEMA_VERSION, schema.MIGRATIONS,
                           lambda: _backup_server_book(location, version))
        else:
            indexes.add_missing(database)  # a version's index added before it shipped
            last_contacts.add_missing(database)
        pgbook.add_undo_and_text(database)
    except pgbook.ServerBookError as exc:
        database.close()
        models.database.initialize(None)
        raise BookError(str(exc)) from None
    except OperationalError as exc:
        database.close()
        models.database.initialize(None)
        raise BookError(pgbook.connection_error(location, exc)) from None
    except DatabaseError as exc:
        database.close()
        models.database.initialize(None)
        raise BookError(f"{location} can't be opened as a book ({exc})") from None
    return database


def _backup_server_book(location: ServerURL, version: int) -> Path:
    """Before a migration: a SQLite copy of the server book in the user data dir.  It goes
    through today's models, so a migration that changes columns must check it still reads
    the old schema (none does yet: schema version 1 has no migrations)."""
    from amtui import bookrows
    from amtui.config import data_dir

    stamp = backups.stamp()
    dest = data_dir() / "backups" / f"server-book.v{version}-{stamp}.db"
    source = models.database.obj
    _create_file(dest)
    copy = make_database(dest)
    try:
        with copy.bind_ctx(models.ALL_MODELS):
            copy.create_tables(models.ALL_MODELS)
            schema.set_version(copy, version)
        bookrows.copy_rows(source, copy)
        schema.checkpoint(copy)
    finally:
        copy.close()
    return dest


def ids_written() -> None:
    """After rows were inserted with explicit ids (the demo book, a copy, a restore): on a
    server book, move each id sequence past the highest id, and take the planner's
    statistics anew (a bulk-written book has none until autovacuum gets to it, and the
    client list's page then took 60 ms instead of 5).  SQLite needs nothing."""
    database = models.database.obj
    if database is not None and is_server(database):
        from amtui import pgbook

        pgbook.reset_sequences(database)
        pgbook.analyze(database)


def close_book() -> None:
    """Close the calling thread's connection to the book (peewee keeps one per thread).

    Thread workers call it when they finish, so a worker's connection never outlives it.
    """
    db = models.database.obj
    if db is not None and not db.is_closed():
        db.close()


# a book file this large takes seconds to upgrade (the text index made again: ~9 s at 324 MB)
UPGRADE_SAID_FROM = 32 * 2**20


def migrate(db: SqliteDatabase, path: Path, from_version: int,
            upgrading: Callable[[int], None] | None = None) -> Path:
    """Back the book up beside itself, then run every migration in one transaction.
    `upgrading(from_version)` is told once the copy is made, for a large book only: a
    small one's upgrade is instant, and a refusal stays one line."""
    wanted = range(from_version + 1, schema.SCHEMA_VERSION + 1)
    missing = [v for v in wanted if v not in schema.MIGRATIONS]
    if missing:
        raise BookError(
            f"{path} is schema version {from_version} and this amtui has no migration to "
            f"version {missing[0]}; open it with the amtui version that wrote it"
        )
    stamp = backups.stamp()
    copy = path.with_name(f"{path.name}.v{from_version}-{stamp}.bak")
    backup(path, copy)
    if upgrading is not None and path.stat().st_size >= UPGRADE_SAID_FROM:
        upgrading(from_version)
    try:
        with db.atomic():
            for version in wanted:
                schema.MIGRATIONS[version](db)
            schema.set_version(db, schema.SCHEMA_VERSION)
    except Exception as exc:  # rolled back: the book is still at from_version
        raise BookError(
            f"{path}: upgrading from schema version {from_version} failed ({exc}); the book "
            f"is unchanged and a copy is at {copy}"
        ) from exc
    schema.checkpoint(db)
    return copy
