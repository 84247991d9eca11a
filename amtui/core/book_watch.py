"""Telling an open app that the book changed, without a screen being shown again.

    watch = BookWatch(changed)   # changed() is called from the watch's own thread
    watch.start()
    ...
    watch.stop()

A PostgreSQL book notifies: its change trigger sends `NOTIFY amtui_change` when a
transaction that wrote commits (amtui/pg_schema.py), on this machine or another.  The watch
LISTENs on a connection of its own, in autocommit, and calls `changed()` once per burst of
notifications.  A SQLite file can't notify: the watch reads core.change_token (`PRAGMA
data_version` on the watcher connection, a few microseconds) every `interval` seconds and
calls `changed()` when it moved.  Both also call it when the day turns (figures such as
"overdue" change at midnight with no write).

`changed()` only says "look again": whether a screen's data is older than the book is
its own Freshness (tui/freshness.py).  The watch never touches peewee's connections, so
it never holds a transaction open or competes with the app's workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from peewee import PostgresqlDatabase

from amtui.core import clock
from amtui.core.change_token import change_token
from amtui.models import database

INTERVAL = 2.0  # seconds between two looks at a file book (and at the day)
WAKE = 0.5  # a server watch waits this long at most for a notification, so stop() is quick


class BookWatch:
    def __init__(self, changed: Callable[[], None], *, interval: float = INTERVAL) -> None:
        self.changed = changed
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connection = None  # a server book's listening connection

    @property
    def listening(self) -> bool:
        """Whether the server's notifications are being listened to (tests wait on it)."""
        return self._connection is not None

    def start(self) -> None:
        db = database.obj
        if isinstance(db, PostgresqlDatabase):
            run, args = self._listen, (db,)
        else:
            # the counter as it is now, read before start() returns: a commit made right
            # after (by the caller or another process) is then a change, even if the
            # watch's thread is slow to get going on a busy machine
            run, args = self._poll, (self._token(),)
        self._thread = threading.Thread(target=run, args=args, name="amtui-book-watch",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 0.0) -> None:
        """The thread ends (closing its connection) within WAKE or `interval` seconds; it
        is a daemon, so nothing waits for it unless `timeout` says to."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- a file: the change counter, every interval ---------------------------------------
    def _poll(self, last: Hashable) -> None:
        if last != last:  # a token equal to nothing (read-only, in memory): can't tell
            return
        while not self._stop.wait(self.interval):
            token = self._token()
            if token != last:
                last = token
                self._tell()

    @staticmethod
    def _token() -> Hashable:
        try:
            return change_token()
        except Exception:  # noqa: BLE001  (the book closed under us: nothing to tell)
            return None

    # --- a server: LISTEN ------------------------------------------------------------------
    def _listen(self, db: PostgresqlDatabase) -> None:
        from amtui.pg_schema import CHANNEL

        day = clock.today()
        lost = False
        while not self._stop.is_set():
            try:
                connection = db._connect()  # a connection of its own, with the book's parameters
                connection.autocommit = True
                connection.execute(f"LISTEN {CHANNEL}")
            except Exception:  # noqa: BLE001  (the server is away: try again later)
                lost = True
                self._stop.wait(self.interval)
                continue
            self._connection = connection
            if lost:  # notifications were missed while away: look again
                lost = False
                self._tell()
            try:
                while not self._stop.is_set():
                    got = sum(1 for _ in connection.notifies(timeout=WAKE, stop_after=1))
                    if got:  # the rest of a burst already received: one call for all of it
                        got += sum(1 for _ in connection.notifies(timeout=0))
                    if clock.today() != day:
                        day, got = clock.today(), got + 1
                    if got and not self._stop.is_set():
                        self._tell()
            except Exception:  # noqa: BLE001  (connection lost: reconnect and look again)
                lost = True
            finally:
                self._connection = None
                try:
                    connection.close()
                except Exception:  # noqa: BLE001
                    pass

    def _tell(self) -> None:
        try:
            self.changed()
        except Exception:  # noqa: BLE001  (the app is closing: nothing to tell)
            pass
