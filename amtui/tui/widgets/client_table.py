"""The client list's table: a virtual list over the ids of every matching client.

The screen's worker reads the order of the whole match (ids) and the first page; the
table fetches further pages of ClientRows as they scroll into view (`RowSource`), turns
each row into cells (coloured by health band, cadence and due dates) when it shows, and
keeps the sort arrow on the sorted column's header.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from rich.text import Text

from amtui.core import clock, dates_fmt
from amtui.core.client_list import ClientRow
from amtui.core.health import band_label
from amtui.core.money import fmt_money
from amtui.tui.colours import Colours, colours
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_table import text_cell
from amtui.tui.widgets.ready_lines import Ready
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

# Numbers keep their width, and so does the industry (as wide as the longest one); the
# name takes what is left, up to the longest name.  On a narrow terminal Industry goes first
# (the name usually says it), then Tier, then the open-issue count (the client's own
# screen has it), so at 80 columns the name, health, contact, next step and pipeline
# read whole.  The widths are the widest a cell can be (health "100 Yellow", a date
# "4 Jan 2027", "235d ago", "$12,500,000"), not the widest of the first page, so later
# pages never need wider columns; the short labels leave the room to the name.
COLUMNS = (
    ColumnSpec("name", "Client", 20, share=3, ideal=26),
    ColumnSpec("tier", "Tier", 4, drop=2),
    ColumnSpec("industry", "Industry", 12, drop=1),  # as wide as the longest industry, or not shown
    ColumnSpec("health", "Health", 10),
    ColumnSpec("last_contact", "Contacted", 9),
    ColumnSpec("next_follow_up", "Next step", 11),
    ColumnSpec("open_pipeline", "Pipeline", 11, right=True),
    ColumnSpec("open_issues", "Issues", 6, right=True, drop=3),
)
# what the status line calls each sort ("sorted by last contact ▼")
HEADERS = {spec.key: spec.label for spec in COLUMNS} | {"last_contact": "Last contact",
                                                      "open_pipeline": "Open pipeline"}


def short_date(day: date, today: date) -> str:
    """'Fri 4 Dec' this year, '4 Jan 2027' otherwise."""
    return dates_fmt.day(day, today)


def client_cells(row: ClientRow, today: date, currency: str, pal: Colours) -> dict[str, object]:
    """A client's cells, coloured by health band, cadence and due dates (in a worker too:
    `pal` is the theme's colours, read on the screen's thread)."""
    name = text_cell(f"{row.name} (archived)", "dim italic") if row.archived else text_cell(row.name)
    health = Text(f"{row.health:>3} {band_label(row.band)}", style=pal.band(row.band))
    if row.days_since_contact is None:
        contact = Text("never", style=pal.miss if row.past_cadence else "dim")
    else:
        days = row.days_since_contact
        label = "today" if days == 0 else f"{days}d ago"
        contact = Text(label, style=pal.miss if row.past_cadence else "")
    if row.next_follow_up is None:
        step = Text("none", style=pal.attention)
    else:
        due = row.next_follow_up
        style = pal.miss if due < today else "bold" if due == today else ""
        step = Text("today" if due == today else short_date(due, today), style=style)
    pipeline = Text(
        fmt_money(row.open_pipeline, currency, decimals=False) if row.open_pipeline else "",
        justify="right",
    )
    issues = Text(str(row.open_issues) if row.open_issues else "", justify="right",
                  style=pal.attention if row.open_issues else "")  # an open issue needs attention; it is not a miss
    return {
        "name": name,
        "tier": text_cell(row.tier),
        "industry": text_cell(row.industry),
        "health": health,
        "last_contact": contact,
        "next_follow_up": step,
        "open_pipeline": pipeline,
        "open_issues": issues,
    }


def cells_for(today: date, currency: str, pal: Colours) -> Callable[[ClientRow], dict[str, object]]:
    """The cells of every row of one load (the same in the worker that draws the first
    lines and in the table that draws the rest)."""
    return partial(client_cells, today=today, currency=currency, pal=pal)


class ClientTable(VirtualTable):
    """Rows keyed by client id; the screen owns loading (the ids and the first page)."""

    def __init__(self, **kwargs):
        super().__init__(zebra_stripes=True, **kwargs)
        self.currency = "USD"

    def on_mount(self) -> None:
        self.set_columns(COLUMNS)
        self.set_sort("name", False)

    def show_clients(self, source: RowSource, keep_id: int | None, widest: dict[str, int] | None = None,
                     cells: Callable[[ClientRow], dict[str, object]] | None = None,
                     ready: Ready | None = None, sort: tuple[str, bool] | None = None) -> None:
        """Show the rows of `source`; `widest` (the longest name and industry of the whole
        match) keeps the text columns from growing past what any row needs; `cells` and
        `ready`: the load's cells and the lines its worker drew (ready_lines.py); `sort`:
        the order they were read in (its arrow goes on the header with them)."""
        sort = self.sort if sort is None else sort
        natural = self.natural if widest is None else widest
        if (natural, sort) != (self.natural, self.sort):
            self.arrange(COLUMNS, natural, sort)
        if source.index_of(keep_id) is None:
            self.cursor = 0  # a new filter or sort without the client: from the top
        if cells is None:
            cells = cells_for(clock.today(), self.currency, colours(self))
        self.show(source, cells, keep_id, ready)

    def mark_sort(self, sort: str, descending: bool) -> None:
        """Put the arrow on the sorted column's header."""
        self.set_sort(sort, descending)
