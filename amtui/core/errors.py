"""Errors core raises for bad input; screens and the CLI show them as one line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class InvalidInput(ValueError):
    """A value the rep typed was refused; `field` names it, `reason` says why."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class NotFound(LookupError):
    """A record named by the rep does not exist (or the name is ambiguous)."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def existing(model, record_id: int, what: str, noun: str | None = None):
    """The `model` record with this id, or NotFound: "client: no client with id 7"
    (`noun` when the record is called otherwise in the sentence)."""
    found = model.get_or_none(model.id == record_id)
    if found is None:
        raise NotFound(f"{what}: no {noun or what} with id {record_id}")
    return found


@dataclass(frozen=True)
class Change:
    """One field another machine changed since the rep opened the record: its value there
    now (`theirs`) and what the rep was about to save (`yours`)."""

    field: str
    theirs: Any
    yours: Any


class ChangedElsewhere(LookupError):
    """The record was written (or deleted) by another process since the rep read it: the
    save wrote nothing.  `version` is the record's version now (None when deleted), the
    base a save that keeps the rep's values goes on from; `changes` says what differs;
    `current` is the record as it is now (the form's new base)."""

    def __init__(self, kind: str, record_id, *, version: int | None = None,
                 changes: tuple[Change, ...] = (), deleted: bool = False, current: Any = None):
        what = "deleted" if deleted else "changed"
        super().__init__(f"{kind}: {what} elsewhere (another window or machine) since you opened it; nothing "
                         "was saved")
        self.kind, self.record_id = kind, record_id
        self.version, self.changes, self.deleted = version, tuple(changes), deleted
        self.current = current
