"""ctrl+z in the app: the last change put back in a thread, each press in its turn.

Undoing a change can take seconds (an import's change puts back every row it added), so
it runs in a thread worker, never on the event loop.  Presses that come while one runs
are counted and undone one after another, in order, each saying what it put back: the
same as pressing ctrl+z that many times and waiting between.  A press whose undo fails
(the book locked, a record changed elsewhere, a bug) says why on screen, and the presses
after it still undo in their turn, as they would one at a time.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import App

from amtui import db
from amtui.tui.errors import STORAGE_ERRORS, write_failed

SAY_UNDOING_AFTER = 0.5  # seconds: a quick undo says only what it did


class Said(NamedTuple):
    """What one undo says on screen."""

    message: str
    title: str = ""
    severity: str = "information"
    undone: bool = False  # the book changed: the screen shown reloads


def undo_once() -> Said:
    """Put back the last change (in the worker's thread) and say what happened."""
    from amtui.core.errors import InvalidInput
    from amtui.core.undo import undo_last_change

    try:
        undone = undo_last_change()
    except STORAGE_ERRORS as exc:
        return Said(f"Could not undo: {write_failed(exc)}", severity="error")
    except InvalidInput as exc:  # a deleted record's number taken since: off the list
        return Said(exc.reason, "Could not undo", "error")
    if undone is None:
        return Said("Nothing to undo", severity="warning")
    where = f" (made in {undone.made_in})" if undone.made_in else ""
    return Said(f"Undone{where}: {undone.label}", "Undo", undone=True)


class UndoKey:
    """The app's ctrl+z: `press()` on the event loop."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.asked = 0  # presses not yet answered (counted on the event loop only)

    def press(self) -> None:
        self.asked += 1
        if self.asked == 1:  # none running: start; else the running worker takes it next
            self.app.run_worker(self._run, thread=True, group="undo", exit_on_error=False,
                                description="undo")
            self.app.set_timer(SAY_UNDOING_AFTER, self._say_undoing)

    def _say_undoing(self) -> None:
        if self.asked:
            self.app.notify("Undoing the last change…", timeout=2)

    def _run(self) -> None:
        """In the worker: undo while presses wait, each answered as it is done."""
        try:
            more = True
            while more:
                try:
                    said = undo_once()
                except Exception as exc:  # a bug in undo: said, never a dead key
                    said = Said(f"Could not undo: {type(exc).__name__}: {exc}", severity="error")
                more = self.app.call_from_thread(self._answered, said)
        finally:
            db.close_book()  # this worker thread's own connection

    def _answered(self, said: Said) -> bool:
        """On the event loop: say it, show the book as it is now; True while presses wait."""
        self.asked -= 1
        self.app.notify(said.message, title=said.title, severity=said.severity)
        if said.undone:
            screen = self.app.screen
            reload = getattr(screen, "reload", None) or getattr(screen, "load", None)
            if callable(reload):
                reload()
        return self.asked > 0
