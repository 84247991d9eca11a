"""Resolving an issue (and logging a call) offers "Mark done: <title>" for each follow-up
it may end.  Textual's Checkbox is one line: a long title ended in "…" at 80x24, the rep
ticking a follow-up they could not read whole.  Now the whole title shows, on as many
lines as it takes, and space still ticks it; at 80x24 and a large terminal."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest
from pilot_helpers import listening_app, settle, wait_for
from textual.geometry import Region

from amtui.core import followups, service
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import LogInteractionForm, ServiceIssueForm
from amtui.tui.screens.today import TodayScreen, TodayTable
from amtui.tui.widgets.keys_footer import KeysFooter

TODAY = date(2026, 11, 27)
SIZES = [(80, 24), (200, 60)]
FOR_THE_ISSUE = ("Check with finance that the credit note for the October invoices has landed "
                 "and the VAT lines now match the signed order")
DUE_TODAY = ("Send Priya the revised rollout plan for the Nordic offices with the training dates, "
             "seat counts and the prices we agreed")


@pytest.fixture
def book(book_path):
    """Bolt with an open issue, a follow-up made for it and one due today, each titled in
    120 characters."""
    assert len(FOR_THE_ISSUE) == len(DUE_TODAY) == 120
    bolt = fx.client("Bolt Ltd", tier="B", handed_over_on=TODAY - timedelta(days=5))
    issue = fx.issue(bolt, "Invoices wrong", TODAY - timedelta(days=3), "high")
    for_it = fx.follow_up(bolt, FOR_THE_ISSUE, TODAY + timedelta(days=3), service_issue=issue)
    due = fx.follow_up(bolt, DUE_TODAY, TODAY)
    return {"path": book_path, "issue": issue, "for_it": for_it, "due": due}


def shown_text(widget) -> str:
    """What a widget paints (its border too), its lines joined by spaces."""
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return " ".join(line.text.strip(" ▊▎") for line in lines)


def whole_on_screen(form: FormScreen, widget, inside: str = ".form-fields") -> bool:
    """Inside the form's fields (not scrolled away; `inside` the form for its buttons),
    above the footer, in the terminal."""
    above_footer = Region(0, 0, form.app.size.width, form.query_one(KeysFooter).region.y)
    region = widget.region
    return (region.height > 0 and form.query_one(inside).region.contains_region(region)
            and above_footer.contains_region(region))


async def opened(app, pilot, table: str, key: str, kind: type[FormScreen]) -> FormScreen:
    assert isinstance(app.screen, TodayScreen)
    app.screen.query_one(f"#today-{table}", TodayTable).focus()
    await pilot.pause()
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await settle(pilot)
    return app.screen


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_resolving_shows_the_whole_title_of_the_follow_up_it_ends(book, size):
    async with listening_app(book["path"], size) as (app, pilot):
        form = await opened(app, pilot, "issues", "d", ServiceIssueForm)
        box = form.query_one(f"#field-done_{book['for_it']}")
        await wait_for(pilot, lambda: whole_on_screen(form, box)
                       and f"Mark done: {FOR_THE_ISSUE}" in shown_text(box), "the whole title")
        assert "…" not in shown_text(box)
        if size == (80, 24):
            assert box.region.height > 1  # wrapped, under itself
        assert all(whole_on_screen(form, b, "#form") for b in form.query("#form-save, #form-cancel"))
        # the same keys: tab to it from the resolution, space unticks it
        assert app.focused.id == "field-resolution" and box.value
        await pilot.press(*"Credit note sent", "tab")
        assert app.focused is box
        await pilot.press("space")
        await settle(pilot)
        assert not box.value
        await pilot.press("space")
        await settle(pilot)
        assert box.value and whole_on_screen(form, box)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), "the issue resolved")
    assert service.get_issue(book["issue"]).status == "resolved"
    assert followups.get_follow_up(book["for_it"]).done


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "200x60"])
async def test_logging_a_call_shows_the_whole_title_of_the_follow_up_it_may_close(book, size):
    async with listening_app(book["path"], size) as (app, pilot):
        form = await opened(app, pilot, "follow_ups", "l", LogInteractionForm)
        box = form.query_one(f"#field-done_{book['due']}")
        await wait_for(pilot, lambda: whole_on_screen(form, box)
                       and f"Mark done: {DUE_TODAY}" in shown_text(box), "the whole title")
        assert box.value  # opened from its row: ticked
        await pilot.press(*"Called Priya", "tab")
        assert app.focused is box
        await pilot.press("space")
        await settle(pilot)
        assert not box.value
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen), "the call logged")
    assert not followups.get_follow_up(book["due"]).done


async def test_the_wrapped_title_counts_in_how_dense_the_form_is_drawn(book):
    """A label on three lines takes three: the form goes compact, or tight, where its
    one-line estimate had let the resolve form scroll (80x30, 100x30)."""
    async with listening_app(book["path"], (80, 24)) as (app, pilot):
        form = await opened(app, pilot, "issues", "d", ServiceIssueForm)
        box = form.query_one(f"#field-done_{book['for_it']}")
        fields = form.query_one(".form-fields")
        for size in [(80, 26), (80, 28), (80, 30), (80, 32), (80, 34), (100, 30), (130, 32), (200, 60)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await wait_for(pilot, lambda: fields.max_scroll_y == 0 and whole_on_screen(form, box)
                           and all(whole_on_screen(form, b, "#form") for b in form.query("#form-save, #form-cancel")),
                           f"the resolve form whole at {size}")
            await settle(pilot)
            assert fields.max_scroll_y == 0, size
