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

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from amtui.core.errors import Change, ChangedElsewhere, InvalidInput, NotFound
from amtui.core.text import printable
from amtui.core.undo import recording
from amtui.core.versions import label, shown
from amtui.tui.actions import bindings
from amtui.tui.dialogs.conflict import MINE, NEW, THEIRS, ConflictDialog, DeletedDialog
from amtui.tui.errors import STORAGE_ERRORS, save_failed
from amtui.tui.safe import SafeLabel, SafeStatic, text
from amtui.tui.widgets.keys_footer import KeysFooter

FORM_HEIGHT = 0.9  # of the terminal, at most (`.form { max-height: 90% }` in amtui.tcss)
MIN_FIELDS_HEIGHT = 3  # rows of fields however short the terminal: one input, scrolled to
# How dense a form is drawn (FormScreen._set_density, amtui.tcss): roomy (labels above
# bordered inputs) when that fits the terminal; else compact (every control one line,
# labels beside them, a hint's line only when it has one); else tight, as at 80x24
# (compact, no blank lines, only the focused field's hint, all the rows above the footer).
# Rows a field takes roomy: its label and the blank line above, a bordered input (a
# multiline one is 5 tall), the hint; compact: one line (a multiline one 3), its hint.
ROOMY_FIELD_ROWS, ROOMY_FIELD_ROWS_ELSE = {"multiline": 8}, 6
ROOMY_CHROME_ROWS = 10  # border, padding, title and the line under it, buttons and theirs
COMPACT_FIELD_ROWS, COMPACT_FIELD_ROWS_ELSE = {"multiline": 3}, 1
COMPACT_CHROME_ROWS = 8  # border, padding, title and the line under it, buttons and theirs
LABELS_BESIDE_FROM = 60  # terminal columns: narrower, a compact form keeps labels above
LABEL_WIDTH = (8, 24)  # a compact form's label column: its longest label, within these
CONTROLS = "Input, Select, TextArea, Checkbox, Button"  # what Textual draws compact


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


