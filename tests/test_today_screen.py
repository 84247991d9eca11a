"""The Today screen from the keyboard (Pilot), on a frozen Friday, 27 Nov 2026."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import running, settle, stop_watching, walk_rows
from textual.widgets import Input, Static, TextArea

from amtui.core import cadence, followups, service
from amtui.models import Commitment, FollowUp, Interaction, ServiceIssue
from amtui.tui.forms.activity import CommitmentForm, LogInteractionForm, ServiceIssueForm
from amtui.tui.forms.follow_up import FollowUpForm, NextStepDialog, SnoozeForm
from amtui.tui.screens.today import SECTIONS, TodayScreen, TodayTable
from amtui.tui.screens.today_rows import row_detail
from amtui.tui.widgets.row_line import RowLine, lines_needed

TODAY = date(2026, 11, 27)  # a Friday
MONDAY = date(2026, 11, 30)


def today_screen(app) -> TodayScreen:
    screen = app.screen
    assert isinstance(screen, TodayScreen), type(screen).__name__
    return screen


def row_keys(app, section: str) -> list[int]:
    table = app.screen.query_one(f"#today-{section}", TodayTable)
    return list(table.source.ids)


async def focus_section(app, pilot, section: str) -> TodayTable:
    table = app.screen.query_one(f"#today-{section}", TodayTable)
    table.focus()
    await pilot.pause()
    return table


async def open_form(app, pilot, section: str, key: str, form_class):
    """Press `key` on the highlighted row of `section`: the form it opens."""
    await focus_section(app, pilot, section)
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, form_class)
    return app.screen


@pytest.fixture
def book(book_path):
    """Acme (tier A, never contacted for 100 days) with Jane; Bolt with a follow-up due
    today; Cora with an overdue one; an open issue and a commitment at Bolt.  Bolt and
    Cora, handed over 5 days ago and never called, are past their cadence too."""
    acme = fx.client("Acme Corp", tier="A", handed_over_on=TODAY - timedelta(days=100))
    jane = fx.contact(acme, "Jane Doe", title="CFO")
    bolt = fx.client("Bolt Ltd", tier="B", handed_over_on=TODAY - timedelta(days=5))
    bob = fx.contact(bolt, "Bob Bolt")
    due_today = fx.follow_up(bolt, "Send the deck", TODAY, contact=bob)
    cora = fx.client("Cora Inc", tier="C", handed_over_on=TODAY - timedelta(days=5))
    overdue = fx.follow_up(cora, "Chase the PO", TODAY - timedelta(days=2))
    issue = fx.issue(bolt, "Invoices wrong", TODAY - timedelta(days=3), "high")
    promise = fx.commitment(bolt, "Quarterly review", TODAY + timedelta(days=5))
    return {
        "path": book_path,
        "acme": acme,
        "jane": jane,
        "bolt": bolt,
        "due_today": due_today,
        "cora": cora,
        "overdue": overdue,
        "issue": issue,
        "promise": promise,
    }


async def test_today_shows_every_section(book):
    async with running(book["path"]) as (app, pilot):
        screen = today_screen(app)
        assert row_keys(app, "follow_ups") == [
            book["overdue"],
            book["due_today"],
        ]
        assert row_keys(app, "cadence") == [
            book[name] for name in ("acme", "bolt", "cora")
        ]
        assert row_keys(app, "issues") == [book["issue"]]
        assert row_keys(app, "commitments") == [book["promise"]]
        assert not screen.query_one("#today-renewals", TodayTable).display  # none: hidden
        title = str(screen.query_one("#title-follow_ups", Static).render())
        assert "1 overdue" in title and "1 today" in title
        assert "quota" in str(screen.query_one("#today-banner", Static).render()).lower()
        assert app.focused.id == "today-follow_ups"


async def test_log_a_call_with_a_next_follow_up_resets_cadence(book):
    async with running(book["path"]) as (app, pilot):
        form = await open_form(app, pilot, "cadence", "l", LogInteractionForm)
        assert app.focused.id == "field-summary"  # the most-typed field first and focused
        await pilot.press(*"Talked renewal terms")
        form.query_one("#field-contact").value = book["jane"]
        form.query_one("#field-next_title", Input).value = "Send proposal"
        await pilot.press("ctrl+s")  # a next follow-up without a date: refused, nothing written
        await pilot.pause()
        assert app.screen is form
        assert "required" in str(form.query_one("#hint-next_due", Static).render())
        assert Interaction.select().count() == 0
        form.query_one("#field-next_due", Input).value = "fri"
        await pilot.pause()
        assert "Fri 4 Dec (in 7 days)" in str(form.query_one("#hint-next_due", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
        call = Interaction.get()
        assert (call.client_id, call.contact_id, call.kind, call.summary) == (
            book["acme"],
            book["jane"],
            "call",
            "Talked renewal terms",
        )
        nxt = FollowUp.get(FollowUp.title == "Send proposal")
        assert (nxt.client_id, nxt.due_on, nxt.contact_id) == (
            book["acme"],
            date(2026, 12, 4),
            book["jane"],
        )
        assert [r.client_id for r in cadence.overdue_contacts()] == [book["bolt"], book["cora"]]
        assert row_keys(app, "cadence") == [book[n] for n in ("bolt", "cora")]
        assert nxt.id in row_keys(app, "follow_ups")


async def test_done_then_accept_the_next_follow_up_with_one_key(book):
    async with running(book["path"]) as (app, pilot):
        table = await focus_section(app, pilot, "follow_ups")
        table.move_cursor(1)  # Bolt: "Send the deck", due today
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NextStepDialog)
        assert dialog.suggestion.title == "Check in with Bob Bolt"
        assert dialog.suggestion.due_on == date(2026, 12, 28)  # +30 days, Sunday -> Monday
        await pilot.press("enter")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)
        assert FollowUp.get_by_id(book["due_today"]).done_at is not None
        nxt = FollowUp.get(FollowUp.title == "Check in with Bob Bolt")
        assert (nxt.client_id, nxt.due_on, nxt.done_at) == (book["bolt"], date(2026, 12, 28), None)
        # the cursor stays in place: the next row came under it
        assert app.focused.id == "today-follow_ups"


async def test_done_then_edit_or_skip_the_next_one(book):
    async with running(book["path"]) as (app, pilot):
        await pilot.press("d")  # Cora's overdue follow-up, first row
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FollowUpForm)
        assert form.query_one("#field-title", Input).value == "Check in with Cora Inc"
        form.query_one("#field-due_on", Input).value = "mon"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert FollowUp.get(FollowUp.title == "Check in with Cora Inc").due_on == MONDAY
        assert FollowUp.get_by_id(book["overdue"]).done_at is not None
        # and skipping: escape schedules nothing
        table = await focus_section(app, pilot, "follow_ups")
        keys = row_keys(app, "follow_ups")
        table.move_cursor(keys.index(book["due_today"]))
        await pilot.pause()
        before = FollowUp.select().count()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, 3)
        assert FollowUp.select().count() == before
        assert FollowUp.get_by_id(book["due_today"]).done_at is not None


async def test_snooze_to_the_next_business_day_and_to_a_chosen_day(book):
    async with running(book["path"]) as (app, pilot):
        await pilot.press("s")  # Cora's overdue follow-up: Friday -> Monday
        await settle(pilot, 3)
        row = FollowUp.get_by_id(book["overdue"])
        assert (row.due_on, row.snooze_count) == (MONDAY, 1)
        table = app.screen.query_one("#today-follow_ups", TodayTable)
        assert table.cursor == 0  # stays in place: now on Bolt's follow-up
        await pilot.press("S")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SnoozeForm)
        form.query_one("#field-until", Input).value = "12/15"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        row = FollowUp.get_by_id(book["due_today"])
        assert (row.due_on, row.snooze_count) == (date(2026, 12, 15), 1)
        assert table.cursor == 0  # again in place, on the next row
        # on a row that is not a follow-up, snooze is greyed out and does nothing
        screen = app.screen
        assert screen.check_action("snooze", ()) is True
        await focus_section(app, pilot, "cadence")
        assert screen.check_action("snooze", ()) is None
        assert screen.check_action("log", ()) is True
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert FollowUp.get_by_id(book["overdue"]).snooze_count == 1


async def test_open_and_resolve_a_service_issue(book):
    async with running(book["path"]) as (app, pilot):
        form = await open_form(app, pilot, "cadence", "i", ServiceIssueForm)  # on Acme
        await pilot.press(*"Login broken")
        form.query_one("#field-severity").value = "critical"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        new = ServiceIssue.get(ServiceIssue.title == "Login broken")
        assert (new.client_id, new.severity, new.status) == (book["acme"], "critical", "open")
        assert row_keys(app, "issues")[0] == new.id  # critical first
        table = await focus_section(app, pilot, "issues")
        table.move_cursor(0)  # the cursor had stayed on Bolt's issue, now second
        await pilot.pause()
        await pilot.press("d")  # resolve: the form opens on the resolution
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ServiceIssueForm) and app.focused.id == "field-resolution"
        await pilot.press("ctrl+s")  # no resolution: refused
        await pilot.pause()
        assert app.screen is form
        assert "required" in str(form.query_one("#hint-resolution", Static).render())
        assert service.get_issue(new.id).status == "open"
        form.query_one("#field-resolution", TextArea).text = "Reset the SSO certificate"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        done = service.get_issue(new.id)
        assert (done.status, done.resolution) == ("resolved", "Reset the SSO certificate")
        assert done.resolved_at is not None
        assert row_keys(app, "issues") == [book["issue"]]


async def test_commitment_kept_with_d_and_edited_with_e(book):
    async with running(book["path"]) as (app, pilot):
        form = await open_form(app, pilot, "commitments", "e", CommitmentForm)
        form.query_one("#field-what", Input).value = "Quarterly business review"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert Commitment.get_by_id(book["promise"]).what == "Quarterly business review"
        await focus_section(app, pilot, "commitments")
        await pilot.press("d")
        await settle(pilot, 3)
        assert Commitment.get_by_id(book["promise"]).status == "kept"
        assert not app.screen.query_one("#today-commitments", TodayTable).display


async def test_new_follow_up_from_a_row_and_edit_it(book):
    async with running(book["path"]) as (app, pilot):
        form = await open_form(app, pilot, "issues", "f", FollowUpForm)  # Bolt's issue: the follow-up links to it
        assert app.focused.id == "field-title"
        await pilot.press(*"Call about invoices")
        form.query_one("#field-due_on", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        fu = FollowUp.get(FollowUp.title == "Call about invoices")
        assert (fu.client_id, fu.due_on, fu.service_issue_id) == (
            book["bolt"],
            TODAY + timedelta(days=1),
            book["issue"],
        )
        table = await focus_section(app, pilot, "follow_ups")
        table.move_cursor(row_keys(app, "follow_ups").index(fu.id)
        )
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-title", Input).value == "Call about invoices"
        form.query_one("#field-priority").value = "high"
        await pilot.press("ctrl+s")
        await settle(pilot, 3)
        assert followups.get_follow_up(fu.id).priority == "high"


async def test_enter_opens_the_client(book):
    async with running(book["path"]) as (app, pilot):
        await focus_section(app, pilot, "cadence")
        await pilot.press("enter")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "ClientDetailScreen"
        assert app.screen.client_id == book["acme"]
        await pilot.press("escape")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen)


async def test_reads_at_100_by_30_and_an_empty_book_says_so(book_path):
    async with running(book_path, (100, 30)) as (app, pilot):
        screen = app.screen
        if not isinstance(screen, TodayScreen):  # an empty book greets with the welcome view
            await pilot.press("escape")
            await settle(pilot, 3)
        screen = today_screen(app)
        assert "Nothing needs you today" in str(screen.query_one("#today-empty", Static).render())
        for key in ("follow_ups", "cadence", "issues", "renewals", "commitments"):
            assert not screen.query_one(f"#today-{key}", TodayTable).display
        await pilot.press("d", "s", "l")  # no row: nothing happens, nothing breaks
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_client_names_and_dates_read_whole_on_a_small_terminal(demo_book, size):
    """At 80x24 the agenda drops the columns it can spare (the group label, the contact,
    days since) so client names of up to 26 characters and every date show whole, the
    follow-up's title gets a fair share, and no table runs off the right edge."""
    async with running(demo_book, size) as (app, pilot):
        screen = today_screen(app)
        for key, dates in (("follow_ups", "due"), ("cadence", "last"),
                           ("renewals", "renews"), ("commitments", "due")):
            table = screen.table(key)
            assert table.row_count, key
            drawn = sum(w + 2 for w in table.widths.values())
            assert drawn <= table.scrollable_content_region.width, key
            for row in range(table.row_count):
                if len(table.cell_text(row, "client")) <= 26:
                    assert table.shown_cell(row, "client").strip() == table.cell_text(row, "client"), (key, size)
                assert table.shown_cell(row, dates).strip() == table.cell_text(row, dates), key
        follow_ups = screen.table("follow_ups")
        if size == (80, 24):
            assert "contact" not in follow_ups.widths
        assert follow_ups.widths["title"] >= 20, follow_ups.widths


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_keys_on_the_virtual_groups_at_any_size(book, size):
    """The sections are virtual lists: the keys move, act and open as on a table, tab
    moves between sections, and a reload keeps the cursor on its record."""
    async with running(book["path"], size) as (app, pilot):
        screen = today_screen(app)
        follow_ups = screen.table("follow_ups")
        assert app.focused is follow_ups and follow_ups.cursor == 0
        await pilot.press("down")
        await pilot.pause()
        assert screen.current().record_id == book["due_today"]
        # a follow-up added before it moves it down a row: the cursor follows the record
        fx.follow_up(book["acme"], "Earlier one", TODAY - timedelta(days=9))
        await pilot.press("r")
        await settle(pilot, 3)
        assert screen.current().record_id == book["due_today"] and follow_ups.cursor == 2
        await pilot.press("tab")  # the next section
        await pilot.pause()
        assert app.focused is screen.table("cadence") and screen.current().kind == "cadence"
        assert screen.check_action("snooze", ()) is None  # greyed out on a client row
        await pilot.press("tab")
        await pilot.pause()
        assert screen.current().kind == "issue"
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is follow_ups and screen.current().record_id == book["due_today"]
        await pilot.press("s")  # snoozed to Monday: the next row comes under the cursor
        await settle(pilot, 3)
        assert FollowUp.get_by_id(book["due_today"]).due_on == MONDAY
        assert follow_ups.cursor == 2 and app.focused is follow_ups
        await pilot.press("home", "f")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpForm)
        await pilot.press("escape")
        await settle(pilot, 3)
        await pilot.press("enter")  # opens the row's client (the earlier one is Acme's)
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "ClientDetailScreen" and app.screen.client_id == book["acme"]
        await pilot.press("escape")
        await settle(pilot, 3)
        assert isinstance(app.screen, TodayScreen) and screen.current().client_id == book["acme"]


