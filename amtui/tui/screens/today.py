"""The Today section (placeholder until its issue lands)."""

from __future__ import annotations

from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class TodayScreen(SectionScreen):
    SECTION = "Today"

    def compose_body(self):
        yield Static("Today: coming soon", classes="placeholder")
