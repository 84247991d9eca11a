"""Schema version 2: the undo log's tables and the triggers that fill it.

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


def migrate_to_2(db: SqliteDatabase) -> None:
    """MIGRATIONS[2]: the undo tables and their triggers (inside the migration's transaction)."""
    db.create_tables([models.UndoAction, models.UndoRow])
    create_triggers(db)
