"""What every section screen shares: header, footer and a title."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

from amtui.tui.widgets.keys_footer import KeysFooter


class SectionScreen(Screen):
    """A section (Today, Clients, ...).  Subclasses implement compose_body()."""

    SECTION = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.title = self.SECTION

    def action_reload(self) -> None:
        """`r` on every screen: load what it shows again."""
        reload = getattr(self, "reload", None)
        if reload is not None:
            reload()
