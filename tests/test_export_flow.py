"""Exporting from the TUI: `x` anywhere, the Reports screen (5), and `x` on a client."""

from __future__ import annotations

from contextlib import asynccontextmanager

import openpyxl
import pytest
from pilot_helpers import notifications, settle, wait_for
from pilot_helpers import running as shared_running
from reports_fixtures import build_small_book
from textual.widgets import DataTable, Input, Select

from amtui.core.clients import find_client
from amtui.core.settings import set_settings
from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.dialogs.export import ExportDialog


@pytest.fixture
def book(book_path, tmp_path):
    build_small_book()
    folder = tmp_path / "Reports"
    set_settings(reports_dir=str(folder))
    return book_path, folder


def running(book, size=(140, 42)):
    return shared_running(book, size, rounds=4)


@asynccontextmanager
async def export_dialog(book, size=(140, 42)):
    """The app on `book` with `x`'s export dialog open: (app, pilot)."""
    async with running(book, size) as (app, pilot):
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        yield app, pilot


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_x_chooses_a_report_and_writes_it_with_the_path_shown(book):
    path, folder = book
    async with export_dialog(path) as (app, pilot):
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#field-report", Select).value == "status"
        assert dialog.query_one("#field-file", Input).value == str(folder / "status-2026-11-27.xlsx")
        assert not dialog.query_one("#field-period").display  # the status report has none
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        assert not isinstance(app.screen, ExportDialog)
        written = folder / "status-2026-11-27.xlsx"
        assert openpyxl.load_workbook(written)["Clients"]["A1"].value == "Client"
        notes = [n.message for n in notifications(app)]
        # the name, then its folder, on lines of their own (fitted to the note's width)
        assert f"{written.name}in {written.parent}Open it: Reports (5)" in "".join(notes).replace("\n", "")


async def test_the_file_name_follows_the_report_and_period(book):
    path, folder = book
    async with export_dialog(path) as (app, pilot):
        dialog = app.screen
        dialog.query_one("#field-report", Select).value = "quarterly"
        await pilot.pause()
        period = dialog.query_one("#field-period", Input)
        assert period.display and period.value == "2026-Q4"
        file = dialog.query_one("#field-file", Input)
        assert file.value == str(folder / "quarterly-2026-Q4.xlsx")
        period.focus()
        period.value = ""
        await pilot.press(*"last quarter")
        await pilot.pause()
        assert file.value == str(folder / "quarterly-2026-Q3.xlsx")
        assert "1 Jul – 30 Sep 2026" in str(dialog.query_one("#hint-period").render())
        period.value = "someday"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)  # refused: the period is named wrong
        assert "not a period" in str(dialog.query_one("#hint-period").render())
        period.value = "Q3"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        assert (folder / "quarterly-2026-Q3.xlsx").exists()


