"""The Pipeline board's lines as Rich Text and Strips: a card, a stage's header, and one
column's part of a screen line.  Plain functions of the layout (the column's width, the
card's shape, the styles of the moment), so the board widget (deal_board.py) only keeps
its state, caches and draws them.

A card is three lines: the client, the deal's title, its amount and close date; when the
column is too narrow for the board's widest client or title, that line may take two (the
cards of the board are then four or five lines high, space below a shorter card).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from amtui.core.money import fmt_money, fmt_short
from amtui.core.pipeline import DealRow
from amtui.core.pipeline_view import ShownDeal, StageTotals
from amtui.tui.safe import plain
from amtui.tui.widgets import table_lines
from amtui.tui.widgets.deal_table import Colours, short_date
from amtui.tui.widgets.table_lines import PADDING

if TYPE_CHECKING:
    from amtui.tui.widgets.board_column import StageColumn

BOARD_COLUMN = 32  # narrowest readable board column: "Sterling Road Logistics", "$14,000 · Wed 2 Dec"
BOARD_PAGE = 30  # cards read at a time: a tall terminal's column and the next screen of it
HEADER_LINES = 2  # a column's header: the stage, probability and count; the totals
COLUMN_CHROME = 2  # a column's cards' scrollbar and its right border
BORDER = "▕"  # the column's right border (a `vkey` border's right side)


@dataclass(frozen=True)
class CardShape:
    """How a board's cards are laid out: the width of their text and how many lines the
    client and the title may take (two when the widest one would be cut on one)."""

    width: int = 0  # 0: not laid out yet, one line each
    client_lines: int = 1
    title_lines: int = 1

    @property
    def lines(self) -> int:
        return self.client_lines + self.title_lines + 1  # and the amount · close line

    @classmethod
    def of(cls, width: int, natural: dict[str, int]) -> CardShape:
        def lines(key: str) -> int:
            return 2 if width and natural.get(key, 0) > width else 1

        return cls(width, lines("client"), lines("title"))


def wrapped(text: str, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` cells, broken between words (inside a
    word too long for a line); the last line keeps the rest, cut with … when drawn."""
    out: list[str] = []
    rest = text
    while len(out) < lines - 1 and width > 0 and cell_len(rest) > width:
        head = set_cell_size(rest, width + 1)
        space = head.rfind(" ")
        if space > 0:
            out.append(rest[:space])
            rest = rest[space + 1:]
        else:
            out.append(set_cell_size(rest, width))
            rest = rest[len(out[-1]):]
    return [*out, rest]


def card(d: DealRow, currency: str, today: date, colours: Colours, shape: CardShape = CardShape()) -> Text:
    """A deal's card: the client, the deal's title (each on two lines when the board's
    shape says so and it needs them), then amount · close (a newline typed into a name
    shows as ␊, so a name never takes more lines than the shape gives it)."""
    error = colours.error
    out = Text(no_wrap=True, overflow="ellipsis", end="")
    out.append("\n".join(wrapped(plain(d.client), shape.width, shape.client_lines)),
               style=f"bold {error}" if d.stale else "bold")
    out.append("\n" + "\n".join(wrapped(plain(d.title), shape.width, shape.title_lines)))
    # red says what is late, as in the table: a stale deal's client, a close date gone by
    out.append(f"\n{fmt_money(d.amount, currency, decimals=False)} · ", style="dim")
    out.append(short_date(d.close_on, today), style=error if d.close_on < today else "dim")
    return out


def amount_line_width(natural: dict[str, int]) -> int:
    """The widest "amount · close" line of a card: a column is never narrower."""
    return natural.get("amount", 0) + len(" · ") + natural.get("close", 0)


def least_column(natural: dict[str, int]) -> int:
    """The narrowest a column may be: the widest amount line fits beside its padding,
    the scrollbar and the border."""
    return max(BOARD_COLUMN, amount_line_width(natural) + 2 * PADDING + COLUMN_CHROME)


