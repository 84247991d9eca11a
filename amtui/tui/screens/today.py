"""The Today section (key 1, the home screen): what needs the rep today.

A banner with the quota pace, then one virtual list per section (widgets/virtual_table.py:
only the rows on screen are drawn, a row's cells built when it first shows): follow-ups (grouped Overdue,
Today, This week, Later), clients past their contact cadence, open service issues,
renewals in the next 60 days and commitments due.  `tab` / `shift+tab` move between the
sections; the keys act on the highlighted row.  The agenda loads in a thread worker and
reloads whenever the screen comes back (after a form, the client screen or another
section), keeping the cursor where it was.  The loading is today_load.py's: at the start
each section's first rows first, then the whole agenda.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from amtui.core import clock
from amtui.core.undo import recording
from amtui.tui.actions import bindings
from amtui.tui.colours import colours
from amtui.tui.errors import REFUSED, refusal, reported
from amtui.tui.navigation import open_client
from amtui.tui.screens.base import while_showing
from amtui.tui.screens.today_load import TodayLoad
from amtui.tui.screens.today_rows import (
    CELLS,
    RowRef,
    day_text,
    row_detail,
    section_columns,
    section_title,
)
from amtui.tui.widgets.row_line import RowLine
from amtui.tui.widgets.row_source import RowSource
from amtui.tui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from datetime import date


# The activity forms are imported inside the actions that open them (`_forms()`): they
# pull in the form machinery and the client forms, ~0.07 s the first paint does not need.
# The agenda's core is imported by the worker that reads it (today_load.py), after the
# first paint, and by the actions that call it.

# section key, title (the columns are today_rows.COLUMNS)
SECTIONS = (
    ("follow_ups", "Follow-ups"),
    ("cadence", "Past cadence"),
    ("issues", "Service issues"),
    ("renewals", "Renewals in the next 60 days"),
    ("commitments", "Commitments due"),
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


DETAIL_BELOW = 100  # a screen narrower than this shows the highlighted row whole under the lists


class TodayTable(VirtualTable):
    """One section of the agenda: a virtual list of its rows, keyed by row key."""

    def __init__(self, section: str, **kwargs):
        super().__init__(zebra_stripes=False, id=f"today-{section}", classes="today-table", **kwargs)
        self.section = section

    def on_mount(self) -> None:
        self.set_columns(section_columns(self.section, self._room()))

    def show_source(self, source: RowSource, natural: dict[str, int], cells, keep: int | None) -> None:
        # the fixed columns' widest cells only: the rows are read as they scroll, so the
        # text columns share the room
        self.set_columns(section_columns(self.section, self._room()), natural)
        self.show(source, cells, keep)

    def on_resize(self) -> None:
        specs = section_columns(self.section, self._room())
        if specs != self.specs:
            self.set_columns(specs, self.natural)
        super().on_resize()

    def ref(self) -> RowRef | None:
        row = self.source.row(self.cursor) if self.row_count else None
        return row.ref if row is not None else None


class SectionsBody(VerticalScroll, can_focus=False):
    """The sections, scrolled as a whole.  Never a tab stop of its own: where it could
    scroll (80x24) tab stopped on it after Commitments, with nothing to show for it; the
    focused section's table brings itself into sight, and the mouse wheel still scrolls."""


