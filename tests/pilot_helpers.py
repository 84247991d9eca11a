"""What the Pilot tests of forms and dialogs share: settling, and an app that records what
it tells the rep."""

from __future__ import annotations

from contextlib import asynccontextmanager

from amtui.tui.app import AmtuiApp


async def settle(pilot) -> None:
    """Let the screen's messages and its thread workers finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


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
