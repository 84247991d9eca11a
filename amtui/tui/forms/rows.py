"""What the activity forms share: date and contact fields, and RowsForm, a FormScreen
that lays short fields side by side so a form of seven fields fits a 30-line terminal."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from amtui.core import contacts, dates_fmt
from amtui.core.parse import Tense, parse_date
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.dialogs.form_density import ROOMY_CHROME_ROWS
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
    # as every screen shows it ('Thu 17 Dec', '2 Dec 2027'), which parse_date reads back
    text = dates_fmt.day(value) if isinstance(value, date) else (value or "")
    return FormField(
        name,
        label,
        value=text,
        parse=lambda typed: parse_date(typed, tense=tense, field=name),
        describe=describe_date,
        required=required,
        # whole in the narrowest date input, a roomy pair's half at 80x24 (Textual cuts a
        # placeholder with no "…"); README and the refusal list the other forms
        placeholder="fri, +3d, 20 Dec, 12/01" if tense == "future" else "yesterday, mon, -2d, 20 Nov",
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
        placeholder=NOBODY if choices else "none yet",
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
    fits a 30-line terminal without scrolling.  Tab still follows the reading order.
    Compact and narrow (below SIDE_BY_SIDE_FROM columns), a field a line: two fields
    and their labels on one 76-column line left each a few letters of input."""

    ROWS: tuple[tuple[str, ...], ...] = ()  # field names per line; unlisted fields get a line each
    SIDE_BY_SIDE_FROM = 110  # terminal columns, for a compact form
    # rows a roomy line takes (labels right above their inputs): label, input, hint
    ROOMY_ROW_ROWS = {"multiline": 6, "checkbox": 4}  # a checkbox carries its own label
    ROOMY_ROW_ROWS_ELSE = 5

    def _rows(self) -> list[tuple[str, ...]]:
        """The names of the fields on each line, in the fields' reading order."""
        names = {f.name for f in self.fields}
        placed = {name for row in self.ROWS for name in row}
        rows = [tuple(n for n in row if n in names) for row in self.ROWS]
        rows += [(f.name,) for f in self.fields if f.name not in placed]
        order = {f.name: i for i, f in enumerate(self.fields)}
        return sorted((r for r in rows if r), key=lambda r: order[r[0]])

    def roomy_rows(self) -> int:
        by_name = {f.name: f for f in self.fields}
        lines = sum(max(self.ROOMY_ROW_ROWS.get(by_name[n].kind, self.ROOMY_ROW_ROWS_ELSE)
                        + self.more_lines(by_name[n], "roomy") for n in row)
                    for row in self._rows())
        return ROOMY_CHROME_ROWS + self._intro_rows() + lines

    def _set_density(self) -> bool:
        changed = super()._set_density()
        stacked = self.has_class("-compact") and self.app.size.width < self.SIDE_BY_SIDE_FROM
        changed |= stacked != self.has_class("-stacked")
        self.set_class(stacked, "-stacked")
        return changed

    def compose(self) -> ComposeResult:
        by_name = {f.name: f for f in self.fields}
        with Vertical(id="form", classes="form rows-form"):
            yield SafeLabel(self.form_title, classes="form-title")
            if self.intro:
                yield SafeStatic(self.intro, classes="form-intro")
            with VerticalScroll(classes="form-fields"):
                for row in self._rows():
                    with Horizontal(classes="form-row"):
                        for name in row:
                            yield self._field_box(by_name[name], "form-cell")
            yield self._buttons()
        yield KeysFooter()  # the dialog's own keys, over the screen's
