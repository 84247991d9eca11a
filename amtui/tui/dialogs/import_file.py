"""Import a file from the TUI: placeholder until the import issue lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class ImportDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="import.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label("Import", classes="form-title")
            yield Label("Import is not built yet; use `amtui import FILE`.")
