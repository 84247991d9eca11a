"""The shared modal form: validation as you type, ctrl+s saves, escape cancels."""

from datetime import date

from textual.app import App
from textual.widgets import Input, Static

from amtui.core.errors import InvalidInput
from amtui.core.parse import parse_date, parse_money
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.widgets.keys_footer import KeysFooter


def deal_form(on_save=None):
    return FormScreen(
        "New deal",
        [
            FormField("title", "Title", required=True),
            FormField("amount", "Amount", parse=parse_money, required=True),
            FormField("close", "Close date", parse=lambda t: parse_date(t, tense="future"), describe=lambda d: d.strftime("%a %d %b %Y")),
            FormField("kind", "Kind", kind="choice", choices=[("Upsell", "upsell"), ("New", "new")], value="upsell"),
        ],
        on_save,
    )


class FormApp(App):
    def __init__(self, screen):
        super().__init__()
        self.form = screen
        self.result = "unset"

    def on_mount(self):
        self.push_screen(self.form, lambda r: setattr(self, "result", r))


async def test_form_validates_as_you_type_and_saves(book_path):  # a save is an undoable change
    app = FormApp(deal_form())
    async with app.run_test() as pilot:
        assert app.focused.id == "field-title"  # the most-typed field first and focused
        await pilot.press(*"Renewal")
        await pilot.press("tab")
        await pilot.press(*"-5")
        hint = app.screen.query_one("#hint-amount", Static)
        assert "negative" in str(hint.render())
        await pilot.press("ctrl+s")  # refused: stays open
        assert app.result == "unset"
        app.screen.query_one("#field-amount", Input).value = "12.5k"
        app.screen.query_one("#field-close", Input).value = "fri"
        await pilot.pause()
        assert "Fri 04 Dec 2026" in str(app.screen.query_one("#hint-close", Static).render())
        await pilot.press("ctrl+s")
    assert app.result["title"] == "Renewal"
    assert str(app.result["amount"]) == "12500.00"
    assert app.result["close"] == date(2026, 12, 4)
    assert app.result["kind"] == "upsell"


async def test_form_shows_core_refusal_at_the_field_and_escape_cancels(book_path):
    def refuse(values):
        raise InvalidInput("title", "a deal with this title already exists")

    app = FormApp(deal_form(refuse))
    async with app.run_test() as pilot:
        await pilot.press(*"Dup")
        app.screen.query_one("#field-amount", Input).value = "100"
        await pilot.press("ctrl+s")
        assert "already exists" in str(app.screen.query_one("#hint-title", Static).render())
        form = app.screen
        await pilot.press("escape")  # over typing never saved: asked first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog" and app.result == "unset"
        footer = app.screen.query_one(KeysFooter)  # it says what the buttons say
        await pilot.pause()
        assert [spot.entry.description for spot in footer.placed()][:2] == ["Throw away", "Keep it"]
        await pilot.press("escape")  # escape again keeps it
        await pilot.pause()
        assert app.screen is form and form.query_one("#field-title", Input).value == "Dup"
        await pilot.press("escape", "y")  # y throws it away
        await pilot.pause()
    assert app.result is None


async def test_escape_on_an_untouched_form_closes_it_at_once(book_path):
    app = FormApp(deal_form(lambda values: values))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_confirm_dialog_answers_with_keys():
    app = FormApp(ConfirmDialog("Delete Acme?", "3 contacts go with it"))
    async with app.run_test() as pilot:
        await pilot.press("y")
    assert app.result is True


def test_the_contact_fields_hint_says_what_blank_means(book_path):
    """Under a chosen contact, "nobody in particular" read as if nobody were chosen."""
    from amtui.core import clients, contacts
    from amtui.tui.forms.rows import contact_field

    acme = clients.create_client("Acme")
    assert contact_field(acme, None).hint == "no contacts yet: add them on the client"
    jane = contacts.add_contact(acme, "Jane Doe")
    field = contact_field(acme, jane)
    assert field.hint == "blank: nobody in particular" and field.value == jane
