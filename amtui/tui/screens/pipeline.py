"""The Pipeline section (key 3): deals from first talk to won or lost.

A table or a board of stage columns (`v`), filtered as you type (`/`), by close period
(`p` / `P`) and by status (`O`).  A thread worker asks core for the rows, totals, board,
what each deal would pay and what winning them all would add, and posts them back; a generation counter drops results a
newer filter has superseded.  The deal keys live in `deal_actions`, shared with the
client detail screen and the deal detail modal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from amtui.core import clock
from amtui.core import pipeline as pl
from amtui.core.commission import pay_if_won, what_deals_pay
from amtui.core.money import fmt_money
from amtui.core.periods import parse_period
from amtui.core.settings import get_settings
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.freshness import Freshness
from amtui.tui.safe import SafeStatic
from amtui.tui.screens.base import SectionScreen, book_worker
from amtui.tui.widgets.deal_table import (
    TABLE_LIMIT,
    BuiltRows,
    Colours,
    DealBoard,
    DealTable,
    StageCards,
    build_cards,
    build_rows,
)

PERIODS = ("all", "this quarter", "next quarter", "this year")  # `p` cycles these
STATUSES = ("open", "won", "lost", "all")  # `a` cycles these
DEBOUNCE = 0.15  # seconds of quiet typing before the filter runs


@dataclass(frozen=True)
class PipelineQuery:
    text: str = ""
    period: str = "all"
    status: str = "open"


class DealsLoaded(Message):
    """Everything one view of the pipeline needs, computed in a thread worker."""

    def __init__(self, generation: int, rows: list[pl.DealRow], columns: list[pl.BoardColumn],
                 totals: pl.Totals, pays: dict[int, Decimal] | None, if_won: Decimal,
                 currency: str, period_label: str, keep_id: int | None, today: date):
        super().__init__()
        self.generation, self.rows, self.columns, self.totals = generation, rows, columns, totals
        self.pays, self.if_won, self.currency, self.period_label = pays, if_won, currency, period_label
        self.keep_id, self.today = keep_id, today
        self.built: BuiltRows | None = None  # the table's cells, built by the worker
        self.cards: list[list[tuple[str, Text]]] | None = None  # the board's cards, likewise


class PipelineScreen(SectionScreen):
    SECTION = "Pipeline"
    AUTO_FOCUS = "#deal-table"
    BINDINGS = bindings("pipeline")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.query_state = PipelineQuery()
        self.generation = 0
        self.rows: list[pl.DealRow] = []
        self.pending_select: int | None = None
        self._filter_timer = None
        self.freshness = Freshness()
        # the last load, and which load each view shows: `v` on an unchanged book shows
        # the other view from it (filled once, then reused), with no query
        self.last: DealsLoaded | None = None
        self.filled: dict[str, int] = {}

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="pipeline-bar"):
            yield Input(placeholder="/ filter: client, title, product", id="deal-filter")
            yield Static("", id="pipeline-status")
        with ContentSwitcher(initial="deal-table", id="pipeline-views"):
            yield DealTable(id="deal-table")
            yield DealBoard(id="deal-board")
        yield SafeStatic("", id="pipeline-totals")

    @property
    def table(self) -> DealTable:
        return self.query_one(DealTable)

    @property
    def board(self) -> DealBoard:
        return self.query_one(DealBoard)

    @property
    def on_board(self) -> bool:
        return self.query_one(ContentSwitcher).current == "deal-board"

    def on_screen_resume(self) -> None:
        # back from a form, a client or another section: the book may have changed
        if self.freshness.stale():  # unchanged: a repaint, not a query
            self.reload()

    # --- loading ------------------------------------------------------------------------
    def reload(self, keep_id: int | None = None) -> None:
        self.generation += 1
        self.freshness.start()
        if keep_id is None:
            keep_id = self.pending_select or self.selected_id()
        self._load(self.generation, self.query_state, keep_id, Colours.of(self))

    @book_worker("pipeline-load")
    def _load(self, generation: int, q: PipelineQuery, keep_id: int | None, colours: Colours) -> None:
        settings = get_settings()
        period = None if q.period == "all" else parse_period(q.period, settings.fy_start_month)
        today = clock.today()
        rows = pl.deals(period=period, status=q.status, text=q.text, today=today)
        open_deals = [d for d in rows if d.status == "open"]
        # each deal's own pay for the rows the table shows; what winning them all adds,
        # quarter by quarter with the cap once per quarter, for the totals line
        pays = what_deals_pay(open_deals[:TABLE_LIMIT], today) or None
        columns = pl.board(rows=rows)
        # both views' cells and cards are built here, off the event loop: the UI thread
        # only adds them (and `v` then shows the other view from this same load)
        loaded = DealsLoaded(
            generation, rows, columns, pl.pipeline_totals(rows),
            pays, pay_if_won(open_deals, today).adds, settings.currency,
            f"{q.period} ({period.label})" if period else "all dates", keep_id, today,
        )
        loaded.built = build_rows(rows, settings.currency, pays, today, colours)
        loaded.cards = build_cards(columns, settings.currency, today, colours)
        self.post_message(loaded)

    @on(DealsLoaded)
    async def _loaded(self, message: DealsLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer filter or reload is on its way
        self.freshness.done()
        self.rows = message.rows
        self.last = message
        await self._fill(message, message.keep_id)
        self._show_status(message)
        wanted = self.pending_select
        if wanted is not None and message.keep_id == wanted:
            self.pending_select = None
            if all(d.id != wanted for d in message.rows) and self.query_state != PipelineQuery(status="all"):
                # the deal is outside this filter (closed, another period): show everything
                self.pending_select = wanted
                self.query_state = PipelineQuery(status="all")
                self.query_one("#deal-filter", Input).value = ""
                self.reload(keep_id=wanted)

    async def _fill(self, message: DealsLoaded, keep_id: int | None) -> None:
        """Fill the view on screen; the other one waits for `v` (DataTable rows cost
        ~0.45 ms each, board cards more)."""
        if self.on_board:
            await self.board.set_stages([c.stage.name for c in message.columns])
            if message.cards is not None:
                self.board.show_built(message.columns, message.cards, keep_id)
            else:
                self.board.show(message.columns, message.currency, message.today, keep_id)
            if not isinstance(self.focused, StageCards | Input):
                self.board.focus_selected()
            self.filled["deal-board"] = message.generation
        else:
            old_index = self.table.cursor_row
            if message.built is not None:
                self.table.show_built(message.built, keep_id)
            else:
                self.table.show(message.rows, message.currency, message.pays, message.today, keep_id)
            if keep_id is None or str(keep_id) not in self.table.rows:
                # the deal left this view (won, lost, filtered out): stay where the rep was
                self.table.move_cursor(row=min(old_index, max(self.table.row_count - 1, 0)), animate=False)
            self.filled["deal-table"] = message.generation

    def _show_status(self, m: DealsLoaded) -> None:
        q = self.query_state
        parts = [f"Close: {m.period_label}", f"{q.status} deals" if q.status != "all" else "all deals"]
        if q.text:
            parts.append(f"matching '{q.text}'")
        if self.on_board and q.status != "open":
            parts.append("the board shows open deals")
        self.query_one("#pipeline-status", Static).update(" · ".join(parts))
        t, cur = m.totals, m.currency
        noun = "deal" if t.count == 1 else "deals"
        stale = sum(1 for d in m.rows if d.stale)
        line = f"{t.count:,} {noun} · {fmt_money(t.amount, cur)} · weighted {fmt_money(t.weighted, cur)}"
        if stale:
            line += f" · {stale} stale"
        if t.count > TABLE_LIMIT and not self.on_board:
            line += f" · the table shows the first {TABLE_LIMIT}; filter to narrow"
        if m.if_won > 0:
            line += f" · pays {fmt_money(m.if_won, cur, decimals=False)} if all won"
        self.query_one("#pipeline-totals", Static).update(line)

    # --- selection ----------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        if not self.is_mounted:
            return None
        return self.board.selected_id() if self.on_board else self.table.selected_id()

    def select_deal(self, deal_id: int) -> None:
        """Put the cursor on a deal (it may need a reload, or a wider filter, to show)."""
        self.pending_select = deal_id
        if self.is_mounted:
            self.reload(keep_id=deal_id)

    def _selected_or_tell(self) -> int | None:
        deal_id = self.selected_id()
        if deal_id is None:
            self.notify("No deal selected", severity="warning")
        return deal_id

    def _after(self, deal_id: int | None = None):
        return lambda: self.reload(keep_id=deal_id)

    # --- filter -------------------------------------------------------------------------------
    @on(Input.Changed, "#deal-filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(DEBOUNCE, self._apply_filter)

    def _apply_filter(self) -> None:
        text = self.query_one("#deal-filter", Input).value.strip()
        if text != self.query_state.text:
            self.query_state = replace(self.query_state, text=text)
            self.reload()

    @on(Input.Submitted, "#deal-filter")
    def _filter_done(self) -> None:
        self._apply_filter()
        self._focus_list()

    def action_focus_filter(self) -> None:
        self.query_one("#deal-filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#deal-filter", Input)
        if box.value:
            box.value = ""
            self._apply_filter()
        self._focus_list()

    def _focus_list(self) -> None:
        if self.on_board:
            self.board.focus_selected()
        else:
            self.table.focus()

    # --- views and filters ----------------------------------------------------------------------
    async def action_toggle_view(self) -> None:
        deal_id = self.selected_id()
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "deal-table" if self.on_board else "deal-board"
        if not self.on_board:
            self.table.focus()
        shown = self.last
        if shown is None or shown.generation != self.generation or self.freshness.stale():
            self.reload(keep_id=deal_id)  # the book changed (or a load is on its way)
            return
        if self.filled.get(switcher.current) != shown.generation:
            await self._fill(shown, deal_id)
        elif self.on_board:
            self.board.select(deal_id)
            self.board.focus_selected()
        else:
            self.table.select(deal_id)
        self._show_status(shown)

    def action_cycle_period(self, step: int = 1) -> None:
        following = PERIODS[(PERIODS.index(self.query_state.period) + step) % len(PERIODS)]
        self.query_state = replace(self.query_state, period=following)
        self.reload()

    def action_cycle_status(self) -> None:
        following = STATUSES[(STATUSES.index(self.query_state.status) + 1) % len(STATUSES)]
        self.query_state = replace(self.query_state, status=following)
        self.reload()

    # --- the deal keys ------------------------------------------------------------------------
    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, DealTable | StageCards):
            self.action_show()

    def action_show(self) -> None:
        deal_id = self._selected_or_tell()
        if deal_id is not None:
            from amtui.tui.screens.deal_detail import DealDetailScreen

            self.app.push_screen(DealDetailScreen(deal_id, self._after(deal_id)))

    def action_new(self) -> None:
        from amtui.tui.forms.deal import DealForm

        def saved(deal_id: int | None) -> None:
            if deal_id is not None:
                d = pl.deal(deal_id)
                self.notify(f"New deal: {d.title} ({d.client}), {d.stage}")
                self.select_deal(deal_id)

        self.app.push_screen(DealForm(), saved)

    def action_edit(self) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            deal_actions.edit(self.app, deal_id, self._after(deal_id))

    def action_advance(self, step: int) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            shown_row = next((d for d in self.rows if d.id == deal_id), None)
            deal_actions.advance(self.app, deal_id, step, self._after(deal_id), shown_row)

    def action_win(self) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            deal_actions.win(self.app, deal_id, self._after(deal_id))

    def action_lose(self) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            deal_actions.lose(self.app, deal_id, self._after(deal_id))

    def action_reopen(self) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            deal_actions.reopen(self.app, deal_id, self._after(deal_id))

    def action_delete(self) -> None:
        if (deal_id := self._selected_or_tell()) is not None:
            deal_actions.delete(self.app, deal_id, self._after())

    def _client_of_selected(self) -> int | None:
        deal_id = self._selected_or_tell()
        return next((d.client_id for d in self.rows if d.id == deal_id), None)

    def action_log(self) -> None:
        if (client_id := self._client_of_selected()) is not None:
            deal_actions.client_form(self.app, "log", client_id)

    def action_follow_up(self) -> None:
        if (client_id := self._client_of_selected()) is not None:
            deal_actions.client_form(self.app, "follow_up", client_id)

    def action_white_space(self) -> None:
        from amtui.tui.screens.whitespace import WhiteSpaceScreen

        self.app.push_screen(WhiteSpaceScreen())


def open_deal(app: App, deal_id: int) -> None:
    """From anywhere (the palette, Today, a client): the Pipeline with the deal selected,
    and the deal itself on top."""
    from amtui.tui.screens.deal_detail import DealDetailScreen

    app.switch_mode("pipeline")
    screen = next((s for s in app.screen_stack if isinstance(s, PipelineScreen)), None)
    on_change = None
    if screen is not None:
        screen.select_deal(deal_id)
        on_change = screen._after(deal_id)
    app.push_screen(DealDetailScreen(deal_id, on_change))
