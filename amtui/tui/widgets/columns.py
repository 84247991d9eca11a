"""Column layout for the tables: which columns a width holds, and how wide each one is.

Dates and numbers are sized to their content and never cut; text columns share what is
left: first each towards its `ideal` width (when the room falls short, those that then
read whole first, the others levelled up together), then in proportion to their
`share`, growing no wider than their widest cell; a text column that must read whole
whatever else is cut says so with its least `width`.  A column with nothing in it (no
row has text there) keeps just its label, and makes way altogether when another text
column would be cut.  A column is dropped (lowest `drop` first) only when the columns
shown would not fit otherwise.  Used by the virtual list (`virtual_table.VirtualTable`)
and the client's part tables.
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


def apportion(amount: int, weights: dict[str, int], caps: dict[str, int]) -> dict[str, int]:
    """`amount` cells shared in proportion to `weights`, none past its cap; what a capped
    column cannot take goes to the others.  Whole cells: the remainders go to the largest
    fractions (the heavier, then the earlier column on a tie)."""
    out = {key: 0 for key in weights}
    live = [key for key in weights if weights[key] > 0 and caps.get(key, 0) > 0]
    while amount > 0 and live:
        total = sum(weights[key] for key in live)
        room = {key: caps[key] - out[key] for key in live}
        give = {key: min(amount * weights[key] // total, room[key]) for key in live}
        left = amount - sum(give.values())
        by_fraction = sorted((key for key in live if give[key] < room[key]),
                             key=lambda key: (-(amount * weights[key] % total), -weights[key]))
        for key in by_fraction[:left]:
            give[key] += 1
        for key, n in give.items():
            out[key] += n
        amount -= sum(give.values())
        live = [key for key in live if out[key] < caps[key]]
    return out


def level(amount: int, low: dict[str, int], high: dict[str, int]) -> dict[str, int]:
    """Widths from `low` towards `high` with `amount` cells more, fairly: each column as
    wide as a common level allows, within its own bounds (a column whose `high` is below
    the level is whole and leaves the rest to the others); a cell short of the next level
    goes to the earlier columns."""
    def at(mark: int) -> dict[str, int]:
        return {key: max(low[key], min(high[key], mark)) for key in low}

    budget = sum(low.values()) + amount
    top = max(high.values(), default=0)
    if sum(at(top).values()) <= budget:
        return at(top)
    lo, hi = 0, top  # the highest level whose widths fit the budget
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if sum(at(mid).values()) <= budget else (lo, mid - 1)
    out = at(lo)
    left = budget - sum(out.values())
    for key in out:
        if left and out[key] < high[key] and out[key] <= lo:
            out[key] += 1
            left -= 1
    return out


def fit_columns(specs: Sequence[ColumnSpec], room: int, natural: dict[str, int] | None = None,
                padding: int = 1, *, sideways: bool = False, _firm: int | None = None) -> dict[str, int]:
    """The columns to show and their widths, in order, for `room` cells of table.

    `natural` is the widest cell of each column, when known: fixed columns take it (a
    Kind column with no "cross-sell" needs 7, not 10) and text columns grow no wider (one
    whose widest cell is 0 is empty: it keeps its label's width, or goes when another
    text column would be cut).
    `sideways`: the table scrolls sideways when its columns are wider than the room (White
    space's grid), so a text column keeps its least width rather than shrink to noise."""
    natural = natural or {}

    def empty(s: ColumnSpec) -> bool:
        return bool(s.share) and natural.get(s.key, -1) == 0

    def want(s: ColumnSpec) -> int:
        if empty(s):
            return max(len(s.label), 1)
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
        texts = [s for s in columns if s.ideal and not empty(s)]
        grow = sum(min(s.ideal, max(natural.get(s.key, s.ideal), want(s))) - want(s) for s in texts)
        return grow > room - need(columns)

    firm = _firm if _firm is not None else min((s.drop or 1 << 30 for s in shown if s.share), default=0)
    for spec in droppable:
        if spec in shown and spec.drop < firm and short_of_ideal(shown):
            shown.remove(spec)
    widths = {s.key: want(s) for s in shown}
    spare = room - need(shown)
    flexible = [s for s in shown if s.share]
    cap = {s.key: widths[s.key] if empty(s) else max(natural[s.key], len(s.label), widths[s.key])
           for s in flexible if s.key in natural}
    # the ideal widths first.  When the room falls short of them, a column that its ideal
    # width shows whole gets it if the room allows (the one that needs the least first: a
    # name cut by two cells reads worse than a long title cut by two more), then the
    # others level up together, the narrowest first (a width that must read whole
    # whatever else is cut is a column's least width)
    ideal = {s.key: max(widths[s.key], min(s.ideal, cap.get(s.key, room))) for s in flexible if s.ideal}
    whole = [key for key in ideal if key in cap and ideal[key] >= cap[key] > widths[key]]
    for key in sorted(whole, key=lambda key: ideal[key] - widths[key]):
        if ideal[key] - widths[key] <= spare:
            spare -= ideal[key] - widths[key]
            widths[key] = ideal[key]
    for key, width in level(max(spare, 0), {key: widths[key] for key in ideal}, ideal).items():
        spare -= width - widths[key]
        widths[key] = width
    # then a share of the rest, each no wider than its widest cell
    grow = apportion(max(spare, 0), {s.key: s.share for s in flexible},
                     {s.key: cap.get(s.key, room) - widths[s.key] for s in flexible})
    for key, add in grow.items():
        widths[key] += add
        spare -= add
    # narrower than the least, but never narrower than the header ("Industry ▲" reads whole)
    floor = {s.key: max(SQUEEZE, len(s.label)) for s in flexible}
    while spare < 0 and not sideways and any(widths[s.key] > floor[s.key] for s in flexible):
        for s in flexible:
            if spare < 0 and widths[s.key] > floor[s.key]:
                widths[s.key] -= 1
                spare += 1
    # an empty column makes way when another text column is cut
    cut = any(widths[s.key] < cap.get(s.key, 0) for s in flexible if not empty(s)) or spare < 0
    blank = [s for s in flexible if empty(s)]
    if cut and blank:
        return fit_columns([s for s in specs if s not in blank], room, natural, padding, sideways=sideways,
                           _firm=firm)
    # a column too narrow to read (every Next step cut to "Send revise…") makes way for
    # the others: the screen shows the highlighted row's in full elsewhere
    unreadable = [s for s in flexible if s.least and s.drop
                  and widths[s.key] < min(s.least, max(natural.get(s.key, s.least), len(s.label)))]
    if unreadable:
        gone = min(unreadable, key=lambda s: s.drop)
        return fit_columns([s for s in specs if s is not gone], room, natural, padding, sideways=sideways, _firm=firm)
    return widths
