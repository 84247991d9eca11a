"""Every form shows its buttons whatever the terminal's height: the fields scroll inside
what the form's share of the screen leaves (FormScreen._fit_fields).  At 80x24 the new
client, new deal and export forms used to push Save / Cancel below their border."""

from __future__ import annotations

import pytest
from pilot_helpers import running, settle, wait_for
from reports_fixtures import build_small_book
from textual.geometry import Region
from textual.widgets import Button

from amtui.tui.dialogs.export import ExportDialog
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import LogInteractionForm
from amtui.tui.forms.client import ClientForm
from amtui.tui.forms.deal import DealForm

SIZES = [(80, 24), (200, 60)]
# the section's key, then the key that opens the form, and the form it opens
FORMS = [("2", "n", ClientForm), ("3", "n", DealForm), ("5", "x", ExportDialog),
         ("2", "l", LogInteractionForm)]


@pytest.fixture
def book(book_path):
    build_small_book()
    return book_path


def seen(form: FormScreen, widget) -> bool:
    """Whether the widget shows whole, inside the form's border and the terminal."""
    inside = form.query_one("#form").content_region
    return (inside.contains_region(widget.region) and Region(0, 0, *form.app.size).contains_region(widget.region)
            and widget.region.height > 0)


async def open_form(app, pilot, section: str, key: str, kind: type[FormScreen]) -> FormScreen:
    await pilot.press(section)
    await settle(pilot)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await settle(pilot, 3)
    return app.screen


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("section", "key", "kind"), FORMS, ids=[f[2].__name__ for f in FORMS])
async def test_a_form_shows_its_buttons_and_its_fields_scroll(book, size, section, key, kind):
    async with running(book, size) as (app, pilot):
        form = await open_form(app, pilot, section, key, kind)
        fields = form.query_one(".form-fields")
        # the form fits itself once laid out: waited for, however loaded the machine
        await wait_for(pilot, lambda: seen(form, fields) and all(seen(form, b) for b in form.query(Button)),
                       f"the fields and buttons of {kind.__name__} at {size}")
        # the last field can be scrolled to, and then shows with the buttons
        last = [w for w in fields.query("Input, Select, TextArea, Checkbox") if w.display][-1]
        fields.scroll_to_widget(last, animate=False)
        await wait_for(pilot, lambda: seen(form, last) and seen(form, form.query_one("#form-save")),
                       f"the last field of {kind.__name__} at {size}, with the buttons")


async def test_the_export_progress_keeps_the_buttons_in_sight(book):
    async with running(book, (80, 24)) as (app, pilot):
        form = await open_form(app, pilot, "5", "x", ExportDialog)
        assert not form.query_one("#export-status").display  # no export yet: the fields have its rows
        form.query_one("#field-file").value = "/tmp/a typed name.xlsx"
        form.show_writing("a-long-workbook-name-for-a-status-line-that-wraps-2026-11-27.xlsx")
        parts = ("#export-status", "#export-progress", "#form-save", "#form-cancel")
        await wait_for(pilot, lambda: all(seen(form, form.query_one(p)) for p in parts), "the progress and buttons")
        assert not form.query_one(".form-fields").display
        assert form.query_one("#form-save").disabled
        form.show_writing(None)  # it failed: the fields again, as typed
        await wait_for(pilot, lambda: seen(form, form.query_one(".form-fields")) and seen(form, form.query_one("#form-save")),
                       "the fields and buttons again")
        assert form.query_one("#field-file").value == "/tmp/a typed name.xlsx"
        assert not form.query_one("#form-save").disabled