def test_the_agenda_costs_the_same_queries_for_a_few_rows_or_hundreds(book):
    from playhouse.test_utils import count_queries

    from amtui.core.today import agenda

    with count_queries() as few:
        small = agenda(TODAY)
    for i in range(300):
        client = fx.client(f"Client {i:03d}", handed_over_on=TODAY - timedelta(days=90))
        fx.follow_up(client, f"Chase {i}", TODAY - timedelta(days=i % 9))
        fx.issue(client, f"Issue {i}", TODAY - timedelta(days=2))
        fx.commitment(client, f"Promise {i}", TODAY + timedelta(days=i % 7))
    with count_queries() as many:
        big = agenda(TODAY)
    assert many.count == few.count, (few.count, many.count)
    assert big.counts["cadence"] > small.counts["cadence"]
    assert len(big.keys["issues"]) > len(small.keys["issues"]) == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
async def test_follow_ups_read_whole_where_there_is_room(demo_book, size):
    """80x24: the follow-ups show at least 8 rows, Priority makes way for the title and the
    line under the lists shows the highlighted follow-up whole.  Wider: a cell is cut only
    when its table has no room left (the demo's longest titles need 135 cells), and
    never a day or a number; at 200x60 nothing is cut."""
    async with running(demo_book, size) as (app, pilot):
        screen = today_screen(app)
        follow_ups = screen.table("follow_ups")
        assert follow_ups.body_height >= 8, follow_ups.size
        detail = screen.query_one("#today-detail", Static)
        if size == (80, 24):
            assert "priority" not in follow_ups.widths and detail.display
            title = follow_ups.cell_text(0, "title")
            assert str(detail.render()).startswith(title)
            await pilot.press("down")
            await pilot.pause()
            assert str(detail.render()).startswith(follow_ups.cell_text(1, "title"))
            return
        assert not detail.display
        for key in ("follow_ups", "cadence", "issues", "renewals", "commitments"):
            table = screen.table(key)
            for row in range(min(table.row_count, 100)):  # the first page: read with the agenda
                for column in table.widths:
                    whole = table.cell_text(row, column).strip()
                    if table.shown_cell(row, column).strip() == whole:
                        continue
                    text = {s.key: s.share for s in table.specs}[column]
                    full = sum(w + 2 for w in table.widths.values()) >= table.scrollable_content_region.width
                    assert text and full and size != (200, 60), (key, row, column, table.widths)


