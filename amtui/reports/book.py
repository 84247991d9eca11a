"""The book report: the whole book, one sheet per record kind, for the rep's own
analysis or to move to another system.

Rows stream straight from the database in SQL order (a career's book has hundreds of
thousands of interactions), and the workbook is written in constant_memory mode, so
each sheet gets an autofilter and a frozen header rather than an Excel table.
Archived clients are included, marked, so nothing is lost in a move.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from peewee import JOIN

from amtui.core import clock
from amtui.core.interactions import named_rows, parse_day, parse_stamp
from amtui.core.pipeline import change_words, deal_weighted
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
    from_cents,
)
from amtui.reports.common import day_label, new_report
from amtui.reports.model import Column, Kpi, Progress, Report, SheetSpec

TITLE = "The whole book"
BATCH = 2000  # rows fetched from SQLite at a time, so memory stays flat
# The joined names, aliased so a row names them apart from the record's own `name`.
CLIENT = Client.name.alias("client")
CONTACT = Contact.name.alias("contact")
STAGE = Stage.name.alias("stage")


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
# Each converter reads its row by name (the SELECT's column names, `client` where the
# client's name is joined in) and returns the cells in the order of `columns`.
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
        return (v.name, v.industry, v.tier, v.status, _day(v.handed_over_on), v.handed_over_by,
                v.cadence_days, _day(v.renewal_on), v.website, v.phone, v.address, v.needs,
                v.handover_notes, v.notes, _yes(v.archived), _stamp(v.created_at))

    return columns, query, row


def _contacts():
    columns = [
        Column("Client"), Column("Name"), Column("Title"), Column("Email"), Column("Phone"),
        Column("Primary"), Column("Notes", "wrap", 40),
    ]
    query = (
        Contact.select(CLIENT, Contact.name, Contact.title, Contact.email, Contact.phone,
                       Contact.is_primary, Contact.notes)
        .join(Client)
        .order_by(Client.name_key, Contact.is_primary.desc(), Contact.name)
    )

    def row(v):
        return (v.client, v.name, v.title, v.email, v.phone, _yes(v.is_primary), v.notes)

    return columns, query, row


def _products():
    columns = [
        Column("Product"), Column("Family"), Column("List price", "money"),
        Column("Recurring"), Column("Active"),
    ]
    query = Product.select(
        Product.name, Product.family, Product.list_price, Product.recurring, Product.active
    ).order_by(Product.family, Product.name)

    def row(v):
        return (v.name, v.family, _money(v.list_price), _yes(v.recurring), _yes(v.active))

    return columns, query, row


def _holdings():
    columns = [
        Column("Client"), Column("Product"), Column("Family"), Column("Since", "date"),
        Column("Annual value", "money"), Column("Ends on", "date"), Column("Status"),
    ]
    query = (
        Holding.select(CLIENT, Product.name.alias("product"), Product.family, Holding.since,
                       Holding.annual_value, Holding.ends_on, Holding.status)
        .join(Client).switch(Holding).join(Product)
        .order_by(Client.name_key, Product.name)
    )

    def row(v):
        return (v.client, v.product, v.family, _day(v.since), _money(v.annual_value),
                _day(v.ends_on), v.status)

    return columns, query, row


def _interactions():
    columns = [
        Column("Client"), Column("When", "datetime"), Column("Kind"), Column("Contact"),
        Column("Summary", "wrap", 50), Column("Outcome", "wrap", 40),
    ]
    query = (
        Interaction.select(CLIENT, Interaction.happened_at, Interaction.kind,
                           CONTACT, Interaction.summary, Interaction.outcome)
        .join(Client).switch(Interaction).join(Contact, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, Interaction.happened_at.desc())
    )

    def row(v):
        return (v.client, _stamp(v.happened_at), v.kind, v.contact, v.summary, v.outcome)

    return columns, query, row


def _follow_ups():
    columns = [
        Column("Client"), Column("Follow-up"), Column("Due on", "date"), Column("Priority"),
        Column("Done at", "datetime"), Column("Snoozed", "int"), Column("Contact"),
        Column("Deal"), Column("Notes", "wrap", 40),
    ]
    query = (
        FollowUp.select(CLIENT, FollowUp.title, FollowUp.due_on, FollowUp.priority,
                        FollowUp.done_at, FollowUp.snooze_count, CONTACT,
                        Opportunity.title.alias("deal"), FollowUp.notes)
        .join(Client).switch(FollowUp).join(Contact, JOIN.LEFT_OUTER)
        .switch(FollowUp).join(Opportunity, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, FollowUp.due_on)
    )

    def row(v):
        return (v.client, v.title, _day(v.due_on), v.priority, _stamp(v.done_at),
                v.snooze_count, v.contact, v.deal, v.notes)

    return columns, query, row


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
        o.select(CLIENT, o.title, o.kind, o.amount, STAGE, o.status, o.probability,
                 o.forecast_category, o.close_on, o.original_close_on, o.push_count,
                 o.next_step, o.closed_on, o.lost_reason, Product.name.alias("product"),
                 o.created_at)
        .join(Client).switch(o).join(Stage).switch(o).join(Product, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, o.close_on)
    )

    def row(v):
        amount = _money(v.amount)
        weighted = deal_weighted(amount, v.probability) if v.status == "open" else None
        return (v.client, v.title, v.kind, amount, v.stage, v.status, _percent(v.probability),
                weighted, v.forecast_category, _day(v.close_on), _day(v.original_close_on),
                v.push_count, v.next_step, _day(v.closed_on), v.lost_reason, v.product,
                _stamp(v.created_at))

    return columns, query, row


def _stage_changes():
    columns = [
        Column("Client"), Column("Deal"), Column("Changed at", "datetime"), Column("Change"),
        Column("Stage"), Column("Amount", "money"), Column("Close on", "date"),
        Column("Probability", "percent"),
    ]
    s = StageChange
    query = (
        s.select(CLIENT, Opportunity.title.alias("deal"), s.changed_at, s.change, STAGE,
                 s.amount, s.close_on, s.probability)
        .join(Opportunity).join(Client).switch(s).join(Stage)
        .order_by(Client.name_key, Opportunity.id, s.changed_at)
    )

    def row(v):
        return (v.client, v.deal, _stamp(v.changed_at), ",".join(change_words(v.change)), v.stage, _money(v.amount),
                _day(v.close_on), _percent(v.probability))

    return columns, query, row


def _service_issues():
    columns = [
        Column("Client"), Column("Issue"), Column("Severity"), Column("Status"),
        Column("Opened at", "datetime"), Column("Resolved at", "datetime"), Column("Contact"),
        Column("Description", "wrap", 40), Column("Resolution", "wrap", 40),
    ]
    s = ServiceIssue
    query = (
        s.select(CLIENT, s.title, s.severity, s.status, s.opened_at, s.resolved_at,
                 CONTACT, s.description, s.resolution)
        .join(Client).switch(s).join(Contact, JOIN.LEFT_OUTER)
        .order_by(Client.name_key, s.opened_at)
    )

    def row(v):
        return (v.client, v.title, v.severity, v.status, _stamp(v.opened_at),
                _stamp(v.resolved_at), v.contact, v.description, v.resolution)

    return columns, query, row


def _commitments():
    columns = [
        Column("Client"), Column("What", "wrap", 50), Column("Made by"), Column("Due on", "date"),
        Column("Status"), Column("Created", "datetime"),
    ]
    c = Commitment
    query = (
        c.select(CLIENT, c.what, c.made_by, c.due_on, c.status, c.created_at)
        .join(Client)
        .order_by(Client.name_key, c.due_on)
    )

    def row(v):
        return (v.client, v.what, v.made_by, _day(v.due_on), v.status, _stamp(v.created_at))

    return columns, query, row


def _quotas():
    columns = [Column("Period"), Column("Quota", "money"), Column("Set by"), Column("Notes", "wrap", 40)]
    query = Quota.select(Quota.period, Quota.amount, Quota.set_by, Quota.notes).order_by(Quota.period)

    def row(v):
        return (v.period, _money(v.amount), v.set_by, v.notes)

    return columns, query, row


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
            SheetSpec(name, columns, rows=map(convert, named_rows(query, BATCH)), count=count,
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
