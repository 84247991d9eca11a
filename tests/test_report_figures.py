"""The report data builders: a headline equals the rows it sums or names what it leaves
out; pay as earned then capped; the ladder; plurals; each Definitions sheet says how."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from playhouse.test_utils import count_queries
from quota_fixtures import P, deal
from reports_fixtures import build_small_book

from amtui.core import comp_plan as cp
from amtui.core import quota as q
from amtui.core.clients import archive_client, create_client
from amtui.core.pipeline import deals
from amtui.core.results import OpenListedDeal, open_listed_deals, won_by_client
from amtui.models import Client
from amtui.reports import forecast, quarterly, status

TODAY = date(2026, 11, 27)


def _kpi(report, label):
    return next(k for k in report.kpis if k.label == label)


def _definitions(report) -> str:
    return " ".join(f"{name}: {text}" for name, text in report.definitions)


def test_status_headline_names_what_the_tables_leave_out(book_path):
    create_client("Gone Ltd", status="churned")
    deal(30_000, status="won", closed_on=date(2026, 3, 1), client_name="Gone Ltd")
    shelved = create_client("Shelf Inc")
    deal(20_000, status="won", closed_on=date(2026, 4, 1), client_name="Shelf Inc")
    archive_client(shelved)
    deal(50_000, status="won", closed_on=date(2026, 5, 1), client_name="Active Co")
    report = status.build(today=TODAY)
    won = _kpi(report, "Won FY2026")
    assert won.value == D("100000.00")
    assert "of which churned or archived clients: $50,000" in won.note
    bands = report.summary[0]
    assert bands.totals["Won FY2026"] == D("50000.00") == won.value - D("50000")
    assert "Overdue" in _definitions(report)


def test_status_headline_has_no_note_when_nothing_is_left_out(book_path):
    deal(50_000, status="won", closed_on=date(2026, 5, 1), client_name="Active Co")
    report = status.build(today=TODAY)
    assert _kpi(report, "Won FY2026").note == "all clients, to date"


def test_quarterly_pay_as_earned_then_capped_and_plurals(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000", cap="15000")
    deal(130_000, status="won", closed_on=date(2026, 10, 2))
    report = quarterly.build(P("2026-Q4"), today=TODAY)
    assert _kpi(report, "Won").note == "1 deal"
    # no pay in a report handed upward: the rep's pay is the commission statement's
    labels = {k.label for k in report.kpis} | {row[0] for row in report.summary[0].rows}
    assert not labels & {"Commission earned", "Bonuses earned", "Cut by the cap", "Total pay"}
    text = _definitions(report)
    assert "ladder" in text and "overdue" in text
    assert "counts as 0 days" in text


def _by_month(report, sheet: str) -> dict[str, dict]:
    spec = report.sheet(sheet)
    headers = [c.header for c in spec.columns]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in spec.rows}


def test_forecast_gap_is_quota_minus_won_and_the_ladder_reads_up(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    deal(40_000, status="won", closed_on=date(2026, 10, 2))
    deal(80_000, close_on=date(2026, 12, 20), probability=90, category="commit")
    deal(5_000, close_on=date(2026, 10, 10), probability=10, category="pipeline")  # overdue
    report = forecast.build(P("FY2026"), today=TODAY)
    year = report.summary[0]
    row = dict(zip([c.header for c in year.columns], year.rows[0], strict=True))
    # the forecast passes the quota, but only won deals close the gap
    # a quota on Q4 alone: the year's gap is Q4's (its quota minus what Q4 won)
    assert row["Gap to quota (Q4)"] == D("60000.00")
    assert row["Won"] <= row["Won + commit"] <= row["+ best case"] <= row["+ all open (ceiling)"]
    assert (row["Won + commit"], row["+ all open (ceiling)"], row["Expected (weighted)"]) == (
        D("120000.00"), D("125000.00"), D("112500.00"))
    ladder, expected = _by_month(report, "By month"), _by_month(report, "Expected by month")
    assert ladder["Oct 2026"]["+ all open (ceiling)"] == D("40000.00")  # October is over: won only
    assert expected["Nov 2026"]["Open deals"] == 1  # the overdue deal counts in the current month
    assert "1 overdue deal ($5,000) in this month" in _kpi(report, "+ all open (ceiling)").note
    text = _definitions(report)
    assert "only goes up" in text and "overdue" in text
    assert not any(spec.name == "Pay for the year" for spec in report.summary)


# --- the reports' narrow reads give what the wide ones give (on either engine) ----------
def test_open_listed_deals_are_pipeline_deals_in_their_order_in_one_query(book_path):
    build_small_book()
    # the last day of the year too: deals gone stale (overdue, too long in their stage)
    for period, today in ((P("FY2026"), TODAY), (P("2026-Q4"), TODAY), (P("2027-Q1"), TODAY),
                          (P("FY2026"), date(2026, 12, 31))):
        full = deals(period=period, status="open", today=today)
        with count_queries() as counted:
            listed = open_listed_deals(period, today)
        assert counted.count == 1
        assert [d.id for d in listed] == [d.id for d in full]
        for short, whole in zip(listed, full, strict=True):
            assert short == tuple(getattr(whole, field) for field in OpenListedDeal._fields)
    assert any(d.stale_reason for d in open_listed_deals(P("FY2026"), date(2026, 12, 31)))


def test_won_by_client_for_a_few_clients_is_the_whole_books_in_one_query(book_path):
    build_small_book()
    ids = [c.id for c in Client.select(Client.id).order_by(Client.id)]
    for period in (P("2026-Q4"), P("FY2026"), P("FY2025")):
        whole = won_by_client(period)  # every client: by the won-date index
        assert whole or period == P("FY2025")
        for cid in ids:
            with count_queries() as counted:
                one = won_by_client(period, [cid])  # the brief's: by the client index
            assert counted.count == 1
            assert one == ({cid: whole[cid]} if cid in whole else {})
        assert won_by_client(period, ids[:3]) == {c: v for c, v in whole.items() if c in ids[:3]}
    assert won_by_client(P("2026-Q4"), []) == {}


def test_days_to_close_count_from_the_local_day_a_deal_was_created(book_path, new_york):
    """`win_stats` takes each won deal's local creation day from SQL (issue 14): created
    at 02:30 UTC on 2 October is still 1 October in New York, four days before a win on
    the 5th; a deal won before its creation day counts as 0 days."""
    from datetime import UTC, datetime

    from amtui.core.results import win_stats
    from amtui.models import Opportunity

    first = deal(10_000, status="won", closed_on=date(2026, 10, 5))
    second = deal(20_000, status="won", closed_on=date(2026, 10, 1))
    deal(5_000, status="lost", closed_on=date(2026, 10, 7))
    for oid in (first, second):
        Opportunity.update(created_at=datetime(2026, 10, 2, 2, 30, tzinfo=UTC)).where(Opportunity.id == oid).execute()
    stats = win_stats(P("2026-Q4"))
    assert (stats.won_count, stats.lost_count) == (2, 1)
    assert stats.average_days_to_close == D("2.0")  # (4 + 0) / 2
    assert stats.win_rate_pct == D("66.7") and stats.average_deal == D("15000.00")


def test_quota_status_without_pay_is_every_other_figure_the_same(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(rate="10%", tiers="0:0.5,50:1,100:1.5,125:2", bonuses="110:5000", cap="15000")
    deal(130_000, status="won", closed_on=date(2026, 10, 2))
    deal(40_000, close_on=date(2026, 12, 10))
    for period in (P("2026-Q4"), P("2026-Q3"), P("FY2026")):
        full = q.quota_status(period, TODAY)
        lean = q.quota_status(period, TODAY, with_pay=False)
        assert lean == full._replace(commission=None, bonus=None, capped_by=None, total_pay=None,
                                     commission_note="pay not worked out")
    assert q.quota_status(P("2026-Q4"), TODAY).total_pay is not None


def test_the_quarterly_report_leaves_the_commission_working_out(tmp_path):
    """It shows no pay, so it does not load the commission working (issue 14: about 15 ms
    of every quarterly export); nor the annual forecast or the follow-ups, whose figures it
    does not show."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\nfrom amtui import db\n"
        f"db.open_book({str(tmp_path / 'book.db')!r})\n"
        "from amtui.reports import quarterly\nquarterly.build()\n"
        "print(','.join(m for m in ('amtui.core.commission', 'amtui.core.comp_plan', "
        "'amtui.core.forecast', 'amtui.core.followups') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "AMTUI_CONFIG": str(tmp_path / "config.toml")})
    assert out.stdout.strip().splitlines()[-1:] in ([], [""])


