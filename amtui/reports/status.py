"""The account status report: every active client, worst health first.

A key "Clients" sheet (one page wide: what a manager reads, with the one reason a client
needs attention, see status_key) comes before "Client detail", which holds every column.

One row per client (not archived, not churned) with tier, industry, health, revenue this
fiscal year and last, open and weighted pipeline, next renewal, last contact, cadence,
next follow-up, open service issues and open commitments.  The Summary sheet counts
clients by health band, lists the clients at risk and why, and the renewals of the next
90 days.  Every figure comes from the core functions the screens use.
"""

from __future__ import annotations

from datetime import date

from amtui.core import cadence, clock, health
from amtui.core.client_list import client_rows, health_order
from amtui.core.counts import plural
from amtui.core.money import ZERO
from amtui.core.periods import Period, quarter_of, shift, year_of
from amtui.core.renewals import next_renewals, renewals_due
from amtui.core.results import open_commitments_by_client, open_pipeline_by_client, won_by_client
from amtui.core.service import SEVERITY_RANK, open_issues
from amtui.core.settings import get_settings
from amtui.reports import changes_sheet, common, status_key
from amtui.reports.model import (
    ChartSpec,
    Column,
    Progress,
    Report,
    Rule,
    Series,
    SheetSpec,
)
from amtui.reports.status_key import ATTENTION_RULE, RENEWAL_DAYS, key_sheet

TITLE = "Account status"
SUMMARY_ROWS = 20  # rows of a block on the Summary; the rest are on the Clients sheet
ON_TRACK = "on track"
BANDS = tuple(health.band_label(b) for b in ("red", "yellow", "green"))
BAND_COLOURS = {"Red": "#C0504D", "Yellow": "#F2C14E", "Green": "#70AD47"}
BAND_RULES = [
    Rule("Band", "equals", "Red", "bad"),
    Rule("Band", "equals", "Yellow", "warn"),
    Rule("Band", "equals", "Green", "good"),
]


def _worst_severity(client_ids: set[int]) -> dict[int, str]:
    worst: dict[int, str] = {}
    for issue in open_issues():
        if issue.client_id not in client_ids:
            continue
        current = worst.get(issue.client_id)
        if current is None or SEVERITY_RANK.get(issue.severity, 9) < SEVERITY_RANK.get(current, 9):
            worst[issue.client_id] = issue.severity
    return worst


def _cadence_status(gap) -> str:
    if gap.never_contacted and gap.is_due:  # inherited and not yet called: flag it
        return cadence.never_contacted_text(gap)
    if gap.is_due:
        return f"{plural(gap.days_over, 'day')} over"
    return ON_TRACK


def _columns(year: Period, last_year: Period) -> list[Column]:
    return [
        Column("Client"), Column("Tier"), Column("Industry"), Column("Status"),
        Column("Health", "int"), Column("Band"),
        Column(f"Won {year.label}", "money"), Column(f"Won {last_year.label}", "money"),
        Column("Open pipeline", "money"), Column("Weighted pipeline", "money"),
        Column("Next renewal", "date"), Column("Last contact", "date"),
        Column("Days since contact", "int"), Column("Cadence (days)", "int"),
        Column("Cadence status"), Column("Next follow-up", "date"),
        Column("Open issues", "int"), Column("Worst severity"),
        Column("Open commitments", "int"), Column("Commitments overdue", "int"),
    ]


class _Table:
    """The client rows, with sums by column header (what the totals and summary need)."""

    def __init__(self, columns: list[Column], rows: list[tuple]):
        self.columns, self.rows = columns, rows
        self.index = {c.header: i for i, c in enumerate(columns)}

    def sum(self, header: str, rows: list[tuple] | None = None):
        i = self.index[header]
        values = [r[i] for r in (self.rows if rows is None else rows)]
        return sum(values, ZERO) if self.columns[i].kind == "money" else sum(values)

    def where(self, header: str, value) -> list[tuple]:
        i = self.index[header]
        return [r for r in self.rows if r[i] == value]


