"""One deal: its figures, why it is stale, and its StageChange history, with the deal keys.

A modal over whatever screen opened it (Pipeline, a client, the command palette); it
reloads itself after each action and tells its opener through `on_change`.  It follows
the book as a section does (`follows_book`, tui/live_book.py): a change made in another
window or the shell shows without a key pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from amtui.core import dates_fmt
from amtui.core import pipeline as pl
from amtui.core.errors import NotFound
from amtui.core.money import fmt_money
from amtui.core.settings import get_settings
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.errors import STORAGE_ERRORS, WRITE_ACTIONS, load_failed
from amtui.tui.freshness import Freshness
from amtui.tui.safe import SafeLabel
from amtui.tui.screens.base import while_showing
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_facts import DealFacts, deal_facts
from amtui.tui.widgets.fitted_table import FittedTable
from amtui.tui.widgets.keys_footer import KeysFooter
from amtui.tui.widgets.row_line import RowLine, joined

# the history's columns: at 80 columns Weighted (the amount times the probability) makes
# way first, then the probability; a cut Change or Stage reads whole on the line under it
HISTORY = (
    ColumnSpec("when", "When", len("Sat 28 Nov 14:20")),
    ColumnSpec("change", "Change", 8, share=2, ideal=20),
    ColumnSpec("stage", "Stage", 8, share=1, ideal=14),
    ColumnSpec("amount", "Amount", 8),
    ColumnSpec("prob", "Prob", 4, drop=2),
    ColumnSpec("weighted", "Weighted", 8, drop=1),
    ColumnSpec("close", "Close", len("Thu 17 Dec")),
)
LEAST_ROWS = 3  # the history's header and two rows, however short the terminal


class HistoryTable(FittedTable):
    """The history: home and end go to the first and last change, as on every list (a
    DataTable's own scroll sideways, which its fitted columns never need)."""

    BINDINGS = [b for b in bindings("list") if b.key in ("home", "end")]  # to(0), to(-1)

    def action_to(self, where: int) -> None:
        if self.row_count:
            self.move_cursor(row=where % self.row_count)


class DealDetailScreen(ModalScreen[None]):
    BINDINGS = bindings("deal")
    # under 30 rows the facts pair up and the box's blank lines go (widgets/deal_facts.py,
    # amtui.tcss), so at 80x24 the history shows 6 rows, not 2
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    follows_book = True  # a view, not a form: nothing typed here to keep from a reload

    def __init__(self, deal_id: int, on_change: Callable[[], None] | None = None):
        super().__init__()
        self.deal_id = deal_id
        self.on_change = on_change
        self.deal: pl.DealRow | None = None
        self.freshness = Freshness()

    def compose(self) -> ComposeResult:
        with Vertical(classes="form deal-detail"):
            yield SafeLabel("", id="deal-title", classes="form-title")
            yield DealFacts(id="deal-facts")
            yield Label("History", id="deal-history-label", classes="form-label")
            yield HistoryTable(HISTORY, id="deal-history", cursor_type="row", zebra_stripes=True)
            yield RowLine(most=2, id="deal-history-line")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#deal-history", FittedTable).focus()

    def on_screen_resume(self) -> None:
        if self.deal is not None and self.freshness.stale():  # changed elsewhere meanwhile
            self.load()

    def load(self) -> None:
        self.freshness.start()
        try:
            d = pl.deal(self.deal_id)
            history = pl.deal_history(self.deal_id)
        except NotFound as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(None)
            return
        except STORAGE_ERRORS as exc:  # the book busy or damaged: say so, stay open
            self.notify(load_failed(exc, "escape and open it again"), severity="error")
            return
        self.freshness.done()
        self.deal = d
        self.refresh_bindings()  # a won or lost deal: Reopen in the footer
        currency = get_settings().currency
        self.query_one("#deal-title", Label).update(f"{d.title} · {d.client}")
        self.query_one("#deal-facts", DealFacts).show(deal_facts(d, currency, f"bold {colours(self).miss}"))
        rows = [(str(i), self._history_cells(h, currency)) for i, h in enumerate(reversed(history))]
        # newest first: what just happened is on top
        self.query_one("#deal-history", FittedTable).fill(rows)
        self.query_one("#deal-history-line", RowLine).hold(_whole(cells) for _key, cells in rows)
        self._fit_history()

    @staticmethod
    def _history_cells(h, currency: str) -> list:
        return [dates_fmt.moment(h.changed_at), ", ".join(h.change), h.stage,
                Text(fmt_money(h.amount, currency, decimals=False), justify="right"),
                Text(f"{h.probability}%", justify="right"),
                Text(fmt_money(h.weighted, currency, decimals=False), justify="right"),
                dates_fmt.day(h.close_on)]

    def on_resize(self) -> None:
        self.query_one("#deal-facts", DealFacts).refresh(layout=True)  # paired or not: `-short`
        self._fit_history()

    def _fit_history(self) -> None:
        """The history as tall as its rows, or as the room the box leaves under the facts
        when that is less: the table then scrolls, so every row is reachable (a table
        taller than the box was clipped by it: 3 rows of 5 showed, no key reached the
        rest).  Measured as laid out: the table at its full height first, then shortened
        by what runs past the box."""
        table = self.query_one("#deal-history", FittedTable)
        table.styles.max_height = table.row_count + table.header_height
        self._show_line()  # the line under it first: it takes its room too
        self.call_after_refresh(self._shorten_history)

    def _shorten_history(self) -> None:
        box = self.query_one(".deal-detail", Vertical)
        table = self.query_one("#deal-history", FittedTable)
        bottom = max((w.virtual_region_with_margin.bottom for w in box.children if w.display), default=0)
        over = bottom - box.scrollable_content_region.height
        if over > 0:
            table.styles.max_height = max(table.size.height - over, LEAST_ROWS)

    def _show_line(self) -> None:
        """The highlighted change whole under the history, while its columns cut a row."""
        cells = self.query_one("#deal-history", FittedTable).cut_cells()
        self.query_one("#deal-history-line", RowLine).show_row(None if cells is None else _whole(cells))

    @on(DataTable.RowHighlighted, "#deal-history")
    def _row_highlighted(self) -> None:
        self._show_line()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and getattr(self.app, "read_only", False):
            return None  # a read-only book: shown greyed out
        # a won or lost deal: R Reopen in the footer, not ] w L
        return deal_actions.fits_status(action, self.deal.status if self.deal else None)

    def _changed(self) -> None:
        self.load()
        if self.on_change is not None:
            self.on_change()

    # --- actions ------------------------------------------------------------------------
    def action_reload(self) -> None:
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        deal_actions.edit(self.app, self.deal_id, self._changed)

    def action_advance(self, step: int) -> None:
        deal_actions.advance(self.app, self.deal_id, step, self._changed, self.deal)

    def action_win(self) -> None:
        deal_actions.win(self.app, self.deal_id, self._changed)

    def action_lose(self) -> None:
        deal_actions.lose(self.app, self.deal_id, self._changed)

    def action_reopen(self) -> None:
        deal_actions.reopen(self.app, self.deal_id, self._changed)

    def action_delete(self) -> None:
        def gone() -> None:
            if self.on_change is not None:
                self.on_change()
            self.dismiss(None)

        deal_actions.delete(self.app, self.deal_id, gone)

    def action_log(self) -> None:
        if self.deal:
            deal_actions.client_form(self.app, "log", self.deal.client_id, self._changed)

    def action_follow_up(self) -> None:
        if self.deal:
            deal_actions.client_form(self.app, "follow_up", self.deal.client_id, self._changed)

    @on(DataTable.RowSelected)
    @while_showing
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # enter on the history: the table takes the key before the screen's binding does
        event.stop()
        self.action_client()

    def action_client(self) -> None:
        if self.deal:
            from amtui.tui.navigation import open_client

            client_id = self.deal.client_id
            self.dismiss(None)
            open_client(self.app, client_id)


def _whole(cells: list) -> str:
    """A change in full: when, what changed, the stage and the figures then."""
    when, change, stage, amount, prob, weighted, close = (c.plain if isinstance(c, Text) else c for c in cells)
    return joined([when, change, stage, amount, f"{prob} · weighted {weighted}", f"close {close}"])
