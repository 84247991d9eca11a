"""The undo log's triggers, the text index and the change counter of a PostgreSQL book (undo_schema.py is the
SQLite side; both give the same results).

Undo: one plpgsql trigger function on every table a rep changes notes the row's
before-image (`to_jsonb(OLD)`) into `undo_row` while a change is being recorded.  Which
change is open lives in the transaction-local setting `amtui.undo_action`
(core.undo.recording sets it with `set_config(..., true)`), so a write outside a recording
(the demo, a second process) costs the trigger one `current_setting` call and nothing else,
and two processes recording at once never mix their rows.

Changes: one row in `amtui_change` counts the transactions that wrote to the book (a
deferred trigger on every table, once per transaction), so a screen can tell the book is unchanged with
one read, as SQLite's `PRAGMA data_version` tells it (core.change_token).  The same trigger
sends `NOTIFY amtui_change` with the new count, delivered when the transaction commits, so
an open app learns of a change made on the other machine at once (core.book_watch).

Text: `book_text` holds one tsvector per record (the key is record id * 4 + kind, as in
SQLite's FTS5 index), kept current by triggers, with a GIN index; words are matched as
prefixes, case- and accent-insensitively (Latin accents: FTS5's remove_diacritics).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import PostgresqlDatabase

from amtui import models, undo_schema

UNDO_FUNCTION = "amtui_undo_note"
TEXT_TABLE = "book_text"
CHANGE_TABLE = "amtui_change"  # core.change_token reads it
CHANNEL = "amtui_change"  # the NOTIFY channel core.book_watch listens on
COUNT_FUNCTION = "amtui_count_change"
SETTING = "amtui.undo_action"
PAUSED = "amtui.text_paused"  # text_index_paused: the text triggers do nothing

# FTS5's remove_diacritics for the letters a rep's book holds; the same fold is applied to
# the words searched for (core.search)
ACCENTED = "àáâãäåāăąçćčďèéêëēĕėęěğìíîïīĭįıľłñńňòóôõöøōŏőŕřśşšťùúûüūŭůűųýÿźżž"
_BASE = {"ı": "i", "ł": "l", "ø": "o"}  # letters that don't decompose to a base letter
# lower() leaves non-ASCII letters as they are in a database of C collation: the capitals too
ACCENTED += "".join(c.upper() for c in ACCENTED if len(c.upper()) == 1 and c.upper() != c
                    and c.upper() != "I")
PLAIN = "".join(_BASE.get(c.lower()) or unicodedata.normalize("NFD", c.lower())[0]
                for c in ACCENTED)


def pk_column(model) -> str:
    return model._meta.primary_key.column_name


def undo_sql() -> list[str]:
    function = f"""
