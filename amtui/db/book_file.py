"""A book file's connections, when the file goes away under an open amtui.

A sync tool, a restore or a stray `mv` can move, replace or delete the book while amtui
has it open.  SQLite alone then does two harmful things: a thread's new connection to the
missing path creates an empty database there (the app read "no such table", and the next
start found a 4 KB stranger where the book was), and a connection already open keeps
writing into a deleted file, whose every page is gone when amtui quits.

`BookFile` opens its connections with `mode=rw`, so a missing book is never created, and
checks at the start of every write transaction that the path still names the file the
connection opened:
- replaced (a backup restored, a sync): the connection reopens the file now there, as
  the screens' reload (core.change_token) does, and the write goes there;
- gone (moved or deleted): nothing is written.  The first time, what the connection still
  has open is copied beside the old path (`book.db.rescued-STAMP.db`), so a deleted
  book is not lost with the process, and the rep is told where it is.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import OperationalError, SqliteDatabase

from amtui.db.backups import stamp
from amtui.db.read_only import uri
from amtui.files import temp_beside


class BookGone(OperationalError):
    """The book's file was moved or deleted while it was open; nothing was written."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino


class BookFile(SqliteDatabase):
    def __init__(self, path: Path, **kwargs):
        super().__init__(uri(path, "rw"), uri=True, **kwargs)
        self.amtui_path = path
        self.rescued: Path | None = None  # the copy made when the file went, once

    def _connect(self):
        conn = super()._connect()
        self._state.opened = _identity(self.amtui_path)  # per thread, as the connection
        return conn

    def begin(self, *args, **kwargs):
        self._check_file()
        return super().begin(*args, **kwargs)

    def _check_file(self) -> None:
        opened = getattr(self._state, "opened", None)
        now = _identity(self.amtui_path)
        if opened is None or now == opened or self.in_transaction():
            return
        if now is not None:  # another file there now: it is the book
            self.close()
            self.connect()
            return
        raise BookGone(gone_message(self.amtui_path, self._rescue()))

    def _rescue(self) -> Path | None:
        """Copy what this connection has open beside the old path, once; None if that
        can't be written (the folder went too, a full disk)."""
        if self.rescued is not None:
            return self.rescued
        path = self.amtui_path
        copy = path.with_name(f"{path.name}.rescued-{stamp()}.db")
        try:
            # 0600 as the book (client PII), whole or not at all (a full disk)
            with temp_beside(copy, replace=False) as tmp:
                target = sqlite3.connect(tmp)
                try:
                    self._state.conn.backup(target)
                finally:
                    target.close()
        except (sqlite3.Error, OSError):
            return None
        self.rescued = copy
        return copy


def gone_message(path: Path, rescued: Path | None) -> str:
    what = (f"amtui copied the book as it had it open to {rescued}"
            if rescued is not None else "amtui could not copy it beside the old path")
    return (f"the book file {path} is gone (moved or deleted while amtui had it open); "
            f"nothing was saved.  {what}: quit, and open the book where it is now "
            "with --db (or that copy)")
