"""A modal form that validates as you type and saves with ctrl+s.

A form is a list of `FormField`s.  Each field's `parse` turns the typed text into a value
(raising `InvalidInput` with the reason); the reason shows next to the field while you
type, and what the parser understood shows as a hint ("Fri 4 Dec 2026").  Nothing is
saved until every field is valid; then `on_save(values)` does the write (one
transaction in core) and may still refuse with `InvalidInput(field, reason)`.
A form that edits a record keeps the record it read in `base` and passes it to core;
when another machine changed the record meanwhile, core refuses with ChangedElsewhere and
the conflict dialog asks: keep theirs, keep mine (saved over their version) or edit
again (the typing stays, `base` becomes their version); when it was deleted there, let
it go, edit again or, for a form that can add its record (`saves_as_new`), save as new.
The screen is dismissed with on_save's result (or the values when there is no on_save).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from amtui.core.errors import ChangedElsewhere, InvalidInput, NotFound
from amtui.core.text import printable
from amtui.core.undo import recording
from amtui.tui.actions import bindings
from amtui.tui.dialogs.form_conflicts import ConflictAnswers
from amtui.tui.dialogs.form_density import FormDensity
from amtui.tui.errors import STORAGE_ERRORS, save_failed
from amtui.tui.safe import SafeLabel, SafeStatic, text
from amtui.tui.widgets.keys_footer import KeysFooter
from amtui.tui.widgets.wrapping_checkbox import WrappingCheckbox


class FieldHint(SafeStatic):
    """A field's hint or its error.  "-empty" when it says nothing: a compact form shows
    the focused field's hint under it, but no blank line for an empty one."""

    def __init__(self, content: object = "", **kwargs):
        super().__init__(content, **kwargs)
        self.set_class(not str(content), "-empty")

    def update(self, content: object = "", **kwargs) -> None:
        super().update(content, **kwargs)
        self.set_class(not str(content), "-empty")


@dataclass
class FormField:
    name: str
    label: str
    kind: str = "text"  # text | choice | multiline | checkbox
    value: Any = ""  # initial text, choice value or bool
    choices: Sequence[tuple[str, Any]] = ()  # (label, value) pairs for kind="choice"
    parse: Callable[[str], Any] | None = None  # text -> value; raises InvalidInput
    describe: Callable[[Any], str] | None = None  # value -> hint shown under the field
    required: bool = False
    placeholder: str = ""
    hint: str = ""  # shown under the field while it has no error
    allow_blank: bool = True  # for kind="choice": may be left empty
    extra: dict = field(default_factory=dict)


