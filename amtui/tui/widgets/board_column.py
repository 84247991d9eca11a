"""One column of the Pipeline board: a stage's header figures, its cards' `RowSource`,
the column's cursor and how far its cards have scrolled.  Each column scrolls on its own
(the board, deal_board.py, draws them side by side)."""

from __future__ import annotations

from rich.segment import Segment
from textual.scrollbar import ScrollBarRender

from amtui.core.pipeline_view import ShownDeal, StageTotals
from amtui.tui.widgets.board_lines import BoardLook
from amtui.tui.widgets.paging import top_for_row
from amtui.tui.widgets.row_source import RowSource


class StageColumn:
    """One stage's column: its header's figures, its cards' source, its cursor and how
    far its cards have scrolled (`top`, in lines)."""

    def __init__(self, index: int, stage: StageTotals, source: RowSource):
        self.index, self.stage, self.source = index, stage, source
        self.cursor = 0
        self.top = 0
        self._bar: tuple[tuple, list[Segment]] = ((), [])

    @property
    def row_count(self) -> int:
        return self.source.total

    def selected_id(self) -> int | None:
        return self.source.key_at(self.cursor)

    def row_at(self, index: int) -> ShownDeal | None:
        return self.source.row(index)

    def set_top(self, top: int, row_height: int, lines: int) -> bool:
        """Scroll to line `top` (kept within the cards, `lines` on screen); True when it moved."""
        top = max(0, min(top, self.row_count * row_height - lines))
        moved, self.top = top != self.top, top
        return moved

    def scroll_to_row(self, index: int, row_height: int, lines: int, *, centre: bool = False) -> bool:
        """Scroll so that card `index` shows whole (in the middle: `centre`); True when it scrolled."""
        top = top_for_row(index, self.top, lines, row_height, centre=centre)
        # in view: the top only kept within the cards
        return self.set_top(self.top if top is None else top, row_height, lines)

    def bar(self, line: int, row_height: int, lines: int, look: BoardLook) -> Segment:
        """The column's scrollbar cell on line `line` of its cards (blank when they all fit)."""
        total = self.row_count * row_height
        if total <= lines:
            return Segment(" ", look.base)
        key = (self.top, total, lines, look)
        if self._bar[0] != key:
            bar = ScrollBarRender.render_bar(size=lines, virtual_size=total, window_size=lines,
                                             position=self.top, thickness=1, vertical=True,
                                             back_color=look.bar.bgcolor, bar_color=look.bar.color)
            self._bar = (key, [Segment(s.text, look.base + s.style) for s in bar.segments])
        segments = self._bar[1]
        return segments[line] if line < len(segments) else Segment(" ", look.base)


def place(columns: list[StageColumn], keep_id: int | None, row_height: int, lines: int) -> StageColumn | None:
    """The cursors and tops of columns given new cards: each cursor kept within its cards
    and in view; the column holding `keep_id` (returned) with its cursor on that card, in
    the middle.  The board does this when it shows a load, and a worker that draws the
    board's lines ahead of it (board_ready.py) does the same."""
    for column in columns:
        column.cursor = max(0, min(column.cursor, column.row_count - 1))
        column.scroll_to_row(column.cursor, row_height, lines)
    for column in columns:
        index = column.source.index_of(keep_id)
        if index is not None:
            column.cursor = index
            column.scroll_to_row(index, row_height, lines, centre=True)
            return column
    return None


def first_shown(index: int, first: int, count: int, shown: int) -> int:
    """The first column shown once column `index` shows whole (the others on whole-column
    steps), from `first`, with `shown` of `count` columns on screen at once."""
    if index < first:
        first = index
    elif index >= first + shown:
        first = index - shown + 1
    return min(max(0, first), max(0, count - shown))
