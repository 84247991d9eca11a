"""A book on a PostgreSQL server: connecting, the schema version table, migrations.

The same rules as for the file (amtui.db): a database is only written once we know it is an
empty database or an amtui book of a version we understand; a database with other tables,
or a newer book, is refused untouched.  The schema version lives in `amtui_meta`.  The
password never passes through amtui: libpq reads it from ~/.pgpass or PGPASSWORD.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from peewee import DatabaseError, OperationalError, PostgresqlDatabase

from amtui import last_contacts, models, pg_schema, row_versions
from amtui.config import ServerURL
from amtui.drivers import load_server_driver

META_TABLE = "amtui_meta"
# pg_advisory_xact_lock key ("amtu"): two processes creating or migrating the same empty
# database take turns instead of both creating the tables
LOCK_KEY = 0x616D7475
INSTALL_HINT = "pip install 'amtui[postgres]'"


class ServerBookError(Exception):
    """Raised as db.errors.BookError by db.open_book; one line for the rep."""


def driver_missing() -> bool:
    return importlib.util.find_spec("psycopg") is None


def make_database(location: ServerURL) -> PostgresqlDatabase:
    if driver_missing():
        raise ServerBookError(
            f"{location} is a PostgreSQL book and the PostgreSQL driver is not installed: "
            f"{INSTALL_HINT}"
        )
    if location.has_password:
        raise ServerBookError(
            f"{location}: leave the password out of the URL; amtui never stores one: put it "
            "in ~/.pgpass or PGPASSWORD"
        )
    load_server_driver()  # peewee was loaded without it (amtui.drivers)
    from amtui.server_connection import ServerDatabase

    # autoconnect off would break peewee's per-thread connections in workers; a short
    # connect timeout keeps an unreachable server from hanging the app
    return ServerDatabase(location.url, connect_timeout=10, application_name="amtui")


def _tables(db: PostgresqlDatabase) -> list[str]:
    return db.get_tables()  # the connection's search_path schema (normally public)


def stored_version(db: PostgresqlDatabase, location: ServerURL) -> int:
    """The book's schema version; 0 for an empty database; ServerBookError otherwise."""
    tables = _tables(db)
    if META_TABLE not in tables:
        if tables:
            raise ServerBookError(
                f"{location} is not an amtui book (it holds {len(tables)} other "
                f"table{'s' if len(tables) != 1 else ''}, e.g. {sorted(tables)[0]}); "
                "give an empty database or an amtui book"
            )
        return 0
    row = models.cursor_row(db.execute_sql(
        f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'"
    ))
    if row is None or not str(row.value).isdigit():
        raise ServerBookError(f"{location}: {META_TABLE} holds no schema version; not a book")
    return int(row.value)


def refuse_newer(version: int, location: ServerURL, supported: int) -> None:
    if version > supported:
        raise ServerBookError(
            f"{location} is an amtui book of schema version {version}, newer than this "
            f"amtui understands ({supported}); upgrade amtui to open it"
        )


def _lock(db: PostgresqlDatabase) -> None:
    db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))


def _set_version(db: PostgresqlDatabase, version: int) -> None:
    db.execute_sql(
        f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', %s) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (str(version),),
    )


def create_schema(db: PostgresqlDatabase, location: ServerURL, version: int) -> None:
    """Tables, default stages and settings and the version row, in one transaction."""
    with db.atomic():
        _lock(db)
        if stored_version(db, location):  # another process created it while we waited
            return
        db.execute_sql(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.create_tables(models.ALL_MODELS)
        _text_columns(db)
        row_versions.create_triggers(db)
        pg_schema.create_all(db)
        last_contacts.create(db)
        models.seed_defaults()
        _set_version(db, version)


def add_undo_and_text(db: PostgresqlDatabase) -> None:
    """A version-2 server book made before its undo triggers and text index existed gets
    them on open (one catalog query when it has them).  Schema version 2 on a server book
    means these too: create_schema and the migration to 2 make them.  A book whose change
    trigger predates NOTIFY gets it the same way (no schema version: the tables are the same)."""
    if pg_schema.installed(db):
        return
    with db.atomic():
        _lock(db)
        if pg_schema.installed(db):
            return
        if pg_schema.installed(db, notify=False):
            pg_schema.add_notify(db)
        else:
            pg_schema.create_all(db)


def _text_columns(db: PostgresqlDatabase) -> None:
    """CharFields become TEXT: SQLite never enforces varchar(255), so a long title saved on
    a file book must save on a server book too (TEXT and varchar perform the same)."""
    for model in models.ALL_MODELS:
        columns = [f.column_name for f in model._meta.sorted_fields if f.field_type == "VARCHAR"]
        if columns:
            changes = ", ".join(f'ALTER COLUMN "{c}" TYPE TEXT' for c in columns)
            db.execute_sql(f'ALTER TABLE "{model._meta.table_name}" {changes}')


def migrate(
    db: PostgresqlDatabase,
    location: ServerURL,
    from_version: int,
    to_version: int,
    migrations: dict[int, Callable],
    backup: Callable[[], object],
) -> None:
    """Run every migration in one transaction, after `backup()` wrote a SQLite copy."""
    missing = [v for v in range(from_version + 1, to_version + 1) if v not in migrations]
    if missing:
        raise ServerBookError(
            f"{location} is schema version {from_version} and this amtui has no migration "
            f"to version {missing[0]}; open it with the amtui version that wrote it"
        )
    copy = backup()
    try:
        with db.atomic():
            _lock(db)
            if stored_version(db, location) != from_version:  # migrated meanwhile
                return
            for version in range(from_version + 1, to_version + 1):
                migrations[version](db)
            _set_version(db, to_version)
    except DatabaseError as exc:
        raise ServerBookError(
            f"{location}: upgrading from schema version {from_version} failed ({exc}); the "
            f"book is unchanged and a copy is at {copy}"
        ) from exc


def reset_sequences(db: PostgresqlDatabase) -> None:
    """After rows were written with explicit ids (a copy, the demo book), move each id
    sequence past the highest id so the next insert doesn't collide."""
    for model in models.ALL_MODELS:
        pk = model._meta.primary_key
        if pk is None or pk.field_type != "AUTO":
            continue
        table, column = model._meta.table_name, pk.column_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f'COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'
        )


def analyze(db: PostgresqlDatabase) -> None:
    """ANALYZE the book's tables: after a bulk write the planner knows their sizes (about
    a second for 5,000 clients; inside a transaction is fine, unlike VACUUM)."""
    for table in (*(m._meta.table_name for m in models.ALL_MODELS), pg_schema.TEXT_TABLE,
                  last_contacts.TABLE):
        db.execute_sql(f'ANALYZE "{table}"')


def connection_error(location: ServerURL, exc: OperationalError) -> str:
    """psycopg's message, first line only, with the URL masked."""
    first = (str(exc).strip().splitlines() or ["connection failed"])[0]
    return f"{location}: can't connect ({first.replace(location.url, str(location))})"
