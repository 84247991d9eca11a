"""A form the terminal has no room for drawn roomy is drawn compact (FormScreen._set_density):
at 80x24 the log and deal forms had shown one field at a time; now every field shows at
once, with the focused one and its hint (the client form's fourteen too, without
scrolling: tight, its multiline fields are two lines).  A dropdown's list stays above the
footer, and the keys help leaves out the binding ids where they squeezed what the keys do."""

from __future__ import annotations

import pytest
from pilot_helpers import keys_table_text, running, wait_for
from textual.geometry import Region
from textual.widgets import Button, Input, Select

from amtui.tui.dialogs.form import FormScreen
from amtui.tui.dialogs.keys import IDS_FROM
from amtui.tui.forms.activity import LogInteractionForm, ServiceIssueForm
from amtui.tui.forms.client import ClientForm
from amtui.tui.forms.deal import DealForm
from amtui.tui.screens.today import TodayTable
from amtui.tui.widgets.keys_footer import KeysFooter

SMALL, LARGE = (80, 24), (200, 60)
# the section's key, the key that opens the form, the form, and how many fields it has
# (the log form on Today's first row offers to mark that follow-up done)
FORMS = [("1", "l", LogInteractionForm, 8), ("3", "n", DealForm, 10)]
CONTROLS = "Input, Select, TextArea, Checkbox"


def on_screen(form: FormScreen, widget, inside: str = ".form-fields") -> bool:
    """Whether the widget shows whole: in the form's fields (not scrolled away; `inside`
    the form for its buttons), above the footer, inside the terminal."""
    footer = form.query_one(KeysFooter).region
    above_footer = Region(0, 0, form.app.size.width, footer.y)
    part = form.query_one(inside).region
    region = widget.region
    return region.height > 0 and part.contains_region(region) and above_footer.contains_region(region)


def controls(form: FormScreen) -> list:
    return [w for w in form.query_one(".form-fields").query(CONTROLS) if w.display]


async def open_form(app, pilot, section: str, key: str, kind: type[FormScreen]) -> FormScreen:
    """The form `key` opens in `section` (its key; "issues": Today's service issues)."""
    await pilot.press("1" if section == "issues" else section)
    await wait_for(pilot, lambda: not any(w.is_running for w in app.workers), "the section's rows")
    if section == "issues":
        app.screen.query_one("#today-issues", TodayTable).focus()
        await pilot.pause()
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    return app.screen


# 80x40 and 100x40: roomy by the estimate, but a hint and the contact's name wrapped
# onto a second line and the fields scrolled (found by a helper): compact once measured
@pytest.mark.parametrize("size", [SMALL, (80, 40), (100, 40), LARGE], ids=["80x24", "80x40", "100x40", "200x60"])
@pytest.mark.parametrize(("section", "key", "kind", "count"), FORMS, ids=[f[2].__name__ for f in FORMS])
async def test_every_field_of_the_log_and_deal_forms_shows_at_once(demo_book, size, section, key, kind, count):
    async with running(demo_book, size) as (app, pilot):
        form = await open_form(app, pilot, section, key, kind)
        await wait_for(pilot, lambda: len(controls(form)) == count
                       and all(on_screen(form, w) for w in controls(form))
                       and all(on_screen(form, b, "#form") for b in form.query(Button)),
                       f"all {count} fields of {kind.__name__} and its buttons at {size}")
        # tab through them: the focused one in sight, its label beside it (at 80x24) or
        # above it (on a large terminal with room for that)
        for _ in range(count):
            focused = app.focused
            assert focused in controls(form) and on_screen(form, focused)
            await pilot.press("tab")
        assert all(on_screen(form, w) for w in controls(form))  # nothing scrolled away
        assert form.query_one(".form-fields").max_scroll_y == 0


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "200x60"])
async def test_the_log_form_keeps_its_roomy_look_where_it_fits_and_goes_compact_at_80x24(demo_book, size):
    async with running(demo_book, size) as (app, pilot):
        form = await open_form(app, pilot, "1", "l", LogInteractionForm)
        summary = form.query_one("#field-summary", Input)
        label = summary.parent.parent.query_one(".form-label")
        await wait_for(pilot, lambda: on_screen(form, summary), f"the summary at {size}")
        if size == SMALL:  # one line: the label, then the input
            assert label.region.y == summary.region.y and label.region.right <= summary.region.x
            assert summary.region.height == 1
        else:  # as before: the label above a bordered input
            assert label.region.bottom <= summary.region.y and summary.region.height == 3


