"""One client: header with health and its reasons, then a tab per part of the record.

`tab` / `shift+tab` move between parts; `n` and `e` add and edit in the part shown; the
keys of a part (done, snooze, won, kept, ...) show in the footer only while it is shown.
`l` `f` `i` `o` work anywhere for this client.  The record loads in a thread worker and
reloads after every change.  The keys on the records are `ClientRecordActions`
(client_actions.py); this module loads the record and shows its parts.
"""

from __future__ import annotations

from rich.console import Group
from textual import on
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from amtui.core.client_detail import ClientDetail, client_detail
from amtui.core.errors import NotFound
from amtui.core.settings import get_settings
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.freshness import Freshness
from amtui.tui.safe import plain
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.screens.client_actions import ClientRecordActions
from amtui.tui.widgets.client_parts import (
    PART_IDS,
    PARTS,
    PartTable,
    header_lines,
    part_rows,
    tab_labels,
)
from amtui.tui.widgets.row_line import RowLine
from amtui.tui.widgets.timeline_table import TimelineTable, timeline_source
from amtui.tui.widgets.virtual_table import VirtualTable

# action -> the parts where its key applies (hidden from the footer elsewhere)
PART_ACTIONS = {
    "done": ("follow_ups", "issues", "commitments"),
    "snooze": ("follow_ups",),
    "snooze_to": ("follow_ups",),
    "next_stage": ("deals",),
    "previous_stage": ("deals",),
    "win": ("deals",),
    "lose": ("deals",),
    "reopen": ("deals",),
    "broken": ("commitments",),
    "primary": ("contacts",),
    "delete": ("contacts", "timeline", "follow_ups", "deals", "issues", "holdings", "commitments"),
}


def _part_table(part_id: str) -> PartTable | TimelineTable:
    return TimelineTable() if part_id == "timeline" else PartTable(next(p for p in PARTS if p.id == part_id))


class DetailLoaded(Message):
    def __init__(self, detail: ClientDetail | None, currency: str, error: str = ""):
        super().__init__()
        self.detail, self.currency, self.error = detail, currency, error


