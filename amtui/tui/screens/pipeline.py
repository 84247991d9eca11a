"""The Pipeline section (key 3): deals from first talk to won or lost.

A table or a board of stage columns (`v`), filtered as you type (`/`), by close period
(`p` / `P`) and by status (`O`).  The pipeline is never loaded whole: a thread worker asks
core for the order of the match (ids), its figures (one aggregate query: the totals line,
the board's headers, what sizes the columns) and the rows of the pages the cursor is on
(the table's and each board column's first), and posts them back; the lists fetch other
pages as they scroll into view.  A generation counter drops results a newer filter has
superseded.  The deal keys are `PipelineDealKeys` (pipeline_keys.py); their writes live
in `deal_actions`, shared with the client detail screen and the deal detail modal.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Input, Static

from amtui.core import clock
from amtui.core import pipeline_view as pv
from amtui.core.periods import parse_period
from amtui.core.settings import get_settings
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.freshness import Freshness
from amtui.tui.safe import plain
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.screens.pipeline_keys import PipelineDealKeys
from amtui.tui.screens.pipeline_load import (
    BoardDrawn,
    DealsLoaded,
    Lists,
    PipelineQuery,
    card_maker,
    kept_in_place,
    page_of,
)
from amtui.tui.widgets import board_ready, ready_lines
from amtui.tui.widgets.board_lines import BOARD_PAGE, CardOf
from amtui.tui.widgets.board_ready import BoardPlan, BoardReady
from amtui.tui.widgets.deal_board import DealBoard
from amtui.tui.widgets.deal_table import (
    Colours,
    DealTable,
    deal_cells_for,
    deal_specs,
    natural_widths,
)
from amtui.tui.widgets.pipeline_totals import PipelineTotals
from amtui.tui.widgets.ready_lines import Plan, Ready
from amtui.tui.widgets.row_line import RowLine, cuts
from amtui.tui.widgets.row_source import PAGE, RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

PERIODS = ("all", "this quarter", "next quarter", "this year")  # `p` cycles these
STATUSES = ("open", "won", "lost", "all")  # `O` cycles these
DEBOUNCE = 0.15  # seconds of quiet typing before the filter runs


class PipelineScreen(PipelineDealKeys, SectionScreen):
    SECTION = "Pipeline"
    AUTO_FOCUS = "#deal-table"
    BINDINGS = bindings("pipeline")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.query_state = PipelineQuery()
        self.generation = 0
        self.pending_select: int | None = None
        self._filter_timer = None
        self.freshness = Freshness()
        # the last load, and which load each view shows: `v` on an unchanged book shows
        # the other view from it (filled once, then reused), with no query
        self.last: DealsLoaded | None = None
        self.lists: Lists | None = None
        self.filled: dict[str, int] = {}
        self.status_line = ""
        self.board_asked: int | None = None  # `v` waits for the board's lines of this load
        # O and p change the view: the deal the rep was on when they began, and the one the
        # last such change put the cursor on (`cycling` until another load or `v`); the
        # cursor elsewhere at the next O means the rep moved since
        self.place: int | None = None
        self.landed: int | None = None
        self.cycling = False
        self.in_place_load = 0  # the generation of the last O / p load

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="pipeline-bar"):
            yield Input(placeholder="/ filter: client, title, product", id="deal-filter")
            yield Static("", id="pipeline-status")
        with ContentSwitcher(initial="table-view", id="pipeline-views"):
            # the deal line belongs to the table: showing or hiding it never resizes the
            # board (a resize lays out and draws every column again)
            with Vertical(id="table-view"):
                yield DealTable(id="deal-table")
                yield RowLine(most=2, wrap=False, id="deal-line")  # the deal, then its next step
            yield DealBoard(id="deal-board")
        yield PipelineTotals(id="pipeline-totals")

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
    def reload(self, keep_id: int | None = None, near: tuple[list[int], int] | None = None) -> None:
        """Load the view again, the cursor on `keep_id` (by default the highlighted deal);
        `near`: the list before and the cursor's place in it, for a deal of the new view
        near it when it has not `keep_id` (kept_in_place)."""
        self.generation += 1
        self.freshness.start()
        if keep_id is None:
            keep_id = self.pending_select or self.selected_id()
        # the lines of the view on screen are drawn in the worker (the table's or the board's)
        plan: Plan | BoardPlan | None = None
        if self.is_mounted:
            plan = self.board.plan(focused=not isinstance(self.focused, Input)) if self.on_board else self.table.plan()
        self._load(self.generation, self.query_state, keep_id, plan, Colours.of(self), near)

    @book_worker("pipeline-load")
    def _load(self, generation: int, q: PipelineQuery, keep_id: int | None, plan: Plan | BoardPlan | None,
              colours: Colours, near: tuple[list[int], int] | None = None) -> None:
        settings = get_settings()
        period = None if q.period == "all" else parse_period(q.period, settings.fy_start_month)
        today = clock.today()
        found = pv.DealFilter(period=period, status=q.status, text=q.text)
        order = pv.deal_order(found, today)
        if near is not None:
            keep_id = kept_in_place(order.ids, keep_id, *near)
        pages = pv.DealPages(today)
        summary = pv.summary(found, today, pages.quarters)
        pages.pays = summary.widest.pays is not None
        # the rows shown first, in one read: the table's page and each board column's
        # (the one holding the selected deal), so `v` needs no query
        wanted = [(order.ids, PAGE)] + [(order.by_stage.get(s.stage.name, []), BOARD_PAGE) for s in summary.stages]
        first_ids: list[int] = []
        for ids, size in wanted:
            number = page_of(ids, keep_id, size)
            first_ids += ids[number * size:(number + 1) * size]
        first = {row.id: row for row in pages.fetch(list(dict.fromkeys(first_ids)))}
        loaded = DealsLoaded(
            generation, order, summary, pages, first, natural_widths(summary.widest, settings.currency, today),
            settings.currency, f"{q.period} ({period.label})" if period else "all dates", keep_id, today,
        )
        loaded.lists = Lists(loaded)
        if isinstance(plan, BoardPlan):
            loaded.board = board_ready.prepare(plan, summary.stages, loaded.lists.columns, loaded.natural,
                                               card_maker(loaded, colours), keep_id)
        elif plan is not None:
            cells = deal_cells_for(settings.currency, today, colours)
            loaded.ready = ready_lines.prepare(plan, loaded.lists.table, cells, keep_id,
                                               specs=deal_specs(pages.pays), natural=loaded.natural)
        self.post_message(loaded)

    @on(DealsLoaded)
    def _loaded(self, message: DealsLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer filter or reload is on its way
        self.freshness.done()
        self.last = message
        self.lists = message.lists or Lists(message)
        self._fill(message, message.keep_id, message.ready, message.board)
        message.ready = message.board = None  # taken: the load is kept for `v`, its drawn lines need not be
        self._show_status(message)
        self.cycling = message.generation == self.in_place_load
        self.landed = self.selected_id()
        wanted = self.pending_select
        if wanted is not None and message.keep_id == wanted:
            self.pending_select = None
            if self.lists.table.index_of(wanted) is None and self.query_state != PipelineQuery(status="all"):
                # the deal is outside this filter (closed, another period): show everything
                self.pending_select = wanted
                self.query_state = PipelineQuery(status="all")
                self.query_one("#deal-filter", Input).value = ""
                self.reload(keep_id=wanted)

    def _card_of(self, message: DealsLoaded) -> CardOf:
        """How the load's cards are drawn (the theme's colours read here, on the screen's
        thread, so a worker can draw them too)."""
        return card_maker(message, Colours.of(self))

    def _fill(self, message: DealsLoaded, keep_id: int | None, ready: Ready | None = None,
              board: BoardReady | None = None) -> None:
        """Fill the view on screen; the other one waits for `v`.  Both only draw what
        shows, from the row sources of the load (the table's lines `ready` from the
        worker, when it drew them; the board's `board`, drawn before `v` showed it)."""
        assert self.lists is not None
        if self.on_board:
            self.board.show(message.summary.stages, self.lists.columns, message.natural, self._card_of(message),
                            keep_id, board)
            if not isinstance(self.focused, DealBoard | Input):
                self.board.focus_selected()
            self.filled["deal-board"] = message.generation
        else:
            # a deal that left this view (won, lost, filtered out): the cursor stays where
            # the rep was
            self.table.show_deals(self.lists.table, message.natural, pays=message.pages.pays,
                                  currency=message.currency, today=message.today, keep_id=keep_id,
                                  ready=ready)
            self.filled["deal-table"] = message.generation
        self._show_line()

    def _show_status(self, m: DealsLoaded) -> None:
        q = self.query_state
        box = self.query_one("#pipeline-status", Static)
        room = box.content_region.width or max(self.app.size.width - 50, 20)
        status = status_line(m.period_label, q.period, q.status, q.text,
                             self.on_board and q.status != "open", room)
        if status != self.status_line:  # an update lays the screen out again
            self.status_line = status
            box.update(Text(status))  # the filter as typed: never markup
        self.query_one(PipelineTotals).show(m.summary, m.currency)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = super().check_action(action, parameters)
        if not allowed:
            return allowed
        # the highlighted deal won or lost (the won / lost lists): R Reopen, not ] w L
        row = self.selected_row()
        return deal_actions.fits_status(action, row.deal.status if row is not None else None)

    def _show_line(self) -> None:
        """Under the table, when its columns cut the client or the title or leave out the
        next step: the highlighted deal's in full (and the footer's keys for it)."""
        self.refresh_bindings()
        natural = self.last.natural if self.last is not None else {}
        texts = {k: natural.get(k, 0) for k in ("client", "title", "next step")}
        line = self.query_one("#deal-line", RowLine)
        if self.on_board or not self.table.row_count or not cuts(self.table.widths, texts):
            line.show_row(None)
            return
        # two lines while some deal of the list has a second (a next step, why it was lost,
        # why it is stale: the load's widest note and stale count say so without reading
        # every deal), whichever deal is highlighted
        stale = self.last.summary.stale if self.last is not None else 0
        line.hold(lines=2 if texts["next step"] or stale else 1)
        row = self.selected_row()
        detail = ""  # its page still loading: the line keeps its room
        if row is not None:
            d = row.deal
            detail = f"{plain(d.client)} · {plain(d.title)}"
            if d.status == "lost" and d.lost_reason:  # a lost deal has no next step: why it went
                detail += f"\nLost: {plain(d.lost_reason)}"
            elif d.next_step:
                detail += f"\nNext step: {plain(d.next_step)}"
            elif d.stale_reason:
                detail += f"\n{d.stale_reason}"
        line.show_row(detail)

    @on(VirtualTable.RowHighlighted, "#deal-table")
    def _row_highlighted(self) -> None:
        self._show_line()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_line)
        if self.last is not None:  # the header's words fit the new width
            self.call_after_refresh(self._show_status, self.last)

    # --- selection ----------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        if not self.is_mounted:
            return None
        return self.board.selected_id() if self.on_board else self.table.selected_id()

    def selected_row(self) -> pv.ShownDeal | None:
        """The highlighted deal's row, when its page is loaded."""
        if not self.is_mounted:
            return None
        if self.on_board:
            return self.board.selected_row()
        return self.table.row_at(self.table.cursor) if self.table.row_count else None

    def select_deal(self, deal_id: int) -> None:
        """Put the cursor on a deal (it may need a reload, or a wider filter, to show)."""
        self.pending_select = deal_id
        if self.is_mounted:
            self.reload(keep_id=deal_id)

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
    def action_toggle_view(self) -> None:
        deal_id = self.selected_id()
        shown = self.last
        if self.board_asked is not None:  # `v` again before the board came: stay on the table
            self.board_asked = None
            return
        if (not self.on_board and shown is not None and shown.generation == self.generation
                and self.filled.get("deal-board") != shown.generation and not self.freshness.stale()):
            # the board's first showing of this load: its lines drawn in a worker first
            self.board_asked = shown.generation
            assert self.lists is not None
            self._draw_board(shown, self.lists.columns, self.board.plan(focused=True), self._card_of(shown), deal_id)
            return
        self._toggle(deal_id)

    @work(thread=True, exclusive=True, group="board-lines", exit_on_error=False)
    def _draw_board(self, shown: DealsLoaded, columns: list[RowSource], plan: BoardPlan, card_of: CardOf,
                    deal_id: int | None) -> None:
        try:
            ready = board_ready.prepare(plan, shown.summary.stages, columns, shown.natural, card_of, deal_id)
        except Exception:  # noqa: BLE001 - a drawing bug must not leave `v` waiting: the board draws
            ready = None
        self.post_message(BoardDrawn(shown.generation, deal_id, ready))

    @on(BoardDrawn)
    def _board_drawn(self, message: BoardDrawn) -> None:
        if message.generation != self.board_asked:
            return  # `v` again: the table stays
        self.board_asked = None
        if not self.on_board:  # a newer load meanwhile: the board is filled from it, here
            fresh = self.last is not None and self.last.generation == message.generation
            self._toggle(message.keep_id, message.ready if fresh else None)

    def _toggle(self, deal_id: int | None, board: BoardReady | None = None) -> None:
        """Show the other view (`board`: the board's lines, drawn in a worker)."""
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "table-view" if self.on_board else "deal-board"
        self.cycling = False  # another view: the deal under its cursor is the rep's place
        # the shown view focused now: the hidden one's Hide event would hand the focus on
        # to the filter, where keys typed ahead (`v 4`) were typed as a filter
        self.set_focus(self.board if self.on_board else self.table)
        shown = self.last
        if shown is None or shown.generation != self.generation or self.freshness.stale():
            self.reload(keep_id=deal_id)  # the book changed (or a load is on its way)
            return
        if self.filled.get("deal-board" if self.on_board else "deal-table") != shown.generation:
            self._fill(shown, deal_id, board=board)
        elif self.on_board:
            self.board.select(deal_id)
            self.board.focus_selected()
        else:
            self.table.select(deal_id)
        self._show_status(shown)
        self._show_line()

    def action_cycle_period(self, step: int = 1) -> None:
        following = PERIODS[(PERIODS.index(self.query_state.period) + step) % len(PERIODS)]
        self.query_state = replace(self.query_state, period=following)
        self._reload_in_place()

    def action_cycle_status(self) -> None:
        following = STATUSES[(STATUSES.index(self.query_state.status) + 1) % len(STATUSES)]
        self.query_state = replace(self.query_state, status=following)
        self._reload_in_place()

    def _reload_in_place(self) -> None:
        """Another view (O, p): the cursor stays on the deal the rep was on when they began
        to change the view whenever the new one holds it (open, won, lost, all comes back
        to it), else goes to the deal nearest its place that the new view holds."""
        if self.pending_select is not None:  # a deal asked for (a new one, the palette's) comes first
            self.reload()
            return
        current = self.selected_id()
        if not self.cycling or current != self.landed:  # the rep moved since the last O
            self.place = current
        near = None
        if not self.on_board and self.lists is not None and self.table.row_count:
            near = (self.lists.table.ids, self.table.cursor)
        self.reload(keep_id=self.place if self.place is not None else current, near=near)
        self.in_place_load = self.generation

    # --- the deal keys: PipelineDealKeys (pipeline_keys.py) --------------------------------------
    @on(VirtualTable.RowSelected, "#deal-table")
    @on(DealBoard.CardSelected)
    @while_showing
    def _row_selected(self) -> None:
        self.action_show()


def status_line(label: str, period: str, status: str, text: str, board_note: bool, room: int) -> str:
    """The header's words: which deals are shown (open, won, lost or all, and the filter)
    always; the rest shortened, then left out, to fit `room` cells ("Close:" first, then
    the fiscal label, then the board's note, then the period), so at 80 columns `O` and a
    filter still show."""
    shown = f"{status} deals" if status != "all" else "all deals"
    matching = [f"matching '{text}'"] if text else []
    note = ["the board shows open deals"] if board_note else []
    short = period if period != "all" else "all dates"
    tries = ([f"Close: {label}", shown, *matching, *note], [label, shown, *matching, *note],
             [short, shown, *matching, *note], [short, shown, *matching], [shown, *matching],
             [shown, *(f"'{text}'" for _ in matching)])
    for parts in tries:
        line = " · ".join(parts)
        if len(line) <= room:
            return line
    return line  # the filter cut at the edge, which deals still first


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
