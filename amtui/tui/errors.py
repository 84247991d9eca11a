"""What the TUI says when the book fails under it, and which keys a read-only book turns off.

The storage itself is sound (issue 10); what failed was everything around it: a save
under another writer's lock, on a read-only or damaged book, ended the app with a
traceback and the rep's typing was gone.  Screens and forms catch `STORAGE_ERRORS`
around every read and write and show `save_failed()` / `load_failed()`; a form stays
open with its text.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from amtui.core.errors import ChangedElsewhere, InvalidInput, NotFound
from amtui.db.errors import StorageError, describe_storage_error, storage_error_kind

# What a read or a write of the book can raise: SQLite's errors (peewee wraps them in
# StorageError), and the OS's (a full disk, a file that went away).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (StorageError, sqlite3.Error, OSError)
# Errors only the book raises (an OSError may be about a workbook or an imported file).
BOOK_ERRORS: tuple[type[BaseException], ...] = (StorageError, sqlite3.Error)
# A key's write refused: bad input, a record gone or changed on another machine meanwhile,
# or the book failing under it.
REFUSED = (InvalidInput, NotFound, ChangedElsewhere, *STORAGE_ERRORS)


def _kind(exc: BaseException) -> str:
    """busy | read-only | damaged | unreachable | gone | other: db classifies (one place
    for the CLI and the TUI); out of space is "other" here, as db's own line says which
    disk."""
    kind = storage_error_kind(exc)
    return "other" if kind == "no space" else kind


def problem(exc: BaseException) -> str:
    """One line for the rep: what is wrong with the book."""
    kind = _kind(exc)
    if kind == "busy":
        return "the book is busy (another amtui is writing)"
    if kind == "read-only":
        return "the book is read-only"
    if kind == "damaged":
        return "the book is damaged: run amtui doctor"
    # out of space, permissions, anything else: db's one line says which and where
    return describe_storage_error(exc)[1]


def save_failed(exc: BaseException) -> str:
    """For a form whose save failed: its text is still there to save again."""
    kind = _kind(exc)
    # a server not answering: its line says to try again once it answers
    retry = " — ctrl+s to try again" if kind in ("busy", "other") else ""
    return problem(exc) + retry


def write_failed(exc: BaseException) -> str:
    """For a key that writes (done, snooze, won, a stage move, delete)."""
    kind = _kind(exc)
    if kind in ("gone", "unreachable"):  # their line says nothing was saved, and what to do
        return problem(exc)
    return "Not saved: " + problem(exc) + (" — try again in a moment" if kind == "busy" else "")


def read_failed(exc: BaseException) -> str:
    """For a key that only reads (nothing was to be saved)."""
    busy = _kind(exc) == "busy"
    return "Could not read the book: " + problem(exc) + (" — try again in a moment" if busy else "")


def load_failed(exc: BaseException, retry: str = "r to retry") -> str:
    """For a screen whose loader failed: the app stays up and `r` reloads."""
    if isinstance(exc, BOOK_ERRORS) and _kind(exc) in ("gone", "unreachable"):
        return f"could not read the book: {problem(exc)} — {retry}"  # says where, or why
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return f"could not read the book: {detail} — {retry}"


@contextmanager
def reported(node):
    """Run a write; a storage error becomes a notification on `node` instead of ending
    the app.  Code after the failed write inside the block does not run."""
    try:
        yield
    except STORAGE_ERRORS as exc:
        node.notify(write_failed(exc), severity="error", timeout=8)


# --- a book opened read-only ---------------------------------------------------------------

# Actions that write to the book; on a read-only book their keys are disabled.
WRITE_ACTIONS = frozenset({
    "new", "new_client", "new_deal", "edit", "edit_client", "edit_plan", "set_quota", "quota",
    "log", "follow_up", "issue", "deal", "opportunity", "done", "snooze", "snooze_until",
    "snooze_to", "next_stage", "previous_stage", "advance", "win", "lose", "reopen", "resolve",
    "kept", "broken", "primary", "delete", "archive", "import_file", "demo", "save", "undo",
})

READ_ONLY_BANNER = (
    "Read-only book: its file or folder can't be written. You can look and export; "
    "the keys that change the book are off."
)


def refusal(exc: BaseException) -> str:
    """The line for a key whose write was refused: bad input or a missing record as core
    says it, a storage error as `write_failed` says it."""
    return write_failed(exc) if isinstance(exc, STORAGE_ERRORS) else str(exc)
