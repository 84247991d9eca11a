"""The annual forecast: a fiscal year month by month and quarter by quarter, with quota,
won and the forecast ladder (won + commit, + best case, + all open), the expected
(weighted) forecast beside it and the gap to quota (quota - won); coverage; the
renewals known by month; and the open deals behind the figures (overdue ones in the
current month).

Every figure is `forecast.annual_forecast`'s, the same the Quota screen shows.  No pay:
this report is handed upward (the rep's pay is the commission statement's).

A year with a quota on some quarters only says so above the year's figures, and its
quota, % of quota, gap and coverage carry the quarters they cover ("Quota (Q1 only)",
"Gap to quota (Q1)"): they are those quarters' (`against_quota.against_quota`), while won, the
ladder and the pipeline are the whole year's.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.counts import plural
from amtui.core.forecast import Forecast, ForecastRow, annual_forecast
from amtui.core.money import ZERO
from amtui.core.periods import Period, year_of
from amtui.core.pipeline import pipeline_totals
from amtui.core.results import OpenListedDeal, open_listed_deals
from amtui.core.settings import get_settings
from amtui.reports import common, trend_chart
from amtui.reports.model import (
    ChartSpec,
    Column,
    Kpi,
    Progress,
    Report,
    Rule,
    Series,
    SheetSpec,
)

TITLE = "Annual forecast"
# the columns totalled, and the ForecastRow figure each holds (not the gap: months over
# quota do not offset others)
SUMMED = {"Won": "won", "Won + commit": "forecast_commit", "+ best case": "forecast_best_case",
          "+ all open (ceiling)": "forecast_ceiling", "Weighted pipeline": "weighted",
          "Expected (weighted)": "forecast", "Renewals": "renewals"}


def _columns(first: str, quota: str = "Quota", against: str = "") -> list[Column]:
    """`quota`: the Quota column's header; `against`: what % of quota and gap cover
    (" (Q1)" for a year with a quota on Q1 only; "" for the whole period)."""
    # the ladder left to right (each rung includes the one before), then the expected value
    return [
        Column(first), Column("Status"), Column(quota, "money"), Column("Won", "money"),
        Column("Won + commit", "money"), Column("+ best case", "money"),
        Column("+ all open (ceiling)", "money"), Column("Weighted pipeline", "money"),
        Column("Expected (weighted)", "money"), Column(f"Expected % of quota{against}", "percent"),
        Column(f"Gap to quota{against}", "money"), Column("Open deals", "int"), Column("Renewals", "money"),
    ]


def _quota_header(f: Forecast) -> str:
    """"Quota", or "Quota (Q1 only)" when only some of the year's quarters have one."""
    cover = f.quota_cover
    return f"Quota ({cover.short} only)" if cover.partial else "Quota"


def _against(f: Forecast) -> str:
    cover = f.quota_cover
    return f" ({cover.short})" if cover.partial else ""


def _row(label: str, row: ForecastRow) -> tuple:
    return (
        label, row.status, row.quota, row.won, row.forecast_commit, row.forecast_best_case,
        row.forecast_ceiling, row.weighted, row.forecast, common.pct(row.forecast_pct),
        row.gap, row.open_count, row.renewals,
    )


# A period's thirteen columns printed two pages across: nine money columns of a
# million-dollar year do not fit one page at 75% whatever their headers.  So a period's
# figures are two sheets, each one page wide: the ladder, and the expected (weighted)
# forecast; the period, its status, quota and won on both, so each reads alone
LADDER_COLUMNS = ["Status", "Quota", "Won", "Won + commit", "+ best case", "+ all open (ceiling)",
                  "Gap to quota"]
EXPECTED_COLUMNS = ["Status", "Quota", "Won", "Weighted pipeline", "Expected (weighted)",
                    "Expected % of quota", "Open deals", "Renewals"]


def _sheets(name: str, first: str, rows: list[tuple[str, ForecastRow]]) -> list[SheetSpec]:
    """The sheets of a period's figures: "By month" (quota, won, the ladder, gap) and
    "Expected by month" (weighted pipeline, expected, % of quota, open deals, renewals)
    for `name` "month"."""
    figures = [r for _, r in rows]
    totals = {header: sum((getattr(r, field) for r in figures), ZERO) for header, field in SUMMED.items()}
    # quota adds up over months (thirds of each quarter) and quarters alike; a period
    # without one is blank, so the total is the quarters' that have one: the Summary's
    # "Quota (Q1 only)".  The header stays "Quota": the blank rows say which are missing,
    # and a longer header widened the column past printing one page wide
    if any(r.quota is not None for r in figures):
        totals["Quota"] = sum((r.quota for r in figures if r.quota is not None), ZERO)
    totals["Open deals"] = sum(r.open_count for r in figures)
    table = [_row(label, r) for label, r in rows]
    whole = SheetSpec(name, _columns(first), rows=table, totals=totals, conditional=[
        Rule("Expected % of quota", "below", 1, "warn"),
        Rule("Gap to quota", "nonzero", None, "warn"),
    ])
    return [whole.part(f"By {name}", [first, *LADDER_COLUMNS]),
            whole.part(f"Expected by {name}", [first, *EXPECTED_COLUMNS])]


