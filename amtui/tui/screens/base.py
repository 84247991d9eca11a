"""What every section screen shares: header, footer, a title, and how it loads the book.

A section loads in thread workers made with `book_worker`: the worker's connection is
closed when it ends, and a failure (the book locked past the busy timeout, damaged, a
bug in a loader) never ends the app: the screen shows "could not read the book: … — r
to retry" in a line under the header until a load succeeds (issue 11).  A book opened
read-only shows a banner there, and the keys that would write are disabled (issue 10).
"""

from __future__ import annotations

import functools

from textual import events, on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from amtui.db import close_book
from amtui.tui.errors import READ_ONLY_BANNER, WRITE_ACTIONS, load_failed
from amtui.tui.safe import SafeStatic
from amtui.tui.warm_up import settle_collector
from amtui.tui.widgets.keys_footer import KeysFooter


def while_showing(handler):
    """A row chosen (enter) acts only while its screen is the one showing.  A key acts on
    the screen showing when it is read, but the table's "row chosen" message reaches the
    screen later: a second enter read before the first one's form opened would open the
    same form again over it (two edit forms of one contact, the second saving over the
    first).  Applied under `@on`."""

    @functools.wraps(handler)
    def run(self, *args, **kwargs):
        if self.app.screen is not self:
            return None
        return handler(self, *args, **kwargs)

    return run


def book_worker(group: str):
    """Decorate a screen method that reads the book: it runs in a thread worker of
    `group` (a newer call cancels an older one), closes its own connection when done, and
    its failure is reported by the screen instead of ending the app."""

    def decorate(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            finally:
                close_book()  # this worker thread's own connection

        return work(thread=True, exclusive=True, group=group, exit_on_error=False)(run)

    return decorate


class SectionScreen(Screen):
    """A section (Today, Clients, ...).  Subclasses implement compose_body() and reload()."""

    SECTION = ""  # each section binds `r` to reload through the actions table

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.failed_loads: dict[str, str] = {}  # worker group -> what went wrong
        self.collector_settled = False  # gc.freeze() once, after the first load (warm_up.py)
        self.hidden_once = False  # see _styled_as_mounted
        # A section's widgets are styled as they mount, by the stylesheet as it is.  Textual
        # refreshes the whole app's CSS for a new mode's screen anyway (twice on a first
        # visit: restyling every widget shown, 15-60 ms), with nothing to add: the screen
        # starts as styled now, and a theme changed since is still applied when it is next
        # shown.  Textual keeps the count on Screen._css_update_count (checked by
        # tests/test_textual_internals.py).
        try:
            self._css_update_count = self.app._css_update_count
            self._preset_breakpoints(self.app)
        except RuntimeError:  # Textual's NoActiveAppError
            pass  # made outside an app (tests): refreshed when shown, as Textual does

    def _preset_breakpoints(self, app) -> None:
        """The breakpoint classes (e.g. Quota's `-wide`, `-tall`) set before the widgets
        mount, for the app's size: Textual sets them on the screen's first Resize, after
        every widget was styled as it mounted, and restyled the whole screen for them
        (20-40 ms of a first visit of Quota); now that Resize finds them set and changes
        nothing.  A terminal resized since is still followed by Textual's handler."""
        classes: dict[str, bool] = {}
        horizontal, vertical = self.HORIZONTAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS
        for breakpoints, size in ((app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal, app.size.width),
                                  (app.VERTICAL_BREAKPOINTS if vertical is None else vertical, app.size.height)):
            for _, name in breakpoints or ():
                classes[name] = False
            # as Textual picks one (Screen._on_resize): the largest breakpoint reached
            reached = [(at, name) for at, name in breakpoints or () if size >= at]
            if reached:
                classes[max(reached)[1]] = True
        if classes:
            self.update_classes(classes, update=False)

    @on(events.ScreenResume)
    def _styled_as_mounted(self, event: events.ScreenResume) -> None:
        # Until a section is first hidden, its widgets are styled as they mounted:
        # Textual's restyle of the whole screen on a resume (for what changed while it was
        # hidden; a first visit resumes it twice) would style each again (10-50 ms for
        # Quota's).  A handler here runs before Screen's own, which reads the flag.
        if not self.hidden_once:
            event.refresh_styles = False

    @on(events.ScreenSuspend)
    def _hidden(self) -> None:
        self.hidden_once = True

    def compose(self) -> ComposeResult:
        yield Header()
        if getattr(self.app, "read_only", False):
            yield SafeStatic(READ_ONLY_BANNER, id="read-only-banner")
        yield SafeStatic("", id="book-problem")
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = self.SECTION
        self.query_one("#book-problem").display = False

    def reload(self) -> None:
        """Read what the screen shows again (each section its own way)."""

    def ready_for_keys(self) -> bool:
        """Whether keys typed ahead may come (tui/key_gate.py): once the first load is on
        screen (or failed), so `2 down down enter` opens the third client, not the first."""
        freshness = getattr(self, "freshness", None)
        return freshness is None or freshness.shown_once or bool(self.failed_loads)

    def action_reload(self) -> None:
        self.reload()

    # --- failures of the loaders ------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.node is not self:
            return
        failed = self.failed_loads
        group = event.worker.group
        if event.state == WorkerState.ERROR:
            failed[group] = load_failed(event.worker.error)
            self.notify(failed[group], severity="error", timeout=8)
        elif event.state == WorkerState.SUCCESS:
            failed.pop(group, None)  # that loader works again; another may still fail
            if not self.collector_settled and self.app.screen is self:
                # the section's widgets and first load live on: out of the collector's
                # way (its full collections then scan only what is made after)
                self.collector_settled = True
                self.call_after_refresh(settle_collector)
        else:
            return
        problem = self.query_one("#book-problem", SafeStatic)
        if failed:
            problem.update(next(reversed(failed.values())))
        problem.display = bool(failed)

    # --- a read-only book -----------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and getattr(self.app, "read_only", False):
            return None  # shown greyed out: the book can't be written
        return True