def test_the_forecast_report_reads_the_open_deals_once_for_both_uses(book_path):
    """The year's figures and the Open deals sheet come from one read of the open deals
    (issue 14): the figures are those `annual_forecast` reads for itself, the sheet lists
    `open_listed_deals`'s deals, and the report makes one query fewer than both reads."""
    from amtui.core.forecast import annual_forecast

    build_small_book()
    for year, today in ((P("FY2026"), TODAY), (P("FY2026"), date(2026, 12, 31)),
                        (P("FY2027"), TODAY)):
        listed = open_listed_deals(year, today)
        assert annual_forecast(year, today, with_pay=False, deals=listed) == \
            annual_forecast(year, today, with_pay=False)
        sheet = next(s for s in forecast.build(year, today=today).sheets if s.name == "Open deals")
        assert [row[1] for row in sheet.rows] == [d.title for d in listed]
    listed = open_listed_deals(P("FY2026"), TODAY)
    assert listed  # the small book has open deals this year
    with count_queries() as counted:
        forecast.build(P("FY2026"), today=TODAY)
    opportunity_reads = [q for q in counted.get_queries()
                         if 'FROM "opportunity"' in q.msg[0] and '"forecast_category"' in q.msg[0]
                         and "SUM(" not in q.msg[0]]
    assert len(opportunity_reads) == 1, [q.msg[0] for q in opportunity_reads]
    # and it is the listed deals' read (joined to the client), not the figures' own
    assert '"client"' in opportunity_reads[0].msg[0]


