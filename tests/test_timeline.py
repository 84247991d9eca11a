"""The client's timeline: the whole of it scrolls (no limit), a page at a time from SQL,
each page one query wherever it is, and the cursor stays on its interaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import settle
from playhouse.test_utils import count_queries

from amtui.core import interactions
from amtui.core.client_detail import TIMELINE_PAGE, client_detail
from amtui.models import Interaction
from amtui.tui.app import AmtuiApp
from amtui.tui.navigation import open_client
from amtui.tui.widgets.row_source import PAGE
from amtui.tui.widgets.timeline_table import TimelineTable, timeline_source

TODAY = date(2026, 11, 27)
CALLS = 620


def many_calls(client_id: int, n: int = CALLS) -> None:
    """n calls, one a week back from yesterday: call 0 the newest, n-1 the oldest."""
    start = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    Interaction.insert_many([
        {"client": client_id, "kind": "call", "happened_at": start - timedelta(weeks=i),
         "summary": f"Call {i:04d}", "outcome": "", "created_at": start}
        for i in range(n)
    ]).execute()


@pytest.fixture
def book(book_path):
    acme = fx.client("Acme Corp", tier="A")
    many_calls(acme)
    small = fx.client("Bolt Ltd")
    many_calls(small, 3)
    return {"path": book_path, "acme": acme, "bolt": small}


def test_the_ids_are_the_whole_timeline_newest_first_and_a_page_is_one_query(book):
    ids = interactions.timeline_ids(book["acme"])
    assert len(ids) == CALLS
    assert [r.summary for r in interactions.timeline_rows(ids[:3])] == ["Call 0000", "Call 0001", "Call 0002"]
    with count_queries() as first:
        assert len(interactions.timeline_rows(ids[:PAGE])) == PAGE
    with count_queries() as deep:
        rows = interactions.timeline_rows(ids[600:600 + PAGE])
    assert rows[-1].summary == f"Call {CALLS - 1:04d}" and rows[-1].client == "Acme Corp"
    assert first.count == deep.count == 1


def test_the_record_reads_the_same_queries_for_3_or_620_interactions(book):
    with count_queries() as few:
        small = client_detail(book["bolt"])
    with count_queries() as many:
        big = client_detail(book["acme"])
    assert few.count == many.count
    assert len(big.timeline_ids) == CALLS and len(big.timeline) == TIMELINE_PAGE
    assert big.timeline[0].summary == "Call 0000" and len(small.timeline) == 3


async def show_timeline(app, pilot, client_id: int) -> TimelineTable:
    await settle(pilot, 4)
    open_client(app, client_id)
    await settle(pilot, 4)
    await pilot.press("tab")  # contacts -> timeline
    await settle(pilot, 4)
    assert app.screen.part == "timeline"
    return app.screen.query_one(TimelineTable)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_the_timeline_scrolls_to_the_oldest_interaction(book, size):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        table = await show_timeline(app, pilot, book["acme"])
        tab = app.screen.query_one("#client-parts").get_tab("timeline")
        # the count in the tab (shorter on a narrow terminal, so every tab shows)
        assert str(tab.label) == (f"Timeline ({CALLS})" if size[0] >= 120 else f"Timeline {CALLS}")
        assert table.row_count == CALLS and app.focused is table
        assert table.cell_text(0, "summary") == "Call 0000"
        assert table.scrollable_content_region.height - 1 >= 8  # 8 rows or more below the header
        with count_queries() as counted:
            await pilot.press("end")
            await settle(pilot, 4)
        assert counted.count <= 2  # the last page (and at most the one above it): one query each
        assert table.cursor == CALLS - 1
        assert table.cell_text(CALLS - 1, "summary") == f"Call {CALLS - 1:04d}"
        assert any(f"Call {CALLS - 1:04d}" in table.render_line(y).text for y in range(table.size.height))
        # the moment is never cut, whatever the width
        for index in range(CALLS - table.body_height, CALLS):
            assert table.shown_cell(index, "when").strip() == table.cell_text(index, "when")
        await pilot.press("home")
        await settle(pilot, 4)
        assert table.cursor == 0 and table.cell_text(0, "summary") == "Call 0000"


async def test_a_reload_keeps_the_cursor_on_its_interaction(book):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        table = await show_timeline(app, pilot, book["acme"])
        table.move_cursor(450)
        await settle(pilot, 4)
        chosen = table.selected_id()
        assert table.cell_text(450, "summary") == "Call 0450"
        # a newer call moves every row down by one; the cursor follows its call
        interactions.log_interaction(book["acme"], "Newest call", when=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
        await pilot.press("r")
        await settle(pilot, 4)
        assert table.row_count == CALLS + 1
        assert table.selected_id() == chosen and table.cursor == 451
        assert table.cell_text(451, "summary") == "Call 0450"
        assert table.cell_text(0, "summary") == "Newest call"


async def test_delete_asks_about_the_interaction_under_the_cursor(book):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        table = await show_timeline(app, pilot, book["acme"])
        await pilot.press("end")
        await settle(pilot, 4)
        oldest = table.selected_id()
        await pilot.press("D")
        await settle(pilot, 4)
        assert "Call 0619" in str(app.screen.query_one(".form-intro").render())
        await pilot.press("y")
        await settle(pilot, 4)
        assert not Interaction.select().where(Interaction.id == oldest).exists()
        assert table.row_count == CALLS - 1


def test_a_source_holds_the_newest_page_and_fetches_the_rest(book):
    detail = client_detail(book["acme"])
    source = timeline_source(detail.timeline_ids, detail.timeline)
    assert source.loaded(0) and not source.loaded(CALLS - 1)
    assert source.missing(CALLS - 5, CALLS - 1) == [(CALLS - 1) // PAGE]
    source.put((CALLS - 1) // PAGE, source.load((CALLS - 1) // PAGE))
    assert source.row(CALLS - 1).summary == f"Call {CALLS - 1:04d}"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_opening_a_client_mounts_one_list_and_each_tab_mounts_its_own_when_shown(book, size):
    """Opening a client builds the first part's table only; each other part's list is
    mounted (and filled from the record already read: no query) the first time its tab
    shows, and stays mounted after that."""
    from amtui.tui.widgets.client_parts import PART_IDS, PartTable

    def lists(screen) -> list[str]:
        return sorted(t.id for t in screen.query(PartTable)) + [t.id for t in screen.query(TimelineTable)]

    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        open_client(app, book["acme"])
        await settle(pilot)
        screen = app.screen
        assert lists(screen) == [f"table-{PART_IDS[0]}"]
        with count_queries(only_select=True) as switching:
            for step in range(1, len(PART_IDS)):
                await pilot.press("tab")
                await settle(pilot)
                assert screen.part == PART_IDS[step] and app.focused is screen.table
                assert len(lists(screen)) == step + 1
        assert switching.count == 0  # the record was read once, on opening
        timeline = screen.query_one(TimelineTable)
        assert timeline.row_count == CALLS and timeline.cell_text(0, "summary") == "Call 0000"
        await pilot.press("tab")  # around to the first part again: nothing new mounted
        await settle(pilot)
        assert len(lists(screen)) == len(PART_IDS)
