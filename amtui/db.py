"""Opening the book: checks before touching, pragmas, schema version, migrations, backup.

A file is only ever opened for writing once we know it is an amtui book of a version we
understand.  The checks read the 100-byte SQLite header directly, so a refused file is
left byte-for-byte unchanged and nothing (-wal, -shm, backups) is created beside it.

For the TUI and the CLI alike:
- `describe_storage_error(exc)` -> (exit status, one line): busy / out of space /
  read-only / damaged told apart in one place; catch `StorageError` (and sqlite3.Error)
  and show the line ("the book … is busy: another amtui is writing to it; …").
- `is_read_only()`: the open book was opened read-only (file or folder not writable).
- `needs_background_check(path)` / `find_damage(path)`: a book too big to quick_check at
  open is checked off the event loop after the first paint (tui/app.py does this).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from peewee import DatabaseError, OperationalError, PeeweeException, SqliteDatabase

from amtui import bookrows, files, indexes, models, pgbook
from amtui.config import ServerURL, is_url

SCHEMA_VERSION = 3
APPLICATION_ID = 0x616D7475  # "amtu": marks the file as ours in the SQLite header
SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # a book of record: FULL costs ~0.3 ms a commit and survives power loss
    "synchronous": "full",
}

# A read-only book (file or folder not writable) is opened with these only: no journal
# mode change, nothing that writes; query_only makes any write fail at once.
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000, "query_only": 1}

# PRAGMA quick_check reads every page: about 0.02 s for a 9 MB book, 0.2 s for a
# 70 MB one of 5,000 clients (measured on this machine class).  Books up to this size are
# checked at every open (well under 0.1 s); bigger ones by `amtui doctor`, by the TUI in
# a worker after its first paint (see `needs_background_check`), and whenever SQLite
# itself trips over a damaged page (describe_storage_error turns that into one line).
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024

# version N -> function that migrates a book from N-1 to N, run inside one transaction.
Migration = Callable[[SqliteDatabase], None]


def _to_v2(db: SqliteDatabase) -> None:
    """Version 2 (one release, several parts): the undo log and text index, the indexes
    for career-sized books, the daily forecast snapshots."""
    from amtui import undo_schema

    undo_schema.migrate_to_2(db)
    indexes.add_indexes(db)
    models.add_snapshot_tables(db)


def _to_v3(db: SqliteDatabase) -> None:
    """Version 3: row versions, so two machines never overwrite each other (issue 18)."""
    from amtui import row_versions

    row_versions.migrate_to_3(db)


MIGRATIONS: dict[int, Migration] = {2: _to_v2, 3: _to_v3}


# What a read or write can raise past the busy timeout ("database is locked") or on a
# damaged file: screens catch this and say so instead of crashing.
StorageError = PeeweeException


class BookError(Exception):
    """The file can't be opened as a book; the message is one line for the rep.

    `code` is the CLI exit status: 2 unusable book (missing, damaged, foreign, newer,
    read-only where a write is needed), 3 busy or out of space.
    """

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def missing_book_message(path: Path) -> str:
    return (f"no book at {path} (amtui creates one when you open the app, run amtui demo, "
            "or add the first record)")


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
        files.private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename and str(exc.filename) != str(path) else ""
        raise BookError(f"cannot create {path}: {where}{exc.strerror or exc}",
                        code=3 if exc.errno in NO_SPACE_ERRNOS else 2) from None
    os.close(fd)


def _writable(path: Path) -> bool:
    """Can we write the book and create its -wal/-shm beside it?  (root: unless the file
    system is read-only or the file immutable, which access() reports too.)"""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def _uri(path: Path, mode: str) -> str:
    """A SQLite URI for `path` (percent-encoded, so `?` or `#` in a name are safe)."""
    return f"{path.resolve().as_uri()}?mode={mode}"


def _read_only_uri(path: Path) -> str:
    """mode=ro, plus immutable=1 when no -wal holds data: then SQLite creates no -wal or
    -shm either, so a read-only folder works and nothing is left behind."""
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    return _uri(path, "ro") + ("" if pending else "&immutable=1")


def make_database(path: Path, *, read_only: bool = False) -> SqliteDatabase:
    if read_only:
        database = SqliteDatabase(_read_only_uri(path), uri=True, pragmas=READ_ONLY_PRAGMAS,
                                  timeout=5)
    else:
        # IMMEDIATE write transactions: two amtui windows (or the TUI and `amtui log`)
        # never hit "database is locked" mid-transaction, they wait for the busy timeout.
        database = SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    database.amtui_path = path
    database.amtui_read_only = read_only
    return database


def location_of(book: Path | str | ServerURL) -> Path | ServerURL:
    """A file path, or a ServerURL for a postgresql:// URL."""
    if isinstance(book, ServerURL):
        return book
    return ServerURL(book) if isinstance(book, str) and is_url(book) else Path(book)


