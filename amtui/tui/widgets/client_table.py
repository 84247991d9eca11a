"""The client list's table: a virtual list over the ids of every matching client.

The screen's worker reads the order of the whole match (ids) and the first page; the
table fetches further pages of ClientRows as they scroll into view (`RowSource`), turns
each row into cells (coloured by health band, cadence and due dates) when it shows, and
keeps the sort arrow on the sorted column's header.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from amtui.core import clock, dates_fmt
from amtui.core.client_list import ClientRow
from amtui.core.health import band_label
from amtui.core.money import fmt_money
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_table import text_cell
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


class ClientTable(VirtualTable):
    """Rows keyed by client id; the screen owns loading (the ids and the first page)."""

    def __init__(self, **kwargs):
        super().__init__(zebra_stripes=True, **kwargs)
        self.currency = "USD"

    def on_mount(self) -> None:
        self.set_columns(COLUMNS)
        self.set_sort("name", False)

    # --- colours from the theme, so a light theme stays readable ----------------------
    def _colour(self, name: str) -> str:
        return self.app.theme_variables.get(name, {"success": "green", "warning": "yellow", "error": "red"}[name])

    def _band_style(self, band: str) -> str:
        return self._colour({"green": "success", "yellow": "warning"}.get(band, "error"))

    # --- cells ----------------------------------------------------------------------------
    def cells(self, row: ClientRow, today: date) -> dict[str, object]:
        name = text_cell(f"{row.name} (archived)", "dim italic") if row.archived else text_cell(row.name)
        health = Text(f"{row.health:>3} {band_label(row.band)}", style=self._band_style(row.band))
        if row.days_since_contact is None:
            contact = Text("never", style=self._colour("error") if row.past_cadence else "dim")
        else:
            days = row.days_since_contact
            label = "today" if days == 0 else f"{days}d ago"
            contact = Text(label, style=self._colour("error") if row.past_cadence else "")
        if row.next_follow_up is None:
            step = Text("none", style=self._colour("warning"))
        else:
            due = row.next_follow_up
            style = self._colour("error") if due < today else "bold" if due == today else ""
            step = Text("today" if due == today else short_date(due, today), style=style)
        pipeline = Text(
            fmt_money(row.open_pipeline, self.currency, decimals=False) if row.open_pipeline else "",
            justify="right",
        )
        issues = Text(str(row.open_issues) if row.open_issues else "", justify="right",
                      style=self._colour("warning") if row.open_issues else "")  # an open issue needs attention; it is not a miss
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

    def show_clients(self, source: RowSource, keep_id: int | None, widest: dict[str, int] | None = None) -> None:
        """Show the rows of `source`; `widest` (the longest name and industry of the whole
        match) keeps the text columns from growing past what any row needs."""
        if widest is not None and widest != self.natural:
            self.set_columns(COLUMNS, widest)
        today = clock.today()
        if source.index_of(keep_id) is None:
            self.cursor = 0  # a new filter or sort without the client: from the top
        self.show(source, lambda row: self.cells(row, today), keep_id)

    def mark_sort(self, sort: str, descending: bool) -> None:
        """Put the arrow on the sorted column's header (the screen reloads the rows next)."""
        self.set_sort(sort, descending)
