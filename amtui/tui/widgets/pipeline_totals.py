"""The Pipeline's totals line: count, amount, weighted, stale and what winning them all
pays, worded to fit one line of the terminal.

Amounts carry their cents only when they have some ("$1,995,000", "$3,125.50"), as the
forms' hints do; a narrow terminal gets a shorter wording (whole dollars, "wtd", "if
won") and then loses the least important figure, "pays … if won" before the stale count;
a number is never cut.  The line rewords itself when its width changes.
"""

from __future__ import annotations

from amtui.core.money import fmt_amount, fmt_money
from amtui.core.pipeline_view import Summary
from amtui.tui.safe import SafeStatic


def totals_line(t: Summary, currency: str, width: int) -> str:
    """The longest wording of the totals that fits `width` cells (the shortest one when
    none does: it wraps rather than cuts a number)."""
    noun = "deal" if t.count == 1 else "deals"
    count = f"{t.count:,} {noun}"
    stale = f"{t.stale:,} stale" if t.stale else ""
    pays = fmt_money(t.if_won, currency, decimals=False) if t.if_won > 0 else ""

    def money(value, cents: bool) -> str:
        return fmt_amount(value, currency) if cents else fmt_money(value, currency, decimals=False)

    def line(cents: bool, weighted: str, if_won: str | None, with_stale: bool = True) -> str:
        parts = [count, money(t.amount, cents), f"{weighted} {money(t.weighted, cents)}"]
        if with_stale and stale:
            parts.append(stale)
        if if_won is not None and pays:
            parts.append(f"pays {pays} {if_won}")
        return " · ".join(parts)

    wordings = [
        line(True, "weighted", "if all won"),
        line(False, "weighted", "if all won"),
        line(False, "wtd", "if all won"),
        line(False, "wtd", "if won"),
        line(False, "wtd", None),  # the least important figure goes first
        line(False, "wtd", None, with_stale=False),
    ]
    return next((w for w in wordings if len(w) <= width), wordings[-1])


class PipelineTotals(SafeStatic):
    """The totals under the Pipeline's table or board, one line at any width."""

    def __init__(self, **kwargs):
        super().__init__("", **kwargs)
        self.shown: tuple[Summary, str] | None = None
        self.line = ""

    def show(self, summary: Summary, currency: str) -> None:
        self.shown = (summary, currency)
        self._word()

    def _word(self) -> None:
        if self.shown is not None:
            width = self.content_size.width or (self.app.size.width - 2)
            line = totals_line(*self.shown, width)
            if line != self.line:  # an update lays the screen out again
                self.line = line
                self.update(line)

    def on_resize(self) -> None:
        self._word()