class ClientDetailScreen(ClientRecordActions, SectionScreen):
    SECTION = "Client"
    # The contacts' table is focused once its tabs are up, not by AUTO_FOCUS: Textual's
    # AUTO_FOCUS focuses as the screen composes, and the table's TabPane then told its
    # TabbedContent before the tabs were mounted ("No Tab with id
    # '--content-tab-contacts'", a crash seen when `enter` was typed ahead onto a list)
    AUTO_FOCUS = ""
    BINDINGS = bindings("client")
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # under 30 rows the header is shorter

    def __init__(self, client_id: int):
        super().__init__()
        self.client_id = client_id
        self.freshness = Freshness()
        self.detail: ClientDetail | None = None
        self.currency = "USD"
        # rows loaded for parts not shown yet: a part's table is mounted and filled when its
        # tab is first shown, so opening a client builds one table rather than eight (the
        # timeline's rows are a RowSource, read a page at a time)
        self.unfilled: dict[str, object] = {}
        self.counts: dict[str, int] = {}  # each part's records (the tabs say how many)
        # a record just added here (part, id, the load it was added after): its part comes
        # to the front, and the load that brings it puts the cursor on it
        self.added: tuple[str, int, int] | None = None
        self.loads = 0

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="client-header")
        with TabbedContent(id="client-parts"):
            for part in PARTS:
                with TabPane(part.title, id=part.id):
                    if part.id == PART_IDS[0]:
                        yield _part_table(part.id)
        yield RowLine(id="client-line")

    def on_mount(self) -> None:
        super().on_mount()
        self._focus_when_tabs_are_up()

    def _focus_when_tabs_are_up(self) -> None:
        # the screen's mount can come before its TabbedContent has composed its panes
        found = self.query("#table-contacts")
        if found and self.query_one(TabbedContent).active == PART_IDS[0]:
            found.first().focus()
        else:
            self.call_after_refresh(self._focus_when_tabs_are_up)

    def on_screen_resume(self) -> None:
        if self.freshness.stale():  # unchanged book: what is shown still holds
            self.reload()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.freshness.start()
        self._load(self.client_id)

    @book_worker("client-detail")
    def _load(self, client_id: int) -> None:
        currency = get_settings().currency
        try:
            self.post_message(DetailLoaded(client_detail(client_id), currency))
        except NotFound as exc:
            self.post_message(DetailLoaded(None, currency, str(exc)))

    @on(DetailLoaded)
    def _loaded(self, message: DetailLoaded) -> None:
        if message.detail is None:
            self.notify(f"This client is gone ({message.error})", severity="warning")
            self.dismiss_to_list()
            return
        self.freshness.done()
        self.loads += 1
        self.detail, self.currency = message.detail, message.currency
        self.title = plain(message.detail.client.name)
        palette = colours(self)
        self.query_one("#client-header", Static).update(
            Group(*header_lines(message.detail, self.currency, palette))
        )
        for part in PARTS:
            if part.id == "timeline":  # the whole timeline, a page at a time
                rows = self.unfilled[part.id] = timeline_source(message.detail.timeline_ids,
                                                                message.detail.timeline)
                self.counts[part.id] = rows.total
            else:
                rows = self.unfilled[part.id] = part_rows(part.id, message.detail, self.currency, palette)
                self.counts[part.id] = len(rows)
        self._label_tabs()
        self._fill_shown()

    def _label_tabs(self) -> None:
        """Every part's tab on screen: the labels shorten on a narrow terminal."""
        tabs = self.query_one(TabbedContent)
        for part_id, label in tab_labels(self.counts, self.size.width or self.app.size.width).items():
            try:
                tab = tabs.get_tab(part_id)
            except (NoMatches, ValueError):
                # the tabs still mounting (a client opened by a key typed ahead, its load
                # quicker than Textual's tabs): label them once they are there
                self.call_after_refresh(self._label_tabs)
                return
            if str(tab.label) != label:
                tab.label = label

    def on_resize(self) -> None:
        self._label_tabs()
        self.call_after_refresh(self._show_line)  # once the part's table has laid its columns out again

    def _fill_shown(self) -> None:
        """Put the shown part's rows in its table (mounted now if it is the first time the
        part shows), if they are not there yet."""
        table = self.table
        if not table.is_mounted:
            self.call_after_refresh(self._fill_shown)  # its columns are set up on mount
            return
        rows = self.unfilled.pop(self.part, None)
        if rows is not None:
            table.fill(rows)
            self._select_added(table)
        # the line under it keeps the lines the part's longest record needs, whichever is highlighted
        self.query_one("#client-line", RowLine).hold(table.wholes())
        self._show_line()

    def _select_added(self, table: PartTable | TimelineTable) -> None:
        """The cursor on the record just added, once a load has brought it."""
        if self.added is None or self.added[0] != self.part:
            return
        _part, record_id, loads = self.added
        if table.select(record_id) or self.loads > loads:  # there, or gone again since
            self.added = None

    def _show_added(self, part: str):
        """A form's callback: the part holding what was added comes to the front (the
        reload that follows the save puts the cursor on the new record)."""

        def done(record_id) -> None:
            if record_id is None:
                return
            self.added = (part, int(record_id), self.loads)
            if self.part != part:
                self.query_one(TabbedContent).active = part
                self._part_shown()

        return done

    def _show_line(self) -> None:
        """Under the part's table, while its columns cut a record: the highlighted one
        whole, in the lines the part's longest record needs (up to two, then "…";
        `_fill_shown` holds them)."""
        if not self.is_mounted:
            return
        found = self.query(f"#table-{self.part}")
        table = found.first() if found else None
        line = self.query_one("#client-line", RowLine)
        if table is None or not table.is_mounted or not table.row_count or not table.cuts:
            line.show_row(None)
        else:  # "": an older page of the timeline still loading, the line keeps its room
            line.show_row(table.selected_whole() or "")

    @on(DataTable.RowHighlighted)
    @on(VirtualTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_line()

    def dismiss_to_list(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    # --- parts ------------------------------------------------------------------------------
    @property
    def part(self) -> str:
        return self.query_one(TabbedContent).active or PART_IDS[0]

    @property
    def table(self) -> PartTable | TimelineTable:
        """The shown part's table, mounted in its tab the first time it is asked for."""
        part = self.part
        found = self.query(f"#table-{part}")
        if found:
            return found.first()
        table = _part_table(part)
        self.query_one(f"#{part}", TabPane).mount(table)
        return table

    def action_part(self, step: int) -> None:
        index = (PART_IDS.index(self.part) + step) % len(PART_IDS)
        self.query_one(TabbedContent).active = PART_IDS[index]
        self._part_shown()

    @on(TabbedContent.TabActivated)
    def _tab_clicked(self) -> None:
        self._part_shown()

    def _part_shown(self) -> None:
        self._fill_shown()
        self.table.focus()
        # the footer shows the part's own keys: recheck them once the tab has switched
        self.call_after_refresh(self.refresh_bindings)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return None  # a read-only book
        parts = PART_ACTIONS.get(action)
        if parts is not None and self.is_mounted and self.part not in parts:
            return False  # not this part's key: hide it from the footer
        return True

    @on(DataTable.RowSelected)
    @on(VirtualTable.RowSelected)
    @while_showing
    def _row_selected(self) -> None:
        # enter on a row edits it (a deal opens in its form too)
        self.action_edit()
