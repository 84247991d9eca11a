"""Schema version 2: the undo log's tables and the triggers that fill it; the text index.

For every table a rep changes, three triggers note the row's before-image into `undo_row`
while an `undo_action` is open (only inside the change's own transaction): an insert is
undone by deleting the row, an update or a delete by writing the old columns back.  Generic
on purpose: a new write in core is undoable without undo code of its own.
"""

from __future__ import annotations

from peewee import SqliteDatabase

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
        f"CREATE TRIGGER IF NOT EXISTS undo_{table}_insert AFTER INSERT ON \"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', NEW.rowid, 'insert', NULL; END",
        f"CREATE TRIGGER IF NOT EXISTS undo_{table}_update AFTER UPDATE ON \"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', OLD.rowid, 'update', {old}; END",
        f"CREATE TRIGGER IF NOT EXISTS undo_{table}_delete AFTER DELETE ON \"{table}\" {when} "
        f"BEGIN {note} SELECT ({action}), '{table}', OLD.rowid, 'delete', {old}; END",
    ]


def create_triggers(db: SqliteDatabase) -> None:
    for model in tracked():
        for sql in trigger_sql(model):
            db.execute_sql(sql)


def create_all(db: SqliteDatabase) -> None:
    """A new book: the undo triggers and the text index (the tables come from ALL_MODELS)."""
    create_triggers(db)
    create_text_index(db)


# --- the text index: the palette finds "pacing" in follow-ups, interactions, issues, deals ---
# One FTS5 table over the rep's free text; rowid = record id * 4 + kind, so a trigger finds
# a record's entry by rowid (an UNINDEXED column would mean scanning the whole index).
TEXT_SOURCES = (
    # kind code, kind, table, the text
    (0, "interaction", "interaction", "NEW.summary || ' ' || NEW.outcome"),
    (1, "follow_up", "follow_up", "NEW.title || ' ' || NEW.notes"),
    (2, "issue", "service_issue", "NEW.title || ' ' || NEW.description || ' ' || NEW.resolution"),
    (3, "deal", "opportunity", "NEW.title || ' ' || NEW.next_step"),
)


def text_index_sql() -> list[str]:
    sql = ["CREATE VIRTUAL TABLE IF NOT EXISTS book_text USING fts5("
           "body, tokenize = 'unicode61 remove_diacritics 2')"]
    for code, _kind, table, text in TEXT_SOURCES:
        key_new, key_old = f"NEW.id * 4 + {code}", f"OLD.id * 4 + {code}"
        sql += [
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_insert AFTER INSERT ON \"{table}\" "
            f"BEGIN INSERT INTO book_text (rowid, body) VALUES ({key_new}, {text}); END",
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_update AFTER UPDATE ON \"{table}\" "
            f"BEGIN DELETE FROM book_text WHERE rowid = {key_old}; "
            f"INSERT INTO book_text (rowid, body) VALUES ({key_new}, {text}); END",
            f"CREATE TRIGGER IF NOT EXISTS text_{table}_delete AFTER DELETE ON \"{table}\" "
            f"BEGIN DELETE FROM book_text WHERE rowid = {key_old}; END",
            # the rows already in the book (a migrated one)
            f"INSERT OR IGNORE INTO book_text (rowid, body) SELECT {key_new.replace('NEW.', '')}, "
            f"{text.replace('NEW.', '')} FROM \"{table}\"",
        ]
    return sql


def create_text_index(db: SqliteDatabase) -> None:
    for sql in text_index_sql():
        db.execute_sql(sql)


def migrate_to_2(db: SqliteDatabase) -> None:
    """MIGRATIONS[2]: the undo tables, their triggers and the text index (inside the
    migration's transaction)."""
    db.create_tables([models.UndoAction, models.UndoRow])
    create_triggers(db)
    create_text_index(db)
