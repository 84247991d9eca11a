"""Issue 10 parts 1-2 and issue 11 "Errors in background work", in the TUI.

- No control character from the book reaches a rendered cell, label, title or toast, and
  text that looks like Rich markup shows as typed (it neither styles nor crashes).
- A save that fails on storage (busy, read-only, damaged) keeps the form and its text
  open and says what happened; other writes from keys notify instead of crashing.
- A read-only book opens with a banner and the write keys disabled.
- A loader that fails leaves the app up with "could not read the book: … — r to retry".
"""

from __future__ import annotations

import importlib
import sqlite3

import peewee  # the tests put the book in the states the TUI must survive
import pytest
from conftest import TODAY
from pilot_helpers import listening_app, settle
from textual.widgets import Input

from amtui import models
from amtui.core import clients, followups, interactions
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import LogInteractionForm
from amtui.tui.screens.base import SectionScreen

# A terminal retitle + clear screen, a one-byte CSI, a bidi override, and markup that
# would style the rest of the line or raise a MarkupError if parsed.
EVIL = "Evil\x1b]0;PWNED\x07\x1b[2J[bold red]loud[/] [/nope]\x9b\u202e"


def control_characters(text: str) -> list[str]:
    return sorted({
        hex(ord(c)) for c in text
        if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F or c in "\u202a\u202b\u202c\u202d\u202e"
    })


def assert_clean(app, where: str) -> None:
    svg = app.export_screenshot()
    assert not control_characters(svg), f"{where}: {control_characters(svg)}"


@pytest.fixture
def evil_demo(demo_book):
    """The demo book with text written by another tool: every kind of record carries EVIL."""
    first = [c.id for c in models.Client.select(models.Client.id).order_by(models.Client.name).limit(8)]
    models.Client.update(name=models.Client.name.concat(EVIL), industry=EVIL).where(
        models.Client.id.in_(first)
    ).execute()
    models.Contact.update(name=models.Contact.name.concat(EVIL), title=EVIL).execute()
    models.FollowUp.update(title=EVIL).execute()
    models.Interaction.update(summary=EVIL).execute()
    models.Opportunity.update(title=models.Opportunity.title.concat(EVIL), next_step=EVIL).execute()
    models.ServiceIssue.update(title=EVIL).execute()
    models.Product.update(name=models.Product.name.concat(EVIL)).execute()
    return demo_book


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_no_control_character_reaches_the_screen(evil_demo, size):
    app = AmtuiApp(db_path=evil_demo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_clean(app, "today")
        follow_ups = app.screen.table("follow_ups")  # a virtual list: the text shown visibly
        assert follow_ups.cell_text(0, "title").startswith("Evil\u241b]0;PWNED\u2407")
        assert "[bold red]loud[/]" in follow_ups.shown_cell(0, "title") or size[0] < 120
        for key, where in (("2", "clients"), ("3", "pipeline"), ("4", "quota"), ("5", "reports")):
            await pilot.press(key)
            await settle(pilot)
            assert_clean(app, where)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")  # the first client: its detail
        await settle(pilot)
        assert_clean(app, "client detail")
        await pilot.press("tab")  # the timeline: a virtual list of summaries carrying EVIL
        await settle(pilot)
        assert app.screen.part == "timeline"
        assert_clean(app, "client timeline")
        timeline = app.screen.query_one("#table-timeline")
        assert timeline.cell_text(0, "summary").startswith("Evil\u241b]0;PWNED\u2407\u241b[2J[bold red]loud[/]")
        await pilot.press("l")  # the log form, titled with the client's name
        await settle(pilot)
        assert_clean(app, "log form")
        await pilot.press("escape")
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert_clean(app, "deal detail")
        await pilot.press("escape", "1")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"evil")
        await pilot.pause(0.3)
        await settle(pilot)
        assert_clean(app, "palette")
        await pilot.press("escape")
        app.notify(f"Logged with {EVIL}")  # what a screen says after a save
        await pilot.pause()
        assert_clean(app, "notification")


# --- part 2: a save that fails keeps the form and its text --------------------------------

TYPED = "Called about the renewal; they want a proposal"


