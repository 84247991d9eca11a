"""The trend in the workbooks (issue 17): the quarterly workbook's line chart of the
quarter day by day and the forecast workbook's one per quarter, read back with openpyxl:
the chart is there, its series point at the right cells, and those cells hold core's
figures (`core.snapshots.trend`)."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from amtui.core import backfill, snapshots
from amtui.core.bookings import current_quarter
from amtui.core.periods import quarters_of
from amtui.reports.export import plan_export, run_export
from amtui.reports.trend_chart import SERIES


@pytest.fixture
def workbooks(demo_book, tmp_path):
    snapshots.take_snapshot()
    backfill.backfill()
    quarterly = run_export(plan_export("quarterly", output=tmp_path / "q.xlsx"))
    forecast = run_export(plan_export("forecast", output=tmp_path / "f.xlsx"))
    return openpyxl.load_workbook(quarterly), openpyxl.load_workbook(forecast)


def _title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def _cells(wb, ref: str) -> list:
    sheet, cells = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    return [ws.cell(row, col).value for row in range(min_row, max_row + 1)
            for col in range(min_col, max_col + 1)]


def _trend_charts(wb) -> dict[str, object]:
    return {_title(c): c for c in wb["Summary"]._charts if "day by day" in _title(c)}


def _check(wb, chart, period) -> None:
    trend = snapshots.trend(period)
    days = trend.days()
    assert chart.tagname == "lineChart"
    names = [_cells(wb, s.tx.strRef.f)[0] for s in chart.series]
    assert names == [name for _, name, _ in SERIES] + ["Quota"]
    for (attr, _, _), series in zip(SERIES, chart.series, strict=False):
        assert _cells(wb, series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f) == [
            datetime.combine(d, time()) for d, _ in days]
        values = _cells(wb, series.val.numRef.f)
        expected = [getattr(p, attr) if p is not None else None for _, p in days]
        assert [None if v is None else Decimal(str(v)) for v in values] == expected
    quota = _cells(wb, chart.series[-1].val.numRef.f)
    assert {Decimal(str(v)) for v in quota} == {trend.quota}


def test_the_quarterly_workbook_charts_the_quarter_day_by_day(workbooks, frozen_today):
    quarterly, _ = workbooks
    quarter = current_quarter()
    charts = _trend_charts(quarterly)
    title = "2026-Q4 day by day, reconstructed to 26 Nov"
    assert list(charts) == [title]
    _check(quarterly, charts[title], quarter)


def test_the_forecast_workbook_charts_each_quarter_of_the_year(workbooks):
    _, forecast = workbooks
    charts = _trend_charts(forecast)
    quarters = quarters_of(current_quarter().fiscal_year)
    assert [t.split(" ")[0] for t in charts] == [q.label for q in quarters]
    for q in quarters:
        chart = next(c for t, c in charts.items() if t.startswith(q.label))
        _check(forecast, chart, q)
    # a quarter that is over was reconstructed all through; this one to yesterday
    assert any(t.startswith("2026-Q1") and t.endswith(", reconstructed") for t in charts)
