"""A server book's connections outlive the server's: a server that restarted, a network
that dropped or a laptop that slept leaves each thread's connection dead, and peewee
would hand the dead one out again for as long as the app runs ("the connection is
closed" on every key, the rep's typing unsaveable until a restart).

`ServerDatabase` replaces a dead connection on its next use outside a transaction, and
runs a read outside a transaction, or the BEGIN of a transaction, that found its
connection dead once more on a new one: a read or a save answers as if nothing happened
once the server is back.  A transaction that loses its connection after it began fails as a whole
(nothing of it was written) and is never run again behind the rep's back: the form keeps
their typing and ctrl+s tries again.
"""

from __future__ import annotations

from peewee import InterfaceError, OperationalError, PostgresqlDatabase


class ServerDatabase(PostgresqlDatabase):
    def cursor(self, *args, **kwargs):
        if self._lost():
            self._drop()
        return super().cursor(*args, **kwargs)

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except (OperationalError, InterfaceError):
            # only a read runs again: a write outside a transaction may have reached the
            # server before the connection died, and must not be made twice
            if not self._lost() or not _reads(sql):
                raise
            self._drop()
        return super().execute_sql(sql, params)

    def begin(self, *args, **kwargs):
        # peewee's BEGIN goes round execute_sql; nothing of the transaction has run yet
        try:
            return super().begin(*args, **kwargs)
        except (OperationalError, InterfaceError):
            if not self._lost():
                raise
            self._drop()
        return super().begin(*args, **kwargs)

    def _lost(self) -> bool:
        """This thread's connection is open, outside a transaction, and dead."""
        return (not self.in_transaction() and not self.is_closed()
                and not self.is_connection_usable())

    def _drop(self) -> None:
        try:
            self.close()
        except (OperationalError, InterfaceError):
            self.dispose()  # closing a dead connection failed: forget it all the same


def _reads(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"
