"""What the activity forms share: date and contact fields, and RowsForm, a FormScreen
that lays short fields side by side so a form of seven fields fits a 30-line terminal."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button

from amtui.core import contacts
from amtui.core.parse import Tense, parse_date
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.forms.client import describe_date
from amtui.tui.safe import SafeLabel, SafeStatic
from amtui.tui.widgets.keys_footer import KeysFooter

NOBODY = "nobody in particular"


def date_field(
    name: str,
    label: str,
    value: date | str | None = None,
    *,
    tense: Tense,
    required: bool = False,
    hint: str = "",
) -> FormField:
    text = value.isoformat() if isinstance(value, date) else (value or "")
    return FormField(
        name,
        label,
        value=text,
        parse=lambda typed: parse_date(typed, tense=tense, field=name),
        describe=describe_date,
        required=required,
        placeholder="fri, +3d, +2w, 12/01, 2026-12-01" if tense == "future" else "yesterday, mon, -2d, 11/20",
        hint=hint,
    )


def contact_field(client_id: int, value: int | None) -> FormField:
    choices = [
        (f"{c.name} ({c.title})" if c.title else c.name, c.id)
        for c in contacts.client_contacts(client_id)
    ]
    return FormField(
        "contact",
        "Contact",
        kind="choice",
        value=value if value is not None else "",
        choices=choices,
        # the hint says what a blank choice means: under a chosen contact "nobody in
        # particular" read as if nobody were chosen
        hint=f"blank: {NOBODY}" if choices else "no contacts yet: add them on the client",
    )


def choice_field(name: str, label: str, choices, value: str) -> FormField:
    return FormField(
        name,
        label,
        kind="choice",
        value=value,
        choices=[(c, c) for c in choices],
        allow_blank=False,
    )


def text_of(values: dict, name: str) -> str:
    return values.get(name) or ""


class RowsForm(FormScreen):
    """A FormScreen laying short fields side by side (ROWS), so a form of seven fields
    fits a 30-line terminal without scrolling.  Tab still follows the reading order."""

    ROWS: tuple[tuple[str, ...], ...] = ()  # field names per line; unlisted fields get a line each

    def compose(self) -> ComposeResult:
        by_name = {f.name: f for f in self.fields}
        placed = {name for row in self.ROWS for name in row}
        rows = [tuple(n for n in row if n in by_name) for row in self.ROWS]
        rows += [(f.name,) for f in self.fields if f.name not in placed]
        order = {f.name: i for i, f in enumerate(self.fields)}
        rows = sorted((r for r in rows if r), key=lambda r: order[r[0]])
        with Vertical(id="form", classes="form rows-form"):
            yield SafeLabel(self.form_title, classes="form-title")
            if self.intro:
                yield SafeStatic(self.intro, classes="form-intro")
            with VerticalScroll(classes="form-fields"):
                for row in rows:
                    with Horizontal(classes="form-row"):
                        for name in row:
                            f = by_name[name]
                            with Vertical(classes="form-cell"):
                                if f.kind != "checkbox":  # a checkbox carries its own label
                                    yield SafeLabel(
                                        f.label + (" *" if f.required else ""),
                                        classes="form-label",
                                    )
                                yield self._widget_for(f)
                                yield SafeStatic(f.hint, id=f"hint-{f.name}", classes="form-hint")
            with Horizontal(classes="form-buttons"):
                yield Button(f"{self.submit_label} (ctrl+s)", id="form-save", variant="primary")
                yield Button("Cancel (esc)", id="form-cancel")
        yield KeysFooter()  # the dialog's own keys, over the screen's

