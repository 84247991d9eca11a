"""Copying every row of a book from one open database to another (any two engines).

Rows go through the models, so each value is read and written by its field (booleans,
dates, cents and UTC text mean the same on SQLite and PostgreSQL), ids included.
"""

from __future__ import annotations

from peewee import Database, sort_models

from amtui import models

BATCH = 500  # rows per INSERT: well under SQLite's 32,766 bound parameters


def ordered_models() -> list:
    """Parents before children (foreign keys hold while inserting)."""
    return sort_models(models.ALL_MODELS)


def copy_rows(source: Database, target: Database) -> dict[str, int]:
    """Replace every row of `target` with the rows of `source`, in one transaction on the
    target; table name -> rows copied."""
    copied: dict[str, int] = {}
    order = ordered_models()
    with target.bind_ctx(order), target.atomic():
        for model in reversed(order):  # children first: RESTRICT keys hold
            model.delete().execute()
        for model in order:
            # only the columns the source has: a book of an older schema (a server book
            # backed up before its migration) lacks the newer ones, which take defaults
            have = {c.name for c in source.get_columns(model._meta.table_name)}
            fields = [f for f in model._meta.sorted_fields if f.column_name in have]
            with source.bind_ctx(order):
                rows = list(model.select(*fields).order_by(model._meta.primary_key).tuples())
            for start in range(0, len(rows), BATCH):
                model.insert_many(rows[start:start + BATCH], fields=fields).execute()
            copied[model._meta.table_name] = len(rows)
    return copied
