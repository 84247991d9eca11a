"""Today at the start: each section's first rows first, then the whole agenda; a big
book's damage check only once that first load is on screen (issue 14)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import activity_fixtures as fx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pilot_helpers import notifications, settle, wait_for
from playhouse.test_utils import count_queries
from textual.widgets import Static

from amtui.core import cadence, follow_up_agenda
from amtui.core import today as core_today
from amtui.db import integrity
from amtui.db.errors import StorageError
from amtui.models import Client
from amtui.tui import app as app_module
from amtui.tui.app import AmtuiApp
from amtui.tui.live_book import LiveBook
from amtui.tui.screens.today import TodayScreen, TodayTable
from amtui.tui.widgets.row_source import PAGE

TODAY = date(2026, 11, 27)  # a Friday (the frozen today)
SECTIONS = ("follow_ups", "cadence", "issues", "renewals", "commitments")


def ahead(days: int) -> date:
    return TODAY + timedelta(days=days)


def busy_book(follow_ups: int = 150) -> None:
    """More follow-ups than a page, spread over every group with ties on a day (the order
    then goes by priority and client name), past-cadence clients, issues, commitments and
    renewals of both kinds, some on one day."""
    for i in range(follow_ups):
        client = fx.client(f"{'abc'[i % 3]}lient {i:03d}", handed_over_on=TODAY - timedelta(days=40 + i % 7))
        fx.follow_up(client, f"Chase {i}", ahead(i % 11 - 3), priority=("high", "normal", "low")[i % 3])
        if i % 4 == 0:
            fx.issue(client, f"Issue {i}", TODAY - timedelta(days=i % 5), ("critical", "high", "low")[i % 3])
            fx.commitment(client, f"Promise {i}", ahead(i % 9 - 2))
        if i % 5 == 0:
            fx.holding(client, "Analytics" if i % 2 else "Support", ahead(i % 4), value=Decimal("1200"))
            Client.update(renewal_on=ahead(i % 3)).where(Client.id == client).execute()


# --- core: the first rows are the agenda's first page --------------------------------------
@pytest.mark.parametrize("limit", [1, 3, 40, PAGE])
def test_the_first_rows_are_the_agendas_first_page_in_each_section(book_path, limit):
    busy_book(120)
    first = core_today.first_rows(TODAY, limit=limit)
    whole = core_today.agenda(TODAY)
    for section in SECTIONS:
        keys = [core_today.row_key(section, r) for r in first.rows[section]]
        assert keys == whole.keys[section][:limit], section
    # a follow-up's group by its day is the group the counts put it in
    groups = [first.group(r.due_on) for r in core_today.first_rows(TODAY, limit=PAGE).rows["follow_ups"]]
    assert groups == sorted(groups, key=core_today.FOLLOW_UP_GROUPS.index)


def test_the_first_rows_cost_the_same_queries_for_a_few_rows_or_hundreds(book_path):
    """Each section's first rows: one query each (past cadence: the settings and its
    whole list, `overdue_list`; renewals: the soonest days of each kind, then the renewals up to the
    last of them: contracts, the products renewing with them, held products), so a book
    of any size costs the same ten queries."""
    few_client = fx.client("Few Ltd", handed_over_on=TODAY - timedelta(days=50))
    fx.follow_up(few_client, "Call", TODAY)
    with count_queries() as few:
        core_today.first_rows(TODAY)
    busy_book(300)
    with count_queries() as many:
        first = core_today.first_rows(TODAY)
    assert few.count == many.count == 10, [q.msg[0][:80] for q in many.get_queries()]
    assert len(first.rows["follow_ups"]) == PAGE


def test_past_cadence_is_read_once_for_the_first_rows_the_whole_agenda_and_its_pages(book_path, monkeypatch):
    """Past cadence is one query (and the settings) whatever the number of clients past
    their cadence: the first rows read the whole list, the agenda's keys, counts, widest
    texts and every page come from that read (at the start) without another query.  The
    query's rows are fetched a few at a time (4 here), only as far as asked: the first
    rows fetch the first batches, the agenda the rest."""
    monkeypatch.setattr(cadence, "_FETCH", 4)
    busy_book(30)
    with count_queries() as queries:
        listed = cadence.overdue_list(TODAY)
        page = listed.rows(7)
    [settings_read, query] = [q.msg[0] for q in queries.get_queries()]
    assert '"setting"' in settings_read and '"client_contact"' in query
    assert " LIMIT " not in query.rsplit(' AS "gap" ', 1)[1]  # the whole list (the step within: OFFSET 0)
    assert page == cadence.overdue_contacts(TODAY)[:7] and len(page) == 7
    first = core_today.first_rows(TODAY, limit=7)
    assert len(first.cadence._raw) == 7 < len(cadence.overdue_contacts(TODAY))  # not the rest yet
    with count_queries() as queries:
        whole = core_today.agenda(TODAY, first)
        keys = whole.keys["cadence"]
        pages = [whole.pages.fetch("cadence", keys[at:at + 7]) for at in range(0, len(keys), 7)]
    assert not [q.msg[0] for q in queries.get_queries() if '"client_contact"' in q.msg[0]]
    assert [r for p in pages for r in p] == cadence.overdue_contacts(TODAY) == whole.rows("cadence")
    # without the first rows (a reload), the agenda reads the list itself, once
    with count_queries() as queries:
        core_today.agenda(TODAY)
    assert len([q for q in queries.get_queries() if '"client_contact"' in q.msg[0]]) == 1


# --- the whole agenda: each section read once, the counts and banner from that read --------
def test_the_rest_of_past_cadence_is_read_as_the_first_rows_saw_the_book(book_path, monkeypatch):
    """The whole agenda fetches the rest of the query the first rows began (two rows at a
    time here): a client logged from another thread in between (another connection) is
    still in the list, as in the first rows' book: one read, one state of the book (the
    screen's freshness check then reloads it).  Once the rest is fetched, the thread's
    reads see the book as it is."""
    import threading

    from amtui import db

    monkeypatch.setattr(cadence, "_FETCH", 2)
    busy_book(12)
    expected = [r.client_id for r in cadence.overdue_contacts(TODAY)]
    first = core_today.first_rows(TODAY, limit=2)
    last = expected[-1]

    def log():
        fx.interaction(last, TODAY)
        db.close_book()

    thread = threading.Thread(target=log)
    thread.start()
    thread.join()
    assert core_today.agenda(TODAY, first).keys["cadence"] == expected
    # the read done, the book as it is now
    assert last not in [r.client_id for r in cadence.overdue_contacts(TODAY)]


def _reads_of(queries, table: str) -> list[str]:
    return [q.msg[0] for q in queries.get_queries() if f'"{table}" AS' in q.msg[0]]


def test_the_whole_agenda_reads_each_section_once_at_any_size(book_path):
    """After the first rows, the whole agenda costs the same queries for a small book or a
    big one: the open follow-ups read once (their order, the groups' sizes, the widest
    texts and the banner's "due" come from that read), past cadence not at all (the first
    rows read it whole); without the first rows (a reload) past cadence is read once."""
    fx.follow_up(fx.client("Few Ltd", handed_over_on=TODAY - timedelta(days=50)), "Call", TODAY)
    first = core_today.first_rows(TODAY)
    with count_queries() as few:
        core_today.agenda(TODAY, first)
    busy_book(300)
    first = core_today.first_rows(TODAY)
    with count_queries() as many:
        whole = core_today.agenda(TODAY, first)
    assert few.count == many.count == 16, [q.msg[0][:80] for q in many.get_queries()]
    assert len(_reads_of(many, "follow_up")) == 1 and _reads_of(many, "client_contact") == []
    due = follow_up_agenda.due_count(TODAY)  # what the banner counted itself before
    assert due > 100 and whole.banner.endswith(f" · {due} due")
    assert whole.counts["overdue"] + whole.counts["today"] == due
    with count_queries() as again:
        core_today.agenda(TODAY)
    # the settings (the tiers' cadences) and the list
    assert again.count == 18 and len(_reads_of(again, "client_contact")) == 1


FOLLOW_UPS = st.lists(
    st.tuples(
        st.integers(0, 4),  # which client
        st.integers(-9, 12),  # due this many days from today
        st.sampled_from(("high", "normal", "low")),
        st.text(alphabet="aZé ", min_size=1, max_size=9).map(str.strip).filter(bool),  # title
        st.booleans(),  # a contact
        st.booleans(),  # done
    ),
    max_size=30,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(follow_ups=FOLLOW_UPS, archived=st.integers(-1, 4))
def test_the_follow_ups_one_read_gives_the_order_counts_and_widths_of_their_rows(book_path, follow_ups, archived):
    """Random open and done follow-ups on days around today (every group, ties on a day),
    with and without a contact, one client archived: `agenda_index`'s one query gives the
    ids in the agenda's order, each group's size and the longest texts exactly as the
    rows themselves (`agenda_follow_ups`, `agenda_group`) give them."""
    from amtui.models import Contact, FollowUp, database

    with database.atomic():
        FollowUp.delete().execute()
        Contact.delete().execute()
        Client.delete().execute()
        clients = [fx.client(f"Client {'x' * i}{i}", archived=i == archived) for i in range(5)]
        for i, (client, days, priority, title, contact, done) in enumerate(follow_ups):
            who = fx.contact(clients[client], "Pat " + "q" * i) if contact else None
            fx.follow_up(clients[client], title, ahead(days), priority=priority, contact=who,
                         done_at=datetime(2026, 11, 1, tzinfo=UTC) if done else None)
    with count_queries() as queries:
        index = follow_up_agenda.agenda_index(TODAY)
    assert queries.count == 1
    grouped = follow_up_agenda.agenda_follow_ups(TODAY)
    rows = [r for group in follow_up_agenda.GROUPS for r in grouped[group]]
    assert index.ids == [r.id for r in rows]
    assert index.counts == {g: sum(follow_up_agenda.agenda_group(r.due_on, TODAY) == g for r in rows)
                            for g in follow_up_agenda.GROUPS}
    assert index.counts == {g: len(grouped[g]) for g in follow_up_agenda.GROUPS}
    assert index.counts["Overdue"] + index.counts["Today"] == follow_up_agenda.due_count(TODAY)
    assert index.widest == {key: max((len(getattr(r, key)) for r in rows), default=0)
                            for key in ("client", "contact", "title")}


# --- the past-cadence first page equals the whole list's first rows, for any book ----------
NAMES = st.text(alphabet="aAbBéÉzZ ", min_size=1, max_size=6).map(str.strip).filter(bool)
CLIENTS = st.lists(
    st.tuples(
        NAMES,
        st.sampled_from(("A", "B", "C", "")),  # "": no tier default (settings' fallback)
        st.none() | st.integers(0, 40),  # own cadence (0 or none: the tier's)
        st.none() | st.integers(-5, 200),  # handed over this many days ago (negative: to come)
        st.integers(-3, 400),  # added to the book this many days ago
        st.lists(st.tuples(st.integers(-2, 120), st.integers(0, 23)), max_size=3),  # contacts: days ago, hour
        st.sampled_from(("active", "active", "churned")),
        st.booleans(),  # archived
    ),
    max_size=25,
    unique_by=lambda c: " ".join(c[0].split()).casefold(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(clients=CLIENTS, limit=st.integers(1, 12))
def test_the_past_cadence_first_page_is_the_whole_lists_first_rows(book_path, new_york, clients, limit):
    """Random books (ties on days over and tier, names that fold alike but for case or
    accents, contacts near midnight in New York, churned and archived clients): the first
    rows at the start are exactly the whole list's first `limit` rows, figures and all."""
    from amtui.models import Interaction, database

    with database.atomic():
        Interaction.delete().execute()
        Client.delete().execute()
        for name, tier, own, handed, added, contacts, status, archived in clients:
            client = Client.create(
                name=name, tier=tier, cadence_days=own, status=status, archived=archived,
                handed_over_on=None if handed is None else TODAY - timedelta(days=handed),
                created_at=datetime(2026, 11, 27, 12, tzinfo=UTC) - timedelta(days=added),
            )
            for days, hour in contacts:
                Interaction.create(client=client.id, summary="Call", happened_at=datetime(
                    2026, 11, 27, hour, 30, tzinfo=UTC) - timedelta(days=days))
    whole = cadence.overdue_contacts(TODAY)
    # the whole list: the clients `gaps` finds due (worked out in Python), worst first
    due = sorted(
        ((cid, name, tier, g.days_since, g.cadence_days, g.days_over)
         for cid, (name, tier, g) in cadence.gaps(today=TODAY, active_only=True).items() if g.is_due),
        key=lambda r: (-r[5], r[2], Client.key_for(r[1]), r[0]),
    )
    assert [(r.client_id, r.client, r.tier, r.days_since, r.cadence_days, r.days_over) for r in whole] == due
    listed = cadence.overdue_list(TODAY)
    assert listed.rows(limit) == whole[:limit] and listed.rows() == whole
    assert core_today.first_rows(TODAY, limit=limit).rows["cadence"] == whole[:limit]
    assert listed.ids == [r.client_id for r in whole]
    assert listed.by_id(listed.ids[limit:][::-1]) == whole[limit:][::-1]  # a page, as asked


