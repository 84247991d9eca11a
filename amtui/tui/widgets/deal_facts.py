"""A deal's facts over its history: a label and a value a line, or two facts to a line on a
short terminal, so the history under them keeps its rows.

At 80x24 the eight facts a line each left the history two rows.  On a short screen
(`-short`, DealDetailScreen.VERTICAL_BREAKPOINTS) the short facts share lines two by two
— Stage with Amount, Probability with Forecast, Close date with Kind — when both read
whole side by side at the box's width; a pair that would not fit stays a line each, and
the free text (next step, why it was lost, why it is stale) always has its own line, so
no fact is ever cut.  A tall screen keeps a fact a line: there is room, and a list of
labels reads fastest.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from amtui.core import pipeline as pl
from amtui.core.deal_words import (
    category_words,
    close_words,
    next_step_label,
    probability_words,
    stage_words,
)
from amtui.core.money import fmt_money
from amtui.tui.safe import plain

LABEL = 13  # "Lost because" and a space: every label's column
GAP = 3  # between a pair's left value and the right fact's label


class Fact(NamedTuple):
    label: str
    value: str  # book text made safe (plain): one line
    free: bool = False  # free text, as long as the rep typed it: never paired
    style: str = ""


def deal_facts(d: pl.DealRow, currency: str, stale_style: str) -> list[Fact]:
    """What the deal screen says of a deal, in reading order."""
    facts = [
        Fact("Stage", stage_words(d)),
        Fact("Amount", fmt_money(d.amount, currency)),
        Fact("Probability", f"{probability_words(d)} · weighted {fmt_money(d.weighted, currency)}"),
        Fact("Forecast", category_words(d)),
        Fact("Close date", close_words(d)),  # a won or lost deal's as history: no "in 6 days"
        Fact("Kind", d.kind + (f" · {d.product}" if d.product else "")),
    ]
    if d.status == "open" or d.next_step:  # a closed deal's "Was next", when there was one
        facts.append(Fact(next_step_label(d), d.next_step or "—", free=True))
    if d.lost_reason:
        facts.append(Fact("Lost because", d.lost_reason, free=True))
    if d.stale:
        facts.append(Fact("Stale", d.stale_reason, free=True, style=stale_style))  # overdue
    return [f._replace(value=plain(f.value)) for f in facts]


def _rows(facts: list[Fact], width: int) -> list[tuple[Fact, ...]]:
    """The facts a line each, or the short ones two to a line where both fit `width`."""
    rows: list[tuple[Fact, ...]] = []
    for fact in facts:
        if rows and len(rows[-1]) == 1 and not rows[-1][0].free and not fact.free:
            rows[-1] = (rows[-1][0], fact)
        else:
            rows.append((fact,))
    while paired := [r for r in rows if len(r) == 2]:
        left = max(cell_len(a.value) for a, _ in paired)
        right_label = max(len(b.label) for _, b in paired) + 2

        def need(row: tuple[Fact, ...], left: int = left, right_label: int = right_label) -> int:
            return LABEL + left + GAP + right_label + cell_len(row[1].value)

        if all(need(r) <= width for r in paired):
            break
        # a pair too wide even on its own goes a line each; else the widest left value,
        # which pushes every right column out
        alone = [r for r in paired if need(r, cell_len(r[0].value), len(r[1].label) + 2) > width]
        split = alone[0] if alone else max(paired, key=lambda r: cell_len(r[0].value))
        at = rows.index(split)
        rows[at:at + 1] = [(split[0],), (split[1],)]
    return rows


def laid_out(facts: list[Fact], width: int, pair: bool) -> Text:
    """The facts as lines of `width` cells: a fact a line, or paired where they fit."""
    rows = _rows(facts, width) if pair else [(f,) for f in facts]
    paired = [r for r in rows if len(r) == 2]
    left = max((cell_len(a.value) for a, _ in paired), default=0)
    right_label = max((len(b.label) for _, b in paired), default=0) + 2
    text = Text()
    for i, row in enumerate(rows):
        if i:
            text.append("\n")
        first = row[0]
        text.append(f"{first.label:<{LABEL}}", style="dim")
        text.append(first.value, style=first.style)
        if len(row) == 2:
            second = row[1]
            text.append(" " * (left - cell_len(first.value) + GAP))
            text.append(f"{second.label:<{right_label}}", style="dim")
            text.append(second.value, style=second.style)
    return text


class DealFacts(Widget):
    """The facts, laid out for the width the box gives them (`laid_out`); paired while
    the screen is short.  Its height is the lines they take at that width."""

    DEFAULT_CSS = "DealFacts { height: auto; }"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.facts: list[Fact] = []

    def show(self, facts: list[Fact]) -> None:
        self.facts = facts
        self.refresh(layout=True)

    def _text(self, width: int) -> Content:
        return Content.from_rich_text(laid_out(self.facts, width, self.screen.has_class("-short")))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._text(width).get_height(self.styles, width) if width else 0

    def render(self) -> Content:
        return self._text(self.content_size.width)
