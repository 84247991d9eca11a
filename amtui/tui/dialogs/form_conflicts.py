"""What a form does when its record was changed or deleted elsewhere (FormScreen's part).

core refuses the save with ChangedElsewhere; the dialog (dialogs/conflict.py) asks, and
`_answered` does what the rep chose: keep theirs, keep mine (saved over their version,
every field the rep left showing theirs), edit again (the typing stays, `base` becomes
their version), and for a deletion let it go, edit again or save as new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from amtui.core.errors import Change, ChangedElsewhere, InvalidInput
from amtui.core.versions import label, shown
from amtui.tui.dialogs.conflict import MINE, NEW, THEIRS, ConflictDialog, DeletedDialog

if TYPE_CHECKING:
    from amtui.tui.dialogs.form import FormField


class ConflictAnswers:
    """Mixed into FormScreen: `fields`, `base`, `shown_at_start` and the field reading
    (`_raw`, `_raw_values`, `_parsed`, `set_field`) are the form's."""

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
                hint = self.query_one(f"#hint-{f.name}", Static)
                hint.update(f"saved elsewhere: {shown(change.theirs)}")
                hint.add_class("-elsewhere")  # shown even where a tight form hides hints
