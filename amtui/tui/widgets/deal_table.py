"""The Pipeline's two views of the same DealRows: a table, and a board of stage columns.

The screen loads rows off the event loop and hands them here; these widgets only turn
rows into cells and cards, and remember which deal is selected across reloads.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from amtui.core.money import fmt_money, fmt_short
from amtui.core.pipeline import BoardColumn, DealRow

TABLE_LIMIT = 500  # rows the table shows: DataTable costs ~0.45 s per 1,000 rows
CARD_LIMIT = 100  # cards per board column; the header still counts them all


def short_date(day: date | None, today: date) -> str:
    if day is None:
        return ""
    if day.year == today.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %y}"


def theme_colour(widget, name: str) -> str:
    fallback = {"success": "green", "warning": "yellow", "error": "red"}[name]
    return widget.app.theme_variables.get(name, fallback)


def _selected(table: DataTable) -> int | None:
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return int(row_key.value)


class DealTable(DataTable):
    """One row per deal, keyed by deal id."""

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.with_pays = False

    def set_columns(self, with_pays: bool) -> None:
        if self.columns and with_pays == self.with_pays:
            return
        self.clear(columns=True)
        self.with_pays = with_pays
        columns = [("Client", 20), ("Title", 24), ("Kind", 10), ("Stage", 9), ("Amount", 10),
                   ("Prob", 5), ("Weighted", 10)]
        if with_pays:
            columns.append(("Pays", 9))
        columns += [("Close", 9), ("Days", 4), ("Next step", 28)]
        for label, width in columns:
            self.add_column(label, width=width, key=label.lower())

    def cells(self, d: DealRow, currency: str, pays: Decimal | None, today: date) -> list:
        error = theme_colour(self, "error")
        client = Text(d.client, style=f"bold {error}" if d.stale else "")
        stage = d.stage if d.status == "open" else d.status
        prob = f"{d.probability}%{'*' if d.probability_overridden else ''}"
        close_day = d.closed_on if d.status != "open" else d.close_on
        close = Text(short_date(close_day, today),
                     style=error if d.status == "open" and d.close_on < today else "")
        too_long = d.status == "open" and d.rot_days is not None and d.days_in_stage > d.rot_days
        days = Text(str(d.days_in_stage), justify="right", style=error if too_long else "")
        row = [client, d.title, d.kind, stage,
               Text(fmt_money(d.amount, currency, decimals=False), justify="right"),
               Text(prob, justify="right"),
               Text(fmt_money(d.weighted, currency, decimals=False), justify="right")]
        if self.with_pays:
            row.append(Text(fmt_money(pays, currency, decimals=False) if pays else "", justify="right",
                            style=theme_colour(self, "success")))
        next_step = d.next_step or (d.lost_reason if d.status == "lost" else "")
        return row + [close, days, next_step]

    def show(self, rows: list[DealRow], currency: str, pays: dict[int, Decimal] | None,
             today: date, keep_id: int | None) -> None:
        self.set_columns(pays is not None)
        self.clear()
        for d in rows[:TABLE_LIMIT]:
            self.add_row(*self.cells(d, currency, (pays or {}).get(d.id), today), key=str(d.id))
        self.select(keep_id)

    def select(self, deal_id: int | None) -> bool:
        if deal_id is not None and str(deal_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(deal_id)), animate=False, scroll=True)
            return True
        return False

    def selected_id(self) -> int | None:
        return _selected(self)


class StageCards(DataTable):
    """One board column: a card (three lines) per deal; left / right change column."""

    BINDINGS = [
        Binding("left", "neighbour(-1)", "Column left", show=False, id="pipeline.board_left"),
        Binding("right", "neighbour(1)", "Column right", show=False, id="pipeline.board_right"),
    ]

    def __init__(self, index: int, **kwargs):
        super().__init__(cursor_type="row", show_header=False, zebra_stripes=True, **kwargs)
        self.index = index

    def action_neighbour(self, step: int) -> None:
        board = next((a for a in self.ancestors if isinstance(a, DealBoard)), None)
        if board is not None:
            board.focus_column(self.index + step, row=self.cursor_row)

    def selected_id(self) -> int | None:
        return _selected(self)


class DealBoard(Horizontal):
    """A column per open stage with its count, total and weighted total on top."""

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
        for i, name in enumerate(names):
            column = Vertical(
                Static(name, classes="board-header", id=f"board-header-{i}"),
                StageCards(i, id=f"board-cards-{i}", classes="board-cards"),
                classes="board-column",
            )
            columns.append(column)
        await self.mount_all(columns)

    def show(self, columns: list[BoardColumn], currency: str, today: date, keep_id: int | None) -> None:
        width = max(14, self.size.width // max(1, len(columns)) - 3)
        error = theme_colour(self, "error")
        for i, column in enumerate(columns):
            header = self.query_one(f"#board-header-{i}", Static)
            count = f"{CARD_LIMIT} of {column.count:,}" if column.count > CARD_LIMIT else f"{column.count:,}"
            header.update(
                f"[b]{column.stage.name}[/b] {column.stage.probability}% · {count}\n"
                f"{fmt_short(column.total)} · weighted {fmt_short(column.weighted)}"
            )
            table = self.query_one(f"#board-cards-{i}", StageCards)
            table.clear(columns=True)
            table.add_column("card", width=width, key="card")
            for d in column.deals[:CARD_LIMIT]:
                card = Text(no_wrap=True, overflow="ellipsis")
                card.append(d.client[:width], style=f"bold {error}" if d.stale else "bold")
                card.append("\n" + d.title[:width])
                when = short_date(d.close_on, today)
                card.append(f"\n{fmt_money(d.amount, currency, decimals=False)} · {when}"[: width + 1],
                            style=error if d.stale else "dim")
                table.add_row(card, key=str(d.id), height=3)
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
