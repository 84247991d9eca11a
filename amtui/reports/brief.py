"""The client brief: one client before a meeting, on at most three printed pages.

One portrait sheet read top to bottom: the key figures, the header (who they are, what
was handed over, what they need), health with its reasons, the people, what they hold,
open deals, open service issues, open commitments and follow-ups, the last 10
interactions; an empty section is one line saying "none".  Everything comes from
`client_detail.client_detail`, the client screen's own record.
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
INTERACTIONS = 10


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
    # one page-wide sheet, portrait, read top to bottom: at most three printed pages
    # with the definitions (the brief is read in the lift on the way to the meeting)
    report.portrait = True
    report.summary = [
        SheetSpec("The client", [Column("", "text", 19), Column("", "wrap")],
                  rows=_header(detail), as_table=False),
        SheetSpec(f"Health {detail.health.score} ({detail.health.label}): why", [
            Column("", "wrap"),
        ], rows=[(Cell(str(r), "wrap", "bad" if r.points < 0 else "good"),)
                 for r in detail.health.reasons],
            empty_text="nothing raises or lowers it: it stands at 70"),
        *_blocks(detail, today),
    ]
    steps.step()
    report.definitions = [
        ("Health", common.health_definition()),
        (f"Won {year.label}", common.WON),
        ("Weighted pipeline", common.WEIGHTED_PIPELINE),
        ("Contact cadence", common.CADENCE),
        ("Interactions", f"The last {INTERACTIONS}, newest first, on local dates."),
        ("Open service issues", "Issues not yet resolved, worst first."),
        ("Open commitments and follow-ups", "Promises made to the client still open, then "
         "open follow-ups, soonest first; red when past their date."),
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


def _blocks(detail: ClientDetail, today: date) -> list[SheetSpec]:
    """The brief's sections, each a block on the one page; an empty one says "none" on
    a single line.  Columns have set widths so the page stays narrow enough for portrait."""
    open_deals = [d for d in detail.deals if d.status == "open"]
    open_issues = [i for i in detail.issues if i.is_open]
    open_promises = [c for c in detail.commitments if c.status == "open"]
    held = detail.held
    return [
        SheetSpec("Contacts", [
            Column("Name", "wrap", 19), Column("Title", "wrap", 19), Column("Email", "wrap", 19),
            Column("Phone", "text", 19),
        ], rows=[(p.name + (" (primary)" if p.is_primary else ""), p.title, p.email, p.phone)
                 for p in detail.contacts], empty_text="none"),
        SheetSpec("What they hold", [
            Column("Product", "wrap", 19), Column("Since", "date", 19),
            Column("Annual value", "money", 19), Column("Ends on", "date", 19),
        ], rows=[(h.product, h.since, h.annual_value, h.ends_on) for h in held],
            totals={"Annual value": detail.annual_value_held} if len(held) > 1 else None,
            empty_text="none"),
        SheetSpec("Open deals", [
            Column("Deal", "wrap", 19), Column("Stage", "text", 19),
            Column("Amount", "money", 19), Column("Close on", "date", 19),
            Column("Next step", "wrap"),
        ], rows=[(d.title, d.stage, d.amount, d.close_on, d.next_step) for d in open_deals],
            totals={"Amount": detail.open_pipeline} if len(open_deals) > 1 else None,
            conditional=[Rule("Close on", "before", today, "bad")], empty_text="none"),
        SheetSpec("Open service issues", [
            Column("Issue", "wrap", 19), Column("Severity", "text", 19),
            Column("Opened", "datetime", 19), Column("Days open", "int", 19),
            Column("Status", "text"),
        ], rows=[(i.title, i.severity, i.opened_at, i.age_days(today), i.status)
                 for i in open_issues],
            conditional=[Rule("Severity", "equals", "critical", "bad"),
                         Rule("Severity", "equals", "high", "warn")], empty_text="none"),
        SheetSpec("Open commitments and follow-ups", [
            Column("Due on", "date", 19), Column("Kind", "text", 19), Column("By", "text", 19),
            Column("What", "wrap"),
        ], rows=[(c.due_on, "commitment", c.made_by, c.what) for c in open_promises]
            + [(f.due_on, f"follow-up, {f.priority}", f.contact, f.title)
               for f in detail.follow_ups],
            conditional=[Rule("Due on", "before", today, "bad")], empty_text="none"),
        SheetSpec(f"Last {INTERACTIONS} interactions", [
            Column("When", "date", 19), Column("Kind", "text", 19), Column("Contact", "wrap", 19),
            Column("Summary and outcome", "wrap"),
        ], rows=[(clock.local(i.happened_at).date(), i.kind, i.contact,
                  f"{i.summary} — {i.outcome}" if i.outcome else i.summary)
                 for i in detail.timeline[:INTERACTIONS]], empty_text="none"),
    ]
