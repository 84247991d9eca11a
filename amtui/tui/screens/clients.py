"""The Clients section (placeholder until its issue lands)."""

from __future__ import annotations

from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class ClientsScreen(SectionScreen):
    SECTION = "Clients"

    def compose_body(self):
        yield Static("Clients: coming soon", classes="placeholder")
