"""`?`: every key of the screen underneath, including the app's own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable

from amtui.tui.safe import SafeLabel, SafeTable


class KeysScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="keys.close")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="form keys"):
            yield SafeLabel(f"Keys: {self.under.title or self.under.__class__.__name__}", classes="form-title")
            yield SafeTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "does", "", "id (remap in config.toml)")
        seen = set()
        for key, active in self.under.active_bindings.items():
            binding = active.binding
            if binding.system or (binding.action, key) in seen:
                continue
            seen.add((binding.action, key))
            display = self.app.get_key_display(binding)
            table.add_row(
                display, binding.description or binding.action, binding.tooltip, binding.id or ""
            )
        table.focus()