async def test_a_big_section_is_read_a_page_at_a_time(book):
    """350 follow-ups: the agenda reads their ids, the first page of rows (100) comes with
    it, and scrolling to the end reads the last page alone: one query of 100 ids, no
    row built for the pages in between."""
    from playhouse.test_utils import count_queries

    from amtui.tui.widgets.row_source import PAGE

    for i in range(350):
        fx.follow_up(book["acme"], f"Chase {i:03d}", TODAY + timedelta(days=i % 40))
    async with running(book["path"], (80, 24)) as (app, pilot):
        screen = today_screen(app)
        follow_ups = screen.table("follow_ups")
        assert follow_ups.row_count == 352  # no cap: every open follow-up is in the list
        assert [n for n in range(4) if follow_ups.source.loaded(n * PAGE)] == [0]
        await stop_watching(app, pilot)  # the queries of scrolling alone: no reload for a change seen late
        generation = screen.generation
        with count_queries(only_select=True) as scrolled:
            await pilot.press("end")
            await settle(pilot, 3)
        assert follow_ups.cursor == 351 and follow_ups.row_at(351) is not None
        assert screen.current().record_id == follow_ups.row_at(351).ref.record_id
        pages = [n for n in range(4) if follow_ups.source.loaded(n * PAGE)]
        assert pages == [0, 3], pages  # the pages between were never read
        reads = [q for q in scrolled.get_queries() if "follow_up" in q.msg[0]]
        assert len(reads) == 1, [q.msg for q in reads]
        with count_queries(only_select=True) as back:
            await pilot.press("home")
            await settle(pilot, 3)
        assert back.count == 0 and screen.generation == generation  # page 0 is kept


