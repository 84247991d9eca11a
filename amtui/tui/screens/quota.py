"""The Quota section (key 4): am I going to make my number, and what will I earn?

At a glance: attainment against quota, pace against the days gone by, the forecast and
pipeline coverage, commission earned, the open deals that would close the gap with
what each pays, and the last eight quarters with the run of misses that leads to
probation.  Every figure comes from core (`quota_status`, `gap_list`, `history`); a
thread worker loads them and posts them back.  The two tables are virtual lists: the
deal list's order comes with the figures, its rows a page at a time as they show
(`GapList.page`, in the table's workers), so the whole list scrolls whatever its
length.  The deals are as wide as their columns need, the history beside them, as wide
as its own, when both fit, else under them.  Its keys are `QuotaKeys` (quota_keys.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Digits, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from amtui.core import clock
from amtui.core.bookings import current_quarter
from amtui.core.comp_plan import plan_for_period
from amtui.core.gap_deals import GapList, gap_list
from amtui.core.periods import Period
from amtui.core.quota import quota_status
from amtui.core.settings import get_settings
from amtui.core.snapshots import trend
from amtui.core.track_record import history
from amtui.db import close_book
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.freshness import Freshness
from amtui.tui.layout_waits import LayoutWaits
from amtui.tui.safe import SafeStatic
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.screens.quota_keys import QuotaKeys
from amtui.tui.screens.quota_lines import deals_plan
from amtui.tui.widgets import quota_parts as parts
from amtui.tui.widgets import ready_lines
from amtui.tui.widgets.columns import fit_columns
from amtui.tui.widgets.quota_parts import DEAL_COLUMNS, HISTORY_COLUMNS, Palette, QuotaView
from amtui.tui.widgets.ready_lines import Plan, Ready
from amtui.tui.widgets.row_source import PAGE, RowSource
from amtui.tui.widgets.table_lines import PADDING
from amtui.tui.widgets.trend_chart import TrendChart
from amtui.tui.widgets.virtual_table import VirtualTable

# the deals' text columns count at most this much over their ideal width when the screen
# weighs whether the history fits beside them (a 90-character title is cut, not obeyed)
TEXT_STRETCH = 2
LIST_ROWS = 12  # a list's box when the lists stack: its title, header and 9 or 10 rows
NEAR = 30  # rows around the kept deal a reload shows at once (the list's height, centred)
PARTS = ("#quota-cards", "#quota-trend", "#quota-lists")  # shown a frame each on a first visit
# on a first visit the cards come in two frames: these two a frame after the first two (the
# four in one frame were the longest step of the visit, 25-42 ms of the screen's thread)
LATER_CARDS = ("#card-forecast", "#card-pay")


class QuotaLoaded(Message):
    """The figures of one period, computed in a thread worker."""

    def __init__(self, generation: int, view: QuotaView | None, error: str = "",
                 pages: dict[int, list] | None = None):
        super().__init__()
        self.generation, self.view, self.error = generation, view, error
        self.pages = pages or {}  # the deal list's pages read with the figures: the cursor's


class DealsDrawn(Message):
    """The deals list's first lines, drawn in a worker (quota_lines.py); `ready` None when
    they could not be: the list draws them itself."""

    def __init__(self, view: QuotaView, source: RowSource, ready: Ready | None):
        super().__init__()
        self.view, self.source, self.ready = view, source, ready


class QuotaScreen(QuotaKeys, SectionScreen):
    SECTION = "Quota"
    AUTO_FOCUS = "#quota-deals"
    # below 130 columns the cards go two by two and the tables drop their least columns
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]
    # under 40 rows the cards and the lists don't both fit: the body scrolls and the lists
    # keep room for 8 deals (tab moves to the history and scrolls it into view)
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]
    BINDINGS = bindings("quota")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.period: Period | None = None  # None: the current quarter, whatever today is
        self.generation = 0
        self.view: QuotaView | None = None
        self.quarter_before_year: Period | None = None  # where `y` goes back to
        self.freshness = Freshness()

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="quota-body"):
            yield SafeStatic("", id="quota-header")
            yield SafeStatic("", id="quota-warning")
            with Horizontal(id="quota-cards"):  # four across; two by two on a narrow terminal
                with Vertical(id="card-attainment", classes="quota-card") as card:
                    card.border_title = "Attainment"
                    with Horizontal(id="attainment-top"):  # figure over lines; side by side when narrow
                        with Vertical(id="attainment-figure-box"):
                            with Horizontal(id="attainment-figure"):
                                yield Digits("", id="attainment-digits")
                                yield Static("", id="attainment-unit")
                            yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="attainment-bar")
                        yield Static("", id="attainment-lines")
                with Vertical(id="card-pace", classes="quota-card") as card:
                    card.border_title = "Pace"
                    yield Static("", id="pace-lines")
                with Vertical(id="card-forecast", classes="quota-card") as card:
                    card.border_title = "Forecast and coverage"
                    yield Static("", id="forecast-lines")
                with Vertical(id="card-pay", classes="quota-card") as card:
                    card.border_title = "Pay"
                    yield Static("", id="pay-lines")
            # the period day by day against quota: compact under 40 rows or 130 columns
            yield TrendChart(id="quota-trend")
            with Horizontal(id="quota-lists"):
                with Vertical(id="quota-deals-box"):
                    yield Label("Open deals closing this period: what each would pay you", id="quota-deals-title", classes="quota-card-title")
                    yield VirtualTable(id="quota-deals", zebra_stripes=True)
                with Vertical(id="quota-history-box"):
                    yield Label("Last eight quarters", classes="quota-card-title")
                    yield VirtualTable(id="quota-history", zebra_stripes=True)
                    yield SafeStatic("", id="quota-history-note")

    def on_mount(self) -> None:
        super().on_mount()
        # the headers show while the figures load; the columns follow the table's width
        self.query_one("#quota-deals", VirtualTable).set_columns(DEAL_COLUMNS)
        self.query_one("#quota-history", VirtualTable).set_columns(HISTORY_COLUMNS)
        self._size_lists()  # side by side or stacked before the first layout, not after
        self._layout_waits = LayoutWaits(self)
        # The body's parts join the screen a frame each once the figures are in (`_show`):
        # the first frame lays out and paints the header alone, then the cards with their
        # figures, the chart, the lists (the header, cards and chart in one frame held the
        # screen's thread 46-66 ms at 140x42, then the figures painted the cards again)
        for part in PARTS:
            self.query_one(part).display = False

    def on_screen_resume(self) -> None:
        # back from a form, a deal or another section: deals may have been won since
        if self.freshness.stale():  # unchanged book: the figures shown still hold
            self.reload()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.generation += 1
        self.freshness.start()
        self._load(self.generation, self.period, self.selected_deal())

    @book_worker("quota-load")
    def _load(self, generation: int, period: Period | None, keep: int | None) -> None:
        # a failure is shown under the header by SectionScreen; the app keeps working
        today = clock.today()
        shown = period or current_quarter(today)
        deals = gap_list(shown, today)  # the open deals read once, for the list and the figures
        status = quota_status(shown, today, open_deals=deals.placed)
        view = QuotaView(
            status=status,
            deals=deals,
            history=history(8, status.today),
            plan=plan_for_period(status.period),
            currency=get_settings().currency,
            trend=trend(status.period, today, now=status),  # today's point: these figures
        )
        deal_widths, history_widths = parts.natural_widths(view)
        view = replace(view, deal_widths=deal_widths, history_widths=history_widths)
        self.post_message(QuotaLoaded(generation, view, pages=_first_pages(deals, keep)))

    @on(QuotaLoaded)
    def _loaded(self, message: QuotaLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer period was asked for meanwhile
        if message.view is None:
            self.notify(message.error, severity="error")
            return
        self.freshness.done()
        self.view = message.view
        self._show(message.view, message.pages)

    # --- showing ------------------------------------------------------------------------
    def _palette(self) -> Palette:
        return colours(self)

    def _show(self, view: QuotaView, pages: dict[int, list] | None = None) -> None:
        pal, s = self._palette(), view.status
        self.sub_title = s.period.label
        self.query_one("#quota-header", Static).update(parts.header(view))
        warning = parts.probation(view)
        self.query_one("#quota-warning", Static).update(warning)
        self.query_one("#quota-warning").display = bool(warning)
        digits = self.query_one("#attainment-digits", Digits)
        unit = self.query_one("#attainment-unit", Static)
        bar = self.query_one("#attainment-bar", ProgressBar)
        if s.attainment_pct is None:
            digits.update("--")
            unit.update("")
            bar.update(progress=0)
        else:
            digits.update(f"{s.attainment_pct}")
            unit.update("%")
            bar.update(progress=float(min(s.attainment_pct, 100)))
        digits.set_class(s.attainment_pct is not None and s.attainment_pct >= 100, "-made")
        self.query_one("#attainment-lines", Static).update(parts.attainment_lines(view, pal))
        self.query_one("#pace-lines", Static).update(parts.pace_lines(view, pal))
        self.query_one("#card-forecast").border_title = parts.forecast_title(view)
        self.query_one("#forecast-lines", Static).update(parts.forecast_lines(view, pal))
        self.query_one("#pay-lines", Static).update(parts.pay_lines(view, pal))
        cards = self.query_one("#quota-cards")
        if not cards.display:  # a first visit: the later cards hidden, their room kept
            for card in LATER_CARDS:
                self.query_one(card).visible = False
        cards.display = True
        # the later cards once a frame has painted the first, the chart once one has
        # painted them, the lists once one has painted the chart: each frame lays out and
        # paints a part, none the whole screen anew
        self._after_painted("#quota-cards", self._show_later_cards, view, pages or {})

    def _show_later_cards(self, view: QuotaView, pages: dict[int, list]) -> None:
        hidden = [card for card in LATER_CARDS if not self.query_one(card).visible]
        for card in hidden:  # whatever figures they show now (newer ones fill the rest)
            self.query_one(card).visible = True
        if self.view is not view:
            return  # newer figures came meanwhile: they fill the chart
        self._after_painted(LATER_CARDS[-1], self._fill_chart, view, pages)

    def _after_painted(self, part: str, then, *args) -> None:
        """`then(*args)` once a frame has laid `part` out and painted it."""
        self._layout_waits.after_painted(self.query_one(part), partial(then, *args))

    def _fill_chart(self, view: QuotaView, pages: dict[int, list]) -> None:
        if self.view is not view:
            return  # newer figures came meanwhile: they fill the chart
        chart = self.query_one("#quota-trend", TrendChart)
        chart.show(view.trend, f"{view.status.period.label} day by day")
        chart.display = True
        self._after_painted("#quota-trend", self._fill_lists, view, pages)

    def _fill_lists(self, view: QuotaView, pages: dict[int, list]) -> None:
        if self.view is not view:
            return  # newer figures came meanwhile: they fill the lists
        source = self._deals_source(view, pages)
        plan = None
        if not self.query_one("#quota-lists").display:  # they join the screen: not laid out yet
            self._size_lists()
            table = self.query_one("#quota-deals", VirtualTable)
            table.set_columns(DEAL_COLUMNS, view.deal_widths)
            plan = deals_plan(self, table)
        if plan is None:
            self._show_lists(view, source)
        else:  # their first lines drawn in a worker (quota_lines.py), then shown
            self._draw_deals(view, source, plan, self._palette())

    @work(thread=True, exclusive=True, group="quota-lines", exit_on_error=False)
    def _draw_deals(self, view: QuotaView, source: RowSource, plan: Plan, pal: Palette) -> None:
        try:
            ready = ready_lines.prepare(plan, source, lambda d: parts.deal_cells(d, view, pal))
        except Exception:  # noqa: BLE001 - the list draws its lines itself, as before
            ready = None
        finally:
            close_book()  # a page on screen not read with the figures was read here
            self.post_message(DealsDrawn(view, source, ready))

    @on(DealsDrawn)
    def _deals_drawn(self, message: DealsDrawn) -> None:
        if message.view is self.view:
            self._show_lists(message.view, message.source, message.ready)

    def _show_lists(self, view: QuotaView, source: RowSource, ready: Ready | None = None) -> None:
        self.query_one("#quota-lists").display = True
        self._fill_deals(view, source, ready)
        self._fill_history(view)
        self.query_one("#quota-history-note", Static).update(parts.history_note(view))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.worker.group == "quota-load" and event.state == WorkerState.ERROR:
            for part in PARTS:  # no figures: the parts as they are (r retries)
                self.query_one(part).display = True
            for card in LATER_CARDS:
                self.query_one(card).visible = True

    def _fill_history(self, view: QuotaView) -> None:
        table = self.query_one("#quota-history", VirtualTable)
        table.set_columns(HISTORY_COLUMNS, view.history_widths)
        rows = list(reversed(view.history))  # the latest quarter on top
        table.show(RowSource.of_rows(rows, key=lambda r: r.period.start.toordinal()),
                   lambda r: parts.history_cells(r, view, self._palette()), keep_id=None)
        self._size_lists()
        self.call_after_refresh(self._size_lists)  # stacked: once the cards have their height

    @staticmethod
    def _deals_source(view: QuotaView, pages: dict[int, list]) -> RowSource:
        # the whole list scrolls; its rows are read a page at a time as they show (in the
        # table's workers), and a row's cells are built when it first shows
        source = RowSource(view.deals.ids, view.deals.page, page=PAGE)
        for number, rows in pages.items():
            source.put(number, rows)
        return source

    def _fill_deals(self, view: QuotaView, source: RowSource, ready: Ready | None = None) -> None:
        table = self.query_one("#quota-deals", VirtualTable)
        if ready is None:
            table.set_columns(DEAL_COLUMNS, view.deal_widths)
        # cells are built as rows show (again after a theme change: in its colours); the
        # first ones may come `ready`, drawn in a worker
        table.show(source, lambda d: parts.deal_cells(d, view, self._palette()), keep_id=table.selected_id(),
                   ready=ready)
        self.query_one("#quota-deals-title", Label).update(parts.deals_title(view))

    def _size_lists(self) -> None:
        """The deals get the width their columns need: the history sits beside them, as
        wide as its own columns, only when both fit; else it goes under the deals (and
        under 40 rows always).  Stacked, the deals fill what the screen shows below the
        chart (at least LIST_ROWS lines) and the history follows: the body scrolls, and
        tab brings it into view (issue 15)."""
        deals_box, box = self.query_one("#quota-deals-box"), self.query_one("#quota-history-box")
        table = self.query_one("#quota-history", VirtualTable)
        extra = table.styles.scrollbar_size_vertical + box.styles.padding.width

        def need(specs, natural) -> int:
            return sum(w + 2 * PADDING for w in fit_columns(specs, 1 << 12, natural, PADDING).values()) + extra

        history = self.view.history_widths if self.view else {}
        full, compact = need(HISTORY_COLUMNS, history), need([s for s in HISTORY_COLUMNS if s.drop == 0], history)
        # the lists' room, or (not laid out yet) the chart's above them, the body's gutter
        # kept: the boxes are sized once, for the room the lists will get
        lists_room = self.query_one("#quota-lists").size.width or self.query_one("#quota-trend").region.width
        room = lists_room or self.app.size.width
        deals = self._deals_need()
        if self.has_class("-short") or room - compact < deals:
            stacked, width = True, full
        else:
            stacked, width = False, full if room - full >= deals else compact
        # on the lists' box, not the screen: a class set on the screen restyled every
        # widget of it (30-70 ms of a first visit), on the box only the lists
        self.query_one("#quota-lists").set_class(stacked, "-stacked")
        if box.styles.width is None or box.styles.width.value != width:
            box.styles.width = width
        # stacked, the body always scrolls: its scrollbar's room is kept from the first
        # frame, so the parts shown before the lists are not laid out and painted again
        # narrower when the lists make it scroll (an inline style restyles no child)
        body = self.query_one("#quota-body")
        gutter = "stable" if stacked else "auto"
        if body.styles.scrollbar_gutter != gutter:
            body.styles.scrollbar_gutter = gutter
        height = LIST_ROWS
        if stacked:  # the deals down to the bottom of the screen; the history below them
            lists, chart = self.query_one("#quota-lists"), self.query_one("#quota-trend")
            # the lists' top, or (not laid out yet) the chart's bottom they will start at:
            # their first frame has the deals' height, not a frame more to correct it
            top = lists.region.y if lists.region.height else chart.region.bottom if chart.region else None
            if top is not None:
                top += round(body.scroll_offset.y) - body.region.y
                height = max(LIST_ROWS, body.scrollable_content_region.height - top)
        target = height if stacked else None
        current = deals_box.styles.height
        if (current.value if current is not None and stacked else None) != target:
            deals_box.styles.height = target

    def _deals_need(self) -> int:
        """The deals table's width with the columns it always shows whole (its text
        columns at their widest cells, up to TEXT_STRETCH times their ideal width)."""
        natural = self.view.deal_widths if self.view else {}
        table = self.query_one("#quota-deals", VirtualTable)
        total = table.styles.scrollbar_size_vertical + self.query_one("#quota-deals-box").styles.padding.width
        for spec in DEAL_COLUMNS:
            if spec.drop:
                continue
            width = natural.get(spec.key, spec.ideal or spec.width)
            if spec.share:
                width = min(width, TEXT_STRETCH * spec.ideal)
            total += max(width, len(spec.label)) + 2 * PADDING
        return total

    def on_resize(self) -> None:
        # after the breakpoints' classes are set: side by side or one under the other (and,
        # stacked, the deals' height once the cards above have theirs)
        self.call_after_refresh(self._size_lists)
        self.call_after_refresh(lambda: self.call_after_refresh(self._size_lists))

    def selected_deal(self) -> int | None:
        return self.query_one("#quota-deals", VirtualTable).selected_id()

    # --- actions: QuotaKeys (quota_keys.py) -------------------------------------------------
    def shown_period(self) -> Period:
        return self.view.status.period if self.view else self.period or current_quarter()

    @on(VirtualTable.RowSelected, "#quota-deals")
    @while_showing
    def _deal_chosen(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        self.action_open_deal()


def _first_pages(deals: GapList, keep: int | None) -> dict[int, list]:
    """The pages the list first shows (around the deal kept across the reload, else the
    top), read with the figures: the list shows whole at once, with no row waiting."""
    ids = deals.ids
    if not ids:
        return {}
    at = ids.index(keep) if keep in ids else 0
    numbers = {max(at - NEAR, 0) // PAGE, min(at + NEAR, len(ids) - 1) // PAGE}
    return {n: deals.page(n * PAGE, PAGE) for n in sorted(numbers)}


def run_on_quota_screen(app, action: str) -> None:
    """From anywhere (the command palette): show the Quota section and run one of its
    actions there, e.g. `set_quota` or `edit_plan`."""
    app.switch_mode("quota")

    def run() -> None:
        screen = next((s for s in app.screen_stack if isinstance(s, QuotaScreen)), None)
        if screen is not None:
            getattr(screen, f"action_{action}")()

    app.call_after_refresh(run)
