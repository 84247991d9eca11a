"""The Pipeline's two views of the same DealRows: a table, and a board of stage columns.

The screen loads rows off the event loop and hands them here; these widgets only turn
rows into cells and cards, and remember which deal is selected across reloads.

The table is a virtual list (`VirtualTable`): it draws only the rows on screen, so the
whole pipeline scrolls, and it lays its columns out for its width.  The board is in
deal_board.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from rich.text import Text

from amtui.core import dates_fmt
from amtui.core.money import fmt_money
from amtui.core.pipeline import DealRow
from amtui.core.pipeline_view import ShownDeal, Widest
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.ready_lines import Ready
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable


def short_date(day: date | None, today: date) -> str:
    return dates_fmt.day(day, today)


def theme_colour(widget, name: str) -> str:
    fallback = {"success": "green", "warning": "yellow", "error": "red"}[name]
    return widget.app.theme_variables.get(name, fallback)


@dataclass(frozen=True)
class Colours:
    """The theme's colours, read on the UI thread, so a worker can build cells with them."""

    error: str
    success: str

    @classmethod
    def of(cls, widget) -> Colours:
        return cls(theme_colour(widget, "error"), theme_colour(widget, "success"))


def text_cell(value: str, style: str = "") -> Text:
    """Text that ends in … where the column cuts it (and never reads [brackets] as markup)."""
    return Text(plain(value), style=style, no_wrap=True, overflow="ellipsis")


# Dates and money are sized to their widest cell.  On a narrow terminal Kind, Prob,
# Weighted and Days go first (the stage implies the probability, amount x probability the
# weight), and they also go when the client and the title would be left short of a
# readable width; Next step goes when it would be too narrow to read (the line under the
# table shows the highlighted deal's), Pays only when nothing else would fit.
NEXT_STEP_LEAST = 20  # "Pricing call with p…" reads; "Send revise…" does not
DEAL_COLUMNS = (
    ColumnSpec("client", "Client", 14, share=3, ideal=28),
    ColumnSpec("title", "Title", 18, share=4, ideal=44),
    ColumnSpec("kind", "Kind", 10, drop=1),
    ColumnSpec("stage", "Stage", 9),
    ColumnSpec("amount", "Amount", 10, right=True),
    ColumnSpec("prob", "Prob", 5, drop=2, right=True),
    ColumnSpec("weighted", "Weighted", 10, drop=3, right=True),
    ColumnSpec("pays", "Pays", 9, drop=6, right=True),
    ColumnSpec("close", "Close", 10),
    ColumnSpec("days", "Days", 4, drop=4, right=True),
    ColumnSpec("next step", "Next step", 12, share=2, drop=5, least=NEXT_STEP_LEAST),
)


def deal_cells(d: DealRow, currency: str, pays: Decimal | None, today: date,
               colours: Colours) -> dict[str, object]:
    """A deal's table cells: plain Rich objects."""
    error = colours.error
    stage = d.stage if d.status == "open" else d.status
    prob = f"{d.probability}%{'*' if d.probability_overridden else ''}"
    close_day = d.closed_on if d.status != "open" else d.close_on
    close = Text(short_date(close_day, today),
                 style=error if d.status == "open" and d.close_on < today else "")
    too_long = d.status == "open" and d.rot_days is not None and d.days_in_stage > d.rot_days
    next_step = d.next_step or (d.lost_reason if d.status == "lost" else "")
    return {
        "client": text_cell(d.client, f"bold {error}" if d.stale else ""),
        "title": text_cell(d.title),
        "kind": text_cell(d.kind),
        "stage": text_cell(stage),
        "amount": Text(fmt_money(d.amount, currency, decimals=False), justify="right"),
        "prob": Text(prob, justify="right"),
        "weighted": Text(fmt_money(d.weighted, currency, decimals=False), justify="right"),
        "pays": Text(fmt_money(pays, currency, decimals=False) if pays else "", justify="right",
                     style=colours.success),
        "close": close,
        "days": Text(str(d.days_in_stage), justify="right", style=error if too_long else ""),
        "next step": text_cell(next_step or ""),
    }


def natural_widths(widest: Widest, currency: str, today: date) -> dict[str, int]:
    """Each column's widest cell over the whole match, from its extremes (`summary`):
    money's widest is the largest or the smallest amount's, a date's the widest of the
    distinct days; no row is read."""

    def money(*values) -> int:
        return max((len(fmt_money(v, currency, decimals=False)) for v in values if v), default=0)

    return {
        **widest.text,
        "stage": max((len(name) for name in widest.stage_names), default=0),
        "amount": money(*widest.amounts),
        "prob": len(f"{widest.probability}%") + widest.overridden,
        "weighted": money(*widest.weighted),
        "pays": money(widest.pays),
        "close": max((len(short_date(day, today)) for day in widest.days), default=0),
        "days": len(str(widest.days_in_stage)),
    }


def deal_specs(pays: bool) -> tuple[ColumnSpec, ...]:
    """The table's columns (Pays when a quota plan pays commission)."""
    return tuple(s for s in DEAL_COLUMNS if s.key != "pays" or pays)


def shown_deal_cells(row: ShownDeal, currency: str, today: date, colours: Colours) -> dict[str, object]:
    return deal_cells(row.deal, currency, row.pays, today, colours)


def deal_cells_for(currency: str, today: date, colours: Colours) -> Callable[[ShownDeal], dict[str, object]]:
    """The cells of every row of one load (the same in the worker that draws the first
    lines and in the table that draws the rest)."""
    return partial(shown_deal_cells, currency=currency, today=today, colours=colours)


class DealTable(VirtualTable):
    """One row per deal, keyed by deal id; the whole list scrolls, only the visible rows
    are drawn (their cells built as they show), and the rows come a page at a time."""

    def show_deals(self, source: RowSource, natural: dict[str, int], *, pays: bool, currency: str,
                   today: date, keep_id: int | None, ready: Ready | None = None) -> None:
        """`ready`: the lines the load's worker drew (ready_lines.py)."""
        specs = deal_specs(pays)
        if (specs, natural) != (self.specs, self.natural):
            self.set_columns(specs, natural)
        self.show(source, deal_cells_for(currency, today, Colours.of(self)), keep_id, ready)