class FormScreen(ModalScreen):
    BINDINGS = bindings("form")

    # the record the form read (a core dataclass with .version): its _save passes it to
    # core as `base`, so a record changed on another machine meanwhile is not overwritten
    base: Any = None
    # a form that can add its record again once it was deleted elsewhere (`become_new`):
    # the deleted dialog then offers "Save as new"
    saves_as_new = False
    _density: tuple | None = None  # how the form is drawn now (_set_density)

    def __new__(cls, *args, **kwargs):
        # what the form was opened with: after a conflict, the same form made again reads
        # the record as it is now (`_as_it_is_now`)
        form = super().__new__(cls)
        form._opened_with = (args, kwargs)
        return form

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
        self.undo_label = title  # what ctrl+z names the save as ("Undone: Won: Acme renewal")
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
                id=wid,
            )
        if f.kind == "checkbox":
            return Checkbox(text(f.label), value=bool(f.value), id=wid)
        # Text written before amtui refused control characters shows them as ␛ ...: what
        # is saved back is then printable too.
        if f.kind == "multiline":
            value = printable(f.value or "", keep_newlines=True)
            return TextArea(value, id=wid, classes="form-multiline")
        return Input(value=printable(f.value or ""), placeholder=f.placeholder, id=wid)

    def on_resize(self) -> None:
        self._set_density()
        self.call_after_refresh(self._fit_fields)  # once the form's parts have their heights

    # --- roomy, compact or tight ----------------------------------------------------------
    def _intro_rows(self) -> int:
        return len(self.intro.splitlines()) + 1 if self.intro else 0

    def shown_fields(self) -> list[FormField]:
        """The fields on show (the export dialog hides those its report does not take)."""
        return [f for f in self.fields
                if not (widget := self.query(f"#field-{f.name}")) or widget.first().display]

    def roomy_rows(self) -> int:
        """About the rows this form takes roomy (from amtui.tcss' sizes: an estimate; a
        form a row or two out scrolls its fields, as every form can)."""
        fields = sum(ROOMY_FIELD_ROWS.get(f.kind, ROOMY_FIELD_ROWS_ELSE) for f in self.shown_fields())
        return ROOMY_CHROME_ROWS + self._intro_rows() + fields

    def compact_rows(self) -> int:
        """About the rows this form takes compact: a line a field, one for each hint."""
        fields = sum(COMPACT_FIELD_ROWS.get(f.kind, COMPACT_FIELD_ROWS_ELSE)
                     + bool(f.hint or f.describe) for f in self.shown_fields())
        return COMPACT_CHROME_ROWS + self._intro_rows() + fields

    def _room(self) -> int:
        """Rows the form may take: its share of the screen less the footer (one line;
        not laid out yet when the form mounts)."""
        footer = sum(w.outer_size.height or 1 for w in self.query_children(KeysFooter))
        return int((self.app.size.height - footer) * FORM_HEIGHT)

    def _set_density(self) -> bool:
        """Roomy when the whole form fits so, else compact, else tight (at 80x24 the log
        and deal forms had shown one field at a time): compact draws every control on one
        line (Textual's `compact`) with its label beside it when the terminal is wide
        enough; tight has no blank line and shows only the focused field's hint.
        Whether that changed anything."""
        room = self._room()
        compact = self.roomy_rows() > room
        tight = compact and self.compact_rows() > room
        beside = compact and self.app.size.width >= LABELS_BESIDE_FROM
        widest = max((cell_len(f.label) + (2 if f.required else 0) for f in self.fields
                      if f.kind != "checkbox"), default=0)  # a checkbox carries its label
        width = max(LABEL_WIDTH[0], min(LABEL_WIDTH[1], widest + 2)) if beside else None
        density = (compact, tight, beside, width)
        if density == self._density:
            return False
        self._density = density
        self.set_class(compact, "-compact")
        self.set_class(tight, "-tight")
        self.set_class(beside, "-beside")
        for control in self.query(CONTROLS):
            control.compact = compact
        for name in self.query(".form-field > .form-label"):
            name.styles.width = width  # None: amtui.tcss' (the whole line, above the input)
        return True

    def _fit_fields(self) -> None:
        """The fields scroll inside what the form's share of the terminal (FORM_HEIGHT, as
        `.form` in amtui.tcss) leaves after its border, title, intro, notes and buttons:
        on a short terminal (80x24) the buttons stay in sight however many fields there
        are, and the focused field scrolls into view.  (The export dialog shows its
        progress in place of the fields, so nothing else changes height once open.)"""
        if self._set_density():  # fields shown or hidden since (the export's report)
            self.call_after_refresh(self._fit_fields)
            return
        form = self.query_one("#form")
        fields = self.query_one(".form-fields")
        others = sum(part.outer_size.height + part.styles.margin.height
                     for part in form.children if part is not fields and part.display)
        # the form's share is of the screen less its footer (a docked widget's rows); a
        # tight form may take every row above the footer
        footer = sum(w.outer_size.height for w in self.query_children(KeysFooter))
        share = 1.0 if self.has_class("-tight") else FORM_HEIGHT
        room = int((self.size.height - footer) * share) - form.styles.gutter.height - others
        fields.styles.max_height = max(MIN_FIELDS_HEIGHT, room)
        focused = self.focused
        if focused is not None and fields in focused.ancestors:
            # the room shrank under it (a longer intro, a note that wrapped): back in sight
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def on_mount(self) -> None:
        self._set_density()  # before the first paint: no roomy flash at 80x24
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()
        for f in self.fields:
            if f.kind == "text" and f.value not in ("", None):
                self._check(f)
        # what the form showed before the rep typed (after its own filling-in, such as
        # the export's file name): has_typed() compares with it
        self.call_after_refresh(self._remember_shown)

    def _remember_shown(self) -> None:
        self.shown_at_start = self._raw_values()

    def _raw_values(self) -> tuple:
        return tuple(self._raw(f) for f in self.fields)

    def has_typed(self) -> bool:
        """Whether a field differs from what the form showed when it opened (ctrl+q asks
        before such a form is thrown away)."""
        return self.shown_at_start is not None and self._raw_values() != self.shown_at_start

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

    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        if self.on_save is not None and getattr(self.app, "read_only", False):
            self.notify("the book is read-only: nothing can be saved", severity="error")
            return
        values = self.values()
        if values is None:
            self.app.bell()
            return
        try:
            # one undoable change (ctrl+z), named after the form or its record ("Won: ...")
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

    # --- changed on another machine -------------------------------------------------------
    def _field_of(self, name: str) -> FormField | None:
        """The form's field for a record's field (`contact_id` is the form's `contact`)."""
        return next((f for f in self.fields if f.name in (name, name.removesuffix("_id"))), None)

    def label_of(self, name: str) -> str:
        f = self._field_of(name)
        return f.label.removesuffix(" *").lower() if f is not None else label(name)

    def typed_fields(self) -> set[str]:
        """The fields the rep changed since the form opened."""
        if self.shown_at_start is None:
            return set()
        return {f.name for f, now, then in zip(self.fields, self._raw_values(), self.shown_at_start,
                                                strict=True) if now != then}

    def _conflict_dialog(self, exc: ChangedElsewhere):
        if exc.deleted:
            return DeletedDialog(exc, saves_as_new=self.saves_as_new)
        return ConflictDialog(exc, self.label_of, self._field_of, self.typed_fields(),
                              self._yours_only(exc))

    def _as_it_is(self) -> dict[str, Any] | None:
        """Each field as this form made again would show it: the record as it is now
        (None when it can't be read: gone, or the book failing)."""
        args, kwargs = getattr(self, "_opened_with", ((), {}))
        try:
            fresh = type(self)(*args, **kwargs)
        except Exception:  # noqa: BLE001  (gone or unreadable now: the save says so)
            return None
        return {f.name: f.value for f in fresh.fields}

    def _yours_only(self, exc: ChangedElsewhere) -> list[Change]:
        """The fields the rep typed into that the other machine did not change but whose
        value differs from the record as it is now, as the form shows them: after an undo
        there brought the record back, the dialog had said "no field you see differs"
        over the rep's new amount."""
        listed = {f.name for c in exc.changes if (f := self._field_of(c.field)) is not None}
        typed = self.typed_fields() - listed
        now = self._as_it_is() if typed else None
        if not now:
            return []
        out = []
        for f in self.fields:
            if f.name not in typed or f.name not in now:
                continue
            theirs, yours = self._meaning(f, now[f.name]), self._meaning(f, self._raw(f))
            if theirs != yours:
                out.append(Change(f.name, self._shown(f, theirs), self._shown(f, yours)))
        return out

    def _meaning(self, f: FormField, raw: Any) -> Any:
        """What a field's raw value means (`12k` and `12000.00` alike), else the raw text."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # blank, however the form holds it
        try:
            return self._parsed(f, raw)
        except InvalidInput:
            return raw

    @staticmethod
    def _shown(f: FormField, value: Any) -> str:
        """A field's value in one short line, a choice by its label."""
        if f.kind == "choice":
            return shown(next((name for name, v in f.choices if v == value), value))
        return shown(value)

    def _as_it_is_now(self) -> None:
        """After a conflict: every field the rep left as it was shows the record as it is
        now, as the form shows it (a blank "the stage's" probability stays blank), so
        saving writes the rep's changes and keeps the other machine's everywhere else
        ("Keep mine" had written back the values the form opened with)."""
        now = self._as_it_is()
        if now is None:
            return
        typed = self.typed_fields()
        shown = list(self.shown_at_start or ())
        for i, f in enumerate(self.fields):
            if f.name in typed or f.name not in now or now[f.name] == f.value:
                continue
            self.set_field(f.name, now[f.name])
            f.value = now[f.name]
            if i < len(shown):
                shown[i] = self._raw(f)
        if self.shown_at_start is not None:
            self.shown_at_start = tuple(shown)

    def become_new(self) -> None:
        """After its record was deleted elsewhere: the next save adds a new one ("Save as
        new").  A form with `saves_as_new` forgets the record's id here; `base` is None."""
        raise NotImplementedError

    def _answered(self, exc: ChangedElsewhere, answer: str | None) -> None:
        if answer == NEW:
            self.base = None
            self.become_new()
            self.saved_as_new = exc.kind
            self.call_after_refresh(self.action_save)
            return
        if answer == THEIRS:
            said = ("It was deleted elsewhere; your changes were not saved" if exc.deleted
                    else "Kept the version from the other machine; your changes were not saved")
            self.notify(said, title="Deleted elsewhere" if exc.deleted else "Changed elsewhere",
                        severity="warning", timeout=8)
            self.dismiss(None)
            return
        if exc.current is not None:
            self.base = exc.current  # their version is the one to save over now
            self._as_it_is_now()
        if answer == MINE:
            self.call_after_refresh(self.action_save)  # once the fields show theirs
            return
        # edit again: everything typed is still in the form; their values in the hints
        for change in exc.changes:
            f = self._field_of(change.field)
            if f is not None:
                self.query_one(f"#hint-{f.name}", Static).update(
                    f"saved elsewhere: {shown(change.theirs)}")

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