async def test_an_existing_file_is_replaced_only_when_confirmed(book):
    path, folder = book
    folder.mkdir()
    target = folder / "book-2026-11-27.xlsx"
    target.write_bytes(b"keep me")
    async with export_dialog(path) as (app, pilot):
        app.screen.query_one("#field-report", Select).value = "book"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot, 4)
        assert target.read_bytes() == b"keep me"
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, 4)
        assert openpyxl.load_workbook(target).sheetnames[1] == "Clients"


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_what_ctrl_s_writes_is_in_sight_with_the_focused_field(book, size):
    """At 80x24 the period and the file scrolled below the report, the focus on the file
    out of sight: a workbook went where the rep never saw.  "Writes FILE (PERIOD)" stays
    above the buttons, and the focused field is on screen."""
    path, folder = book
    async with running(path, size) as (app, pilot):
        await pilot.press("5")
        await settle(pilot, 2)
        await pilot.press("down", "x")
        await settle(pilot, 2)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        plan = str(dialog.query_one("#export-plan").render())
        assert plan == f"Writes {folder / 'quarterly-2026-Q4.xlsx'} (2026-Q4)"
        width, height = size
        focused = app.focused.region
        assert focused.height > 0 and focused.bottom <= height and focused.right <= width
        dialog.query_one("#field-period", Input).value = "2026-Q3"
        await settle(pilot)
        assert str(dialog.query_one("#export-plan").render()) == (
            f"Writes {folder / 'quarterly-2026-Q3.xlsx'} (2026-Q3)")


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_a_workbook_open_in_another_program_is_not_offered_for_replacing(book, size):
    """Its lock file beside it: no "Replace the file?", a line saying why, the file kept."""
    path, folder = book
    folder.mkdir()
    target = folder / "book-2026-11-27.xlsx"
    target.write_bytes(b"open in Excel")
    (folder / "~$book-2026-11-27.xlsx").write_bytes(b"")
    async with export_dialog(path, size) as (app, pilot):
        app.screen.query_one("#field-report", Select).value = "book"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ExportDialog)
        # said under the File field as soon as the report names that file
        said = str(app.screen.query_one("#hint-file").render())
        assert said.startswith(f"{target} is open in another program (its lock file "
                               "~$book-2026-11-27.xlsx")
    assert target.read_bytes() == b"open in Excel"


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_a_file_name_of_another_type_is_refused_in_the_dialog(book, size):
    path, folder = book
    async with export_dialog(path, size) as (app, pilot):
        app.screen.query_one("#field-file", Input).value = str(folder / "out.txt")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ExportDialog)
        said = str(app.screen.query_one("#hint-file").render())  # under the field, as typed
        assert "ends in .txt, not .xlsx: name the workbook" in said
    assert not folder.exists() or list(folder.iterdir()) == []


