"""A DataTable for book text (safe.py says why).  Its own module so that a screen without
a DataTable (Today, the start) does not import Textual's."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from amtui.tui.safe import cell


class SafeTable(DataTable):
    """A DataTable whose cells and column labels all go through `cell()`.  Rows one line
    high turn a newline into ␊; rows several lines high keep it (each line's text was
    made one line by its builder)."""

    def add_column(self, label, *, width=None, key=None, default=None):
        return super().add_column(cell(label), width=width, key=key, default=default)

    def add_row(self, *cells, height=1, key=None, label=None):
        keep = height is None or height > 1
        return super().add_row(
            *(cell(c, keep_newlines=keep) for c in cells), height=height, key=key,
            label=None if label is None else cell(label),
        )

    def update_cell(self, row_key, column_key, value, *, update_width=False) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def update_cell_at(self, coordinate, value, *, update_width=False) -> None:
        super().update_cell_at(coordinate, cell(value), update_width=update_width)


def fill(table: DataTable, labels: Sequence[str], rows: Sequence[Sequence[object]],
         keys: Sequence[str | None] | None = None) -> None:
    """Put `rows` in `table` under the columns `labels`, each column as wide as its widest
    cell or label.

    A DataTable measures an auto-width column when it next idles; a frame painted before
    that (the screen busy with other messages) draws the new rows at the old widths and
    caches those lines, so a column could stay as narrow as its label ("Nothin" for
    "Nothing exported yet...") until the next restyle.  Widths given here are right from
    the first paint.  `keys`: each row's key (none by default)."""
    widths = [cell_len(label) for label in labels]
    for row in rows:
        for i, value in enumerate(row):
            shown = cell(value)  # what the table shows: its stand-ins for control characters
            widths[i] = max(widths[i], shown.cell_len if isinstance(shown, Text) else cell_len(str(shown)))
    table.clear(columns=True)
    for label, width in zip(labels, widths, strict=True):
        table.add_column(label, width=width)
    for n, row in enumerate(rows):
        table.add_row(*row, key=None if keys is None else keys[n])
