"""The annual forecast: a fiscal year month by month and quarter by quarter, with quota,
won and the forecast ladder (won + commit, + best case, + all open), the expected
(weighted) forecast beside it and the gap to quota (quota - won); coverage; the
renewals known by month; and the open deals behind the figures (overdue ones in the
current month).

Every figure is `forecast.annual_forecast`'s, the same the Quota screen shows.  No pay:
this report is handed upward (the rep's pay is the commission statement's).
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


def _columns(first: str) -> list[Column]:
    # the ladder left to right (each rung includes the one before), then the expected value
    return [
        Column(first), Column("Status"), Column("Quota", "money"), Column("Won", "money"),
        Column("Won + commit", "money"), Column("+ best case", "money"),
        Column("+ all open (ceiling)", "money"), Column("Weighted pipeline", "money"),
        Column("Expected (weighted)", "money"), Column("Expected % of quota", "percent"),
        Column("Gap to quota", "money"), Column("Open deals", "int"), Column("Renewals", "money"),
    ]


def _row(label: str, row: ForecastRow) -> tuple:
    return (
        label, row.status, row.quota, row.won, row.forecast_commit, row.forecast_best_case,
        row.forecast_ceiling, row.weighted, row.forecast, common.pct(row.forecast_pct),
        row.gap, row.open_count, row.renewals,
    )


def _sheet(name: str, first: str, rows: list[tuple[str, ForecastRow]]) -> SheetSpec:
    figures = [r for _, r in rows]
    totals = {header: sum((getattr(r, field) for r in figures), ZERO) for header, field in SUMMED.items()}
    # quota adds up over months (thirds of each quarter) and quarters alike
    if all(r.quota is not None for r in figures):
        totals["Quota"] = sum((r.quota for r in figures), ZERO)
    totals["Open deals"] = sum(r.open_count for r in figures)
    table = [_row(label, r) for label, r in rows]
    return SheetSpec(name, _columns(first), rows=table, totals=totals, conditional=[
        Rule("Expected % of quota", "below", 1, "warn"),
        Rule("Gap to quota", "nonzero", None, "warn"),
    ])


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
    report.summary = [
        SheetSpec("The year", _columns("Period"), rows=[_row(year.label, total)],
                  conditional=[Rule("Expected % of quota", "below", 1, "warn")]),
        SheetSpec("Known renewals by month", [
            Column("Month"), Column("Renewals", "int"), Column("Annual value", "money"),
        ], rows=[(r.month.start.strftime("%B %Y"), len(r.renewals), r.value) for r in f.renewals
                 if r.renewals],  # months with none left out: a renewal is a row with value
            totals={"Renewals": sum(len(r.renewals) for r in f.renewals),
                    "Annual value": sum((r.value for r in f.renewals), ZERO)}),
    ]
    steps.step()
    report.sheets = [
        _sheet("By month", "Month", months),
        _sheet("By quarter", "Quarter", quarters),
        _renewals_sheet(f),
        _deals_sheet(open_deals, today),
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
        ("Coverage", common.COVERAGE),
        ("Status", "past: the month or quarter is over; current: it holds today; future."),
        ("Renewals", "Contract renewals (a client's renewal date, valued at its active "
         "products without an end date of their own) and products ending, at annual value."),
    ]
    steps.step()
    return report


def _kpis(f: Forecast, currency: str) -> list[Kpi]:
    total = f.total
    if total.exceeded_by:
        gap = Kpi("Quota beaten by", total.exceeded_by, "money", "won minus quota")
    else:
        gap = Kpi("Gap to quota", total.gap, "money", "quota minus won")
    needed = f.coverage_needed
    overdue = (f"{plural(f.overdue_count, 'overdue deal')} "
               f"({common.money(f.overdue_amount, currency)}) in this month" if f.overdue_count else "")
    return [
        Kpi("Quota", total.quota, "money", "" if total.quota is not None else "none set"),
        Kpi("Won to date", total.won, "money",
            f"{total.attainment_pct}% of quota" if total.attainment_pct is not None else ""),
        gap,
        Kpi("Won + commit", total.forecast_commit, "money", "won + commit deals"),
        Kpi("+ best case", total.forecast_best_case, "money", "won + commit + best case deals"),
        Kpi("+ all open (ceiling)", total.forecast_ceiling, "money",
            f"won + {common.money(total.pipeline, currency)} open; {overdue}".rstrip("; ")),
        Kpi("Expected (weighted)", total.forecast, "money",
            f"won + {common.money(total.weighted, currency)} weighted pipeline"),
        Kpi("Coverage", f.coverage, "multiple",
            f"{needed}x needed at your win rate" if needed is not None else "no wins yet"),
    ]


def _renewals_sheet(f: Forecast) -> SheetSpec:
    renewals = [r for month in f.renewals for r in month.renewals]
    rows = [(r.on, r.client, r.what, r.annual_value) for r in renewals]
    return SheetSpec("Renewals", [
        Column("Renews on", "date"), Column("Client"), Column("What"),
        Column("Annual value", "money"),
    ], rows=rows, totals={"Annual value": sum((r.annual_value for r in renewals), ZERO)})


def _deals_sheet(open_deals: list[OpenListedDeal], today: date) -> SheetSpec:
    # the deals the year counts (`open_listed_deals`): overdue ones (in the current month) included
    totals = pipeline_totals(open_deals)
    rows = [(d.client, d.title, d.kind, d.stage, d.forecast_category, d.amount,
             common.pct(d.probability), d.weighted, d.close_on, d.stale_reason, d.next_step)
            for d in open_deals]
    return SheetSpec("Open deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Stage"), Column("Category"),
        Column("Amount", "money"), Column("Probability", "percent"), Column("Weighted", "money"),
        Column("Close on", "date"), Column("Stale", "wrap", 30), Column("Next step", "wrap", 40),
    ], rows=rows, totals={"Amount": totals.amount, "Weighted": totals.weighted}, freeze_cols=1,
        conditional=[Rule("Close on", "before", today, "bad")], cents=True)