class Grid(NamedTuple):
    """The board's layout for its size: every column the same width, the board's width
    shared by as many as fit at `least` cells; the cards' lines below the header, and a
    bar of the columns at the bottom when some are out of sight (`rail`)."""

    width: int
    height: int
    column: int  # a column's width
    shown: int  # columns on screen at once
    body: int  # lines of cards
    rail: bool

    @classmethod
    def of(cls, width: int, height: int, count: int, least: int) -> Grid:
        shown = max(1, min(count, width // least))
        column = max(width // shown, least)
        shown = max(1, min(count, width // column))
        rail = shown < count
        return cls(width, height, column, shown, max(1, height - HEADER_LINES - rail), rail)


CardOf = Callable[[ShownDeal, CardShape], Text]


def stage_header(column: StageTotals, width: int) -> Text:
    """A board column's two header lines, worded to fit `width` cells: the stage, its
    probability and count; then the total and the weighted total (shortened before cut)."""
    total, weighted = fmt_short(column.total), fmt_short(column.weighted)
    sums = next((line for line in (f"{total} · weighted {weighted}", f"{total} · wtd {weighted}",
                                 f"{total}, wtd {weighted}")
                 if len(line) <= width), f"{total} · {weighted}")
    header = Text(no_wrap=True, overflow="ellipsis", end="")
    header.append(plain(column.stage.name), style="bold")
    header.append(f" {column.stage.probability}% · {column.count:,}\n{sums}")
    return header


class BoardLook(NamedTuple):
    """The styles the board's lines are drawn in, for its focus and theme of the moment
    (worked out once per look, and part of the key of every line kept)."""

    base: Style
    header: Style
    cursor: Style  # the highlighted card of the column the keys move in, the board focused
    blurred: Style  # the other columns' highlighted cards
    even_row: Style
    loading: Style
    border: Style
    bar: Style  # the scrollbar's thumb (its colour) and track (its background)


def text_strip(line: Text, width: int, style: Style, console: Console) -> Strip:
    """`line` as exactly `width` cells, `style` under its own (one Strip made, not three)."""
    segments = Segment.adjust_line_length(list(line.render(console)), width)
    return Strip(Segment.apply_style(segments, style), width)


def header_strip(stage: StageTotals, line: int, width: int, look: BoardLook, console: Console) -> Strip:
    """Line `line` of a column's header, across the column less its border."""
    room = width - 1 - 2 * PADDING
    lines = table_lines.lines_of(stage_header(stage, room))
    text = lines[line] if line < len(lines) else Text()
    return text_strip(table_lines.line({"h": room}, {"h": text}), width - 1, look.base + look.header, console)


def card_strip(text: Text | None, width: int, odd: bool, cursor: Style | None, look: BoardLook,
               console: Console) -> Strip:
    """One line of a card across the column less its scrollbar and border (`text` None:
    the card's page is on its way)."""
    base = look.base + look.even_row if odd else look.base
    room = width - COLUMN_CHROME
    if text is None:
        return text_strip(Text(" " * PADDING + "…", no_wrap=True, style=look.loading), room, base, console)
    row = table_lines.line({"card": room - 2 * PADDING}, {"card": text})
    if cursor is not None:
        base += cursor
        row.stylize(cursor)  # over the card's own colours, as the table's cursor
    return text_strip(row, room, base, console)


def header_key(column: StageColumn, y: int, width: int, look: BoardLook) -> tuple:
    """The key line `y` of a column's header is kept under (the board and a worker alike)."""
    return ("header", column.index, column.stage, y, width, look)


def card_cursor(column: StageColumn, index: int, focused: bool, current: int, look: BoardLook) -> Style | None:
    """The cursor style card `index` of a column shows: the keys' cursor on the highlighted
    card of the column the keys move in while the board has the focus, the blurred one on
    every other column's, None for the rest (the board and a worker alike)."""
    if index != column.cursor:
        return None
    return look.cursor if focused and column.index == current else look.blurred


def card_key(column: StageColumn, index: int, sub: int, width: int, cursor: Style | None,
             look: BoardLook) -> tuple:
    """The key line `sub` of a column's card `index` is kept under (`cursor`: the style of
    the highlighted card, None for the others)."""
    return ("card", column.index, index, column.source.key_at(index), sub, width, cursor, look)


def border(look: BoardLook) -> Segment:
    return Segment(BORDER, look.base + look.border)


def rail(grid: Grid, count: int, first: int, look: BoardLook) -> Strip:
    """The board's bottom line when some of its `count` columns are out of sight: where
    the shown ones (from `first`) sit among all, as a scrollbar across the board."""
    bar = ScrollBarRender.render_bar(size=grid.width, virtual_size=count * grid.column,
                                     window_size=grid.shown * grid.column, position=first * grid.column,
                                     thickness=1, vertical=False,
                                     back_color=look.bar.bgcolor, bar_color=look.bar.color)
    return Strip([Segment(s.text, look.base + s.style) for s in bar.segments if s.text != "\n"], grid.width)
