"""A virtual list's lines: cells fitted to their column's width, padded and joined, then
drawn as Strips.  Plain functions of the layout (column key -> width) and of a `Frame`
(what the lines are drawn for), so the widget only caches them, and a worker can draw
the lines a list will show before it shows them (ready_lines.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import NamedTuple

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec, fit_columns

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


# --- the columns for a width -------------------------------------------------------------
def labels(specs: Sequence[ColumnSpec], sort: tuple[str, bool] | None) -> dict[str, str]:
    """Each column's header, the sorted one with its arrow."""
    out = {s.key: s.label for s in specs}
    if sort is not None and sort[0] in out:
        column, descending = sort
        out[column] = f"{out[column]} {'▼' if descending else '▲'}"
    return out


def layout(specs: Sequence[ColumnSpec], sort: tuple[str, bool] | None, room: int,
           natural: dict[str, int], sideways: bool) -> dict[str, int]:
    """The columns shown in `room` cells and their widths (the arrow counts in a header).
    The sorted column always shows: a list sorted by tier at 80 columns, where Tier would
    make way, keeps it.  A text column kept so shares the narrowing with the other text
    columns (sorted by industry, the industry and the name are both cut with "…", rather
    than the name to a few letters)."""
    named = labels(specs, sort)
    return fit_columns([_kept(replace(s, label=named[s.key]), sort, natural) for s in specs], room, natural,
                       PADDING, sideways=sideways)


def _kept(spec: ColumnSpec, sort: tuple[str, bool] | None, natural: dict[str, int]) -> ColumnSpec:
    """The sorted column never makes way; one whose cells run wider than its least width
    (an industry, not a tier) narrows like a text column."""
    if sort is None or spec.key != sort[0] or not spec.drop:
        return spec
    long_cells = natural.get(spec.key, 0) > spec.width
    return replace(spec, drop=0, share=spec.share or (1 if long_cells else 0))


# --- drawing -------------------------------------------------------------------------------
class Frame(NamedTuple):
    """What a list's lines are drawn for, read on the UI thread: the same Frame draws the
    same lines in the widget and in a worker."""

    widths: dict[str, int]  # the columns shown, in order
    right: frozenset[str]  # the columns aligned right
    width: int  # the list's width on screen
    left: int  # scrolled sideways by
    zebra: bool
    focused: bool
    cell_cursor: bool  # the cursor is a cell, not a row
    cursor_column: str | None
    look: Look


def row_key(frame: Frame, index: int, key: int | None, cursor: bool, sub: int) -> tuple:
    """The key a drawn line of a row is kept under: everything it is drawn from but the
    layout (a new layout clears the lines kept)."""
    return (index, key, frame.width, cursor, frame.focused and cursor, index % 2 and frame.zebra,
            cursor and frame.cursor_column, frame.left, sub, frame.look)


def header_key(frame: Frame, sort: tuple[str, bool] | None) -> tuple:
    return ("header", frame.width, sort, frame.left, frame.look)


def line_cells(cells: RowCells, sub: int, row_height: int) -> dict[str, Text]:
    """Line `sub` of a row's cells (a row several lines high splits its cells once)."""
    if row_height == 1:
        return cells
    if cells.lines is None:
        cells.lines = {k: lines_of(v) for k, v in cells.items()}
    return {k: lines[sub] if sub < len(lines) else Text() for k, lines in cells.lines.items()}


def draw_header(frame: Frame, named: dict[str, str], console: Console) -> Strip:
    texts = {k: Text(v) for k, v in named.items()}
    return draw(frame, line(frame.widths, texts, frame.right), frame.look.base + frame.look.header, console)


def draw_row(frame: Frame, text: Text, index: int, cursor: bool, console: Console) -> Strip:
    """A row's line (`text`, the cells joined) in the list's look: zebra stripe, cursor."""
    look = frame.look
    base = look.base
    if frame.zebra and index % 2:
        base += look.even_row
    if cursor and frame.cell_cursor:
        where = span(frame.widths, frame.cursor_column)
        if where is not None:
            text.stylize(look.cursor, *where)
    elif cursor:
        on_top = look.cursor
        base += on_top
        text.stylize(on_top)  # over the cells' own colours, as DataTable's cursor
    return draw(frame, text, base, console)


def draw(frame: Frame, text: Text, base: Style, console: Console) -> Strip:
    left = frame.left  # sideways only where the owner allows it (overflow-x)
    return Strip(list(text.render(console))).crop_extend(left, left + frame.width, None).apply_style(base)
