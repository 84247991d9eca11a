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
from textual.widgets import DataTable, Label, Static

from amtui.core import dates_fmt
from amtui.core import pipeline as pl
from amtui.core.counts import plural
from amtui.core.errors import NotFound
from amtui.core.money import fmt_money
from amtui.core.settings import get_settings
from amtui.tui import deal_actions
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.errors import STORAGE_ERRORS, WRITE_ACTIONS, load_failed
from amtui.tui.freshness import Freshness
from amtui.tui.safe import SafeLabel, SafeStatic
from amtui.tui.safe_table import SafeTable
from amtui.tui.screens.base import while_showing
from amtui.tui.widgets.keys_footer import KeysFooter


class DealDetailScreen(ModalScreen[None]):
    BINDINGS = bindings("deal")
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
            yield SafeStatic("", id="deal-facts")
            yield Label("History", classes="form-label")
            yield SafeTable(id="deal-history", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#deal-history", DataTable)
        for label, width in (("When", 16), ("Change", 14), ("Stage", 10), ("Amount", 12),
                             ("Prob", 5), ("Weighted", 12), ("Close", 10)):
            table.add_column(label, width=width)
        self.load()
        table.focus()

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
        self.query_one("#deal-facts", Static).update(self._facts(d, currency))
        table = self.query_one("#deal-history", DataTable)
        table.clear()
        for h in reversed(history):  # newest first: what just happened is on top
            table.add_row(
                dates_fmt.moment(h.changed_at), ", ".join(h.change), h.stage,
                Text(fmt_money(h.amount, currency, decimals=False), justify="right"),
                Text(f"{h.probability}%", justify="right"),
                Text(fmt_money(h.weighted, currency, decimals=False), justify="right"),
                h.close_on.isoformat(),
            )

    def _facts(self, d: pl.DealRow, currency: str) -> Text:
        over = " (overridden)"
        if d.status == "open":
            stage = f"{d.stage}, {plural(d.days_in_stage, 'day')}"
        else:
            stage = f"{d.stage} on {dates_fmt.day(d.closed_on)}" if d.closed_on else d.stage
        lines = [
            ("Stage", stage),
            ("Amount", fmt_money(d.amount, currency)),
            ("Probability", f"{d.probability}%{over if d.probability_overridden else ''}"
                            f" · weighted {fmt_money(d.weighted, currency)}"),
            ("Forecast", f"{d.forecast_category}{over if d.category_overridden else ''}"),
            ("Close date", dates_fmt.day_and_due(d.close_on)
                           + (f" · first {dates_fmt.day(d.original_close_on)}, pushed {d.push_count}x"
                              if d.push_count else "")),
            ("Kind", d.kind + (f" · {d.product}" if d.product else "")),
            ("Next step", d.next_step or "—"),
        ]
        if d.lost_reason:
            lines.append(("Lost because", d.lost_reason))
        text = Text()
        for label, value in lines:
            text.append(f"{label:<13}", style="dim")
            text.append(f"{value}\n")
        if d.stale:
            text.append(f"{'Stale':<13}", style="dim")
            text.append(d.stale_reason, style=f"bold {colours(self).miss}")  # overdue
        return text

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