def test_past_cadence_pages_come_from_its_one_read_wherever(book):
    """The Past cadence list is one query of the clients past their cadence; each page
    of rows comes from that read (no query), at the start, in the middle or at the end,
    and its figures are `overdue_contacts`' own (core/cadence.py)."""
    from playhouse.test_utils import count_queries

    from amtui.core.today import agenda
    from amtui.tui.widgets.row_source import PAGE

    for i in range(350):
        fx.client(f"Late {i:03d}", tier="B", handed_over_on=TODAY - timedelta(days=20 + i % 50))
    a = agenda(TODAY)
    keys = a.keys["cadence"]
    assert len(keys) == a.counts["cadence"] == 353
    assert keys == [r.client_id for r in cadence.overdue_contacts(TODAY)]
    counts = []
    for start in (0, 150, len(keys) - PAGE):
        with count_queries(only_select=True) as page:
            rows = a.pages.fetch("cadence", keys[start:start + PAGE])
        counts.append(page.count)
        assert rows == cadence.overdue_contacts(TODAY)[start:start + PAGE]
    assert counts == [0, 0, 0], counts


async def test_end_reaches_the_last_client_past_cadence(book):
    """350 more clients past their cadence: the list holds every one of them (no cap),
    only the first page is made with the agenda, and `end` makes the last page alone
    (from the list read with the agenda: no query) and lands on the last client."""
    from playhouse.test_utils import count_queries

    from amtui.tui.widgets.row_source import PAGE

    for i in range(350):
        fx.client(f"Late {i:03d}", tier="B", handed_over_on=TODAY - timedelta(days=20 + i % 50))
    last = cadence.overdue_contacts(TODAY)[-1]
    async with running(book["path"], (80, 24)) as (app, pilot):
        screen = today_screen(app)
        table = await focus_section(app, pilot, "cadence")
        assert table.row_count == 353
        assert [n for n in range(4) if table.source.loaded(n * PAGE)] == [0]
        await stop_watching(app, pilot)  # the queries of scrolling alone
        with count_queries(only_select=True) as scrolled:
            await pilot.press("end")
            await settle(pilot, 2)
        assert table.cursor == 352
        assert table.row_at(352).record == last
        assert screen.current().client_id == last.client_id
        assert [n for n in range(4) if table.source.loaded(n * PAGE)] == [0, 3]
        reads = [q for q in scrolled.get_queries() if "client" in q.msg[0]]
        assert reads == [], [q.msg for q in reads]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_todays_line_is_the_shared_row_line(demo_book, size):
    """Today's line under the lists is the RowLine the Pipeline, What changed and the
    client's record use (it kept a rule of its own: one line, cut with no "…", so at 80
    columns the priority, which the table leaves out, was cut off).  At 80 columns it
    shows the highlighted row whole in the lines the longest row needs, two at most, a
    longer one ending in "…"; the lists keep their height as the cursor walks a section
    and moves to another.  At 200 columns it takes no room."""
    follow_up = fx.follow_up(fx.client("Longwood Partners"), "Send the revised proposal " * 6, TODAY)
    async with running(demo_book, size) as (app, pilot):
        screen = today_screen(app)
        line = screen.query_one("#today-detail")
        assert type(line) is RowLine
        body = screen.query_one("#today-body")
        follow_ups = screen.table("follow_ups")
        walk = await walk_rows(pilot, follow_ups, line)
        assert len(walk) == follow_ups.row_count > 20
        assert len({(height, under) for height, under, _said in walk}) == 1, walk  # nothing moves
        lists = body.region.height
        await focus_section(app, pilot, "cadence")  # another section, its rows shorter
        assert body.region.height == lists and (line.region.height if line.display else 0) == walk[0][1]
        if size[0] == 200:
            assert walk[0][1] == 0 and not line.display
            return
        assert walk[0][1] == line.region.height == 2  # the cadence's short rows too
        wholes = [" ".join(row_detail(follow_ups.source.row(i), TODAY).plain.split())
                  for i in range(follow_ups.row_count)]
        needs = [lines_needed(w, line.content_size.width) for w in wholes]
        assert min(needs) == 1 and max(needs) > 2, needs  # rows of one line, two and more
        for (_height, _under, said), whole, need in zip(walk, wholes, needs, strict=True):
            if need > 2:
                assert said.endswith("…") and whole.startswith(said[:-1])
            else:
                assert said == whole  # the priority too
        long = follow_ups.source.index_of(follow_up)
        assert walk[long][2].endswith("…")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_tab_goes_round_the_sections_and_nowhere_else(book, size):
    """At 80x24 a tab after Commitments stopped on the scrolling body around the sections,
    which showed nothing focused; the next tab reached Follow-ups.  Now tab goes round the
    shown sections only, back to Follow-ups, and each section tabbed to is in sight."""
    for n in range(8):  # more follow-ups than 80x24 shows: the body scrolls
        fx.follow_up(book["cora"], f"Extra step {n}", TODAY - timedelta(days=3 + n))
    async with running(book["path"], size) as (app, pilot):
        screen = today_screen(app)
        body = screen.query_one("#today-body")
        if size == (80, 24):
            assert body.max_scroll_y > 0  # the dead stop showed only where the body scrolls
        shown = [key for key, _title in SECTIONS if screen.table(key).display]
        assert shown == ["follow_ups", "cadence", "issues", "commitments"]
        assert app.focused is screen.table("follow_ups")
        stops = []
        for _ in range(len(shown)):
            await pilot.press("tab")
            await pilot.pause()
            stops.append(app.focused)
            assert app.focused in screen.query(TodayTable), app.focused
            assert body.region.intersection(app.focused.region).height > 0  # in sight
        assert [t.section for t in stops] == [*shown[1:], "follow_ups"]
        for _ in range(len(shown)):  # and the other way round
            await pilot.press("shift+tab")
            await pilot.pause()
            assert isinstance(app.focused, TodayTable), app.focused
        assert app.focused is screen.table("follow_ups")
