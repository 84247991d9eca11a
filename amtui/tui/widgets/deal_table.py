"""The Pipeline's two views of the same DealRows: a table, and a board of stage columns.

The screen loads rows off the event loop and hands them here; these widgets only turn
rows into cells and cards, and remember which deal is selected across reloads.

The table is a virtual list (`VirtualTable`): it draws only the rows on screen, so the
whole pipeline scrolls, and it lays its columns out for its width.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import DataTable, Static

from amtui.core import dates_fmt
from amtui.core.money import fmt_money, fmt_short
from amtui.core.pipeline import BoardColumn, DealRow
from amtui.tui.actions import bindings
from amtui.tui.safe import SafeTable, plain
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

CARD_LIMIT = 100  # cards per board column; the header still counts them all


def short_date(day: date | None, today: date) -> str:
    return dates_fmt.day(day, today)


def theme_colour(widget, name: str) -> str:
    fallback = {"success": "green", "warning": "yellow", "error": "red"}[name]
    return widget.app.theme_variables.get(name, fallback)


@dataclass(frozen=True)
class Colours:
    """The theme's colours, read on the UI thread, so a worker can build cells with them."""

    error: str
    success: str

    @classmethod
    def of(cls, widget) -> Colours:
        return cls(theme_colour(widget, "error"), theme_colour(widget, "success"))


def _selected(table: DataTable) -> int | None:
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return int(row_key.value)


def text_cell(value: str, style: str = "") -> Text:
    """Text that ends in … where the column cuts it (and never reads [brackets] as markup)."""
    return Text(plain(value), style=style, no_wrap=True, overflow="ellipsis")


# Dates and money are sized to their widest cell.  On a narrow terminal Kind, Prob,
# Weighted and Days go first (the stage implies the probability, amount x probability the
# weight), and they also go when the client and the title would be left short of a
# readable width; Next step and Pays go only when nothing else would fit.
DEAL_COLUMNS = (
    ColumnSpec("client", "Client", 14, share=3, ideal=22),
    ColumnSpec("title", "Title", 18, share=4, ideal=28),
    ColumnSpec("kind", "Kind", 10, drop=1),
    ColumnSpec("stage", "Stage", 9),
    ColumnSpec("amount", "Amount", 10, right=True),
    ColumnSpec("prob", "Prob", 5, drop=2, right=True),
    ColumnSpec("weighted", "Weighted", 10, drop=3, right=True),
    ColumnSpec("pays", "Pays", 9, drop=6, right=True),
    ColumnSpec("close", "Close", 10),
    ColumnSpec("days", "Days", 4, drop=4, right=True),
    ColumnSpec("next step", "Next step", 12, share=2, drop=5),
)


def deal_cells(d: DealRow, currency: str, pays: Decimal | None, today: date,
               colours: Colours) -> dict[str, object]:
    """A deal's table cells: plain Rich objects."""
    error = colours.error
    stage = d.stage if d.status == "open" else d.status
    prob = f"{d.probability}%{'*' if d.probability_overridden else ''}"
    close_day = d.closed_on if d.status != "open" else d.close_on
    close = Text(short_date(close_day, today),
                 style=error if d.status == "open" and d.close_on < today else "")
    too_long = d.status == "open" and d.rot_days is not None and d.days_in_stage > d.rot_days
    next_step = d.next_step or (d.lost_reason if d.status == "lost" else "")
    return {
        "client": text_cell(d.client, f"bold {error}" if d.stale else ""),
        "title": text_cell(d.title),
        "kind": text_cell(d.kind),
        "stage": text_cell(stage),
        "amount": Text(fmt_money(d.amount, currency, decimals=False), justify="right"),
        "prob": Text(prob, justify="right"),
        "weighted": Text(fmt_money(d.weighted, currency, decimals=False), justify="right"),
        "pays": Text(fmt_money(pays, currency, decimals=False) if pays else "", justify="right",
                     style=colours.success),
        "close": close,
        "days": Text(str(d.days_in_stage), justify="right", style=error if too_long else ""),
        "next step": text_cell(next_step or ""),
    }


