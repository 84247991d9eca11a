"""The client list's table: a DataTable fed one page of ClientRows at a time.

The screen loads pages off the event loop and hands them here; this widget only turns
rows into cells (coloured by health band, cadence and due dates) and keeps the sort
arrow on the sorted column's header.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from amtui.core import clock, dates_fmt
from amtui.core.client_list import ClientRow
from amtui.core.health import band_label
from amtui.core.money import fmt_money
from amtui.tui.widgets.deal_table import ColumnSpec, FittedTable, text_cell

# Numbers keep their width; the name and industry share what is left.  On a narrow
# terminal Industry goes first (the name usually says it), then Tier.  The widths are
# the widest a cell can be (health "100 Yellow", a date "4 Jan 2027"), not the widest of
# the first page, so later pages never need wider columns.
COLUMNS = (
    ColumnSpec("name", "Client", 24, share=3),
    ColumnSpec("tier", "Tier", 4, drop=2),
    ColumnSpec("industry", "Industry", 12, share=2, drop=1),
    ColumnSpec("health", "Health", 10),
    ColumnSpec("last_contact", "Last contact", 12),
    ColumnSpec("next_follow_up", "Next step", 11),
    ColumnSpec("open_pipeline", "Open pipeline", 13),
    ColumnSpec("open_issues", "Issues", 6),
)
HEADERS = {spec.key: spec.label for spec in COLUMNS}


def short_date(day: date, today: date) -> str:
    """'Fri 4 Dec' this year, '4 Jan 2027' otherwise."""
    return dates_fmt.day(day, today)


def sort_label(key: str, sort: str, descending: bool) -> str:
    if key != sort:
        return HEADERS[key]
    return f"{HEADERS[key]} {'▼' if descending else '▲'}"


class ClientTable(FittedTable):
    """Rows keyed by client id (as text); the screen owns loading and paging.

    The columns fit the table's width (`FittedTable`): no sideways scrolling.  The rows
    shown are kept, so when a resize adds or drops a column they are filled again."""

    def __init__(self, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.currency = "USD"
        self.sort, self.descending = "name", False
        self.shown: list[ClientRow] = []  # every row loaded so far, in order

    def column_specs(self) -> list[ColumnSpec]:
        # the sorted column's header carries an arrow: its width counts it
        return [ColumnSpec(s.key, sort_label(s.key, self.sort, self.descending), s.width, s.share, s.drop)
                for s in COLUMNS]

    def on_mount(self) -> None:
        self.fit(self.column_specs())

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
                      style=self._colour("error") if row.open_issues else "")
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

    def show(self, rows: list[ClientRow], *, append: bool, keep_id: int | None = None) -> None:
        """Replace the rows (or append a page), keeping the cursor on `keep_id` if shown."""
        today = clock.today()
        if not append:
            self.clear()
            self.shown = []
        for row in rows:
            key = str(row.id)
            if append and key in self.rows:
                continue  # the book changed under us between pages: never show a row twice
            self.shown.append(row)
            self.add_row(*self.pick(self.cells(row, today)), key=key)
        if not append and keep_id is not None and str(keep_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep_id)), animate=False, scroll=True)

    def on_fitted_table_refit(self, event: FittedTable.Refit) -> None:
        # a column came or went with the width: the same rows again, the cursor where it was
        event.stop()
        rows, self.shown = self.shown, []
        self.show(rows, append=False, keep_id=int(event.keep) if event.keep else None)

    def selected_id(self) -> int | None:
        if self.row_count == 0:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value)

    def mark_sort(self, sort: str, descending: bool) -> None:
        """Put the arrow on the sorted column's header (the screen reloads the rows next)."""
        self.sort, self.descending = sort, descending
        if self.fit(self.column_specs()):
            self.shown = []  # the columns were rebuilt and the rows with them
        for key, column in self.columns.items():
            column.label = Text(sort_label(key.value, sort, descending))
        self.refresh()
