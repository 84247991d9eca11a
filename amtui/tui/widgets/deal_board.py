"""The Pipeline's board: a column per open stage, its open deals as cards.

A card is three lines: the client, the deal's title, its amount and close date; when the
column is too narrow for the board's widest client or title, that line may take two (the
cards of the board are then four or five lines high, space below a shorter card).  Each
column is a virtual list (`VirtualTable` with rows three lines high and no header), so
only the cards on screen are drawn, a card's lines are built when it first shows, and
every card of a stage scrolls, its rows coming a page at a time like the table's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import Static

from amtui.core.money import fmt_money, fmt_short
from amtui.core.pipeline import DealRow
from amtui.core.pipeline_view import ShownDeal, StageTotals
from amtui.tui.actions import bindings
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_table import Colours, short_date
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.table_lines import PADDING
from amtui.tui.widgets.virtual_table import VirtualTable

BOARD_COLUMN = 32  # narrowest readable board column: "Sterling Road Logistics", "$14,000 · Wed 2 Dec"
BOARD_PAGE = 30  # cards read at a time: a tall terminal's column and the next screen of it
CARD_LINES = 3
COLUMN_CHROME = 2  # a board column's right border and its cards' scrollbar
CARD = (ColumnSpec("card", "Card", 8, share=1),)


@dataclass(frozen=True)
class CardShape:
    """How a board's cards are laid out: the width of their text and how many lines the
    client and the title may take (two when the widest one would be cut on one)."""

    width: int = 0  # 0: not laid out yet, one line each
    client_lines: int = 1
    title_lines: int = 1

    @property
    def lines(self) -> int:
        return self.client_lines + self.title_lines + 1  # and the amount · close line

    @classmethod
    def of(cls, width: int, natural: dict[str, int]) -> CardShape:
        def lines(key: str) -> int:
            return 2 if width and natural.get(key, 0) > width else 1

        return cls(width, lines("client"), lines("title"))


def wrapped(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` cells, broken between words (inside a
    word too long for a line); the last line keeps the rest, cut with … when drawn."""
    out: list[str] = []
    rest = text
    while len(out) < lines - 1 and width > 0 and cell_len(rest) > width:
        head = set_cell_size(rest, width + 1)
        space = head.rfind(" ")
        if space > 0:
            out.append(rest[:space])
            rest = rest[space + 1:]
        else:
            out.append(set_cell_size(rest, width))
            rest = rest[len(out[-1]):]
    return [*out, rest]


def card(d: DealRow, currency: str, today: date, colours: Colours, shape: CardShape = CardShape()) -> Text:
    """A deal's card: the client, the deal's title (each on two lines when the board's
    shape says so and it needs them), then amount · close (a newline typed into a name
    shows as ␊, so a name never takes more lines than the shape gives it)."""
    error = colours.error
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append("\n".join(wrapped(plain(d.client), shape.width, shape.client_lines)),
               style=f"bold {error}" if d.stale else "bold")
    out.append("\n" + "\n".join(wrapped(plain(d.title), shape.width, shape.title_lines)))
    # red says what is late, as in the table: a stale deal's client, a close date gone by
    out.append(f"\n{fmt_money(d.amount, currency, decimals=False)} · ", style="dim")
    out.append(short_date(d.close_on, today), style=error if d.close_on < today else "dim")
    return out


def amount_line_width(natural: dict[str, int]) -> int:
    """The widest "amount · close" line of a card: a column is never narrower."""
    return natural.get("amount", 0) + len(" · ") + natural.get("close", 0)


CardOf = Callable[[ShownDeal, CardShape], Text]


class StageCards(VirtualTable):
    """One board column: a card (three lines, or four or five when the client or the
    title needs two at this width) per deal; left / right change column."""

    BINDINGS = bindings("board")

    def __init__(self, index: int, **kwargs):
        super().__init__(row_height=CARD_LINES, show_header=False, zebra_stripes=True, **kwargs)
        self.index = index
        self.shape = CardShape()
        self.card_natural: dict[str, int] = {}  # the widest client and title of the board

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "neighbour":
            return True
        return super().check_action(action, parameters)

    def action_neighbour(self, step: int) -> None:
        board = next((a for a in self.ancestors if isinstance(a, DealBoard)), None)
        if board is not None:
            board.focus_column(self.index + step, row=self.cursor)

    def show_cards(self, source: RowSource, card_of: CardOf, natural: dict[str, int],
                   keep_id: int | None) -> None:
        if not self.specs:
            self.set_columns(CARD)
        self.card_natural = natural
        self._reshape()
        self.show(source, lambda row: {"card": card_of(row, self.shape)}, keep_id)

    def _room(self) -> int:
        """The width of the cards' text.  Filled while the board is hidden (a load, the
        first `v`), a column has no size yet: its width is the board's share less the
        column's border and the scrollbar, so the first drawing is already the right one."""
        if self.scrollable_content_region.width:
            return super()._room()
        board = next((a for a in self.ancestors if isinstance(a, DealBoard)), None)
        if board is None or not board.stage_names:
            return super()._room()
        return max(1, board.column_width(len(board.stage_names)) - COLUMN_CHROME)

    def _relayout(self, force: bool = False) -> None:
        super()._relayout(force)
        if self._reshape():  # a new width: the cards are built again for it
            self._cells.clear()
            self._lines.clear()
            self._update_virtual_size()
            self.scroll_to_row(self.cursor)
            self.refresh()

    def _reshape(self) -> bool:
        """The cards' shape for the width the column has now; True when it changed."""
        shape = CardShape.of(self.widths.get("card", 0), self.card_natural)
        if shape == self.shape:
            return False
        self.shape, self.row_height = shape, shape.lines
        return True