class FormScreen(FormDensity, ConflictAnswers, ModalScreen):
    BINDINGS = bindings("form")

    # the record the form read (a core dataclass with .version): its _save passes it to
    # core as `base`, so a record changed on another machine meanwhile is not overwritten
    base: Any = None
    # a form that can add its record again once it was deleted elsewhere (`become_new`):
    # the deleted dialog then offers "Save as new"
    saves_as_new = False

    def __new__(cls, *args, **kwargs):
        # what the form was opened with: after a conflict, the same form made again reads
        # the record as it is now (`_as_it_is_now`)
        form = super().__new__(cls)
        form._opened_with = (args, kwargs)
        return form

    # An edit form (a record's own fields): saved untouched, it writes nothing.  Forms
    # that act on a record (win, lose, snooze) or add one save as they open.
    EDITS = False

    def editing(self, read: Callable[[int], Any], record_id: int | None) -> Any:
        """The record this form edits, read with `read` (None for a new record), kept as
        the `base` its save hands to core.  Called before FormScreen.__init__."""
        self.base = read(record_id) if record_id is not None else None
        return self.base

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        on_save: Callable[[dict[str, Any]], Any] | None = None,
        *,
        submit_label: str = "Save",
        intro: str = "",
    ):
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.on_save = on_save
        self.submit_label = submit_label
        self.intro = intro
        self.shown_at_start: tuple | None = None  # the fields' values once open (_remember_shown)
        # what ctrl+z names the save as until on_save names it after the record it saved
        # (core.undo.name_change: "Follow-up added: Send deck (Acme Corp)"); a form that
        # writes always does, so a form's title never reaches the undo list
        self.undo_label = title
        self.saved_as_new = ""  # the kind of record, once "Save as new" made this a new one

    # --- building -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="form"):
            yield SafeLabel(self.form_title, classes="form-title")
            if self.intro:
                yield SafeStatic(self.intro, classes="form-intro")
            with VerticalScroll(classes="form-fields"):
                for f in self.fields:
                    yield self._field_box(f)
            yield self._buttons()
        yield KeysFooter()  # the dialog's own keys, over the screen's

    def _field_box(self, f: FormField, *classes: str) -> Widget:
        """A field as laid out: its label, then its input with the hint under it.  A roomy
        form puts the label above, a compact one beside (amtui.tcss, `.-beside`)."""
        label = SafeLabel(f.label + (" *" if f.required else ""), classes="form-label")
        hint = FieldHint(f.hint, id=f"hint-{f.name}", classes="form-hint")
        control = Vertical(self._widget_for(f), hint, classes="form-control")
        return Vertical(label, control, classes=" ".join(("form-field", f"-{f.kind}", *classes)))

    def _buttons(self) -> Widget:
        return Horizontal(
            Button(f"{self.submit_label} (ctrl+s)", id="form-save", variant="primary"),
            Button("Cancel (esc)", id="form-cancel"),
            classes="form-buttons",
        )

    def _widget_for(self, f: FormField):
        wid = f"field-{f.name}"
        if f.kind == "choice":
            return Select(
                [(text(label), value) for label, value in f.choices],  # names: never markup
                value=f.value if f.value not in ("", None) else Select.NULL,
                allow_blank=f.allow_blank,
                # what blank means ("the stage's"), rather than "Select" read as a value
                prompt=f.placeholder or "Select",
                id=wid,
            )
        if f.kind == "checkbox":
            # "Mark done: <a follow-up's title>" whole, on as many lines as it takes
            return WrappingCheckbox(text(f.label), value=bool(f.value), id=wid)
        # Text written before amtui refused control characters shows them as ␛ ...: what
        # is saved back is then printable too.
        if f.kind == "multiline":
            value = printable(f.value or "", keep_newlines=True)
            return TextArea(value, id=wid, classes="form-multiline")
        # validate_on=(): the form marks a field (-invalid) while its error shows; Input's
        # own check (it has no validators) took the mark off as the field lost focus
        return Input(value=printable(f.value or ""), placeholder=f.placeholder, id=wid, validate_on=())

    def on_resize(self) -> None:
        self._least = "roomy"  # roomy may fit the new size: measured again
        self._set_density()
        self.call_after_refresh(self._fit_fields)  # once the form's parts have their heights

    def on_mount(self) -> None:
        self._set_density()  # before the first paint: no roomy flash at 80x24
        self.watch(self.query_one(".form-fields"), "show_vertical_scrollbar", self._fields_scroll, init=False)
        if self.fields:
            first = self.query_one(f"#field-{self.fields[0].name}")
            if isinstance(first, Input) and self.edits_a_record():
                # the record's own name under the cursor, not selected: a key typed at
                # once (`e`, then a letter) adds to it rather than wiping it.  Tabbing to
                # a field still selects it whole, to type over (`_remember_shown`)
                first.select_on_focus = False
            first.focus()
        for f in self.fields:
            if f.kind == "text" and f.value not in ("", None):
                self._check(f)
        # what the form showed before the rep typed (after its own filling-in, such as
        # the export's file name): has_typed() compares with it
        self.call_after_refresh(self._remember_shown)

    def _remember_shown(self) -> None:
        self.shown_at_start = self._raw_values()
        for typed_in in self.query(Input):
            typed_in.select_on_focus = True

    def ready_for_keys(self) -> bool:
        """Keys typed ahead (`l` and the summary in one burst) wait until the form has
        remembered what it showed (tui/key_gate.py): they count as typing, so escape asks
        before throwing them away."""
        return self.shown_at_start is not None

    def _raw_values(self) -> tuple:
        return tuple(self._raw(f) for f in self.fields)

    def has_typed(self) -> bool:
        """Whether a field differs from what the form showed when it opened (ctrl+q asks
        before such a form is thrown away)."""
        return self.shown_at_start is not None and self._raw_values() != self.shown_at_start

    def _as_opened(self) -> bool:
        """Whether every field means what it did when the form opened: untouched, or typed
        again to the same value ("10k" over "10,000", "16 Nov" over "Mon 16 Nov")."""
        if not self.has_typed():
            return True
        for f, now, shown in zip(self.fields, self._raw_values(), self.shown_at_start, strict=True):
            if now == shown:
                continue
            try:
                if self._parsed(f, now) != self._parsed(f, shown):
                    return False
            except InvalidInput:
                return False  # the save says what is wrong with it
        return True

    # --- reading and validating -----------------------------------------------------
    def _raw(self, f: FormField) -> Any:
        widget = self.query_one(f"#field-{f.name}")
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return widget.value

    def _value(self, f: FormField) -> Any:
        """The field's parsed value; raises InvalidInput."""
        return self._parsed(f, self._raw(f))

    @staticmethod
    def _parsed(f: FormField, raw: Any) -> Any:
        """What `raw` (a field's text, choice or tick) means; raises InvalidInput."""
        if f.kind in ("checkbox",):
            return raw
        if f.kind == "choice":
            if raw is None and f.required:
                raise InvalidInput(f.label, "choose one")
            return raw
        text = str(raw).strip()
        if not text:
            if f.required:
                raise InvalidInput(f.label, "is required")
            return None
        return f.parse(text) if f.parse else text

    def _show(self, f: FormField, error: str | None, value: Any = None) -> None:
        hint = self.query_one(f"#hint-{f.name}", Static)
        widget = self.query_one(f"#field-{f.name}")
        widget.set_class(bool(error), "-invalid")
        hint.set_class(bool(error), "-error")
        hint.remove_class("-elsewhere")  # typed since: the form's own word again
        if error:
            hint.update(error)
        elif value is not None and f.describe:
            hint.update(f.describe(value))
        else:
            hint.update(f.hint)

    def _check(self, f: FormField) -> tuple[bool, Any]:
        try:
            value = self._value(f)
        except InvalidInput as exc:
            self._show(f, exc.reason)
            return False, None
        self._show(f, None, value)
        return True, value

    def _field_for(self, widget_id: str | None) -> FormField | None:
        name = (widget_id or "").removeprefix("field-")
        return next((f for f in self.fields if f.name == name), None)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _changed(self, event) -> None:
        control = getattr(event, "control", None) or getattr(event, "text_area", None)
        f = self._field_for(control.id if control else None)
        if f is not None:
            self._check(f)
            self.on_field_changed(f.name)

    def on_field_changed(self, name: str) -> None:
        """Hook for forms whose fields depend on each other."""

    def set_field(self, name: str, value: Any) -> None:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, TextArea):
            widget.text = str(value)
        else:
            widget.value = value

    def values(self) -> dict[str, Any] | None:
        """Every field's value, or None after marking the invalid fields."""
        values, first_bad = {}, None
        for f in self.fields:
            ok, value = self._check(f)
            if ok:
                values[f.name] = value
            elif first_bad is None:
                first_bad = f
        if first_bad is not None:
            self.query_one(f"#field-{first_bad.name}").focus()
            return None
        return values

    # --- actions ----------------------------------------------------------------------
    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def edits_a_record(self) -> bool:
        """Whether this form edits a record already in the book (an EDITS form given one:
        its `base` was read from the book, version 1 or more)."""
        return self.EDITS and getattr(getattr(self, "base", None), "version", 0) > 0

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        if self.on_save is not None and getattr(self.app, "read_only", False):
            self.notify("the book is read-only: nothing can be saved", severity="error")
            return
        if self.edits_a_record() and not self.saved_as_new and self._as_opened():
            # nothing to write: no new version of the record, no undo entry for nothing
            self.notify("Nothing changed, so nothing was saved", title=self.form_title)
            self.dismiss(None)
            return
        values = self.values()
        if values is None:
            self.app.bell()
            return
        try:
            # one undoable change (ctrl+z), named by on_save after what it saved; a save
            # refused rolls back, its name with it
            with recording(self.undo_label):
                result = self.on_save(values) if self.on_save else values
        except InvalidInput as exc:
            f = next((x for x in self.fields if exc.field in (x.name, x.label.lower(), x.label)), None)
            if f is not None:
                self._show(f, exc.reason)
                self.query_one(f"#field-{f.name}").focus()
            else:
                self.notify(str(exc), severity="error")
            return
        except ChangedElsewhere as exc:
            self.app.push_screen(self._conflict_dialog(exc), functools.partial(self._answered, exc))
            return
        except NotFound as exc:
            # what a new record belongs to (its client, its deal) was deleted elsewhere
            # since the form opened: nothing was saved, the typing stays
            self.notify(str(exc), title="Not saved: deleted elsewhere", severity="error", timeout=10)
            return
        except STORAGE_ERRORS as exc:
            # busy, read-only, damaged, full: the transaction rolled back; the form stays
            # open with everything typed, so ctrl+s can try again
            self.notify(save_failed(exc), title="Not saved", severity="error", timeout=10)
            return
        if self.saved_as_new:
            self.notify(f"It was deleted elsewhere: saved as a new {self.saved_as_new}",
                        title="Saved as new")
        self.dismiss(result)

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)  # the button says what it does: no question

    def action_cancel(self) -> None:
        """escape: close without saving, but over typing never saved ask first (escape is
        every screen's "back", pressed by habit; nothing a rep types is lost unasked).
        y throws the typing away; n or escape goes back to it."""
        if not self.has_typed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(self.unsaved_question("Throw away what you typed?", "Throw away"), answered)

    def unsaved_question(self, title: str, yes: str):
        """The question asked before this form's unsaved typing goes (escape here, ctrl+q
        in the app): `yes` lets it go, n (or escape) comes back to it."""
        from amtui.tui.dialogs.confirm import ConfirmDialog

        return ConfirmDialog(title, f"{self.form_title}: what you typed is not saved.  n goes back "
                                    "to it (ctrl+s there saves it).", yes=yes, no="Keep it")
