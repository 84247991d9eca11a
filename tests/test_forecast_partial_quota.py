"""A fiscal year with a quota on some quarters only (the audit's FY2027: 2027-Q1 set, the
rest not yet): its quota, % of quota, gap and coverage are worked out over the quarters
that have one and labelled so, everywhere they show; a full year and a year with no quota
read as before.

The book: today is Fri 27 Nov 2026 (FY2026 = calendar 2026, Q4 current).
- won 50,000 on 10 Feb (Q1), 150,000 on 5 Aug (Q3), 30,000 on 2 Oct (Q4): 230,000 in the year
- open 80,000 closing 15 Dec (Q4) at 50%: weighted 40,000
Partial: Q3 200,000 and Q4 100,000 set (Q1, Q2 not): quota 300,000 over Q3–Q4, which won
180,000: 60.0% of quota, gap 120,000, coverage 80,000 / 120,000 = 0.7x, expected
(180,000 + 40,000) / 300,000 = 73.3%.  (Against the whole year's 230,000 won it read 76.6%.)
Full: 100,000 on each quarter: 400,000; 230,000 won is 57.5%, gap 170,000, coverage
80,000 / 170,000 = 0.5x, expected 270,000 / 400,000 = 67.5%.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

import openpyxl
import pytest
from quota_fixtures import P, deal

from amtui.cli import main
from amtui.core import bookings as bk
from amtui.core import quota as q
from amtui.core.forecast import annual_forecast
from amtui.core.gap_deals import gap_list
from amtui.reports import forecast as forecast_report
from amtui.reports.export import plan_export, run_export

TODAY = date(2026, 11, 27)


@pytest.fixture
def year_book(book_path):
    deal(50_000, status="won", closed_on=date(2026, 2, 10))
    deal(150_000, status="won", closed_on=date(2026, 8, 5))
    deal(30_000, status="won", closed_on=date(2026, 10, 2))
    deal(80_000, close_on=date(2026, 12, 15), probability=50, category="best case")
    return book_path


def _partial():
    q.set_quota(P("2026-Q3"), "200k")
    q.set_quota(P("2026-Q4"), "100k")


def _full():
    for n in (1, 2, 3, 4):
        q.set_quota(P(f"2026-Q{n}"), "100k")


# --- core: what a quota covers ----------------------------------------------------------
def test_quota_cover_of_a_year_names_the_quarters_with_a_quota(year_book):
    assert bk.quota_cover(P("FY2026")) == bk.QuotaCover(None, ())
    q.set_quota(P("2026-Q1"), "100k")
    q.set_quota(P("2026-Q3"), "200k")
    cover = bk.quota_cover(P("FY2026"))
    assert cover.amount == D("300000.00") and cover.partial
    assert [p.label for p in cover.covers] == ["2026-Q1", "2026-Q3"]
    assert (cover.short, cover.missing_short) == ("Q1, Q3", "Q2, Q4")
    assert cover.note == "Quota set for 2026-Q1, 2026-Q3 only; none for 2026-Q2, 2026-Q4"
    q.set_quota(P("2026-Q2"), "100k")
    assert (bk.quota_cover(P("FY2026")).short, bk.quota_cover(P("FY2026")).missing_short) == ("Q1–Q3", "Q4")
    q.set_quota(P("2026-Q4"), "100k")
    full = bk.quota_cover(P("FY2026"))
    assert (full.amount, full.covers, full.partial, full.note) == (D("500000.00"), (P("FY2026"),), False, "")
    q.set_quota(P("FY2026"), "1m")  # a year's own quota covers the year whatever its quarters
    assert bk.quota_cover(P("FY2026")) == bk.QuotaCover(D("1000000.00"), (P("FY2026"),))
    assert bk.quota_cover(P("2026-11")) == bk.QuotaCover(None, ())


def test_partial_year_is_measured_over_its_quarters_with_a_quota(year_book):
    _partial()
    f = annual_forecast(P("FY2026"), TODAY, with_pay=False)
    a = f.against
    assert (a.quota, a.won, a.attainment_pct, a.gap, a.coverage, a.expected_pct) == (
        D("300000.00"), D("180000.00"), D("60.0"), D("120000.00"), D("0.7"), D("73.3"))
    total = f.total
    # the year's own figures stay the year's
    assert (total.won, total.pipeline, total.forecast) == (D("230000.00"), D("80000.00"), D("270000.00"))
    assert (total.quota, total.attainment_pct, total.forecast_pct, total.gap, f.coverage) == (
        D("300000.00"), D("60.0"), D("73.3"), D("120000.00"), D("0.7"))
    # quarters and months without a quota have none, not zero
    assert [r.quota for r in f.quarters] == [None, None, D("200000.00"), D("100000.00")]
    assert f.months[0].quota is None and f.months[0].forecast_pct is None

    s = q.quota_status(P("FY2026"), TODAY, with_pay=False)
    assert (s.quota, s.won, s.quota_won, s.attainment_pct, s.gap, s.coverage) == (
        D("300000.00"), D("230000.00"), D("180000.00"), D("60.0"), D("120000.00"), D("0.7"))
    assert s.quota_cover.partial and s.quota_cover.short == "Q3–Q4"
    # no pace over part of a year; the run rate needs no quota
    assert (s.expected_to_date, s.behind_by, s.required_per_business_day) == (None, None, None)
    assert s.run_rate_projection is not None
    assert q.status_line(TODAY, P("FY2026"), due=0) == "FY26 (Q3–Q4) 60% of 300k"


def test_partial_year_deal_that_makes_quota_counts_its_quarters_only(year_book):
    _partial()
    # 180,000 of 300,000 won in Q3–Q4: the 80,000 Q4 deal does not make it (the whole
    # year's 230,000 + 80,000 would have)
    assert gap_list(P("FY2026"), TODAY).makes_at is None
    q.set_quota(P("2026-Q4"), "50k")  # 250,000: 180,000 + 80,000 makes it
    assert gap_list(P("FY2026"), TODAY).makes_at == 0


def test_full_year_and_empty_year_as_before(year_book):
    f = annual_forecast(P("FY2026"), TODAY, with_pay=False)
    assert (f.total.quota, f.total.gap, f.total.forecast_pct, f.coverage) == (None, None, None, None)
    assert not f.quota_cover.partial
    _full()
    f = annual_forecast(P("FY2026"), TODAY, with_pay=False)
    assert (f.total.quota, f.total.attainment_pct, f.total.forecast_pct, f.total.gap, f.coverage) == (
        D("400000.00"), D("57.5"), D("67.5"), D("170000.00"), D("0.5"))
    s = q.quota_status(P("FY2026"), TODAY, with_pay=False)
    assert (s.attainment_pct, s.gap, s.coverage, s.quota_won) == (D("57.5"), D("170000.00"), D("0.5"), D("230000.00"))
    assert s.expected_to_date is not None  # a full year keeps its pace


# --- the workbook, read back ---------------------------------------------------------------
def _export(tmp_path, name="f.xlsx"):
    path = run_export(plan_export("forecast", period=P("FY2026"), output=tmp_path / name, today=TODAY))
    return openpyxl.load_workbook(path, data_only=True)


def _kpis(ws) -> dict:
    """Key figures: label row, value row below (four across, rows 6 and 10)."""
    out = {}
    for row in (6, 10):
        for col in range(1, 5):
            label = ws.cell(row, col).value
            if label:
                out[label] = (ws.cell(row + 1, col).value, ws.cell(row + 2, col).value)
    return out


def _listed(ws, title: str) -> dict:
    """The Summary's block `title` written as label / value rows, with the note above it."""
    rows = [[c.value for c in r[:2]] for r in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    out = {"note": rows[start + 1][0] if rows[start + 1][1] is None else ""}
    for label, value in rows[start + 1:]:
        if label is None:
            break
        out[label] = value
    return out


def _sheet(ws) -> tuple[dict, dict]:
    """{first column: {header: value}} for each row, and the Total row."""
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)}
    return rows, rows.pop("Total")