async def type_file(pilot, dialog, text: str) -> tuple[str, str]:
    """Type `text` into File as the rep does: (the preview line, the hint under File)."""
    field = dialog.query_one("#field-file", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await settle(pilot)
    return str(dialog.query_one("#export-plan").render()), str(dialog.query_one("#hint-file").render())


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
@pytest.mark.parametrize(("typed", "written"), [("audit/", "audit/status-2026-11-27.xlsx"),
                                                ("audit/acct", "audit/acct.xlsx")])
async def test_the_preview_names_the_file_ctrl_s_writes(book, tmp_path, size, typed, written):
    """A folder typed showed "Writes /tmp/audit/" and "A new workbook in /tmp", yet
    status-2026-12-05.xlsx was written in it; `acct` showed as acct but acct.xlsx was
    written.  The preview is now worked out by the export's own output_path."""
    path, _ = book
    (tmp_path / "audit").mkdir()
    target = tmp_path / written
    async with export_dialog(path, size) as (app, pilot):
        dialog = app.screen
        plan, hint = await type_file(pilot, dialog, f"{tmp_path}/{typed}")
        assert plan == f"Writes {target}"
        assert hint == f"A new workbook, {target.name}, in {target.parent}"
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        assert not isinstance(app.screen, ExportDialog)
    assert sorted(p.name for p in (tmp_path / "audit").iterdir()) == [target.name]
    assert openpyxl.load_workbook(target).sheetnames[0] == "Summary"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_wrong_file_type_is_refused_under_the_file_as_typed(book, tmp_path, size):
    path, _ = book
    (tmp_path / "audit").mkdir()
    async with export_dialog(path, size) as (app, pilot):
        dialog = app.screen
        plan, hint = await type_file(pilot, dialog, f"{tmp_path}/audit/status.txt")
        assert plan == "Writes nothing yet: see the File field"
        assert hint == (f"'{tmp_path}/audit/status.txt' ends in .txt, not .xlsx: name the workbook "
                        f"{tmp_path}/audit/status.xlsx, or give the name without .txt")
        assert dialog.query_one("#field-file").has_class("-invalid")
        hint_region = dialog.query_one("#hint-file").region
        assert hint_region.height > 0 and hint_region.bottom <= size[1]  # in sight
        await pilot.press("ctrl+s")
        await settle(pilot, 2)
        assert isinstance(app.screen, ExportDialog)
    assert list((tmp_path / "audit").iterdir()) == []


async def test_escape_hides_the_dialog_and_the_export_carries_on(book):
    path, folder = book
    async with export_dialog(path) as (app, pilot):
        app.screen.query_one("#field-report", Select).value = "book"
        await pilot.pause()
        await pilot.press("ctrl+s", "escape")
        assert not isinstance(app.screen, ExportDialog)
        # the whole book's workbook: on a loaded machine it took over 20 s (the wait ends
        # as soon as the toast shows)
        await wait_for(pilot, lambda: any("Workbook written" == n.title for n in notifications(app)),
                       "the export's toast", timeout=90)
        assert (folder / "book-2026-11-27.xlsx").exists()


async def test_reports_screen_previews_exports_and_lists_recent(book):
    path, folder = book
    async with running(path) as (app, pilot):
        await pilot.press("5")
        await settle(pilot, 4)
        assert app.current_mode == "reports"
        preview = dict(app.screen.preview_lines)
        assert preview["Active clients"].startswith("3")
        assert preview["Period"] == "As of 27 Nov 2026"
        recent = app.screen.query_one("#reports-recent", DataTable)
        assert "Nothing exported yet" in cells(recent)[0][1]
        await pilot.press("down")  # the quarterly results
        await settle(pilot, 4)
        preview = dict(app.screen.preview_lines)
        assert preview["Quota"] == "$100,000" and preview["Won"].startswith("$35,000")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#field-report", Select).value == "quarterly"
        assert dialog.focused is dialog.query_one("#field-file", Input)  # enter exports
        await pilot.press("enter")
        await settle(pilot, 4)
        assert app.current_mode == "reports" and not isinstance(app.screen, ExportDialog)
        rows = cells(app.screen.query_one("#reports-recent", DataTable))
        assert rows[0][1:3] == ["Quarterly sales results", "2026-Q4"]
        # the folder may give way to the room (tui/short_path), the file name never
        assert rows[0][3].endswith("/Reports/quarterly-2026-Q4.xlsx")


async def test_x_on_a_client_exports_its_brief(book):
    path, folder = book
    from amtui.tui.navigation import open_client

    async with running(path) as (app, pilot):
        open_client(app, find_client("Gamma").id)
        await settle(pilot, 4)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#field-report", Select).value == "brief"
        assert dialog.query_one("#field-client", Input).value == "Gamma LLC"
        assert dialog.query_one("#field-file", Input).value == str(
            folder / "brief-gamma-llc-2026-11-27.xlsx")
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        wb = openpyxl.load_workbook(folder / "brief-gamma-llc-2026-11-27.xlsx")
        assert wb["Summary"]["A1"].value == "Client brief: Gamma LLC"


async def test_o_shows_the_reports_folder_when_no_desktop_can_open_it(book, monkeypatch):
    path, folder = book
    monkeypatch.setattr("amtui.tui.screens.reports._opener", lambda: None)
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.press("5")
        await settle(pilot, 4)
        await pilot.press("F")
        await pilot.pause()
        assert folder.is_dir()
        assert any(n.message == str(folder) for n in notifications(app))


async def test_a_failed_export_says_why_and_the_chooser_stays(book, monkeypatch):
    path, folder = book

    def disk_full(job, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("amtui.reports.export.run_export", disk_full)
    async with export_dialog(path) as (app, pilot):
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        assert isinstance(app.screen, ExportDialog)
        assert not app.screen.query_one("#form-save").disabled
        assert any("No space left" in n.message for n in notifications(app))


@pytest.mark.parametrize("size", [(80, 24), (140, 42)])
async def test_the_commission_statement_is_in_the_reports_list_and_the_chooser(book, size):
    path, folder = book
    async with running(path, size) as (app, pilot):
        await pilot.press("5")
        await settle(pilot, 4)
        for _ in range(4):  # status, quarterly, forecast, brief, then the statement
            await pilot.press("down")
        await settle(pilot, 4)
        preview = dict(app.screen.preview_lines)
        assert preview["Period"] == "2026-Q4 (1 Oct – 31 Dec 2026)"
        assert preview["Won"] == "$35,000.00  (3 deals)"  # a statement shows cents
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#field-report", Select).value == "commission"
        assert dialog.query_one("#field-period").display
        assert dialog.query_one("#field-file", Input).value == str(folder / "commission-2026-Q4.xlsx")
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        assert openpyxl.load_workbook(folder / "commission-2026-Q4.xlsx").sheetnames == [
            "Summary", "Deals", "Definitions"]


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips())


async def press_into(pilot, dialog, name: str, text: str) -> None:
    field = dialog.query_one(f"#field-{name}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_file_follows_the_report_at_once_and_the_plan_names_what_was_understood(book, size):
    """Audit: forecast, then Client brief before a client was typed, still showed
    forecast-FY2027.xlsx under File and Writes; "Writes ….xlsx (Tallg)" echoed the typing;
    a period named wrong left the last file name under its red error."""
    path, folder = book
    async with export_dialog(path, size) as (app, pilot):
        dialog = app.screen
        file = dialog.query_one("#field-file", Input)
        plan = dialog.query_one("#export-plan")
        dialog.query_one("#field-report", Select).value = "forecast"
        await settle(pilot)
        assert file.value == str(folder / "forecast-FY2026.xlsx")
        assert str(plan.render()) == f"Writes {folder / 'forecast-FY2026.xlsx'} (FY2026)"
        dialog.query_one("#field-report", Select).value = "brief"
        await settle(pilot)
        assert file.value == ""  # no client yet: no file name, and none of another report's
        assert str(plan.render()) == "Writes nothing yet: give the client"
        assert "forecast" not in screen_text(app) and "Writes nothing yet: give the client" in screen_text(app)
        await press_into(pilot, dialog, "client", "Gam")
        written = folder / "brief-gamma-llc-2026-11-27.xlsx"
        assert file.value == str(written)
        assert str(plan.render()) == f"Writes {written} (Gamma LLC)"  # the name, not "Gam"
        await press_into(pilot, dialog, "client", "Nobody")
        assert file.value == "" and str(plan.render()).startswith("Writes nothing yet: ")
        # a period named wrong: its error, and no stale file name under it
        dialog.query_one("#field-report", Select).value = "quarterly"
        await settle(pilot)
        assert file.value == str(folder / "quarterly-2026-Q4.xlsx")
        await press_into(pilot, dialog, "period", "Tallg")
        assert file.value == ""
        reason = str(dialog.query_one("#hint-period").render())
        assert reason.startswith("'Tallg' is not a period; write 2026-Q4")
        assert str(plan.render()) == "Writes nothing yet: 'Tallg' is not a period"
        assert "quarterly-2026-Q4" not in screen_text(app)
        # a file the rep typed stays theirs whatever the other fields say
        await press_into(pilot, dialog, "period", "Q3")
        await press_into(pilot, dialog, "file", "mine")
        await press_into(pilot, dialog, "period", "Tallg")
        assert file.value == "mine"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_written_note_breaks_the_path_between_words(book, tmp_path, size):
    """Audit at 80 columns: the note cut `brief-tallgrass-bran` / `d-works-…` and said
    `Open it: xdg-open` on a line of its own."""
    path, _ = book
    from amtui.core.clients import create_client

    create_client("Tallgrass Brand Works")
    folder = tmp_path / "audit"
    folder.mkdir()
    async with export_dialog(path, size) as (app, pilot):
        dialog = app.screen
        dialog.query_one("#field-report", Select).value = "brief"
        await settle(pilot)
        await press_into(pilot, dialog, "client", "Tallg")
        await press_into(pilot, dialog, "file", f"{folder}/")
        await pilot.press("ctrl+s")
        await settle(pilot, 4)
        await wait_for(pilot, lambda: notifications(app), "the note")
        note = str(notifications(app)[-1].message).split("\n")
        width = min(60, size[0] // 2) - 3
        assert all(len(line) <= width for line in note[:-1])
        if size == (80, 24):
            assert note[:2] == ["brief-tallgrass-brand-works-", "2026-11-27.xlsx"]
        else:
            assert note[0] == "brief-tallgrass-brand-works-2026-11-27.xlsx"
        assert "".join(note[:-1]) == f"brief-tallgrass-brand-works-2026-11-27.xlsxin {folder}"
        assert note[-1] == "Open it: Reports (5), enter on it under Recent exports."
        assert (folder / "brief-tallgrass-brand-works-2026-11-27.xlsx").exists()
