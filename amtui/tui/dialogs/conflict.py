"""A form's record was changed on another machine since the form opened (issue 18).

Shown over the form when its save is refused with `ChangedElsewhere`: what changed (field:
theirs vs yours), then keep theirs (`t`: the form closes, the rep's typing is dropped with
a note), keep mine (`m`: what the rep changed saved over the other machine's version, theirs
kept in every field the rep left) or edit again (`e` or escape: back to the form,
everything typed still there, the fields the rep left showing theirs, the other machine's
values in the hints).  A record deleted elsewhere can only be let go or looked at again.
Dismissed with "theirs", "mine" or "edit".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from amtui.core.errors import ChangedElsewhere
from amtui.core.versions import label, shown
from amtui.tui.actions import bindings
from amtui.tui.safe import SafeLabel, SafeStatic
from amtui.tui.widgets.keys_footer import KeysFooter

THEIRS, MINE, EDIT = "theirs", "mine", "edit"


def describe(exc: ChangedElsewhere, name_of: Callable[[str], str] = label,
             field_of: Callable[[str], Any] | None = None, typed: set[str] | None = None) -> str:
    """The dialog's text: one line per changed field the form shows, theirs vs yours for
    a field the rep changed too, theirs alone (kept) for one they left as it was."""
    if exc.deleted:
        return (f"This {exc.kind} was deleted elsewhere (another window or machine) since you opened it. "
                "Nothing was saved.")
    lines = []
    for c in exc.changes:
        f = field_of(c.field) if field_of else c
        if f is None:
            continue  # worked out from what the form shows (a stage's position, its days)
        if typed is None or f is c or f.name in typed:
            lines.append(f"{name_of(c.field)}: {shown(c.theirs)} (theirs) vs {shown(c.yours)} (yours)")
        else:
            lines.append(f"{name_of(c.field)}: {shown(c.theirs)} (theirs; you left it, so it stays)")
    return "\n".join(lines) or "It was saved there again (no field you see differs)."


class ConflictDialog(ModalScreen[str]):
    BINDINGS = bindings("conflict")

    def __init__(self, exc: ChangedElsewhere, name_of: Callable[[str], str] = label,
                 field_of: Callable[[str], Any] | None = None, typed: set[str] | None = None):
        super().__init__()
        self.exc = exc
        self.text = describe(exc, name_of, field_of, typed)

    def compose(self) -> ComposeResult:
        what = "Deleted" if self.exc.deleted else "Changed"
        with Vertical(classes="form confirm conflict"):
            yield SafeLabel(f"{what} elsewhere since you opened it", classes="form-title")
            with VerticalScroll(classes="conflict-changes"):
                yield SafeStatic(self.text, id="conflict-text", classes="form-intro")
            with Horizontal(classes="form-buttons"):
                # a deletion has no version of theirs to keep: the form closes
                yield Button("Let it go (t)" if self.exc.deleted else "Keep theirs (t)",
                             id=THEIRS, variant="primary")
                if not self.exc.deleted:
                    yield Button("Keep mine (m)", id=MINE)
                yield Button("Edit again (e)", id=EDIT)
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one(f"#{EDIT}").focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "answer" and parameters and parameters[0] == MINE and self.exc.deleted:
            return False  # nothing left to save over
        return True

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