def toasts(app) -> str:
    return " | ".join(app.said)


@pytest.fixture
def one_client(book_path):
    acme = clients.create_client("Acme")
    followups.add_follow_up(acme, "Send deck", TODAY)
    return {"path": book_path, "acme": acme}


async def open_log_form(app, pilot, client_id: int) -> None:
    app.push_screen(LogInteractionForm(client_id))
    await settle(pilot)
    assert isinstance(app.screen, FormScreen)
    field = app.screen.query_one("#field-summary", Input)
    field.focus()
    await pilot.press(*TYPED)


def summary_text(app) -> str:
    return app.screen.query_one("#field-summary", Input).value


@pytest.mark.sqlite_only(reason="SQLite's file lock held by another connection")
@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_save_under_a_held_lock_keeps_the_form_and_saves_on_retry(one_client, size):
    async with listening_app(one_client["path"], size) as (app, pilot):
        await open_log_form(app, pilot, one_client["acme"])
        # The busy timeout is 5 s (db.PRAGMAS); 50 ms is enough to see the lock refused.
        models.database.execute_sql("PRAGMA busy_timeout = 50")
        holder = sqlite3.connect(one_client["path"], timeout=1)
        holder.execute("BEGIN IMMEDIATE")  # another amtui in the middle of a write
        try:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.is_running
            assert isinstance(app.screen, FormScreen)
            assert summary_text(app) == TYPED
            assert "the book is busy (another amtui is writing) — ctrl+s to try again" in toasts(app)
            assert models.Interaction.select().count() == 0
        finally:
            holder.rollback()
            holder.close()
        await pilot.press("ctrl+s")  # the lock is gone: the same text saves
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert [i.summary for i in models.Interaction.select()] == [TYPED]


@pytest.mark.pg_only
@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_a_server_gone_while_typing_keeps_the_form_and_saves_once_it_is_back(
        one_client, pg_server, size):
    """A server restarted (or the network dropped) under an open form: the save says so
    and keeps the typing; once the server answers, ctrl+s saves on a new connection."""
    url = one_client["path"].url
    async with listening_app(one_client["path"], size) as (app, pilot):
        await open_log_form(app, pilot, one_client["acme"])
        pg_server.cut_off(url, refuse=True)
        try:
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, FormScreen)
            assert summary_text(app) == TYPED
            said = toasts(app)
            assert "can't reach the server of the book" in said
            assert "nothing was changed, try again once it answers" in said
        finally:
            pg_server.let_in(url)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert [i.summary for i in models.Interaction.select()] == [TYPED]


@pytest.mark.sqlite_only(reason="SQLite's query_only pragma")
async def test_save_on_a_book_sqlite_refuses_to_write_says_read_only(one_client):
    async with listening_app(one_client["path"], (80, 24)) as (app, pilot):
        await open_log_form(app, pilot, one_client["acme"])
        models.database.execute_sql("PRAGMA query_only = 1")  # what a mode=ro connection does
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        assert summary_text(app) == TYPED
        assert "the book is read-only" in toasts(app)
        models.database.execute_sql("PRAGMA query_only = 0")