def build(period=None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    today = today or clock.today()
    settings = get_settings()
    steps = common.Steps(6, progress)
    year = year_of(today, settings.fy_start_month)
    last_year = shift(year, -1)
    report = _new_report(today, settings)

    # health and contact gaps worked out once for the whole report
    scores = health.score_book(None, today)
    order = health_order(today=today, scores=scores)
    clients = [r for r in client_rows(order, today, scores=scores) if r.status != "churned"]
    ids = [r.id for r in clients]
    idset = set(ids)
    steps.step()
    gaps = scores.gaps
    steps.step()
    won_now = won_by_client(year, ids)
    won_before = won_by_client(last_year, ids)
    pipe = open_pipeline_by_client(ids)
    steps.step()
    renewals = next_renewals(ids, today)
    worst = _worst_severity(idset)
    promises = open_commitments_by_client(ids, today)
    steps.step()

    # worst health first; among equals, the bigger client first
    clients.sort(key=lambda r: (r.health, -won_now.get(r.id, ZERO), r.name.casefold()))
    rows = []
    for r in clients:
        gap = gaps[r.id].gap
        totals = pipe.get(r.id)
        open_promises, late_promises = promises.get(r.id, (0, 0))
        rows.append((
            r.name, r.tier, r.industry, r.status, r.health, health.band_label(r.band),
            won_now.get(r.id, ZERO), won_before.get(r.id, ZERO),
            totals.amount if totals else ZERO, totals.weighted if totals else ZERO,
            renewals.get(r.id), clock.local(r.last_contact).date() if r.last_contact else None,
            r.days_since_contact, gap.cadence_days, _cadence_status(gap), r.next_follow_up,
            r.open_issues, worst.get(r.id, ""), open_promises, late_promises,
        ))
    table = _Table(_columns(year, last_year), rows)
    summed = (f"Won {year.label}", f"Won {last_year.label}", "Open pipeline",
              "Weighted pipeline", "Open issues", "Open commitments", "Commitments overdue")
    report.sheets.append(SheetSpec(
        "Client detail", table.columns, rows=rows, freeze_cols=1,
        totals={h: table.sum(h) for h in summed} if rows else None,
        conditional=[
            *BAND_RULES,
            Rule("Next follow-up", "before", today, "bad"),
            Rule("Cadence status", "differs", ON_TRACK, "bad"),
            Rule("Worst severity", "equals", "critical", "bad"),
            Rule("Worst severity", "equals", "high", "warn"),
            Rule("Commitments overdue", "nonzero", None, "bad"),
        ],
    ))
    renewals = renewals_due(today, within_days=RENEWAL_DAYS)
    report.kpis = status_key.kpis(status_key.key_figures(
        [(r.id, r.status) for r in clients], scores, year, won_now, pipe, renewals), year, report.currency)
    _summary(report, clients, table, year, renewals, scores.health)
    _key_sheet(report, clients, table, year, today, scores.health)
    steps.step()
    report.definitions = [
        ("Health", common.health_definition()),
        ("Band", "Green: health 70 and up. Yellow: 40 to 69. Red: below 40."),
        ("At risk", "Clients in the red band, and clients the rep marked 'at risk'."),
        (f"Won {year.label} / {last_year.label}", common.WON + " The Summary's figure counts "
         "every client; the tables only clients still active, and its note gives the difference."),
        ("Open pipeline", "The client's open deals at full value, whatever their close date "
         "(overdue ones included)."),
        ("Overdue deals", common.OVERDUE),
        ("Weighted pipeline", common.WEIGHTED_PIPELINE),
        ("Next renewal", "The client's contract renewal date or the end date of a product "
         "it holds, whichever comes first from today."),
        ("Cadence status", common.CADENCE),
        ("Next follow-up", "The earliest open follow-up; coloured when it is overdue."),
        ("Open issues", "Service issues not yet resolved; worst severity among them."),
        ("Open commitments", "Promises made to the client still open; overdue when past "
         "their date."),
        ("Clients / Client detail", "Clients: what to read about each client, one page "
         "wide. Client detail: every column, printed over several pages."),
        ("Needs attention", ATTENTION_RULE),
    ]
    # issue 17: what changed in this quarter since the last status export (else 7 days)
    report.sheets += changes_sheet.sheets("status", quarter_of(today, settings.fy_start_month), today)
    report.definitions.append(changes_sheet.DEFINITION)
    steps.step()
    return report


def _new_report(today: date, settings) -> Report:
    return common.new_report("status", TITLE, f"As of {common.day_label(today)}", today, settings)


def key_figures(period=None, client=None, today: date | None = None, progress=None) -> Report:
    """The report's key figures alone, the same as `build` works them out, without its
    sheets (the Reports screen's preview: status_key.gather)."""
    today = today or clock.today()
    settings = get_settings()
    year = year_of(today, settings.fy_start_month)
    report = _new_report(today, settings)
    report.kpis = status_key.kpis(status_key.gather(year, today), year, report.currency)
    return report


def _summary(report: Report, clients, table: _Table, year: Period, renewals: list,
             scores: dict) -> None:
    by_band = {b: table.where("Band", b) for b in BANDS}
    won = f"Won {year.label}"
    at_risk = [r for r in clients if health.at_risk(r.band, r.status)]
    # the reasons behind each at-risk score: the scores of the Health column
    valued = [r for r in renewals if r.valued]
    band_of = {r.id: health.band_label(r.band) for r in clients}
    report.charts = [
        ChartSpec("Clients by health band", "doughnut", list(BANDS),
                  [Series("Clients", [len(by_band[b]) for b in BANDS],
                          colors=tuple(BAND_COLOURS[b] for b in BANDS))], "int"),
        ChartSpec(f"{won} and weighted pipeline by band", "column", list(BANDS), [
            Series(won, [table.sum(won, by_band[b]) for b in BANDS], role="won"),
            Series("Weighted pipeline", [table.sum("Weighted pipeline", by_band[b]) for b in BANDS],
                   role="pipeline"),
        ], "money"),
    ]
    report.summary = [
        SheetSpec("Clients by health band", [
            Column("Band"), Column("Clients", "int"), Column(won, "money"),
            Column("Weighted pipeline", "money"),
        ], rows=[(b, len(by_band[b]), table.sum(won, by_band[b]),
                  table.sum("Weighted pipeline", by_band[b])) for b in BANDS],
            conditional=BAND_RULES,
            totals={"Clients": len(table.rows), won: table.sum(won),
                    "Weighted pipeline": table.sum("Weighted pipeline")}),
        SheetSpec("At-risk clients and why", [
            Column("Client"), Column("Health", "int"), Column("Band"), Column("Why", "wrap"),
        ], rows=[(r.name, r.health, health.band_label(r.band), _why(r, scores.get(r.id)))
                 for r in at_risk[:SUMMARY_ROWS]],
            note=_first_of(len(at_risk), "lowest health", "at risk"),
            conditional=BAND_RULES, empty_text="No client is at risk."),
        SheetSpec(f"Renewals in the next {RENEWAL_DAYS} days", [
            Column("Client"), Column("What"), Column("Renews on", "date"),
            Column("Days left", "int"), Column("Annual value", "money"), Column("Band"),
        ], rows=[(r.client, r.what, r.renews_on, r.days_left, r.annual_value,
                  band_of.get(r.client_id, "")) for r in valued[:SUMMARY_ROWS]],
            # a contract renewing with no product is a date on the client's row
            note=(_first_of(len(valued), "soonest", "renewing") + " A contract renewing "
                  "with no product: its date is Next renewal on the Clients sheet.").strip(),
            conditional=BAND_RULES, empty_text=f"No renewal in the next {RENEWAL_DAYS} days."),
    ]


def _first_of(count: int, which: str, what: str) -> str:
    """The note over a block cut to SUMMARY_ROWS rows: a summary is read in a minute."""
    if count <= SUMMARY_ROWS:
        return ""
    return f"The {SUMMARY_ROWS} {which} of {count:,} {what}; all on the Clients sheet."


def _key_sheet(report: Report, clients, table: _Table, year: Period, today: date,
               scores: dict) -> None:
    """The one-page-wide Clients sheet before the full detail (see status_key)."""
    at_risk = [r for r in clients if health.at_risk(r.band, r.status)]
    # the reasons: the scores of the Health column, worked out once for the report
    reasons = {r.name: _why(r, scores.get(r.id)).split("; ")[0] for r in at_risk}
    detail = report.sheets[-1]
    report.sheets.insert(len(report.sheets) - 1, key_sheet(
        table.columns, table.rows, f"Won {year.label}", today, reasons, detail.totals,
        BAND_RULES))


def _why(row, score) -> str:
    reasons = [str(x) for x in (score.reasons if score else []) if x.points < 0]
    if row.status == "at risk":
        reasons.insert(0, "marked at risk")
    return "; ".join(reasons) or "—"
