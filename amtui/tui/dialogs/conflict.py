"""A form's record was changed or deleted elsewhere since the form opened (issue 18).

Shown over the form when its save is refused with `ChangedElsewhere`.

Changed (`ConflictDialog`): what differs (field: theirs vs yours; theirs alone for a field
the rep left; the record as it is now vs yours for a field only the rep changed, as after
an undo there that brought it back), then keep theirs (`t`: the form closes, the rep's
typing is dropped with a note), keep mine (`m`: what the rep changed saved over the other
machine's version, theirs kept in every field the rep left) or edit again (`e` or escape:
back to the form, everything typed still there, the fields the rep left showing theirs,
the other machine's values in the hints).  Dismissed with "theirs", "mine" or "edit".

Deleted (`DeletedDialog`): there is no version of theirs to keep or to save over, so: save
as new (`n`: what the form holds becomes a new record, where the form can add one), let it
go (`t`: the form closes) or edit again.  Dismissed with "new", "theirs" or "edit".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from amtui.core.errors import Change, ChangedElsewhere
from amtui.core.versions import label, shown
from amtui.tui.actions import bindings
from amtui.tui.safe import SafeLabel, SafeStatic
from amtui.tui.widgets.keys_footer import KeysFooter

THEIRS, MINE, EDIT, NEW = "theirs", "mine", "edit", "new"

# the rep typed into fields the other machine did not change, and nothing they see
# changed there: an undo there put the record back (a new version, the old values), or
# what changed is something the form does not show
ONLY_YOURS = "No field you see was changed there; what you typed differs from it as it is now:"


def describe(exc: ChangedElsewhere, name_of: Callable[[str], str] = label,
             field_of: Callable[[str], Any] | None = None, typed: set[str] | None = None,
             yours_only: Sequence[Change] = ()) -> str:
    """The dialog's text: one line per changed field the form shows, theirs vs yours for
    a field the rep changed too, theirs alone (kept) for one they left as it was; then
    the record as it is now vs yours for each field only the rep changed (`yours_only`,
    the form's own names and values as shown)."""
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
    if yours_only and not lines:
        lines.append(ONLY_YOURS)
    lines += [f"{name_of(c.field)}: {c.theirs} (now) vs {c.yours} (yours)" for c in yours_only]
    return "\n".join(lines) or "It was saved there again (no field you see differs)."


class _Answer(ModalScreen[str]):
    """What both dialogs share: a title, the text (scrolls), buttons whose ids are the
    answers, the dialog's own keys in the footer; edit again focused (the safe answer)."""

    def __init__(self, exc: ChangedElsewhere, text: str):
        super().__init__()
        self.exc = exc
        self.text = text

    def buttons(self) -> list[Button]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        what = "Deleted" if self.exc.deleted else "Changed"
        with Vertical(classes="form confirm conflict"):
            yield SafeLabel(f"{what} elsewhere since you opened it", classes="form-title")
            with VerticalScroll(classes="conflict-changes"):
                yield SafeStatic(self.text, id="conflict-text", classes="form-intro")
            with Horizontal(classes="form-buttons"):
                yield from self.buttons()
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def on_mount(self) -> None:
        self.query_one(f"#{EDIT}").focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class ConflictDialog(_Answer):
    BINDINGS = bindings("conflict")

    def __init__(self, exc: ChangedElsewhere, name_of: Callable[[str], str] = label,
                 field_of: Callable[[str], Any] | None = None, typed: set[str] | None = None,
                 yours_only: Sequence[Change] = ()):
        super().__init__(exc, describe(exc, name_of, field_of, typed, yours_only))

    def buttons(self) -> list[Button]:
        return [Button("Keep theirs (t)", id=THEIRS, variant="primary"),
                Button("Keep mine (m)", id=MINE), Button("Edit again (e)", id=EDIT)]


class DeletedDialog(_Answer):
    """A deletion has no version of theirs to keep or save over: save what the form holds
    as a new record (`saves_as_new`: where the form can add one), let it go, or edit again."""

    BINDINGS = bindings("deleted")

    def __init__(self, exc: ChangedElsewhere, *, saves_as_new: bool = False):
        text = describe(exc)
        if saves_as_new:
            text += f"  Save as new adds a new {exc.kind} with what the form holds."
        super().__init__(exc, text)
        self.saves_as_new = saves_as_new

    def buttons(self) -> list[Button]:
        new = [Button("Save as new (n)", id=NEW, variant="primary")] if self.saves_as_new else []
        return [*new, Button("Let it go (t)", id=THEIRS, variant="default" if new else "primary"),
                Button("Edit again (e)", id=EDIT)]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "answer" and parameters and parameters[0] == NEW and not self.saves_as_new:
            return False  # this form can't add its kind of record (a won deal, a plan)
        return True
