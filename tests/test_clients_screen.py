"""The Clients section and the client detail, driven from the keyboard with Pilot."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import settle as shared_settle
from pilot_helpers import wait_for
from textual.widgets import Input

from amtui.core import clients, contacts, followups, holdings, interactions
from amtui.core.deal_moves import create_deal
from amtui.models import Client, Interaction
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.screens.client_detail import ClientDetailScreen
from amtui.tui.screens.clients import ClientsScreen
from amtui.tui.widgets.client_parts import PartTable
from amtui.tui.widgets.client_table import ClientTable
from amtui.tui.widgets.row_source import PAGE

TODAY = date(2026, 11, 27)


@pytest.fixture
def book(book_path):
    acme = clients.create_client("Acme Corp", tier="A", industry="Manufacturing")
    globex = clients.create_client("Globex", industry="Retail")
    initech = clients.create_client("Initech", tier="C", industry="Software")
    contacts.add_contact(acme, "Jane Doe", title="CFO")
    contacts.add_contact(globex, "Wendy Tanaka")
    interactions.log_interaction(acme, "QBR", when=TODAY - timedelta(days=3))
    followups.add_follow_up(acme, "Send deck", TODAY + timedelta(days=4))
    create_deal(initech, "Expansion", Decimal("50000"))
    return {"path": book_path, "acme": acme, "globex": globex, "initech": initech}


async def settle(pilot, *, typed: bool = False) -> None:
    """Let the thread workers finish and their messages land (after typing in the filter,
    first wait for its debounce timer to run the filter on what was typed)."""
    if typed:
        screen, box = pilot.app.screen, pilot.app.screen.query_one("#client-filter", Input)
        await wait_for(pilot, lambda: screen.query_state.text == box.value.strip(), "the filter to run")
    await shared_settle(pilot)


def shown(app) -> list[str]:
    table = app.screen.query_one(ClientTable)
    return [table.cell_text(i, "name") for i in range(table.row_count)]


async def open_clients(pilot) -> None:
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientsScreen)


@asynccontextmanager
async def on_clients(book_file, size=(140, 40)):
    """The app on the book, on the Clients list: (app, pilot)."""
    app = AmtuiApp(db_path=book_file)
    async with app.run_test(size=size) as pilot:
        await open_clients(pilot)
        yield app, pilot


async def open_detail(pilot) -> ClientDetailScreen:
    """Enter on the highlighted client: its detail screen."""
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ClientDetailScreen)
    return pilot.app.screen


async def test_filter_as_you_type_and_escape_clears(book):
    async with on_clients(book["path"]) as (app, pilot):
        assert shown(app) == ["Acme Corp", "Globex", "Initech"]
        await pilot.press("slash", "t", "a", "n")
        await settle(pilot, typed=True)
        assert shown(app) == ["Globex"]  # Wendy Tanaka works there
        await pilot.press("backspace", "backspace", "backspace", "s", "o", "f", "t")
        await settle(pilot, typed=True)
        assert shown(app) == ["Initech"]  # by industry
        await pilot.press("escape")
        await settle(pilot)
        assert shown(app) == ["Acme Corp", "Globex", "Initech"]
        assert app.screen.focused is app.screen.query_one(ClientTable)


async def test_sort_keys_cycle_and_reverse(book):
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("greater_than_sign")  # tier
        await settle(pilot)
        assert shown(app) == ["Acme Corp", "Globex", "Initech"]
        assert app.screen.query_one(ClientTable).labels()["tier"] == "Tier ▲"
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert shown(app) == ["Initech", "Globex", "Acme Corp"]
        for _ in range(5):  # industry, health, last contact, next step, open pipeline
            await pilot.press("greater_than_sign")
        await settle(pilot)
        assert app.screen.query_state.sort == "open_pipeline"
        assert shown(app)[0] == "Initech"  # the biggest pipeline first


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_sorted_column_shows_at_any_width_with_its_arrow_whole(book, size):
    """At 80 columns Tier, Industry and Issues make way for the name, unless the list is
    sorted by one: that one stays, its header whole, and the name still reads."""
    clients.create_client("Consolidated Amalgamated Broadcasting Holdings", industry="Broadcast and Digital Media")
    async with on_clients(book["path"], size=size) as (app, pilot):
        table = app.screen.query_one(ClientTable)
        if size == (80, 24):
            assert not {"tier", "industry", "open_issues"} & set(table.widths)
        for sort, label in (("tier", "Tier ▲"), ("industry", "Industry ▲")):
            await pilot.press("greater_than_sign")
            await settle(pilot)
            assert app.screen.query_state.sort == sort
            assert table.widths[sort] >= len(label) and table.labels()[sort] == label
            assert table.widths["name"] >= len("Consolidated")
        for _ in range(5):  # health, last contact, next step, open pipeline, open issues
            await pilot.press("greater_than_sign")
        await settle(pilot)
        assert app.screen.query_state.sort == "open_issues"
        assert "open_issues" in table.widths and table.labels()["open_issues"] == "Issues ▼"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_clients_key_on_a_record_goes_back_to_the_list(book, size):
    """`2` on a client's record (opened from Clients) is the client list again, the cursor
    on that client; over a dialog it is the dialog's, and on the list it does nothing."""
    async with on_clients(book["path"], size=size) as (app, pilot):
        await pilot.press("down")
        await settle(pilot)
        detail = await open_detail(pilot)
        assert detail.client_id == book["globex"]
        await pilot.press("l")  # a dialog over the record keeps the key as typing
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.focused.value == "2"
        await pilot.press("escape")
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):  # asked about the typing: throw it away
            await pilot.press("y")
            await settle(pilot)
        assert app.screen is detail
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen) and len(app.screen_stack) == 1
        assert app.screen.query_one(ClientTable).selected_id() == book["globex"]
        await pilot.press("2")  # on the list already: nothing
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen)
        # from another section too: the list, not the record left open
        await open_detail(pilot)
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen) and len(app.screen_stack) == 1


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_clients_key_on_a_record_opened_from_today_lands_on_that_client(book, size):
    """Opened from Today (or the palette), `2` went to the list with its cursor wherever it
    was: enter then opened another client."""
    from amtui.tui.screens.client_detail import ClientDetailScreen

    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.push_screen(ClientDetailScreen(book["globex"]))  # as enter on Today's row does
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen) and len(app.screen_stack) == 1
        assert app.screen.query_one(ClientTable).selected_id() == book["globex"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClientDetailScreen) and app.screen.client_id == book["globex"]


