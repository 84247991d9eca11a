"""What one load of the Pipeline hands the screen: the query it ran (`PipelineQuery`), the
message with its order, figures and first pages (`DealsLoaded`), the row sources of the
table and each board column built from them (`Lists`), and the board's lines drawn in a
worker for `v` (`BoardDrawn`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.message import Message

from amtui.core import pipeline_view as pv
from amtui.tui.widgets.board_lines import BOARD_PAGE, CardOf, CardShape, card
from amtui.tui.widgets.board_ready import BoardReady
from amtui.tui.widgets.deal_table import Colours
from amtui.tui.widgets.ready_lines import Ready
from amtui.tui.widgets.row_source import PAGE, RowSource


@dataclass(frozen=True)
class PipelineQuery:
    text: str = ""
    period: str = "all"
    status: str = "open"


class DealsLoaded(Message):
    """One view of the pipeline, read in a thread worker: the order of the match, its
    figures, and the rows of the pages shown first (the table's, each board column's);
    its row sources (`lists`) and, when the table shows, the table's lines on screen are
    made there too (`ready`, see ready_lines.py)."""

    def __init__(self, generation: int, order: pv.DealOrder, summary: pv.Summary, pages: pv.DealPages,
                 first: dict[int, pv.ShownDeal], natural: dict[str, int], currency: str,
                 period_label: str, keep_id: int | None, today: date):
        super().__init__()
        self.generation, self.order, self.summary, self.pages = generation, order, summary, pages
        self.first, self.natural, self.currency = first, natural, currency
        self.period_label, self.keep_id, self.today = period_label, keep_id, today
        self.lists: Lists | None = None
        self.ready: Ready | None = None
        self.board: BoardReady | None = None


class BoardDrawn(Message):
    """The board's lines for `v`, drawn in a worker for load `generation` (None: the
    worker failed, the board draws them itself)."""

    def __init__(self, generation: int, keep_id: int | None, ready: BoardReady | None):
        super().__init__()
        self.generation, self.keep_id, self.ready = generation, keep_id, ready


def page_of(ids: list[int], keep_id: int | None, size: int) -> int:
    """The page of `ids` holding `keep_id` (the first page when it is not there)."""
    try:
        return ids.index(keep_id) // size if keep_id is not None else 0
    except ValueError:
        return 0


def kept_in_place(ids: list[int], keep_id: int | None, before: Sequence[int], at: int) -> int | None:
    """Where a new view's cursor goes (O, p): on `keep_id` when the view (`ids`) holds it;
    else on the deal nearest place `at` of the list before (`before`) that it holds, the
    one below first on a tie (from all deals to the open ones, a lost deal's place goes to
    the last open deal above it); else None: the cursor stays in its place (from the open
    deals to the won ones, none is in both)."""
    now = set(ids)
    if keep_id in now:
        return keep_id
    for step in range(len(before)):
        for i in (at + step, at - step) if step else (at,):
            if 0 <= i < len(before) and before[i] in now:
                return before[i]
    return None


def card_maker(message: DealsLoaded, colours: Colours) -> CardOf:
    """How a load's cards are drawn, in the theme's `colours`."""

    def card_of(row: pv.ShownDeal, shape: CardShape) -> Text:
        return card(row.deal, message.currency, message.today, colours, shape)

    return card_of


class Lists:
    """One load's row sources: the table's and each board column's, sharing the pages
    read with the load; `v` on an unchanged book shows the other view from them."""

    def __init__(self, message: DealsLoaded):
        order, pages, first = message.order, message.pages, message.first
        self.table = self._source(order.ids, pages, first, PAGE, message.keep_id)
        self.columns = [self._source(order.by_stage.get(s.stage.name, []), pages, first, BOARD_PAGE,
                                     message.keep_id) for s in message.summary.stages]

    @staticmethod
    def _source(ids: list[int], pages: pv.DealPages, first: dict[int, pv.ShownDeal], size: int,
                keep_id: int | None) -> RowSource:
        source = RowSource(ids, lambda offset, limit: pages.fetch(ids[offset:offset + limit]), page=size)
        number = page_of(ids, keep_id, size)
        if ids:
            source.put(number, [first[i] for i in ids[number * size:(number + 1) * size] if i in first])
        return source
