"""Shared fixtures: a temp-file book (thread workers need a real file) and a frozen today.

`--engine=postgresql` (or AMTUI_TEST_PG_URL) runs the suite on a PostgreSQL server: the
`book_path` fixture then gives each test a fresh database cloned from an empty book
template.  Tests about SQLite files carry `@pytest.mark.sqlite_only` and are skipped there.
"""

from __future__ import annotations

import itertools
import os
import uuid
from datetime import date

import pytest

from amtui import db
from amtui.db.location import location_of

# the pipeline tests' small book and movable clock, for every module that asks for them
pytest_plugins = ("pipeline_fixtures",)

TODAY = date(2026, 11, 27)  # a Friday; every date-dependent test counts from here
# the server every PostgreSQL test database is created on (the maintenance database)
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="postgresql" if os.environ.get("AMTUI_TEST_PG_URL") else "sqlite",
        help="the book's engine; postgresql uses $AMTUI_TEST_PG_URL (a server's "
        f"maintenance database, default {DEFAULT_PG_URL})",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): about SQLite files; skipped on PostgreSQL")
    config.addinivalue_line("markers", "pg_only: needs a PostgreSQL server (--engine=postgresql)")
    config.addinivalue_line("markers", "pg_xfail(reason): known to differ on PostgreSQL (xfail there)")


def on_postgres(config) -> bool:
    return config.getoption("--engine") == "postgresql"


def pytest_collection_modifyitems(config, items):
    if not on_postgres(config):
        for item in items:
            if item.get_closest_marker("pg_only") is not None:
                item.add_marker(pytest.mark.skip(reason="needs --engine=postgresql"))
        return
    smallest = _smallest_sizes(items)
    for item in items:
        mark = item.get_closest_marker("sqlite_only")
        if mark is not None:
            item.add_marker(pytest.mark.skip(reason=_reason(mark, "about SQLite files")))
        elif not _opens_a_server_book(item):
            # it runs exactly as in the SQLite run (parsing, formats, printing workbooks
            # from files): running it twice only doubled CI's time
            item.add_marker(pytest.mark.skip(reason="opens no book: the SQLite run covers it"))
        elif _size(item) not in (None, smallest.get(_flow(item))):
            # the engine doesn't change a screen's layout: a keyboard flow meets the server
            # at its smallest size, and the SQLite run takes it through every size
            item.add_marker(pytest.mark.skip(reason="layout: the SQLite run covers every size"))
        mark = item.get_closest_marker("pg_xfail")
        if mark is not None:
            item.add_marker(pytest.mark.xfail(reason=_reason(mark, "differs on PostgreSQL"),
                                              strict=False))


def _size(item):
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.params.get("size")


def _flow(item) -> tuple:
    return item.path, getattr(item, "originalname", item.name)


def _smallest_sizes(items) -> dict:
    """Each size-parametrized test's smallest terminal (by cells)."""
    smallest: dict = {}
    for item in items:
        size = _size(item)
        if isinstance(size, tuple):
            key = _flow(item)
            if key not in smallest or size[0] * size[1] < smallest[key][0] * smallest[key][1]:
                smallest[key] = size
    return smallest


def _opens_a_server_book(item) -> bool:
    """Whether a test meets PostgreSQL: it asks for a book (every book fixture goes through
    `pg_server`) or is marked as needing the server."""
    return ("pg_server" in getattr(item, "fixturenames", ())
            or item.get_closest_marker("pg_only") is not None)


def _reason(mark, default: str) -> str:
    return mark.kwargs.get("reason") or (mark.args[0] if mark.args else default)


