"""Schema version 2: the undo log's tables and the triggers that fill it; the text index.

For every table a rep changes, three triggers note the row's before-image into `undo_row`
while an `undo_action` is open (only inside the change's own transaction): an insert is
undone by deleting the row, an update or a delete by writing the old columns back.  Generic
on purpose: a new write in core is undoable without undo code of its own.  The triggers
are TEMP, made on the connection that records (core.undo.recording): bulk writers (the
demo, imports, a second window) pay nothing for them and never hold the lock longer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import Database, SqliteDatabase

from amtui import models

# what undo never touches: the log itself, and the list of exports (a file written stays)
UNTRACKED = (models.UndoAction, models.UndoRow, models.ExportRecord)


def tracked() -> list[type[models.BaseModel]]:
    return [m for m in models.ALL_MODELS if m not in UNTRACKED]


def columns(model: type[models.BaseModel]) -> list[str]:
    return [field.column_name for field in model._meta.sorted_fields]


def trigger_sql(model: type[models.BaseModel]) -> list[str]:
    table = model._meta.table_name
    old = "json_object(" + ", ".join(f"'{c}', OLD.\"{c}\"" for c in columns(model)) + ")"
    action = "SELECT id FROM undo_action WHERE open = 1"
    when = "WHEN EXISTS (SELECT 1 FROM undo_action WHERE open = 1)"
    note = "INSERT INTO undo_row (action_id, tbl, \"row\", kind, old)"
    return [
        f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON main.\"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', NEW.rowid, 'insert', NULL; END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON main.\"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', OLD.rowid, 'update', {old}; END",
        f"CREATE TEMP TRIGGER IF NOT EXISTS undo_{table}_delete AFTER DELETE ON main.\"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', OLD.rowid, 'delete', {old}; END",
    ]


def create_triggers(db: SqliteDatabase) -> None:
    """The undo triggers on the calling thread's connection (TEMP: they go with it)."""
    for model in tracked():
        for sql in trigger_sql(model):
            db.execute_sql(sql)


def create_all(db: SqliteDatabase) -> None:
    """A new book: the text index (the tables come from ALL_MODELS)."""
    create_text_index(db)


# --- the text index: the palette finds "pacing" in follow-ups, interactions, issues, deals ---
# One FTS5 table over the rep's free text; rowid = kind * KIND_SPAN + record id, so a trigger
# finds a record's entry by rowid (an UNINDEXED column would mean scanning the whole index)
# and a search reads one kind's rowids as a range, newest first, and stops at its share:
# with id * 4 + kind (schema versions 2-7) a kind's query read past every other kind's
# matches.  Prefix indexes for 1-4 letter words: a prefix query merged every matching
# word's whole list first ("call" meant ~300,000 interactions, four times a keystroke).
KIND_SPAN = 1 << 40
TEXT_SOURCES = (
    # kind code, kind, table, the text columns
    (0, "interaction", "interaction", ("summary", "outcome")),
    (1, "follow_up", "follow_up", ("title", "notes")),
    (2, "issue", "service_issue", ("title", "description", "resolution")),
    (3, "deal", "opportunity", ("title", "next_step")),
)


def _text(columns: tuple[str, ...], row: str) -> str:
    return " || ' ' || ".join(f"{row}{c}" for c in columns)


