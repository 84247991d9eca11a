"""Quarterly sales results: the quarter's quota, won, attainment, gap and pay; what was
won by month, kind, client and product family; win rate, deal size and days to close;
the deals won and lost; the same figures for the quarter before and the same quarter
last year; and the commit list for the next quarter.

Quota, won, attainment, gap and commission come from `quota.quota_status` (the Quota
screen's and `amtui status`'s figures); the breakdowns from `results`.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.forecast import month_quota_shares
from amtui.core.money import ZERO
from amtui.core.periods import Period, quarter_of, shift
from amtui.core.pipeline import deals, pipeline_totals, split_lost_reason
from amtui.core.quota import QuotaStatus, quota_status
from amtui.core.results import WinStats, win_stats, won_breakdown
from amtui.core.settings import get_settings
from amtui.reports import common
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

TITLE = "Quarterly sales results"
NEXT_QUARTER_CATEGORIES = ("commit", "best case")
BELOW_QUOTA = Rule("Attainment", "below", 1, "bad")


def _gap_kpi(status: QuotaStatus) -> Kpi:
    if status.exceeded_by:
        return Kpi("Exceeded by", status.exceeded_by, "money", "quota made")
    if status.quota is None:
        return Kpi("Gap", None, "money", f"no quota set for {status.period.label}")
    left = f"{status.business_days_left} selling days left" if status.business_days_left else ""
    return Kpi("Gap", status.gap, "money", left)


def _comparison_row(label: str, status: QuotaStatus, stats: WinStats) -> tuple:
    return (
        label, status.period.label, status.quota, status.won, common.pct(status.attainment_pct),
        status.gap, status.commission, status.bonus, stats.won_count, stats.lost_count,
        common.pct(stats.win_rate_pct), stats.average_deal, stats.average_days_to_close,
    )


COMPARISON_COLUMNS = [
    Column("Quarter"), Column("Period"), Column("Quota", "money"), Column("Won", "money"),
    Column("Attainment", "percent"), Column("Gap", "money"), Column("Commission", "money"),
    Column("Bonus", "money"), Column("Deals won", "int"), Column("Deals lost", "int"),
    Column("Win rate", "percent"), Column("Average deal", "money"),
    Column("Days to close", "number"),
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

    status = quota_status(quarter, today)
    stats = win_stats(quarter)
    breakdown = won_breakdown(quarter)
    steps.step()
    before = [(p, quota_status(p, today), win_stats(p)) for p in (previous, last_year)]
    steps.step()

    days = stats.average_days_to_close
    report.kpis = [
        Kpi("Quota", status.quota, "money", "" if status.quota is not None else "none set"),
        Kpi("Won", status.won, "money", f"{stats.won_count} deals"),
        Kpi("Attainment", common.pct(status.attainment_pct), "percent",
            "" if quarter.end < today else "so far"),
        _gap_kpi(status),
        Kpi("Commission", status.commission, "money", status.commission_note
            or ("capped" if status.commission_capped else "")),
        Kpi("Bonus", status.bonus, "money", ""),
        Kpi("Win rate", common.pct(stats.win_rate_pct), "percent",
            f"{stats.won_count} won, {stats.lost_count} lost"),
        Kpi("Average deal", stats.average_deal, "money",
            f"{days} days to close on average" if days is not None else ""),
    ]
    shares = month_quota_shares(status.quota)
    report.charts = [
        ChartSpec("Won by month against quota", "column",
                  [m.start.strftime("%b %Y") for m, _ in breakdown.by_month],
                  [Series("Won", [won for _, won in breakdown.by_month]),
                   *([Series("Quota (month's share)", shares, kind="line")]
                     if status.quota is not None else [])]),
        ChartSpec("Won and quota, side by side", "column",
                  [quarter.label, previous.label, last_year.label],
                  [Series("Quota", [status.quota, *(s.quota for _, s, _ in before)]),
                   Series("Won", [status.won, *(s.won for _, s, _ in before)])]),
        ChartSpec("Won by kind", "pie", [k for k, _ in breakdown.by_kind],
                  [Series("Won", [v for _, v in breakdown.by_kind])]),
        ChartSpec("Won by product family", "bar", [f for f, _ in breakdown.by_family][::-1],
                  [Series("Won", [v for _, v in breakdown.by_family][::-1])]),
    ]
    money_cols = [Column("Won", "money")]
    report.summary = [
        SheetSpec("This quarter against the quarter before and last year", COMPARISON_COLUMNS,
                  rows=[_comparison_row("This quarter", status, stats),
                        _comparison_row("Quarter before", before[0][1], before[0][2]),
                        _comparison_row("Same quarter last year", before[1][1], before[1][2])],
                  conditional=[BELOW_QUOTA]),
        SheetSpec("Won by month", [Column("Month"), Column("Quota share", "money"), *money_cols],
                  rows=[(m.start.strftime("%B %Y"), share, won)
                        for (m, won), share in zip(breakdown.by_month, shares, strict=True)],
                  totals={"Won": breakdown.total}),
        SheetSpec("Won by kind", [Column("Kind"), *money_cols],
                  rows=list(breakdown.by_kind), totals={"Won": breakdown.total}),
        SheetSpec(f"Top {len(breakdown.top_clients)} clients", [Column("Client"), *money_cols],
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
        ("Gap", common.GAP), ("Commission and bonus", common.COMMISSION),
        ("Win rate", common.WIN_RATE), ("Average deal", common.DEAL_SIZE),
        ("Days to close", common.DAYS_TO_CLOSE),
        ("Kind", "new (a new client's first business), upsell (more of what the client "
         "has), cross-sell (another product family), renewal."),
        ("Next quarter commit", "Open deals expected to close next quarter in forecast "
         "category 'commit' (the rep's call) or 'best case', at full value; weighted is "
         "amount times probability, rounded to the cent deal by deal."),
    ]
    steps.step()
    return report


def _won_sheet(won) -> SheetSpec:
    rows = [(d.client, d.title, d.kind, d.product, d.amount, d.closed_on) for d in won]
    return SheetSpec("Won deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Product"),
        Column("Amount", "money"), Column("Won on", "date"),
    ], rows=rows, totals={"Amount": sum((r[4] for r in rows), ZERO)}, freeze_cols=1)


def _lost_sheet(quarter: Period) -> SheetSpec:
    rows = []
    for d in deals(period=quarter, status="lost"):
        reason, detail = split_lost_reason(d.lost_reason)
        rows.append((d.client, d.title, d.kind, d.product, d.amount, d.closed_on, reason, detail))
    return SheetSpec("Lost deals", [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Product"),
        Column("Amount", "money"), Column("Lost on", "date"), Column("Reason"),
        Column("Detail", "wrap", 50),
    ], rows=rows, totals={"Amount": sum((r[4] for r in rows), ZERO)}, freeze_cols=1)


def _commit_sheet(following: Period) -> SheetSpec:
    chosen = [d for d in deals(period=following, status="open")
              if d.forecast_category in NEXT_QUARTER_CATEGORIES]
    chosen.sort(key=lambda d: (NEXT_QUARTER_CATEGORIES.index(d.forecast_category), d.close_on))
    totals = pipeline_totals(chosen)
    rows = [(d.client, d.title, d.forecast_category, d.stage, d.amount,
             common.pct(d.probability), d.weighted, d.close_on, d.next_step) for d in chosen]
    return SheetSpec(f"Commit {following.label}", [
        Column("Client"), Column("Deal"), Column("Category"), Column("Stage"),
        Column("Amount", "money"), Column("Probability", "percent"), Column("Weighted", "money"),
        Column("Close on", "date"), Column("Next step", "wrap", 40),
    ], rows=rows, totals={"Amount": totals.amount, "Weighted": totals.weighted}, freeze_cols=1)
