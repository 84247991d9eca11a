"""The Reports section (placeholder until its issue lands)."""

from __future__ import annotations

from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class ReportsScreen(SectionScreen):
    SECTION = "Reports"

    def compose_body(self):
        yield Static("Reports: coming soon", classes="placeholder")
