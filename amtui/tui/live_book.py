"""The screen shown follows the book while it is open (issue 18): a change made on the
other machine (or by `amtui log` in a shell) shows without the rep leaving the screen.

core.book_watch says "the book changed" from a thread of its own (a PostgreSQL book's
NOTIFY; a file's change counter, looked at every two seconds).  The app then waits a
moment (a burst of changes gives one look), and reloads the screen shown if its data is
older than the book (its Freshness, as when the rep comes back to it), by calling its
`on_screen_resume` as coming back would.  Never underneath a form or dialog: the rep's
typing stays as it is, and the section reloads when the form closes (its own
on_screen_resume).  A modal that only shows the book (a deal's own screen) says
`follows_book` and is reloaded like a section.  A screen without a Freshness (Reports, Changes) reloads on `r`.
"""

from __future__ import annotations

from textual.app import App, ScreenStackError
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import WorkerState

from amtui.core import book_watch

DEBOUNCE = 0.25  # seconds: the changes within it give one reload
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


class BookChanged(Message):
    """The book changed (posted from the watch's thread: post_message is thread-safe)."""


class LiveBook:
    def __init__(self, app: App) -> None:
        self.app = app
        self.watch = book_watch.BookWatch(lambda: app.post_message(BookChanged()),
                                          interval=book_watch.INTERVAL)
        self._timer: Timer | None = None
        self.told = 0  # how often the watch said the book changed (tests read these two)
        self.reloads = 0  # screens reloaded because it did

    def start(self) -> None:
        self.watch.start()

    def stop(self) -> None:
        self.watch.stop()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def changed(self) -> None:
        """On the event loop: look at the screen shown in a moment (once for a burst)."""
        self.told += 1
        if self._timer is None:
            self._timer = self.app.set_timer(DEBOUNCE, self._look)

    def _shown(self) -> Screen | None:
        try:
            return self.app.screen
        except ScreenStackError:  # the app is closing
            return None

    def _look(self) -> None:
        self._timer = None
        screen = self._shown()
        if screen is None or getattr(screen, "freshness", None) is None:
            return
        if isinstance(screen, ModalScreen) and not getattr(screen, "follows_book", False):
            return  # a form or dialog is up: the section looks again when it closes
        if any(w.node is screen and w.state in _BUSY for w in self.app.workers):
            self._timer = self.app.set_timer(DEBOUNCE, self._look)  # a load in flight: look again once it is on screen
            return
        # the token is read off the event loop (one round trip to a server)
        self.app.run_worker(lambda: self._check(screen), thread=True, group="live-book",
                            exclusive=True, exit_on_error=False)

    def _check(self, screen: Screen) -> None:
        if screen.freshness.stale():
            self.app.call_from_thread(self._reload, screen)

    def _reload(self, screen: Screen) -> None:
        if self._shown() is screen:  # still shown, no form opened meanwhile
            self.reloads += 1
            screen.on_screen_resume()
