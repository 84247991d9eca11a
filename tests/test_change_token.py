"""The book's change token (core.changes) and what it saves: the whole book's health
scores kept while the book is unchanged."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta

import activity_fixtures as fx
import pytest
from playhouse.test_utils import count_queries

from amtui import db
from amtui.core import change_token as changes
from amtui.core import client_list, health, interactions
from amtui.models import database


def test_the_token_holds_while_the_book_is_only_read(book_path):
    fx.client("Acme")
    token = changes.change_token()
    client_list.client_page("")
    health.health_for()
    assert changes.change_token() == token


def test_our_own_writes_change_it(book_path):
    cid = fx.client("Acme")
    token = changes.change_token()
    interactions.log_interaction(cid, "Called about the renewal")
    assert changes.change_token() != token


def test_a_write_from_a_worker_thread_changes_it(book_path):
    token = changes.change_token()

    def write():
        fx.client("Written in a worker")
        db.close_book()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert changes.change_token() != token


def test_a_write_from_another_process_changes_it(book_path, engine):
    fx.client("Acme")
    token = changes.change_token()
    if engine == "sqlite":
        code = (
            "import sqlite3, sys; con = sqlite3.connect(sys.argv[1]); "
            "con.execute(\"UPDATE client SET notes = 'from a shell'\"); con.commit()"
        )
    else:
        code = (
            "import psycopg, sys; con = psycopg.connect(sys.argv[1]); "
            "con.execute(\"UPDATE client SET notes = 'from a shell'\"); con.commit()"
        )
    subprocess.run([sys.executable, "-c", code, str(book_path.url if engine != "sqlite" else book_path)],
                   check=True)
    assert changes.change_token() != token


def test_a_new_day_changes_it(book_path, monkeypatch, frozen_today):
    token = changes.change_token()
    monkeypatch.setenv("AMTUI_TODAY", (frozen_today + timedelta(days=1)).isoformat())
    assert changes.change_token() != token


def test_another_book_has_another_token(book_path, tmp_path):
    token = changes.change_token()
    db.open_book(tmp_path / "other.db")
    assert changes.change_token() != token


def test_an_in_memory_book_never_repeats_its_token(monkeypatch):
    from peewee import SqliteDatabase

    monkeypatch.setattr(database, "obj", SqliteDatabase(":memory:"))
    token = changes.change_token()
    assert token != token
    assert changes.change_token() != changes.change_token()


@pytest.mark.sqlite_only(reason="the watcher of a book file")
def test_a_file_that_is_not_readable_gives_a_token_that_never_repeats(book_path, monkeypatch):
    changes.forget()

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(changes.sqlite3, "connect", refuse)
    assert changes.change_token() != changes.change_token()


# --- the health scores kept while the book is unchanged -----------------------------------
def _book(n: int = 30) -> list[int]:
    return [fx.client(f"Client {i:02}", tier="ABC"[i % 3]) for i in range(n)]


def test_sorting_by_health_again_is_a_sort_not_a_scoring(book_path):
    _book()
    first = client_list.client_page("", sort="health", limit=10)
    with count_queries() as counted:
        again = client_list.client_page("", sort="health", limit=10)
    assert again == first
    # the matching ids, and the page's columns: no health or cadence query
    assert counted.count <= 2


def test_a_write_makes_the_kept_scores_stale_at_once(book_path):
    ids = _book()
    before = client_list.client_page("", sort="health", limit=50)
    interactions.log_interaction(ids[5], "Quarterly review")
    after = client_list.client_page("", sort="health", limit=50)
    was = {r.id: r.health for r in before}
    now = {r.id: r.health for r in after}
    assert now[ids[5]] > was[ids[5]]
    assert health.score_book().health[ids[5]] == health.client_health(ids[5])


def test_scores_are_not_kept_inside_a_write_transaction(book_path):
    ids = _book(3)
    health.score_book()
    with database.atomic():
        interactions.log_interaction(ids[1], "Inside the transaction")
        assert health.cached_book_scores() is None
        assert health.score_book().health[ids[1]] == health.client_health(ids[1])


def test_the_status_report_and_the_list_score_the_book_once(book_path):
    from amtui.reports import status

    _book()
    with count_queries() as cold:
        status.build()
    with count_queries() as warm:
        status.build()
    # kept scores: the second build runs no health or cadence query
    assert warm.count < cold.count


@pytest.mark.sqlite_only(reason="a read-only book file")
def test_a_read_only_book_gets_no_watcher_and_nothing_beside_it(book_path):
    fx.client("Acme")
    db.close_book()
    changes.forget()
    database = db.open_book(book_path, read_only=True)
    try:
        assert changes.change_token() != changes.change_token()  # always reload
        assert changes._watcher is None
    finally:
        db.close_book()
    assert database.is_closed()
