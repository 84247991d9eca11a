"""Every report read back with openpyxl: sheets, headers, figures equal to core's,
formats, tables, print settings, properties, and hostile text kept as text."""

from __future__ import annotations

import os
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from quota_fixtures import P
from reports_fixtures import (
    HOSTILE_CLIENT,
    HOSTILE_TEXTS,
    build_small_book,
    column_widths,
    kpis,
    load,
    rows,
    totals,
)

from amtui import db
from amtui.core import health, quota
from amtui.core.bookings import won_in
from amtui.core.clients import find_client
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.forecast import annual_forecast
from amtui.core.holdings import client_holdings
from amtui.core.interactions import timeline
from amtui.core.periods import parse_period
from amtui.core.pipeline import deals, pipeline_totals
from amtui.core.renewals import next_renewals
from amtui.core.results import (
    ListedDeal,
    listed_deals,
    win_stats,
    won_breakdown,
)
from amtui.core.settings import set_settings
from amtui.models import Client, Interaction
from amtui.reports import REPORTS, get_report, preview, slug
from amtui.reports.export import plan_export, run_export
from amtui.reports.xlsx_layout import PAGE_AREA, fit_scale, printed_pixels
from amtui.reports.xlsx_summary import CHART_WIDTH

TODAY = date(2026, 11, 27)
Q4 = parse_period("2026-Q4")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """The small book, and each report exported from it once (the tests only read)."""
    folder = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMTUI_TODAY", TODAY.isoformat())
        mp.setenv("AMTUI_CONFIG", str(folder / "config.toml"))
        path = folder / "book.db"
        mp.setenv("AMTUI_DB", str(path))
        db.open_book(path)
        ids = build_small_book()
        files = {}
        for name in REPORTS:
            client = "beta" if name == "brief" else None
            job = plan_export(name, client=client, output=folder / f"{name}.xlsx")
            files[name] = run_export(job)
        hostile_brief = plan_export("brief", client=ids["hostile"], output=folder / "hostile.xlsx")
        files["hostile brief"] = run_export(hostile_brief)
        yield {"path": path, "folder": folder, "ids": ids, "files": files}
        db.close_book()


@pytest.fixture(autouse=True)
def _the_book(book, monkeypatch):
    monkeypatch.setenv("AMTUI_TODAY", TODAY.isoformat())
    db.open_book(book["path"])


# --- every workbook ------------------------------------------------------------------
SHEETS = {
    "status": ["Summary", "Clients", "Client detail", "Forecast walk", "Changes", "Definitions",
               "Chart data"],
    "quarterly": ["Summary", "Won deals", "Lost deals", "Commit 2027-Q1", "Forecast walk",
                  "Changes", "Definitions", "Chart data"],
    "forecast": ["Summary", "By month", "Expected by month", "By quarter", "Expected by quarter",
                 "Renewals", "Open deals", "Next steps", "Definitions", "Chart data"],
    "brief": ["Summary", "Definitions"],
    "commission": ["Summary", "Deals", "Definitions"],
    "book": ["Summary", "Clients", "Contacts", "Products", "Holdings", "Interactions",
             "Follow-ups", "Opportunities", "Stage changes", "Service issues", "Commitments",
             "Quotas", "Definitions"],
}


@pytest.mark.parametrize("name", list(SHEETS))
def test_sheets_summary_first_definitions_and_hidden_chart_data(book, name):
    wb = load(book["files"][name])
    assert wb.sheetnames == SHEETS[name]
    summary = wb["Summary"]
    assert summary["A1"].value == (REPORTS[name].title if name != "brief"
                                   else "Client brief: Beta Corp")
    assert summary["A2"].value == "Prepared by"
    assert summary["B2"].value == "Dana Test, Acme Sales & Co"
    assert summary["B4"].value == datetime(2026, 11, 27)
    terms = [r[0] for r in wb["Definitions"].iter_rows(min_row=2, values_only=True)]
    assert len(terms) >= 2 and all(terms)
    if "Chart data" in wb.sheetnames:
        assert wb["Chart data"].sheet_state == "hidden"


def _print_scale(ws) -> float:
    """The scale a sheet prints at: its own, or what fitting one page wide gives."""
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage:
        return (ws.page_setup.scale or 100) / 100
    widths = column_widths(ws)
    if ws.title == "Summary" and ws._charts:  # two charts side by side
        pixels = max(printed_pixels(widths), 2 * CHART_WIDTH + 16)
        area = PAGE_AREA["letter"][ws.page_setup.orientation][0]
        return min(1.0, area / pixels)
    return fit_scale(widths, "letter", ws.page_setup.orientation)