def natural_widths(rows: list[DealRow], currency: str, pays: dict[int, Decimal] | None,
                   today: date) -> dict[str, int]:
    """Each column's widest cell over every row, without building the cells: money's
    widest is the largest amount's, a date's the widest of the distinct days."""
    if not rows:
        return {}

    def money(values) -> int:
        values = [v for v in values if v]
        return max((len(fmt_money(v, currency, decimals=False)) for v in (max(values), min(values))),
                   default=0) if values else 0

    days = {d.closed_on if d.status != "open" else d.close_on for d in rows}
    return {
        "client": max(len(d.client) for d in rows),
        "title": max(len(d.title) for d in rows),
        "kind": max(len(d.kind) for d in rows),
        "stage": max(len(d.stage if d.status == "open" else d.status) for d in rows),
        "amount": money(d.amount for d in rows),
        "prob": max(len(f"{d.probability}%") + d.probability_overridden for d in rows),
        "weighted": money(d.weighted for d in rows),
        "pays": money((pays or {}).values()),
        "close": max(len(short_date(day, today)) for day in days),
        "days": max(len(str(d.days_in_stage)) for d in rows),
        "next step": max(len(d.next_step or (d.lost_reason if d.status == "lost" else "")) for d in rows),
    }


@dataclass(frozen=True)
class TableRows:
    """What the table needs from one load: the rows, their cells' inputs and each
    column's widest cell (measured in the worker)."""

    rows: list[DealRow]
    currency: str
    pays: dict[int, Decimal] | None
    today: date
    natural: dict[str, int]


def table_rows(rows: list[DealRow], currency: str, pays: dict[int, Decimal] | None,
               today: date) -> TableRows:
    return TableRows(rows, currency, pays, today, natural_widths(rows, currency, pays, today))


class DealTable(VirtualTable):
    """One row per deal, keyed by deal id; the whole list scrolls, only the visible rows
    are drawn (their cells built as they show)."""

    def show_rows(self, loaded: TableRows, keep_id: int | None) -> None:
        specs = [s for s in DEAL_COLUMNS if s.key != "pays" or loaded.pays is not None]
        colours = Colours.of(self)
        pays = loaded.pays or {}

        def cells(d: DealRow) -> dict[str, object]:
            return deal_cells(d, loaded.currency, pays.get(d.id), loaded.today, colours)

        self.set_columns(specs, loaded.natural)
        self.show(RowSource.of_rows(loaded.rows), cells, keep_id)


class StageCards(SafeTable):
    """One board column: a card (three lines) per deal; left / right change column."""

    BINDINGS = bindings("board")

    def __init__(self, index: int, **kwargs):
        super().__init__(cursor_type="row", show_header=False, zebra_stripes=True, **kwargs)
        self.index = index

    def card_width(self, fallback: int) -> int:
        """The card column's width: the table's, less the cell padding and room for a
        scrollbar (kept free, so a column filling up never scrolls sideways)."""
        if not self.size.width:
            return fallback  # not laid out yet: on_resize corrects it
        return max(8, self.size.width - self.styles.scrollbar_size_vertical - 2 * self.cell_padding)

    def on_resize(self) -> None:
        # cards cut themselves with … (see DealBoard.show), so only the column's width changes
        column = self.columns.get(CARD_KEY)
        width = self.card_width(0)
        if column is not None and width and column.width != width:
            column.width = width
            # DataTable has no public call to re-measure columns: these are what add_column sets
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()

    def action_neighbour(self, step: int) -> None:
        board = next((a for a in self.ancestors if isinstance(a, DealBoard)), None)
        if board is not None:
            board.focus_column(self.index + step, row=self.cursor_row)

    def selected_id(self) -> int | None:
        return _selected(self)


CARD_KEY = "card"


def stage_header(column: BoardColumn, width: int) -> Text:
    """A board column's two header lines, worded to fit `width` cells: the stage, its
    probability and count; then the total and the weighted total (shortened before cut)."""
    count = f"{CARD_LIMIT} of {column.count:,}" if column.count > CARD_LIMIT else f"{column.count:,}"
    total, weighted = fmt_short(column.total), fmt_short(column.weighted)
    sums = next((line for line in (f"{total} · weighted {weighted}", f"{total} · wtd {weighted}",
                                 f"{total}, wtd {weighted}")
                 if len(line) <= width), f"{total} · {weighted}")
    header = Text(no_wrap=True, overflow="ellipsis", end="")
    header.append(plain(column.stage.name), style="bold")
    header.append(f" {column.stage.probability}% · {count}\n{sums}")
    return header


