"""The Quota section's keys: step through periods (quarter, year, back to this one), what
changed in the period shown, set its quota or the comp plan paying it, and open a deal of the list.

`QuotaKeys` is mixed into QuotaScreen (screens/quota.py), which gives it the period asked
for (`period`, None for the current quarter), the one shown (`shown_period`), the
highlighted deal (`selected_deal`) and `reload`.  What is saved is told in its own words
(the quota and its period, "Comp plan saved" or from when a plan to come applies), then
the screen reloads.
"""

from __future__ import annotations

from functools import partial

from amtui.core.bookings import current_quarter
from amtui.core.comp_plan import saved_note
from amtui.core.money import fmt_money
from amtui.core.periods import Period, fiscal_quarter, shift
from amtui.core.settings import get_settings


class QuotaKeys:
    """The Quota screen's period keys, its forms and opening a deal."""

    def action_step(self, step: int) -> None:
        self.period = shift(self.shown_period(), step)
        self.reload()

    def action_this_period(self) -> None:
        self.period = None
        self.reload()

    def action_changes(self) -> None:
        from amtui.tui.screens.changes import open_changes

        open_changes(self.app, self.shown_period())

    def action_year(self) -> None:
        shown = self.shown_period()
        if shown.kind != "year":
            self.quarter_before_year = shown
            self.period = shown.fiscal_year
        else:  # back to the quarter we came from, else this quarter or the year's first
            this = current_quarter()
            back = self.quarter_before_year
            if back is None or not shown.contains(back.start):
                back = this if shown.contains(this.start) else fiscal_quarter(shown.fy, 1, shown.fy_start_month)
            self.period = back
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def action_set_quota(self) -> None:
        """`q`: the quota of the period shown (the form's period field may change it)."""
        self._quota_form(self.shown_period())

    def action_set_quota_now(self) -> None:
        """The palette's "Set quota" from another screen: this quarter, shown here too (the
        screen had kept whatever period was last looked at, and the form set that one)."""
        if self.period is not None:
            self.action_this_period()
        self._quota_form(current_quarter())

    def _quota_form(self, period: Period) -> None:
        from amtui.tui.forms.plan import QuotaForm

        form = QuotaForm(period)

        def saved(row) -> None:
            if row is not None and form.period != self.shown_period():
                self.period = form.period  # the screen shows the quota just set
            self._saved(self._quota_note, row)

        self.app.push_screen(form, saved)

    def action_edit_plan(self) -> None:
        """`c`: the plan paying the period shown, the one its pay card shows."""
        self._plan_form(self.shown_period())

    def action_edit_plan_now(self) -> None:
        """The palette's "Comp plan" from another screen: this quarter's plan, with this
        quarter shown (as "Set quota" does), not the plan of whatever period was last
        looked at."""
        if self.period is not None:
            self.action_this_period()
        self._plan_form(current_quarter())

    def _plan_form(self, period: Period) -> None:
        from amtui.tui.forms.plan import PlanForm

        self.app.push_screen(PlanForm(period=period), partial(self._saved, saved_note))

    @staticmethod
    def _quota_note(row) -> str:
        return f"Quota for {row.period} set: {fmt_money(row.amount, get_settings().currency)}"

    def _saved(self, note, result) -> None:
        if result is not None:
            self.notify(note(result))  # what was saved, not a bare "Saved"
        self.reload()

    def action_open_deal(self) -> None:
        deal_id = self.selected_deal()
        if deal_id is None:
            self.notify("No deal selected", severity="warning")
            return
        from amtui.tui.navigation import open_deal

        open_deal(self.app, deal_id)