CREATE OR REPLACE FUNCTION {UNDO_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    action text := current_setting('{SETTING}', true);
    image jsonb;
BEGIN
    IF action IS NULL OR action = '' THEN
        RETURN NULL;
    END IF;
    -- the row's key: its integer id (row), or for a table keyed otherwise (settings) 0
    -- and the key inside the image; an insert's image holds only what finds the row
    IF TG_OP = 'INSERT' THEN
        image := to_jsonb(NEW);
        INSERT INTO undo_row (action_id, tbl, "row", kind, old)
        VALUES (action::integer, TG_TABLE_NAME,
                CASE WHEN TG_ARGV[0] = 'id' THEN (image ->> 'id')::integer ELSE 0 END,
                'insert',
                CASE WHEN TG_ARGV[0] = 'id' THEN NULL
                     ELSE jsonb_build_object(TG_ARGV[0], image -> TG_ARGV[0])::text END);
    ELSE
        image := to_jsonb(OLD);
        INSERT INTO undo_row (action_id, tbl, "row", kind, old)
        VALUES (action::integer, TG_TABLE_NAME,
                CASE WHEN TG_ARGV[0] = 'id' THEN (image ->> 'id')::integer ELSE 0 END,
                lower(TG_OP), image::text);
    END IF;
    RETURN NULL;
END
$fn$"""
    sql = [function]
    for model in undo_schema.tracked():
        table = model._meta.table_name
        # "zz": after the foreign keys' own triggers (named RI_...), so a cascade's rows are
        # noted before the row that caused it, as SQLite's triggers note them
        sql.append(
            f'CREATE OR REPLACE TRIGGER zz_undo_{table} AFTER INSERT OR UPDATE OR DELETE '
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION {UNDO_FUNCTION}(\'{pk_column(model)}\')'
        )
    return sql


def count_function_sql() -> str:
    """The change trigger's function: count the transaction once, and tell the listeners
    (pg_notify is delivered at commit, never for a transaction rolled back)."""
    return f"""
CREATE OR REPLACE FUNCTION {COUNT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    counted bigint;
BEGIN
    IF current_setting('amtui.counted', true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('amtui.counted', '1', true);
    UPDATE {CHANGE_TABLE} SET n = n + 1 WHERE id = 1 RETURNING n INTO counted;
    PERFORM pg_notify('{CHANNEL}', counted::text);
    RETURN NULL;
END
$fn$"""


def change_sql() -> list[str]:
    # counted once per transaction, when it commits (a deferred trigger): the row is locked
    # only for the moment of the commit, so two writers never wait on each other for long
    # nor deadlock over it, and a watcher never sees the count move before the change does
    sql = [
        f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (id integer PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {CHANGE_TABLE} (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        count_function_sql(),
    ]
    for model in models.ALL_MODELS:
        table = model._meta.table_name
        sql += [f'DROP TRIGGER IF EXISTS zz_change_{table} ON "{table}"',
                f'CREATE CONSTRAINT TRIGGER zz_change_{table} AFTER INSERT OR UPDATE OR DELETE '
                f'ON "{table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                f'EXECUTE FUNCTION {COUNT_FUNCTION}()']
    return sql


def fold(expression: str) -> str:
    """SQL: the text lower-cased with its accents removed."""
    return f"translate(lower({expression}), '{ACCENTED}', '{PLAIN}')"


def _body(columns: tuple[str, ...], row: str) -> str:
    joined = " || ' ' || ".join(f"coalesce({row}\"{c}\", '')" for c in columns)
    return f"to_tsvector('simple', {fold(joined)})"


def text_sql() -> list[str]:
    sql = [
        f"CREATE TABLE IF NOT EXISTS {TEXT_TABLE} (id bigint PRIMARY KEY, body tsvector NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {TEXT_TABLE}_body ON {TEXT_TABLE} USING gin (body)",
    ]
    for code, _kind, table, cols in undo_schema.TEXT_SOURCES:
        function = f"amtui_text_{table}"
        sql += [
            f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF current_setting('{PAUSED}', true) = '1' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM {TEXT_TABLE} WHERE id = OLD.id * 4 + {code};
        RETURN NULL;
    END IF;
    INSERT INTO {TEXT_TABLE} (id, body) VALUES (NEW.id * 4 + {code}, {_body(cols, 'NEW.')})
    ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body;
    RETURN NULL;
END
$fn$""",
            # only when the text changes: a stage move or a snooze leaves the index alone
            f"CREATE OR REPLACE TRIGGER text_{table}_write AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(cols)} ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return sql


def index_all_text(db: PostgresqlDatabase) -> None:
    """The text of every record already in the book (a migrated one, after a bulk write)."""
    db.execute_sql(f"TRUNCATE {TEXT_TABLE}")
    for code, _kind, table, cols in undo_schema.TEXT_SOURCES:
        db.execute_sql(f"INSERT INTO {TEXT_TABLE} (id, body) SELECT id * 4 + {code}, "
                       f"{_body(cols, '')} FROM \"{table}\"")


def deferrable_foreign_keys(db: PostgresqlDatabase) -> None:
    """An undo puts rows back in reverse order of the triggers noting them, and a cascade
    can note a deal before its stage history: the undo defers its foreign-key checks to
    commit (SET CONSTRAINTS ALL DEFERRED), as SQLite's defer_foreign_keys does.  Everything
    else still checks each statement (INITIALLY IMMEDIATE)."""
    found = list(models.cursor_rows(db.execute_sql(
        "SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name FROM pg_constraint "
        "WHERE contype = 'f' AND NOT condeferrable "
        "AND connamespace = current_schema()::regnamespace")))
    for key in found:
        db.execute_sql(f"ALTER TABLE {key.tbl} ALTER CONSTRAINT {key.name} DEFERRABLE INITIALLY IMMEDIATE")


def wide_money(db: PostgresqlDatabase) -> None:
    """Money columns as bigint: cents overflow PostgreSQL's 4-byte integer at $21.4M (a
    regional quota), where SQLite's integers are 8 bytes.  A sum of them then comes back
    as numeric (a Decimal), which models.from_cents takes as it takes an int."""
    for model in models.ALL_MODELS:
        columns = [f.column_name for f in model._meta.sorted_fields
                   if isinstance(f, models.MoneyField)]
        if columns:
            changes = ", ".join(f'ALTER COLUMN "{c}" TYPE bigint' for c in columns)
            db.execute_sql(f'ALTER TABLE "{model._meta.table_name}" {changes}')


def create_all(db: PostgresqlDatabase) -> None:
    """The undo triggers, the text index with its triggers, the change counter, the
    foreign keys an undo can defer, money in bigint (inside the caller's transaction: a new book, or the migration to 2)."""
    for statement in (*undo_sql(), *text_sql(), *change_sql()):
        db.execute_sql(statement)
    deferrable_foreign_keys(db)
    wide_money(db)
    index_all_text(db)


def installed(db: PostgresqlDatabase, *, notify: bool = True) -> bool:
    """Whether this book has them all: on every table of today's models (a migration that
    adds a table, or a server book written before they existed, lacks some), and with
    notify the change trigger's NOTIFY (a book written before it counts changes silently)."""
    return models.cursor_row(db.execute_sql(
        "SELECT to_regclass(%s) IS NOT NULL AND to_regclass(%s) IS NOT NULL "
        "AND (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "     WHERE c.relnamespace = current_schema()::regnamespace "
        "     AND t.tgname IN (SELECT unnest(%s::text[]))) = %s "
        "AND (NOT %s OR EXISTS (SELECT 1 FROM pg_proc WHERE proname = %s "
        "     AND pronamespace = current_schema()::regnamespace "
        "     AND prosrc LIKE '%%pg_notify%%')) AS installed",
        (TEXT_TABLE, CHANGE_TABLE, trigger_names(), len(trigger_names()), notify,
         COUNT_FUNCTION))).installed


def add_notify(db: PostgresqlDatabase) -> None:
    """A book whose change trigger predates NOTIFY: replace its function (the triggers
    call it by name, so they notify from the next commit on)."""
    db.execute_sql(count_function_sql())


def trigger_names() -> list[str]:
    names = [f"zz_undo_{m._meta.table_name}" for m in undo_schema.tracked()]
    names += [f"zz_change_{m._meta.table_name}" for m in models.ALL_MODELS]
    names += [f"text_{table}_write" for _code, _kind, table, _cols in undo_schema.TEXT_SOURCES]
    return names


@contextmanager
def text_index_paused(db: PostgresqlDatabase) -> Iterator[None]:
    """For a bulk write: index the text once at the end instead of row by row (a setting
    the triggers read: ALTER TABLE ... DISABLE TRIGGER can't run with deferred trigger
    events pending, as the change counter's are)."""
    from amtui import last_contacts

    contacts = last_contacts.present(db)
    db.execute_sql("SELECT set_config(%s, '1', false)", (PAUSED,))
    if contacts:  # the stored last contacts too: worked out once at the end
        last_contacts.pause(db)
    try:
        yield
    finally:
        db.execute_sql("SELECT set_config(%s, '', false)", (PAUSED,))
        index_all_text(db)
        if contacts:
            last_contacts.resume(db)