def test_quota_result_is_quota_status_s_figures(book_path):
    """The quarterly report's quota figures (`quota_result`) are those `quota_status`
    shows, for a quarter under way, one over, one to come, a year, with and without a quota."""
    q.set_quota(P("2026-Q4"), "100k")
    q.set_quota(P("2026-Q3"), "50k")
    deal(130_000, status="won", closed_on=date(2026, 10, 2))
    deal(20_000, status="won", closed_on=date(2026, 8, 2))
    deal(40_000, close_on=date(2026, 12, 10))
    for period in (P("2026-Q4"), P("2026-Q3"), P("2027-Q1"), P("2025-Q4"), P("FY2026")):
        full = q.quota_status(period, TODAY, with_pay=False)
        lean = q.quota_result(period, TODAY)
        for field in q.QuotaResult._fields:
            assert getattr(lean, field) == getattr(full, field), field


def test_the_quarterly_report_reads_no_pipeline_or_day_standing_for_its_quota_figures(book_path):
    """Quota, won, attainment and gap of the three quarters shown: the quota and the won
    sum (and the settings, for the selling days left), no open deals of the quarter,
    follow-ups or track record (issue 14)."""
    build_small_book()
    with count_queries() as counted:
        q.quota_result(P("2026-Q4"), TODAY)
    tables = [x.msg[0].split(" FROM ")[1].split()[0] for x in counted.get_queries()]
    assert set(tables) <= {'"opportunity"', '"quota"', '"setting"'}, tables
    assert tables.count('"opportunity"') == 1 and tables.count('"quota"') == 1, tables
    with count_queries() as counted:
        quarterly.build(P("2026-Q4"), today=TODAY)
    sql = [x.msg[0] for x in counted.get_queries()]
    assert not any('FROM "follow_up"' in text for text in sql)


def test_a_career_books_counts_read_with_thousands_separators(book_path):
    """The key figures' band counts (the workbook's Summary and the Reports preview) read
    as every other count does: "6,815 green", not "6815 green"."""
    from amtui.reports.status_key import KeyFigures, kpis

    figures = KeyFigures(18571, {"green": 6815, "yellow": 8571, "red": 3185}, 5626, 12, D(0), D(0), D(0), D(0),
                         0, D(0))
    active = kpis(figures, P("FY2026"), "USD")[0]
    assert active.note == "6,815 green, 8,571 yellow, 3,185 red"
