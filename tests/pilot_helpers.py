"""What the Pilot tests share: settling, waiting for a condition, reading what the app
told the rep, and an app that records what it tells the rep."""

from __future__ import annotations

import asyncio
import io
from contextlib import asynccontextmanager
from time import monotonic

from rich.console import Console

from amtui.tui.app import AmtuiApp

NOTIFICATIONS_ATTRIBUTE = "_notifications"


async def settle(pilot, rounds: int = 1, groups: tuple[str, ...] = ()) -> None:
    """Let the screen's messages and its thread workers finish; `rounds` times, for a
    worker whose result starts another.  `groups`: wait for those workers' groups only
    (beside a worker that never ends, such as a directory tree's loader)."""
    for _ in range(rounds):
        await pilot.pause()
        ours = [w for w in pilot.app.workers if w.group in groups] if groups else None
        if ours != []:  # an empty list would mean every worker
            await pilot.app.workers.wait_for_complete(ours)
    await pilot.pause()


def visible_rows(table) -> int:
    """Rows of a table (a DataTable or a virtual list) on screen: its height inside every
    scrolling ancestor, less its header."""
    region = table.region
    for ancestor in table.ancestors_with_self:
        if getattr(ancestor, "is_scrollable", False) and ancestor is not table and hasattr(ancestor, "region"):
            region = region.intersection(ancestor.region)
    header = getattr(table, "show_header", True)
    return max(0, region.height - (1 if header else 0))


async def walk_rows(pilot, table, line) -> list[tuple[int, int, str]]:
    """Put the cursor on a table's first row (`home`), then `down` to its last: at each
    row the table's height, the line's under it (0 while hidden) and what the line says
    (its lines joined, runs of spaces made one)."""
    table.focus()
    await pilot.press("home")
    await pilot.pause()
    seen = []
    for index in range(table.row_count):
        if index:
            await pilot.press("down")
            await pilot.pause()
        said = " ".join(str(line.render()).split()) if line.display else ""
        seen.append((table.region.height, line.region.height if line.display else 0, said))
    return seen


async def wait_for(pilot, condition, what: str, timeout: float = 20.0) -> None:
    """Until condition() holds, or fail after `timeout` seconds naming `what`.  With a
    pilot the app's own events run meanwhile; without one (a watch thread, no app) the
    event loop does.  No fixed sleep: it returns as soon as the condition holds."""
    pause = pilot.pause if pilot is not None else asyncio.sleep
    deadline = monotonic() + timeout
    while not condition():
        assert monotonic() < deadline, f"not within {timeout} s: {what}"
        await pause(0.02)


async def close_welcome(app, pilot) -> None:
    """Back to the first screen (an empty book opens on the welcome view)."""
    while app.screen is not app.screen_stack[0]:
        app.pop_screen()
        await pilot.pause()


async def keys_table_text(app, pilot) -> tuple[str, int]:
    """Press ? and read the keys table as the terminal shows it: its plain text at the
    width it has, and that width."""
    await pilot.press("question_mark")
    await pilot.pause()
    width = app.screen.query_one("#keys-table").content_size.width
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(app.screen.table)
    return console.export_text(), width


def notifications(app) -> list:
    """Every toast the app has shown (each with .message, .title), oldest first.

    Textual keeps them only in the private `App._notifications` (8.2 has no public
    reader): this is the one place the tests touch it, and
    test_textual_internals.py::test_the_app_keeps_its_notifications_where_tests_read_them
    fails by name when an upgrade moves it (textual's pin in pyproject.toml says so)."""
    try:
        return list(getattr(app, NOTIFICATIONS_ATTRIBUTE))
    except AttributeError:
        raise AssertionError(
            f"Textual's App no longer has {NOTIFICATIONS_ATTRIBUTE!r}, where tests read the "
            "app's toasts: find where this Textual keeps them and change "
            "tests/pilot_helpers.notifications"
        ) from None


def notification_messages(app) -> list[str]:
    """The text of every toast the app has shown, oldest first."""
    return [str(note.message) for note in notifications(app)]


def listen(app: AmtuiApp) -> AmtuiApp:
    """Record what the app says in toasts in `app.said` (every screen's notify() goes
    through it)."""
    app.said = []
    say = app.notify

    def notify(message, **kwargs):
        app.said.append(str(message))
        say(message, **kwargs)

    app.notify = notify
    return app


@asynccontextmanager
async def running(book, size=(140, 42), rounds: int = 3, app: AmtuiApp | None = None):
    """The app (`app`, else one on `book`) at `size`, settled `rounds` times: (app, pilot)."""
    app = app or AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, rounds)
        # Today's start is a chain (first rows, the whole agenda, then the damage check):
        # wait until it has run out, however loaded the machine, not a fixed number of rounds
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers), "the start's workers")
        await settle(pilot)
        yield app, pilot


async def stop_watching(app, pilot) -> None:
    """No more reloads for changes to the book: the watch stops, then whatever it had
    already started (a change seen late, such as the start's own snapshot on a slower
    engine, and the reload it asked for) runs out, so a test counts its own queries alone."""
    app.live_book.stop()
    await settle(pilot)
    await wait_for(pilot, lambda: not any(w.is_running for w in app.workers), "the reloads under way")
    await settle(pilot)


def listening_app(book, size=(80, 24)):
    """The app on `book` at `size`, settled, recording what it says: (app, pilot)."""
    return running(book, size, rounds=1, app=listen(AmtuiApp(db_path=book)))


async def conflict_shown(app, pilot) -> tuple:
    """ctrl+s on a form whose record changed elsewhere: (the conflict dialog, its text)."""
    from textual.widgets import Static

    from amtui.tui.dialogs.conflict import ConflictDialog

    await pilot.press("ctrl+s")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ConflictDialog)
    return dialog, str(dialog.query_one("#conflict-text", Static).render())
