"""The Pipeline board's lines, drawn in a worker before `v` shows it: the screen's thread
only swaps them in.

The first `v` after a load showed the board's cards from nothing: each card on screen
built and each column's part of each line drawn on the screen's thread, in the same step
as Textual laying out and painting the switched view (a third to a half of that step).
Now `v` asks a worker for them first (PipelineScreen): the board's `BoardPlan`, read on
the screen's thread, says where it stands (its size, look, columns' cursors and tops);
`prepare` places the load's cards as `DealBoard.show` will (board_column.place) and
draws the lines on screen.  A load while the board shows (a reload, a filter typed)
draws them the same way, in its own worker.  The board takes them when its grid, card shape and look came
out the same; anything else (a page not read yet, a resize meanwhile) it draws itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rich.console import Console
from rich.text import Text
from textual.strip import Strip

from amtui.core.pipeline_view import StageTotals
from amtui.tui.widgets import board_lines as bl
from amtui.tui.widgets import table_lines
from amtui.tui.widgets.board_column import StageColumn, first_shown, place
from amtui.tui.widgets.board_lines import (
    COLUMN_CHROME,
    HEADER_LINES,
    BoardLook,
    CardOf,
    CardShape,
    Grid,
)
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.table_lines import PADDING


class BoardPlan(NamedTuple):
    """Where the board stands when `v` is pressed (DealBoard.plan)."""

    width: int
    height: int
    look: BoardLook
    focused: bool  # when it shows (`v` gives it the focus; a filter typed keeps it in the box)
    names: tuple[str, ...]  # the stages of its columns now
    places: tuple[tuple[int, int], ...]  # each column's cursor and top
    current: int  # the column the keys move in
    first: int  # the first column shown
    console: Console


@dataclass
class BoardReady:
    """A board's lines on screen, drawn for its `grid`, `shape` and `look`, and the cards'
    lines (by deal id)."""

    grid: Grid
    shape: CardShape
    look: BoardLook
    cards: dict[int, list[Text]] = field(default_factory=dict)
    parts: dict[tuple, Strip] = field(default_factory=dict)


def prepare(plan: BoardPlan, stages: Sequence[StageTotals], sources: Sequence[RowSource],
            natural: dict[str, int], card_of: CardOf, keep_id: int | None) -> BoardReady:
    """The lines of the board once it shows `sources` (their pages read already; a card
    whose page is not is left to the board), the cursor on `keep_id`."""
    count = len(stages)
    grid = Grid.of(plan.width, plan.height, count, bl.least_column(natural))
    shape = CardShape.of(grid.column - COLUMN_CHROME - 2 * PADDING, natural)
    ready = BoardReady(grid, shape, plan.look)
    if not plan.width or not count:
        return ready
    columns = [StageColumn(i, stage, source) for i, (stage, source) in enumerate(zip(stages, sources, strict=True))]
    current, first = 0, 0
    if tuple(s.stage.name for s in stages) == plan.names:  # the same columns: each where it was
        for column, (cursor, top) in zip(columns, plan.places, strict=True):
            column.cursor, column.top = cursor, top
        current, first = plan.current, plan.first
    held = place(columns, keep_id, shape.lines, grid.body)
    if held is not None:
        current, first = held.index, first_shown(held.index, first, count, grid.shown)
    look, console = plan.look, plan.console
    for column in columns[first:first + grid.shown]:
        for y in range(HEADER_LINES):
            ready.parts[bl.header_key(column, y, grid.column, look)] = bl.header_strip(
                column.stage, y, grid.column, look, console)
        for body in range(grid.body):
            index, sub = divmod(column.top + body, shape.lines)
            row = column.row_at(index) if index < column.row_count else None
            key = column.source.key_at(index)
            if row is None or key is None:
                continue  # below the cards, or its page not read: the board's own
            lines = ready.cards.get(key)
            if lines is None:
                lines = ready.cards[key] = table_lines.lines_of(card_of(row, shape))
            cursor = bl.card_cursor(column, index, plan.focused, current, look)
            text = lines[sub] if sub < len(lines) else Text()
            ready.parts[bl.card_key(column, index, sub, grid.column, cursor, look)] = bl.card_strip(
                text, grid.column, bool(index % 2), cursor, look, console)
    return ready
