"""Quarterly sales results: the quarter's quota, won, attainment and gap; what was
won by month, kind, client and product family; win rate, deal size and days to close;
the deals won and lost; the same figures for the quarter before and the same quarter
last year; and the commit list for the next quarter.

No pay: this report is handed upward (the rep's pay is the commission statement's).
Quota, won, attainment and gap come from `quota.quota_result` (which the Quota
screen's and `amtui status`'s `quota_status` takes them from); the breakdowns from
`results`.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.counts import plural
from amtui.core.deal_moves import split_lost_reason
from amtui.core.money import ZERO
from amtui.core.periods import Period, quarter_of, shift
from amtui.core.pipeline import pipeline_totals
from amtui.core.quota import QuotaResult, month_quota_shares, quota_result
from amtui.core.results import WinStats, listed_deals, win_stats, won_breakdown
from amtui.core.settings import get_settings
from amtui.reports import changes_sheet, common, trend_chart
from amtui.reports.model import (
    Cell,
    ChartSpec,
    Column,
    Kpi,
    Progress,
    Report,
    Series,
    SheetSpec,
)

TITLE = "Quarterly sales results"
NEXT_QUARTER_CATEGORIES = ("commit", "best case")


def _gap_kpi(status: QuotaResult) -> Kpi:
    if status.exceeded_by:
        return Kpi("Exceeded by", status.exceeded_by, "money", "quota made")
    if status.quota is None:
        return Kpi("Gap", None, "money", "no quota set")
    left = f"{status.business_days_left} selling days left" if status.business_days_left else ""
    return Kpi("Gap", status.gap, "money", left)


def _comparison(columns: list[tuple[QuotaResult, WinStats]]) -> list[tuple]:
    """Figures down, quarters across, oldest first: a year before, the quarter before,
    this quarter."""

    def line(label: str, kind: str, get, style=None) -> tuple:
        cells = []
        for status, stats in columns:
            value = get(status, stats)
            cells.append(Cell(value, kind, style(status, value) if style else ""))
        return (label, *cells)

    def below_quota(status: QuotaResult, value) -> str:
        # red is a miss: a quarter still under way has not missed yet
        over = status.period.end < status.today
        return "bad" if over and value is not None and value < 1 else ""

    return [
        line("Quota", "money", lambda s, w: s.quota),
        line("Won", "money", lambda s, w: s.won),
        line("Attainment", "percent", lambda s, w: common.pct(s.attainment_pct), below_quota),
        line("Gap", "money", lambda s, w: s.gap),
        line("Deals won", "int", lambda s, w: w.won_count),
        line("Deals lost", "int", lambda s, w: w.lost_count),
        line("Win rate", "percent", lambda s, w: common.pct(w.win_rate_pct)),
        line("Average deal", "money", lambda s, w: w.average_deal),
        line("Average days to close", "number", lambda s, w: w.average_days_to_close),
    ]


def build(period: Period | None = None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    today = today or clock.today()
    settings = get_settings()
    quarter = period or quarter_of(today, settings.fy_start_month)
    previous, last_year, following = shift(quarter, -1), shift(quarter, -4), shift(quarter, 1)
    steps = common.Steps(5, progress)
    label = f"{quarter.label} ({quarter.span()})"
    report = common.new_report("quarterly", TITLE, label, today, settings)

    # quota against won alone: no pay (this report is handed upward: the commission
    # working is not even loaded), no pipeline, no standing of the day (none is shown)
    status = quota_result(quarter, today)
    stats = win_stats(quarter)
    breakdown = won_breakdown(quarter)
    steps.step()
    before = [(p, quota_result(p, today), win_stats(p))
              for p in (previous, last_year)]
    steps.step()

    days = stats.average_days_to_close
    report.kpis = [
        Kpi("Quota", status.quota, "money", "" if status.quota is not None else "none set"),
        Kpi("Won", status.won, "money", plural(stats.won_count, "deal")),
        Kpi("Attainment", common.pct(status.attainment_pct), "percent",
            "" if quarter.end < today else "so far"),
        _gap_kpi(status),
        Kpi("Win rate", common.pct(stats.win_rate_pct), "percent",
            f"{stats.won_count} won, {stats.lost_count} lost"),
        Kpi("Average deal", stats.average_deal, "money",
            f"{days} days to close on average" if days is not None else ""),
    ]
    shares = month_quota_shares(status.quota)
    # issue 17: the quarter day by day against quota, as the Quota screen draws it, or
    # the line saying why it is not drawn yet
    day_charts, day_notes = trend_chart.day_by_day([quarter], today)
    report.charts = [
        ChartSpec("Won by month against quota", "column",
                  [m.start.strftime("%b %Y") for m, _ in breakdown.by_month],
                  [Series("Won", [won for _, won in breakdown.by_month], role="won"),
                   *([Series("Quota (month's share)", shares, kind="line", role="quota")]
                     if status.quota is not None else [])]),
        # time runs left to right, oldest first
        ChartSpec("Won and quota, side by side", "column",
                  [last_year.label, previous.label, quarter.label],
                  [Series("Won", [*(s.won for _, s, _ in before[::-1]), status.won],
                          role="won"),
                   Series("Quota", [*(s.quota for _, s, _ in before[::-1]), status.quota],
                          kind="line", role="quota")]),
        ChartSpec("Won by kind", "pie", [k for k, _ in breakdown.by_kind],
                  [Series("Won", [v for _, v in breakdown.by_kind], role="won")]),
        ChartSpec("Won by product family", "bar", [f for f, _ in breakdown.by_family][::-1],
                  [Series("Won", [v for _, v in breakdown.by_family][::-1], role="won")]),
        *day_charts,
    ]
    report.chart_notes = day_notes
    money_cols = [Column("Won", "money")]
    report.summary = [
        SheetSpec("Against the quarter before and the same quarter last year", [
            Column("Figure"), Column(f"{last_year.label} (a year before)", "money"),
            Column(f"{previous.label} (quarter before)", "money"),
            Column(f"{quarter.label} (this quarter)", "money"),
        ], rows=_comparison([*((s, w) for _, s, w in before[::-1]), (status, stats)])),
        SheetSpec("Won by month", [Column("Month"), Column("Quota share", "money"), *money_cols],
                  rows=[(m.start.strftime("%B %Y"), share, won)
                        for (m, won), share in zip(breakdown.by_month, shares, strict=True)],
                  totals={"Won": breakdown.total, "Quota share": status.quota}),
        SheetSpec("Won by kind", [Column("Kind"), *money_cols],
                  rows=list(breakdown.by_kind), totals={"Won": breakdown.total}),
        SheetSpec(f"Top {plural(len(breakdown.top_clients), 'client')}", [Column("Client"), *money_cols],
                  rows=[(name, won) for _, name, won in breakdown.top_clients],
                  empty_text="Nothing won yet this quarter."),
        SheetSpec("Won by product family", [Column("Product family"), *money_cols],
                  rows=list(breakdown.by_family), totals={"Won": breakdown.total},
                  empty_text="Nothing won yet this quarter."),
    ]
    steps.step()
    report.sheets = [_won_sheet(breakdown.deals), _lost_sheet(quarter), _commit_sheet(following)]
    steps.step()
    report.definitions = [
        ("Won", common.WON), ("Quota", common.QUOTA), ("Attainment", common.ATTAINMENT),
        ("Gap", common.GAP),
        ("Forecast ladder", common.LADDER), ("Overdue deals", common.OVERDUE),
        ("Win rate", common.WIN_RATE), ("Average deal", common.DEAL_SIZE),
        ("Days to close", common.DAYS_TO_CLOSE),
        ("Kind", "new (a new client's first business), upsell (more of what the client "
         "has), cross-sell (another product family), renewal."),
        ("Next quarter commit", "Open deals expected to close next quarter in forecast "
         "category 'commit' (the rep's call) or 'best case', at full value; weighted is "
         "amount times probability, rounded to the cent deal by deal."),
        (common.PROBABILITY_HEADER, common.PROBABILITY),
    ]
    # issue 17: what changed in the quarter since the last quarterly export (else 7 days)
    report.sheets += changes_sheet.sheets("quarterly", quarter, today)
    report.definitions.append(changes_sheet.DEFINITION)
    steps.step()
    return report


def _won_sheet(won) -> SheetSpec:
    rows = [(d.client, d.title, d.kind, d.product, d.amount, d.closed_on) for d in won]
    return SheetSpec("Won deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Product"),
        Column("Amount", "money"), Column("Won on", "date"),
    ], rows=rows, totals={"Amount": sum((d.amount for d in won), ZERO)}, freeze_cols=1,
        cents=True)


def _lost_sheet(quarter: Period) -> SheetSpec:
    lost = listed_deals(period=quarter, status="lost")
    rows = []
    for d in lost:
        reason, detail = split_lost_reason(d.lost_reason)
        rows.append((d.client, d.title, d.kind, d.product, d.amount, d.closed_on, reason, detail))
    return SheetSpec("Lost deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Product"),
        Column("Amount", "money"), Column("Lost on", "date"), Column("Reason"),
        Column("Detail", "wrap", 50),
    ], rows=rows, totals={"Amount": sum((d.amount for d in lost), ZERO)}, freeze_cols=1,
        cents=True)


def _commit_sheet(following: Period) -> SheetSpec:
    chosen = listed_deals(period=following, status="open", categories=NEXT_QUARTER_CATEGORIES)
    chosen.sort(key=lambda d: (NEXT_QUARTER_CATEGORIES.index(d.forecast_category), d.close_on))
    totals = pipeline_totals(chosen)
    rows = [(d.client, d.title, d.forecast_category, d.stage, d.amount,
             common.pct(d.probability), d.weighted, d.close_on, d.next_step) for d in chosen]
    return SheetSpec(f"Commit {following.label}", [
        Column("Client"), Column("Deal"), Column("Category"), Column("Stage"),
        Column("Amount", "money"), Column(common.PROBABILITY_HEADER, "percent"),
        Column("Weighted", "money"),
        Column("Close on", "date"), Column("Next step", "wrap", 40),
    ], rows=rows, totals={"Amount": totals.amount, "Weighted": totals.weighted}, freeze_cols=1,
        cents=True)
