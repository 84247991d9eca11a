"""White space (`W` on the Pipeline, or the palette): clients x product families.

Each cell says whether the client owns the family, is being sold it, or has a gap; `o`
on a cell opens a new deal for a product of the family the client lacks.  A thread
worker reads the first page of the grid with the ids of every matching client; the
virtual list fetches the other pages as they scroll into view, so the whole grid scrolls.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from amtui.core.whitespace import GAP, OWNED, PAGE, PIPELINE, WhiteSpace, white_space
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.freshness import Freshness
from amtui.tui.safe import SafeStatic, plain
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_table import text_cell
from amtui.tui.widgets.row_line import RowLine
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

DEBOUNCE = 0.15
# short, so that five families and a client's whole name fit 120 columns
LABELS = {OWNED: "● owned", PIPELINE: "◐ pipeline", GAP: "○ gap"}
CELL = len("◐ pipeline +9")  # a family column's widest cell
CLIENT_WHOLE = 28  # a Client column narrower than this cuts names: the line says them whole


class WhiteSpaceLoaded(Message):
    def __init__(self, generation: int, grid: WhiteSpace, keep_id: int | None):
        super().__init__()
        self.generation, self.grid, self.keep_id = generation, grid, keep_id


def fetch_page(text: str, gaps_only: bool):
    """A page of the grid by offset (run in the table's worker)."""
    return lambda offset, limit: white_space(text, gaps_only=gaps_only, limit=limit, offset=offset).rows


def columns(grid: WhiteSpace) -> list[ColumnSpec]:
    """The client's name takes what is left (never under 16 cells: a narrow terminal
    scrolls the grid sideways rather than squeeze it); a family column fits its name and
    its widest cell, and is never cut."""
    return [ColumnSpec("client", "Client", 16, share=1, ideal=CLIENT_WHOLE), ColumnSpec("tier", "Tier", 4, drop=1),
            *(ColumnSpec(f, plain(f), max(CELL, len(f))) for f in grid.families)]


class WhiteSpaceScreen(SectionScreen):
    SECTION = "White space"
    AUTO_FOCUS = "#ws-table"
    BINDINGS = bindings("whitespace")
    # family columns are never cut: a grid wider than the terminal scrolls sideways
    DEFAULT_CSS = """
    WhiteSpaceScreen #ws-table { overflow-x: auto; }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.text = ""
        self.gaps_only = False
        self.generation = 0
        self.grid: WhiteSpace | None = None
        self._filter_timer = None
        self.freshness = Freshness()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="ws-bar"):
            yield Input(placeholder="/ filter clients by name", id="ws-filter")
            yield Static("", id="ws-status")
        yield VirtualTable(id="ws-table", cell_cursor=True, zebra_stripes=True)
        yield RowLine(most=2, id="ws-line")  # the highlighted client and cell, whole
        yield SafeStatic("", id="ws-summary")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#ws-table", VirtualTable)

    def on_screen_resume(self) -> None:
        if self.freshness.stale():  # unchanged book: the grid shown still holds
            self.reload()

    # --- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        self.generation += 1
        self.freshness.start()
        self._load(self.generation, self.text, self.gaps_only, self.table.selected_id())

    @book_worker("whitespace-load")
    def _load(self, generation: int, text: str, gaps_only: bool, keep_id: int | None) -> None:
        grid = white_space(text, gaps_only=gaps_only, limit=PAGE)
        if keep_id in grid.client_ids and grid.client_ids.index(keep_id) >= PAGE:
            # the page the cursor stays on, instead of the first
            offset = grid.client_ids.index(keep_id) // PAGE * PAGE
            page = white_space(text, gaps_only=gaps_only, limit=PAGE, offset=offset)
            grid = WhiteSpace(grid.families, grid.products, page.rows, grid.total_clients,
                              grid.summary, offset, grid.client_ids)
        self.post_message(WhiteSpaceLoaded(generation, grid, keep_id))

    @on(WhiteSpaceLoaded)
    def _loaded(self, message: WhiteSpaceLoaded) -> None:
        if message.generation != self.generation:
            return
        self.freshness.done()
        grid, table = message.grid, self.table
        self.grid = grid
        if table.specs != tuple(columns(grid)):
            table.set_columns(columns(grid))
        source = RowSource(grid.client_ids, fetch_page(self.text, self.gaps_only), page=PAGE,
                           key=lambda row: row.client_id)
        source.put(grid.offset // PAGE, grid.rows)
        table.show(source, partial(self._cells, grid.families), message.keep_id)
        self._show_status()
        self.call_after_refresh(self._show_line)  # once the table has laid its columns out

    # --- the line under the grid ---------------------------------------------------------------
    @on(VirtualTable.RowHighlighted, "#ws-table")
    def _moved(self) -> None:
        self._show_line()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_line)

    def _show_line(self) -> None:
        """Under the grid, while it scrolls sideways or cuts the clients' names (below
        about 120 columns): the highlighted client whole, and what the highlighted cell
        says.  At 80 columns the Client column had scrolled away with the families, and
        nothing told whose row was whose."""
        table, line = self.table, self.query_one("#ws-line", RowLine)
        cut = table.max_scroll_x > 0 or table.widths.get("client", CLIENT_WHOLE) < CLIENT_WHOLE
        row, family = self._here()
        if not cut or row is None:
            line.show_row(None)
            return
        line.hold(lines=2)  # its height holds as the cursor moves (a long name, a long family)
        line.show_row(self._said(row, family))

    def _said(self, row, family: str | None) -> Text:
        """ "Alpine Trail Resorts · tier A · Print: ○ gap, 2 to offer (o: new deal)"; on
        the client's own column, what it owns, is being sold and lacks."""
        head = f"{plain(row.client)} · tier {plain(row.tier)}" if row.tier else plain(row.client)
        if family is not None:
            cell = row.cells[family]
            said = f"{head} · {plain(family)}: {LABELS[cell.state]}"
            if cell.missing:
                said += f", {len(cell.missing)} to offer (o: new deal)"
            return Text(said)
        by_state = {state: [plain(f) for f, c in row.cells.items() if c.state == state] for state in LABELS}
        parts = [f"{word} {', '.join(by_state[state])}" for state, word in
                 ((OWNED, "owns"), (PIPELINE, "being sold"), (GAP, "gaps:")) if by_state[state]]
        return Text(" · ".join([head, *parts]))

    def _cells(self, families: list[str], row) -> dict[str, object]:
        return {"client": text_cell(row.client), "tier": text_cell(row.tier),
                **{f: self._cell(row.cells[f]) for f in families}}

    def _cell(self, cell) -> Text:
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
        total = grid.total_clients
        parts = [f"{total:,} client{'s' if total != 1 else ''}" + (f" matching '{self.text}'" if self.text else "")]
        if self.gaps_only:
            parts.append("with a gap")
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
        self.reload()

    # --- acting on a cell ------------------------------------------------------------------------
    def _here(self):
        """(row, family) under the cursor; family is None on the client / tier columns."""
        table = self.table
        row = table.row_at(table.cursor) if table.row_count else None
        if row is None:
            return None, None
        column = table.cursor_column
        family = column if column not in (None, "client", "tier") else None
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

    @on(VirtualTable.RowSelected, "#ws-table")
    @while_showing
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
