"""The book report: the whole book, one sheet per record kind, for the rep's own
analysis or to move to another system.

Rows stream straight from the database in SQL order (a career's book has hundreds of
thousands of interactions), and the workbook is written in constant_memory mode, so
each sheet gets an autofilter and a frozen header rather than an Excel table.
Archived clients are included, marked, so nothing is lost in a move.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

from peewee import JOIN

from amtui.core import clock
from amtui.core.interactions import parse_day, parse_stamp
from amtui.core.pipeline import deal_weighted
from amtui.models import (
    Client,
    Commitment,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Stage,
    StageChange,
    database,
    from_cents,
)
from amtui.reports.common import day_label, new_report
from amtui.reports.model import Column, Kpi, Progress, Report, SheetSpec

TITLE = "The whole book"
BATCH = 2000  # rows fetched from SQLite at a time


def _stream(query, convert: Callable[[tuple], tuple]) -> Iterator[tuple]:
    """Rows of a query as plain tuples, fetched a batch at a time so memory stays flat.

    Read raw, without peewee's field converters (its strptime per date is the slow
    part over 200,000 rows); `convert` turns the few typed columns with fromisoformat."""
    sql, params = query.sql()
    cursor = database.execute_sql(sql, params)
    while batch := cursor.fetchmany(BATCH):
        for values in batch:
            yield convert(values)


def _percent(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value) / 100


def _money(value) -> Decimal | None:
    """A money column read raw from SQL (cents) or through the field (Decimal)."""
    if value is None:
        return None
    return value if isinstance(value, Decimal) else from_cents(int(value))


def _stamp(value):
    return None if value is None else parse_stamp(value)


def _day(value) -> date | None:
    return parse_day(value)


def _yes(value) -> str:
    return "yes" if value else "no"


# --- one function per sheet: (columns, query, row converter) ---------------------------
def _clients():
    columns = [
        Column("Client"), Column("Industry"), Column("Tier"), Column("Status"),
        Column("Handed over on", "date"), Column("Handed over by"), Column("Cadence (days)", "int"),
        Column("Renewal on", "date"), Column("Website"), Column("Phone"),
        Column("Address", "wrap", 30), Column("Needs", "wrap", 40),
        Column("Handover notes", "wrap", 40), Column("Notes", "wrap", 40),
        Column("Archived"), Column("Created", "datetime"),
    ]
    c = Client
    query = c.select(
        c.name, c.industry, c.tier, c.status, c.handed_over_on, c.handed_over_by, c.cadence_days,
        c.renewal_on, c.website, c.phone, c.address, c.needs, c.handover_notes, c.notes,
        c.archived, c.created_at,
    ).order_by(c.name_key)

    def row(v):
        return (*v[:4], _day(v[4]), v[5], v[6], _day(v[7]), *v[8:14], _yes(v[14]), _stamp(v[15]))

    return columns, query, row


def _contacts():
    columns = [
        Column("Client"), Column("Name"), Column("Title"), Column("Email"), Column("Phone"),
        Column("Primary"), Column("Notes", "wrap", 40),
    ]
    query = (
        Contact.select(Client.name, Contact.name, Contact.title, Contact.email, Contact.phone,
                       Contact.is_primary, Contact.notes)
        .join(Client)
        .order_by(Client.name_key, Contact.is_primary.desc(), Contact.name)
    )
    return columns, query, lambda v: (*v[:5], _yes(v[5]), v[6])


def _products():
    columns = [
        Column("Product"), Column("Family"), Column("List price", "money"),
        Column("Recurring"), Column("Active"),
    ]
    query = Product.select(
        Product.name, Product.family, Product.list_price, Product.recurring, Product.active
    ).order_by(Product.family, Product.name)
    return columns, query, lambda v: (v[0], v[1], _money(v[2]), _yes(v[3]), _yes(v[4]))


def _holdings():
    columns = [
        Column("Client"), Column("Product"), Column("Family"), Column("Since", "date"),
        Column("Annual value", "money"), Column("Ends on", "date"), Column("Status"),
    ]
    query = (
        Holding.select(Client.name, Product.name, Product.family, Holding.since,
                       Holding.annual_value, Holding.ends_on, Holding.status)
        .join(Client).switch(Holding).join(Product)
        .order_by(Client.name_key, Product.name)
    )
    return columns, query, lambda v: (*v[:3], _day(v[3]), _money(v[4]), _day(v[5]), v[6])


def _interactions():
    columns = [
        Column("Client"), Column("When", "datetime"), Column("Kind"), Column("Contact"),
        Column("Summary", "wrap", 50), Column("Outcome", "wrap", 40),
    ]
    query = (
        Interaction.select(Client.name, Interaction.happened_at, Interaction.kind,
                           Contact.name, Interaction.summary, Interaction.outcome)
        .join(Client).switch(Interaction).join(Contact, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, Interaction.happened_at.desc())
    )
    return columns, query, lambda v: (v[0], _stamp(v[1]), *v[2:])


def _follow_ups():
    columns = [
        Column("Client"), Column("Follow-up"), Column("Due on", "date"), Column("Priority"),
        Column("Done at", "datetime"), Column("Snoozed", "int"), Column("Contact"),
        Column("Deal"), Column("Notes", "wrap", 40),
    ]
    query = (
        FollowUp.select(Client.name, FollowUp.title, FollowUp.due_on, FollowUp.priority,
                        FollowUp.done_at, FollowUp.snooze_count, Contact.name,
                        Opportunity.title, FollowUp.notes)
        .join(Client).switch(FollowUp).join(Contact, JOIN.LEFT_OUTER)
        .switch(FollowUp).join(Opportunity, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, FollowUp.due_on)
    )
    return columns, query, lambda v: (v[0], v[1], _day(v[2]), v[3], _stamp(v[4]), *v[5:])


def _opportunities():
    columns = [
        Column("Client"), Column("Deal"), Column("Kind"), Column("Amount", "money"),
        Column("Stage"), Column("Status"), Column("Probability", "percent"),
        Column("Weighted", "money"), Column("Forecast category"), Column("Close on", "date"),
        Column("First close date", "date"), Column("Pushes", "int"), Column("Next step", "wrap", 30),
        Column("Closed on", "date"), Column("Lost reason", "wrap", 30), Column("Product"),
        Column("Created", "datetime"),
    ]
    o = Opportunity
    query = (
        o.select(Client.name, o.title, o.kind, o.amount, Stage.name, o.status, o.probability,
                 o.forecast_category, o.close_on, o.original_close_on, o.push_count,
                 o.next_step, o.closed_on, o.lost_reason, Product.name, o.created_at)
        .join(Client).switch(o).join(Stage).switch(o).join(Product, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, o.close_on)
    )

    def row(v):
        amount = _money(v[3])
        weighted = deal_weighted(amount, v[6]) if v[5] == "open" else None
        return (v[0], v[1], v[2], amount, v[4], v[5], _percent(v[6]), weighted, v[7],
                _day(v[8]), _day(v[9]), v[10], v[11], _day(v[12]), v[13], v[14], _stamp(v[15]))

    return columns, query, row


def _stage_changes():
    columns = [
        Column("Client"), Column("Deal"), Column("Changed at", "datetime"), Column("Change"),
        Column("Stage"), Column("Amount", "money"), Column("Close on", "date"),
        Column("Probability", "percent"),
    ]
    s = StageChange
    query = (
        s.select(Client.name, Opportunity.title, s.changed_at, s.change, Stage.name, s.amount,
                 s.close_on, s.probability)
        .join(Opportunity).join(Client).switch(s).join(Stage)
        .order_by(Client.name_key, Opportunity.id, s.changed_at)
    )
    return columns, query, lambda v: (
        v[0], v[1], _stamp(v[2]), v[3], v[4], _money(v[5]), _day(v[6]), _percent(v[7])
    )


def _service_issues():
    columns = [
        Column("Client"), Column("Issue"), Column("Severity"), Column("Status"),
        Column("Opened at", "datetime"), Column("Resolved at", "datetime"), Column("Contact"),
        Column("Description", "wrap", 40), Column("Resolution", "wrap", 40),
    ]
    s = ServiceIssue
    query = (
        s.select(Client.name, s.title, s.severity, s.status, s.opened_at, s.resolved_at,
                 Contact.name, s.description, s.resolution)
        .join(Client).switch(s).join(Contact, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, s.opened_at)
    )
    return columns, query, lambda v: (*v[:4], _stamp(v[4]), _stamp(v[5]), *v[6:])


def _commitments():
    columns = [
        Column("Client"), Column("What", "wrap", 50), Column("Made by"), Column("Due on", "date"),
        Column("Status"), Column("Created", "datetime"),
    ]
    c = Commitment
    query = (
        c.select(Client.name, c.what, c.made_by, c.due_on, c.status, c.created_at)
        .join(Client)
        .order_by(Client.name_key, c.due_on)
    )
    return columns, query, lambda v: (v[0], v[1], v[2], _day(v[3]), v[4], _stamp(v[5]))


def _quotas():
    columns = [Column("Period"), Column("Quota", "money"), Column("Set by"), Column("Notes", "wrap", 40)]
    query = Quota.select(Quota.period, Quota.amount, Quota.set_by, Quota.notes).order_by(Quota.period)
    return columns, query, lambda v: (v[0], _money(v[1]), v[2], v[3])


SHEETS = (
    ("Clients", _clients, Client),
    ("Contacts", _contacts, Contact),
    ("Products", _products, Product),
    ("Holdings", _holdings, Holding),
    ("Interactions", _interactions, Interaction),
    ("Follow-ups", _follow_ups, FollowUp),
    ("Opportunities", _opportunities, Opportunity),
    ("Stage changes", _stage_changes, StageChange),
    ("Service issues", _service_issues, ServiceIssue),
    ("Commitments", _commitments, Commitment),
    ("Quotas", _quotas, Quota),
)


def build(period=None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    """Describe the book workbook; rows are read while the workbook is written."""
    today = today or clock.today()
    report = new_report("book", TITLE, f"As of {day_label(today)}", today)
    report.constant_memory = True
    report.cents = True  # records as they are, to the cent
    report.printable = False  # a data dump: not laid out for print (its Summary says so)
    counts = []
    for name, describe, model in SHEETS:
        columns, query, convert = describe()
        count = model.select().count()
        counts.append((name, count))
        report.sheets.append(
            SheetSpec(name, columns, rows=_stream(query, convert), count=count,
                      as_table=False, freeze_cols=1)
        )
        if progress:
            progress(len(counts), len(SHEETS))
    by_name = dict(counts)
    active = Client.select().where(Client.archived == False).count()  # noqa: E712
    report.kpis = [
        Kpi("Clients", active, "int", f"{by_name['Clients'] - active} archived"),
        Kpi("Contacts", by_name["Contacts"], "int"),
        Kpi("Deals", by_name["Opportunities"], "int"),
        Kpi("Interactions", by_name["Interactions"], "int"),
    ]
    report.summary = [
        SheetSpec("What is in this workbook", [Column("Sheet"), Column("Rows", "int")],
                  rows=counts, as_table=False,
                  note="Every record, for analysis or a move to another system: not a "
                       "printed report (wide sheets print in small type)."),
    ]
    report.definitions = [
        ("This workbook", "Every record in the book, one sheet per kind, archived clients "
         "included (marked in the Archived column). Times are in local time."),
        ("Weighted", "An open deal's amount times its probability, rounded to the cent."),
    ]
    return report