# --- the screen: first rows, then the whole agenda -------------------------------------------
async def test_the_start_shows_the_first_rows_then_the_counts(book_path, monkeypatch):
    """At the start the sections show their first page at once (titles without counts
    yet, the follow-up groups labelled), then the whole agenda: every row, the counts,
    the banner, the cursor where the rep put it.  The first page is not read twice."""
    busy_book(150)
    seen = []
    show = TodayScreen._show_agenda

    def recorded(screen, *args, **kwargs):
        show(screen, *args, **kwargs)
        table = screen.table("follow_ups")
        seen.append({
            "whole": screen.agenda is not None,
            "rows": table.row_count,
            "keys": [table.source.key_at(i) for i in range(min(table.row_count, PAGE))],
            "groups": [table.source.row(i).group for i in range(min(table.row_count, PAGE))],
            "title": str(screen.query_one("#title-follow_ups", Static).render()),
            "cadence": screen.table("cadence").row_count,
        })

    monkeypatch.setattr(TodayScreen, "_show_agenda", recorded)
    # the first load alone: no reload for the day's snapshot seen by the live book
    monkeypatch.setattr(LiveBook, "start", lambda self: None)
    app = AmtuiApp(db_path=book_path)
    with count_queries(only_select=True) as queries:
        async with app.run_test(size=(140, 42)) as pilot:
            await settle(pilot, 3)
            screen = app.screen
            assert isinstance(screen, TodayScreen)
            first, whole = seen[0], seen[1]
            assert not first["whole"] and whole["whole"] and len(seen) == 2
            assert first["rows"] == PAGE and whole["rows"] == 150
            assert first["keys"] == whole["keys"] and first["groups"] == whole["groups"]
            assert {"Overdue", "Today", "This week"} <= set(first["groups"])
            assert first["title"].strip() == "Follow-ups" and "overdue" in whole["title"]
            assert first["cadence"] == min(PAGE, whole["cadence"]) > 0
            assert "quota" in str(screen.query_one("#today-banner", Static).render()).lower()
            assert isinstance(app.focused, TodayTable)
    # the follow-ups' first page came with the first rows: no page of them read by id
    by_id = [q for q in queries.get_queries()
             if 'FROM "follow_up"' in q.msg[0] and '"t1"."id" IN' in q.msg[0]]
    assert by_id == []


