"""A holding whose end date has passed is held no more: not in "holds … a year", not
owned in White space, shown ended; saving one says so (found in an audit: a holding
ending yesterday counted as held everywhere).  Today = 2026-11-27."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pilot_helpers import notifications, running, settle
from textual.geometry import Region
from textual.widgets import Input

from amtui.cli import main
from amtui.core import holdings
from amtui.core.client_detail import client_detail
from amtui.core.clients import create_client
from amtui.core.products import create_product
from amtui.core.whitespace import white_space
from amtui.models import Holding
from amtui.reports import brief
from amtui.tui.navigation import open_client
from amtui.tui.widgets.client_parts import PartTable

TODAY = date(2026, 11, 27)
YESTERDAY = TODAY - timedelta(days=1)


def _book() -> dict:
    """Acme holds Analytics ($30,000 to next year) and Display ($21,500: it ended
    yesterday, left active by an older amtui or an import)."""
    acme = create_client("Acme Corp")
    analytics = create_product("Analytics Pro", "Analytics", Decimal("30000"))
    display = create_product("Display Ads", "Media", Decimal("21500"))
    held = holdings.add_holding(acme, analytics, annual_value="30000", since=date(2026, 1, 1),
                                ends_on=date(2027, 6, 30))
    lapsed = Holding.create(client=acme, product=display, annual_value=Decimal("21500"),
                            since=date(2025, 11, 26), ends_on=YESTERDAY, status="active").id
    return {"acme": acme, "analytics": analytics, "display": display, "held": held, "lapsed": lapsed}


def test_held_on_a_day_hand_worked(book_path):
    b = _book()
    rows = {h.id: h for h in holdings.client_holdings(b["acme"])}
    assert rows[b["held"]].held_on(TODAY) and not rows[b["lapsed"]].held_on(TODAY)
    assert rows[b["lapsed"]].held_on(YESTERDAY)  # held through its last day
    assert rows[b["lapsed"]].status_on(TODAY) == "ended"
    assert holdings.value_held(list(rows.values()), TODAY) == Decimal("30000.00")
    assert holdings.value_held(list(rows.values()), YESTERDAY) == Decimal("51500.00")
    assert Holding.select().where(holdings.held_on(TODAY)).count() == 1


def test_the_client_holds_only_what_has_not_ended(book_path):
    b = _book()
    d = client_detail(b["acme"])
    assert d.annual_value_held == Decimal("30000.00")
    assert [h.product for h in d.held] == ["Analytics Pro"]


def test_white_space_does_not_count_an_ended_holding_as_owned(book_path):
    _book()
    [row] = white_space().rows
    assert row.cells["Analytics"].state == "owned"
    assert row.cells["Media"].state == "gap"
    assert [p.name for p in row.cells["Media"].missing] == ["Display Ads"]  # offer it again


def test_the_brief_lists_and_totals_what_is_held(book_path):
    b = _book()
    report = brief.build(client=b["acme"])
    [kpi] = [k for k in report.kpis if k.label == "Products held"]
    assert kpi.value == Decimal("30000.00")
    [held] = [s for s in brief._blocks(client_detail(b["acme"]), TODAY) if s.name == "What they hold"]
    assert [r[0] for r in held.rows] == ["Analytics Pro"]


def test_a_holding_saved_with_its_end_past_is_recorded_ended_and_said_so(book_path):
    acme = create_client("Acme Corp")
    display = create_product("Display Ads", "Media", Decimal("21500"))
    old = holdings.add_holding(acme, display, annual_value="21500", ends_on=YESTERDAY)
    assert holdings.get_holding(old).status == "ended"
    assert holdings.saved_note(old) == (
        "Holding saved as ended: it ended Thu 26 Nov, so it is not counted as held")
    # history does not stand in the way of the holding held now
    now = holdings.add_holding(acme, display, annual_value="22000", ends_on=date(2027, 11, 26))
    assert holdings.saved_note(now) == "Holding saved"
    # an edit that moves the end into the past ends it too
    holdings.update_holding(now, ends_on=YESTERDAY)
    assert holdings.get_holding(now).status == "ended"


def test_amtui_client_show_says_ended(book_path, capsys):
    _book()
    assert main(["client", "show", "Acme"]) == 0
    out = capsys.readouterr().out
    assert "holds $30,000 a year" in out
    assert "Display Ads  $21,500 a year  ends Thu 26 Nov  (ended)" in out
    assert "Analytics Pro  $30,000 a year  ends 30 Jun 2027\n" in out


def _drawn(widget) -> str:
    return "\n".join("".join(s.text for s in widget.render_lines(Region(0, y, widget.size.width, 1)))
                     for y in range(widget.size.height))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_client_screen_holds_only_what_has_not_ended(book_path, size):
    b = _book()
    async with running(book_path, size) as (app, pilot):
        await settle(pilot)
        open_client(app, b["acme"])
        await settle(pilot)
        screen = app.screen
        screen.action_part(-2)  # contacts -> commitments -> Products held
        await settle(pilot)
        assert screen.part == "holdings"
        assert "holds $30,000 a year" in _drawn(screen.query_one("#client-header"))
        table = screen.query_one("#table-holdings", PartTable)
        statuses = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
        assert statuses == {"Analytics Pro": "active", "Display Ads": "ended"}
        # a holding added with its end already past: saved, and the note says it ended
        screen._push_holding_form(None)
        await settle(pilot)
        assert app.screen.form_title == "New holding for Acme Corp"
        app.screen.query_one("#field-product_id").value = b["display"]
        app.screen.query_one("#field-since", Input).value = "2025-11-26"  # a year, for history
        app.screen.query_one("#field-ends_on", Input).value = "yesterday"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = [str(n.message) for n in notifications(app)]
        assert "Holding saved as ended: it ended Thu 26 Nov, so it is not counted as held" in notes
        assert sorted(h.status for h in holdings.client_holdings(b["acme"])) == ["active", "active", "ended"]
        assert "holds $30,000 a year" in _drawn(screen.query_one("#client-header"))


# --- one word for it: "holding" (README's word), in every note, dialog, form and undo --------


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_holding_is_called_a_holding_everywhere(book_path, size):
    from amtui.core.undo import last_change
    from amtui.tui.dialogs.confirm import ConfirmDialog

    b = _book()
    async with running(book_path, size) as (app, pilot):
        await settle(pilot)
        open_client(app, b["acme"])
        await settle(pilot)
        screen = app.screen
        screen.action_part(-2)
        await settle(pilot)
        screen._push_holding_form(b["held"])
        await settle(pilot)
        assert app.screen.form_title == "Edit holding: Analytics Pro"
        app.screen.query_one("#field-annual_value", Input).value = "31000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Holding saved" in [str(n.message) for n in notifications(app)]
        assert last_change() == "Holding edited: Analytics Pro (Acme Corp)"
        screen.table.move_cursor(row=0)  # Analytics Pro: active ones first
        await pilot.pause()
        screen.action_delete()
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.title_text == "Delete this holding?"
        await pilot.press("y")
        await settle(pilot)
        said = [str(n.message) for n in notifications(app)]
        assert any(s.startswith("Deleted holding: Analytics Pro") for s in said), said
        assert not any("product held" in s.casefold() for s in said)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_white_space_on_screen_shows_an_ended_holdings_family_as_a_gap(book_path, size):
    _book()
    async with running(book_path, size) as (app, pilot):
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("W")
        await settle(pilot, 3)
        table = app.screen.query_one("#ws-table")
        [row] = [line for line in _drawn(table).splitlines() if "Acme" in line]
        assert list(table.widths)[2:] == ["Analytics", "Media"]
        assert row.count("●") == 1 and row.count("○") == 1  # Analytics owned, Media a gap
        assert row.index("●") < row.index("○")