async def test_save_on_a_damaged_page_keeps_the_text(one_client, monkeypatch):
    def damaged(*_args, **_kwargs):
        raise peewee.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(interactions, "log_interaction", damaged)
    async with listening_app(one_client["path"], (80, 24)) as (app, pilot):
        await open_log_form(app, pilot, one_client["acme"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, FormScreen)
        assert summary_text(app) == TYPED
        assert "the book is damaged: run amtui doctor" in toasts(app)


@pytest.mark.sqlite_only(reason="SQLite's file lock held by another connection")
async def test_a_key_that_writes_under_a_lock_notifies_instead_of_crashing(one_client):
    async with listening_app(one_client["path"], (80, 24)) as (app, pilot):
        models.database.execute_sql("PRAGMA busy_timeout = 50")
        holder = sqlite3.connect(one_client["path"], timeout=1)
        holder.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("s")  # snooze the follow-up on Today
            await pilot.pause()
            assert app.is_running
            assert "Not saved: the book is busy" in toasts(app)
        finally:
            holder.rollback()
            holder.close()
        assert models.FollowUp.get().due_on == TODAY  # nothing half-written


# --- a book opened read-only ----------------------------------------------------------------


@pytest.mark.sqlite_only(reason="a read-only book file")
async def test_read_only_book_shows_a_banner_and_disables_write_keys(one_client):
    app = AmtuiApp(db_path=one_client["path"], read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        banner = app.screen.query_one("#read-only-banner")
        assert "Read-only book" in str(banner.render())
        for action in ("done", "snooze", "log", "follow_up", "edit"):
            assert not app.screen.check_action(action, ()), action
        assert app.screen.check_action("refresh", ())
        await pilot.press("d", "s", "l")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)  # no form opened
        assert models.FollowUp.get().done_at is None
        assert models.FollowUp.get().due_on == TODAY
        assert not app.check_action("new_client", ())  # the palette's way in too
        for key in ("2", "3", "4", "5"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.query("#read-only-banner"), key
            assert not app.screen.check_action("new", ())


# --- issue 11: errors in background work -------------------------------------------------

LOADERS = [
    # (key to reach the screen, module attribute its worker calls)
    ("1", "amtui.core.today.agenda"),  # imported by the worker as it runs
    ("2", "amtui.core.client_list.client_ids"),
    ("3", "amtui.core.pipeline_view.deal_order"),
    ("4", "amtui.tui.screens.quota.quota_status"),
    ("5", "amtui.tui.screens.reports.recent_exports"),
    ("whitespace", "amtui.tui.screens.whitespace.white_space"),
    ("detail", "amtui.tui.screens.client_detail.client_detail"),
]


@pytest.mark.parametrize("where,target", LOADERS, ids=[t.rsplit(".", 1)[1] for _, t in LOADERS])
async def test_a_failing_loader_is_shown_and_r_retries(one_client, monkeypatch, where, target):
    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, name)

    def locked(*_args, **_kwargs):
        raise peewee.OperationalError("database is locked")

    async with listening_app(one_client["path"], (100, 30)) as (app, pilot):
        monkeypatch.setattr(module, name, locked)
        if where == "whitespace":
            from amtui.tui.screens.whitespace import open_white_space

            open_white_space(app)
        elif where == "detail":
            from amtui.tui.navigation import open_client

            open_client(app, one_client["acme"])
        elif where == "1":
            await pilot.press("r")
        else:
            await pilot.press(where)
        await settle(pilot)
        assert app.is_running
        problem = app.screen.query_one("#book-problem")
        assert problem.display
        assert "could not read the book: database is locked — r to retry" in str(problem.render())
        monkeypatch.setattr(module, name, real)
        app.screen.action_reload()  # what r does (on every section; some bind r to more)
        await settle(pilot)
        assert app.is_running
        assert not app.screen.query_one("#book-problem").display


async def test_any_key_whose_read_fails_leaves_the_app_up(one_client, monkeypatch):
    """The app's run_action catches what no screen did (here a read before a write)."""
    import amtui.tui.screens.clients as clients_screen

    def damaged(*_args, **_kwargs):
        raise peewee.DatabaseError("database disk image is malformed")

    async with listening_app(one_client["path"]) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        monkeypatch.setattr(clients_screen, "get_client", damaged)
        await pilot.press("a")  # archive: reads the client first
        await pilot.pause()
        assert app.is_running
        assert "the book is damaged: run amtui doctor" in toasts(app)
        await pilot.press("1")  # and the app still answers keys
        await settle(pilot)
        assert app.current_mode == "today"


async def test_a_key_that_only_reads_says_what_failed_not_not_saved(one_client, monkeypatch):
    """A read-only key's failure (here `r`) is "Could not read the book: …", never "Not
    saved" (nothing was to be saved)."""
    from amtui.tui.screens.today import TodayScreen

    def damaged(_screen):
        raise peewee.DatabaseError("database disk image is malformed")

    async with listening_app(one_client["path"]) as (app, pilot):
        monkeypatch.setattr(TodayScreen, "action_reload", damaged)
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running
        said = toasts(app)
        assert "Could not read the book: the book is damaged: run amtui doctor" in said
        assert "Not saved" not in said