def build_cards(columns: list[BoardColumn], currency: str, today: date,
                colours: Colours) -> list[list[tuple[str, Text]]]:
    """Each board column's cards, (deal id, three-line card): plain Rich objects, so a
    thread worker can build them."""
    error = colours.error
    out = []
    for column in columns:
        cards = []
        for d in column.deals[:CARD_LIMIT]:
            # each line ends in … where the column cuts it, whatever the column's width
            card = Text(no_wrap=True, overflow="ellipsis")
            # each part made one line here, so the newlines between them are the only ones
            card.append(plain(d.client), style=f"bold {error}" if d.stale else "bold")
            card.append("\n" + plain(d.title))
            when = short_date(d.close_on, today)
            card.append(f"\n{fmt_money(d.amount, currency, decimals=False)} · {when}",
                        style=error if d.stale else "dim")
            cards.append((str(d.id), card))
        out.append(cards)
    return out


class StageHeader(Static):
    """A board column's header; it rewords itself when its width changes."""

    def __init__(self, **kwargs):
        super().__init__("", **kwargs)
        self.column: BoardColumn | None = None

    def show(self, column: BoardColumn, fallback: int) -> None:
        self.column = column
        self.update(stage_header(column, self.size.width or fallback))

    def on_resize(self) -> None:
        if self.column is not None and self.size.width:
            self.update(stage_header(self.column, self.size.width))


BOARD_COLUMN = 32  # narrowest readable board column: "Sterling Road Logistics", "$14,000 · Wed 2 Dec"


class DealBoard(HorizontalScroll):
    """A column per open stage with its count, total and weighted total on top.  As many
    columns as fit at BOARD_COLUMN cells show at a time; ←/→ scroll to the others."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stage_names: list[str] = []
        self.last_column = 0

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
        shown = max(1, min(count, width // BOARD_COLUMN))
        return width // shown

    def on_resize(self) -> None:
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

    def show(self, columns: list[BoardColumn], currency: str, today: date, keep_id: int | None) -> None:
        self.show_built(columns, build_cards(columns, currency, today, Colours.of(self)), keep_id)

    def show_built(self, columns: list[BoardColumn], cards: list[list[tuple[str, Text]]],
                   keep_id: int | None) -> None:
        """Fill the columns with cards a worker built (`build_cards`)."""
        # until the board is laid out, guess from its width; each column corrects itself
        # on its first resize (and on every later one)
        share = self.column_width(len(columns))
        for i, (column, column_cards) in enumerate(zip(columns, cards, strict=True)):
            self.query_one(f"#board-header-{i}", StageHeader).show(column, max(8, share - 3))
            table = self.query_one(f"#board-cards-{i}", StageCards)
            table.clear(columns=True)
            table.add_column("card", width=table.card_width(max(8, share - 5)), key=CARD_KEY)
            for key, card in column_cards:
                table.add_row(card, key=key, height=3)
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
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def focus_selected(self) -> None:
        tables = self.tables
        if tables:
            self.last_column = min(self.last_column, len(tables) - 1)
            tables[self.last_column].focus()

    def select(self, deal_id: int | None) -> bool:
        for i, table in enumerate(self.tables):
            if deal_id is not None and str(deal_id) in table.rows:
                self.last_column = i
                table.move_cursor(row=table.get_row_index(str(deal_id)), animate=False, scroll=True)
                if self.screen.focused in self.tables:
                    table.focus()
                return True
        return False

    def selected_id(self) -> int | None:
        tables = self.tables
        focused = self.screen.focused
        if isinstance(focused, StageCards) and focused in tables:
            self.last_column = focused.index
        if not tables:
            return None
        return tables[min(self.last_column, len(tables) - 1)].selected_id()

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, StageCards):
            self.last_column = event.widget.index
            # after Textual's own scroll-into-view: whole columns, never half of one
            self.call_after_refresh(self.align, event.widget.index)