@pytest.fixture
def big_book(book_path):
    Client.insert_many(
        [{"name": f"Client {i:04d}", "name_key": f"client {i:04d}"} for i in range(2000)]
    ).execute()
    return book_path


async def test_the_whole_list_scrolls_to_the_last_client(big_book):
    async with on_clients(big_book) as (app, pilot):
        table = app.screen.query_one(ClientTable)
        assert table.row_count == 2000  # no "first N shown": every client is in the list
        assert "2,000 clients" in str(app.screen.query_one("#client-status").render())
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor == 1999 and table.selected_id() is not None
        assert table.cell_text(1999, "name") == "Client 1999"
        assert rendered_lines(table)[-1].startswith(" Client 1999")  # on screen, not only loaded
        await pilot.press("pageup")
        await settle(pilot)
        assert table.cursor == 1999 - table.body_height
        assert table.cell_text(table.cursor, "name") == f"Client {table.cursor:04d}"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_big_book_at_80x24_and_200x60(big_book, size):
    from amtui.core import deal_moves, followups

    first = Client.select().order_by(Client.name_key).first().id
    followups.add_follow_up(first, "Renewal call", date(2027, 1, 21))  # "21 Jan 2027": a wide date
    deal_moves.create_deal(first, "Expansion", Decimal("1250000"))
    async with on_clients(big_book, size) as (app, pilot):
        table = app.screen.query_one(ClientTable)
        assert table.scrollable_content_region.height - 1 >= 8  # 8 rows or more below the header
        for key in ("next_follow_up", "open_pipeline", "last_contact"):
            for index in range(table.body_height):
                assert table.shown_cell(index, key).strip() == table.cell_text(index, key), (key, index)
        assert table.cell_text(0, "next_follow_up") == "21 Jan 2027"
        assert table.cell_text(0, "open_pipeline") == "$1,250,000"


