"""Which file an export writes (amtui.reports.export.output_path): the one function the
CLI's -o and the export dialog's preview both use."""

from __future__ import annotations

from datetime import date

import pytest

from amtui.core.errors import InvalidInput
from amtui.reports import get_report
from amtui.reports.export import output_path, plan_export

TODAY = date(2026, 12, 5)


def resolved(output, report="status"):
    return output_path(get_report(report), output, period=None, client_name="", today=TODAY)


def test_a_folder_gets_the_default_name_inside_it(tmp_path):
    assert resolved(f"{tmp_path}/") == tmp_path / "status-2026-12-05.xlsx"
    assert resolved(str(tmp_path)) == tmp_path / "status-2026-12-05.xlsx"


def test_a_name_without_a_type_gets_xlsx(tmp_path):
    assert resolved(f"{tmp_path}/acct") == tmp_path / "acct.xlsx"
    assert resolved(f"{tmp_path}/q4.2026") == tmp_path / "q4.2026.xlsx"
    assert resolved(f"{tmp_path}/acct.XLSX") == tmp_path / "acct.XLSX"


def test_another_type_is_refused_naming_the_xlsx_to_give(tmp_path):
    with pytest.raises(InvalidInput) as caught:
        resolved(f"{tmp_path}/status.txt")
    assert caught.value.reason == (f"'{tmp_path}/status.txt' ends in .txt, not .xlsx: name the "
                                   f"workbook {tmp_path}/status.xlsx, or give the name without .txt")


def test_a_folder_not_there_is_refused(tmp_path):
    with pytest.raises(InvalidInput) as caught:
        resolved(f"{tmp_path}/nowhere/")
    assert caught.value.reason == f"folder {tmp_path}/nowhere does not exist"


def test_plan_export_writes_where_output_path_says(book_path, tmp_path):
    job = plan_export("status", output=f"{tmp_path}/", today=TODAY)
    assert job.path == resolved(f"{tmp_path}/")
    assert plan_export("status", output=f"{tmp_path}/acct", today=TODAY).path == tmp_path / "acct.xlsx"
