"""Dates outside the years amtui accepts (1900–2200) are refused on import as the CLI
refuses them, row by row; a four-digit year below 100 is refused, not read as 20xx; a won,
lost or closed date after today is refused; date arithmetic on a date an older amtui let
in never raises past one line naming the field."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import TODAY

from amtui import models
from amtui.cli import main
from amtui.core import followups
from amtui.core.clients import create_client
from amtui.core.errors import InvalidInput
from amtui.core.periods import add_months, next_business_day, quarter_of
from amtui.importers.values import parse_date_value, parse_timestamp_value

OUTSIDE = "is outside the years amtui accepts (1900–2200)"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("cell", [
    "1800-01-01", "9999-12-31", "0001-01-01", "0099-05-05", "31.12.0099", "31 Dec 9999",
    "Dec 31, 2201", "12/31/1899", 1.0, date(1800, 1, 1), datetime(9999, 12, 31, 10, 0),
])
def test_a_date_outside_the_years_is_refused(cell):
    with pytest.raises(InvalidInput) as exc:
        parse_date_value(cell, "mdy", field="close_on")
    assert exc.value.field == "close_on"
    assert OUTSIDE in exc.value.reason


@pytest.mark.parametrize("cell", ["9999-12-31T10:00:00", "0001-01-01 00:00 +01:00", "1800-01-01", 1.5])
def test_a_moment_outside_the_years_is_refused(cell):
    with pytest.raises(InvalidInput) as exc:
        parse_timestamp_value(cell, "mdy", field="happened_at")
    assert OUTSIDE in exc.value.reason


def test_dates_inside_the_years_still_read():
    assert parse_date_value("12/31/26", "mdy") == date(2026, 12, 31)  # two digits: this century
    assert parse_date_value("1900-01-01") == date(1900, 1, 1)
    assert parse_date_value("2200-12-31") == date(2200, 12, 31)
    assert parse_date_value("27.11.2026") == date(2026, 11, 27)


def test_a_bad_time_zone_is_named_as_such():
    with pytest.raises(InvalidInput, match="is not a time zone offset"):
        parse_timestamp_value("2026-11-01 10:00 +99:00", field="happened_at")


def test_import_refuses_each_row_outside_the_years(book_path, tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_text("Client,Deal,Value,Close\nAcme,Old,100,1800-01-01\nAcme,Far,100,9999-12-31\n"
                    "Acme,Zero,100,0001-01-01\nAcme,Fine,100,2027-01-31\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 1
    text = out + err
    assert f"line 2, Close: '1800-01-01' {OUTSIDE}" in text
    assert f"line 3, Close: '9999-12-31' {OUTSIDE}" in text
    assert f"line 4, Close: '0001-01-01' {OUTSIDE}" in text
    assert "line 5" not in text
    assert models.Opportunity.select().count() == 0 and models.Client.select().count() == 0


def test_import_refuses_a_follow_up_due_past_the_years(book_path, tmp_path, capsys):
    path = tmp_path / "followups.csv"
    path.write_text("Client,Title,Due\nAcme,Call,9999-12-31\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 1
    assert f"line 2, Due: '9999-12-31' {OUTSIDE}" in out + err
    assert models.FollowUp.select().count() == 0


def test_import_refuses_a_won_or_closed_date_in_the_future(book_path, tmp_path, capsys):
    path = tmp_path / "won.csv"
    path.write_text("Client,Deal,Value,Close,Status,Won On,Closed On\n"
                    "Acme,W1,100,2026-11-01,won,2026-12-15,\n"
                    "Acme,W2,100,2026-11-01,won,,2027-01-04\n"
                    "Acme,W3,100,2026-11-01,won,9999-12-31,\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 1
    text = out + err
    # the cell as written, then the day as every screen shows it (was "(2026-12-15)")
    assert "line 2, Won On: '2026-12-15' is in the future (Tue 15 Dec); it records what has happened" in text
    assert "line 3, Closed On: '2027-01-04' is in the future (4 Jan 2027); it records" in text
    assert f"line 4, Won On: '9999-12-31' {OUTSIDE}" in text
    assert models.Opportunity.select().count() == 0


def test_an_activity_in_the_future_is_refused_in_the_same_words(book_path, tmp_path):
    from amtui.importers.run import import_file

    path = tmp_path / "activities.csv"
    path.write_text("Account Name,Date,Activity Type,Subject\n"
                    "Acme,11/30/2026  10:00 AM,Call,Kick-off\n", encoding="utf-8")
    result = import_file(path)
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (2, "Date", "'11/30/2026 10:00 AM' is in the future (Mon 30 Nov); "
                    "import what has happened (plans are follow-ups)"),
    ]
    assert models.Interaction.select().count() == 0


def test_a_spreadsheet_date_cell_in_the_future_is_shown_not_quoted(book_path, tmp_path):
    # what Excel shows for a date cell is Excel's format, not text in the file
    from openpyxl import Workbook

    from amtui.importers.run import import_file

    path = tmp_path / "won.xlsx"
    wb = Workbook()
    wb.active.append(["Client", "Deal", "Value", "Close", "Status", "Won On"])
    wb.active.append(["Acme", "W1", 100, datetime(2026, 11, 1), "won", datetime(2026, 12, 15)])
    wb.save(path)
    result = import_file(path)
    assert [e.reason for e in result.errors] == [
        "is in the future (Tue 15 Dec); it records what has happened"
    ]


def test_import_takes_a_won_date_that_has_come(book_path, tmp_path, capsys):
    path = tmp_path / "won.csv"
    path.write_text(f"Client,Deal,Value,Close,Status,Won On\nAcme,W1,100,2026-11-01,won,{TODAY}\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, out + err
    assert models.Opportunity.get().closed_on == TODAY


def test_restoring_a_book_export_refuses_a_date_outside_the_years(book_path, tmp_path, capsys):
    create_client("Acme")
    assert run(capsys, "deal", "add", "Acme", "Expansion", "1000")[0] == 0
    assert run(capsys, "export", "book", "--format", "csv", "-o", str(tmp_path / "csv"))[0] == 0
    deals = tmp_path / "csv" / "opportunities.csv"
    close = models.Opportunity.get().close_on.isoformat()
    deals.write_text(deals.read_text(encoding="utf-8-sig").replace(close, "9999-12-31"), encoding="utf-8-sig")
    code, out, err = run(capsys, "import", str(tmp_path / "csv"), "--db", str(tmp_path / "new.db"))
    assert code == 1
    assert f"close_on: '9999-12-31' {OUTSIDE}" in out + err


# --- date arithmetic near the ends of the calendar -----------------------------------------


def test_date_arithmetic_past_year_9999_is_one_refusal():
    with pytest.raises(InvalidInput) as exc:
        add_months(date(9999, 12, 31), 1, field="close_on")
    assert exc.value.field == "close_on" and OUTSIDE in exc.value.reason
    with pytest.raises(InvalidInput):
        quarter_of(date(9999, 12, 31), 2)
    with pytest.raises(InvalidInput) as exc:
        next_business_day(date(9999, 12, 31), field="until")
    assert exc.value.field == "until"
    assert add_months(date(2200, 12, 31), 1) == date(2201, 1, 31)  # in Python's range: a date


def _stored(sql: str) -> None:
    """Write what an older amtui let in, past core's checks."""
    models.database.execute_sql(sql)


def test_snoozing_past_2200_is_refused_in_one_line(book_path, capsys):
    acme = create_client("Acme")
    followups.add_follow_up(acme, "Call", date(2200, 12, 31))
    code, out, err = run(capsys, "followup", "snooze", "1")
    assert code == 1
    assert err.strip() == f"amtui: --to: '2201-01-02' {OUTSIDE}"
    assert models.FollowUp.get().due_on == date(2200, 12, 31)


def test_a_stored_date_in_9999_never_crashes_a_command(book_path, capsys):
    acme = create_client("Acme")
    assert run(capsys, "deal", "add", "Acme", "Far", "100")[0] == 0
    followups.add_follow_up(acme, "Call", TODAY)
    _stored("UPDATE opportunity SET close_on = '9999-12-31'")
    _stored("UPDATE follow_up SET due_on = '9999-12-31'")
    code, out, err = run(capsys, "deal", "edit", "1", "--close", "+1d")
    assert code == 0, err
    assert models.Opportunity.get().close_on == date(2026, 11, 28)
    code, out, err = run(capsys, "followup", "snooze", "1")
    assert code == 1
    assert err.strip() == f"amtui: --to: '9999-12-31' {OUTSIDE}"
    assert "this is a bug" not in err and "too large" not in err