def rendered_lines(table) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_cursor_stays_on_its_client_across_a_reload_and_a_sort(big_book):
    async with on_clients(big_book) as (app, pilot):
        table = app.screen.query_one(ClientTable)
        table.move_cursor(1234)
        await settle(pilot)
        chosen = table.selected_id()
        assert table.cell_text(1234, "name") == "Client 1234"
        clients.create_client("Aaron Ltd")  # a new first row: every index moves by one
        await pilot.press("r")
        await settle(pilot)
        assert table.selected_id() == chosen and table.cursor == 1235
        assert table.cell_text(table.cursor, "name") == "Client 1234"
        await pilot.press("less_than_sign")  # name, reversed
        await settle(pilot)
        assert table.selected_id() == chosen and table.cursor == 2000 - 1235
        assert table.cell_text(table.cursor, "name") == "Client 1234"
        assert any("Client 1234" in line for line in rendered_lines(table))


async def test_a_page_costs_a_fixed_number_of_queries(big_book):
    from playhouse.test_utils import count_queries

    from amtui.core import client_list
    from amtui.tui.screens.clients import fetch_page

    ids = client_list.client_ids()
    fetch = fetch_page(ids)
    with count_queries() as first:
        assert len(fetch(0, PAGE)) == PAGE
    with count_queries() as deep:
        assert [r.name for r in fetch(1900, PAGE)][-1] == "Client 1999"
    assert first.count == deep.count <= 10  # the same whatever the page's offset (rows, then health inputs)
    with count_queries() as order:
        client_list.client_ids(sort="last_contact", descending=True)
    assert order.count == 1


async def test_opening_the_list_costs_the_same_queries_for_3_or_2000_clients(book, tmp_path):
    from playhouse.test_utils import count_queries

    async def opening(path) -> int:
        app = AmtuiApp(db_path=path)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            with count_queries() as counted:
                await open_clients(pilot)
                await pilot.press("end")  # and the last page
                await settle(pilot)
            return counted.count

    few = await opening(book["path"])
    Client.insert_many([{"name": f"Client {i:04d}", "name_key": f"client {i:04d}"} for i in range(2000)]).execute()
    many = await opening(book["path"])
    # the same ids query and first page, then the two pages the end of the list shows (10
    # queries each): nothing grows with the number of clients
    assert many <= few + 2 * 10, (few, many)


async def test_enter_opens_detail_and_escape_goes_back(book):
    async with on_clients(book["path"]) as (app, pilot):
        await open_detail(pilot)
        screen = app.screen
        assert isinstance(screen, ClientDetailScreen) and screen.client_id == book["acme"]
        header = " ".join(line.plain for line in screen.query_one("#client-header").content.renderables)
        assert "Acme Corp" in header and "tier A" in header and "health" in header
        assert screen.query_one("#table-contacts", PartTable).row_count == 1
        await pilot.press("tab")
        await pilot.pause()
        assert screen.part == "timeline"
        await pilot.press("tab")
        await pilot.pause()
        assert screen.part == "follow_ups"
        assert screen.check_action("done", ()) is True and screen.check_action("win", ()) is False
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ClientsScreen)


async def test_add_a_client_then_land_on_it(book):
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"acme corp")
        await pilot.pause()
        hint = app.screen.query_one("#hint-name")
        assert "a client named 'Acme Corp' already exists" in str(hint.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert Client.select().count() == 3  # refused, nothing written
        for _ in range(9):
            await pilot.press("backspace")
        await pilot.press(*"Hooli")
        await pilot.press("ctrl+s")
        await settle(pilot)
        hooli = clients.find_client("Hooli")
        assert isinstance(app.screen, ClientDetailScreen) and app.screen.client_id == hooli.id
        await pilot.press("escape")
        await settle(pilot)
        assert "Hooli" in shown(app)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_enter_twice_in_a_burst_opens_one_form(book, size):
    """A double enter (read before the first one's form opened) opened two forms, the
    second saving over the first as if another window had.  Now each key is handled in
    turn (tui/key_gate.py): the first opens the contact's form, the second reaches that
    form, as if typed there, and saves it as it is."""
    from textual import events

    from amtui.core.contacts import get_contact
    from amtui.tui.dialogs.form import FormScreen

    async with on_clients(book["path"], size=size) as (app, pilot):
        detail = await open_detail(pilot)
        detail.query_one("#table-contacts", PartTable).focus()
        await settle(pilot)
        contact_id = detail.query_one("#table-contacts", PartTable).selected_id()
        before = get_contact(contact_id)
        opened = []
        push = app.push_screen
        app.push_screen = lambda screen, *a, **k: (opened.append(type(screen).__name__), push(screen, *a, **k))[1]
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))
        await wait_for(pilot, lambda: opened and app.screen is detail, "the form opened and saved")
        await settle(pilot)
        assert opened == ["ContactForm"]
        assert not any(isinstance(s, FormScreen) for s in app.screen_stack)
        after = get_contact(contact_id)
        assert (after.name, after.email, after.title) == (before.name, before.email, before.title)


