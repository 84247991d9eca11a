"""Optimistic versions: a record the rep edits carries `version`, so a save can tell that
another process wrote the row since it was read (StaleRow)."""

from __future__ import annotations

from peewee import SQL, IntegerField, Model

from amtui.models.base import BaseModel


class StaleRow(Exception):
    """An optimistic save matched no row: another process changed (or deleted) the row
    since it was read.  Core turns it into `core.errors.ChangedElsewhere`."""

    def __init__(self, model: type[Model], key):
        super().__init__(f"{model._meta.table_name} {key} changed since it was read")
        self.model, self.key = model, key


class VersionedModel(BaseModel):
    """A record the rep edits: `version` goes up by one on every write, so a save can tell
    that another machine wrote the row since it was read (issue 18).

    `save()` of a row read from the book writes `... WHERE id = ? AND version = <read>`
    and raises StaleRow when no row matches: two processes never silently overwrite each
    other.  Writes that go round save() (`Model.update()`, the undo log putting a row
    back, an older amtui) are bumped by the book's version trigger (amtui/row_versions.py).
    The column has a database default too, so raw inserts need not name it.
    """

    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    _read_version: int | None = None  # set only while save() writes

    def save(self, force_insert: bool = False, only=None):
        if force_insert or self._pk is None or self.version is None:
            return super().save(force_insert=force_insert, only=only)
        read = self.version
        self.version = read + 1
        if only is not None:
            only = [*only, type(self).version]
        self._read_version = read
        try:
            rows = super().save(only=only)
        finally:
            self._read_version = None
        if not rows:
            self.version = read
            raise StaleRow(type(self), self._pk)
        return rows

    def as_read(self) -> dict:
        """The row's columns as they stand now (a copy of peewee's own dict of them): taken
        once the row is read, it is what `changed_since` compares with."""
        return dict(self.__data__)

    def changed_since(self, as_read: dict) -> bool:
        """Whether saving would write anything: a new row always would; a row read from
        the book only if a column now holds other than it did (`as_read`).  A writer
        saving the very values the record holds writes nothing, so there is no new
        version and nothing for undo to put back (one rule for every writer)."""
        return self._pk is None or self.__data__ != as_read

    def _pk_expr(self):
        expr = super()._pk_expr()
        if self._read_version is None:
            return expr
        return expr & (type(self).version == self._read_version)
