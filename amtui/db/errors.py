"""What can go wrong with the book, told apart in one place and said in one line.

- `BookError`: the file can't be opened as a book (missing, foreign, newer, damaged...).
- `StorageError` (and sqlite3.Error, OSError): a read or write failed on an open book.
- `describe_storage_error(exc)` -> (exit status, one line): busy / out of space /
  read-only / damaged told apart for the CLI and the TUI alike ("the book … is busy:
  another amtui is writing to it; …"); `storage_error_kind(exc)` for callers that word
  it their own way.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from peewee import PeeweeException

from amtui.config import ServerURL
from amtui.db.location import current, location_of, read_only_for_space

# What a read or write can raise past the busy timeout ("database is locked") or on a
# damaged file: screens catch this and say so instead of crashing.
StorageError = PeeweeException

NO_SPACE_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


class BookError(Exception):
    """The file can't be opened as a book; the message is one line for the rep.

    `code` is the CLI exit status: 2 unusable book (missing, damaged, foreign, newer,
    read-only where a write is needed), 3 busy or out of space.
    """

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def missing_book_message(path: Path) -> str:
    return (f"no book at {path} (amtui creates one when you open the app, run amtui demo, "
            "or add the first record)")


def latest_backup(path: Path) -> Path | None:
    """The newest copy in backups/ beside the book (where `amtui backup` puts them)."""
    if not isinstance(path, Path):  # a server book: its copies are where the rep put them
        return None
    folder = path.parent / "backups"
    try:
        copies = sorted(folder.glob(f"{path.stem}-*.db"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return None
    return copies[-1] if copies else None


def damaged_message(path: Path | None, detail: str) -> str:
    """The one line for a damaged book: what SQLite found, then what to do."""
    backup_copy = latest_backup(path) if path is not None else None
    restore = (f"restore the latest backup ({backup_copy})" if backup_copy
               else "restore your latest backup")
    doctor = f"amtui doctor --db {path}" if path is not None else "amtui doctor"
    the_book = f"the book {path}" if path is not None else "the book"
    return (f"{the_book} is damaged ({' '.join(str(detail).split())[:120]}); "
            f"run `{doctor}` and {restore}")


def _chain(exc: BaseException):
    """The exception and those it hides (peewee wraps sqlite3's; a failed rollback raised
    inside `atomic()` hides the error that caused the rollback)."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        yield exc
        for arg in getattr(exc, "args", ())[:1]:
            if isinstance(arg, BaseException) and arg not in seen:
                yield arg
        exc = exc.__cause__ or exc.__context__