def is_server(database) -> bool:
    """True when `database` (an open book) lives on a PostgreSQL server."""
    return not isinstance(database, SqliteDatabase)


def open_book(path: Path | str | ServerURL, *, create: bool = True, check: bool | None = None,
              read_only: bool | None = None) -> SqliteDatabase:
    """Check, open, create or migrate the book at `path` (a file, or a postgresql:// URL:
    see _open_server_book) and bind the models to it.

    create: False for commands that only read; a missing book is then refused
        (`missing_book_message`) instead of created.
    check: run PRAGMA quick_check (None: when the file is small enough to be quick).
    read_only: None opens read-only when the file or its folder is not writable
        (`is_read_only()` tells the TUI); True always read-only (doctor).
    Raises BookError (with its exit status in `.code`) and leaves the file untouched.
    """
    path = location_of(path)
    if isinstance(path, ServerURL):
        return _open_server_book(path, create=create)
    version = check_book(path)
    created = not path.exists()
    if created:
        if not create:
            raise BookError(missing_book_message(path))
        _create_file(path)
    close_book()  # one book at a time: let go of the one opened before, if any
    if read_only is None:
        read_only = not _writable(path)
    if read_only and version < SCHEMA_VERSION:
        raise BookError(
            f"{path} is read-only and " + ("empty; amtui can't create a book in it" if version == 0
                                           else f"needs an upgrade from schema version {version}; "
                                           "make it writable and open it again"))
    db = make_database(path, read_only=read_only)
    models.database.initialize(db)
    global _current_path
    _current_path = path
    try:
        db.connect(reuse_if_open=True)
        if version == 0:
            _create_schema(db)
        elif version < SCHEMA_VERSION:
            migrate(db, path, version)
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
        if code == 3 and not create and not read_only and "space" in message:
            # a command that only reads still works on a full disk: no -wal/-shm needed
            return open_book(path, create=False, check=check, read_only=True)
        if created:  # e.g. the disk filled while writing the schema: leave nothing behind
            for leftover in (path, path.with_name(path.name + "-wal"),
                             path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise BookError(message, code=code) from None
    return db


def needs_background_check(path: Path | str) -> bool:
    """True when the book is too big to quick_check at open (see QUICK_CHECK_MAX_BYTES):
    the TUI then runs `find_damage(path)` in a thread worker after its first paint."""
    if isinstance(path, ServerURL):  # the server checks its own pages
        return False
    try:
        return Path(path).stat().st_size > QUICK_CHECK_MAX_BYTES
    except OSError:
        return False


def quick_check(db: SqliteDatabase) -> list[str]:
    """PRAGMA quick_check's findings; an empty list when the book is sound."""
    try:
        rows = [r[0] for r in db.execute_sql("PRAGMA quick_check(5)").fetchall()]
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
        con = sqlite3.connect(_read_only_uri(path), uri=True, timeout=5)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check(5)").fetchall()]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        code, message = describe_storage_error(exc, path)
        return None if code == 3 else message
    return None if rows == ["ok"] else damaged_message(path, rows[0])


def latest_backup(path: Path) -> Path | None:
    """The newest copy in backups/ beside the book (where `amtui backup` puts them)."""
    if not isinstance(path, Path):  # a server book: its copies are where the rep put them
        return None
    folder = path.parent / "backups"
    try:
        copies = sorted(folder.glob(f"{path.stem}-*.db"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return None
    return copies[-1] if copies else None


def damaged_message(path: Path | None, detail: str) -> str:
    """The one line for a damaged book: what SQLite found, then what to do."""
    backup_copy = latest_backup(path) if path is not None else None
    restore = (f"restore the latest backup ({backup_copy})" if backup_copy
               else "restore your latest backup")
    doctor = f"amtui doctor --db {path}" if path is not None else "amtui doctor"
    the_book = f"the book {path}" if path is not None else "the book"
    return (f"{the_book} is damaged ({' '.join(str(detail).split())[:120]}); "
            f"run `{doctor}` and {restore}")


def is_read_only() -> bool:
    """Whether the open book was opened read-only (its file or folder is not writable):
    the TUI shows a banner and disables write keys."""
    db = models.database.obj
    return bool(db is not None and getattr(db, "amtui_read_only", False))


# --- one line for every storage failure ---------------------------------------------------
_current_path: Path | ServerURL | None = None

NO_SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


def _chain(exc: BaseException):
    """The exception and those it hides (peewee wraps sqlite3's; a failed rollback raised
    inside `atomic()` hides the error that caused the rollback)."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        yield exc
        for arg in getattr(exc, "args", ())[:1]:
            if isinstance(arg, BaseException) and arg not in seen:
                yield arg
        exc = exc.__cause__ or exc.__context__


def _disk_nearly_full(path: Path | None) -> bool:
    if path is not None and not isinstance(path, Path):  # a server book: not our disk
        return False
    try:
        stats = os.statvfs((path or Path(".")).resolve().parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 1024 * 1024


def describe_storage_error(exc: BaseException, path: Path | str | None = None) -> tuple[int, str]:
    """(exit status, one line for the rep) for an error raised while using the book.

    The one place that tells busy, out of space, read-only and damaged apart, for the CLI
    (amtui.cli.main) and the TUI alike (screens' workers, form saves):
      3 busy: another amtui holds the write lock past the 5 s busy timeout
      3 out of space: "database or disk is full", ENOSPC/EDQUOT (a disk I/O error when
        the disk holding the book has under 1 MiB free counts as this too)
      2 read-only: "attempt to write a readonly database", EACCES/EPERM/EROFS
      2 damaged: "database disk image is malformed", "file is not a database"
      2 anything else from SQLite (the message says what it was)
    Messages about a failed write say that nothing was changed (the transaction rolled
    back).  A failed rollback never hides the real error: the chain is searched for it.
    """
    book = location_of(path) if path is not None else _current_path
    name = str(book) if book is not None else ""
    the_book = f"the book {name}" if name else "the book"
    kind, texts, oserror = _classify(exc, book)
    first = texts[0] if texts else str(exc)
    if kind == "no space":
        where = (oserror.filename if oserror is not None else None) or name or "the book"
        return 3, f"no space left on the disk holding {where}; nothing was changed"
    if kind == "busy":
        return 3, (f"{the_book} is busy: another amtui is writing to it; nothing was "
                   "changed, try again in a moment")
    if kind == "read-only":
        if oserror is not None:
            return 2, f"{the_book} can't be written ({oserror.strerror}); nothing was changed"
        return 2, (f"{the_book} is read-only (its file or folder can't be written); "
                   "nothing was changed")
    if kind == "damaged":
        return 2, damaged_message(book, first)
    if "unable to open" in " | ".join(texts):
        return 2, f"can't open {the_book} ({first})"
    return 2, (f"{the_book} can't be used ({first}); check it with `amtui doctor` "
               "or restore a backup")


def storage_error_kind(exc: BaseException) -> str:
    """busy | no space | read-only | damaged | other: what went wrong with the book, for
    callers that word it their own way (the TUI's form and key messages)."""
    return _classify(exc, _current_path)[0]


def _classify(exc: BaseException, book) -> tuple[str, list[str], OSError | None]:
    """(kind, the chain's messages, the OSError that decided it if any): the one place that
    tells busy, out of space, read-only and damaged apart."""
    texts = []
    for err in _chain(exc):
        text = str(err).lower()
        if "rollback" in text and "no transaction is active" in text:
            continue  # the symptom of the real error further down the chain
        if isinstance(err, OSError) and err.errno in NO_SPACE_ERRNOS:
            return "no space", [text], err
        texts.append(text)
    joined = " | ".join(texts)
    if "database is locked" in joined or "database table is locked" in joined:
        return "busy", texts, None
    if "disk is full" in joined or "no space" in joined or (
            "disk i/o error" in joined and _disk_nearly_full(book)):
        return "no space", texts, None
    if "readonly" in joined or "read-only" in joined:
        return "read-only", texts, None
    for err in _chain(exc):
        if isinstance(err, OSError) and err.errno in _NOT_ALLOWED:
            return "read-only", texts, err
    if "malformed" in joined or "not a database" in joined or "corrupt" in joined:
        return "damaged", texts, None
    return "other", texts, None


def _open_server_book(location: ServerURL, *, create: bool):
    try:
        database = pgbook.make_database(location)
    except pgbook.ServerBookError as exc:
        raise BookError(str(exc)) from None
    close_book()
    models.database.initialize(database)
    global _current_path
    _current_path = location  # describe_storage_error names it (password masked)
    try:
        database.connect(reuse_if_open=True)
        version = pgbook.stored_version(database, location)
        pgbook.refuse_newer(version, location, SCHEMA_VERSION)
        if version == 0:
            if not create:
                raise pgbook.ServerBookError(f"{location} holds no book yet; open it with amtui "
                                             "once to create one")
            pgbook.create_schema(database, location, SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            pgbook.migrate(database, location, version, SCHEMA_VERSION, MIGRATIONS,
                           lambda: _backup_server_book(location, version))
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
    from amtui.config import data_dir

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    dest = data_dir() / "backups" / f"server-book.v{version}-{stamp}.db"
    source = models.database.obj
    _create_file(dest)
    copy = make_database(dest)
    try:
        with copy.bind_ctx(models.ALL_MODELS):
            copy.create_tables(models.ALL_MODELS)
            _set_version(copy, version)
        bookrows.copy_rows(source, copy)
        _checkpoint(copy)
    finally:
        copy.close()
    return dest


def ids_written() -> None:
    """After rows were inserted with explicit ids (the demo book, a copy): on a server
    book, move each id sequence past the highest id.  SQLite needs nothing."""
    database = models.database.obj
    if database is not None and is_server(database):
        pgbook.reset_sequences(database)


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
        from amtui import undo_schema  # its FTS triggers only matter once a book is made

        undo_schema.create_all(db)
        from amtui import row_versions

        row_versions.create_triggers(db)
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
        raise BookError(missing_book_message(source))
    made = files.private_folder(dest.parent)
    uri = _uri(source, "ro") if _writable(source) else _read_only_uri(source)
    # a random 0600 temp name (a planted symlink can't redirect it), linked into place
    # only if DEST still does not exist
    try:
        with files.temp_beside(dest, replace=False) as tmp:
            src = sqlite3.connect(uri, uri=True, timeout=5)
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
            "full" in str(exc).lower() or _disk_nearly_full(dest.parent / "x"))
        files.remove_folders(made)  # a failed backup leaves nothing behind
        if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
            full = True
        if full:
            raise BookError(f"no space left on the disk holding {dest}; nothing was written",
                            code=3) from None
        raise
    return dest


def integrity_problems(db: SqliteDatabase) -> list[str]:
    """On a server book: none to run (the server keeps its own pages and enforces the
    constraints).  SQLite's quick and full integrity checks and the foreign-key check; an empty list
    means healthy.  quick_check (about 0.02 s on a 9 MB book) runs first so a badly
    damaged file is reported without the slower full check."""
    if is_server(db):
        return []
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
    if is_server(db):
        return int(db.execute_sql(
            f"SELECT value FROM {pgbook.META_TABLE} WHERE key = 'schema_version'").fetchone()[0])
    return db.execute_sql("PRAGMA user_version").fetchone()[0]
