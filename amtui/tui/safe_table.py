"""A DataTable for book text (safe.py says why).  Its own module so that a screen without
a DataTable (Today, the start) does not import Textual's."""

from __future__ import annotations

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