@pytest.mark.parametrize("name", list(SHEETS))
def test_print_setup_and_document_properties(book, name):
    wb = load(book["files"][name])
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        portrait = name == "brief" and ws.title == "Summary"
        assert ws.page_setup.orientation == ("portrait" if portrait else "landscape")
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out
            assert ws.page_setup.fitToHeight == 0
        else:  # too wide for one readable page: over several, the first column repeated
            # xlsxwriter leaves a scale of 100 out (Excel's default): openpyxl reads None
            assert 75 <= (ws.page_setup.scale or 100) <= 100, ws.title
            assert ws.print_title_cols == "$A:$A"
        assert ws.oddFooter.center.text == "Page &P of &N"
        assert "&&" in ws.oddHeader.left.text or REPORTS[name].title.split()[0] in ws.oddHeader.left.text
        if ws.title != "Summary":
            assert ws.print_title_rows == "$1:$1"
            assert ws.freeze_panes in ("A2", "B2")
    assert wb.properties.title.startswith(REPORTS[name].title)
    assert wb.properties.creator == "Dana Test"
    with zipfile.ZipFile(book["files"][name]) as z:
        assert "<Company>Acme Sales &amp; Co</Company>" in z.read("docProps/app.xml").decode()


@pytest.mark.parametrize("name", [n for n in SHEETS if n != "book"])
def test_no_printed_type_below_8_points(book, name):
    """The smallest font on each sheet times the scale it prints at: at least 8 points."""
    wb = load(book["files"][name])
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        sizes = {c.font.sz or 11 for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(sizes) * _print_scale(ws) >= 8, (ws.title, min(sizes), _print_scale(ws))


@pytest.mark.parametrize("name", list(SHEETS))
def test_written_0600_with_no_temp_file_left(book, name):
    path = book["files"][name]
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert not [p for p in book["folder"].iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("name", list(SHEETS))
def test_the_only_formulas_are_subtotals_with_their_figures_cached(book, name):
    formulas = load(book["files"][name], values=False)
    cached = load(book["files"][name])
    seen = 0
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    seen += 1
                    assert cell.value.startswith("=SUBTOTAL(109,"), cell.value
                    assert cached[ws.title][cell.coordinate].value is not None
    assert seen or name == "book"


# --- status ----------------------------------------------------------------------------
def test_status_one_row_per_active_client_worst_health_first_with_core_figures(book):
    ws = load(book["files"]["status"])["Client detail"]
    table = rows(ws)
    names = [r["Client"] for r in table]
    assert sorted(names) == sorted([HOSTILE_CLIENT, "Beta Corp", "Gamma LLC"])  # not Old Co
    scores = health.health_for(today=TODAY)
    by_name = {c.name: c.id for c in Client.select()}
    assert [r["Health"] for r in table] == sorted(r["Health"] for r in table)
    fy, last_fy = parse_period("FY2026"), parse_period("FY2025")
    for r in table:
        cid = by_name[r["Client"]]
        assert r["Health"] == scores[cid].score
        assert r["Band"] == scores[cid].band.capitalize()
        open_deals = pipeline_totals(deals(status="open", client_id=cid))
        assert Decimal(str(r["Open pipeline"])) == open_deals.amount
        assert Decimal(str(r["Weighted pipeline"])) == open_deals.weighted
        won = [d for d in deals(period=fy, status="won", client_id=cid)]
        assert Decimal(str(r["Won FY2026"])) == sum((d.amount for d in won), Decimal(0))
        won_before = deals(period=last_fy, status="won", client_id=cid)
        assert Decimal(str(r["Won FY2025"])) == sum((d.amount for d in won_before), Decimal(0))
    beta = next(r for r in table if r["Client"] == "Beta Corp")
    assert beta["Next follow-up"] == datetime(2026, 11, 20)
    renewal = next_renewals([by_name["Beta Corp"]], TODAY)[by_name["Beta Corp"]]
    assert beta["Next renewal"] == datetime.combine(renewal, datetime.min.time())
    gamma = next(r for r in table if r["Client"] == "Gamma LLC")
    assert (gamma["Open issues"], gamma["Worst severity"]) == (1, "critical")
    assert (gamma["Open commitments"], gamma["Commitments overdue"]) == (1, 1)


def test_status_is_an_excel_table_with_totals_formats_and_colours(book):
    cached = load(book["files"]["status"])["Client detail"]
    formulas = load(book["files"]["status"], values=False)["Client detail"]
    assert list(formulas.tables) == ["t_Client_detail"]
    assert formulas.tables["t_Client_detail"].ref == "A1:T5"  # header, 3 clients, totals
    assert formulas["I5"].value == "=SUBTOTAL(109,t_Client_detail[Open pipeline])"
    table = rows(cached)
    assert totals(cached)["Open pipeline"] == sum(r["Open pipeline"] for r in table)
    # summary figures in whole units; figures padded so they never touch the next cell
    assert cached["G2"].number_format == "$#,##0_);-$#,##0_)"
    dated = next(r for r in range(2, 5) if cached[f"K{r}"].value is not None)  # a renewal
    assert cached[f"K{dated}"].number_format == "d mmm yyyy_)"
    assert cached["E2"].number_format == "#,##0_)"
    assert cached["F2"].alignment.indent == 1  # the band, after the health figure
    rules = [r.formula[0] for cf in formulas.conditional_formatting for r in cf.rules]
    assert 'F2="Red"' in rules
    assert any("P2<DATE(2026,11,27)" in f for f in rules)  # overdue follow-ups


def test_status_key_sheet_is_the_detail_cut_down_with_one_reason_each(book):
    wb = load(book["files"]["status"])
    key, detail = rows(wb["Clients"]), rows(wb["Client detail"])
    assert list(key[0]) == ["Client", "Tier", "Health", "Band", "Won FY2026", "Open pipeline",
                            "Weighted pipeline", "Next renewal", "Last contact",
                            "Needs attention"]
    for k, d in zip(key, detail, strict=True):
        assert {h: k[h] for h in list(k)[:-1]} == {h: d[h] for h in list(k)[:-1]}
    reasons = {r["Client"]: r["Needs attention"] for r in key}
    assert reasons["Gamma LLC"] == "1 commitment overdue"
    assert reasons["Beta Corp"].startswith("no contact:") or "follow-up" in reasons["Beta Corp"]
    assert totals(wb["Clients"])["Won FY2026"] == totals(wb["Client detail"])["Won FY2026"]
    ws = wb["Clients"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage and _print_scale(ws) >= 0.75


def test_status_summary_bands_at_risk_and_renewals(book):
    wb = load(book["files"]["status"])
    ws = wb["Summary"]
    figures = kpis(ws)
    assert figures["Active clients"] == 3
    assert figures["Won FY2026"] == float(won_in(P("FY2026")))
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "At-risk clients and why" in texts
    assert any("critical issue open" in t for t in texts)  # Gamma's reason, from health
    assert "Renewals in the next 90 days" in texts


# --- quarterly -----------------------------------------------------------------------
def test_quarterly_key_figures_are_quota_status(book):
    wb = load(book["files"]["quarterly"])
    status = quota.quota_status(Q4, TODAY)
    figures = kpis(wb["Summary"])
    assert figures["Quota"] == float(status.quota) == 100000
    assert figures["Won"] == float(status.won) == float(won_in(Q4)) == 35000
    assert figures["Attainment"] == pytest.approx(float(status.attainment_pct) / 100)
    assert figures["Gap"] == float(status.gap) == 65000
    assert figures["Win rate"] == pytest.approx(0.75)
    assert figures["Average deal"] == pytest.approx(11666.67)
    assert wb["Summary"]["C7"].number_format == "0.0%_)"
    assert wb["Summary"]["A7"].number_format == "$#,##0_);-$#,##0_)"  # whole units
    texts = [c.value for row in wb["Summary"].iter_rows() for c in row]
    assert "Commission" not in texts and "Bonus" not in texts  # no pay: it goes upward


def test_quarterly_won_and_lost_deals_and_the_comparison(book):
    wb = load(book["files"]["quarterly"])
    won = rows(wb["Won deals"])
    assert sorted(r["Deal"] for r in won) == ["More seats", "New logo", "Renewal 2027"]
    assert totals(wb["Won deals"])["Amount"] == float(won_in(Q4))
    lost = rows(wb["Lost deals"])
    assert [(r["Deal"], r["Reason"], r["Detail"]) for r in lost] == [
        ("Lost to a rival", "competitor", "went with Initech")]
    commit = rows(wb["Commit 2027-Q1"])
    assert [r["Deal"] for r in commit] == ["Next year"]
    ws = wb["Summary"]
    labels = {row[0].value: row for row in ws.iter_rows() if row[0].value}
    quota_row = [c.value for c in labels["Quota"][1:4]]
    assert quota_row == [70000, 80000, 100000]  # a year before, the one before, this one
    won_row = [c.value for c in labels["Won"][1:4]]
    assert won_row == [12000, 30000, 35000]
    assert labels["Attainment"][2].fill.fgColor.rgb.endswith("FFC7CE")  # Q3 missed: red
    assert labels["Attainment"][3].fill.fgColor.rgb in (None, "00000000")  # not over yet
    assert wb["Won deals"]["E2"].number_format == "$#,##0.00_);-$#,##0.00_)"  # per deal


def test_won_breakdown_and_win_stats_worked_example(book):
    breakdown = won_breakdown(Q4)
    assert breakdown.total == Decimal("35000.00")
    assert [(m.label, v) for m, v in breakdown.by_month] == [
        ("2026-10", Decimal("10000.00")), ("2026-11", Decimal("25000.00")),
        ("2026-12", Decimal("0.00"))]
    assert dict(breakdown.by_kind) == {"new": Decimal("10000.00"), "upsell": Decimal("20000.00"),
                                       "cross-sell": Decimal("0.00"),
                                       "renewal": Decimal("5000.00")}
    assert breakdown.by_family == [("Software", Decimal("20000.00")),
                                   ("Hardware", Decimal("10000.00")),
                                   ("(no product)", Decimal("5000.00"))]
    assert [name for _, name, _ in breakdown.top_clients] == ["Beta Corp", HOSTILE_CLIENT,
                                                             "Gamma LLC"]
    stats = win_stats(Q4)
    assert (stats.won_count, stats.lost_count) == (3, 1)
    assert stats.win_rate_pct == Decimal("75.0")
    assert stats.average_deal == Decimal("11666.67")
    # created 5 Sep -> won 5 Oct (30), 1 Oct -> 10 Nov (40), 23 Oct -> 2 Nov (10)
    assert stats.average_days_to_close == Decimal("26.7")


def test_listed_deals_are_pipeline_deals_in_their_order_in_one_query(book):
    from playhouse.test_utils import count_queries

    cases = [(Q4, "won", ()), (Q4, "lost", ()), (Q4, "open", ()),
             (parse_period("2027-Q1"), "open", ("commit", "best case"))]
    for period, status, categories in cases:
        full = deals(period=period, status=status, categories=categories)
        with count_queries() as counted:
            listed = listed_deals(period=period, status=status, categories=categories)
        assert counted.count == 1
        assert [d.id for d in listed] == [d.id for d in full]
        for short, whole in zip(listed, full, strict=True):
            assert short == tuple(getattr(whole, field) for field in ListedDeal._fields)
    assert listed_deals(period=Q4, status="won")  # the small book has some


# --- forecast ------------------------------------------------------------------------
def _joined(wb, *sheets: str) -> list[dict[str, object]]:
    """A table split over sheets (each prints one page wide) joined back row by row; a
    column on more than one of them (the month, its quota, won) is the same on each."""
    joined = []
    for parts in zip(*(rows(wb[sheet]) for sheet in sheets), strict=True):
        row: dict[str, object] = {}
        for part in parts:
            for header, value in part.items():
                assert row.setdefault(header, value) == value, header
        joined.append(row)
    return joined


PERIOD_COLUMNS = ["Status", "Quota", "Won", "Won + commit", "+ best case", "+ all open (ceiling)",
                  "Weighted pipeline", "Expected (weighted)", "Expected % of quota", "Gap to quota",
                  "Open deals", "Renewals"]


def test_forecast_rows_and_totals_are_annual_forecast(book):
    wb = load(book["files"]["forecast"])
    f = annual_forecast(P("FY2026"), TODAY)
    months = _joined(wb, "By month", "Expected by month")
    assert len(months) == 12
    assert sorted(months[0]) == sorted(["Month", *PERIOD_COLUMNS])  # every figure of a month
    for r, m in zip(months, f.months, strict=True):
        assert r["Won"] == float(m.won)
        assert r["Expected (weighted)"] == float(m.forecast)
        assert r["Weighted pipeline"] == float(m.weighted)
        assert r["Won + commit"] == float(m.forecast_commit)
        assert r["+ best case"] == float(m.forecast_best_case)
        assert r["+ all open (ceiling)"] == float(m.forecast_ceiling)
        assert r["Gap to quota"] == (None if m.gap is None else float(m.gap))
        assert r["Quota"] == (None if m.quota is None else float(m.quota))
        assert (r["Open deals"], r["Renewals"]) == (m.open_count, float(m.renewals))
        assert r["Status"] == m.status
        # the ladder only goes up; a month that is over holds only what was won
        assert r["Won"] <= r["Won + commit"] <= r["+ best case"] <= r["+ all open (ceiling)"]
        if m.status == "past":
            assert r["+ all open (ceiling)"] == r["Won"]
    quarters = _joined(wb, "By quarter", "Expected by quarter")
    assert [r["Quarter"] for r in quarters] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert sorted(quarters[0]) == sorted(["Quarter", *PERIOD_COLUMNS])
    assert totals(wb["Expected by quarter"])["Expected (weighted)"] == float(f.total.forecast)
    assert totals(wb["By month"])["Won"] == totals(wb["Expected by month"])["Won"] == float(f.total.won)
    figures = kpis(wb["Summary"])
    assert figures["Expected (weighted)"] == float(f.total.forecast)
    assert figures["+ all open (ceiling)"] == float(f.total.forecast_ceiling)
    # the book's FY2026 has a quota on Q3 and Q4 only: the Summary says so
    assert figures["Quota (Q3–Q4 only)"] == float(f.total.quota) == 180000
    open_deals = _joined(wb, "Open deals", "Next steps")
    assert [r["Deal"] for r in open_deals] == ["Big expansion"]
    assert sorted(open_deals[0]) == sorted(["Client", "Deal", "Kind", "Stage", "Category", "Amount",
                                            "Prob.", "Weighted", "Close on", "Stale",
                                            "Next step"])
    assert wb["Open deals"]["G2"].number_format == "0.0%_)"
    # whole dollars, as every other figure of the forecast: narrower on the printed page
    assert wb["Open deals"]["F2"].number_format == wb["By month"]["D2"].number_format == "$#,##0_);-$#,##0_)"
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert not texts & {"Pay for the year", "Base salary", "Total pay"}


# --- brief ---------------------------------------------------------------------------
def block(ws, title: str) -> list[dict[str, object]] | str:
    """A block on a Summary sheet by its title: its rows as dicts by header, or the one
    line an empty block says."""
    cells = list(ws.iter_rows())
    at = next(i for i, r in enumerate(cells) if r[0].value == title)
    after = cells[at + 2] if at + 2 < len(cells) else ()
    if all(c.value is None for c in after):  # an empty section: its title, then what it says
        return cells[at + 1][0].value
    headers = [c.value for c in cells[at + 1]]
    out = []
    for r in cells[at + 2:]:
        if r[0].value is None and all(c.value is None for c in r):
            break
        if r[0].value == "Total":
            continue
        out.append({h: c.value for h, c in zip(headers, r, strict=False) if h})
    return out


def test_brief_is_the_client_record_on_one_sheet(book):
    wb = load(book["files"]["brief"])
    beta = find_client("Beta Corp").id
    ws = wb["Summary"]
    figures = kpis(ws)
    assert figures["Health"] == health.client_health(beta, TODAY).score
    history = block(ws, "Last 10 interactions")
    assert [r["Summary and outcome"] for r in history] == [
        i.summary for i in timeline(beta, 10)]
    held = block(ws, "What they hold")
    # what Beta holds today: not the Widget Pro year that ended on 15 Nov
    assert [(r["Product"], r["Annual value"]) for r in held] == [
        (h.product, float(h.annual_value)) for h in client_holdings(beta) if h.held_on(TODAY)]
    assert [r["Product"] for r in held] == ["Cloud Suite", "Widget Pro"]
    assert [r["Annual value"] for r in held] == [30000, 12500]
    follow = block(ws, "Open commitments and follow-ups")
    assert [r["What"] for r in follow] == ["Send the renewal quote"]
    assert block(ws, "Open service issues") == "none"
    assert block(ws, "Contacts") == "none"
    assert block(ws, "Open deals") == "none"  # Beta's deals are won or lost
    assert ws.page_setup.orientation == "portrait"


# --- book (constant memory) ----------------------------------------------------------
def test_book_streams_sheets_with_autofilter_and_frozen_header_not_tables(book):
    formulas = load(book["files"]["book"], values=False)
    for ws in formulas.worksheets[1:-1]:
        assert not ws.tables
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.freeze_panes == "B2"
    assert len(rows(formulas["Clients"])) == Client.select().count() == 4  # churned kept
    assert len(rows(formulas["Interactions"])) == Interaction.select().count()
    opp = rows(formulas["Opportunities"])
    big = next(r for r in opp if r["Deal"] == "Big expansion")
    assert big["Weighted"] == 36000  # 40,000 at the Commit stage's 90%


# --- text stays text -----------------------------------------------------------------
def _cells(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("name", ["status", "book", "hostile brief"])
def test_formula_like_text_is_stored_as_quoted_text(book, name):
    wb = load(book["files"][name], values=False)
    wanted = {HOSTILE_CLIENT, *HOSTILE_TEXTS.values()}
    found = {}
    for ws in wb.worksheets:
        for cell in _cells(ws):
            if cell.value in wanted:
                found[cell.value] = cell
    # the brief names its client in its title: "Client brief: =HYPERLINK(...)"
    expected = {HOSTILE_CLIENT} if name == "status" else wanted - (
        {HOSTILE_CLIENT} if name == "hostile brief" else set())
    assert expected - set(found) == set()
    for text, cell in found.items():
        assert cell.data_type == "s", text
        assert cell.value == text
        assert cell.quotePrefix, text


def test_hostile_client_brief_title_is_text(book):
    title = load(book["files"]["hostile brief"], values=False)["Summary"]["A1"]
    assert (title.value, title.data_type) == (f"Client brief: {HOSTILE_CLIENT}", "s")


def test_hostile_client_brief_file_name_is_safe(book):
    assert slug(HOSTILE_CLIENT) == "hyperlink-http-x-y"
    job = plan_export("brief", client=book["ids"]["hostile"])
    assert job.path.name == "brief-hyperlink-http-x-y-2026-11-27.xlsx"


# --- the registry and planning -------------------------------------------------------
def test_default_file_names():
    today = TODAY
    assert REPORTS["status"].default_filename(today=today) == "status-2026-11-27.xlsx"
    assert REPORTS["quarterly"].default_filename(period=Q4, today=today) == "quarterly-2026-Q4.xlsx"
    fy = parse_period("FY2026")
    assert REPORTS["forecast"].default_filename(period=fy, today=today) == "forecast-FY2026.xlsx"
    assert (REPORTS["brief"].default_filename(client_name="Acme Corp.", today=today)
            == "brief-acme-corp-2026-11-27.xlsx")
    assert REPORTS["book"].default_filename(today=today) == "book-2026-11-27.xlsx"


def test_report_names_and_prefixes():
    assert get_report("Quarterly").name == "quarterly"
    assert get_report("fore").name == "forecast"
    with pytest.raises(InvalidInput, match="reports are status, quarterly"):
        get_report("weekly")


def test_plan_export_reads_periods_and_refuses_what_does_not_fit(book, tmp_path):
    assert plan_export("quarterly", period="last quarter").period.label == "2026-Q3"
    assert plan_export("quarterly", period="2026-11").period.label == "2026-Q4"
    assert plan_export("forecast", period="2027-Q2").period.label == "FY2027"
    assert plan_export("forecast").period.label == "FY2026"
    with pytest.raises(InvalidInput, match="is for a quarter"):
        plan_export("quarterly", period="FY2026")
    with pytest.raises(InvalidInput, match="not a period"):
        plan_export("quarterly", period="soon")
    with pytest.raises(InvalidInput, match="takes no period"):
        plan_export("status", period="2026-Q4")
    with pytest.raises(InvalidInput, match="one client"):
        plan_export("brief")
    with pytest.raises(NotFound):
        plan_export("brief", client="Nobody Inc")
    with pytest.raises(InvalidInput, match="does not exist"):
        plan_export("status", output=tmp_path / "missing" / "x.xlsx")
    assert plan_export("status", output=tmp_path).path == tmp_path / "status-2026-11-27.xlsx"
    assert plan_export("status", output=tmp_path / "mine").path == tmp_path / "mine.xlsx"


def test_reports_folder_setting_is_the_default_place(book, tmp_path):
    folder = tmp_path / "Reports"
    set_settings(reports_dir=str(folder))
    try:
        job = plan_export("book")
        assert job.path == folder / "book-2026-11-27.xlsx"
        assert folder.is_dir()
    finally:
        set_settings(reports_dir="")


def test_an_existing_file_is_kept_unless_forced(book, tmp_path):
    target = tmp_path / "status.xlsx"
    target.write_text("mine")
    job = plan_export("status", output=target)
    with pytest.raises(InvalidInput, match="already exists"):
        run_export(job)
    assert target.read_text() == "mine"
    seen = []
    run_export(job, force=True, progress=lambda done, total: seen.append((done, total)))
    assert zipfile.is_zipfile(target)
    assert seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_failed_write_leaves_neither_file_nor_temp(book, tmp_path, monkeypatch):
    import xlsxwriter

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full_disk)
    job = plan_export("status", output=tmp_path / "status.xlsx")
    with pytest.raises(OSError):
        run_export(job)
    assert list(tmp_path.iterdir()) == []


def test_euro_books_get_euro_money_and_a4(book, tmp_path):
    set_settings(currency="EUR")
    try:
        path = run_export(plan_export("quarterly", output=tmp_path / "q.xlsx"))
    finally:
        set_settings(currency="USD")
    ws = load(path)["Won deals"]
    assert ws["E2"].number_format == '"€"#,##0.00_);-"€"#,##0.00_)'
    assert ws.page_setup.paperSize == 9


def test_preview_lists_the_key_figures_as_text(book):
    report = REPORTS["quarterly"].build(period=Q4, today=TODAY)
    lines = dict(preview(report))
    assert lines["Period"] == "2026-Q4 (1 Oct – 31 Dec 2026)"
    assert lines["Quota"] == "$100,000"  # whole units, as the summary shows them
    assert lines["Attainment"].startswith("35.0%")
    assert lines["Won"].startswith("$35,000")


# --- the renderer on its own ---------------------------------------------------------
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1-555-0100", "@SUM(A1)", "-2+3", "\ttabbed",
              "\rreturn", "\nnew line", "{=SUM(A1:A2)}", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("constant_memory", [False, True])
def test_renderer_keeps_every_formula_like_text_as_text(tmp_path, constant_memory):
    from openpyxl.utils.escape import unescape

    from amtui.reports.model import Cell, Column, Kpi, Report, SheetSpec
    from amtui.reports.xlsx import write_workbook

    report = Report(
        name="status", title="=TITLE()", rep_name="+rep", company="@co", period_label="-1",
        made_on=TODAY, kpis=[Kpi("Odd", "=1+2", "text"), Kpi("None yet", None, "money")],
        summary=[SheetSpec("Block", [Column("Text"), Column("Note", "wrap")],
                           rows=[(t, Cell(t, "text", "bad")) for t in INJECTIONS])],
        sheets=[SheetSpec("Texts", [Column("Text"), Column("Amount", "money")],
                          rows=[(t, Decimal("1.50")) for t in INJECTIONS],
                          totals={"Amount": Decimal("13.50")}),
                SheetSpec("Empty", [Column("Nothing"), Column("Amount", "money")], rows=[])],
        definitions=[("=term", "-how")],
    )
    path = write_workbook(report, tmp_path / "x.xlsx", constant_memory=constant_memory)
    wb = load(path, values=False)
    texts = [c for ws in wb.worksheets for c in _cells(ws) if c.data_type != "n"]
    for text in [*INJECTIONS, "=TITLE()", "=1+2", "=term", "-how"]:
        # control characters are stored escaped (_x000D_), as Excel expects; it reads
        # them back as the character
        hits = [c for c in texts if isinstance(c.value, str) and unescape(c.value) == text]
        assert hits, text
        assert all(c.data_type == "s" for c in hits), text
        if text[0] in "=+-@\t\r\n":  # would be read as a formula when edited: quoted
            assert all(c.quotePrefix for c in hits), text
    assert all(c.value.startswith("=SUBTOTAL(") for c in texts if c.data_type == "f")
    assert load(path)["Texts"]["B11"].value == 13.5  # the cached total
    assert bool(wb["Texts"].tables) is not constant_memory