def build(period: Period | None = None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    today = today or clock.today()
    settings = get_settings()
    year = period or year_of(today, settings.fy_start_month)
    steps = common.Steps(4, progress)
    report = common.new_report("forecast", TITLE, f"{year.label} ({year.span()})", today, settings)
    # the open deals read once: the year's figures and the Open deals sheet (the same
    # deals: `pipeline.open_in`'s for the year)
    open_deals = open_listed_deals(year, today)
    # no pay: this report is handed upward
    f = annual_forecast(year, today, with_pay=False, deals=open_deals)
    steps.step()
    total = f.total
    report.kpis = _kpis(f, report.currency)
    months = [(m.period.start.strftime("%b %Y"), m) for m in f.months]
    quarters = [(q.period.label, q) for q in f.quarters]
    # issue 17: each quarter day by day against its quota, or the line saying why not
    # (today's point from the year's figures: the open deals are read once, issue 14)
    day_charts, day_notes = trend_chart.day_by_day([q.period for q in f.quarters], today,
                                                   now={q.period: q for q in f.quarters})
    quota_header, against = _quota_header(f), _against(f)
    cover = f.quota_cover
    report.charts = [
        ChartSpec("Forecast against quota, by month", "column", [label for label, _ in months], [
            Series("Won", [m.won for _, m in months], role="won"),
            Series("Weighted pipeline", [m.weighted for _, m in months], role="pipeline"),
            *([Series("Quota", [m.quota for _, m in months], kind="line", role="quota")]
              if total.quota is not None else []),
        ], stacked=True),
        ChartSpec("Forecast against quota, by quarter", "column", [label for label, _ in quarters], [
            Series("Won", [q.won for _, q in quarters], role="won"),
            Series("Weighted pipeline", [q.weighted for _, q in quarters], role="pipeline"),
            *([Series("Quota", [q.quota for _, q in quarters], kind="line", role="quota")]
              if total.quota is not None else []),
        ], stacked=True),
        *day_charts,  # quarters not begun have none
    ]
    report.chart_notes = day_notes
    # a month or quarter without a quota has None: a gap in the quota line, not a
    # drop to $0 (xlsx_summary leaves a line's missing point blank)
    report.summary = [
        SheetSpec("The year", _columns("Period", quota_header, against), rows=[_row(year.label, total)],
                  conditional=[Rule(f"Expected % of quota{against}", "below", 1, "warn")],
                  note=(f"{cover.note}.  Quota, % of quota, gap and coverage are "
                        f"{_possessive(cover.short)}; won and the forecast, the whole year's.")
                  if cover.partial else ""),
        SheetSpec("Known renewals by month", [
            Column("Month"), Column("Renewals", "int"), Column("Annual value", "money"),
        ], rows=[(r.month.start.strftime("%B %Y"), len(r.renewals), r.value) for r in f.renewals
                 if r.renewals],  # months with none left out: a renewal is a row with value
            totals={"Renewals": sum(len(r.renewals) for r in f.renewals),
                    "Annual value": sum((r.value for r in f.renewals), ZERO)}),
    ]
    steps.step()
    report.sheets = [
        *_sheets("month", "Month", months),
        *_sheets("quarter", "Quarter", quarters),
        _renewals_sheet(f),
        *_deals_sheets(open_deals, today),
    ]
    steps.step()
    report.definitions = [
        ("Quota", common.QUOTA), ("Won", common.WON), ("The ladder", common.LADDER),
        ("Won + commit", common.COMMIT), ("+ best case", common.BEST_CASE),
        ("+ all open (ceiling)", common.CEILING),
        ("Weighted pipeline", common.WEIGHTED_PIPELINE),
        ("Expected (weighted)", common.FORECAST),
        ("Expected % of quota", "Expected (weighted) divided by quota, rounded down to one decimal."),
        ("Gap to quota", "Quota minus won; zero once the quota is made. The forecast does "
         "not close it: only won deals do."),
        ("Overdue deals", common.OVERDUE),
        (common.PROBABILITY_HEADER, common.PROBABILITY),
        ("Coverage", common.COVERAGE),
        ("Status", "past: the month or quarter is over; current: it holds today; future."),
        ("Renewals", "Contract renewals (a client's renewal date, valued at its active "
         "products without an end date of their own) and products ending, at annual value."),
        *([(f"Quota ({cover.short} only)",
            f"{cover.note}.  The year's quota is the sum of the quarters that have one, and "
            "% of quota, gap and coverage are worked out over those quarters alone (their "
            "won, expected and open pipeline), so they compare like with like.  Won, the "
            "ladder and the pipeline columns are the whole year's.  A month or quarter "
            "without a quota is blank, in the tables and on the charts.")]
          if cover.partial else []),
    ]
    steps.step()
    return report


def _possessive(short: str) -> str:
    """"Q1's", "Q1–Q3's": whose figures a partial year's quota figures are."""
    return f"{short}'s"


def _kpis(f: Forecast, currency: str) -> list[Kpi]:
    total = f.total
    cover = f.quota_cover
    # a partial year: the quarters its quota covers, on every figure set against it
    against = _against(f)
    if total.exceeded_by:
        gap = Kpi(f"Quota beaten by{against}", total.exceeded_by, "money",
                  f"{_possessive(cover.short)} won minus quota" if cover.partial else "won minus quota")
    else:
        gap = Kpi(f"Gap to quota{against}", total.gap, "money",
                  f"{_possessive(cover.short)} quota minus won" if cover.partial else "quota minus won")
    needed = f.coverage_needed
    overdue = (f"{plural(f.overdue_count, 'overdue deal')} "
               f"({common.money(f.overdue_amount, currency)}) in this month" if f.overdue_count else "")
    if cover.partial:
        quota_note = f"none set for {cover.missing_short}"
        won_note = f"{total.attainment_pct}% of quota in {cover.short}"
    else:
        quota_note = "" if total.quota is not None else "none set"
        won_note = f"{total.attainment_pct}% of quota" if total.attainment_pct is not None else ""
    return [
        Kpi(_quota_header(f), total.quota, "money", quota_note),
        Kpi("Won to date", total.won, "money", won_note),
        gap,
        Kpi("Won + commit", total.forecast_commit, "money", "won + commit deals"),
        Kpi("+ best case", total.forecast_best_case, "money", "won + commit + best case deals"),
        Kpi("+ all open (ceiling)", total.forecast_ceiling, "money",
            f"won + {common.money(total.pipeline, currency)} open; {overdue}".rstrip("; ")),
        Kpi("Expected (weighted)", total.forecast, "money",
            f"won + {common.money(total.weighted, currency)} weighted pipeline"),
        Kpi(f"Coverage{against}", f.coverage, "multiple",
            f"{needed}x needed at your win rate" if needed is not None else "no wins yet"),
    ]


def _renewals_sheet(f: Forecast) -> SheetSpec:
    renewals = [r for month in f.renewals for r in month.renewals]
    rows = [(r.on, r.client, r.what, r.annual_value) for r in renewals]
    return SheetSpec("Renewals", [
        Column("Renews on", "date"), Column("Client"), Column("What"),
        Column("Annual value", "money"),
    ], rows=rows, totals={"Annual value": sum((r.annual_value for r in renewals), ZERO)})


def _deals_sheets(open_deals: list[OpenListedDeal], today: date) -> list[SheetSpec]:
    """"Open deals" (each deal's figures) and "Next steps" (why it is stale, what is
    next): the eleven columns, two of long text, printed three pages across; the two
    sheets print one page wide each, the client and the deal on both."""
    # the deals the year counts (`open_listed_deals`): overdue ones (in the current month) included;
    # in whole dollars, as every other figure of this workbook (the Summary, the period
    # sheets, Renewals): narrower money columns leave the client and the deal room to read
    totals = pipeline_totals(open_deals)
    rows = [(d.client, d.title, d.kind, d.stage, d.forecast_category, d.amount,
             common.pct(d.probability), d.weighted, d.close_on, d.stale_reason, d.next_step)
            for d in open_deals]
    whole = SheetSpec("Open deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Stage"), Column("Category"),
        Column("Amount", "money"), Column(common.PROBABILITY_HEADER, "percent"),
        Column("Weighted", "money"), Column("Close on", "date"), Column("Stale", "wrap", 30),
        Column("Next step", "wrap", 40),
    ], rows=rows, totals={"Amount": totals.amount, "Weighted": totals.weighted}, freeze_cols=1,
        conditional=[Rule("Close on", "before", today, "bad")])
    return [whole.part("Open deals", ["Client", "Deal", "Kind", "Stage", "Category", "Amount",
                                      common.PROBABILITY_HEADER, "Weighted", "Close on"]),
            whole.part("Next steps", ["Client", "Deal", "Close on", "Stale", "Next step"])]