async def test_a_key_on_the_first_rows_acts_and_the_whole_agenda_keeps_the_cursor(book_path, monkeypatch):
    """The rep can move in the first rows before the counts come: the whole agenda then
    keeps the cursor on that row."""
    busy_book(150)
    hold = {"go": False}
    agenda = core_today.agenda

    def slow_agenda(*args, **kwargs):
        import time

        while not hold["go"]:  # the whole agenda waits until the rep has moved
            time.sleep(0.01)
        return agenda(*args, **kwargs)

    monkeypatch.setattr(core_today, "agenda", slow_agenda)
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(140, 42)) as pilot:
        table = None

        def first_rows_shown() -> bool:
            nonlocal table
            screen = app.screen
            if not isinstance(screen, TodayScreen):
                return False
            table = screen.table("follow_ups")
            return table.row_count == PAGE

        await wait_for(pilot, first_rows_shown, "the first rows")
        table.focus()
        await pilot.press("down", "down", "down")
        key = table.selected_id()
        assert key == table.source.key_at(3) and app.screen.agenda is None
        hold["go"] = True
        await wait_for(pilot, lambda: app.screen.agenda is not None, "the whole agenda")
        await settle(pilot)
        assert table.row_count == 150 and table.selected_id() == key


# --- the damage check of a big book: after the first load, never beside it -----------------
def _big_book_checked(monkeypatch, app_for_state: list, damaged: bool = True) -> list[dict]:
    """Every book counts as big; the check records what the screen was doing when it ran."""
    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", 0)
    calls = []

    def find_damage(path):
        app = app_for_state[0]
        today = app.screen_stack[0]  # Today: the first screen
        calls.append({
            "agenda shown": getattr(today, "agenda", None) is not None,
            "today loading": any(w.group == "today" and not w.is_finished for w in app.workers),
        })
        return f"the book {path} is damaged (test); run amtui doctor" if damaged else None

    monkeypatch.setattr(integrity, "find_damage", find_damage)
    return calls


