"""The trend in the workbooks (issue 17): the quarterly workbook's line chart of the
quarter day by day and the forecast workbook's one per quarter, read back with openpyxl:
the chart is there, its series point at the right cells, and those cells hold core's
figures (`core.snapshots.trend`)."""

from __future__ import annotations

from datetime import date, datetime, time
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


def _kpi(ws, label: str):
    """The value under a key figure's label on the Summary."""
    cell = next(c for row in ws.iter_rows() for c in row if c.value == label)
    return ws.cell(cell.row + 1, cell.column).value


def test_todays_point_of_the_quarterly_chart_is_the_summarys_won_and_the_walks_expected(
        demo_book, tmp_path, frozen_today):
    """The audit's repro: the day's snapshot is taken, then a deal is won; the chart's
    last point is the figures now (the Summary's Won, the forecast walk's Now), not the
    snapshot of the day's start."""
    from amtui.core import deal_moves
    from amtui.core.quota import quota_status
    from amtui.models import Client

    snapshots.take_snapshot()
    backfill.backfill()
    quarter = current_quarter()
    start = snapshots.trend(quarter).points[-1]  # as the day's snapshot has it...
    client = Client.select().order_by(Client.id).first().id
    deal = deal_moves.create_deal(client, "Late deal", Decimal("5000"), close_on=date(2026, 12, 10))
    deal_moves.win_deal(deal)
    wb = openpyxl.load_workbook(run_export(plan_export("quarterly", output=tmp_path / "q.xlsx")))
    won = Decimal(str(_kpi(wb["Summary"], "Won")))
    (chart,) = _trend_charts(wb).values()
    _check(wb, chart, quarter)
    series = {name: _cells(wb, s.val.numRef.f) for (_, name, _), s in zip(SERIES, chart.series, strict=False)}
    days = _cells(wb, chart.series[0].cat.numRef.f)
    last = max(i for i, v in enumerate(series["Won"]) if v is not None)
    assert days[last] == datetime.combine(frozen_today, time())  # the lines stop at today
    walk = {row[0]: row for row in wb["Forecast walk"].iter_rows(values_only=True) if row[0]}
    now = next(row for label, row in walk.items() if str(label).startswith("Now"))
    status = quota_status(quarter)
    assert Decimal(str(series["Won"][last])) == won == status.won == start.won + 5000  # ...plus the deal
    assert Decimal(str(series["Expected"][last])) == Decimal(str(now[3])) == status.forecast_weighted
    assert Decimal(str(series["Won + commit"][last])) == Decimal(str(now[2])) == status.forecast_commit
    # a day the book was not opened is spanned, so a day between two blanks still draws
    assert chart.display_blanks == "span"
    # the forecast workbook's chart of this quarter, from the year's figures it has read
    wb = openpyxl.load_workbook(run_export(plan_export("forecast", output=tmp_path / "f.xlsx")))
    chart = next(c for t, c in _trend_charts(wb).items() if t.startswith(quarter.label))
    values = [_cells(wb, s.val.numRef.f) for s in chart.series[:len(SERIES)]]
    assert [Decimal(str(v[last])) for v in values] == [
        status.won, status.forecast_commit, status.forecast_best_case, status.forecast_weighted]


def test_a_book_with_one_day_of_figures_gets_a_note_not_an_empty_chart(demo_book, tmp_path, move_today):
    """Only today's snapshot, no backfill: a line of one point draws nothing (LibreOffice
    showed the dashed quota alone), so the chart is left out and a line says why."""
    snapshots.take_snapshot()
    for report in ("quarterly", "forecast"):
        wb = openpyxl.load_workbook(run_export(plan_export(report, output=tmp_path / f"{report}.xlsx")))
        assert _trend_charts(wb) == {}
        data = wb["Chart data"]  # the other charts' figures, no column of days
        assert not any(isinstance(c.value, datetime) for row in data.iter_rows() for c in row)
        # the note under its title (an empty block's layout)
        cells = [(c.value, c.offset(1, 0).value) for row in wb["Summary"].iter_rows() for c in row
                 if c.value == "2026-Q4 day by day"]
        # one note, for the quarter under way: the quarters before have no figures and
        # will not get them by waiting, so they are left out as before
        assert cells == [("2026-Q4 day by day",
                          "The chart starts once amtui has two days of figures (so far only Fri 27 Nov).")]
    # the next day's export draws it: yesterday's snapshot and today's figures
    move_today(date(2026, 11, 28))
    wb = openpyxl.load_workbook(run_export(plan_export("quarterly", output=tmp_path / "next.xlsx")))
    (chart,) = _trend_charts(wb).values()
    assert sum(v is not None for v in _cells(wb, chart.series[0].val.numRef.f)) == 2
