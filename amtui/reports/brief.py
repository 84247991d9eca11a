"""The client brief: one client before a meeting.

The header (who they are, what was handed over, what they need), health with its
reasons, the people, the products they hold, the last 20 interactions, open
follow-ups, commitments, open and recently resolved service issues, and the deals.
Everything comes from `client_detail.client_detail`, the client screen's own record.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.client_detail import ClientDetail, client_detail
from amtui.core.errors import InvalidInput
from amtui.core.money import ZERO
from amtui.core.periods import shift, year_of
from amtui.core.renewals import next_renewals
from amtui.core.results import won_by_client
from amtui.core.settings import get_settings
from amtui.reports import common
from amtui.reports.model import Cell, Column, Kpi, Progress, Report, Rule, SheetSpec

TITLE = "Client brief"
INTERACTIONS = 20


def build(period=None, client: int | None = None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    if client is None:
        raise InvalidInput("client", "the brief is for one client; choose the client")
    today = today or clock.today()
    settings = get_settings()
    steps = common.Steps(3, progress)
    detail = client_detail(client, today)
    record = detail.client
    steps.step()
    year = year_of(today, settings.fy_start_month)
    won_now = won_by_client(year, [client]).get(client, ZERO)
    won_before = won_by_client(shift(year, -1), [client]).get(client, ZERO)
    renewal = next_renewals([client], today).get(client)
    report = common.new_report(
        "brief", f"{TITLE}: {record.name}", f"As of {common.day_label(today)}", today, settings
    )
    report.kpis = _kpis(detail, won_now, won_before, year, renewal, report.currency, today)
    report.summary = [
        SheetSpec(f"Health {detail.health.score} ({detail.health.label}): why", [
            Column("What raised or lowered it", "wrap"),
        ], rows=[(Cell(str(r), "wrap", "bad" if r.points < 0 else "good"),)
                 for r in detail.health.reasons],
            empty_text="Nothing raises or lowers this client's health: it stands at 70."),
        SheetSpec("The client", [Column("", "text", 22), Column("", "wrap", 90)],
                  rows=_header(detail), as_table=False),
    ]
    steps.step()
    report.sheets = _sheets(detail, today)
    report.definitions = [
        ("Health", common.health_definition()),
        (f"Won {year.label}", common.WON),
        ("Weighted pipeline", common.WEIGHTED_PIPELINE),
        ("Contact cadence", common.CADENCE),
        ("Interactions", f"The last {INTERACTIONS}, newest first, in local time."),
        ("Service issues", "Open issues, worst first, then the most recently resolved."),
    ]
    steps.step()
    return report


def _kpis(detail: ClientDetail, won_now, won_before, year, renewal, currency,
          today: date) -> list[Kpi]:
    health = detail.health
    last = clock.local(detail.last_contact).date() if detail.last_contact else None
    over = detail.days_over_cadence
    contact_note = (f"{detail.days_since_contact} days ago" if last else "never contacted") + (
        f", {over} days past the {detail.cadence_days}-day cadence" if over else "")
    open_issues = [i for i in detail.issues if i.is_open]
    return [
        Kpi("Health", health.score, "int", f"{health.label} band"),
        Kpi(f"Won {year.label}", won_now, "money",
            f"{common.money(won_before, currency)} the year before"),
        Kpi("Open pipeline", detail.open_pipeline, "money",
            f"{common.money(detail.weighted_pipeline, currency)} weighted"),
        Kpi("Products held", detail.annual_value_held, "money", "a year, active products"),
        Kpi("Last contact", last, "date", contact_note),
        Kpi("Next renewal", renewal, "date",
            f"in {(renewal - today).days} days" if renewal else "none coming"),
        Kpi("Open issues", len(open_issues), "int",
            ", ".join(sorted({i.severity for i in open_issues})) or ""),
        Kpi("Open follow-ups", len(detail.follow_ups), "int",
            f"next {common.day_label(detail.follow_ups[0].due_on)}" if detail.follow_ups else ""),
    ]


def _header(detail: ClientDetail) -> list[tuple]:
    c = detail.client
    primary = detail.primary_contact
    lines = [
        ("Tier", c.tier), ("Industry", c.industry), ("Status", c.status),
        ("Primary contact", f"{primary.name}, {primary.title}".strip(", ") if primary else ""),
        ("Handed over", " by ".join(x for x in (
            common.day_label(c.handed_over_on) if c.handed_over_on else "", c.handed_over_by) if x)),
        ("Handover notes", c.handover_notes), ("Needs", c.needs),
        ("Contract renewal", common.day_label(c.renewal_on) if c.renewal_on else ""),
        ("Contact cadence", f"every {detail.cadence_days} days"),
        ("Website", c.website), ("Phone", c.phone), ("Address", c.address), ("Notes", c.notes),
    ]
    return [(label, value) for label, value in lines if value]


def _sheets(detail: ClientDetail, today: date) -> list[SheetSpec]:
    return [
        SheetSpec("Contacts", [
            Column("Name"), Column("Title"), Column("Email"), Column("Phone"),
            Column("Primary"), Column("Notes", "wrap", 40),
        ], rows=[(p.name, p.title, p.email, p.phone, "yes" if p.is_primary else "", p.notes)
                 for p in detail.contacts]),
        SheetSpec("Products held", [
            Column("Product"), Column("Family"), Column("Since", "date"),
            Column("Annual value", "money"), Column("Ends on", "date"), Column("Status"),
        ], rows=[(h.product, h.family, h.since, h.annual_value, h.ends_on, h.status)
                 for h in detail.holdings],
            # a total only when every product is still held: ended ones would inflate it
            totals={"Annual value": detail.annual_value_held}
            if all(h.status == "active" for h in detail.holdings) else None),
        SheetSpec("Interactions", [
            Column("When", "datetime"), Column("Kind"), Column("Contact"),
            Column("Summary", "wrap", 60), Column("Outcome", "wrap", 40),
        ], rows=[(i.happened_at, i.kind, i.contact, i.summary, i.outcome)
                 for i in detail.timeline[:INTERACTIONS]]),
        SheetSpec("Follow-ups", [
            Column("Due on", "date"), Column("Follow-up"), Column("Priority"), Column("Contact"),
            Column("Notes", "wrap", 40),
        ], rows=[(f.due_on, f.title, f.priority, f.contact, f.notes) for f in detail.follow_ups],
            conditional=[Rule("Due on", "before", today, "bad")]),
        SheetSpec("Commitments", [
            Column("What", "wrap", 60), Column("Made by"), Column("Due on", "date"),
            Column("Status"),
        ], rows=[(c.what, c.made_by, c.due_on, c.status) for c in detail.commitments],
            conditional=[Rule("Status", "equals", "broken", "bad")]),
        SheetSpec("Service issues", [
            Column("Issue"), Column("Severity"), Column("Status"), Column("Opened", "datetime"),
            Column("Days open", "int"), Column("Resolved", "datetime"),
            Column("Resolution", "wrap", 50),
        ], rows=[(i.title, i.severity, i.status, i.opened_at, i.age_days(today), i.resolved_at,
                  i.resolution) for i in detail.issues],
            conditional=[Rule("Severity", "equals", "critical", "bad"),
                         Rule("Severity", "equals", "high", "warn")]),
        SheetSpec("Opportunities", [
            Column("Deal"), Column("Kind"), Column("Stage"), Column("Status"),
            Column("Amount", "money"), Column("Probability", "percent"),
            Column("Weighted", "money"), Column("Close on", "date"), Column("Closed on", "date"),
            Column("Next step", "wrap", 40),
        ], rows=[(d.title, d.kind, d.stage, d.status, d.amount, common.pct(d.probability),
                  d.weighted if d.status == "open" else None, d.close_on, d.closed_on,
                  d.next_step) for d in detail.deals]),
    ]
