"""The Quota section (placeholder until its issue lands)."""

from __future__ import annotations

from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class QuotaScreen(SectionScreen):
    SECTION = "Quota"

    def compose_body(self):
        yield Static("Quota: coming soon", classes="placeholder")
