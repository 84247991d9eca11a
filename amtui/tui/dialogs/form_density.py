"""How dense a form is drawn, for the room the terminal gives it (FormScreen's part).

Roomy (labels above bordered inputs) when the whole form fits so; else compact (every
control one line, Textual's `compact`, labels beside them); else tight, as at 80x24 (no
blank line, only the focused field's hint, the title one line, a multiline field two):
the client form's fourteen fields, its buttons and a hint fit 80x24 so.  The fields
scroll inside the form's share of the terminal, so its buttons always show.  Which fits
is estimated from the fields, then checked as laid out: fields that come to scroll (a
hint that wraps) are drawn a step denser until the terminal is resized.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.content import Content

from amtui.tui.widgets.keys_footer import KeysFooter

if TYPE_CHECKING:
    from amtui.tui.dialogs.form import FormField

FORM_HEIGHT = 0.9  # of the terminal, at most (`.form { max-height: 90% }` in amtui.tcss)
MIN_FIELDS_HEIGHT = 3  # rows of fields however short the terminal: one input, scrolled to
# How dense a form is drawn (FormScreen._set_density, amtui.tcss): roomy (labels above
# bordered inputs) when that fits the terminal; else compact (every control one line,
# labels beside them, a hint's line only when it has one); else tight, as at 80x24
# (compact, no blank lines, only the focused field's hint, a multiline field two lines,
# all the rows above the footer).
# Rows a field takes roomy: its label and the blank line above, a bordered input (a
# multiline one is 5 tall), the hint; compact: one line (a multiline one 3), its hint.
ROOMY_FIELD_ROWS, ROOMY_FIELD_ROWS_ELSE = {"multiline": 8}, 6
ROOMY_CHROME_ROWS = 10  # border, padding, title and the line under it, buttons and theirs
COMPACT_FIELD_ROWS, COMPACT_FIELD_ROWS_ELSE = {"multiline": 3}, 1
COMPACT_CHROME_ROWS = 8  # border, padding, title and the line under it, buttons and theirs
LABELS_BESIDE_FROM = 60  # terminal columns: narrower, a compact form keeps labels above
LABEL_WIDTH = (8, 24)  # a compact form's label column: its longest label, within these
# A checkbox's label wraps (WrappingCheckbox): the columns it has are the form's width
# less its border and padding (FORM_SIDES; tight, two fewer), less the box and a space
# either side of the label (roomy, the checkbox's border and padding too: CHECKBOX_SIDES)
# and, compact and wide enough, the label column.
FORM_SIDES, CHECKBOX_SIDES = 6, {"compact": 5, "roomy": 9}
CONTROLS = "Input, Select, TextArea, Checkbox, Button"  # what Textual draws compact


class FormDensity:
    """Mixed into FormScreen: the form's `fields`, `intro` and widgets are its own."""

    _density: tuple | None = None  # how the form is drawn now (_set_density)
    # the least dense the form may be drawn, as measured: roomy_rows and compact_rows are
    # estimates (a hint or a contact's name that wraps takes a line more), so a form
    # whose fields ran past their room goes a step denser until the terminal is resized
    _least: str = "roomy"
    def _intro_rows(self) -> int:
        return len(self.intro.splitlines()) + 1 if self.intro else 0

    def _label_column(self) -> int | None:
        """A compact form's label column (its longest label, within LABEL_WIDTH), None
        when the terminal is too narrow for labels beside the inputs."""
        if self.app.size.width < LABELS_BESIDE_FROM:
            return None
        widest = max((cell_len(f.label) + (2 if f.required else 0) for f in self.fields
                      if f.kind != "checkbox"), default=0)  # a checkbox carries its label
        return max(LABEL_WIDTH[0], min(LABEL_WIDTH[1], widest + 2))

    def _form_width(self) -> int:
        """The form's columns on this terminal (its width and max-width in amtui.tcss)."""
        styles, size = self.query_one("#form").styles, self.app.size
        widths = [int(scalar.resolve(size, size)) for scalar in (styles.width, styles.max_width) if scalar]
        return min([size.width, *widths])

    def more_lines(self, f: FormField, density: str) -> int:
        """The lines past its first that a checkbox's label takes (a long "Mark done:
        <title>" wraps to two or three), `density` "roomy" or "compact"."""
        if f.kind != "checkbox":
            return 0
        label = 0 if density == "roomy" else self._label_column() or 0
        room = self._form_width() - FORM_SIDES - CHECKBOX_SIDES[density] - label
        return len(Content(f.label).wrap(max(8, room))) - 1

    def shown_fields(self) -> list[FormField]:
        """The fields on show (the export dialog hides those its report does not take)."""
        return [f for f in self.fields
                if not (widget := self.query(f"#field-{f.name}")) or widget.first().display]

    def roomy_rows(self) -> int:
        """About the rows this form takes roomy (from amtui.tcss' sizes: an estimate; a
        form a row or two out scrolls its fields, as every form can)."""
        fields = sum(ROOMY_FIELD_ROWS.get(f.kind, ROOMY_FIELD_ROWS_ELSE) + self.more_lines(f, "roomy")
                     for f in self.shown_fields())
        return ROOMY_CHROME_ROWS + self._intro_rows() + fields

    def compact_rows(self) -> int:
        """About the rows this form takes compact: a line a field, one for each hint."""
        fields = sum(COMPACT_FIELD_ROWS.get(f.kind, COMPACT_FIELD_ROWS_ELSE) + self.more_lines(f, "compact")
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
        compact = self._least != "roomy" or self.roomy_rows() > room
        tight = compact and (self._least == "tight" or self.compact_rows() > room)
        width = self._label_column() if compact else None
        beside = width is not None
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

    def _fields_scroll(self, shown: bool) -> None:
        """The density as laid out, not as estimated: roomy or compact fields that come to
        scroll (a hint or a contact's name wrapping onto a second line) are drawn a step
        denser instead, until the terminal is resized (FormScreen watches the scroll bar
        of its fields).  Only as the form opens: once the rep has typed, an error or a
        hint that grows scrolls the fields instead (the whole form redrawn under their
        hands, its boxes gone, read as something having gone wrong)."""
        if shown and not self.has_class("-tight") and not self.has_typed():
            self._least = "tight" if self.has_class("-compact") else "compact"
            self._fit_fields()
