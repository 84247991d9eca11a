"""The book's schema version: reading it from the file header, writing it, the migrations.

The checks read the 100-byte SQLite header directly, so a refused file is left
byte-for-byte unchanged and nothing (-wal, -shm, backups) is created beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from amtui import indexes, models
from amtui.db.errors import BookError, damaged_message
from amtui.db.location import is_server

SCHEMA_VERSION = 8
APPLICATION_ID = 0x616D7475  # "amtu": marks the file as ours in the SQLite header
SQLITE_MAGIC = b"SQLite format 3\x00"

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


def _to_v4(db: SqliteDatabase) -> None:
    """Version 4: bookings in a period summed from a covering index (issue 14)."""
    indexes.cover_bookings(db)


def _to_v5(db: SqliteDatabase) -> None:
    """Version 5: the indexes that keep the client and deal lists flat at 20,000 clients
    (issue 14)."""
    indexes.index_version_5(db)


def _to_v6(db: SqliteDatabase) -> None:
    """Version 6: each client's last contact, stored and kept by triggers (issue 14)."""
    from amtui import last_contacts

    last_contacts.create(db)


def _to_v7(db: SqliteDatabase) -> None:
    """Version 7: undo notes each row's version after its change, so it never writes over
    a later change it did not note."""
    from amtui import undo_schema

    undo_schema.migrate_to_7(db)


def _to_v8(db: SqliteDatabase) -> None:
    """Version 8: the palette's text search reads each kind's newest matches straight from
    the text index (keyed by kind, with prefix indexes)."""
    from amtui import undo_schema

    undo_schema.migrate_to_8(db)


MIGRATIONS: dict[int, Migration] = {2: _to_v2, 3: _to_v3, 4: _to_v4, 5: _to_v5, 6: _to_v6, 7: _to_v7,
                                    8: _to_v8}


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
    """The schema version of an existing book (0 for a missing file), or BookError.

    An existing 0-byte file is a damaged book, not a new one: a book truncated to nothing
    (a failed copy or sync) must not quietly become an empty book and be written into.
    A new book is only made where no file is (open_book creates it).
    """
    if not path.exists():
        return 0
    header = read_header(path)
    if header is None:
        raise BookError(damaged_message(path, "an empty file, 0 bytes"))
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


def set_version(db: SqliteDatabase, version: int) -> None:
    db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute_sql(f"PRAGMA user_version = {version}")


def checkpoint(db: SqliteDatabase) -> None:
    # Put the header (application_id, user_version) into the main file now, so a
    # second process reading only the header recognises the book.
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def create_schema(db: SqliteDatabase) -> None:
    with db.atomic():
        db.create_tables(models.ALL_MODELS)
        from amtui import undo_schema  # its FTS triggers only matter once a book is made

        undo_schema.create_all(db)
        from amtui import row_versions

        row_versions.create_triggers(db)
        from amtui import last_contacts

        last_contacts.create(db)
        models.seed_defaults()
        set_version(db, SCHEMA_VERSION)
    checkpoint(db)


def schema_version(db: SqliteDatabase) -> int:
    if is_server(db):
        from amtui import pgbook  # a server book's: not imported for a file's

        return int(models.cursor_row(db.execute_sql(
            f"SELECT value FROM {pgbook.META_TABLE} WHERE key = 'schema_version'")).value)
    return models.cursor_row(db.execute_sql("PRAGMA user_version")).user_version
