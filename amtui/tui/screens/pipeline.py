"""The Pipeline section (placeholder until its issue lands)."""

from __future__ import annotations

from textual.widgets import Static

from amtui.tui.screens.base import SectionScreen


class PipelineScreen(SectionScreen):
    SECTION = "Pipeline"

    def compose_body(self):
        yield Static("Pipeline: coming soon", classes="placeholder")


def open_deal(app, deal_id: int) -> None:
    """Show one deal (placeholder: switches to the pipeline)."""
    app.switch_mode("pipeline")
