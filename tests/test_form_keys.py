"""ctrl+s right behind the keys typed before it (a paste, a quick typist, a terminal that
sends them in one burst): the save has every one of them.  As a priority key, ctrl+s was
handled by the app before the focused field had taken the keys queued ahead of it, and
the save read the field without them (an empty amount: refused); it is now an ordinary
key of the form, reaching it through the focused field after those keys (actions.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pilot_helpers import running, settle, wait_for
from reports_fixtures import build_small_book
from textual import events

from amtui.core.bookings import quota_for
from amtui.core.clients import find_client
from amtui.core.periods import parse_period
from amtui.tui.forms.client import ClientForm
from amtui.tui.forms.plan import QuotaForm

SIZES = [(80, 24), (200, 60)]


@pytest.fixture
def book(book_path):
    build_small_book()
    return book_path


async def open_form(app, pilot, form):
    """`form` pushed and settled, as a key would open it: the form."""
    app.push_screen(form)
    await wait_for(pilot, lambda: app.screen is form, type(form).__name__)
    await settle(pilot)
    return form


def burst(app, text: str, then: str = "ctrl+s") -> None:
    """Keys as a terminal delivers a paste or a burst: all queued before any is handled."""
    for ch in text:
        app.post_message(events.Key(ch, ch))
    app.post_message(events.Key(then, None))


@pytest.mark.parametrize("size", SIZES)
async def test_a_quota_typed_and_saved_in_one_burst_is_saved_whole(book, size):
    period = parse_period("2027-Q3")
    async with running(book, size) as (app, pilot):
        await open_form(app, pilot, QuotaForm(period))
        burst(app, "300k")
        await wait_for(pilot, lambda: not isinstance(app.screen, QuotaForm), "the form saved and closed")
        assert quota_for(period) == Decimal("300000")


@pytest.mark.parametrize("size", SIZES)
async def test_a_new_client_named_in_one_burst_is_saved_with_the_whole_name(book, size):
    async with running(book, size) as (app, pilot):
        await open_form(app, pilot, ClientForm())
        burst(app, "Zephyr Analytics")
        await wait_for(pilot, lambda: not isinstance(app.screen, ClientForm), "the form saved and closed")
        assert find_client("Zephyr Analytics").name == "Zephyr Analytics"


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_q_over_typing_never_saved_asks_first(book, size):
    from amtui.tui.dialogs.confirm import ConfirmDialog

    async with running(book, size) as (app, pilot):
        form = await open_form(app, pilot, ClientForm())
        await pilot.press(*"Half typed")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert app.is_running
        await pilot.press("n")  # keep it: back to the form, the typing there
        await wait_for(pilot, lambda: app.screen is form, "the form again")
        assert form.query_one("#field-name").value == "Half typed"
        await pilot.press("ctrl+q", "y")
        await wait_for(pilot, lambda: not app.is_running, "the app closed")
    assert app.return_code == 0


async def test_ctrl_q_over_an_untouched_form_quits_at_once(book):
    async with running(book, (80, 24)) as (app, pilot):
        await open_form(app, pilot, ClientForm())
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, "the app closed")
    assert app.return_code == 0


async def test_a_form_opened_on_a_saved_value_describes_it_at_once(book):
    period = parse_period("2026-Q4")
    assert quota_for(period) is not None  # the small book has this quarter's quota
    async with running(book, (80, 24)) as (app, pilot):
        form = await open_form(app, pilot, QuotaForm(period))
        hint = str(form.query_one("#hint-amount").render())
        assert hint.startswith("$") and "a month" in hint, hint  # the saved amount, read back
        assert not form.has_typed()


@pytest.mark.parametrize("size", SIZES)
async def test_a_forms_footer_shows_the_forms_keys_not_the_screens(book, size):
    """Under a form the footer read `l Log  n New` (the screen's keys, dead there)."""
    from amtui.tui.widgets.keys_footer import KeysFooter

    async with running(book, size) as (app, pilot):
        form = await open_form(app, pilot, ClientForm())
        footer = form.query_one(KeysFooter)
        await wait_for(pilot, lambda: footer.entries, "the form's keys")
        shown = [spot.entry.description for spot in footer.placed()]
        assert shown[:2] == ["Save", "Cancel"] and "Log" not in shown
        assert footer.region.bottom == app.size.height  # the bottom line, over the screen's
        buttons = form.query_one("#form-save")
        assert buttons.region.bottom <= footer.region.y  # the form's buttons above it


def typed(app, keys) -> None:
    """Keys as a quick typist sends them: all queued before the first is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


@pytest.mark.parametrize("size", SIZES)
async def test_typing_right_behind_the_key_that_opens_a_form_lands_in_the_form(book, size):
    """`l` and the summary typed at once: the keys behind `l` reached Today's list (the
    form wasn't there yet) and were lost, or taken as Today's keys."""
    from amtui.tui.forms.activity import LogInteractionForm
    from amtui.tui.screens.today import TodayScreen

    async with running(book, size) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)
        app.screen.query_one("#today-follow_ups").focus()
        await pilot.pause()
        typed(app, ["l", *"Called about renewal"])
        await wait_for(pilot, lambda: isinstance(app.screen, LogInteractionForm), "the log form")
        form = app.screen
        await wait_for(pilot, lambda: form.is_mounted, "the form built")
        await wait_for(pilot, lambda: form.query_one("#field-summary").value != "", "the typing", timeout=3)
        await settle(pilot)
        assert form.query_one("#field-summary").value == "Called about renewal"
        assert app.focused is form.query_one("#field-summary")


@pytest.mark.parametrize("size", SIZES)
async def test_end_then_typing_in_one_burst_types_at_the_end(book, size):
    """`End` goes up to its binding while a field takes characters at once: the letters
    behind it went in at the cursor before `End` had moved it."""
    async with running(book, size) as (app, pilot):
        form = await open_form(app, pilot, ClientForm())
        field = form.query_one("#field-name")
        typed(app, [*"Analytics", "home"])
        await wait_for(pilot, lambda: field.cursor_position == 0 and field.value, "typed, at the start")
        typed(app, ["end", *" Ltd", "home", "backspace", "delete", *"Z", "end", "backspace"])
        await wait_for(pilot, lambda: field.value.endswith("Lt"), "the second burst", timeout=3)
        await settle(pilot)
        assert field.value == "Znalytics Lt"


@pytest.mark.parametrize("size", SIZES)
async def test_a_paste_right_behind_the_key_that_opens_a_form_lands_in_the_form(book, size):
    """A paste keeps its place among the keys: it went to Today's list, `l` not yet handled."""
    from amtui.tui.forms.activity import LogInteractionForm
    from amtui.tui.screens.today import TodayScreen

    async with running(book, size) as (app, pilot):
        assert isinstance(app.screen, TodayScreen)
        app.screen.query_one("#today-follow_ups").focus()
        await pilot.pause()
        typed(app, ["l"])
        app.post_message(events.Paste("Renewal call: "))
        typed(app, [*"agreed"])
        await wait_for(pilot, lambda: isinstance(app.screen, LogInteractionForm) and app.screen.is_mounted,
                       "the log form")
        field = app.screen.query_one("#field-summary")
        await wait_for(pilot, lambda: field.value.endswith("agreed"), "the typing", timeout=3)
        assert field.value == "Renewal call: agreed"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("key", "field_name"), [("l", "summary"), ("f", "title")])
