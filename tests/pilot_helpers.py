"""What the Pilot tests share: settling, waiting for a condition, reading what the app
told the rep, and an app that records what it tells the rep."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from time import monotonic

from amtui.tui.app import AmtuiApp

NOTIFICATIONS_ATTRIBUTE = "_notifications"


async def settle(pilot, rounds: int = 1) -> None:
    """Let the screen's messages and its thread workers finish; `rounds` times, for a
    worker whose result starts another."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
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


async def wait_for(pilot, condition, what: str, timeout: float = 20.0) -> None:
    """Until condition() holds, or fail after `timeout` seconds naming `what`.  With a
    pilot the app's own events run meanwhile; without one (a watch thread, no app) the
    event loop does.  No fixed sleep: it returns as soon as the condition holds."""
    pause = pilot.pause if pilot is not None else asyncio.sleep
    deadline = monotonic() + timeout
    while not condition():
        assert monotonic() < deadline, f"not within {timeout} s: {what}"
        await pause(0.02)


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
async def listening_app(book, size=(80, 24)):
    """The app on `book` at `size`, settled, recording what it says: (app, pilot)."""
    app = listen(AmtuiApp(db_path=book))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot
