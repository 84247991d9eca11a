"""The Pipeline's deal keys: open, new, edit, the stage moves, won, lost, reopen, delete,
log and follow up for the deal's client, and white space.

`PipelineDealKeys` is mixed into PipelineScreen (screens/pipeline.py), which gives it the
highlighted deal (`selected_id`, `selected_row`), `select_deal` and `reload`.  The
writes themselves are `deal_actions`', shared with the client and deal screens; after
each, the Pipeline reloads keeping the cursor on the deal (`_after`).
"""

from __future__ import annotations

from amtui.core import pipeline as pl
from amtui.tui import deal_actions


class PipelineDealKeys:
    """The deal keys of the Pipeline, on the highlighted deal (table or board)."""

    def _selected_or_tell(self) -> int | None:
        deal_id = self.selected_id()
        if deal_id is None:
            self.notify("No deal selected", severity="warning")
        return deal_id

    def _after(self, deal_id: int | None = None):
        return lambda: self.reload(keep_id=deal_id)

    # --- the deal keys ------------------------------------------------------------------------
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
            row = self.selected_row()
            shown_row = row.deal if row is not None and row.id == deal_id else None
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
        if deal_id is None:
            return None
        row = self.selected_row()
        return row.deal.client_id if row is not None and row.id == deal_id else pl.deal(deal_id).client_id

    def action_log(self) -> None:
        if (client_id := self._client_of_selected()) is not None:
            deal_actions.client_form(self.app, "log", client_id)

    def action_follow_up(self) -> None:
        if (client_id := self._client_of_selected()) is not None:
            deal_actions.client_form(self.app, "follow_up", client_id)

    def action_white_space(self) -> None:
        from amtui.tui.screens.whitespace import WhiteSpaceScreen

        self.app.push_screen(WhiteSpaceScreen())
