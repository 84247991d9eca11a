"""The Pipeline's board: a column per open stage, its open deals as cards, drawn by ONE
Line-API widget.

Each screen line is the shown columns' parts of it side by side: a column's two header
lines (the stage, its probability and count; the total and weighted total, from the
load's aggregate query), then its cards' lines, its scrollbar and its border.  There is
no widget per column: Textual styles and cuts one widget's lines, so showing the board
costs what a list of the same size costs.  Each column keeps its own cursor and scrolls
on its own (the highlighted card always in view); its cards come a page at a time from
its `RowSource`, fetched in thread workers as they scroll into view; a card's lines are
built when it first shows and each drawn part of a line is kept (LRU) until the layout,
the theme or the rows change.  As many columns as fit at `least` cells show at a time;
←/→ move between columns and bring the others into view, whole.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.worker import Worker

from amtui.core.pipeline_view import ShownDeal, StageTotals
from amtui.tui.actions import bindings
from amtui.tui.widgets import board_lines as bl
from amtui.tui.widgets import paging, table_lines
from amtui.tui.widgets.board_column import StageColumn, first_shown, place
from amtui.tui.widgets.board_lines import (
    BOARD_COLUMN,
    COLUMN_CHROME,
    HEADER_LINES,
    CardOf,
    CardShape,
    card_cursor,
    card_key,
    header_key,
)
from amtui.tui.widgets.board_ready import BoardPlan, BoardReady
from amtui.tui.widgets.kept_look import KeptLook
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.table_lines import PADDING

CARDS_KEPT = 1_000  # cards whose lines are kept
PARTS_KEPT = 2_000  # drawn parts of lines kept (a column's line each): a 200x60 board shows 290
WHEEL = 3  # lines a turn of the mouse wheel scrolls a column


class DealBoard(KeptLook, Widget, can_focus=True):
    """A column per open stage with its count, total and weighted total on top."""

    # the list's moves (up, down, pages, home, end, enter) act in the column the cursor is
    # in; left / right are the board's: the column beside
    BINDINGS = [*(b for b in bindings("list") if b.id not in ("list.left", "list.right")), *bindings("board")]

    COMPONENT_CLASSES = {
        "deal-board--header",
        "deal-board--cursor",
        "deal-board--blurred-cursor",
        "deal-board--even-row",
        "deal-board--loading",
        "deal-board--border",
    }  # their styles: amtui.tcss (#deal-board)

    class CardSelected(Message):
        """Enter (or a click on the highlighted card): open the deal."""

        def __init__(self, board: DealBoard, deal_id: int | None):
            super().__init__()
            self.board, self.deal_id = board, deal_id

        @property
        def control(self) -> DealBoard:
            return self.board

    class PageLoaded(paging.PageLoaded):
        """A page of a column's cards, read in a worker."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.columns: list[StageColumn] = []
        self.current = 0  # the column the keys move in
        self.first = 0  # the first column shown
        self.least = BOARD_COLUMN  # a column's width: the widest card's amount line fits
        self.natural: dict[str, int] = {}
        self.shape = CardShape()
        self.card_of: CardOf = lambda row, shape: Text()
        self._cards: LRUCache[int, list[Text]] = LRUCache(CARDS_KEPT)
        self._parts: LRUCache[tuple, Strip] = LRUCache(PARTS_KEPT)
        self._grid_key: tuple = ()
        self._grid_kept = bl.Grid.of(0, 0, 0, BOARD_COLUMN)
        # focus changes no look (only which cursor a column's highlighted card shows: no
        # tint), so taking focus redraws only those cards
        self.drawn = (self._cards, self._parts)
        self.drawn_here = 0  # parts of lines drawn on the screen's thread (not ready from a worker): tests read it
        self._pages = paging.PageFetcher(self, self.PageLoaded, "board-pages")

    # --- what the screen calls -----------------------------------------------------------
    @property
    def stage_names(self) -> list[str]:
        return [c.stage.stage.name for c in self.columns]

    def show(self, stages: list[StageTotals], sources: list[RowSource], natural: dict[str, int],
             card_of: CardOf, keep_id: int | None, ready: BoardReady | None = None) -> None:
        """Fill the columns: each stage's header and its cards (drawn as they show), the
        cursor on `keep_id` when a column holds it (else each where it was).  `ready`: the
        lines a worker drew for them (board_ready.py), taken when the board came out as it
        planned."""
        if [s.stage.name for s in stages] != self.stage_names:
            self.columns = [StageColumn(i, s, src) for i, (s, src) in enumerate(zip(stages, sources, strict=True))]
            self.current = self.first = 0
        for column, stage, source in zip(self.columns, stages, sources, strict=True):
            column.stage, column.source = stage, source
        self.natural, self.card_of = natural, card_of
        self.least = bl.least_column(natural)
        self._reshape()
        self._cards.clear()
        self._parts.clear()
        held = place(self.columns, keep_id, self.row_height, self.body_lines)
        if held is not None:
            self.current = held.index
            self.align(held.index)
        if ready is not None and (ready.grid, ready.shape, ready.look) == (self._grid(), self.shape, self.look):
            for key, lines in ready.cards.items():
                self._cards[key] = lines
            for key, strip in ready.parts.items():
                self._parts[key] = strip
        self.refresh()

    def plan(self, focused: bool) -> BoardPlan:
        """Where the board stands now, for a worker to draw the lines it will show
        (board_ready.prepare), focused or not then; read on the screen's thread."""
        width, height = self._room()
        return BoardPlan(width, height, self.look, focused, tuple(self.stage_names),
                         tuple((c.cursor, c.top) for c in self.columns), self.current, self.first,
                         self.app.console)

    def _room(self) -> tuple[int, int]:
        """The board's size; while it has never shown (the table's view shows), the room its
        views' switcher gives it, as it will have once shown."""
        size = self.outer_size  # no padding or border: the content's size
        if not size:
            parent = self.parent
            size = parent.size if isinstance(parent, Widget) and parent.size else self.app.size
        return size.width, size.height

    def _grid(self) -> bl.Grid:
        """The board's layout for its size (worked out once per size: `size` is dear)."""
        width, height = self._room()
        key = (width, height, len(self.columns), self.least)
        if self._grid_key != key:
            self._grid_key, self._grid_kept = key, bl.Grid.of(width, height, len(self.columns), self.least)
        return self._grid_kept

    def column_width(self) -> int:
        """Every column the same width: the board's width shared by as many as fit."""
        return self._grid().column

    @property
    def shown(self) -> int:
        """How many columns show at once."""
        return self._grid().shown

    @property
    def card_width(self) -> int:
        """The width of a card's text (the column less its padding, scrollbar and border)."""
        return self._grid().column - COLUMN_CHROME - 2 * PADDING

    @property
    def body_lines(self) -> int:
        """The lines of a column's cards on screen (below the header, above the bar of the
        columns when some are out of sight)."""
        return self._grid().body

    @property
    def row_height(self) -> int:
        return self.shape.lines

    @property
    def body_height(self) -> int:
        """Cards that show whole at once in a column."""
        return max(1, self.body_lines // self.row_height)

    def column(self) -> StageColumn | None:
        """The column the keys move in."""
        return self.columns[self.current] if self.columns else None

    def selected_id(self) -> int | None:
        column = self.column()
        return None if column is None else column.selected_id()

    def selected_row(self) -> ShownDeal | None:
        column = self.column()
        return None if column is None or not column.row_count else column.row_at(column.cursor)

    def select(self, deal_id: int | None) -> bool:
        """Put the cursor on the deal's card, in its column; False when no column holds it."""
        for column in self.columns:
            index = column.source.index_of(deal_id)
            if index is not None:
                self.current = column.index
                column.cursor = index
                self._scroll_to_row(column, index, centre=True)
                self.align(column.index)
                self.refresh()
                return True
        return False

    def focus_column(self, index: int, row: int = 0) -> None:
        if not self.columns:
            return
        self.current = min(max(index, 0), len(self.columns) - 1)
        self.focus()
        column = self.columns[self.current]
        if column.row_count:
            self.move_cursor(min(row, column.row_count - 1))
        self.align(self.current)
        self.refresh()

    def focus_selected(self) -> None:
        self.focus()

    def align(self, index: int) -> None:
        """Scroll so that column `index` shows whole, the others on whole-column steps."""
        first = first_shown(index, self.first, len(self.columns), self.shown)
        if first != self.first:
            self.first = first
            self.refresh()

    def cell_text(self, column: StageColumn, index: int) -> str:
        """A card's whole text, its lines joined by newlines (what a cut line shows in part)."""
        lines = self._card_lines(column, index)
        return "" if lines is None else "\n".join(line.plain for line in lines)

    # --- keys ---------------------------------------------------------------------------
    def move_cursor(self, index: int, *, centre: bool = False) -> None:
        column = self.column()
        if column is None:
            return
        total = column.row_count
        old, column.cursor = column.cursor, max(0, min(index, total - 1)) if total else 0
        if self._scroll_to_row(column, column.cursor, centre=centre):
            self.refresh()
        else:
            self._refresh_row(column, old)
            self._refresh_row(column, column.cursor)

    def action_cursor(self, step: int) -> None:
        column = self.column()
        if column is not None:
            self.move_cursor(column.cursor + step)

    def action_page(self, step: int) -> None:
        column = self.column()
        if column is None:
            return
        self._set_top(column, column.top + step * self.body_height * self.row_height)
        self.move_cursor(column.cursor + step * self.body_height)
        self.refresh()

    def action_to(self, where: int) -> None:
        column = self.column()
        if column is not None:
            self.move_cursor(column.row_count - 1 if where < 0 else where)

    def action_neighbour(self, step: int) -> None:
        column = self.column()
        if column is not None:
            self.focus_column(self.current + step, row=column.cursor)

    def action_select(self) -> None:
        column = self.column()
        if column is not None and column.row_count:
            self.post_message(self.CardSelected(self, column.selected_id()))

    # --- mouse --------------------------------------------------------------------------
    def _hit(self, x: int, y: int) -> tuple[StageColumn | None, int | None]:
        """The column under cell (x, y) and the card there (None: its header, or below)."""
        if not self.columns or x < 0:
            return None, None
        index = self.first + x // self.column_width()
        if index >= min(len(self.columns), self.first + self.shown):
            return None, None
        column = self.columns[index]
        if not HEADER_LINES <= y < HEADER_LINES + self.body_lines:
            return column, None
        row = (column.top + y - HEADER_LINES) // self.row_height
        return column, (row if row < column.row_count else None)

    def on_click(self, event: events.Click) -> None:
        column, row = self._hit(event.x, event.y)
        if column is None:
            return
        same = column.index == self.current and row == column.cursor
        self.current = column.index
        self.align(column.index)
        if row is None:
            self.refresh()
            return
        self.move_cursor(row)
        self.refresh()
        if same or event.chain > 1:
            self.action_select()

    def _wheel(self, event: events.MouseEvent, step: int) -> None:
        event.stop()
        event.prevent_default()
        column, _ = self._hit(event.x, event.y)
        if column is not None and self._set_top(column, column.top + step * WHEEL):
            self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._wheel(event, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._wheel(event, -1)

    # --- layout -------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._reshape()
        for column in self.columns:
            self._scroll_to_row(column, column.cursor)
        self.align(self.current)
        self.refresh()

    def _reshape(self) -> bool:
        """The cards' shape for the width a column has now; True when it changed (the
        cards are built again for it)."""
        shape = CardShape.of(self.card_width, self.natural)
        if shape == self.shape:
            return False
        self.shape = shape
        self._cards.clear()
        self._parts.clear()
        return True

    def _set_top(self, column: StageColumn, top: int) -> bool:
        return column.set_top(top, self.row_height, self.body_lines)

    def _scroll_to_row(self, column: StageColumn, index: int, *, centre: bool = False) -> bool:
        return column.scroll_to_row(index, self.row_height, self.body_lines, centre=centre)

    def _refresh_row(self, column: StageColumn, index: int) -> None:
        shown = column.index - self.first
        if not 0 <= shown < self.shown:
            return
        y = HEADER_LINES + index * self.row_height - column.top
        width = self.column_width()
        region = Region(shown * width, y, width, self.row_height).intersection(
            Region(0, HEADER_LINES, self._grid().width, self.body_lines))
        if region.area:
            self.refresh(region)

    # --- drawing ------------------------------------------------------------------------
    def make_look(self) -> bl.BoardLook:
        styles = self.styles
        back, bar = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:
            back = self.background_colors[0] + back
        bar = back + bar
        return bl.BoardLook(
            self.rich_style, *(self.get_component_rich_style(f"deal-board--{name}") for name in (
                "header", "cursor", "blurred-cursor", "even-row", "loading", "border")),
            bar=Style.from_color(bar.rich_color, back.rich_color))

    def _card_lines(self, column: StageColumn, index: int) -> list[Text] | None:
        key = column.source.key_at(index)
        if key is None:
            return None
        lines = self._cards.get(key)
        if lines is None:
            row = column.row_at(index)
            if row is None:
                return None
            lines = table_lines.lines_of(self.card_of(row, self.shape))
            self._cards[key] = lines
        return lines

    def render_line(self, y: int) -> Strip:
        grid, look = self._grid(), self.look
        if not self.columns:
            return Strip.blank(grid.width, look.base)
        if grid.rail and y == grid.height - 1:
            return self._rail(grid, look)
        # one Strip for the line: each column's part (kept), its scrollbar cell and border
        segments: list[Segment] = []
        edge = bl.border(look)
        focused = self.has_focus
        console = self.app.console
        for column in self.columns[self.first:self.first + grid.shown]:
            if y < HEADER_LINES:
                segments += self._header(column, y, grid, look, console)
            else:
                segments += self._card_part(column, y - HEADER_LINES, grid, look, focused, console)
                segments.append(column.bar(y - HEADER_LINES, self.shape.lines, grid.body, look))
            segments.append(edge)
        rest = grid.width - grid.column * grid.shown
        if rest > 0:
            segments.append(Segment(" " * rest, look.base))
        return Strip(segments, grid.width)

    def _header(self, column: StageColumn, y: int, grid: bl.Grid, look: bl.BoardLook, console) -> Strip:
        """Line `y` of a column's header, across the column less its border."""
        key = header_key(column, y, grid.column, look)
        strip = self._parts.get(key)
        if strip is None:
            self.drawn_here += 1
            strip = self._parts[key] = bl.header_strip(column.stage, y, grid.column, look, console)
        return strip

    def _card_part(self, column: StageColumn, body: int, grid: bl.Grid, look: bl.BoardLook, focused: bool,
                   console) -> Strip:
        """Line `body` of a column's cards, across the column less its scrollbar and border."""
        index, sub = divmod(column.top + body, self.shape.lines)
        width = grid.column
        if body >= grid.body or index >= column.row_count:
            return Strip.blank(width - COLUMN_CHROME, look.base)
        cursor = card_cursor(column, index, focused, self.current, look)
        key = card_key(column, index, sub, width, cursor, look)
        strip = self._parts.get(key)
        if strip is None:
            self.drawn_here += 1
            lines = self._card_lines(column, index)
            if lines is None and not column.source.loaded(index):
                self._want(column, index)  # drawn as "…" until its page comes; not kept
                return bl.card_strip(None if sub == 0 else Text(), width, bool(index % 2), None, look, console)
            text = (lines[sub] if sub < len(lines) else Text()) if lines else Text()  # a deal gone since the read
            strip = self._parts[key] = bl.card_strip(text, width, bool(index % 2), cursor, look, console)
        return strip

    def _rail(self, grid: bl.Grid, look: bl.BoardLook) -> Strip:
        """The bottom line when some columns are out of sight: where the shown ones sit
        among all (a scrollbar across the board)."""
        key = ("rail", grid, len(self.columns), self.first, look)
        strip = self._parts.get(key)
        if strip is None:
            strip = self._parts[key] = bl.rail(grid, len(self.columns), self.first, look)
        return strip

    # --- pages, fetched off the event loop (paging.py) -------------------------------
    def _want(self, column: StageColumn, index: int) -> None:
        self._pages.want(column.source, index, column.top // self.row_height, self.body_height)

    def on_deal_board_page_loaded(self, message: PageLoaded) -> None:
        source = self._pages.take(message)
        if any(c.source is source for c in self.columns):
            self.refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self._pages.on_worker_state_changed(event, [c.source for c in self.columns])
