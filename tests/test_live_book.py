"""An open app follows the book (issue 18): a change made on the other machine (a
connection of its own, the `amtui` command in its own process) shows on the screen the rep
is looking at within a bounded wait, on both engines (--engine=postgresql: LISTEN/NOTIFY;
a file: the change counter looked at every INTERVAL).  A burst of changes gives one reload,
and a form open during the change keeps the rep's typing (the list reloads when it closes)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pilot_helpers import settle, wait_for
from textual.widgets import Input
from two_machines import amtui_command, elsewhere

from amtui import db
from amtui.core import book_watch, clients, snapshots
from amtui.tui.app import AmtuiApp
from amtui.tui.forms.client import ClientForm
from amtui.tui.screens.clients import ClientsScreen
from amtui.tui.widgets.client_table import ClientTable

SIZES = [(80, 24), (160, 50)]


@pytest.fixture
def book(book_path, monkeypatch):
    monkeypatch.setattr(book_watch, "INTERVAL", 0.1)  # a file's counter: looked at often
    ids = {name: clients.create_client(name) for name in ("Acme", "Globex", "Initech")}
    snapshots.snapshot_if_due()  # so the app's start writes nothing of its own
    return book_path, ids


def shown(app) -> list[str]:
    table = app.screen.query_one(ClientTable)
    return [table.cell_text(i, "name") for i in range(table.row_count)]


async def open_clients(app, pilot) -> ClientsScreen:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    # a server book: the LISTEN is in place before the other machine writes
    await wait_for(pilot, lambda: not db.is_server(db.models.database.obj)
                   or app.live_book.watch.listening, "listening")
    assert isinstance(app.screen, ClientsScreen)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_client_added_by_the_cli_shows_in_the_open_list(book, size):
    path, _ids = book
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=size) as pilot:
        screen = await open_clients(app, pilot)
        assert "Zephyr" not in shown(app)
        done = await asyncio.to_thread(amtui_command, path, "client", "add", "Zephyr")
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: "Zephyr" in shown(app), "the new client listed")
        assert app.screen is screen and screen.total == 4
    assert app.live_book.watch._thread is None  # closing the app stopped the watch


async def test_a_rename_on_the_other_machine_shows_at_once(book):
    path, ids = book
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_clients(app, pilot)
        elsewhere(path, "UPDATE client SET name = 'Globex Intl', name_key = 'globex intl', "
                  "version = version + 1 WHERE id = ?", ids["Globex"])
        await wait_for(pilot, lambda: "Globex Intl" in shown(app), "the new name shown")


async def test_a_burst_of_changes_gives_one_reload(book):
    path, ids = book
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_clients(app, pilot)
        before = app.live_book.reloads
        for n in range(10):
            elsewhere(path, "UPDATE client SET industry = ? WHERE id = ?", f"Retail {n}", ids["Acme"])
        await wait_for(pilot, lambda: app.live_book.reloads > before, "a reload")
        await settle(pilot)
        # the burst is over before the debounce ends: one reload (two if a look at a file
        # fell in the middle of it), never one per change
        assert app.live_book.reloads - before <= 2
        assert app.live_book.told >= 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_form_open_during_the_change_keeps_the_typing(book, size):
    path, ids = book
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=size) as pilot:
        screen = await open_clients(app, pilot)
        app.push_screen(ClientForm(ids["Acme"]))
        await settle(pilot)
        form = app.screen
        form.query_one("#field-phone", Input).value = "555-0142"  # the rep's typing
        await pilot.pause()
        told, reloads = app.live_book.told, app.live_book.reloads
        elsewhere(path, "UPDATE client SET name = 'Initech Two', name_key = 'initech two', "
                  "version = version + 1 WHERE id = ?", ids["Initech"])
        await wait_for(pilot, lambda: app.live_book.told > told, "the change told")
        await wait_for(pilot, lambda: app.live_book._timer is None, "the look after it")
        await settle(pilot)
        assert app.screen is form  # nothing reloaded underneath the form
        assert form.query_one("#field-phone", Input).value == "555-0142"
        assert app.live_book.reloads == reloads and "Initech Two" not in shown_under(screen)
        form.dismiss(None)  # the form closes: the list shows the book as it is now
        await wait_for(pilot, lambda: app.screen is screen and "Initech Two" in shown(app),
                       "the list reloaded once the form closed")


def shown_under(screen: ClientsScreen) -> list[str]:
    table = screen.query_one(ClientTable)
    return [table.cell_text(i, "name") for i in range(table.row_count)]


async def test_the_watch_tells_of_a_commit_and_stops(book):
    path, ids = book
    told = threading.Event()
    watch = book_watch.BookWatch(told.set, interval=0.1)
    watch.start()
    try:
        await wait_for(None, lambda: not db.is_server(db.models.database.obj) or watch.listening,
                       "listening", timeout=10)
        assert not told.is_set()
        elsewhere(path, "UPDATE client SET tier = 'A' WHERE id = ?", ids["Acme"])
        assert await asyncio.to_thread(told.wait, 10)
    finally:
        watch.stop(timeout=5)
    assert not watch.listening


@pytest.mark.sqlite_only
async def test_a_commit_before_the_watch_thread_runs_is_still_told(book, monkeypatch):
    """On a busy machine the watch's thread may first run after a commit: the counter it
    compares with was read when start() returned, so that commit is a change."""
    path, ids = book
    go = threading.Event()
    poll = book_watch.BookWatch._poll

    def slow_poll(self, last):
        go.wait(10)  # the thread is late: the commit below happens before it reads anything
        poll(self, last)

    monkeypatch.setattr(book_watch.BookWatch, "_poll", slow_poll)
    told = threading.Event()
    watch = book_watch.BookWatch(told.set, interval=0.05)
    watch.start()
    try:
        elsewhere(path, "UPDATE client SET tier = 'B' WHERE id = ?", ids["Globex"])
        go.set()
        assert await asyncio.to_thread(told.wait, 10)
    finally:
        go.set()
        watch.stop(timeout=5)


@pytest.mark.pg_only
def test_a_book_without_notify_gets_it_on_open(book):
    from amtui import pg_schema

    path, _ids = book
    database = db.models.database.obj
    # the change function as it was before NOTIFY
    database.execute_sql(pg_schema.count_function_sql().replace(
        f"PERFORM pg_notify('{pg_schema.CHANNEL}', counted::text);", ""))
    assert not pg_schema.installed(database) and pg_schema.installed(database, notify=False)
    db.close_book()
    db.open_book(path)
    assert pg_schema.installed(db.models.database.obj)


@pytest.mark.parametrize("size", SIZES)
async def test_a_deals_own_screen_follows_a_change_made_elsewhere(book, size):
    """A deal's screen (a modal view, no typing in it) showed what it read when opened
    until a key was pressed; it now reloads like a section."""
    from amtui.core.deal_moves import create_deal
    from amtui.tui.screens.deal_detail import DealDetailScreen

    path, ids = book
    deal_id = create_deal(ids["Acme"], "Analytics seats", 12000)
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=size) as pilot:
        await open_clients(app, pilot)
        app.push_screen(DealDetailScreen(deal_id))
        await settle(pilot)
        screen = app.screen
        facts = lambda: str(screen.query_one("#deal-facts").render())  # noqa: E731
        assert "$12,000.00" in facts()
        done = await asyncio.to_thread(amtui_command, path, "deal", "edit", str(deal_id),
                                       "--amount", "15000", "--next-step", "Send the order form")
        assert done.returncode == 0, done.stderr
        await wait_for(pilot, lambda: "$15,000.00" in facts(), "the new amount shown")
        assert "Send the order form" in facts() and app.screen is screen
        assert "$15,000" in str(screen.query_one("#deal-history").get_row_at(0))