@pytest.mark.sqlite_only("a server book keeps its own pages: no damage check")
async def test_a_big_books_damage_check_runs_once_todays_first_load_is_shown(book_path, monkeypatch):
    busy_book(20)
    holder: list = []
    calls = _big_book_checked(monkeypatch, holder)
    app = AmtuiApp(db_path=book_path)
    holder.append(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("damaged" in n.message for n in notifications(app)),
                       "the damage said on screen")
        await settle(pilot)
        assert calls == [{"agenda shown": True, "today loading": False}]
        said = [n for n in notifications(app) if "damaged" in n.message]
        assert said[0].title == "The book is damaged" and "amtui doctor" in said[0].message
        app.screen.reload()  # a later load never runs the check again
        await settle(pilot)
        assert len(calls) == 1


@pytest.mark.sqlite_only("a server book keeps its own pages: no damage check")
async def test_the_damage_check_runs_when_todays_first_load_fails(book_path, monkeypatch):
    fx.client("Acme Corp")
    holder: list = []
    calls = _big_book_checked(monkeypatch, holder)

    def locked(*args, **kwargs):
        raise StorageError("the book is locked by another program (test)")

    monkeypatch.setattr(core_today, "first_rows", locked)
    app = AmtuiApp(db_path=book_path)
    holder.append(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: calls, "the damage check")
        await wait_for(pilot, lambda: any("damaged" in n.message for n in notifications(app)),
                       "the damage said on screen")
        assert calls == [{"agenda shown": False, "today loading": False}]
        assert app.screen.query_one("#book-problem").display  # the load's failure is said too


