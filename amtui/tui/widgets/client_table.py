"""The client list's table: a DataTable fed one page of ClientRows at a time.

The screen loads pages off the event loop and hands them here; this widget only turns
rows into cells (coloured by health band, cadence and due dates) and keeps the sort
arrow on the sorted column's header.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from amtui.core import clock
from amtui.core.client_list import ClientRow
from amtui.core.money import fmt_money

# key, header, width
COLUMNS = (
    ("name", "Client", 30),
    ("tier", "Tier", 4),
    ("industry", "Industry", 20),
    ("health", "Health", 11),
    ("last_contact", "Last contact", 12),
    ("next_follow_up", "Next step", 12),
    ("open_pipeline", "Open pipeline", 14),
    ("open_issues", "Issues", 6),
)
NAME_MIN = 24
HEADERS = {key: header for key, header, _w in COLUMNS}


def short_date(day: date, today: date) -> str:
    """'Fri 4 Dec' this year, '4 Jan 2027' otherwise."""
    if day.year == today.year:
        return f"{day:%a} {day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


class ClientTable(DataTable):
    """Rows keyed by client id (as text); the screen owns loading and paging."""

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.currency = "USD"

    def on_mount(self) -> None:
        for key, header, width in COLUMNS:
            self.add_column(header, width=width, key=key)

    def on_resize(self, event) -> None:
        # the client's name takes the width the other columns leave (2 for the scrollbar)
        others = sum(width for key, _h, width in COLUMNS if key != "name")
        padding = 2 * self.cell_padding * len(COLUMNS)
        wanted = max(NAME_MIN, event.size.width - others - padding - 2)
        column = self.columns.get("name")
        if column is not None and column.width != wanted:
            column.width = wanted
            # Textual 8's DataTable re-measures on its next idle once this is set
            self._require_update_dimensions = True
            self.refresh()

    # --- colours from the theme, so a light theme stays readable ----------------------
    def _colour(self, name: str) -> str:
        return self.app.theme_variables.get(name, {"success": "green", "warning": "yellow", "error": "red"}[name])

    def _band_style(self, band: str) -> str:
        return self._colour({"green": "success", "yellow": "warning"}.get(band, "error"))

    # --- cells ----------------------------------------------------------------------------
    def cells(self, row: ClientRow, today: date) -> list:
        name = Text(row.name)
        if row.archived:
            name = Text(f"{row.name} (archived)", style="dim italic")
        health = Text(f"{row.health:>3} {row.band}", style=self._band_style(row.band))
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
                      style=self._colour("error") if row.open_issues else "")
        return [name, row.tier, row.industry, health, contact, step, pipeline, issues]

    def show(self, rows: list[ClientRow], *, append: bool, keep_id: int | None = None) -> None:
        """Replace the rows (or append a page), keeping the cursor on `keep_id` if shown."""
        today = clock.today()
        if not append:
            self.clear()
        for row in rows:
            key = str(row.id)
            if append and key in self.rows:
                continue  # the book changed under us between pages: never show a row twice
            self.add_row(*self.cells(row, today), key=key)
        if not append and keep_id is not None and str(keep_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep_id)), animate=False, scroll=True)

    def selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value)

    def mark_sort(self, sort: str, descending: bool) -> None:
        for key, column in self.columns.items():
            header = HEADERS[key.value]
            if key.value == sort:
                header += " ▼" if descending else " ▲"
            column.label = Text(header)
        self.refresh()