def test_workbook_of_a_partial_year(year_book, tmp_path):
    _partial()
    wb = _export(tmp_path)
    figures = _kpis(wb["Summary"])
    assert figures["Quota (Q3–Q4 only)"] == (300000, "none set for Q1–Q2")
    assert figures["Gap to quota (Q3–Q4)"] == (120000, "Q3–Q4's quota minus won")
    assert figures["Coverage (Q3–Q4)"][0] == 0.7
    assert figures["Won to date"] == (230000, "60.0% of quota in Q3–Q4")
    assert "Quota" not in figures and "Coverage" not in figures
    year = _listed(wb["Summary"], "The year")
    assert year["note"].startswith("Quota set for 2026-Q3–Q4 only; none for 2026-Q1–Q2.")
    assert (year["Quota (Q3–Q4 only)"], year["Gap to quota (Q3–Q4)"]) == (300000, 120000)
    assert year["Expected % of quota (Q3–Q4)"] == pytest.approx(0.733)
    assert year["Won"] == 230000  # the year's
    months, month_total = _sheet(wb["By month"])
    assert [months[m]["Quota"] for m in ("Jan 2026", "Jun 2026")] == [None, None]  # blank, not 0
    assert months["Jul 2026"]["Quota"] == pytest.approx(66666.67)
    assert month_total["Quota"] == 300000  # the Summary's quota
    quarters, quarter_total = _sheet(wb["By quarter"])
    expected, expected_total = _sheet(wb["Expected by quarter"])
    assert [quarters[f"2026-Q{n}"]["Quota"] for n in (1, 2, 3, 4)] == [None, None, 200000, 100000]
    assert quarters["2026-Q1"]["Gap to quota"] is None and expected["2026-Q1"]["Expected % of quota"] is None
    assert quarter_total["Quota"] == expected_total["Quota"] == 300000
    # the quota line leaves the quarters without one blank (a gap), never $0
    chart = [r for r in wb["Chart data"].iter_rows(values_only=True) if r and r[0]]
    by_quarter = {r[0]: r[3] for r in chart if str(r[0]).startswith("2026-Q")}
    assert by_quarter == {"2026-Q1": None, "2026-Q2": None, "2026-Q3": 200000, "2026-Q4": 100000}
    by_month = {r[0]: r[3] for r in chart if str(r[0]).endswith(" 2026")}
    assert by_month["Mar 2026"] is None and by_month["Oct 2026"] == pytest.approx(33333.33)
    definitions = " ".join(str(c.value) for r in wb["Definitions"].iter_rows() for c in r if c.value)
    assert "over those quarters alone" in definitions


