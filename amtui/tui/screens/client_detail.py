"""One client (placeholder until the daily-loop issue lands)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class ClientDetailScreen(SectionScreen):
    SECTION = "Client"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="client.back")]

    def __init__(self, client_id: int):
        super().__init__()
        self.client_id = client_id

    def compose_body(self):
        yield Static(f"client {self.client_id}")
