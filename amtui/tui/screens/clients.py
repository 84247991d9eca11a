"""The Clients section (key 2): every client, filtered as you type, sorted by any column.

The list never holds the whole book: a thread worker asks core for one page (100 rows)
and posts it back; the next page loads as the cursor nears the end.  A filter keystroke
or a sort change starts again from the first page.  Results of a superseded request are
dropped by a generation counter, so fast typing never shows a stale page.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from amtui.core import client_list
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
from amtui.core.undo import recording
from amtui.tui.actions import bindings
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.errors import reported
from amtui.tui.forms.client import ClientForm, open_activity_form
from amtui.tui.freshness import Freshness
from amtui.tui.navigation import open_client
from amtui.tui.safe import SafeStatic
from amtui.tui.screens.base import SectionScreen, book_worker
from amtui.tui.widgets.client_table import COLUMNS, HEADERS, ClientTable

PAGE = 100
LOAD_AHEAD = 25  # load the next page when the cursor is this close to the last row
DEBOUNCE = 0.15  # seconds of quiet typing before the filter runs


@dataclass(frozen=True)
class ListQuery:
    text: str
    sort: str
    descending: bool
    include_archived: bool


class ClientsLoaded(Message):
    """A page of the list, computed in a thread worker."""

    def __init__(
        self,
        generation: int,
        rows: list[ClientRow],
        *,
        offset: int,
        total: int,
        order: list[int] | None,
        currency: str,
        keep_id: int | None,
    ):
        super().__init__()
        self.generation, self.rows, self.offset, self.total = generation, rows, offset, total
        self.order, self.currency, self.keep_id = order, currency, keep_id


class ClientsScreen(SectionScreen):
    SECTION = "Clients"
    AUTO_FOCUS = "#client-table"
    BINDINGS = bindings("clients")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.query_state = ListQuery("", "name", False, False)
        self.generation = 0
        self.total = 0
        self.order: list[int] | None = None  # the health sort's snapshot of ids
        self.loading_more = False
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

    # --- loading ------------------------------------------------------------------------
    def reload(self, *, keep: bool = False) -> None:
        """Load from the first page; with keep, as many rows as are shown and the cursor."""
        self.generation += 1
        self.loading_more = False
        self.freshness.start()
        keep_id = self.table.selected_id() if keep else None
        limit = max(PAGE, self.table.row_count) if keep else PAGE
        self._load_first(self.generation, self.query_state, limit, keep_id)

    @book_worker("clients-first")
    def _load_first(self, generation: int, q: ListQuery, limit: int, keep_id: int | None) -> None:
        total = client_list.client_count(q.text, q.include_archived)
        order = None
        if q.sort == "health":
            order = client_list.health_order(q.text, descending=q.descending, include_archived=q.include_archived)
            rows = client_list.client_rows(order[:limit])
        else:
            rows = client_list.client_page(
                q.text, sort=q.sort, descending=q.descending, limit=limit, include_archived=q.include_archived
            )
        self.post_message(
            ClientsLoaded(generation, rows, offset=0, total=total, order=order,
                          currency=get_settings().currency, keep_id=keep_id)
        )

    @book_worker("clients-more")
    def _load_more(self, generation: int, q: ListQuery, offset: int, order: list[int] | None, total: int) -> None:
        if order is not None:
            rows = client_list.client_rows(order[offset : offset + PAGE])
        else:
            rows = client_list.client_page(
                q.text, sort=q.sort, descending=q.descending, offset=offset, limit=PAGE,
                include_archived=q.include_archived,
            )
        self.post_message(
            ClientsLoaded(generation, rows, offset=offset, total=total, order=order,
                          currency=get_settings().currency, keep_id=None)
        )

    @on(ClientsLoaded)
    def _loaded(self, message: ClientsLoaded) -> None:
        if message.generation != self.generation:
            return  # superseded by a newer filter, sort or reload
        table = self.table
        table.currency = message.currency
        self.total, self.order = message.total, message.order
        if message.offset == 0:
            self.freshness.done()
            table.show(message.rows, append=False, keep_id=message.keep_id)
        else:
            self.loading_more = False
            table.show(message.rows, append=True)
        self._show_status()

    def _maybe_load_more(self) -> None:
        table = self.table
        if self.loading_more or table.row_count >= self.total:
            return
        if table.cursor_row >= table.row_count - LOAD_AHEAD:
            self.loading_more = True
            self._load_more(self.generation, self.query_state, table.row_count, self.order, self.total)

    @on(DataTable.RowHighlighted, "#client-table")
    def _highlighted(self) -> None:
        self._maybe_load_more()

    def _show_status(self) -> None:
        q = self.query_state
        shown = self.table.row_count
        status = self.query_one("#client-status", Static)
        if self.total == 0:
            status.update(f"No client matches '{q.text}' (escape clears the filter)" if q.text
                          else "No clients yet: n adds one (or ctrl+p, Import a file)")
            return
        noun = "client" if self.total == 1 else "clients"
        parts = [f"{self.total:,} {noun}" + (f" matching '{q.text}'" if q.text else "")]
        if shown < self.total:
            parts.append(f"{shown:,} loaded")
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
        self.table.mark_sort(sort, descending)
        self.reload(keep=False)

    def action_sort(self) -> None:
        keys = [spec.key for spec in COLUMNS]  # every column, shown or not: as the sorts go
        following = keys[(keys.index(self.query_state.sort) + 1) % len(keys)]
        self._sort_by(following, NATURAL[following])

    def action_reverse(self) -> None:
        self._sort_by(self.query_state.sort, not self.query_state.descending)

    @on(DataTable.HeaderSelected, "#client-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        key = event.column_key.value
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

    @on(DataTable.RowSelected, "#client-table")
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
                with recording(f"Unarchived: {record.name}"):
                    archive_client(client_id, archived=False)
                self.notify(f"{record.name} is back in the book")
                self.reload(keep=True)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                with reported(self):
                    with recording(f"Archived: {record.name}"):
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
                f"Delete {record.name} for good?",
                f"This deletes {record.name} and with it {goes}. It cannot be undone; "
                "archive (a) keeps the history instead.",
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
