"""The welcome view: an empty book offers the demo, a first client, or an import.

Shown by the App on start-up while the book holds no client.  It closes itself as soon
as the book has a client, however that happened (demo, form or import).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Label, LoadingIndicator, Static

from amtui.core import book
from amtui.tui.actions import bindings
from amtui.tui.safe import SafeStatic
from amtui.tui.widgets.keys_footer import KeysFooter

DEMO_CLIENTS = 40
SECTIONS = ("today", "clients", "pipeline", "quota", "reports")  # the App's modes, keys 1-5


class DemoLoaded(Message):
    """The demo book was written into this book (posted from the worker thread)."""

    def __init__(self, clients: int):
        super().__init__()
        self.clients = clients


class DemoFailed(Message):
    def __init__(self, error: str):
        super().__init__()
        self.error = error


class WelcomeScreen(ModalScreen[str | None]):
    """Dismissed with "demo", "client" or "import" once the book has clients, or None."""

    BINDINGS = bindings("welcome")

    def __init__(self, path: str = ""):
        super().__init__()
        self.path = path
        self.loading = False
        self.how = "import"  # what filled the book, told to the App when we close

    def compose(self) -> ComposeResult:
        with Vertical(classes="form welcome"):
            yield Label("Welcome to amtui", classes="form-title")
            where = f" at {self.path}" if self.path else ""
            # a path is data: SafeStatic shows "[" and control characters as they are
            yield SafeStatic(f"Your book{where} is empty. Start one of three ways:", classes="form-intro")
            # each choice one line inside the dialog at 80 columns (68 cells for the text)
            yield Button("d  Load the demo book: 40 invented clients, deals and quotas",
                         id="demo", classes="welcome-choice")
            yield Button("n  Add your first client", id="new_client", classes="welcome-choice")
            yield Button("i  Import clients, deals or activity from a CSV or Excel file",
                         id="import_file", classes="welcome-choice")
            yield Static("escape  start with the empty book", classes="muted welcome-escape")
            yield LoadingIndicator(id="welcome-loading")
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one("#welcome-loading").display = False
        self.query_one("#demo", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # nothing else while the demo is being written
        if self.loading and action in ("demo", "new_client", "import_file", "close", "section"):
            return False
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        getattr(self, f"action_{event.button.id}")()

    def on_screen_resume(self) -> None:
        # back from the client form or the import dialog: done once the book has a client
        if not self.loading and not book.is_empty():
            self.dismiss(self.how)

    # --- the three ways in ------------------------------------------------------------
    def action_demo(self) -> None:
        self.loading = True
        self.query_one("#welcome-loading").display = True
        for button in self.query(Button):
            button.disabled = True
        self.refresh_bindings()
        self._write_demo()

    @work(thread=True, exclusive=True, group="welcome")
    def _write_demo(self) -> None:
        from amtui import demo
        from amtui.db import close_book

        try:
            if not book.is_empty():  # someone added a client meanwhile (another window)
                self.post_message(DemoFailed("the book is no longer empty; demo not loaded"))
                return
            demo.build_demo_book(clients=DEMO_CLIENTS)
            self.post_message(DemoLoaded(DEMO_CLIENTS))
        except Exception as exc:  # shown to the rep; the demo is written chunk by chunk
            self.post_message(DemoFailed(str(exc) or type(exc).__name__))
        finally:
            close_book()  # this worker thread's own connection

    @on(DemoLoaded)
    def _demo_loaded(self, message: DemoLoaded) -> None:
        self.loading = False
        self.app.notify(f"Demo book loaded: {message.clients} clients. Explore with 1-5.",
                        title="Welcome")
        self.dismiss("demo")

    @on(DemoFailed)
    def _demo_failed(self, message: DemoFailed) -> None:
        self.loading = False
        self.query_one("#welcome-loading").display = False
        for button in self.query(Button):
            button.disabled = False
        self.refresh_bindings()
        self.app.notify(f"Could not load the demo book: {message.error}", severity="error")
        if not book.is_empty():
            self.dismiss(None)

    def action_new_client(self) -> None:
        from amtui.tui.forms.client import ClientForm

        self.how = "client"
        self.app.push_screen(ClientForm())

    def action_import_file(self) -> None:
        self.how = "import"
        self.app.action_import_file()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_section(self, mode: str) -> None:
        self.dismiss(None)
        self.app.switch_mode(mode)


def offer_welcome(app) -> None:
    """Push the welcome view when the book holds no client; then refresh what is shown."""
    if not book.is_empty():
        return

    def closed(how: str | None) -> None:
        if how is None:
            return
        if how == "client":
            app.switch_mode("clients")  # the new client, listed
            return
        screen = app.screen
        reload = getattr(screen, "reload", None)
        if callable(reload):
            reload()
        else:
            screen.refresh(recompose=True)

    app.push_screen(WelcomeScreen(str(getattr(app, "db_path", ""))), callback=closed)
