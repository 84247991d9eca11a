"""Schema version 3: row versions (issue 18, two machines).

Every record the rep edits (models.VERSIONED) has a `version` column that goes up by one on
every write, so a form that remembers the version it read can tell, on save, that another
machine wrote the row meanwhile (models.VersionedModel.save checks it).  A trigger bumps
the version for every write that does not do it itself (a bulk `UPDATE`, the undo log
writing a row back, a CLI or an older amtui): versions only ever go up.

On SQLite the trigger is an AFTER UPDATE that writes the version once more (its triggers
can't change NEW); on PostgreSQL a BEFORE UPDATE row trigger sets NEW.version.
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

from amtui import models


def _table(model) -> str:
    return model._meta.table_name


def _sqlite_trigger(model) -> str:
    # SQLite's triggers can't change NEW: a second UPDATE, run only when the write left
    # the version alone (or put an older one back); recursive triggers are off, and its
    # own UPDATE raises the version, so it never fires twice.
    table = _table(model)
    return (f'CREATE TRIGGER IF NOT EXISTS version_{table} AFTER UPDATE ON "{table}" '
            "WHEN NEW.version <= OLD.version "
            f'BEGIN UPDATE "{table}" SET version = OLD.version + 1 WHERE rowid = NEW.rowid; END')


PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION amtui_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF NEW.version <= OLD.version THEN NEW.version := OLD.version + 1; END IF; "
    "RETURN NEW; END $$"
)


def _pg_trigger(model) -> list[str]:
    table = _table(model)
    return [
        f'DROP TRIGGER IF EXISTS version_{table} ON "{table}"',
        f'CREATE TRIGGER version_{table} BEFORE UPDATE ON "{table}" FOR EACH ROW '
        "EXECUTE FUNCTION amtui_bump_version()",
    ]


def create_triggers(db: Database) -> None:
    """The version triggers: a new book, and the last step of the migration."""
    if isinstance(db, SqliteDatabase):
        for model in models.VERSIONED:
            db.execute_sql(_sqlite_trigger(model))
        return
    db.execute_sql(PG_FUNCTION)
    for model in models.VERSIONED:
        for sql in _pg_trigger(model):
            db.execute_sql(sql)


def _has_column(db: Database, table: str, column: str) -> bool:
    return any(c.name == column for c in db.get_columns(table))


def migrate_to_3(db: Database) -> None:
    """MIGRATIONS[3], inside the migration's transaction: a version column (1 for every
    row already there) on each edited table, then the triggers.  A column already there is
    kept: a SQLite copy of a version 2 server book is written through today's models."""
    for model in models.VERSIONED:
        table = _table(model)
        if not _has_column(db, table, "version"):
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN version INTEGER NOT NULL DEFAULT 1')
    create_triggers(db)
