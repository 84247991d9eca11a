"""A virtual list: a table that renders only the rows on screen (Textual's Line API).

Toolong's `LogLines` is the model: a `ScrollView` whose `render_line` draws one line from a
cache, while the rows behind it arrive a page at a time from a thread worker.  The rows
come from a `RowSource` (row_source.py); the owner gives the cells of a row
(`cells(row) -> {column key: Text}`) and the columns (`ColumnSpec`), and this widget does
the rest: the header with the sort arrow, the cursor, zebra stripes, the column layout
for the width it has (columns.py: dates and money never cut), mouse clicks, and keeping
the cursor on the same record when the rows are replaced (a reload, a new sort).

A 20,000-row list costs what its visible rows cost: a row's cells are built when it
first shows and its rendered line is kept (LRU) until the layout, the theme or the rows
change.

A row may be several lines high (`row_height`, the board's three-line cards): a cell then
holds one line of text per line of the row, and the header may go (`show_header`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker

from amtui.tui.actions import bindings
from amtui.tui.widgets import paging, table_lines
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.kept_look import KeptLook
from amtui.tui.widgets.ready_lines import Plan, Ready
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.table_lines import PADDING, Frame, Look, RowCells, as_text

CELLS_KEPT = 1_000  # rows whose cells are kept (a few screens' worth, both ways)
LINES_KEPT = 1_000


class VirtualTable(KeptLook, ScrollView, can_focus=True):
    """Rows of a `RowSource` under a header, one line each; only the visible ones are drawn."""

    # the generic moves of any list (as DataTable's own); the screens' own keys act on
    # `selected_id()`
    BINDINGS = bindings("list")

    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--even-row",
        "virtual-table--loading",
    }

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .virtual-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .virtual-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .virtual-table--loading {
            color: $text-muted;
        }
    }
    """

    # --- messages (declared where they are posted) ---------------------------------------
    class _RowMessage(Message):
        """A row of this table, by its index and its record's id (shared by the two below)."""

        def __init__(self, table: VirtualTable, index: int, key: int | None):
            super().__init__()
            self.table, self.index, self.key = table, index, key

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row."""

    class RowSelected(_RowMessage):
        """Enter (or a click on the cursor's row): open the row."""

    class HeaderSelected(Message):
        """A click on a column's header (a sort, for the owner)."""

        def __init__(self, table: VirtualTable, column: str):
            super().__init__()
            self.table, self.column = table, column

        @property
        def control(self) -> VirtualTable:
            return self.table

    class PageLoaded(paging.PageLoaded):
        """A page of this table's rows, read in a worker."""

    def __init__(self, *, zebra_stripes: bool = True, cell_cursor: bool = False,
                 row_height: int = 1, show_header: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.zebra_stripes = zebra_stripes
        self.row_height = max(1, row_height)  # lines per row; a cell's lines split on "\n"
        self.show_header = show_header
        self._header = 1 if show_header else 0  # lines above the rows
        self.cell_cursor = cell_cursor  # the cursor is a cell (left / right move it), not a row
        self.cursor_column: str | None = None
        self.source = RowSource([])
        self.cursor = 0
        self.specs: tuple[ColumnSpec, ...] = ()
        self.natural: dict[str, int] = {}
        self.widths: dict[str, int] = {}  # the columns shown, in order, and their widths
        self.sort: tuple[str, bool] | None = None  # (column, descending): the header's arrow
        self.cells_of: Callable[[Any], dict[str, object]] = lambda row: {}
        self._cells: LRUCache[int, RowCells] = LRUCache(CELLS_KEPT)
        self._lines: LRUCache[tuple, Strip] = LRUCache(LINES_KEPT)
        self._layout_room = -1
        self._planned_room = 0  # the room a worker drew the first lines for, until laid out
        self._right: frozenset[str] = frozenset()  # the columns aligned right
        self._named: tuple[str, ...] = ()  # the columns' labels the lines were drawn with
        self.drawn_here = 0  # lines drawn on the screen's thread (not ready from a worker): tests read it
        self.drawn = (self._cells, self._lines)  # focus tints the whole list: no cell is built again
        self._pages = paging.PageFetcher(self, self.PageLoaded, "virtual-table-pages")

    # --- what the owner calls ------------------------------------------------------------
    def set_columns(self, specs: Sequence[ColumnSpec], natural: dict[str, int] | None = None) -> None:
        """The columns the rows have (the layout picks those that fit) and, when known,
        each column's widest cell."""
        self.specs, self.natural = tuple(specs), dict(natural or {})
        self._relayout(force=True)

    def set_sort(self, column: str | None, descending: bool = False) -> None:
        self.sort = None if column is None else (column, descending)
        self._relayout(force=True)

    def arrange(self, specs: Sequence[ColumnSpec], natural: dict[str, int] | None,
                sort: tuple[str, bool] | None) -> None:
        """The columns, their widest cells and the sort at once (one layout): what the
        rows about to be shown were read and drawn for."""
        self.specs, self.natural, self.sort = tuple(specs), dict(natural or {}), sort
        self._relayout(force=True)

    def show(self, source: RowSource, cells: Callable[[Any], dict[str, object]] | None = None,
             keep_id: int | None = None, ready: Ready | None = None) -> None:
        """Show the rows of `source`, the cursor on `keep_id` when it is there (else where
        it was, as near as the new rows allow).  `ready`: the lines a worker drew for them
        (ready_lines.prepare), taken when the columns came out as it planned."""
        if cells is not None:
            self.cells_of = cells
        self.source = source
        self._cells.clear()
        self._lines.clear()
        # laid out for the room it has now or, not laid out yet (Quota's deals, filled as
        # they join the screen), for the room `ready` was drawn for: the first paint lays
        # it out again only if the room it gets came out otherwise (render_lines)
        self._planned_room = ready.room if ready is not None else 0
        self._relayout(repaint=False)
        if ready is not None and (ready.widths, ready.right) == (self.widths, self._right):
            for key, row_cells in ready.cells.items():
                self._cells[key] = row_cells
            for key, strip in ready.lines.items():
                self._lines[key] = strip
        self._update_virtual_size()
        index = source.index_of(keep_id)
        self.move_cursor(self.cursor if index is None else index, post=True, centre=index is not None)
        self.refresh()

    def plan(self) -> Plan:
        """Where the list stands now, for a worker to draw the lines of its next rows
        (ready_lines.prepare); read on the screen's thread when a load starts."""
        view_lines = self.container_size.height - self.scrollbar_size_horizontal
        return Plan(self.frame(), self.specs, self.sort, self.natural, self._room(),
                    self.styles.overflow_x != "hidden", round(self.scroll_offset.y), self.body_lines,
                    view_lines, self._header, self.row_height, self.cursor, self.app.console)

    @property
    def row_count(self) -> int:
        return self.source.total

    def selected_id(self) -> int | None:
        return self.source.key_at(self.cursor)

    def select(self, key: int | None) -> bool:
        """Put the cursor on the record `key`; False when the list does not hold it."""
        index = self.source.index_of(key)
        if index is None:
            return False
        self.move_cursor(index, centre=True)
        return True

    def row_at(self, index: int):
        return self.source.row(index)

    def cell_text(self, index: int, column: str) -> str:
        """The whole text of a cell (what a cut cell would show in full)."""
        cells = self._row_cells(index)
        return "" if cells is None else cells.get(column, Text()).plain

    def shown_cell(self, index: int, column: str) -> str:
        """A cell as it is drawn, at the column's width (tests compare it with `cell_text`)."""
        cells = self._row_cells(index)
        if cells is None or column not in self.widths:
            return ""
        return table_lines.fit(cells.get(column, Text()), self.widths[column], column in self._right).plain

    # --- cursor --------------------------------------------------------------------------
    @property
    def body_height(self) -> int:
        """Rows that show whole at once."""
        return max(1, self.body_lines // self.row_height)

    @property
    def body_lines(self) -> int:
        return max(1, self.scrollable_content_region.height - self._header)

    def _line_of(self, y: int) -> tuple[int, int]:
        """The row under line `y` of the widget (below the header) and its line in the row."""
        line = round(self.scroll_offset.y) + y - self._header
        return divmod(line, self.row_height)

    def move_cursor(self, index: int, *, post: bool = True, centre: bool = False) -> None:
        total = self.source.total
        index = max(0, min(index, total - 1)) if total else 0
        old, self.cursor = self.cursor, index
        self._refresh_row(old)
        self._refresh_row(index)
        self.scroll_to_row(index, centre=centre)
        if post and total:
            self.post_message(self.RowHighlighted(self, index, self.source.key_at(index)))

    def scroll_to_row(self, index: int, *, centre: bool = False) -> None:
        top = paging.top_for_row(index, round(self.scroll_offset.y), self.body_lines, self.row_height,
                                 centre=centre)
        if top is not None:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)
        self._in_sight()

    def action_page(self, step: int) -> None:
        height = self.body_height
        lines = height * self.row_height
        self.scroll_to(y=max(0, round(self.scroll_offset.y) + step * lines), animate=False, immediate=True)
        self.move_cursor(self.cursor + step * height)
        self._in_sight()

    def action_to(self, where: int) -> None:
        self.move_cursor(self.source.total - 1 if where < 0 else where)
        self._in_sight()

    def _in_sight(self) -> None:
        """A list moved by the keys comes into sight: the Quota screen at 80x24 opens on
        its cards with the deals (focused) below them, where `down` moved a cursor
        nobody saw.  Nothing moves when the list already shows."""
        self.scroll_visible(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "column" and not self.cell_cursor:
            return False  # left / right go on to the screen
        return True

    def action_column(self, step: int) -> None:
        columns = list(self.widths)
        if not columns:
            return
        at = columns.index(self.cursor_column) if self.cursor_column in columns else 0
        self.cursor_column = columns[max(0, min(at + step, len(columns) - 1))]
        self._refresh_row(self.cursor)
        if self.source.total:  # the highlighted cell moved: a line saying it follows
            self.post_message(self.RowHighlighted(self, self.cursor, self.source.key_at(self.cursor)))
        span = table_lines.span(self.widths, self.cursor_column)
        if span is not None:  # a wide grid scrolls sideways to the cell
            left, width = round(self.scroll_offset.x), self.scrollable_content_region.width
            if span[0] < left:
                self.scroll_to(x=span[0], animate=False, immediate=True)
            elif span[1] > left + width:
                self.scroll_to(x=span[1] - width, animate=False, immediate=True)

    def action_select(self) -> None:
        if self.source.total:
            self.post_message(self.RowSelected(self, self.cursor, self.selected_id()))

    def on_click(self, event: events.Click) -> None:
        if event.y < self._header:
            column = table_lines.column_at(self.widths, event.x + round(self.scroll_offset.x))
            if column is not None:
                self.post_message(self.HeaderSelected(self, column))
            return
        index, _ = self._line_of(event.y)
        if not 0 <= index < self.source.total:
            return
        if self.cell_cursor:
            column = table_lines.column_at(self.widths, event.x + round(self.scroll_offset.x))
            same = index == self.cursor and column == self.cursor_column
            self.cursor_column = column or self.cursor_column
            if same or event.chain > 1:
                self.move_cursor(index)
                self.action_select()
            else:
                self.move_cursor(index)
                self._refresh_row(index)
            return
        if index == self.cursor or event.chain > 1:
            self.move_cursor(index)
            self.action_select()
        else:
            self.move_cursor(index)

    # --- layout ----------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._relayout()
        self._update_virtual_size()
        self.scroll_to_row(self.cursor)

    def _room(self) -> int:
        return max(1, self.scrollable_content_region.width or self._planned_room or self.app.size.width - 2)

    def labels(self) -> dict[str, str]:
        return table_lines.labels(self.specs, self.sort)

    def render_lines(self, crop):
        # laid out for the width it has now: a list filled before its first layout (Quota's)
        # is given its size by the layout of the frame that paints it, and its Resize comes
        # after that paint; its lines are not drawn for a guessed width, then again
        self._relayout(repaint=False)
        return super().render_lines(crop)

    def _relayout(self, force: bool = False, repaint: bool = True) -> None:
        room = self._room()
        if room == self._layout_room and not force:
            return
        self._layout_room = room
        sideways = self.styles.overflow_x != "hidden"  # a wide grid scrolls rather than squeeze
        widths = table_lines.layout(self.specs, self.sort, room, self.natural, sideways)
        right = frozenset(s.key for s in self.specs if s.right)
        named = tuple(s.label for s in self.specs)
        if self.cell_cursor and self.cursor_column not in widths:
            self.cursor_column = next(iter(widths), None)
        if (widths, right, named) == (self.widths, self._right, self._named):
            # the same columns (a new sort's arrow fits): only the header is drawn again
            if repaint:
                self.refresh_line(round(self.scroll_offset.y))
            return
        self.widths, self._right, self._named = widths, right, named
        self._lines.clear()
        self._update_virtual_size()
        if repaint:
            self.refresh()

    def _update_virtual_size(self) -> None:
        width = sum(w + 2 * PADDING for w in self.widths.values())
        self.virtual_size = Size(width, self.source.total * self.row_height + self._header)

    # --- drawing -------------------------------------------------------------------------------
    def make_look(self) -> Look:
        return Look(self.rich_style, *(self.get_component_rich_style(name) for name in (
            "virtual-table--header", "virtual-table--cursor", "virtual-table--even-row",
            "virtual-table--loading")))

    def frame(self) -> Frame:
        """What the lines are drawn for now (a worker given it draws the same lines)."""
        return Frame(self.widths, self._right, self.scrollable_content_region.width, round(self.scroll_offset.x),
                     self.zebra_stripes, self.has_focus, self.cell_cursor, self.cursor_column, self.look)

    def _row_cells(self, index: int) -> RowCells | None:
        key = self.source.key_at(index)
        if key is None:
            return None
        cells = self._cells.get(key)
        if cells is None:
            row = self.source.row(index)
            if row is None:
                return None
            cells = RowCells((k, as_text(v)) for k, v in self.cells_of(row).items())
            self._cells[key] = cells
        return cells

    def render_line(self, y: int) -> Strip:
        frame = self.frame()
        if y < self._header:
            key = table_lines.header_key(frame, self.sort)
            strip = self._lines.get(key)
            if strip is None:
                strip = table_lines.draw_header(frame, self.labels(), self.app.console)
                self._lines[key] = strip
            return strip
        index, sub = self._line_of(y)
        if not 0 <= index < self.source.total:
            return Strip.blank(frame.width, self.rich_style)
        cursor = index == self.cursor
        key = table_lines.row_key(frame, index, self.source.key_at(index), cursor, sub)
        strip = self._lines.get(key)
        if strip is not None:
            return strip
        self.drawn_here += 1
        cells = self._row_cells(index)
        if cells is None:
            if not self.source.loaded(index):
                self._want(index)
                line = Text(" " * PADDING + ("…" if sub == 0 else ""), no_wrap=True, style=frame.look.loading)
                return table_lines.draw_row(frame, line, index, cursor, self.app.console)
            line = Text(no_wrap=True)  # the record went since the list was read
        else:
            line = table_lines.line(frame.widths, table_lines.line_cells(cells, sub, self.row_height), frame.right)
        strip = table_lines.draw_row(frame, line, index, cursor, self.app.console)
        self._lines[key] = strip
        return strip

    def _refresh_row(self, index: int) -> None:
        top = round(self.scroll_offset.y)
        for line in range(index * self.row_height, (index + 1) * self.row_height):
            y = line - top + self._header
            if self._header <= y < self._header + self.body_lines:
                self.refresh_line(y + top)

    # --- pages, fetched off the event loop (paging.py) ---------------------------------------------
    def _want(self, index: int) -> None:
        self._pages.want(self.source, index, round(self.scroll_offset.y) // self.row_height, self.body_height)

    def on_virtual_table_page_loaded(self, message: PageLoaded) -> None:
        if self._pages.take(message) is self.source:
            self._lines.clear()
            self.refresh()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self._pages.on_worker_state_changed(event, [self.source])
