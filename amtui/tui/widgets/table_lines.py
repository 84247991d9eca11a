"""A virtual list's lines as Rich Text: cells fitted to their column's width, padded and
joined.  Plain functions of the layout (column key -> width), so the widget only
caches and draws them."""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text

from amtui.tui.safe import plain

PADDING = 1  # cells of space each side of a cell


class Look(NamedTuple):
    """The styles a list's lines are drawn in, for its focus and theme of the moment:
    worked out once per look (a widget's rich_style walks its ancestors: too dear for
    every line), and part of the key of every line kept."""

    base: Style
    header: Style
    cursor: Style
    even_row: Style
    loading: Style


class RowCells(dict):
    """A row's cells (column key -> Text) and, for a row several lines high, each cell
    split into its lines (worked out when first drawn, then kept with the cells)."""

    __slots__ = ("lines",)

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: dict[str, list[Text]] | None = None


def as_text(cell: object) -> Text:
    """A cell as Text: a str from the book is never read as markup."""
    if isinstance(cell, Text):
        return cell
    return Text(plain(str(cell)), no_wrap=True, overflow="ellipsis")


def fit(cell: Text, width: int, right: bool = False) -> Text:
    """The cell at exactly `width` cells: cut with … when longer, padded when shorter;
    numbers (`right`, or a cell justified right) to the right."""
    text = cell.copy()
    text.no_wrap = True
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    text.align("right" if right or cell.justify == "right" else "left", width)
    return text


def lines_of(cell: Text) -> list[Text]:
    """The lines of a cell several lines high."""
    if "\n" not in cell.plain:
        return [cell]
    return list(cell.split("\n", allow_blank=True))


def line(widths: dict[str, int], cells: dict[str, Text], right: frozenset[str] = frozenset()) -> Text:
    """One row (or the header, given its labels as cells) across the columns shown."""
    out = Text(no_wrap=True, end="")
    pad = " " * PADDING
    for column, width in widths.items():
        out.append(pad)
        out.append_text(fit(cells.get(column, Text()), width, column in right))
        out.append(pad)
    return out


def span(widths: dict[str, int], column: str | None) -> tuple[int, int] | None:
    """Where a column's cell starts and ends on a line (its padding included)."""
    left = 0
    for key, width in widths.items():
        if key == column:
            return left, left + width + 2 * PADDING
        left += width + 2 * PADDING
    return None


def column_at(widths: dict[str, int], x: int) -> str | None:
    """The column under cell `x` of a line (a click)."""
    left = 0
    for key, width in widths.items():
        left += width + 2 * PADDING
        if x < left:
            return key
    return None
