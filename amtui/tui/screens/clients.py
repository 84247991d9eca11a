"""The Clients section (key 2): every client, filtered as you type, sorted by any column.

The list never holds the whole book: a thread worker asks core for the order of the
whole match (ids, one query) and the page the cursor is on, and posts them back; the
virtual list fetches other pages (100 rows) as they scroll into view, so the whole list
scrolls.  A filter keystroke or a sort change reads the ids again; the cursor stays on
its client.  Results of a superseded request are dropped by a generation counter, so
fast typing never shows a stale page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from amtui.core import change_labels, client_list, clock
from amtui.core.client_list import NATURAL_DESCENDING as NATURAL
from amtui.core.client_list import ClientRow
from amtui.core.clients import (
    archive_client,
    delete_client,
    deletion_summary,
    describe_deletion,
    get_client,
)
from amtui.core.settings import get_settings
from amtui.core.undo import KEEP as UNDO_KEPT
from amtui.core.undo import recording
from amtui.tui.actions import bindings
from amtui.tui.colours import Colours, colours
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.errors import reported
from amtui.tui.forms.client import ClientForm, open_activity_form
from amtui.tui.freshness import Freshness
from amtui.tui.navigation import open_client
from amtui.tui.safe import SafeStatic
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.widgets import ready_lines
from amtui.tui.widgets.client_table import COLUMNS, HEADERS, ClientTable, cells_for
from amtui.tui.widgets.ready_lines import Plan, Ready
from amtui.tui.widgets.row_source import PAGE, RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

DEBOUNCE = 0.15  # seconds of quiet typing before the filter runs


@dataclass(frozen=True)
class ListQuery:
    text: str
    sort: str
    descending: bool
    include_archived: bool


class ClientsLoaded(Message):
    """The matching clients, read in a thread worker: their order (the source, holding the
    page the cursor goes to), their cells and the lines on screen, drawn there too."""

    def __init__(self, generation: int, source: RowSource, *, currency: str, keep_id: int | None,
                 widest: dict[str, int], cells: Callable[[ClientRow], dict[str, object]],
                 ready: Ready | None):
        super().__init__()
        self.generation, self.source, self.currency, self.keep_id = generation, source, currency, keep_id
        self.widest, self.cells, self.ready = widest, cells, ready


def fetch_page(ids: list[int]):
    """A page of the list by offset into the ids' order (run in the table's worker)."""
    return lambda offset, limit: client_list.client_rows(ids[offset:offset + limit])


class ClientsScreen(SectionScreen):
    SECTION = "Clients"
    AUTO_FOCUS = "#client-table"
    BINDINGS = bindings("clients")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.query_state = ListQuery("", "name", False, False)
        self.generation = 0
        self.total = 0
        self._filter_timer = None
        self.freshness = Freshness()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="client-bar"):
            yield Input(placeholder="/ filter: name, industry or contact", id="client-filter")
            yield SafeStatic("", id="client-status")
        yield ClientTable(id="client-table")

    @property
    def table(self) -> ClientTable:
        return self.query_one(ClientTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.table.mark_sort(self.query_state.sort, self.query_state.descending)

    def on_screen_resume(self) -> None:
        # back from a form, the detail screen or another section: the book may have changed
        if self.freshness.stale():  # unchanged: the rows shown are still right
            self.reload(keep=True)

    landing: int | None = None  # the client the first load puts the cursor on

    def show_client(self, client_id: int) -> None:
        """The cursor on this client (`2` from its record opened elsewhere: Today, the
        palette), the list read again when it is elsewhere; on a first visit, the list's
        first load lands on it."""
        if self.query(ClientTable) and self.table.selected_id() == client_id:
            return
        self.landing = client_id  # until a load lands on it (a first visit loads on resume)
        if self.query(ClientTable):
            self.reload(on=client_id)

    # --- loading ------------------------------------------------------------------------
    def reload(self, *, keep: bool = True, on: int | None = None) -> None:
        """Read the list again, the cursor on the client it is on (when still listed), or
        on client `on`."""
        self.generation += 1
        self.freshness.start()
        table = self.table
        on = on if on is not None else self.landing
        keep_id = on if on is not None else table.selected_id() if keep else None
        plan = table.plan() if table.is_mounted else None
        self._load_first(self.generation, self.query_state, keep_id, plan, colours(self))

    @book_worker("clients-first")
    def _load_first(self, generation: int, q: ListQuery, keep_id: int | None, plan: Plan | None,
                    pal: Colours) -> None:
        today = clock.today()
        ids = client_list.client_ids(q.text, sort=q.sort, descending=q.descending,
                                     include_archived=q.include_archived, today=today)
        source = RowSource(ids, fetch_page(ids), page=PAGE)
        index = source.index_of(keep_id)  # (the lookup is made here, not on the screen's thread)
        page = 0 if index is None else index // PAGE
        source.put(page, client_list.client_rows(ids[page * PAGE:(page + 1) * PAGE], today))
        widest = client_list.widest_texts(q.text, q.include_archived)
        currency = get_settings().currency
        cells = cells_for(today, currency, pal)
        # the lines the list will show, drawn here: the screen's thread only swaps them in
        ready = None if plan is None else ready_lines.prepare(plan, source, cells, keep_id, specs=COLUMNS,
                                                               natural=widest, sort=(q.sort, q.descending),
                                                               from_top=True)
        self.post_message(ClientsLoaded(generation, source, currency=currency, keep_id=keep_id,
                                        widest=widest, cells=cells, ready=ready))

    @on(ClientsLoaded)
    def _loaded(self, message: ClientsLoaded) -> None:
        if message.generation != self.generation:
            return  # superseded by a newer filter, sort or reload
        if message.keep_id == self.landing:
            self.landing = None
        self.freshness.done()
        table = self.table
        table.currency = message.currency
        self.total = message.source.total
        q = self.query_state
        table.show_clients(message.source, message.keep_id, message.widest, message.cells, message.ready,
                           sort=(q.sort, q.descending))
        self._show_status()

    def _show_status(self) -> None:
        q = self.query_state
        status = self.query_one("#client-status", Static)
        if self.total == 0:
            status.update(f"No client matches '{q.text}' (escape clears the filter)" if q.text
                          else "No clients yet: n adds one (or ctrl+p, Import a file)")
            return
        noun = "client" if self.total == 1 else "clients"
        parts = [f"{self.total:,} {noun}" + (f" matching '{q.text}'" if q.text else "")]
        arrow = "▼" if q.descending else "▲"
        parts.append(f"sorted by {HEADERS[q.sort].lower()} {arrow}")
        if q.include_archived:
            parts.append("archived shown")
        status.update(" · ".join(parts))

    # --- filter ---------------------------------------------------------------------------
    @on(Input.Changed, "#client-filter")
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(DEBOUNCE, self._apply_filter)

    def _apply_filter(self) -> None:
        text = self.query_one("#client-filter", Input).value.strip()
        if text != self.query_state.text:
            self.query_state = ListQuery(text, self.query_state.sort, self.query_state.descending,
                                         self.query_state.include_archived)
            self.reload()

    @on(Input.Submitted, "#client-filter")
    def _filter_submitted(self) -> None:
        self._apply_filter()
        self.table.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#client-filter", Input).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#client-filter", Input)
        if box.value:
            box.value = ""
            self._apply_filter()
        self.table.focus()

    def on_key(self, event) -> None:
        # down from the filter box goes to the list, as in any search field
        if event.key == "down" and self.focused is self.query_one("#client-filter"):
            event.stop()
            self.table.focus()

    # --- sorting --------------------------------------------------------------------------
    def _sort_by(self, sort: str, descending: bool) -> None:
        q = self.query_state
        self.query_state = ListQuery(q.text, sort, descending, q.include_archived)
        # the cursor stays on its client, wherever the new order puts it; the header's
        # arrow moves with the rows (drawn with them in the worker)
        self.reload()

    def action_sort(self) -> None:
        keys = [spec.key for spec in COLUMNS]  # every column, shown or not: as the sorts go
        following = keys[(keys.index(self.query_state.sort) + 1) % len(keys)]
        self._sort_by(following, NATURAL[following])

    def action_reverse(self) -> None:
        self._sort_by(self.query_state.sort, not self.query_state.descending)

    @on(VirtualTable.HeaderSelected, "#client-table")
    def _header_clicked(self, event: VirtualTable.HeaderSelected) -> None:
        key = event.column
        if key == self.query_state.sort:
            self.action_reverse()
        else:
            self._sort_by(key, NATURAL[key])

    def action_show_archived(self) -> None:
        q = self.query_state
        self.query_state = ListQuery(q.text, q.sort, q.descending, not q.include_archived)
        self.notify("Showing archived clients too" if self.query_state.include_archived else "Archived clients hidden")
        self.reload(keep=True)

    # --- acting on the selected client ------------------------------------------------------
    def _selected(self) -> int | None:
        client_id = self.table.selected_id()
        if client_id is None:
            self.notify("No client selected: press n to add one", severity="warning")
        return client_id

    @on(VirtualTable.RowSelected, "#client-table")
    @while_showing
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        client_id = self._selected()
        if client_id is not None:
            open_client(self.app, client_id)

    def action_new(self) -> None:
        def saved(client_id: int | None) -> None:
            if client_id is not None:
                # straight into the new client: contacts and a first follow-up come next
                self.notify("Client added: n adds a contact, f a follow-up")
                open_client(self.app, client_id)

        self.app.push_screen(ClientForm(), saved)

    def action_edit(self) -> None:
        client_id = self._selected()
        if client_id is not None:
                self.app.push_screen(ClientForm(client_id))

    def action_archive(self) -> None:
        client_id = self._selected()
        if client_id is None:
            return
        record = get_client(client_id)
        if record.archived:
            with reported(self):
                with recording(change_labels.archived(record.name, back=True)):
                    archive_client(client_id, archived=False)
                self.notify(f"{record.name} is back in the book")
                self.reload(keep=True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                with reported(self):
                    with recording(change_labels.archived(record.name)):
                        archive_client(client_id)
                    self.notify(f"{record.name} archived (A shows archived clients)")
                    self.reload(keep=True)

        self.app.push_screen(
            ConfirmDialog(
                f"Archive {record.name}?",
                "It leaves the list and Today; its history stays. Press A to see archived "
                "clients and a to bring it back.",
                yes="Archive",
            ),
            answered,
        )

    def action_delete(self) -> None:
        client_id = self._selected()
        if client_id is None:
            return
        record = get_client(client_id)
        goes = describe_deletion(deletion_summary(client_id))

        def answered(yes: bool | None) -> None:
            if yes:
                with reported(self):
                    with recording(f"Deleted: {record.name}"):
                        delete_client(client_id)
                    self.notify(f"{record.name} deleted")
                    self.reload(keep=True)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete {record.name}?",
                # ctrl+z puts a delete back like any change (core/undo.py): one change a
                # press, newest first, the last KEEP on the list
                f"This deletes {record.name} and with it {goes}. ctrl+z brings it all back "
                f"while it is among the last {UNDO_KEPT} changes, undoing those made after it "
                "first; archive (a) only takes it off the list and Today.",
                yes="Delete",
            ),
            answered,
        )

    def action_log(self) -> None:
        self._activity("log")

    def action_follow_up(self) -> None:
        self._activity("follow_up")

    def action_issue(self) -> None:
        self._activity("issue")

    def action_deal(self) -> None:
        self._activity("deal")

    def _activity(self, kind: str) -> None:
        client_id = self._selected()
        if client_id is not None:
            open_activity_form(self.app, kind, client_id)
