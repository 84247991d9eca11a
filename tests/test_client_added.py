"""What is added from a client's record shows at once: the record brings the part that
holds it to the front with the new record highlighted (seen in an audit: a call logged
from the Deals part left Deals showing, and a follow-up added from a long list left the
cursor where it was)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pilot_helpers import settle

from amtui.core import followups, interactions, service
from amtui.tui.app import AmtuiApp
from amtui.tui.navigation import open_client
from amtui.tui.widgets.row_line import RowLine

CLIENT = 3  # the demo's Ashford Wealth Partners: every part has records
SIZES = [(80, 24), (200, 60)]


async def open_record(pilot, app):
    await settle(pilot, 3)
    open_client(app, CLIENT)
    await settle(pilot, 3)
    return app.screen


async def save(pilot, *keys: str) -> None:
    await pilot.pause()
    await pilot.press(*keys, "ctrl+s")
    await settle(pilot, 3)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_a_call_logged_from_the_deals_part_shows_in_the_timeline(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen = await open_record(pilot, app)
        while screen.part != "deals":
            await pilot.press("tab")
            await settle(pilot)
        await pilot.press("l")
        await save(pilot, *"Renewal call with the CFO about the two-year term")
        [newest] = interactions.timeline(CLIENT)[:1]
        assert newest.summary == "Renewal call with the CFO about the two-year term"
        assert screen.part == "timeline" and app.focused is screen.table
        assert screen.table.selected_id() == newest.id
        if size[0] == 80:  # the summary is cut in the table: the line under it reads whole
            line = screen.query_one("#client-line", RowLine)
            assert "Renewal call with the CFO about the two-year term" in str(line.render())


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_a_follow_up_and_an_issue_added_from_the_record_are_highlighted(demo_book, size, frozen_today):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        screen = await open_record(pilot, app)  # on Contacts
        before = {f.id for f in followups.open_follow_ups(CLIENT)}
        await pilot.press("f")
        await save(pilot, *"Send the signed order form", "tab", *"+3w")
        [added] = [f for f in followups.open_follow_ups(CLIENT) if f.id not in before]
        assert added.due_on == frozen_today + timedelta(weeks=3)
        assert screen.part == "follow_ups" and screen.table.selected_id() == added.id
        assert screen.table.cursor_row > 0  # not the first row: the cursor went to it
        await pilot.press("i")
        await save(pilot, *"Invoice sent to the wrong address")
        issue = max(service.client_issues(CLIENT), key=lambda i: i.id)
        assert issue.title == "Invoice sent to the wrong address"
        assert screen.part == "issues" and screen.table.selected_id() == issue.id


async def test_n_in_a_part_highlights_what_it_added_and_a_cancel_changes_nothing(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(pilot, app)
        while screen.part != "commitments":
            await pilot.press("tab")
            await settle(pilot)
        await pilot.press("down")
        kept = screen.table.selected_id()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, 3)
        assert screen.part == "commitments" and screen.table.selected_id() == kept
        await pilot.press("n")
        await save(pilot, *"A free audience study before the renewal")
        assert screen.table.selected_id() != kept
        assert screen.table.cells(str(screen.table.selected_id()))[0] == "A free audience study before the renewal"