async def test_edit_a_contact_and_add_one_from_the_detail(book):
    async with on_clients(book["path"]) as (app, pilot):
        await open_detail(pilot)
        await pilot.press("e")  # the contacts part is first
        await pilot.pause()
        await pilot.press("tab")  # name -> title
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"CEO")
        await pilot.press("ctrl+s")
        await settle(pilot)
        jane = contacts.client_contacts(book["acme"])[0]
        assert jane.title == "CEO"
        table = app.screen.query_one("#table-contacts", PartTable)
        assert "CEO" in [str(c) for c in table.get_row_at(0)]
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Raj", "tab", "tab", *"r@")
        await pilot.pause()
        assert "does not look like an email" in str(app.screen.query_one("#hint-email").render())
        await pilot.press(*"a.co", "ctrl+s")
        await settle(pilot)
        assert [c.name for c in contacts.client_contacts(book["acme"])] == ["Jane Doe", "Raj"]
        assert table.row_count == 2


async def test_archive_asks_first_and_a_brings_it_back(book):
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("down", "a")  # Globex
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert not clients.get_client(book["globex"]).archived
        await pilot.press("a", "y")
        await settle(pilot)
        assert clients.get_client(book["globex"]).archived
        assert shown(app) == ["Acme Corp", "Initech"]
        await pilot.press("A")
        await settle(pilot)
        assert "Globex (archived)" in shown(app)
        app.screen.query_one(ClientTable).move_cursor(1)
        await pilot.press("a")  # unarchiving needs no confirmation
        await settle(pilot)
        assert not clients.get_client(book["globex"]).archived


async def test_delete_says_what_goes_with_it(book):
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("D")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "1 contact, 1 interaction and 1 follow-up" in dialog.message
        await pilot.press("y")
        await settle(pilot)
        assert shown(app) == ["Globex", "Initech"]
        assert Interaction.select().count() == 0


async def test_a_client_deleted_comes_back_with_ctrl_z_as_its_confirmation_says(book):
    """The confirmation said "It cannot be undone" while ctrl+z put the client back: it now
    says ctrl+z does, after the changes made since, which a later change doesn't stop."""
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        dialog = app.screen
        assert dialog.title_text == "Delete Acme Corp?"
        assert "cannot be undone" not in dialog.message
        assert "ctrl+z brings it all back while it is among the last 50 changes" in dialog.message
        assert "undoing those made after it first" in dialog.message
        await pilot.press("y")
        await settle(pilot)
        assert shown(app) == ["Globex", "Initech"]
        await pilot.press("a", "y")  # a later change: Globex archived
        await settle(pilot)
        assert clients.get_client(book["globex"]).archived
        await pilot.press("ctrl+z")  # that one first
        await settle(pilot)
        assert not clients.get_client(book["globex"]).archived
        assert Client.get_or_none(Client.id == book["acme"]) is None
        await pilot.press("ctrl+z")  # then the delete: the client and its history
        await settle(pilot)
        assert clients.get_client(book["acme"]).name == "Acme Corp"
        assert [i.summary for i in interactions.timeline(book["acme"])] == ["QBR"]
        await wait_for(pilot, lambda: shown(app) == ["Acme Corp", "Globex", "Initech"], "Acme listed again")


