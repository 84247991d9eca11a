"""Two machines on one book never silently overwrite each other (issue 18).

Every record the rep edits carries a `version` (models.VersionedModel) that goes up on
every write.  A form remembers the record it loaded (a dataclass with `.version`) and
passes it to the core save as `base`; the save then runs inside `edit()`:

    with versions.edit("client", client_id, base, load=get_client, yours=changes):
        with database.atomic():
            client = _client(client_id)
            versions.expect(client, base)     # read at another version: refused
            ... set fields ...
            client.save()                     # UPDATE ... WHERE id = ? AND version = ?
                                              # (nothing, when it holds these values)

and what another machine wrote meanwhile comes back as `ChangedElsewhere`, carrying the
fields that differ (theirs vs yours) and the version to save over.  Without `base` (the
CLI, which reads and writes in one go) a write that loses the race is still refused,
never applied over the other one.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from amtui.core.errors import Change, ChangedElsewhere, NotFound
from amtui.models import StaleRow

# bookkeeping that moves with every write: never "what changed"
NOT_COMPARED = frozenset({"id", "version", "updated_at", "created_at", "stage_entered_at"})


def version_of(base: Any) -> int | None:
    """The version a form read: a record with `.version`, a bare int, or None."""
    if base is None or isinstance(base, int):
        return base
    return getattr(base, "version", None)


def expect(row, base: Any) -> None:
    """Refuse (StaleRow, turned into ChangedElsewhere by `edit`) when `row`, read inside the
    write's transaction, is not at the version the rep's form read."""
    wanted = version_of(base)
    if wanted is not None and row.version != wanted:
        raise StaleRow(type(row), row._pk)
    # as read: a save giving the very values the record holds then writes nothing
    row.keep_as_read()


def what_changed(base: Any, current: Any, yours: dict[str, Any] | None = None) -> tuple[Change, ...]:
    """The fields of `current` (a record: a dataclass or a named tuple) another machine
    changed since `base` (the same record as the form read it): their value and the one
    the rep typed (or, for a field the form does not edit, the value it read)."""
    names = _field_names(current)
    if not names or not _field_names(base):
        return ()
    yours = yours or {}
    changes = []
    for name in names:
        if name in NOT_COMPARED or not hasattr(base, name):
            continue
        before, now = getattr(base, name), getattr(current, name)
        if before != now:
            changes.append(Change(name, now, yours.get(name, before)))
    return tuple(changes)


def _field_names(record: Any) -> tuple[str, ...]:
    """A record's field names, in order: a dataclass's fields, a named tuple's `_fields`
    (a DealRow); () for anything else."""
    if dataclasses.is_dataclass(record):
        return tuple(f.name for f in dataclasses.fields(record))
    return tuple(getattr(type(record), "_fields", ()))


@contextmanager
def edit(kind: str, record_id, base: Any = None, *, load: Callable[[Any], Any],
         yours: dict[str, Any] | None = None) -> Iterator[None]:
    """Around one write of one record: a row another process wrote or deleted since it
    was read becomes ChangedElsewhere (with what changed when `base` is the record the
    rep's form read).  `load(record_id)` reads the record as core shows it."""
    try:
        yield
    except StaleRow:
        raise _changed(kind, record_id, base, load, yours) from None
    except NotFound:
        if version_of(base) is None:
            raise
        try:
            load(record_id)
        except NotFound:  # the record itself is gone, not something it names
            raise ChangedElsewhere(kind, record_id, deleted=True) from None
        raise


def _changed(kind, record_id, base, load, yours) -> ChangedElsewhere:
    try:
        current = load(record_id)
    except NotFound:
        return ChangedElsewhere(kind, record_id, deleted=True)
    return ChangedElsewhere(kind, record_id, version=getattr(current, "version", None),
                            changes=what_changed(base, current, yours), current=current)


def shown(value: Any) -> str:
    """A value of a changed field in one short line for the conflict dialog."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def label(field: str) -> str:
    """A field's name as the rep reads it: `close_on` -> "close on"."""
    return field.removesuffix("_id").replace("_", " ")


def guarded(kind: str, load: Callable[[Any], Any],
            yours: Callable[[dict[str, Any]], dict[str, Any]] | None = None):
    """Decorator for a write of one record whose first argument is the record's id and
    which takes `base` (the record as the rep saw it) as a keyword: runs it inside `edit`.
    The write itself calls `expect(row, base)` once it has read the row; `yours` turns
    its keyword arguments into the record's fields (an id into the name shown)."""
    def wrap(write):
        @functools.wraps(write)
        def checked(record_id, *args, base=None, **kwargs):
            mine = yours(kwargs) if yours is not None else kwargs
            with edit(kind, record_id, base, load=load, yours=mine):
                return write(record_id, *args, base=base, **kwargs)
        return checked
    return wrap
