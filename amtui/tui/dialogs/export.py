"""The report chooser (`x`): placeholder until the reports issue lands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class ExportDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="export.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label("Export", classes="form-title")
            yield Label("Reports are not built yet.")