async def test_typing_right_behind_the_key_that_opens_a_form_is_not_thrown_away_unasked(
        book, size, key, field_name):
    """`l` and the summary typed at once, then escape: the form closed at once and the
    summary was lost.  The form had taken its "what it showed at start" after the typed-ahead
    keys had landed, so they counted as shown, not typed.  Now it asks, and `n` keeps them."""
    from amtui.tui.dialogs.confirm import ConfirmDialog
    from amtui.tui.dialogs.form import FormScreen
    from amtui.tui.screens.today import TodayScreen

    async with running(book, size) as (app, pilot):
        today = app.screen
        assert isinstance(today, TodayScreen)
        today.query_one("#today-follow_ups").focus()
        await pilot.pause()
        typed(app, [key, *"Quick call with Liam"])
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen) and app.screen.is_mounted, "the form")
        form = app.screen
        field = form.query_one(f"#field-{field_name}")
        await wait_for(pilot, lambda: field.value == "Quick call with Liam", "the typing", timeout=3)
        await settle(pilot)
        assert form.has_typed()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert app.screen.title_text == "Throw away what you typed?"
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is form, "the form again")
        assert field.value == "Quick call with Liam"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("section", "box"), [("2", "#client-filter"), ("3", "#deal-filter")])
async def test_a_filter_typed_right_behind_its_slash_keeps_its_first_letter(book, size, section, box):
    """Found by a helper: `/riverbend` in one burst filtered on "iverbend".  `/` asks for
    the filter box's focus, which Textual gives on the app's next turn; the `r` behind
    it went to the list first (where `r` reloads)."""
    from textual.widgets import Input

    async with running(book, size) as (app, pilot):
        await pilot.press(section)
        await settle(pilot)
        app.post_message(events.Key("slash", "/"))
        for ch in "bolt":
            app.post_message(events.Key(ch, ch))
        await wait_for(pilot, lambda: app.screen.query_one(box, Input).value == "bolt",
                       "the whole filter in its box")
        assert app.focused is app.screen.query_one(box, Input)