@pytest.fixture
def frozen_today(monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", TODAY.isoformat())
    return TODAY


class _PgServer:
    """Creates one empty-book template per test run (per xdist worker), then a database
    per test from it.  CREATE DATABASE ... TEMPLATE takes 0.15-0.2 s on a busy 2-core
    machine, a third of a short test: the next test's database is made (and the last
    one dropped) on a thread while a test runs."""

    def __init__(self, admin_url: str):
        from concurrent.futures import ThreadPoolExecutor
        from urllib.parse import urlsplit

        self.admin_url = admin_url
        self.parts = urlsplit(admin_url)
        self.prefix = f"amtui_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_tpl"
        self.created: list[str] = []
        self._numbers = itertools.count()  # names for the thread's clones and the test's own
        self._admin("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
                    self.template)
        db.open_book(self.url(self.template))
        db.close_book()
        db.models.database.initialize(None)
        self._ahead = ThreadPoolExecutor(max_workers=1)  # one at a time: in order
        self._next = self._ahead.submit(self._clone)

    def url(self, name: str) -> str:
        return self.parts._replace(path=f"/{name}").geturl()

    def _admin(self, sql: str, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.format(f'"{name}"'))

    def cut_off(self, name_url: str, *, refuse: bool = False) -> None:
        """What a server restart does to a book's connections: every amtui connection to
        it is ended; with refuse=True it takes no new ones until `let_in` (still down)."""
        import psycopg

        name = name_url.rsplit("/", 1)[1]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            if refuse:
                conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND application_name = 'amtui'", (name,))

    def let_in(self, name_url: str) -> None:
        self._admin("ALTER DATABASE {} ALLOW_CONNECTIONS true", name_url.rsplit("/", 1)[1])

    def _clone(self) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self.created.append(name)
        self._admin(f"CREATE DATABASE {{}} TEMPLATE \"{self.template}\"", name)
        return self.url(name)

    def fresh(self) -> str:
        """A database cloned from the empty book (made while the test before ran)."""
        url = self._next.result()
        self._next = self._ahead.submit(self._clone)
        return url

    def fresh_empty(self) -> str:
        """An empty database (no book yet), dropped at the end of the run."""
        name = f"{self.prefix}_{next(self._numbers)}"
        self._admin("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                    "LC_CTYPE 'C'", name)
        self.created.append(name)
        return self.url(name)

    def drop(self, name_url: str) -> None:
        """Dropped on the thread, before the next clone (the test is done with it)."""
        name = name_url.rsplit("/", 1)[1]
        self._ahead.submit(self._admin, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def close(self) -> None:
        self._ahead.shutdown(wait=True)
        db.close_book()
        for name in [*self.created, self.template]:
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.fixture(scope="session")
def pg_server(request):
    if not on_postgres(request.config):
        yield None
        return
    server = _PgServer(os.environ.get("AMTUI_TEST_PG_URL") or DEFAULT_PG_URL)
    yield server
    server.close()


@pytest.fixture
def engine(request) -> str:
    return request.config.getoption("--engine")


@pytest.fixture
def book_path(tmp_path, monkeypatch, frozen_today, pg_server):
    """An empty, open book in a temp file (or a fresh PostgreSQL database with
    --engine=postgresql); also the default for CLI commands."""
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    if pg_server is None:
        path = tmp_path / "book.db"
        monkeypatch.setenv("AMTUI_DB", str(path))
        db.open_book(path)
        yield path
        db.close_book()
        return
    url = pg_server.fresh()
    monkeypatch.setenv("AMTUI_DB", url)
    db.open_book(url)
    yield location_of(url)
    db.close_book()
    db.models.database.initialize(None)
    pg_server.drop(url)


@pytest.fixture
def demo_book(book_path):
    """The demo book (seed 7) in a temp file, dated from the frozen today."""
    from amtui import demo

    demo.build_demo_book()
    return book_path


def make_version_1(path) -> None:
    """Turn the (closed) book file at `path` back into a schema version 1 book: no search
    text, no undo log, none of their triggers."""
    import sqlite3

    con = sqlite3.connect(path)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    for table in ("book_text", "undo_row", "undo_action"):
        con.execute(f"DROP TABLE {table}")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


@pytest.fixture
def new_york(monkeypatch):
    """The rep in New York (UTC-5 in November), so a UTC day and a local day differ."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
