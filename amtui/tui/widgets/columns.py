"""Column layout for the tables: which columns a width holds, and how wide each one is.

Dates and numbers are sized to their content and never cut; text columns share what is
left in proportion to their `share`, growing no wider than their widest cell; a column
is dropped (lowest `drop` first) only when the columns shown would not fit otherwise.
Used by the virtual list (`virtual_table.VirtualTable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SQUEEZE = 6  # a text column narrower than this reads as noise: drop something instead


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table."""

    key: str
    label: str
    width: int  # a fixed column's width (its widest cell, when known, wins); a text column's least
    share: int = 0  # text columns share the room left over, in this proportion
    drop: int = 0  # when the table is narrow, columns go lowest `drop` first; 0: always shown
    right: bool = False  # numbers: aligned right
    ideal: int = 0  # a text column's width worth dropping lesser columns for (see fit_columns)
    least: int = 0  # a droppable text column narrower than this (or its widest cell) goes


def fit_columns(specs: Sequence[ColumnSpec], room: int, natural: dict[str, int] | None = None,
                padding: int = 1, *, sideways: bool = False, _firm: int | None = None) -> dict[str, int]:
    """The columns to show and their widths, in order, for `room` cells of table.

    `natural` is the widest cell of each column, when known: fixed columns take it (a
    Kind column with no "cross-sell" needs 7, not 10) and text columns grow no wider.
    `sideways`: the table scrolls sideways when its columns are wider than the room (White
    space's grid), so a text column keeps its least width rather than shrink to noise."""
    natural = natural or {}

    def want(s: ColumnSpec) -> int:
        if s.share:
            return min(s.width, max(natural.get(s.key, s.width), len(s.label), SQUEEZE))
        return max(natural.get(s.key, s.width), len(s.label))

    def need(columns: list[ColumnSpec]) -> int:
        return sum(want(s) + 2 * padding for s in columns)

    shown = list(specs)
    droppable = sorted((s for s in specs if s.drop), key=lambda s: s.drop)
    for spec in droppable:
        if need(shown) <= room:
            break
        shown.remove(spec)
    # then the columns less important than every text column with an ideal width go while
    # those text columns would stay short of it: at 120 cells the client and the deal's
    # title read whole rather than keep Weighted and Days
    def short_of_ideal(columns: list[ColumnSpec]) -> bool:
        texts = [s for s in columns if s.ideal]
        grow = sum(min(s.ideal, max(natural.get(s.key, s.ideal), want(s))) - want(s) for s in texts)
        return grow > room - need(columns)

    firm = _firm if _firm is not None else min((s.drop or 1 << 30 for s in shown if s.share), default=0)
    for spec in droppable:
        if spec in shown and spec.drop < firm and short_of_ideal(shown):
            shown.remove(spec)
    widths = {s.key: want(s) for s in shown}
    spare = room - need(shown)
    flexible = [s for s in shown if s.share]
    cap = {s.key: max(natural[s.key], len(s.label), widths[s.key]) for s in flexible if s.key in natural}
    for s in flexible:  # the ideal widths first, then a share of the rest
        add = max(0, min(spare, s.ideal - widths[s.key], cap.get(s.key, room) - widths[s.key]))
        widths[s.key] += add
        spare -= add
    while spare > 0:
        growing = [s for s in flexible if widths[s.key] < cap.get(s.key, room)]
        if not growing:
            break
        step = max(1, spare // sum(s.share for s in growing))
        for s in growing:
            add = min(step * s.share, spare, cap.get(s.key, room) - widths[s.key])
            widths[s.key] += add
            spare -= add
            if not spare:
                break
    while spare < 0 and not sideways and any(widths[s.key] > SQUEEZE for s in flexible):  # narrower than the least
        for s in flexible:
            if spare < 0 and widths[s.key] > SQUEEZE:
                widths[s.key] -= 1
                spare += 1
    # a column too narrow to read (every Next step cut to "Send revise…") makes way for
    # the others: the screen shows the highlighted row's in full elsewhere
    unreadable = [s for s in flexible if s.least and s.drop
                  and widths[s.key] < min(s.least, max(natural.get(s.key, s.least), len(s.label)))]
    if unreadable:
        gone = min(unreadable, key=lambda s: s.drop)
        return fit_columns([s for s in specs if s is not gone], room, natural, padding, sideways=sideways, _firm=firm)
    return widths
