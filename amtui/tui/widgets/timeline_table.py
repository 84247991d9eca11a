"""The client's timeline: every interaction of a career, newest first, as a virtual list.

The screen's worker reads the order of the whole timeline (ids, one query) and its newest
page with the record; the list fetches older pages (100 interactions, one query each) in
a thread worker as they scroll into view, so the oldest call of a twenty-year
relationship is an `end` away.  The cursor stays on its interaction across reloads.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from amtui.core import clock, dates_fmt, interactions
from amtui.core.interactions import InteractionRow
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.row_line import cuts, joined
from amtui.tui.widgets.row_source import PAGE, RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

# When is a moment ("Wed 2 Dec 16:05", "2 Dec 2025 16:05"): never cut.  The summary
# comes first among the texts; the outcome goes first on a narrow terminal, then who.
COLUMNS = (
    ColumnSpec("when", "When", len("12 Dec 2025 16:05")),
    ColumnSpec("kind", "Kind", len("meeting")),
    ColumnSpec("contact", "With", 10, share=1, drop=2),
    ColumnSpec("summary", "Summary", 16, share=3, ideal=40),
    ColumnSpec("outcome", "Outcome", 10, share=2, drop=1),
)


def _text(value: str) -> Text:
    return Text(plain(" ".join(value.split())), no_wrap=True, overflow="ellipsis")


def timeline_source(ids: list[int], newest: list[InteractionRow]) -> RowSource:
    """A source over the whole timeline, holding the page read with the record."""
    source = RowSource(ids, lambda offset, limit: interactions.timeline_rows(ids[offset:offset + limit]),
                       page=PAGE)
    source.put(0, newest[:PAGE])
    return source


class TimelineTable(VirtualTable):
    """Rows keyed by interaction id; `fill` shows a new read of the timeline."""

    def __init__(self, **kwargs):
        super().__init__(zebra_stripes=True, id="table-timeline", **kwargs)
        self.today: date | None = None
        # each column's widest cell over the rows read with the record (the newest page)
        # and those the cursor has been on since: the rows further back are read as they
        # show, so this is as much as is known without reading them
        self.widest: dict[str, int] = {}

    def on_mount(self) -> None:
        self.set_columns(COLUMNS)

    def cells(self, row: InteractionRow) -> dict[str, object]:
        return {
            "when": Text(dates_fmt.moment(row.happened_at, self.today)),
            "kind": _text(row.kind),
            "contact": _text(row.contact),
            "summary": _text(row.summary),
            "outcome": _text(row.outcome),
        }

    def fill(self, source: RowSource, today: date | None = None) -> None:
        """Show `source`, the cursor on the interaction it was on when still there."""
        self.today = today or clock.today()
        self.widest = {}
        for index in range(min(source.total, source.page)):
            self._widen(source.row(index))
        self.show(source, self.cells, self.selected_id())

    def _widen(self, row: InteractionRow | None) -> None:
        if row is not None:
            for key, cell in self.cells(row).items():
                self.widest[key] = max(self.widest.get(key, 0), cell.cell_len)

    @property
    def cuts(self) -> bool:
        """Whether the columns shown cut an interaction (or leave out a column with text)."""
        if self.row_count:
            self._widen(self.source.row(self.cursor))
        return cuts(self.widths, self.widest)

    def selected_whole(self) -> str | None:
        """The highlighted interaction whole: when, what, with whom, the summary, the outcome."""
        row = self.source.row(self.cursor) if self.row_count else None
        return None if row is None else self._whole(row)

    def wholes(self) -> list[str]:
        """The interactions read with the record (the newest page) whole, as
        `selected_whole` says them: the rows the line's height holds (an older one that
        needs more grows it once the cursor is on it)."""
        rows = (self.source.row(index) for index in range(min(self.source.total, self.source.page)))
        return [self._whole(row) for row in rows if row is not None]

    def _whole(self, row: InteractionRow) -> str:
        return joined([dates_fmt.moment(row.happened_at, self.today), row.kind,
                       f"with {row.contact}" if row.contact else "", row.summary, row.outcome])

    def describe(self, key: str) -> str:
        """'call · Tue 24 Nov 12:00 · QBR': which interaction, in a confirmation."""
        index = self.source.index_of(int(key))
        row = None if index is None else self.source.row(index)
        if row is None:
            return ""
        parts = (row.kind, dates_fmt.moment(row.happened_at, self.today), " ".join(row.summary.split()))
        return " · ".join(plain(p) for p in parts if p)
