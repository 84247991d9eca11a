"""One deal: its figures, why it is stale, and its StageChange history, with the deal keys.

A modal over whatever screen opened it (Pipeline, a client, the command palette); it
reloads itself after each action and tells its opener through `on_change`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from amtui.core import clock
from amtui.core import pipeline as pl
from amtui.core.errors import NotFound
from amtui.core.money import fmt_money
from amtui.core.settings import get_settings
from amtui.tui import deal_actions
from amtui.tui.errors import STORAGE_ERRORS, WRITE_ACTIONS, load_failed
from amtui.tui.safe import SafeLabel, SafeStatic, SafeTable
from amtui.tui.widgets.keys_footer import KeysFooter


class DealDetailScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", tooltip="Close the deal", id="deal.close"),
        Binding("e", "edit", "Edit", tooltip="Edit the deal", id="deal.edit"),
        Binding("right_square_bracket", "advance(1)", "Next stage", tooltip="Move to the next stage", id="deal.next_stage"),
        Binding("left_square_bracket", "advance(-1)", "Prev stage", tooltip="Move to the previous stage", id="deal.previous_stage"),
        Binding("w", "win", "Won", tooltip="Mark the deal won", id="deal.win"),
        Binding("L", "lose", "Lost", tooltip="Mark the deal lost, with a reason", id="deal.lose"),
        Binding("r", "reopen", "Reopen", tooltip="Put a won or lost deal back in the pipeline", id="deal.reopen"),
        Binding("l", "log", "Log", tooltip="Log an interaction with the client", id="deal.log"),
        Binding("f", "follow_up", "Follow-up", tooltip="New follow-up for the client", id="deal.follow_up"),
        Binding("D", "delete", "Delete", tooltip="Delete a deal entered by mistake", id="deal.delete", show=False),
        Binding("c", "client", "Client", tooltip="Open the deal's client", id="deal.client"),
    ]

    def __init__(self, deal_id: int, on_change: Callable[[], None] | None = None):
        super().__init__()
        self.deal_id = deal_id
        self.on_change = on_change
        self.deal: pl.DealRow | None = None

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

    def load(self) -> None:
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
        self.deal = d
        currency = get_settings().currency
        self.query_one("#deal-title", Label).update(f"{d.title} · {d.client}")
        self.query_one("#deal-facts", Static).update(self._facts(d, currency))
        table = self.query_one("#deal-history", DataTable)
        table.clear()
        for h in reversed(history):  # newest first: what just happened is on top
            table.add_row(
                f"{clock.local(h.changed_at):%Y-%m-%d %H:%M}", ", ".join(h.change), h.stage,
                Text(fmt_money(h.amount, currency, decimals=False), justify="right"),
                Text(f"{h.probability}%", justify="right"),
                Text(fmt_money(h.weighted, currency, decimals=False), justify="right"),
                h.close_on.isoformat(),
            )

    def _facts(self, d: pl.DealRow, currency: str) -> Text:
        over = " (overridden)"
        stage = f"{d.stage}, {d.days_in_stage} days" if d.status == "open" else f"{d.stage} on {d.closed_on}"
        lines = [
            ("Stage", stage),
            ("Amount", fmt_money(d.amount, currency)),
            ("Probability", f"{d.probability}%{over if d.probability_overridden else ''}"
                            f" · weighted {fmt_money(d.weighted, currency)}"),
            ("Forecast", f"{d.forecast_category}{over if d.category_overridden else ''}"),
            ("Close date", f"{d.close_on:%a %d %b %Y}"
                           + (f" · first {d.original_close_on:%d %b %Y}, pushed {d.push_count}x"
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
            text.append(d.stale_reason, style="bold red")
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and getattr(self.app, "read_only", False):
            return None  # a read-only book: shown greyed out
        return True

    def _changed(self) -> None:
        self.load()
        if self.on_change is not None:
            self.on_change()

    # --- actions ------------------------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        deal_actions.edit(self.app, self.deal_id, self._changed)

    def action_advance(self, step: int) -> None:
        deal_actions.advance(self.app, self.deal_id, step, self._changed)

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

    def action_client(self) -> None:
        if self.deal:
            from amtui.tui.navigation import open_client

            client_id = self.deal.client_id
            self.dismiss(None)
            open_client(self.app, client_id)
