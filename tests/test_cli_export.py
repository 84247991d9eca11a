"""`amtui export REPORT`: writes the workbook, prints its path, refuses in one line."""

from __future__ import annotations

import csv
import os

import openpyxl
import pytest
from reports_fixtures import build_small_book

from amtui.cli import main
from amtui.core.exports import recent_exports


@pytest.fixture
def small_book(book_path):
    build_small_book()
    return book_path


def test_export_status_prints_the_path_in_the_current_folder(small_book, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "status"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == str(tmp_path / "status-2026-11-27.xlsx")
    assert openpyxl.load_workbook(out).sheetnames[0] == "Summary"
    assert os.stat(out).st_mode & 0o777 == 0o600
    assert recent_exports(1)[0].path == out


def test_export_quarterly_for_a_period_to_a_file(small_book, tmp_path, capsys):
    target = tmp_path / "q3"
    assert main(["export", "quarterly", "--period", "2026-Q3", "-o", str(target)]) == 0
    written = capsys.readouterr().out.strip()
    assert written == str(tmp_path / "q3.xlsx")
    summary = openpyxl.load_workbook(written)["Summary"]
    assert summary["B3"].value.startswith("2026-Q3")


def test_export_brief_names_the_client_by_its_start(small_book, tmp_path, capsys):
    assert main(["export", "brief", "--client", "beta", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "brief-beta-corp-2026-11-27.xlsx")


def test_forecast_defaults_to_this_fiscal_year(small_book, tmp_path, capsys):
    assert main(["export", "forecast", "-o", str(tmp_path), "--db", str(small_book)]) == 0
    assert capsys.readouterr().out.strip().endswith("forecast-FY2026.xlsx")


def test_an_existing_file_needs_force(small_book, tmp_path, capsys):
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"keep me")
    assert main(["export", "book", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists; use --force" in err
    assert target.read_bytes() == b"keep me"
    assert main(["export", "book", "-o", str(target), "--force"]) == 0
    assert openpyxl.load_workbook(target).sheetnames[1] == "Clients"


@pytest.mark.parametrize(
    ("output", "line"),
    [
        ("out.txt", "-o: 'out.txt' ends in .txt, not .xlsx: name the workbook out.xlsx, or give the name without .txt"),
        ("q4.XLS", "-o: 'q4.XLS' ends in .XLS, not .xlsx: name the workbook q4.xlsx, or give the name without .XLS"),
        ("sheet.ods", "-o: 'sheet.ods' ends in .ods, not .xlsx: name the workbook sheet.xlsx, or give the name without .ods"),
    ],
)
def test_a_file_name_of_another_type_is_refused(small_book, tmp_path, monkeypatch, capsys, output, line):
    """`-o out.txt` wrote out.txt.xlsx, a name the rep never gave: refused, exit 1."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["export", "status", "-o", output, "--force"]) == 1
    assert capsys.readouterr() == ("", f"amtui: {line}\n")
    assert list(here.iterdir()) == []


@pytest.mark.parametrize(("output", "written"), [("out", "out.xlsx"), ("out.XLSX", "out.XLSX"),
                                                 ("forecast.FY2027", "forecast.FY2027.xlsx"),
                                                 ("q4.2026", "q4.2026.xlsx"), ("Acme Inc. brief", "Acme Inc. brief.xlsx")])
def test_a_name_without_a_file_type_gets_xlsx(small_book, tmp_path, monkeypatch, capsys, output, written):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "status", "-o", output]) == 0
    assert capsys.readouterr().out.strip() == written
    assert (tmp_path / written).is_file()


@pytest.mark.parametrize("lock", [".~lock.book.xlsx#", "~$book.xlsx"])
def test_a_workbook_open_in_another_program_is_not_replaced_even_with_force(small_book, tmp_path, capsys, lock):
    """LibreOffice's lock file or Excel's owner file beside the workbook: it is open
    there, and replacing it fails on Windows or confuses the program: exit 3 (busy),
    the workbook untouched; without the lock file --force replaces it as before."""
    target = tmp_path / "book.xlsx"
    target.write_bytes(b"open in Excel")
    (tmp_path / lock).write_bytes(b"")
    for force in ([], ["--force"]):
        assert main(["export", "book", "-o", str(target), *force]) == 3
        assert capsys.readouterr() == ("", f"amtui: {target} is open in another program (its lock file "
                                           f"{lock} is beside it): close it there and try again, or delete "
                                           "the lock file if nothing has it open; nothing was written\n")
    assert target.read_bytes() == b"open in Excel"
    (tmp_path / lock).unlink()
    assert main(["export", "book", "-o", str(target), "--force"]) == 0
    assert openpyxl.load_workbook(target).sheetnames[1] == "Clients"


def test_a_lock_file_beside_a_workbook_not_yet_written_is_no_matter(small_book, tmp_path, capsys):
    (tmp_path / ".~lock.book.xlsx#").write_bytes(b"")  # left by a crash, say
    assert main(["export", "book", "-o", str(tmp_path / "book.xlsx")]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "weekly"], "'weekly' is not a report"),
        (["export", "quarterly", "--period", "someday"], "'someday' is not a period"),
        (["export", "quarterly", "--period", "FY2026"], "is for a quarter"),
        (["export", "brief"], "for one client"),
        (["export", "brief", "--client", "Nobody Inc"], "no client named 'Nobody Inc'"),
        (["export", "status", "--period", "2026-Q4"], "takes no period"),
        (["export", "status", "--format", "csv"], "for the book report only"),
    ],
)
def test_bad_requests_are_one_line_errors(small_book, tmp_path, monkeypatch, capsys, args, message):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("amtui: ") and captured.err.count("\n") == 1
    assert message in captured.err
    assert list(here.iterdir()) == []


def test_book_as_csv_files_in_a_folder(small_book, tmp_path, capsys):
    folder = tmp_path / "csv"
    assert main(["export", "book", "--format", "csv", "-o", str(folder)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed and all(p.startswith(str(folder)) and p.endswith(".csv") for p in printed)
    with open(folder / "clients.csv", newline="", encoding="utf-8-sig") as fh:
        names = {row["name"] for row in csv.DictReader(fh)}
    assert {"Beta Corp", "Gamma LLC"} <= names
    assert main(["export", "book", "--format", "csv", "-o", str(folder)]) == 1
    assert "not empty; use --force" in capsys.readouterr().err
    assert main(["export", "book", "--format", "csv", "-o", str(folder), "--force"]) == 0


@pytest.mark.parametrize("report", ["status", "quarterly", "forecast", "book"])
def test_an_empty_book_exports_without_empty_charts(book_path, tmp_path, capsys, report):
    assert main(["export", report, "-o", str(tmp_path)]) == 0
    wb = openpyxl.load_workbook(capsys.readouterr().out.strip())
    assert wb.sheetnames[0] == "Summary" and "Chart data" not in wb.sheetnames


def test_quarterly_workbook_figures_equal_amtui_status_json(small_book, tmp_path, capsys):
    import json

    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert main(["export", "quarterly", "-o", str(tmp_path)]) == 0
    summary = openpyxl.load_workbook(capsys.readouterr().out.strip())["Summary"]
    # the key figures: labels on row 6, values on row 7 (Quota, Won, Attainment, Gap)
    assert [c.value for c in summary[6][:4]] == ["Quota", "Won", "Attainment", "Gap"]
    quota_, won, attainment, gap = (c.value for c in summary[7][:4])
    assert f"{quota_:.2f}" == status["quota"]
    assert f"{won:.2f}" == status["won"]
    assert round(attainment * 100, 1) == status["attainment_pct"]
    assert f"{gap:.2f}" == status["gap"]


def test_a_workbook_written_meanwhile_by_another_export_is_kept(small_book, tmp_path, monkeypatch):
    """Two windows exporting at once: the one that finishes second never replaces the
    first one's workbook unasked (the "already exists" check ran before the build)."""
    from amtui.core.errors import InvalidInput
    from amtui.reports import export as ex

    target = tmp_path / "status.xlsx"
    job = ex.plan_export("status", output=str(target))
    real = ex.book.is_empty

    def the_other_window_finished_first():
        target.write_bytes(b"the other window's workbook")
        return real()

    monkeypatch.setattr(ex.book, "is_empty", the_other_window_finished_first)
    with pytest.raises(InvalidInput, match="was written meanwhile .* it is kept"):
        ex.run_export(job)
    assert target.read_bytes() == b"the other window's workbook"
    assert not list(tmp_path.glob(".status.xlsx.*"))  # no temp file left


@pytest.mark.parametrize(("typed", "written"), [("x/", "x/status-2026-11-27.xlsx"),
                                                ("x/acct", "x/acct.xlsx")])
def test_o_resolves_a_folder_and_a_bare_name_as_the_dialog_shows(small_book, tmp_path, capsys,
                                                                 typed, written):
    """-o goes through the dialog's own output_path: a folder gets the default name, a
    name without a type gets .xlsx (tests/test_export_flow.py shows the same in the
    dialog's preview)."""
    (tmp_path / "x").mkdir()
    assert main(["export", "status", "-o", f"{tmp_path}/{typed}"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / written)
    assert (tmp_path / written).is_file()