async def test_at_80x24_the_focused_field_shows_its_hint_and_an_invalid_one_its_error(demo_book):
    async with running(demo_book, SMALL) as (app, pilot):
        form = await open_form(app, pilot, "3", "n", DealForm)
        close = form.query_one("#field-close_on", Input)
        hint = form.query_one("#hint-close_on")
        form.query_one("#field-amount", Input).focus()
        await pilot.press("a", "b", "c")
        close.focus()
        # what the date means under the date being typed; no other hint takes a line
        await wait_for(pilot, lambda: on_screen(form, hint) and "in " in str(hint.render()),
                       "the close date's hint")
        assert hint.region.y == close.region.bottom
        hidden = [h for h in form.query(".form-hint") if h.region.height and h is not hint]
        # but the amount typed wrong still says why, under it
        assert [h.id for h in hidden] == ["hint-amount"] and on_screen(form, hidden[0])
        assert all(on_screen(form, w) for w in controls(form))


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "200x60"])
async def test_a_dropdown_list_stays_above_the_footer(demo_book, size):
    async with running(demo_book, size) as (app, pilot):
        form = await open_form(app, pilot, "3", "n", DealForm)
        product = form.query_one("#field-product_id", Select)  # the lowest dropdown
        product.focus()
        await pilot.press("enter")
        overlay = product.query_one("SelectOverlay")
        await wait_for(pilot, lambda: product.expanded and overlay.region.height > 1, "the product list")
        footer = form.query_one(KeysFooter).region
        assert overlay.region.bottom <= footer.y, (overlay.region, footer)
        assert overlay.region.y >= 0 and overlay.region.height >= min(12, footer.y // 2)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "200x60"])
async def test_the_keys_help_gives_the_explanations_the_line_and_the_ids_when_wide(demo_book, size):
    async with running(demo_book, size) as (app, pilot):
        text, width = await keys_table_text(app, pilot)
        lines = text.splitlines()
        does = lines[0].index("does")
        widest = max(len(line.rstrip()) for line in lines[1:]) - does
        if size[0] >= IDS_FROM:
            assert len(app.screen.table.columns) == 3 and "today.log" in text
        else:
            assert len(app.screen.table.columns) == 2 and "today." not in text
            assert does <= 16 and widest >= width - does - 2  # the explanations reach the edge
            assert "config.toml" in text  # and the help says where the ids are
        await pilot.resize_terminal(120 if size[0] < IDS_FROM else 80, 24)
        await wait_for(pilot, lambda: (app.screen.with_ids is True) == (size[0] < IDS_FROM),
                       "the ids following the width")


# the largest forms: a client (new and edited: fourteen fields, three of them multiline),
# a deal, a log with a follow-up to mark done, an issue being resolved
LARGEST = [("2", "n", ClientForm), ("2", "e", ClientForm), ("3", "n", DealForm),
           ("1", "l", LogInteractionForm), ("issues", "d", ServiceIssueForm)]


@pytest.mark.parametrize(("section", "key", "kind"), LARGEST,
                         ids=["new client", "edit client", "new deal", "log", "resolve issue"])
async def test_at_80x24_the_largest_forms_fit_whole_as_the_focus_tabs_through_them(demo_book, section, key, kind):
    """The client form at 80x24 scrolled a row or two (three with a hint showing): its
    notes or its buttons out of view.  Every field, its buttons and the focused field's
    hint now fit, with nothing scrolled, whichever field has the focus."""
    async with running(demo_book, SMALL) as (app, pilot):
        form = await open_form(app, pilot, section, key, kind)
        fields = form.query_one(".form-fields")
        shown = controls(form)

        def whole() -> bool:
            return (fields.scroll_y == 0 and fields.max_scroll_y == 0
                    and all(on_screen(form, w) for w in shown)
                    and all(on_screen(form, b, "#form") for b in form.query(Button)))

        await wait_for(pilot, whole, f"{kind.__name__} whole at 80x24")
        for step in range(len(shown)):
            focused = app.focused
            assert focused in shown, focused
            hint = focused.parent.query_one(".form-hint")
            assert whole(), (focused.id, fields.scroll_y, fields.max_scroll_y)
            assert hint.has_class("-empty") or on_screen(form, hint), focused.id  # what it says, in sight
            if step < len(shown) - 1:
                await pilot.press("tab")
                await pilot.pause()


async def test_at_80x24_a_long_client_name_keeps_the_edit_forms_title_to_one_line(book_path):
    """"Edit client: <name>" wrapped to a second line pushed the last field out of sight."""
    import activity_fixtures as fx

    fx.client("Northwind Regional Healthcare Cooperative of the Greater Lakes and Prairie States Ltd")
    async with running(book_path, SMALL) as (app, pilot):
        form = await open_form(app, pilot, "2", "e", ClientForm)
        fields = form.query_one(".form-fields")
        title = form.query_one(".form-title")
        await wait_for(pilot, lambda: all(on_screen(form, w) for w in controls(form))
                       and fields.max_scroll_y == 0, "the edit client form whole")
        assert title.region.height == 1 and "Edit client: Northwind" in str(title.render())


async def test_an_error_under_a_field_scrolls_the_fields_rather_than_redraw_the_form(demo_book):
    """At 80x24 the commitment form opens roomy; '31/02' in Due puts an error under the
    field, and the fields come to scroll.  The form stays as it was drawn (it had gone
    compact under the rep's hands, its boxes gone), the typing kept."""
    from amtui.models import Client
    from amtui.tui.forms.activity import CommitmentForm

    async with running(demo_book, SMALL) as (app, pilot):
        client_id = Client.select(Client.id).order_by(Client.id).first().id
        await app.push_screen(CommitmentForm(client_id))
        await wait_for(pilot, lambda: isinstance(app.screen, CommitmentForm), "the commitment form")
        form = app.screen
        await pilot.pause()
        drawn = form.has_class("-compact"), form.has_class("-tight")
        await pilot.press(*"Quarterly business review", "tab", *"31/02", "tab")
        await wait_for(pilot, lambda: "no month 31" in str(form.query_one("#hint-due_on").render())
                       or form.query_one("#hint-due_on").has_class("-error"), "the error under Due")
        for _ in range(3):
            await pilot.pause()
        assert (form.has_class("-compact"), form.has_class("-tight")) == drawn
        assert form.query_one("#field-due_on", Input).value == "31/02"
        assert form.query_one("#field-what", Input).value == "Quarterly business review"