async def test_a_failed_load_is_said_once(book_path, monkeypatch):
    """Textual calls each class's worker handler: the load's (today_load.TodayLoad) and
    SectionScreen's, which says the failure, each once."""
    fx.client("Acme Corp")

    def locked(*args, **kwargs):
        raise StorageError("the book is locked by another program (test)")

    monkeypatch.setattr(core_today, "first_rows", locked)
    monkeypatch.setattr(LiveBook, "start", lambda self: None)  # no second load
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#book-problem").display, "the failure said")
        await settle(pilot)
        assert len([n for n in notifications(app) if "locked" in n.message]) == 1


@pytest.mark.sqlite_only("a server book keeps its own pages: no damage check")
async def test_the_damage_check_runs_at_the_latest_without_todays_load(book_path, monkeypatch):
    """However the start goes (Today's load never ends), the check runs, after a while."""
    fx.client("Acme Corp")
    holder: list = []
    calls = _big_book_checked(monkeypatch, holder, damaged=False)
    monkeypatch.setattr(TodayScreen, "reload", lambda self, **kwargs: None)
    monkeypatch.setattr(app_module, "DAMAGE_CHECK_LATEST", 0.2)
    app = AmtuiApp(db_path=book_path)
    holder.append(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: calls, "the damage check")
        await settle(pilot)
        assert len(calls) == 1 and not any("damaged" in n.message for n in notifications(app))
