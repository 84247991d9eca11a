"""SQL that differs between SQLite and PostgreSQL, chosen by the open book's engine.

Each helper returns a peewee expression with the same result on both engines; core
modules call these instead of an engine's own function (`instr`, `julianday`,
`date(x, 'localtime')`).
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path

from peewee import SQL, Cast, NodeList, PostgresqlDatabase, Value, fn

from amtui.models import database


def on_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def local_date(stamp):
    """The local calendar day of a stored UTC timestamp (text `YYYY-MM-DD HH:MM:SS`), in
    the process's time zone, as Python's `clock.local` gives it.  SQLite's 'localtime' is
    that zone already; PostgreSQL gets the zone's name (its own session zone is the
    server's, not ours)."""
    if not on_postgres():
        return fn.date(stamp, "localtime")
    return fn.date(NodeList(
        (Cast(stamp, "timestamp"), SQL("AT TIME ZONE 'UTC' AT TIME ZONE"), Value(local_zone())),
        parens=True,
    ))


def as_date(value):
    """A stored date (or date text) as a date the engine can subtract."""
    return fn.date(value)


def days_from(since, today: date):
    """Whole days from the date expression `since` to `today` (negative if later)."""
    if not on_postgres():
        return (fn.julianday(today.isoformat()) - fn.julianday(since)).cast("INTEGER")
    return Value(today.isoformat()).cast("date") - since


def position(haystack, needle: str):
    """1-based position of `needle` in `haystack`, 0 if absent; no LIKE wildcards."""
    return fn.strpos(haystack, needle) if on_postgres() else fn.instr(haystack, needle)


@cache
def _zone_from_system() -> str:
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1].removeprefix("posix/")
    except OSError:
        pass
    try:
        return Path("/etc/timezone").read_text().strip() or "UTC"
    except OSError:
        return "UTC"


def local_zone() -> str:
    """The process's time zone as a name PostgreSQL knows (the IANA names both use): $TZ,
    read on every call as time.tzset() would, else the system's /etc/localtime zone."""
    return os.environ.get("TZ", "").removeprefix(":") or _zone_from_system()
