"""White space (`W` on the Pipeline, or the palette): clients x product families.

Each cell says whether the client owns the family, is being sold it, or has a gap; `o`
on a cell opens a new deal for a product of the family the client lacks.  A thread
worker builds the grid a page at a time (`m` loads more), so a big book stays quick.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from amtui.core.whitespace import GAP, OWNED, PAGE, PIPELINE, WhiteSpace, white_space
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.freshness import Freshness
from amtui.tui.safe import SafeStatic, SafeTable, plain
from amtui.tui.screens.base import SectionScreen, book_worker

DEBOUNCE = 0.15
LABELS = {OWNED: "● owned", PIPELINE: "◐ in pipeline", GAP: "○ gap"}


class WhiteSpaceLoaded(Message):
    def __init__(self, generation: int, grid: WhiteSpace, append: bool):
        super().__init__()
        self.generation, self.grid, self.append = generation, grid, append


class WhiteSpaceScreen(SectionScreen):
    SECTION = "White space"
    AUTO_FOCUS = "#ws-table"
    BINDINGS = bindings("whitespace")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text = ""
        self.gaps_only = False
        self.generation = 0
        self.grid: WhiteSpace | None = None
        self.rows = {}  # client id -> WhiteSpaceRow, for what is shown
        self._filter_timer = None
        self.freshness = Freshness()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="ws-bar"):
            yield Input(placeholder="/ filter clients by name", id="ws-filter")
            yield Static("", id="ws-status")
        yield SafeTable(id="ws-table", cursor_type="cell", zebra_stripes=True)
        yield SafeStatic("", id="ws-summary")

    @property
    def table(self) -> DataTable:
        return self.query_one("#ws-table", DataTable)

    def on_screen_resume(self) -> None:
        if self.freshness.stale():  # unchanged book: the grid shown still holds
            self.reload()

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.generation += 1
        self.freshness.start()
        limit = max(PAGE, len(self.rows))
        self._load(self.generation, self.text, self.gaps_only, limit, 0, False)

    @book_worker("whitespace-load")
    def _load(self, generation: int, text: str, gaps_only: bool, limit: int, offset: int, append: bool) -> None:
        grid = white_space(text, gaps_only=gaps_only, limit=limit, offset=offset)
        self.post_message(WhiteSpaceLoaded(generation, grid, append))

    @on(WhiteSpaceLoaded)
    def _loaded(self, message: WhiteSpaceLoaded) -> None:
        if message.generation != self.generation:
            return
        grid, table = message.grid, self.table
        cursor = table.cursor_coordinate
        families_changed = self.grid is None or self.grid.families != grid.families
        self.grid = grid
        if not message.append:
            self.freshness.done()
            self.rows = {}
            table.clear(columns=families_changed)
        if families_changed:
            # a family column fits its name and its widest cell ("◐ in pipeline +2"); the
            # client's name takes what is left (16 to 28); a narrow terminal scrolls sideways
            widths = [max(16, len(family)) for family in grid.families]
            spare = (self.size.width or self.app.size.width) - sum(w + 2 for w in widths) - 6 - 4
            table.add_column("Client", width=min(28, max(16, spare)), key="client")
            table.add_column("Tier", width=4, key="tier")
            for family, width in zip(grid.families, widths, strict=True):
                table.add_column(family, width=width, key=family)
        for row in grid.rows:
            if row.client_id in self.rows:
                continue
            self.rows[row.client_id] = row
            cells = [self._cell(row.cells[f]) for f in grid.families]
            table.add_row(row.client, row.tier, *cells, key=str(row.client_id))
        if not message.append and table.row_count:
            table.move_cursor(row=min(cursor.row, table.row_count - 1),
                              column=min(cursor.column, len(table.columns) - 1), animate=False)
        self._show_status()

    def _cell(self, cell):
        from rich.text import Text

        pal = colours(self)  # owned is won (green), in pipeline is pipeline (blue)
        style = {OWNED: pal.won, PIPELINE: pal.pipeline, GAP: "bold"}[cell.state]
        label = LABELS[cell.state]
        if cell.state != GAP and cell.missing:
            label += f" +{len(cell.missing)}"  # more of the family left to offer
        return Text(label, style=style)

    def _show_status(self) -> None:
        grid = self.grid
        if grid is None:
            return
        shown, total = len(self.rows), grid.total_clients
        parts = [f"{total:,} client{'s' if total != 1 else ''}" + (f" matching '{self.text}'" if self.text else "")]
        if self.gaps_only:
            parts.append("with a gap")
        if shown < total:
            parts.append(f"{shown:,} shown (m: more)")
        self.query_one("#ws-status", Static).update(" · ".join(parts))
        if not grid.families:
            summary = "No product families yet: add products with `amtui product add NAME --family F --price P`."
        else:
            summary = Text()
            for f, s in grid.summary.items():  # a family's name is book text: never markup
                summary.append(plain(f), style="bold")
                summary.append(f" {s.owned:,} owned · {s.pipeline:,} in pipeline · {s.gap:,} gaps   ")
            summary.append("(+N: more products of the family to offer)")
        self.query_one("#ws-summary", Static).update(summary)

    # --- filter --------------------------------------------------------------------------------
    @on(Input.Changed, "#ws-filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(DEBOUNCE, self._apply_filter)

    def _apply_filter(self) -> None:
        text = self.query_one("#ws-filter", Input).value.strip()
        if text != self.text:
            self.text = text
            self.rows = {}
            self.reload()

    @on(Input.Submitted, "#ws-filter")
    def _filter_done(self) -> None:
        self._apply_filter()
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#ws-filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#ws-filter", Input)
        if box.value or self.focused is box:
            box.value = ""
            self._apply_filter()
            self.table.focus()
            return
        self.app.pop_screen()

    def action_gaps_only(self) -> None:
        self.gaps_only = not self.gaps_only
        self.rows = {}
        self.reload()

    def action_more(self) -> None:
        grid = self.grid
        if grid is None or len(self.rows) >= grid.total_clients:
            self.notify("Every matching client is shown")
            return
        self.generation += 1
        self._load(self.generation, self.text, self.gaps_only, PAGE, len(self.rows), True)

    # --- acting on a cell ------------------------------------------------------------------------
    def _here(self):
        """(row, family) under the cursor; family is None on the client / tier columns."""
        table = self.table
        if not table.row_count:
            return None, None
        row_key, column_key = table.coordinate_to_cell_key(table.cursor_coordinate)
        row = self.rows.get(int(row_key.value))
        family = column_key.value if column_key.value not in ("client", "tier") else None
        return row, family

    def action_opportunity(self) -> None:
        row, family = self._here()
        if row is None:
            return
        if family is None:
            self.notify("Move to a product family's column (right arrow) to open a deal for it")
            return
        cell = row.cells[family]
        if not cell.missing:
            self.notify(f"{row.client} already holds or is being sold every {family} product")
            return
        kind = "cross-sell" if cell.state == GAP else "upsell"
        deal_actions.new(self.app, row.client_id, self.reload, product_id=cell.missing[0].id, kind=kind)

    @on(DataTable.CellSelected, "#ws-table")
    def action_open_client(self) -> None:
        row, _family = self._here()
        if row is not None:
            from amtui.tui.navigation import open_client

            open_client(self.app, row.client_id)


def open_white_space(app) -> None:
    """The palette's "White space": over the Pipeline section."""
    app.switch_mode("pipeline")
    if not isinstance(app.screen, WhiteSpaceScreen):
        app.push_screen(WhiteSpaceScreen())