def stage_header(column: StageTotals, width: int) -> Text:
    """A board column's two header lines, worded to fit `width` cells: the stage, its
    probability and count; then the total and the weighted total (shortened before cut)."""
    total, weighted = fmt_short(column.total), fmt_short(column.weighted)
    sums = next((line for line in (f"{total} · weighted {weighted}", f"{total} · wtd {weighted}",
                                 f"{total}, wtd {weighted}")
                 if len(line) <= width), f"{total} · {weighted}")
    header = Text(no_wrap=True, overflow="ellipsis", end="")
    header.append(plain(column.stage.name), style="bold")
    header.append(f" {column.stage.probability}% · {column.count:,}\n{sums}")
    return header


class StageHeader(Static):
    """A board column's header; it rewords itself when its width changes."""

    def __init__(self, **kwargs):
        super().__init__("", **kwargs)
        self.column: StageTotals | None = None
        self.worded: tuple[StageTotals, int] | None = None  # what the header says now

    def show(self, column: StageTotals, fallback: int) -> None:
        self.column = column
        self._word(self.size.width or fallback)

    def on_resize(self) -> None:
        if self.column is not None and self.size.width:
            self._word(self.size.width)

    def _word(self, width: int) -> None:
        # an update lays the screen out again: none when the header would say the same
        # (the first `v` shows the board at the width it was worded for)
        assert self.column is not None
        if self.worded != (self.column, width):
            self.worded = (self.column, width)
            self.update(stage_header(self.column, width))


class DealBoard(HorizontalScroll):
    """A column per open stage with its count, total and weighted total on top.  As many
    columns as fit at BOARD_COLUMN cells show at a time; ←/→ scroll to the others."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stage_names: list[str] = []
        self.last_column = 0
        self.least = BOARD_COLUMN  # a column's width: the widest card's amount line fits

    def compose(self) -> ComposeResult:
        yield from ()

    @property
    def tables(self) -> list[StageCards]:
        return list(self.query(StageCards))

    async def set_stages(self, names: list[str]) -> None:
        if names == self.stage_names:
            return
        await self.remove_children()
        self.stage_names = names
        columns = []
        for i in range(len(names)):
            column = Vertical(
                StageHeader(classes="board-header", id=f"board-header-{i}"),
                StageCards(i, id=f"board-cards-{i}", classes="board-cards"),
                classes="board-column",
            )
            column.styles.width = self.column_width(len(names))
            columns.append(column)
        await self.mount_all(columns)

    def column_width(self, count: int) -> int:
        """Every column the same width: the board's width shared by as many as fit."""
        width = self.size.width or self.app.size.width
        shown = max(1, min(count, width // self.least))
        return max(width // shown, self.least)

    def on_resize(self) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        width = self.column_width(len(self.stage_names))
        for column in self.query(".board-column"):
            column.styles.width = width
        self.call_after_refresh(self.align, self.last_column)

    def align(self, index: int) -> None:
        """Scroll so that column `index` shows whole, the others on whole-column steps."""
        count = len(self.stage_names)
        if not count or not self.size.width:
            return
        width = self.column_width(count)
        shown = max(1, self.size.width // width)
        first = round(self.scroll_x / width)
        if index < first:
            first = index
        elif index >= first + shown:
            first = index - shown + 1
        first = min(max(0, first), max(0, count - shown))
        self.scroll_to(x=first * width, animate=False)

    def show(self, stages: list[StageTotals], sources: list[RowSource], natural: dict[str, int],
             card_of: CardOf, keep_id: int | None) -> None:
        """Fill the columns: each stage's header and its cards (drawn as they show)."""
        # the scrollbar (1), the column's border (1) and the card's padding around the line
        least = max(BOARD_COLUMN, amount_line_width(natural) + 2 * PADDING + 2)
        if least != self.least:
            self.least = least
            self._size_columns()
        share = self.column_width(len(stages))
        for i, (column, source) in enumerate(zip(stages, sources, strict=True)):
            self.query_one(f"#board-header-{i}", StageHeader).show(column, max(8, share - 3))
            self.query_one(f"#board-cards-{i}", StageCards).show_cards(source, card_of, natural, keep_id)
        self.select(keep_id)

    def focus_column(self, index: int, row: int = 0) -> None:
        tables = self.tables
        if not tables:
            return
        index = min(max(index, 0), len(tables) - 1)
        table = tables[index]
        self.last_column = index
        table.focus()
        if table.row_count:
            table.move_cursor(min(row, table.row_count - 1))

    def focus_selected(self) -> None:
        tables = self.tables
        if tables:
            self.last_column = min(self.last_column, len(tables) - 1)
            tables[self.last_column].focus()

    def select(self, deal_id: int | None) -> bool:
        for i, table in enumerate(self.tables):
            if table.source.index_of(deal_id) is not None:
                self.last_column = i
                table.select(deal_id)
                if self.screen.focused in self.tables:
                    table.focus()
                return True
        return False

    def _current(self) -> StageCards | None:
        tables = self.tables
        focused = self.screen.focused
        if isinstance(focused, StageCards) and focused in tables:
            self.last_column = focused.index
        if not tables:
            return None
        return tables[min(self.last_column, len(tables) - 1)]

    def selected_id(self) -> int | None:
        table = self._current()
        return None if table is None else table.selected_id()

    def selected_row(self) -> ShownDeal | None:
        table = self._current()
        return None if table is None or not table.row_count else table.row_at(table.cursor)

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, StageCards):
            self.last_column = event.widget.index
            # after Textual's own scroll-into-view: whole columns, never half of one
            self.call_after_refresh(self.align, event.widget.index)
