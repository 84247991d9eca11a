"""A field typed wrong stays marked while its error shows: until the rep changes that
field (or the save passes), whatever else they do.  Textual's Input validates itself as
it loses focus and took the red off again (the error text stayed), so a refused ctrl+s
then tab left an amount that looked fine over "'abc' is not an amount"."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import listening_app, running, settle, wait_for
from textual.geometry import Region
from textual.widgets import Input, Select, TextArea

from amtui.core import service
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import ServiceIssueForm
from amtui.tui.forms.deal import DealForm
from amtui.tui.screens.today import TodayScreen, TodayTable

SIZES = [(80, 24), (200, 60)]
TODAY = date(2026, 11, 27)


def look(widget) -> tuple:
    """How a control is drawn: what tells a marked one from the others."""
    styles = widget.styles
    return styles.background, styles.background_tint, styles.border_top, styles.border_bottom


def error_of(form: FormScreen, name: str) -> str:
    """The error under a field ('' when it shows none)."""
    hint = form.query_one(f"#hint-{name}")
    return str(hint.render()) if hint.has_class("-error") else ""


def shown_text(widget) -> str:
    """What a widget paints, border and all."""
    return " ".join(line.text for line in widget.render_lines(Region(0, 0, *widget.outer_size)))


def marked(form: FormScreen, name: str) -> bool:
    return form.query_one(f"#field-{name}").has_class("-invalid")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_an_amount_refused_at_save_stays_marked_until_it_is_changed(demo_book, size):
    async with running(demo_book, size) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, DealForm), "the new deal form")
        form = app.screen
        await pilot.press(*"Renewal", "tab", *"Alpine", "tab")
        amount = form.query_one("#field-amount", Input)
        assert app.focused is amount
        await pilot.press(*"abc", "ctrl+s")
        await settle(pilot)
        assert app.screen is form and app.focused is amount  # refused, at the field
        assert marked(form, "amount") and "not an amount" in error_of(form, "amount")
        # what was typed shows (compact, the red border had taken its only row)
        assert amount.content_size.height == 1 and "abc" in shown_text(amount)
        await pilot.press("tab")  # away: Textual's own check on blur had unmarked it
        await settle(pilot)
        assert app.focused is not amount
        assert marked(form, "amount") and "not an amount" in error_of(form, "amount")
        assert amount.content_size.height == 1 and "abc" in shown_text(amount)
        red = look(amount)
        await pilot.press("shift+tab", "backspace", "backspace", "backspace", *"12.5k")
        await settle(pilot)
        assert not marked(form, "amount") and not error_of(form, "amount")
        await pilot.press("tab")
        await settle(pilot)
        assert not marked(form, "amount") and look(amount) != red  # drawn as any other field
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, DealForm), "the deal saved")


async def test_typing_into_another_field_leaves_the_mark_where_the_error_is(demo_book):
    async with running(demo_book, (80, 24)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, DealForm), "the new deal form")
        form = app.screen
        form.query_one("#field-amount", Input).focus()
        await pilot.press(*"-5", "tab")
        await settle(pilot)
        assert marked(form, "amount") and "negative" in error_of(form, "amount")
        form.query_one("#field-next_step", Input).focus()
        await pilot.press(*"Call the CFO", "tab")
        await settle(pilot)
        assert marked(form, "amount") and "negative" in error_of(form, "amount")
        assert not any(marked(form, f.name) for f in form.fields if f.name != "amount")


@pytest.fixture
def issue_book(book_path):
    bolt = fx.client("Bolt Ltd", tier="B", handed_over_on=TODAY - timedelta(days=5))
    issue = fx.issue(bolt, "Invoices wrong", TODAY - timedelta(days=3), "high")
    return {"path": book_path, "issue": issue}


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_a_resolution_core_refuses_is_marked_like_a_typed_field(issue_book, size):
    """core refuses resolving without a resolution: the box for it shows red, as an
    amount typed wrong does (a marked TextArea had looked like any other)."""
    async with listening_app(issue_book["path"], size) as (app, pilot):
        app.screen.query_one("#today-issues", TodayTable).focus()
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ServiceIssueForm), "the issue form")
        form = app.screen
        resolution = form.query_one("#field-resolution", TextArea)
        plain = look(resolution)
        form.query_one("#field-status", Select).value = "resolved"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and app.focused is resolution
        assert marked(form, "resolution") and "required to resolve" in error_of(form, "resolution")
        await pilot.press("tab")
        await settle(pilot)
        assert marked(form, "resolution") and look(resolution) != plain
        resolution.focus()
        await pilot.press(*"Credit note sent")
        await settle(pilot)
        assert not marked(form, "resolution") and not error_of(form, "resolution")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), "the issue saved")
    assert service.get_issue(issue_book["issue"]).status == "resolved"


async def test_a_client_name_matching_two_clients_says_so_under_the_field(demo_book):
    """The new deal's Client field took "A" for a crash (NotFound from the lookup): now
    it says which clients it matches, as any typing error."""
    async with running(demo_book, (80, 24)) as (app, pilot):
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, DealForm), "the new deal form")
        form = app.screen
        await pilot.press("tab", "A")
        await settle(pilot)
        assert app.screen is form and marked(form, "client")
        assert "matches 2 clients: Alpine Trail Resorts, Ashford Wealth Partners" in error_of(form, "client")
        await pilot.press(*"lpine")
        await settle(pilot)
        assert not marked(form, "client") and not error_of(form, "client")
        assert "Alpine Trail Resorts" in str(form.query_one("#hint-client").render())
