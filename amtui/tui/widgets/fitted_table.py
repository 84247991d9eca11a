"""A DataTable of a few hundred rows at most, its columns laid out for its width.

Days, amounts and states are sized to their widest cell and never cut; the text columns
(names, titles, notes) share what is left, each no wider than its longest cell, and end
in … where the width cuts them (columns.py lays them out, as for the virtual lists).  A
column the layout leaves out takes no room at all.  The client's parts and What changed
use it; `cuts` tells the screen to show the highlighted row whole under it (row_line.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from amtui.tui.safe_table import SafeTable
from amtui.tui.widgets.columns import ColumnSpec, fit_columns
from amtui.tui.widgets.row_line import cuts


def cut(value) -> Text:
    """A cell on one line, ending in … where its column cuts it."""
    text = value.copy() if isinstance(value, Text) else Text(str(value))
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class FittedTable(SafeTable):
    """Rows of cells (one per spec, in order) keyed by a str; `fill` replaces them."""

    def __init__(self, specs: Sequence[ColumnSpec], **kwargs):
        super().__init__(**kwargs)
        self.specs = tuple(specs)
        self.rows_shown: list[tuple[str, list]] = []
        self.widths: dict[str, int] = {}
        self.natural: dict[str, int] = {}  # each column's widest cell over the rows

    def on_mount(self) -> None:
        self._set_columns()

    def on_resize(self) -> None:
        if self._layout() != self.widths:
            self.fill(self.rows_shown)

    def _layout(self) -> dict[str, int]:
        self.natural = {spec.key: max((cut(cells[i]).cell_len for _k, cells in self.rows_shown), default=0)
                        for i, spec in enumerate(self.specs)}
        return fit_columns(self.specs, max(self._room() - 1, 1), self.natural)

    def _room(self) -> int:
        """The width the columns may take, less the scroll bar the rows will need.

        Foretold from the rows and the height rather than read off the scroll bar shown:
        Textual shows it on a later layout, so a fill that read it then laid out a column
        too wide once the bar came (seen in CI: 79 cells in 78)."""
        width = self.content_region.width or self.app.size.width - 4
        if len(self.rows_shown) + self.header_height > self.content_region.height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _set_columns(self) -> None:
        # only the columns that fit: a column left out (an empty Notes making way for a cut
        # Email) takes no room at all, not even its padding
        self.widths = self._layout()
        self.clear(columns=True)
        for spec in self.specs:
            if spec.key in self.widths:
                self.add_column(spec.label, width=self.widths[spec.key], key=spec.key)

    def fill(self, rows: list[tuple[str, list]]) -> None:
        """Replace the rows, keeping the cursor on the same record when it is still there."""
        keep = self.selected_key()
        index = self.cursor_row
        self.rows_shown = rows
        self._set_columns()
        shown = [i for i, spec in enumerate(self.specs) if spec.key in self.widths]
        for key, cells in rows:
            self.add_row(*(cut(cells[i]) for i in shown), key=key)
        if keep is not None and keep in self.rows:
            self.move_cursor(row=self.get_row_index(keep), animate=False)
        elif self.row_count:
            self.move_cursor(row=min(index, self.row_count - 1), animate=False)

    @property
    def cuts(self) -> bool:
        """Whether some row does not read whole in the columns shown."""
        return cuts(self.widths, self.natural)

    def cells(self, key: str) -> list:
        """A row's cells, every column's (those left out for want of room too)."""
        return next(cells for k, cells in self.rows_shown if k == key)

    def selected_key(self) -> str | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def cut_cells(self) -> list | None:
        """The highlighted row's cells while the columns cut some row (for the line that
        shows it whole), else None."""
        return self.selected_cells() if self.cuts else None

    def selected_cells(self) -> list | None:
        """The highlighted row's cells (every column's), or None when there are no rows."""
        key = self.selected_key()
        return None if key is None else self.cells(key)