def disk_nearly_full(path: Path | None) -> bool:
    """Under 1 MiB free on the disk holding `path` (SQLite says "disk I/O error" there)."""
    if path is not None and not isinstance(path, Path):  # a server book: not our disk
        return False
    try:
        stats = os.statvfs((path or Path(".")).resolve().parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 1024 * 1024


def describe_storage_error(exc: BaseException, path: Path | str | None = None) -> tuple[int, str]:
    """(exit status, one line for the rep) for an error raised while using the book.

    The one place that tells busy, out of space, read-only and damaged apart, for the CLI
    (amtui.cli.main) and the TUI alike (screens' workers, form saves):
      3 busy: another amtui holds the write lock past the 5 s busy timeout
      3 out of space: "database or disk is full", ENOSPC/EDQUOT (a disk I/O error when
        the disk holding the book has under 1 MiB free counts as this too)
      2 read-only: "attempt to write a readonly database", EACCES/EPERM/EROFS
      2 damaged: "database disk image is malformed", "file is not a database"
      2 unreachable: a server book's server stopped answering (its connection failed)
      2 gone: the book file was moved or deleted while open (db.book_file)
      2 anything else from SQLite (the message says what it was)
    Messages about a failed write say that nothing was changed (the transaction rolled
    back).  A failed rollback never hides the real error: the chain is searched for it.
    """
    book = location_of(path) if path is not None else current()
    name = str(book) if book is not None else ""
    the_book = f"the book {name}" if name else "the book"
    kind, texts, oserror = _classify(exc, book)
    first = texts[0] if texts else str(exc)
    if kind == "no space":
        where = (oserror.filename if oserror is not None else None) or name or "the book"
        return 3, f"no space left on the disk holding {where}; nothing was changed"
    if kind == "busy":
        return 3, (f"{the_book} is busy: another amtui is writing to it; nothing was "
                   "changed, try again in a moment")
    if kind == "read-only":
        if oserror is not None:
            return 2, f"{the_book} can't be written ({oserror.strerror}); nothing was changed"
        return 2, (f"{the_book} is read-only (its file or folder can't be written); "
                   "nothing was changed")
    if kind == "damaged":
        return 2, damaged_message(book, first)
    if kind == "gone":
        said = next((err for err in _chain(exc) if isinstance(err, _book_gone())), None)
        if said is not None:  # a write refused: its line says where the book's copy went
            return 2, str(said)
        return 2, (f"the book file {name} is gone (moved or deleted while amtui had it "
                   "open); open it where it is now with --db")
    if kind == "unreachable":
        first = first.splitlines()[0].strip() if first.strip() else first
        return 2, (f"can't reach the server of {the_book} ({first}); nothing was changed, "
                   "try again once it answers")
    if "unable to open" in " | ".join(texts):
        return 2, f"can't open {the_book} ({first})"
    return 2, (f"{the_book} can't be used ({first}); check it with `amtui doctor` "
               "or restore a backup")


def storage_error_kind(exc: BaseException, path: Path | None = None) -> str:
    """busy | no space | read-only | damaged | unreachable | gone | other: what went wrong
    with the book (the one at `path`, else the open one), for callers that word it their
    own way (the TUI's form and key messages)."""
    return _classify(exc, location_of(path) if path is not None else current())[0]


def _classify(exc: BaseException, book: Path | ServerURL | None
              ) -> tuple[str, list[str], OSError | None]:
    """(kind, the chain's messages, the OSError that decided it if any): the one place that
    tells busy, out of space, read-only and damaged apart."""
    texts = []
    for err in _chain(exc):
        if isinstance(err, _book_gone()):
            return "gone", [str(err).lower()], None
        text = str(err).lower()
        if "rollback" in text and "no transaction is active" in text:
            continue  # the symptom of the real error further down the chain
        if isinstance(err, OSError) and err.errno in NO_SPACE_ERRNOS:
            return "no space", [text], err
        texts.append(text)
    joined = " | ".join(texts)
    if "database is locked" in joined or "database table is locked" in joined:
        return "busy", texts, None
    if "disk is full" in joined or "no space" in joined or (
            "disk i/o error" in joined and disk_nearly_full(book)):
        return "no space", texts, None
    if "readonly" in joined or "read-only" in joined:
        # a book opened read-only only because its disk is full: the write needs space
        return ("no space" if read_only_for_space(book) else "read-only"), texts, None
    for err in _chain(exc):
        if isinstance(err, OSError) and err.errno in _NOT_ALLOWED:
            return "read-only", texts, err
    if "malformed" in joined or "not a database" in joined or "corrupt" in joined:
        return "damaged", texts, None
    if isinstance(book, ServerURL) and any(sign in joined for sign in _SERVER_GONE):
        return "unreachable", texts, None
    if isinstance(book, Path) and "unable to open" in joined and not book.exists():
        return "gone", texts, None  # a new connection to a book moved away (db.book_file)
    return "other", texts, None


def _book_gone() -> type[Exception]:
    from amtui.db.book_file import BookGone  # book_file uses this module's neighbours

    return BookGone


# psycopg's words for a server that stopped answering (restarted, the network, a sleep)
_SERVER_GONE = ("connection failed", "connection is closed", "connection already closed",
                "server closed the connection", "terminating connection", "connection refused",
                "consuming input failed", "could not receive data", "could not send data",
                "timeout expired", "no route to host", "connection timed out", "ssl syscall")
