"""The import dialog, driven as a rep would: choose a file, read the dry run, confirm."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from import_fixtures import FIXTURES
from pilot_helpers import notifications, wait_for
from pilot_helpers import settle as shared_settle
from textual.widgets import Input, Select, Static

from amtui.models import Client, Interaction, Opportunity
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.import_file import ImportDialog, ImportFileTree, PathSuggester
from amtui.tui.screens.welcome import WelcomeScreen


def preview_text(dialog: ImportDialog) -> str:
    return str(dialog.query_one("#import-preview", Static).content)


async def settle(pilot) -> None:
    """Wait for the dialog's dry run or import (the directory tree's loader never ends)."""
    await shared_settle(pilot, groups=("import-preview", "import-write"))


@asynccontextmanager
async def import_dialog(book, size=(140, 42)):
    """The app on `book` with the import dialog open: (app, pilot, dialog)."""
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.action_import_file()
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        yield app, pilot, app.screen


async def choose(pilot, dialog: ImportDialog, path) -> None:
    field = dialog.query_one("#import-path", Input)
    field.focus()
    field.value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_welcome_i_chooses_a_file_previews_and_imports(book_path):
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        assert dialog.query_one("#import-confirm").disabled

        await choose(pilot, dialog, FIXTURES / "pipedrive-deals.csv")
        text = preview_text(dialog)
        assert "Would import" in text
        assert "opportunities: would add 4, update 0, leave 0 unchanged" in text
        assert "would create 3 clients named in the rows" in text
        assert "Deal - Expected close date  → close_on" in text
        assert not dialog.query_one("#import-confirm").disabled
        assert Opportunity.select().count() == 0  # a dry run so far

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (ImportDialog, WelcomeScreen))  # the book has clients now
        assert Opportunity.select().count() == 4 and Client.select().count() == 3
        assert any("Imported pipedrive-deals.csv" in str(n.title) for n in notifications(app))


async def test_the_kind_and_date_order_can_be_chosen(book_path):
    async with import_dialog(book_path) as (app, pilot, dialog):

        await choose(pilot, dialog, FIXTURES / "pipedrive-activities.csv")
        assert "fit interactions and followups equally" in preview_text(dialog)
        assert "Choose the kind of records under Kind." in preview_text(dialog)
        assert dialog.query_one("#import-confirm").disabled
        await pilot.press("ctrl+s")  # nothing to import yet: refused with a bell
        await pilot.pause()
        assert Interaction.select().count() == 0

        dialog.query_one("#import-kind", Select).value = "interactions"
        await settle(pilot)
        assert "interactions: would add 2," in preview_text(dialog)

        await choose(pilot, dialog, FIXTURES / "plain-deals-ambiguous.csv")
        assert "Choose the order of day and month under Dates." in preview_text(dialog)
        assert dialog.query_one("#import-kind", Select).is_blank()  # a new file: kind from its headers
        dialog.query_one("#import-dates", Select).value = "dmy"
        await settle(pilot)
        assert "opportunities: would add 2," in preview_text(dialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Opportunity.get(Opportunity.title == "Holiday campaign").close_on.isoformat() == "2027-04-03"


async def test_columns_can_be_mapped_and_a_sheet_chosen(book_path, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "kunden.xlsx"
    wb = Workbook()
    wb.active.title = "Info"
    wb.active.append(["nothing here"])
    sheet = wb.create_sheet("Kunden")
    sheet.append(["Kunde", "Branche"])
    sheet.append(["Müller GmbH", "Maschinenbau"])
    wb.save(path)

    async with import_dialog(book_path) as (app, pilot, dialog):
        await choose(pilot, dialog, path)
        assert "Choose the sheet that holds the records" in preview_text(dialog)
        sheets = dialog.query_one("#import-sheet", Select)
        assert sheets.display
        sheets.value = "Kunden"
        await settle(pilot)
        assert "could not tell" in preview_text(dialog)
        mapping = dialog.query_one("#import-map", Input)
        mapping.focus()
        mapping.value = "Kunde=name; Branche=industry"
        await pilot.press("enter")
        await settle(pilot)
        assert "clients: would add 1," in preview_text(dialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Client.get().industry == "Maschinenbau"


async def test_escape_closes_without_importing(book_path):
    async with import_dialog(book_path) as (app, pilot, dialog):
        await choose(pilot, dialog, FIXTURES / "hubspot-companies.csv")
        assert "clients: would add 2," in preview_text(dialog)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
        assert Client.select().count() == 0


async def test_the_tree_shows_folders_and_importable_files_only(book_path, tmp_path):
    (tmp_path / "deals.csv").write_text("x")
    (tmp_path / "book.xlsx").write_text("x")
    (tmp_path / "notes.pdf").write_text("x")
    (tmp_path / ".hidden.csv").write_text("x")
    (tmp_path / "exports").mkdir()
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        app.push_screen(ImportDialog(start=tmp_path))
        await pilot.pause()
        tree = app.screen.query_one(ImportFileTree)
        shown = {p.name for p in tree.filter_paths(tmp_path.iterdir())}
        assert shown == {"deals.csv", "book.xlsx", "exports"}
        # a folder typed in the path field is opened in the tree, not imported
        field = app.screen.query_one("#import-path", Input)
        field.focus()
        field.value = str(tmp_path / "exports")
        await pilot.press("enter")
        await pilot.pause()
        assert tree.path == tmp_path / "exports" and app.screen.chosen is None


async def test_path_completion(tmp_path):
    (tmp_path / "pipedrive-deals.csv").write_text("x")
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "picture.png").write_text("x")
    suggest = PathSuggester()
    base = str(tmp_path) + "/"
    assert await suggest.get_suggestion(base + "pipel") == base + "pipeline/"
    assert await suggest.get_suggestion(base + "pipe") == base + "pipedrive-deals.csv"
    assert await suggest.get_suggestion(base + "pic") is None  # not a file amtui imports
    assert await suggest.get_suggestion(base + "zzz") is None


async def test_a_book_export_folder_comes_back_whole_through_the_dialog(demo_book, tmp_path):
    """The dialog takes one file or one folder; a book export into an empty book keeps
    every record (the demo's stage history included)."""
    from amtui import db
    from amtui.importers.book_csv import export_book_csv
    from amtui.models import StageChange

    export_book_csv(tmp_path / "out")
    changes = StageChange.select().count()
    db.close_book()
    empty = tmp_path / "empty.db"
    db.open_book(empty)
    db.close_book()
    async with import_dialog(empty, (80, 24)) as (app, pilot, dialog):
        await choose(pilot, dialog, tmp_path / "out")
        assert "stage_changes: would add" in preview_text(dialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert StageChange.select().count() == changes


def seen(dialog: ImportDialog, widget) -> bool:
    """Whether the widget shows whole, inside the dialog's border and the terminal."""
    from textual.geometry import Region

    inside = dialog.query_one(".import-dialog").content_region
    return (widget.region.height > 0 and inside.contains_region(widget.region)
            and Region(0, 0, *dialog.app.size).contains_region(widget.region))


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_preview_and_the_buttons_show_on_any_terminal(book_path, size):
    async with import_dialog(book_path, size) as (app, pilot, dialog):
        # choosing: the tree, the choices, some preview and the buttons
        parts = ("#import-path", "#import-tree", "#import-options", "#import-map",
                 "#import-preview-box", "#import-confirm", "#import-cancel")
        await wait_for(pilot, lambda: all(seen(dialog, dialog.query_one(p)) for p in parts),
                       f"every part at {size} while choosing")
        await choose(pilot, dialog, FIXTURES / "pipedrive-deals.csv")
        box = dialog.query_one("#import-preview-box")
        # the dry run can be read, above the buttons
        await wait_for(pilot, lambda: seen(dialog, box) and box.content_region.height >= 5
                       and seen(dialog, dialog.query_one("#import-confirm")), f"the dry run at {size}")
        assert "Would import" in preview_text(dialog)
        assert not dialog.query_one("#import-confirm").disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportDialog)
        assert Opportunity.select().count() > 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_an_import_in_the_app_is_one_change_ctrl_z_takes_back(book_path, size):
    """Found by a helper: `amtui import` was on the undo list, the app's import dialog was
    not, so a wrong file imported from the app could only be deleted row by row."""
    from amtui.core import undo
    from amtui.core.clients import create_client

    create_client("Acme Corp")  # a book with a client: the app opens on Today, not Welcome
    async with import_dialog(book_path, size=size) as (app, pilot, dialog):
        await choose(pilot, dialog, FIXTURES / "pipedrive-deals.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportDialog)
        assert Opportunity.select().count() == 4 and Client.select().count() == 4
        assert undo.history()[0] == "Imported pipedrive-deals.csv"
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: Opportunity.select().count() == 0, "the import undone")
        assert [c.name for c in Client.select()] == ["Acme Corp"]
        assert any("Undone: Imported pipedrive-deals.csv" in str(n.message) for n in notifications(app))


def screen_lines(app) -> list[str]:
    """What the terminal shows, row by row."""
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def refused_file(tmp_path):
    path = tmp_path / "bad-deals.csv"
    rows = "".join(f"Acme,Deal {n},Nonsense,abc,2026-13-45\n" for n in range(1, 5))
    path.write_text("client,name,stage,amount,close date\n" + rows)
    return path


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_ctrl_s_says_why_when_nothing_can_be_imported(book_path, tmp_path, size):
    """Audit: every row refused ("12 problems; nothing can be imported"), and ctrl+s did
    nothing, silently."""
    async with import_dialog(book_path, size) as (app, pilot, dialog):
        await pilot.press("ctrl+s")  # no file yet
        await pilot.pause()
        assert "Choose a file first." in [str(n.message) for n in notifications(app)]
        await choose(pilot, dialog, refused_file(tmp_path))
        assert "12 problems; nothing can be imported:" in "\n".join(screen_lines(app))
        assert dialog.query_one("#import-confirm").disabled  # greyed out
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        expected = "Nothing to import: fix the 12 problems in the file first (listed in the dry run)."
        assert expected in [str(n.message) for n in notifications(app)]
        assert Opportunity.select().count() == 0


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_dry_run_wraps_left_of_its_scrollbar_and_says_what_is_below(book_path, tmp_path, size):
    """Audit at 80x24: 5 lines of dry run, its scrollbar over the text, and no column's
    field in sight."""
    async with import_dialog(book_path, size) as (app, pilot, dialog):
        await choose(pilot, dialog, refused_file(tmp_path))
        box = dialog.query_one("#import-preview-box")
        text = dialog.query_one("#import-preview", Static)
        await wait_for(pilot, lambda: box.max_scroll_y > 0 or size == (200, 60), "the dry run laid out")
        if box.max_scroll_y > 0:
            assert box.show_vertical_scrollbar
            assert text.region.right <= box.vertical_scrollbar.region.x  # wraps left of it
            lines = "\n".join(screen_lines(app))
            assert f"↓ {round(box.max_scroll_y)} more lines, the columns' fields last (↑↓ scroll)" in lines
            assert box.has_focus
            await pilot.press("end")
            await wait_for(pilot, lambda: box.scroll_y == box.max_scroll_y, "scrolled to the end")
            await pilot.pause()
        lines = "\n".join(screen_lines(app))
        assert "close date  → close_on" in lines and "more lines" not in lines
        if size == (80, 24):
            assert box.content_region.height >= 11  # the choices' blank rows went to it
        # a file that can be imported: its columns' fields in sight without scrolling
        await choose(pilot, dialog, FIXTURES / "pipedrive-deals.csv")
        await pilot.pause()
        lines = "\n".join(screen_lines(app))
        assert "Deal - Title" in lines and "→ title" in lines
