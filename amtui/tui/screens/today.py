"""The Today section (key 1, the home screen): what needs the rep today.

A banner with the quota pace, then one table per section: follow-ups (grouped Overdue,
Today, This week, Later), clients past their contact cadence, open service issues,
renewals in the next 60 days and commitments due.  `tab` / `shift+tab` move between the
sections; the keys act on the highlighted row.  The agenda loads in a thread worker and
reloads whenever the screen comes back (after a form, the client screen or another
section), keeping the cursor where it was.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from amtui.core import clock, commitments, followups, service
from amtui.core.today import Agenda, agenda
from amtui.core.undo import recording
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.errors import REFUSED, refusal, reported
from amtui.tui.freshness import Freshness
from amtui.tui.navigation import open_client
from amtui.tui.safe import SafeTable
from amtui.tui.screens.base import SectionScreen, book_worker
from amtui.tui.screens.today_rows import (
    RowRef,
    cadence_rows,
    commitment_rows,
    day_text,
    follow_up_rows,
    issue_rows,
    renewal_rows,
    section_title,
)

# The activity forms are imported inside the actions that open them (`_forms()`): they
# pull in the form machinery and the client forms, ~0.07 s the first paint does not need.

# section key, title, columns
SECTIONS = (
    ("follow_ups", "Follow-ups", ("", "Due", "Client", "Contact", "Follow-up", "Priority")),
    (
        "cadence",
        "Past cadence",
        ("Client", "Tier", "Last contact", "Days since", "Cadence", "Over"),
    ),
    ("issues", "Service issues", ("Severity", "Age", "Client", "Issue", "Status")),
    ("renewals", "Renewals in the next 60 days", ("Renews", "In", "Client", "What", "Value")),
    ("commitments", "Commitments due", ("Due", "Client", "Commitment", "Made by")),
)
ANY_ROW = frozenset({"follow_up", "cadence", "issue", "renewal", "commitment"})
# action -> the kinds of row it works on; other rows grey the key out
ACTION_ROWS = {
    "done": frozenset({"follow_up", "commitment", "issue"}),
    "snooze": frozenset({"follow_up"}),
    "snooze_until": frozenset({"follow_up"}),
    "edit": frozenset({"follow_up", "commitment", "issue"}),
    "log": ANY_ROW,
    "follow_up": ANY_ROW,
    "issue": ANY_ROW,
    "open": ANY_ROW,
}


class AgendaLoaded(Message):
    """The agenda, computed in a thread worker."""

    def __init__(self, generation: int, agenda: Agenda):
        super().__init__()
        self.generation, self.agenda = generation, agenda


class TodayScreen(SectionScreen):
    SECTION = "Today"
    BINDINGS = bindings("today")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.generation = 0
        self.agenda: Agenda | None = None
        self.refs: dict[str, dict[str, RowRef]] = {key: {} for key, _t, _c in SECTIONS}
        self.last_table = "follow_ups"
        self.stay = False
        self.stay_on_resume = False
        self.freshness = Freshness()

    def compose_body(self) -> ComposeResult:
        yield Static("Loading today's agenda\u2026", id="today-banner")
        with VerticalScroll(id="today-body"):
            for key, title, _columns in SECTIONS:
                yield Static(title, id=f"title-{key}", classes="today-title")
                yield SafeTable(id=f"today-{key}", cursor_type="row", classes="today-table")
            yield Static("", id="today-empty")

    def on_mount(self) -> None:
        super().on_mount()
        for key, _title, columns in SECTIONS:
            table = self.table(key)
            table.add_columns(*columns)
            table.display = False

    def on_screen_resume(self) -> None:
        # back from a form, the client screen or another section: the book may have changed.
        # A modal's result callback runs just before this, so it can ask the cursor to stay.
        stay, self.stay_on_resume = self.stay_on_resume, False
        if self.freshness.stale():  # unchanged book: what is shown is still right
            self.reload(stay=stay)

    def _stay(self, *_result) -> None:
        """A dismiss callback: the record moved away (done, snoozed); keep the cursor's place."""
        self.stay_on_resume = True

    def table(self, key: str) -> DataTable:
        return self.query_one(f"#today-{key}", DataTable)

    # --- loading ------------------------------------------------------------------------
    def reload(self, *, stay: bool = False) -> None:
        """Load the agenda again.  The cursor follows its record, or with stay keeps its
        place (after done / snooze the next row comes under it)."""
        self.generation += 1
        self.stay = stay
        self.freshness.start()
        self._load(self.generation)

    @book_worker("today")
    def _load(self, generation: int) -> None:
        # a failure ("database is locked" past the busy timeout) is shown by SectionScreen
        self.post_message(AgendaLoaded(generation, agenda()))

    @on(AgendaLoaded)
    def _loaded(self, message: AgendaLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer reload is on its way
        self.freshness.done()
        self.agenda = message.agenda
        self._show_agenda()

    def on_resize(self) -> None:
        if self.agenda is not None:
            self._show_agenda()

    # --- rendering ------------------------------------------------------------------------
    def _widths(self) -> dict[str, int]:
        """Room for the free-text columns at this terminal width (the fixed columns, cell
        padding and scrollbar take about 46): the client's name first, it is what a rep
        scans for; the text takes what is left."""
        spare = max(34, self.size.width - 46)
        client = min(40, max(15, spare * 2 // 5))
        contact = min(24, max(7, spare // 5))
        return {"client": client, "contact": contact, "text": max(12, spare - client - contact)}

    def _show_agenda(self) -> None:
        a = self.agenda
        focused = self.focused if isinstance(self.focused, DataTable) else None
        keep = {}
        for key, _t, _c in SECTIONS:
            table = self.table(key)
            if table.row_count:
                row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
                keep[key] = (row_key, table.cursor_row)
        w = self._widths()
        pal = colours(self)
        rows = {
            "follow_ups": follow_up_rows(a, w, pal),
            "cadence": cadence_rows(a, w, pal),
            "issues": issue_rows(a, w, pal),
            "renewals": renewal_rows(a, w),
            "commitments": commitment_rows(a, w, pal),
        }
        with self.app.batch_update():
            self.query_one("#today-banner", Static).update(a.banner)
            for key, title, _columns in SECTIONS:
                self._fill(key, rows[key], keep.get(key))
                self.query_one(f"#title-{key}", Static).update(section_title(key, title, a, pal))
            self.query_one("#today-empty", Static).update(
                "Nothing needs you today. Press 2 for your clients, or ctrl+p to find one."
                if a.is_empty
                else ""
            )
        self._restore_focus(focused)
        self.call_after_refresh(self._reveal_title, self.last_table)
        self.refresh_bindings()

    def _fill(self, key: str, rows: list[tuple[RowRef, tuple]], keep) -> None:
        table = self.table(key)
        table.clear()
        refs = {}
        for ref, cells in rows:
            row_key = f"{ref.kind}:{ref.record_id or 0}:{ref.client_id}"
            refs[row_key] = ref
            table.add_row(*cells, key=row_key)
        self.refs[key] = refs
        table.display = bool(rows)
        if rows and keep:
            row_key, index = keep
            keys = list(refs)
            follow = row_key in refs and not self.stay
            target = keys.index(row_key) if follow else min(index, len(keys) - 1)
            table.move_cursor(row=target, animate=False)

    def _restore_focus(self, focused: DataTable | None) -> None:
        if focused is not None and focused.display:
            return
        wanted = focused.id.removeprefix("today-") if focused is not None else self.last_table
        order = [key for key, _t, _c in SECTIONS]
        start = order.index(wanted) if wanted in order else 0
        for key in order[start:] + order[:start]:
            if self.table(key).display:
                self.table(key).focus()
                return

    # --- the row under the cursor ---------------------------------------------------------
    def current(self) -> RowRef | None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None or not table.id or not table.id.startswith("today-"):
            table = self.table(self.last_table)
        if not table.display or not table.row_count:
            return None
        key = table.id.removeprefix("today-")
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.refs[key].get(row_key)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id and event.data_table.id.startswith("today-"):
            self.last_table = event.data_table.id.removeprefix("today-")
        self.refresh_bindings()

    def on_descendant_focus(self) -> None:
        if isinstance(self.focused, DataTable) and self.focused.id:
            self.last_table = self.focused.id.removeprefix("today-")
            self.call_after_refresh(self._reveal_title, self.last_table)
        self.refresh_bindings()

    def _reveal_title(self, key: str) -> None:
        """Keep a focused table's title (and the counts in it) in view with the table."""
        title = self.query_one(f"#title-{key}", Static)
        body = self.query_one("#today-body", VerticalScroll)
        if title.region.y < body.region.y:
            body.scroll_to_widget(title, animate=False, top=True)

    def scroll_to_center(self, widget, *args, **kwargs):
        # Textual centres a focused widget it cannot see entirely, which hides a section's
        # title above its table: bring the whole section (title first) into view instead.
        if isinstance(widget, DataTable) and (widget.id or "").startswith("today-"):
            key = widget.id.removeprefix("today-")
            body = self.query_one("#today-body", VerticalScroll)
            body.scroll_to_widget(self.query_one(f"#title-{key}", Static), animate=False, top=True)
            return
        super().scroll_to_center(widget, *args, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return None  # a read-only book
        kinds = ACTION_ROWS.get(action)
        if kinds is None:
            return True
        ref = self.current()
        return True if ref is not None and ref.kind in kinds else None

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # --- actions ---------------------------------------------------------------------------
    @staticmethod
    def _forms():
        from amtui.tui.forms import activity  # ~0.07 s: only once a key opens a form

        return activity

    @staticmethod
    def _follow_up_forms():
        from amtui.tui.forms import follow_up  # imported with the other forms, for the same reason

        return follow_up

    def _after(self, message: str = ""):
        """A form's dismiss callback: say what happened (the resume reloads)."""

        def done(result) -> None:
            if result is not None and message:
                self.notify(message)

        return done

    def action_open(self) -> None:
        ref = self.current()
        if ref is not None:
            open_client(self.app, ref.client_id)

    def action_done(self) -> None:
        ref = self.current()
        if ref is None:
            return
        if ref.kind == "follow_up":
            self._follow_up_forms().complete_and_offer_next(self.app, ref.record_id, self._stay)
        elif ref.kind == "commitment":
            with reported(self):
                with recording("Commitment kept"):
                    row = commitments.set_commitment_status(ref.record_id, "kept")
                self.notify(f"Kept: {row.what}", title=ref.client)
                self.reload(stay=True)
        elif ref.kind == "issue":

            def resolved(issue_id: int | None) -> None:
                if issue_id is not None:
                    issue = service.get_issue(issue_id)
                    self.notify(f"{issue.status.capitalize()}: {issue.title}", title=ref.client)

            form = self._forms().ServiceIssueForm(ref.client_id, ref.record_id, resolve=True)
            self.app.push_screen(form, resolved)

    def action_snooze(self) -> None:
        ref = self.current()
        if ref is None or ref.kind != "follow_up":
            return
        try:
            with recording("Snoozed a follow-up"):
                row = followups.snooze_follow_up(ref.record_id)
        except REFUSED as exc:
            self.notify(refusal(exc), severity="error")
            return
        self.notify(
            f"Snoozed to {day_text(row.due_on, clock.today())}: {row.title}", title=ref.client
        )
        self.reload(stay=True)

    def action_snooze_until(self) -> None:
        ref = self.current()
        if ref is not None and ref.kind == "follow_up":

            def snoozed(follow_up_id: int | None) -> None:
                if follow_up_id is not None:
                    row = followups.get_follow_up(follow_up_id)
                    self.notify(
                        f"Snoozed to {day_text(row.due_on, clock.today())}: {row.title}",
                        title=row.client,
                    )
                    self._stay()

            self.app.push_screen(self._follow_up_forms().SnoozeForm(ref.record_id), snoozed)

    def action_log(self) -> None:
        ref = self.current()
        if ref is not None:
            # from a follow-up's row, the form offers to mark that follow-up done (checked)
            follow_up = ref.record_id if ref.kind == "follow_up" else None
            form = self._forms().LogInteractionForm(
                ref.client_id, contact_id=ref.contact_id, follow_up_id=follow_up
            )
            self.app.push_screen(form, self._after(f"Logged with {ref.client}"))

    def action_follow_up(self) -> None:
        ref = self.current()
        if ref is None:
            return
        issue = ref.record_id if ref.kind == "issue" else None
        form = self._follow_up_forms().FollowUpForm(
            ref.client_id, contact_id=ref.contact_id, service_issue_id=issue
        )
        self.app.push_screen(form, self._after(f"Follow-up added for {ref.client}"))

    def action_issue(self) -> None:
        ref = self.current()
        if ref is not None:
            self.app.push_screen(
                self._forms().ServiceIssueForm(ref.client_id),
                self._after(f"Issue opened for {ref.client}"),
            )

    def action_edit(self) -> None:
        ref = self.current()
        if ref is None:
            return
        activity = self._forms()
        forms = {
            "follow_up": self._follow_up_forms().FollowUpForm,
            "issue": activity.ServiceIssueForm,
            "commitment": activity.CommitmentForm,
        }
        if ref.kind in forms:
            self.app.push_screen(
                forms[ref.kind](ref.client_id, ref.record_id), self._after("Saved")
            )

    def action_reload(self) -> None:
        self.reload()
