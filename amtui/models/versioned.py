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
    _as_read: dict | None = None  # the columns as a writer read them (`keep_as_read`)

    def save(self, force_insert: bool = False, only=None):
        """Write the row (0 rows: it holds what it held when read, so nothing was written:
        no new version, nothing for undo to put back)."""
        if force_insert or self._pk is None or self.version is None:
            self.before_write()
            return super().save(force_insert=force_insert, only=only)
        if self.unchanged_since_read():
            return 0
        self.before_write()
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
        if self._as_read is not None:
            self.keep_as_read()  # what the book holds now
        return rows

    def before_write(self) -> None:
        """What a model works out on every write (a stamp, a derived column): after the
        check that there is something to write, so a stamp alone never makes a write."""

    def keep_as_read(self) -> None:
        """Remember the row's columns as the writer read them (`core.versions.expect`
        calls it for every writer): `save()` then writes nothing while they are the same."""
        self._as_read = dict(self.__data__)

    def unchanged_since_read(self) -> bool:
        """Whether every column still holds what it held when read (`keep_as_read`): a
        writer given the very values the record holds has nothing to write."""
        return self._pk is not None and self._as_read is not None and self.__data__ == self._as_read

    def _pk_expr(self):
        expr = super()._pk_expr()
        if self._read_version is None:
            return expr
        return expr & (type(self).version == self._read_version)
