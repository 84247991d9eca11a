"""A virtual list's window on its `RowSource`: the line on top that shows a row whole,
and the pages on screen fetched off the event loop.

The table (virtual_table.py) and each column of the board (deal_board.py, board_column.py)
scroll and fetch alike, through these: a page is read by `RowSource.load` in a thread
worker (which closes the thread's own connection), comes back as the owner's own
`PageLoaded` message and is put into the source it was read for; a page read for a source
since replaced (a reload) lands in that old source and is not drawn.  A page that fails
is told to the rep (never a traceback) and asked for again when next drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from amtui.tui.widgets.row_source import RowSource


def top_for_row(index: int, top: int, lines: int, row_height: int, *, centre: bool = False) -> int | None:
    """The top line that shows row `index` whole when `lines` lines show from line `top`
    (the row in the middle: `centre`); None when it shows whole already.  The caller keeps
    the top within its rows."""
    h = row_height
    first, last = index * h, index * h + h  # the row's lines: first..last-1
    if top <= first and last <= top + lines:
        return None
    if centre:
        return first - (lines // h // 2) * h
    return first if first < top else last - lines


class PageLoaded(Message):
    """Page `number` of `source`, read in a worker.  Each owner posts its own subclass,
    so its handler's name says whose page it is."""

    def __init__(self, source: RowSource, number: int, rows: list):
        super().__init__()
        self.source, self.number, self.rows = source, number, rows


class PageFetcher:
    """Fetches the pages an owner widget draws, in thread workers of group `group`, and
    posts each to the owner as a `loaded` message."""

    def __init__(self, owner: Widget, loaded: type[PageLoaded], group: str):
        self.owner, self.loaded, self.group = owner, loaded, group

    def want(self, source: RowSource, index: int, top: int, rows: int) -> None:
        """Row `index` is drawn but not loaded, row `top` is on top and `rows` rows show:
        fetch the page on screen, and the next one so scrolling on finds it ready (those
        neither loaded nor asked for already)."""
        for number in source.missing(min(index, top), top + 2 * rows):
            self.owner.run_worker(partial(self._fetch, source, number), thread=True,
                                  group=self.group, exit_on_error=False)

    def _fetch(self, source: RowSource, number: int) -> None:
        from amtui.db import close_book

        try:
            self.owner.post_message(self.loaded(source, number, source.load(number)))
        finally:
            close_book()  # this worker thread's own connection

    @staticmethod
    def take(message: PageLoaded) -> RowSource:
        """Put the page into the source it was read for; that source (the owner redraws
        when it is one it shows)."""
        message.stop()
        message.source.put(message.number, message.rows)
        return message.source

    def on_worker_state_changed(self, event: Worker.StateChanged, sources: Iterable[RowSource]) -> None:
        """A page that failed to load: the rep is told, and the pages of `sources` asked
        for are asked for again when next drawn."""
        if event.worker.group != self.group or event.state != WorkerState.ERROR:
            return
        from amtui.tui.errors import load_failed

        self.owner.notify(load_failed(event.worker.error), severity="error", timeout=8)
        for source in sources:
            for number in list(source.pending):
                source.failed(number)
