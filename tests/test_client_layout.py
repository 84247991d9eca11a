"""The client's header and the client list at 80x24 and a large size (issue 15): a figure
is never cut (the header wraps between its parts instead), and at 80 columns a client's
name of 26 characters reads whole in the list."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import activity_fixtures as fx
import pytest
from pilot_helpers import settle
from textual.geometry import Region

from amtui.core import dates_fmt
from amtui.core.money import fmt_money
from amtui.tui.app import AmtuiApp
from amtui.tui.navigation import open_client
from amtui.tui.widgets.client_table import ClientTable

TODAY = date(2026, 11, 27)
NAME = "Halcyon & Reed Advertising"  # 26 characters
SIZES = [(80, 24), (120, 40), (200, 60)]


@pytest.fixture
def book(book_path):
    client = fx.client(NAME, tier="A", industry="Travel & Hospitality", renewal_on=TODAY + timedelta(days=20),
                       handed_over_on=date(2024, 3, 15), handed_over_by="Jordan Ellery",
                       handover_notes="Long-standing account moved from another rep; relationship is good "
                                      "but under-served. Interested in Programmatic Display and Social.",
                       needs="Build first-party audience data ahead of cookie deprecation.")
    fx.contact(client, "Ethan Thompson", title="Communications Director", is_primary=True)
    fx.interaction(client, TODAY - timedelta(days=10), "QBR")
    fx.deal(client, "Programmatic expansion", Decimal("1250000"), close_on=TODAY + timedelta(days=40))
    fx.holding(client, "Print Full-Page Series", TODAY + timedelta(days=200), value=Decimal("78000"))
    for i in range(12):
        fx.client(f"Client {i:02d}")
    return {"path": book_path, "client": client}


def drawn(widget) -> list[str]:
    return ["".join(s.text for s in widget.render_lines(Region(0, y, widget.size.width, 1)))
            for y in range(widget.size.height)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_client_header_never_cuts_a_figure(book, size):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 4)
        open_client(app, book["client"])
        await settle(pilot, 4)
        screen = app.screen
        d = screen.detail
        lines = drawn(screen.query_one("#client-header"))
        figures = [
            f"health {d.health.score} {d.health.label}",
            f"open pipeline {fmt_money(d.open_pipeline, 'USD', decimals=False)}",
            f"({fmt_money(d.weighted_pipeline, 'USD', decimals=False)} weighted)",
            f"renewal {dates_fmt.day(d.client.renewal_on, TODAY)} (in 20 days)",
            "holds $78,000 a year",
            f"last contact 10d ago (every {d.cadence_days} days)",
            *(str(reason) for reason in d.health.reasons),
        ]
        for figure in figures:  # each whole, on one line
            assert any(figure in line for line in lines), (figure, lines)
        assert not any("\u2026" in line for line in lines), lines
        assert any(NAME in line for line in lines)
        # the part below still shows 8 rows or more
        table = screen.query_one("#table-contacts")
        assert table.region.height - 1 >= 8, table.region
        if size[0] >= 200:  # room to spare: the hand-over note reads whole
            assert any("Interested in Programmatic Display and Social." in line for line in lines)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_client_list_reads_names_whole_beside_whole_figures(book, size):
    app = AmtuiApp(db_path=book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 4)
        await pilot.press("2")
        await settle(pilot, 4)
        table = app.screen.query_one(ClientTable)
        drawn_width = sum(w + 2 for w in table.widths.values())
        assert drawn_width <= table.scrollable_content_region.width
        row = next(i for i in range(table.row_count) if table.cell_text(i, "name") == NAME)
        assert table.shown_cell(row, "name").strip() == NAME, table.widths
        for key in ("health", "last_contact", "next_follow_up", "open_pipeline"):
            assert key in table.widths
            for i in range(table.row_count):
                assert table.shown_cell(i, key).strip() == table.cell_text(i, key).strip(), (key, i)
        assert table.cell_text(row, "open_pipeline") == "$1,250,000"
        if size[0] >= 120:  # every column, the industry too
            assert len(table.widths) == 8


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"])
async def test_every_part_cuts_text_only_when_its_table_is_full(demo_book, size):
    """Each part's list sizes days, amounts and states to their widest cell (never cut)
    and lets its text columns share the rest: a text cell is cut (ending in …) only when
    the table has no room left; at 200x60 nothing is cut."""
    from amtui.tui.navigation import open_client
    from amtui.tui.widgets.client_parts import FIXED, PART_IDS, PartTable

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        open_client(app, 1)
        await settle(pilot)
        screen = app.screen
        for _ in PART_IDS:
            table = screen.table
            if isinstance(table, PartTable):
                room = table.scrollable_content_region.width
                full = sum(w + 2 for w in table.widths.values()) >= room - 1
                for _key, cells in table.rows_shown:
                    for i, (header, _w) in enumerate(table.part.columns):
                        whole = str(cells[i])
                        if str(i) not in table.widths:  # left out: an empty text column, or one
                            # the part lets go on a narrow table (the deals' Prob and Weighted)
                            assert (header not in FIXED and not whole.strip()) or header in dict(table.part.drops), (
                                screen.part, header)
                            continue
                        if len(whole) <= table.widths[str(i)]:
                            continue
                        assert header not in FIXED and full and size != (200, 60), (screen.part, header, whole)
                if table.part.id == "deals":  # the title keeps a readable width: Prob and Weighted go first
                    assert table.widths["0"] >= 20, table.widths
            await pilot.press("tab")
            await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"])
async def test_every_tab_is_on_screen_and_an_empty_column_gives_its_room(demo_book, size):
    """Issue 15, seen at 80x24: the tab strip ran off the right edge ("Product", no
    Commitments) and the contacts' empty Notes kept its room while the e-mail read
    "ethan.thomp…".  The tabs shorten to fit (counts go last); an empty column keeps just
    its label's width, and goes when another text column would be cut."""
    from textual.widgets import Tab

    from amtui.tui.widgets.client_parts import PARTS

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await settle(pilot, 3)
        await pilot.press("enter")
        await settle(pilot, 3)
        screen = app.screen
        tabs = list(screen.query_one("#client-parts").query(Tab))
        assert len(tabs) == len(PARTS)
        assert all(tab.region.width and tab.region.right <= size[0] for tab in tabs), [t.region for t in tabs]
        labels = [str(tab.label) for tab in tabs]
        if size[0] >= 120:  # room for the whole titles and their counts
            assert labels[0] == f"Contacts ({len(screen.detail.contacts)})" and "Products held" in labels[5]
        table = screen.table
        notes = str(len(PARTS[0].columns) - 1)
        assert all(not str(cells[int(notes)]).strip() for _key, cells in table.rows_shown)  # the demo's
        cut = [key for key in table.widths if key != notes
               for _k, cells in table.rows_shown if len(str(cells[int(key)])) > table.widths[key]]
        drawn, room = sum(w + 2 for w in table.widths.values()), table.scrollable_content_region.width
        assert drawn <= room
        if notes in table.widths:  # shown only while every other column reads whole
            assert not cut and table.widths[notes] == len("Notes"), table.widths
        else:  # gone: another column would be cut with it there
            assert cut or drawn + len("Notes") + 2 > room - 1, table.widths
        titles = [str(cells[1]) for _key, cells in table.rows_shown]
        assert "Communications Director" in titles and table.widths["1"] >= len("Communications Director")
        assert table.widths["2"] >= 17  # the e-mail: "ethan.thompson@al…", not "ethan.thomp…"
        # the labels follow a resize
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert str(tabs[0].label).startswith("Contacts (")