def text_index_sql() -> list[str]:
    # contentless (the text stays in its own table) and without positions: a third of the
    # write cost of a full index; a contentless entry is removed by giving its old text back
    # (the prefix indexes: 10 to 44 MB on a 20,000-client book, and twice the build time)
    sql = ["CREATE VIRTUAL TABLE IF NOT EXISTS book_text USING fts5("
           "body, content = '', detail = none, tokenize = 'unicode61 remove_diacritics 2', "
           "prefix = '1 2 3 4')",
           # its words, for a search to read a longer prefix as the words it begins
           "CREATE VIRTUAL TABLE IF NOT EXISTS book_words USING fts5vocab(book_text, row)"]
    for code, _kind, table, cols in TEXT_SOURCES:
        key_new, key_old = f"{code * KIND_SPAN} + NEW.id", f"{code * KIND_SPAN} + OLD.id"
        text, old_text = _text(cols, "NEW."), _text(cols, "OLD.")
        remove = f"INSERT INTO book_text (book_text, rowid, body) VALUES ('delete', {key_old}, {old_text});"
        sql += [
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_insert AFTER INSERT ON \"{table}\" "
            f"BEGIN INSERT INTO book_text (rowid, body) VALUES ({key_new}, {text}); END",
            # only when the text changes: a stage move or a snooze leaves the index alone
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_update AFTER UPDATE OF {', '.join(cols)} "
            f"ON \"{table}\" "
            f"BEGIN {remove} INSERT INTO book_text (rowid, body) VALUES ({key_new}, {text}); END",
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_delete AFTER DELETE ON \"{table}\" "
            f"BEGIN {remove} END",
            # the rows already in the book (a migrated one)
            f"INSERT INTO book_text (rowid, body) SELECT {code * KIND_SPAN} + id, {_text(cols, '')} "
            f"FROM \"{table}\"",
        ]
    return sql


def create_text_index(db: SqliteDatabase) -> None:
    for sql in text_index_sql():
        db.execute_sql(sql)


def _drop_text_triggers(db: SqliteDatabase) -> None:
    for _code, _kind, table, _cols in TEXT_SOURCES:
        for event in ("insert", "update", "delete"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS text_{table}_{event}")


@contextmanager
def text_index_paused(db: SqliteDatabase) -> Iterator[None]:
    """For a bulk write (the demo book, a copy): index the text once at the end instead of
    row by row through the triggers (0.2 s instead of ~5 s for 1,000 clients).  The
    stored last contacts' triggers stay on here (4-5 µs a row, and dropping and making
    them again grew the write-ahead log past what a nearly full disk held); a server
    book's pause them too (pg_schema.text_index_paused)."""
    if not isinstance(db, SqliteDatabase):
        from amtui import pg_schema

        with pg_schema.text_index_paused(db):
            yield
        return
    if db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'book_text'").fetchone() is None:
        yield  # a copy without the index (a migration's backup of an older book)
        return
    _drop_text_triggers(db)
    try:
        yield
    finally:
        db.execute_sql("INSERT INTO book_text (book_text) VALUES ('delete-all')")
        create_text_index(db)


def migrate_to_2(db: SqliteDatabase) -> None:
    """MIGRATIONS[2]: the undo tables and the text index with its triggers (inside the
    migration's transaction)."""
    db.create_tables([models.UndoAction, models.UndoRow])
    if isinstance(db, SqliteDatabase):
        create_text_index(db)
    # a server book's triggers and text index: pgbook.add_undo_and_text after the last
    # migration (they cover tables later migrations add)


def migrate_to_7(db: Database) -> None:
    """MIGRATIONS[7]: each noted row's version after its change (`undo_row.after_version`),
    so an undo never writes over a later write it did not note, and the (table, row) index
    the undo hands the versions on by.  The rows noted before stay NULL: put back as before."""
    if not any(c.name == "after_version" for c in db.get_columns("undo_row")):
        db.execute_sql("ALTER TABLE undo_row ADD COLUMN after_version INTEGER")
    models.UndoRow.create_table(safe=True)  # the table is there: only its new index is made


def migrate_to_8(db: Database) -> None:
    """MIGRATIONS[8]: the text index keyed by kind then id, with prefix indexes, made
    again and refilled from the four tables (~10 s on a 20,000-client book).  A server
    book's tsvector table stays as it is (its own index answers a prefix)."""
    if not isinstance(db, SqliteDatabase):
        return
    _drop_text_triggers(db)  # they write the old keys, and IF NOT EXISTS would keep them
    db.execute_sql("DROP TABLE IF EXISTS book_text")
    create_text_index(db)
