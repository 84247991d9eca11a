"""The undo log: each change the rep made and the rows it touched (the triggers that
fill it are in amtui/undo_schema.py)."""

from __future__ import annotations

from peewee import ForeignKeyField, IntegerField, TextField

from amtui.core import clock  # every "now", AMTUI_TODAY too; a stdlib leaf (see pyproject)
from amtui.models.base import BaseModel, UTCDateTimeField


class UndoAction(BaseModel):
    """One change the rep made ("Won: Acme renewal"), undone with ctrl+z.  `open` is 1 only
    inside the change's own transaction: the triggers (amtui/undo_schema.py) record rows
    while it is."""

    label = TextField()
    created_at = UTCDateTimeField(default=clock.now)
    open = IntegerField(default=0)


class UndoRow(BaseModel):
    """A row the change touched, and how to put it back: `insert` (delete it), `update`
    or `delete` (write `old` back, the row's columns as JSON).

    `after_version` (schema version 7) is the row's version when the change committed: a
    row whose version is another one by the time of the undo was written since by a
    write undo does not note, and writing `old` back would throw that write away.  NULL
    for a row the change deleted, a table without versions, and a row noted by an
    amtui older than version 7."""

    action = ForeignKeyField(UndoAction, on_delete="CASCADE", index=True)
    tbl = TextField()
    row = IntegerField()  # the rowid
    kind = TextField()
    old = TextField(null=True)
    after_version = IntegerField(null=True)

    class Meta:
        # an undo hands its rows' new versions on to the earlier changes that noted them
        indexes = ((("tbl", "row"), False),)