class TodayScreen(TodayLoad):
    SECTION = "Today"
    BINDINGS = bindings("today")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last_table = "follow_ups"
        self.stay_on_resume = False

    def compose_body(self) -> ComposeResult:
        yield Static("Loading today's agenda\u2026", id="today-banner")
        with SectionsBody(id="today-body"):
            for key, title in SECTIONS:
                yield Static(title, id=f"title-{key}", classes="today-title")
                yield TodayTable(key)
            yield Static("", id="today-empty")
        yield RowLine(most=2, id="today-detail")

    def on_mount(self) -> None:
        super().on_mount()
        for key, _title in SECTIONS:
            self.table(key).display = False

    def on_screen_resume(self) -> None:
        # back from a form, the client screen or another section: the book may have changed.
        # A modal's result callback runs just before this, so it can ask the cursor to stay.
        stay, self.stay_on_resume = self.stay_on_resume, False
        if self.generation == 0:
            # the first load starts once the screen is painted: its worker imports the
            # agenda's core (~0.1 s) and would hold back the first paint
            self.call_after_refresh(self.reload)
        elif self.freshness.stale():  # unchanged book: what is shown is still right
            self.reload(stay=stay)

    def _stay(self, *_result) -> None:
        """A dismiss callback: the record moved away (done, snoozed); keep the cursor's place."""
        self.stay_on_resume = True

    def table(self, key: str) -> TodayTable:
        return self.query_one(f"#today-{key}", TodayTable)

    # --- rendering ------------------------------------------------------------------------
    def _show_agenda(self, sources: dict[str, RowSource], natural: dict[str, dict[str, int]],
                     today: date) -> None:
        """Show the sections' rows: the whole agenda (`self.agenda`), or at the start, while
        it is None, each section's first rows (titles without counts yet)."""
        a = self.agenda
        focused = self.focused if isinstance(self.focused, TodayTable) else None
        pal = colours(self)
        with self.app.batch_update():
            if a is not None:
                self.query_one("#today-banner", Static).update(a.banner)
            for key, title in SECTIONS:
                self._fill(key, sources[key], natural[key], pal, today)
                self.query_one(f"#title-{key}", Static).update(
                    section_title(key, title, a, pal) if a is not None else Text(title, style="bold"))
            self.query_one("#today-empty", Static).update(
                "Nothing needs you today. Press 2 for your clients, or ctrl+p to find one."
                if a is not None and a.is_empty
                else ""
            )
        self._restore_focus(focused)
        self.call_after_refresh(self._reveal_title, self.last_table)
        self.refresh_bindings()
        self._hold_detail(sources, today)
        self._show_detail()

    def _hold_detail(self, sources: dict[str, RowSource], today: date) -> None:
        """The line under the lists keeps the height the longest row read with the agenda
        needs (every section's first page), so moving the cursor, or to another section,
        never moves the lists."""
        rows = (source.row(i) for source in sources.values() for i in range(min(source.total, source.page)))
        self.query_one("#today-detail", RowLine).hold(row_detail(row, today) for row in rows if row is not None)

    def _fill(self, key: str, source: RowSource, natural: dict[str, int], pal, today: date) -> None:
        """Show a section's rows; the cursor follows its record (or, after done / snooze,
        keeps its place so the next row comes under it)."""
        table = self.table(key)
        keep = None if self.stay else table.selected_id()
        cells = CELLS[key]
        table.show_source(source, natural, lambda row: cells(row, today, pal), keep)
        table.display = bool(source.total)

    def _show_detail(self) -> None:
        """On a narrow screen, the highlighted row whole under the lists (the sections'
        tables cut their text there): in two lines at most, the second ending in "…" when
        it needs more."""
        line = self.query_one("#today-detail", RowLine)
        if self.size.width >= DETAIL_BELOW or self.agenda is None:
            line.show_row(None)
            return
        table = self.focused if isinstance(self.focused, TodayTable) else self.table(self.last_table)
        row = table.source.row(table.cursor) if table.display and table.row_count else None
        line.show_row(row_detail(row, self.agenda.today))

    def on_resize(self) -> None:
        self._show_detail()

    def _restore_focus(self, focused: TodayTable | None) -> None:
        if focused is not None and focused.display:
            return
        wanted = focused.section if focused is not None else self.last_table
        order = [key for key, _t in SECTIONS]
        start = order.index(wanted) if wanted in order else 0
        for key in order[start:] + order[:start]:
            if self.table(key).display:
                self.table(key).focus()
                return

    # --- the row under the cursor ---------------------------------------------------------
    def current(self) -> RowRef | None:
        table = self.focused if isinstance(self.focused, TodayTable) else self.table(self.last_table)
        if not table.display:
            return None
        return table.ref()

    @on(VirtualTable.RowHighlighted)
    def _highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        # a reload moves the cursor of every section: only the focused one is where the rep is
        if isinstance(event.control, TodayTable) and event.control.has_focus:
            self.last_table = event.control.section
        self.refresh_bindings()
        self._show_detail()

    def on_descendant_focus(self) -> None:
        if isinstance(self.focused, TodayTable):
            self.last_table = self.focused.section
            self.call_after_refresh(self._reveal_title, self.last_table)
        self.refresh_bindings()
        self._show_detail()

    def _reveal_title(self, key: str) -> None:
        """Keep a focused table's title (and the counts in it) in view with the table."""
        title = self.query_one(f"#title-{key}", Static)
        body = self.query_one("#today-body", VerticalScroll)
        if title.region.y < body.region.y:
            body.scroll_to_widget(title, animate=False, top=True)

    def scroll_to_center(self, widget, *args, **kwargs):
        # Textual centres a focused widget it cannot see entirely, which hides a section's
        # title above its table: bring the whole section (title first) into view instead.
        if isinstance(widget, TodayTable):
            key = widget.section
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

    @on(VirtualTable.RowSelected)
    @while_showing
    def _selected(self, event: VirtualTable.RowSelected) -> None:
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

    def _after(self, message: str | Callable[[], str] = ""):
        """A form's dismiss callback: say what happened (the resume reloads); `message`
        may be read from the form once it is saved."""

        def done(result) -> None:
            said = message() if callable(message) else message
            if result is not None and said:
                self.notify(said, markup=False)

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
            from amtui.core.commitments import set_commitment_status

            with reported(self):
                from amtui.core.change_labels import commitment_change

                with recording(commitment_change("kept", ref.record_id)):
                    row = set_commitment_status(ref.record_id, "kept")
                self.notify(f"Kept: {row.what}", title=ref.client)
                self.reload(stay=True)
        elif ref.kind == "issue":
            form = self._forms().ServiceIssueForm(ref.client_id, ref.record_id, resolve=True)
            self.app.push_screen(form, self._after(lambda: form.saved_note))  # "Resolved: ..."

    def action_snooze(self) -> None:
        ref = self.current()
        if ref is None or ref.kind != "follow_up":
            return
        from amtui.core.change_labels import follow_up_change
        from amtui.core.followups import snooze_follow_up

        try:
            with recording(follow_up_change("snoozed", ref.record_id)):
                row = snooze_follow_up(ref.record_id)
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
                    from amtui.core.followups import get_follow_up

                    row = get_follow_up(follow_up_id)
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
            self.app.push_screen(form, self._after(lambda: form.saved_note))  # what it did

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
            form = self._forms().ServiceIssueForm(ref.client_id)
            self.app.push_screen(form, self._after(lambda: form.saved_note))  # "Issue opened: ..."

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
            form = forms[ref.kind](ref.client_id, ref.record_id)
            # an issue's form says what its save did ("Resolved: ...", "Reopened: ...")
            self.app.push_screen(form, self._after(lambda: getattr(form, "saved_note", "") or "Saved"))

    def action_reload(self) -> None:
        self.reload()
