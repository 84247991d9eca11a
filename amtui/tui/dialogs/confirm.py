"""Yes / no confirmation, answered with y / n (or enter / escape)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from amtui.tui.actions import bindings
from amtui.tui.safe import SafeLabel, SafeStatic
from amtui.tui.widgets.keys_footer import KeysFooter


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = bindings("confirm")

    def __init__(self, title: str, message: str = "", *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.title_text, self.message, self.yes, self.no = title, message, yes, no
        # the footer says what the buttons say ("y Throw away  n Keep it"), not Yes / No
        self.footer_words = {"answer(True)": yes, "answer(False)": no}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield SafeLabel(self.title_text, classes="form-title")
            if self.message:
                yield SafeStatic(self.message, classes="form-intro")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="primary")
                yield Button(f"{self.no} (n)", id="no")
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one("#yes").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
