"""The account status report: every active client on one sheet, worst health first.

One row per client (not archived, not churned) with tier, industry, health, revenue this
fiscal year and last, open and weighted pipeline, next renewal, last contact, cadence,
next follow-up, open service issues and open commitments.  The Summary sheet counts
clients by health band, lists the clients at risk and why, and the renewals of the next
90 days.  Every figure comes from the core functions the screens use.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from amtui.core import cadence, clock, health
from amtui.core.bookings import won_in
from amtui.core.client_list import client_rows, health_order
from amtui.core.money import ZERO
from amtui.core.periods import shift, year_of
from amtui.core.pipeline import deals, pipeline_totals
from amtui.core.renewals import next_renewals, renewals_due
from amtui.core.results import open_commitments_by_client, won_by_client
from amtui.core.service import SEVERITY_RANK, open_issues
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

TITLE = "Account status"
RENEWAL_DAYS = 90
BANDS = ("Red", "Yellow", "Green")
BAND_COLOURS = {"Red": "#C0504D", "Yellow": "#F2C14E", "Green": "#70AD47"}
BAND_RULES = [
    Rule("Band", "equals", "Red", "bad"),
    Rule("Band", "equals", "Yellow", "warn"),
    Rule("Band", "equals", "Green", "good"),
]


def _band(band: str) -> str:
    return band.capitalize()


def _worst_severity(client_ids: set[int]) -> dict[int, str]:
    worst: dict[int, str] = {}
    for issue in open_issues():
        if issue.client_id not in client_ids:
            continue
        current = worst.get(issue.client_id)
        if current is None or SEVERITY_RANK.get(issue.severity, 9) < SEVERITY_RANK.get(current, 9):
            worst[issue.client_id] = issue.severity
    return worst


def _cadence_text(gap) -> str:
    if gap.days_over > 0:
        never = ", never contacted" if gap.last_contact is None else ""
        return f"{gap.days_over} days over{never}"
    return "on track"


def build(period=None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    today = today or clock.today()
    settings = get_settings()
    steps = common.Steps(6, progress)
    year = year_of(today, settings.fy_start_month)
    last_year = shift(year, -1)
    report = common.new_report("status", TITLE, f"As of {common.day_label(today)}", today, settings)

    rows = [r for r in client_rows(health_order(today=today), today) if r.status != "churned"]
    ids = [r.id for r in rows]
    idset = set(ids)
    steps.step()
    gaps = cadence.gaps(ids, today)
    steps.step()
    won_now = won_by_client(year, ids)
    won_before = won_by_client(last_year, ids)
    by_client = defaultdict(list)
    for deal in deals(status="open"):
        if deal.client_id in idset:
            by_client[deal.client_id].append(deal)
    pipe = {cid: pipeline_totals(ds) for cid, ds in by_client.items()}
    steps.step()
    renewals = next_renewals(ids, today)
    worst = _worst_severity(idset)
    promises = open_commitments_by_client(ids, today)
    steps.step()

    rows.sort(key=lambda r: (r.health, -won_now.get(r.id, ZERO), r.name.casefold()))
    table = []
    for r in rows:
        gap = gaps[r.id][2]
        totals = pipe.get(r.id)
        last = clock.local(r.last_contact).date() if r.last_contact else None
        table.append((
            r.name, r.tier, r.industry, r.status, r.health, _band(r.band),
            won_now.get(r.id, ZERO), won_before.get(r.id, ZERO),
            totals.amount if totals else ZERO, totals.weighted if totals else ZERO,
            renewals.get(r.id), last, r.days_since_contact, gap.cadence_days,
            _cadence_text(gap), gap.days_over, r.next_follow_up, r.open_issues,
            worst.get(r.id, ""), promises.get(r.id, (0, 0))[0], promises.get(r.id, (0, 0))[1],
        ))
    columns = [
        Column("Client"), Column("Tier"), Column("Industry"), Column("Status"),
        Column("Health", "int"), Column("Band"),
        Column(f"Won {year.label}", "money"), Column(f"Won {last_year.label}", "money"),
        Column("Open pipeline", "money"), Column("Weighted pipeline", "money"),
        Column("Next renewal", "date"), Column("Last contact", "date"),
        Column("Days since contact", "int"), Column("Cadence (days)", "int"),
        Column("Contact status"), Column("Days over cadence", "int"),
        Column("Next follow-up", "date"), Column("Open issues", "int"),
        Column("Worst severity"), Column("Open commitments", "int"),
        Column("Commitments overdue", "int"),
    ]
    totals = {
        f"Won {year.label}": sum((t[6] for t in table), ZERO),
        f"Won {last_year.label}": sum((t[7] for t in table), ZERO),
        "Open pipeline": sum((t[8] for t in table), ZERO),
        "Weighted pipeline": sum((t[9] for t in table), ZERO),
        "Open issues": sum(t[17] for t in table),
        "Open commitments": sum(t[19] for t in table),
        "Commitments overdue": sum(t[20] for t in table),
    }
    report.sheets.append(SheetSpec(
        "Clients", columns, rows=table, totals=totals if table else None, freeze_cols=1,
        conditional=[
            *BAND_RULES,
            Rule("Next follow-up", "before", today, "bad"),
            Rule("Days over cadence", "nonzero", None, "bad"),
            Rule("Worst severity", "equals", "critical", "bad"),
            Rule("Worst severity", "equals", "high", "warn"),
            Rule("Commitments overdue", "nonzero", None, "bad"),
        ],
    ))
    _summary(report, rows, table, totals, year, today)
    steps.step()
    report.definitions = [
        ("Health", common.health_definition()),
        ("Band", "Green: health 70 and up. Yellow: 40 to 69. Red: below 40."),
        ("At risk", "Clients in the red band, and clients the rep marked 'at risk'."),
        (f"Won {year.label} / {last_year.label}", common.WON),
        ("Open pipeline", "The client's open deals at full value, whatever their close date."),
        ("Weighted pipeline", common.WEIGHTED_PIPELINE),
        ("Next renewal", "The client's contract renewal date or the end date of a product "
         "it holds, whichever comes first from today."),
        ("Contact cadence", common.CADENCE),
        ("Next follow-up", "The earliest open follow-up; coloured when it is overdue."),
        ("Open issues", "Service issues not yet resolved; worst severity among them."),
        ("Open commitments", "Promises made to the client still open; overdue when past "
         "their date."),
    ]
    steps.step()
    return report


def _summary(report: Report, rows, table, totals, year, today: date) -> None:
    by_band = {b: [t for t in table if t[5] == b] for b in BANDS}
    at_risk = [r for r in rows if r.band == "red" or r.status == "at risk"]
    # the reasons behind each at-risk score, by the same rules as the Health column
    scores = health.health_for([r.id for r in at_risk], today)
    renewals = renewals_due(today, within_days=RENEWAL_DAYS)
    band_of = {r.id: _band(r.band) for r in rows}
    renewal_value = sum((r.annual_value or ZERO for r in renewals), ZERO)
    weighted = totals["Weighted pipeline"]
    overdue = sum(1 for t in table if t[15] > 0)
    report.kpis = [
        Kpi("Active clients", len(table), "int",
            f"{len(by_band['Green'])} green, {len(by_band['Yellow'])} yellow, "
            f"{len(by_band['Red'])} red"),
        Kpi("At risk", len(at_risk), "int", "red band or marked at risk"),
        Kpi(f"Won {year.label}", won_in(year), "money", "all clients, to date"),
        Kpi("Weighted pipeline", weighted, "money",
            f"of {common.money(totals['Open pipeline'], report.currency)} open"),
        Kpi(f"Renewals in {RENEWAL_DAYS} days", len(renewals), "int",
            f"{common.money(renewal_value, report.currency)} a year in products"),
        Kpi("Past contact cadence", overdue, "int", "clients to call"),
    ]
    report.charts = [
        ChartSpec("Clients by health band", "doughnut", list(BANDS),
                  [Series("Clients", [len(by_band[b]) for b in BANDS],
                          colors=tuple(BAND_COLOURS[b] for b in BANDS))], "int"),
        ChartSpec(f"Won {year.label} and open pipeline by band", "column", list(BANDS), [
            Series(f"Won {year.label}", [sum((t[6] for t in by_band[b]), ZERO) for b in BANDS]),
            Series("Weighted pipeline", [sum((t[9] for t in by_band[b]), ZERO) for b in BANDS]),
        ], "money"),
    ]
    report.summary = [
        SheetSpec("Clients by health band", [
            Column("Band"), Column("Clients", "int"), Column(f"Won {year.label}", "money"),
            Column("Weighted pipeline", "money"),
        ], rows=[(b, len(by_band[b]), sum((t[6] for t in by_band[b]), ZERO),
                  sum((t[9] for t in by_band[b]), ZERO)) for b in BANDS],
            conditional=BAND_RULES),
        SheetSpec("At-risk clients and why", [
            Column("Client"), Column("Health", "int"), Column("Band"), Column("Why", "wrap", 70),
        ], rows=[(r.name, r.health, _band(r.band), _why(r, scores.get(r.id))) for r in at_risk],
            conditional=BAND_RULES, empty_text="No client is at risk."),
        SheetSpec(f"Renewals in the next {RENEWAL_DAYS} days", [
            Column("Client"), Column("What"), Column("Renews on", "date"),
            Column("Days left", "int"), Column("Annual value", "money"), Column("Band"),
        ], rows=[(r.client, r.what, r.renews_on, r.days_left, r.annual_value,
                  band_of.get(r.client_id, "")) for r in renewals],
            conditional=BAND_RULES, empty_text=f"No renewal in the next {RENEWAL_DAYS} days."),
    ]


def _why(row, score) -> str:
    reasons = [str(x) for x in (score.reasons if score else []) if x.points < 0]
    if row.status == "at risk":
        reasons.insert(0, "marked at risk")
    return "; ".join(reasons) or "—"