def test_workbook_of_a_full_year(year_book, tmp_path):
    _full()
    wb = _export(tmp_path)
    figures = _kpis(wb["Summary"])
    assert figures["Quota"] == (400000, None)
    assert figures["Gap to quota"] == (170000, "quota minus won")
    assert figures["Coverage"][0] == 0.5
    year = _listed(wb["Summary"], "The year")
    assert year["note"] == "" and year["Expected % of quota"] == pytest.approx(0.675)
    _, month_total = _sheet(wb["By month"])
    _, quarter_total = _sheet(wb["By quarter"])
    assert month_total["Quota"] == quarter_total["Quota"] == 400000


def test_workbook_of_a_year_without_quota(year_book, tmp_path):
    wb = _export(tmp_path)
    figures = _kpis(wb["Summary"])
    assert figures["Quota"] == ("—", "none set")
    year = _listed(wb["Summary"], "The year")
    assert year["Quota"] is None and year["Gap to quota"] is None
    _, month_total = _sheet(wb["By month"])
    assert month_total["Quota"] is None
    assert [c.value for c in wb["Chart data"][1]] == ["", "Won", "Weighted pipeline"]  # no quota line
    report = forecast_report.build(P("FY2026"), today=TODAY)
    assert not any(s.role == "quota" for c in report.charts[:2] for s in c.series)


# --- the command line -----------------------------------------------------------------
def test_status_of_a_partial_year(year_book, capsys):
    _partial()
    assert main(["status", "--period", "FY2026"]) == 0
    out = capsys.readouterr().out
    assert "Quota        Quota set for 2026-Q3–Q4 only; none for 2026-Q1–Q2" in out
    assert "60.0% of $300,000.00 (Q3–Q4) · won in Q3–Q4 $180,000.00 · gap $120,000.00" in out
    assert "Coverage     0.7x of what is left in Q3–Q4" in out
    assert "see each quarter" in out
    assert main(["status", "--period", "FY2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["quota"], data["quota_won"], data["won"], data["attainment_pct"], data["coverage"]) == (
        "300000.00", "180000.00", "230000.00", 60.0, 0.7)
    assert data["quota_covers"] == ["2026-Q3", "2026-Q4"] and data["expected_to_date"] is None