async def test_log_an_interaction_from_the_list(book):
    async with on_clients(book["path"]) as (app, pilot):
        await pilot.press("down", "down", "l")  # Initech
        await pilot.pause()
        assert type(app.screen).__name__ == "LogInteractionForm"
        await pilot.press(*"Intro", "ctrl+s")
        await settle(pilot)
        assert [i.summary for i in interactions.timeline(book["initech"])] == ["Intro"]
        table = app.screen.query_one(ClientTable)
        assert table.cell_text(table.source.index_of(book["initech"]), "last_contact") == "today"  # after the reload
        await pilot.press("f")
        await pilot.pause()
        assert type(app.screen).__name__ == "FollowUpForm"
        await pilot.press("escape", "i")
        await pilot.pause()
        assert type(app.screen).__name__ == "ServiceIssueForm"


async def test_follow_up_done_and_deal_keys_in_the_detail(book):
    async with on_clients(book["path"]) as (app, pilot):
        await open_detail(pilot)
        await pilot.press("tab", "tab", "d")  # follow-ups: done, then the next-step offer
        await pilot.pause()
        assert type(app.screen).__name__ == "NextStepDialog"
        await pilot.press("n")  # skip
        await settle(pilot)
        assert followups.open_follow_ups(book["acme"]) == []
        assert app.screen.query_one("#table-follow_ups", PartTable).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # Initech, which has a deal
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "right_square_bracket")
        await settle(pilot)
        from amtui.core.pipeline import deal, deals

        [row] = [d for d in deals(status="all") if d.client_id == book["initech"]]
        assert deal(row.id).stage == "Discover"
        table = app.screen.query_one("#table-deals", PartTable)
        assert "Discover" in [str(c) for c in table.get_row_at(0)]


async def test_holdings_commitments_and_deleting_in_the_detail(book):
    from amtui.core import commitments
    from amtui.core.products import create_product
    from amtui.core.undo import last_change

    create_product("Analytics Pro", "Analytics", Decimal("12000"))
    commitments.add_commitment(book["acme"], "Quarterly review", due_on=TODAY - timedelta(days=2))
    async with on_clients(book["path"]) as (app, pilot):
        await open_detail(pilot)
        screen = app.screen
        await pilot.press("shift+tab")  # back around to Commitments
        await pilot.pause()
        assert screen.part == "commitments"
        await pilot.press("d")  # done on a commitment: kept
        await settle(pilot)
        assert [c.status for c in commitments.client_commitments(book["acme"])] == ["kept"]
        assert last_change() == "Commitment kept: Quarterly review (Acme Corp)"  # by name
        await pilot.press("shift+tab", "n")  # Products held: a new holding
        await pilot.pause()
        assert type(app.screen).__name__ == "HoldingForm"
        await pilot.press("enter", "down", "enter")  # pick the only product
        await pilot.press("ctrl+s")  # blank value: the list price
        await settle(pilot)
        [held] = holdings.client_holdings(book["acme"])
        assert (held.product, held.annual_value, held.since) == ("Analytics Pro", Decimal("12000.00"), TODAY)
        assert screen.query_one("#table-holdings", PartTable).row_count == 1
        for _ in range(4):  # holdings -> issues -> deals -> follow-ups -> timeline
            await pilot.press("shift+tab")
        await pilot.pause()
        assert screen.part == "timeline"
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "QBR" in app.screen.message
        await pilot.press("y")
        await settle(pilot)
        assert interactions.timeline(book["acme"]) == []
        said = last_change()
        assert said.startswith("Deleted interaction: ") and "QBR" in said and said.endswith("(Acme Corp)")


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_typed_ahead_from_today_the_keys_open_the_client_they_name(book, size):
    """`2 down enter` typed at once on Today: the list's rows weren't there yet when `down` and
    `enter` came, so they moved over nothing (tui/key_gate.py waits for the first rows)."""
    from textual import events

    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await shared_settle(pilot, 3)
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers), "the start")
        for key in ("2", "down", "enter"):
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        await wait_for(pilot, lambda: isinstance(app.screen, ClientDetailScreen), "a client opened")
        assert app.screen.client_id == clients.find_client("Globex").id  # the second, by name
        await wait_for(pilot, lambda: app.screen.ready_for_keys(), "its record shown")
        await shared_settle(pilot)
        assert app.focused is app.screen.query_one("#table-contacts")
