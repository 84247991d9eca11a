"""A virtual list's next lines, drawn in a worker: the screen's thread only swaps them in.

A sort, a filter keystroke or a reload reads the list's new order in a thread worker;
the rows then on screen had their cells built and their lines drawn on the screen's
thread when they were shown (15-30 ms of its CPU for a screenful at 140x42).  Now the
worker draws them too.  The table's `Plan`, read on the screen's thread when the load
starts (its columns, width, scroll position, cursor, focus and look), says where the
list will stand once the new rows are shown: the cursor on the record it was on, or
where the new order leaves it, scrolled as `VirtualTable.move_cursor` would.  `prepare`
builds those rows' cells and lines for it, reading any page of rows on screen it lacks.
The table takes them when it shows the rows (`VirtualTable.show(..., ready=)`) if its
columns came out the same; a line it does not find ready (the rep scrolled or resized
meanwhile) it draws itself, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from rich.console import Console
from textual.strip import Strip

from amtui.tui.widgets import paging, table_lines
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.table_lines import Frame, RowCells, as_text


class Plan(NamedTuple):
    """Where a virtual list stands when a load starts (VirtualTable.plan)."""

    frame: Frame  # what its lines are drawn for (the columns as they are now)
    specs: tuple[ColumnSpec, ...]
    sort: tuple[str, bool] | None
    natural: dict[str, int]
    room: int  # cells the columns share
    sideways: bool  # a wide grid scrolls sideways rather than squeeze
    top: int  # the line on top (scrolled by)
    body_lines: int  # lines of rows on screen (under the header)
    view_lines: int  # lines on screen, the header's too (scrolling stops at the last row)
    header: int  # lines above the rows
    row_height: int
    cursor: int
    console: Console


@dataclass
class Ready:
    """The lines a list will show, drawn for its columns (`widths`), and the rows' cells."""

    widths: dict[str, int]
    right: frozenset[str]
    cells: dict[int, RowCells]
    lines: dict[tuple, Strip]
    room: int = 0  # the cells the columns were laid out in (the plan's)


def standing(plan: Plan, source: RowSource, keep_id: int | None, from_top: bool) -> tuple[int, int]:
    """The cursor and the line on top once `source` is shown: the cursor on `keep_id`
    (centred, when it has to move), else where it was (from the top: `from_top`)."""
    total = source.total
    index = source.index_of(keep_id)
    cursor = index if index is not None else 0 if from_top else plan.cursor
    cursor = max(0, min(cursor, total - 1)) if total else 0
    top = paging.top_for_row(cursor, plan.top, plan.body_lines, plan.row_height, centre=index is not None)
    top = plan.top if top is None else max(0, top)
    return cursor, min(top, max(0, total * plan.row_height + plan.header - plan.view_lines))


def prepare(plan: Plan, source: RowSource, cells_of: Callable[[Any], dict[str, object]],
            keep_id: int | None = None, *, specs: tuple[ColumnSpec, ...] | None = None,
            natural: dict[str, int] | None = None, sort: tuple[str, bool] | None = None,
            from_top: bool = False) -> Ready:
    """The cells and lines of the rows `source` will show (in a worker: the pages on
    screen it has not read yet are read here), for the columns `specs` with their widest
    cells `natural` and the order `sort` (the plan's when not given)."""
    specs = plan.specs if specs is None else tuple(specs)
    natural = plan.natural if natural is None else natural
    sort = plan.sort if sort is None else sort
    widths = table_lines.layout(specs, sort, plan.room, natural, plan.sideways)
    right = frozenset(s.key for s in specs if s.right)
    frame = plan.frame._replace(widths=widths, right=right)
    ready = Ready(widths, right, {}, {}, plan.room)
    if frame.width <= 0:
        return ready  # not laid out yet: nothing to draw for
    cursor, top = standing(plan, source, keep_id, from_top)
    h = plan.row_height
    first, last = top // h, min(source.total - 1, (top + plan.body_lines - 1) // h)
    for number in sorted({i // source.page for i in range(first, last + 1) if not source.loaded(i)}):
        if source.fetch is not None:
            source.put(number, source.load(number))
    if plan.header:
        key = table_lines.header_key(frame, sort)
        ready.lines[key] = table_lines.draw_header(frame, table_lines.labels(specs, sort), plan.console)
    for index in range(first, last + 1):
        row, key = source.row(index), source.key_at(index)
        if row is None or key is None:
            continue
        cells = RowCells((k, as_text(v)) for k, v in cells_of(row).items())
        ready.cells[key] = cells
        for sub in range(h):
            if not top <= index * h + sub < top + plan.body_lines:
                continue  # a line of the row off screen
            text = table_lines.line(widths, table_lines.line_cells(cells, sub, h), right)
            is_cursor = index == cursor
            strip = table_lines.draw_row(frame, text, index, is_cursor, plan.console)
            ready.lines[table_lines.row_key(frame, index, key, is_cursor, sub)] = strip
    return ready
