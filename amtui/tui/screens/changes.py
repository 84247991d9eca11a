"""What changed (`C` on the Pipeline or Quota screen, or the palette): the forecast walk
from a date to now, and the deals that moved.

The figures come from `core.changes.changes_since`, computed in a thread worker and
posted back; the screen only lays them out.  The list shows the first LINES_SHOWN
changes (added, won and lost first, biggest first); `amtui changes` prints them all.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Static

from amtui import db
from amtui.core import dates_fmt
from amtui.core.bookings import current_quarter
from amtui.core.changes import Changes, changes_since, parse_since
from amtui.core.money import fmt_money
from amtui.core.periods import Period
from amtui.core.settings import get_settings
from amtui.core.snapshots import Trend, trend
from amtui.core.text import printable  # book text: controls made visible, never markup
from amtui.db.errors import StorageError
from amtui.tui.actions import bindings
from amtui.tui.safe_table import fill
from amtui.tui.screens.base import SectionScreen, while_showing
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.fitted_table import FittedTable
from amtui.tui.widgets.row_line import RowLine, joined
from amtui.tui.widgets.trend_chart import TrendChart

LINES_SHOWN = 300  # DataTable measures every cell on the event loop: keep it small
WALK_COLUMNS = ("Step", "Commit", "Expected")
# The kind and the day are never cut; the deal, the client and before → after share the
# rest, and on a narrow terminal before → after makes way (the line under the list shows
# the highlighted change whole) rather than the three read as "Audience Insi…".
LINE_COLUMNS = (
    ColumnSpec("change", "Change", len("Change")),
    ColumnSpec("deal", "Deal", 12, share=2, ideal=40),
    ColumnSpec("client", "Client", 12, share=1, ideal=24),
    ColumnSpec("move", "Before → after", 12, share=2, drop=1, least=24),
    ColumnSpec("when", "When", len("When")),
)
SINCE_CHOICES = ("7d", "yesterday", "30d", "last-export")
SINCE_WORDS = {"7d": "7 days ago", "yesterday": "yesterday", "30d": "30 days ago",
               "last-export": "the last export"}
KIND_WORDS = {
    "added": "Added", "won": "Won", "lost": "Lost", "reopened": "Reopened", "deleted": "Deleted",
    "advanced": "Advanced", "moved back": "Moved back", "pulled in": "Pulled in",
    "pushed out": "Pushed out", "category": "Category", "amount up": "Amount up",
    "amount down": "Amount down",
}


class ChangesLoaded(Message):
    def __init__(self, generation: int, changes: Changes | None, currency: str, error: str = "",
                 trend: Trend | None = None):
        super().__init__()
        self.generation, self.changes, self.currency, self.error = generation, changes, currency, error
        self.trend = trend


class ChangesScreen(SectionScreen):
    SECTION = "What changed"
    AUTO_FOCUS = "#changes-lines"
    BINDINGS = bindings("changes")
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # under 30 rows the chart is shorter

    def __init__(self, period: Period | None = None, **kwargs):
        super().__init__(**kwargs)
        self.period = period
        self.since_choice = SINCE_CHOICES[0]
        self.generation = 0
        self.quarter_before_year: Period | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="changes-header")
        with Horizontal(id="changes-top"):
            yield DataTable(id="changes-walk", cursor_type="none", zebra_stripes=True)
            yield TrendChart(id="changes-trend")
        yield FittedTable(LINE_COLUMNS, id="changes-lines", cursor_type="row", zebra_stripes=True)
        yield RowLine(most=3, id="changes-line")
        yield Static("", id="changes-footnote")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#changes-walk", DataTable).add_columns(*WALK_COLUMNS)
        self.reload()

    # --- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self.generation += 1
        self.query_one("#changes-header", Static).update("Loading…")
        self._load(self.generation, self.period, self.since_choice)

    @work(thread=True, exclusive=True, group="changes-load", exit_on_error=False)
    def _load(self, generation: int, period: Period | None, since_choice: str) -> None:
        try:
            since = parse_since(since_choice)
            changes = changes_since(since, period or current_quarter())
            points = trend(changes.period)
            self.post_message(ChangesLoaded(generation, changes, get_settings().currency, trend=points))
        except StorageError as exc:
            self.post_message(ChangesLoaded(generation, None, "", f"could not read the book: {exc} — r to retry"))
        finally:
            db.close_book()

    @on(ChangesLoaded)
    def _loaded(self, message: ChangesLoaded) -> None:
        if message.generation != self.generation:
            return
        header = self.query_one("#changes-header", Static)
        if message.changes is None:
            header.update(Text(message.error))
            return
        c, currency = message.changes, message.currency
        self.period = c.period
        # the figures first: at 80 columns the note wraps under them, not between them
        note = "  (reconstructed from stage history)" if c.source == "reconstructed" else ""
        header.update(Text(
            f"{c.period.label} since {SINCE_WORDS[self.since_choice]} ({dates_fmt.day(c.since)})"
            f"  ·  commit {_signed(c.commit.change, currency)}  ·  expected {_signed(c.weighted.change, currency)}"
            f"{note}"
        ))
        self.query_one("#changes-trend", TrendChart).show(message.trend, f"{c.period.label} day by day")
        walk = [("At the start", *_money(c.commit.start, c.weighted.start, currency))]
        for cs, ws in zip(c.commit.steps, c.weighted.steps, strict=True):
            if cs.amount or ws.amount:
                walk.append((f"{cs.label} ({max(cs.deals, ws.deals)})",
                             *_money(cs.amount, ws.amount, currency, signed=True)))
        walk.append(("Now", *_money(c.commit.now, c.weighted.now, currency)))
        fill(self.query_one("#changes-walk", DataTable), WALK_COLUMNS, walk)
        shown = c.lines[:LINES_SHOWN]
        rows = []
        for n, line in enumerate(shown):
            change = f"{line.before} → {line.after}" if line.before and line.after else line.before or line.after
            rows.append((f"{n}:{line.deal_id if line.client_id is not None else ''}", [
                KIND_WORDS[line.kind], Text(printable(line.deal)), Text(printable(line.client)),
                Text(printable(change)), dates_fmt.day(line.when),  # "Fri 4 Dec", as everywhere
            ]))
        self.query_one("#changes-lines", FittedTable).fill(rows)
        # the line keeps the lines the longest change needs, whichever is highlighted
        self.query_one("#changes-line", RowLine).hold(_whole(cells) for _key, cells in rows)
        self._show_line()
        more = len(c.lines) - LINES_SHOWN
        self.query_one("#changes-footnote", Static).update(
            "No deal in the period changed." if not c.lines else
            f"{len(c.lines):,} changes" + (f"; the first {LINES_SHOWN} shown: `amtui changes` lists all" if more > 0 else "")
        )

    def _show_line(self) -> None:
        """Under the list, while its columns cut a change: the highlighted one whole (the
        deal and its client, then what changed and when), in the lines the longest change
        needs (up to three; `_loaded` holds them)."""
        cells = self.query_one("#changes-lines", FittedTable).cut_cells()
        self.query_one("#changes-line", RowLine).show_row(None if cells is None else _whole(cells))

    @on(DataTable.RowHighlighted, "#changes-lines")
    def _line_highlighted(self) -> None:
        self._show_line()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_line)  # once the list has laid its columns out again

    # --- actions ---------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.reload()

    def action_cycle_since(self) -> None:
        i = SINCE_CHOICES.index(self.since_choice)
        self.since_choice = SINCE_CHOICES[(i + 1) % len(SINCE_CHOICES)]
        self.reload()

    def action_year(self) -> None:
        period = self.period or current_quarter()
        if period.kind == "year":
            self.period = self.quarter_before_year or current_quarter()
        else:
            self.quarter_before_year = period
            self.period = period.fiscal_year
        self.reload()

    @on(DataTable.RowSelected, "#changes-lines")
    @while_showing
    def _line_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_deal()

    def action_open_deal(self) -> None:
        table = self.query_one("#changes-lines", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        deal_id = key.partition(":")[2]
        if not deal_id:
            self.notify("That deal was deleted.", severity="warning")
            return
        from amtui.tui.screens.deal_detail import DealDetailScreen

        # on top of this view: escape comes back to the list of changes
        self.app.push_screen(DealDetailScreen(int(deal_id), self.reload))


def _whole(cells: list) -> str:
    """A change in the line's words: the deal and its client, then what changed and when."""
    kind, deal, client, change, when = (str(cell) for cell in cells)
    return joined([deal, client]) + "\n" + joined([f"{kind}: {change}" if change else kind, when])


def _signed(amount, currency: str) -> str:
    return ("+" if amount > 0 else "") + fmt_money(amount, currency, decimals=False)


def _money(commit, weighted, currency: str, *, signed: bool = False):
    fmt = (lambda v: _signed(v, currency)) if signed else (lambda v: fmt_money(v, currency, decimals=False))
    return Text(fmt(commit), justify="right"), Text(fmt(weighted), justify="right")


def open_changes(app, period: Period | None = None) -> None:
    app.push_screen(ChangesScreen(period))
