"""The rep's book: clients, contacts, products, deals, follow-ups, quotas and the comp
plan (the records a person writes), with the fixed choices their fields take."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, ForeignKeyField, IntegerField, TextField

from amtui.core import clock  # every "now", AMTUI_TODAY too; a stdlib leaf (see pyproject)
from amtui.models.base import BaseModel, JSONField, MoneyField, UTCDateTimeField
from amtui.models.versioned import VersionedModel

# --- choices -------------------------------------------------------------------------
TIERS = ("A", "B", "C")
CLIENT_STATUSES = ("active", "at risk", "churned")
INTERACTION_KINDS = ("call", "email", "meeting", "note", "visit")
PRIORITIES = ("low", "normal", "high")
DEAL_KINDS = ("new", "upsell", "cross-sell", "renewal")
DEAL_STATUSES = ("open", "won", "lost")
FORECAST_CATEGORIES = ("pipeline", "best case", "commit", "omitted", "closed")
SEVERITIES = ("low", "medium", "high", "critical")
ISSUE_STATUSES = ("open", "in progress", "waiting on client", "resolved")
COMMITMENT_STATUSES = ("open", "kept", "broken")
HOLDING_STATUSES = ("active", "ended")


class Setting(VersionedModel):
    """One row per setting; values are JSON so a setting can be a number or a mapping."""

    key = CharField(primary_key=True)
    value = JSONField()


class Stage(VersionedModel):
    """The rep's sales stages, in order; `outcome` marks the closing stages."""

    name = CharField(unique=True)
    position = IntegerField(index=True)
    probability = IntegerField()  # percent, 0-100
    forecast_category = CharField()
    rot_days = IntegerField(null=True)  # a deal this long in the stage is stale
    outcome = CharField(default="open")  # open | won | lost


class Client(VersionedModel):
    name = CharField()
    # casefolded name; unique so "ACME" and "Acme" are one client on any database
    name_key = CharField(unique=True)
    industry = CharField(default="")
    tier = CharField(default="B")
    status = CharField(default="active")
    handed_over_on = DateField(null=True)
    handed_over_by = CharField(default="")
    handover_notes = TextField(default="")
    needs = TextField(default="")
    cadence_days = IntegerField(null=True)  # empty: the tier's default from settings
    renewal_on = DateField(null=True, index=True)
    website = CharField(default="")
    phone = CharField(default="")
    address = TextField(default="")
    notes = TextField(default="")
    archived = BooleanField(default=False, index=True)
    created_at = UTCDateTimeField(default=clock.now)
    updated_at = UTCDateTimeField(default=clock.now)

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()

    def before_write(self) -> None:
        self.name_key = self.key_for(self.name)
        self.updated_at = clock.now()


class Contact(VersionedModel):
    client = ForeignKeyField(Client, backref="contacts", on_delete="CASCADE", index=True)
    name = CharField()
    title = CharField(default="")
    email = CharField(default="", index=True)
    phone = CharField(default="")
    is_primary = BooleanField(default=False)
    notes = TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)


class Product(VersionedModel):
    name = CharField(unique=True)
    family = CharField(default="", index=True)
    list_price = MoneyField(default=0)
    recurring = BooleanField(default=True)
    active = BooleanField(default=True)


class Holding(VersionedModel):
    client = ForeignKeyField(Client, backref="holdings", on_delete="CASCADE", index=True)
    product = ForeignKeyField(Product, backref="holdings", on_delete="RESTRICT", index=True)
    since = DateField(null=True)
    annual_value = MoneyField(default=0)
    ends_on = DateField(null=True, index=True)  # renewal or end date
    status = CharField(default="active")


class Interaction(VersionedModel):
    client = ForeignKeyField(Client, backref="interactions", on_delete="CASCADE")
    contact = ForeignKeyField(
        Contact, null=True, backref="interactions", on_delete="SET NULL", index=True
    )
    kind = CharField(default="call")
    happened_at = UTCDateTimeField(index=True)
    summary = TextField()
    outcome = TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        # "last contact per client" and the client timeline read this index
        indexes = ((("client", "happened_at"), False),)


class ServiceIssue(VersionedModel):
    client = ForeignKeyField(Client, backref="service_issues", on_delete="CASCADE", index=True)
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", index=True)
    title = CharField()
    description = TextField(default="")
    severity = CharField(default="medium")
    status = CharField(default="open", index=True)
    opened_at = UTCDateTimeField(default=clock.now, index=True)
    resolved_at = UTCDateTimeField(null=True)
    resolution = TextField(default="")


class Opportunity(VersionedModel):
    # no index of its own: (client, status, amount) below starts with it
    client = ForeignKeyField(Client, backref="opportunities", on_delete="CASCADE", index=False)
    title = CharField()
    kind = CharField(default="upsell")
    amount = MoneyField(default=0)
    stage = ForeignKeyField(Stage, backref="opportunities", on_delete="RESTRICT", index=True)
    status = CharField(default="open")  # open | won | lost, follows the stage (indexes below)
    probability = IntegerField()  # percent; the stage's default unless overridden
    probability_overridden = BooleanField(default=False)
    forecast_category = CharField()
    category_overridden = BooleanField(default=False)
    close_on = DateField(index=True)  # expected close date
    original_close_on = DateField()
    push_count = IntegerField(default=0)
    next_step = CharField(default="")
    stage_entered_at = UTCDateTimeField(default=clock.now)
    closed_on = DateField(null=True, index=True)  # the won / lost date: bookings date
    lost_reason = TextField(default="")
    product = ForeignKeyField(
        Product, null=True, backref="opportunities", on_delete="SET NULL", index=True
    )
    created_at = UTCDateTimeField(default=clock.now)
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        # (schema version 5; amtui/indexes.py has the measurements)
        indexes = (
            # bookings in a period (won_in) seek straight to the won deals of those days
            # and sum their amounts from the index alone; health's won-in-12-months
            # reads each deal's client from it too (version 4 had no client)
            (("status", "closed_on", "amount", "client"), False),
            # the open deals in close order (the pipeline's lists)
            (("status", "close_on"), False),
            # a client's open pipeline: one covering seek per client (the client list)
            (("client", "status", "amount"), False),
            # what changed since a moment: the changes walk reads only these deals' past
            # states, and its deals "touched since" (also version 5)
            (("updated_at",), False),
        )


class StageChange(BaseModel):
    """A snapshot of a deal after each change of stage, amount or close date."""

    opportunity = ForeignKeyField(
        Opportunity, backref="changes", on_delete="CASCADE", index=True
    )
    changed_at = UTCDateTimeField(default=clock.now, index=True)
    change = CharField()  # comma-separated: created, stage, amount, close
    stage = ForeignKeyField(Stage, on_delete="RESTRICT", index=True)
    amount = MoneyField()
    close_on = DateField()
    probability = IntegerField()


class FollowUp(VersionedModel):
    client = ForeignKeyField(Client, backref="follow_ups", on_delete="CASCADE", index=True)
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL", index=True)
    opportunity = ForeignKeyField(Opportunity, null=True, on_delete="SET NULL", index=True)
    service_issue = ForeignKeyField(ServiceIssue, null=True, on_delete="SET NULL", index=True)
    title = CharField()
    due_on = DateField(index=True)
    priority = CharField(default="normal")
    done_at = UTCDateTimeField(null=True)  # indexes below
    snooze_count = IntegerField(default=0)
    notes = TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = (
            # a client's open follow-ups (done_at IS NULL) in due order: the client
            # list's next follow-up.  SQLite must seek this one per client: with only
            # the done_at-led index below it scanned every open follow-up for each client
            # (22 s); tests/test_perf_schema.py checks the plans
            (("client", "done_at", "due_on"), False),
            # every open follow-up in due order (schema version 5): Today's first page
            # without sorting them all, health's overdue counts from the index alone
            (("done_at", "due_on", "client"), False),
        )


class Commitment(VersionedModel):
    """A promise made to a client, at handover by business development or later by the rep."""

    client = ForeignKeyField(Client, backref="commitments", on_delete="CASCADE", index=True)
    what = TextField()
    made_by = CharField(default="")
    due_on = DateField(null=True, index=True)
    status = CharField(default="open", index=True)
    created_at = UTCDateTimeField(default=clock.now)


class Quota(VersionedModel):
    period = CharField(unique=True)  # "2026-Q4" or "FY2026"
    amount = MoneyField()
    set_by = CharField(default="")
    notes = TextField(default="")


class CompPlan(VersionedModel):
    """The rep's compensation plan; the one with the latest effective_from <= a date applies.

    rate and tier multipliers are kept as decimal strings so they stay exact.
    """

    effective_from = DateField(unique=True)
    base_salary = MoneyField(default=0)  # annual
    rate = CharField(default="0")  # percent, e.g. "10"
    tiers = JSONField(default=list)  # [["0", "0.5"], ["50", "1"], ...] attainment % -> multiplier
    bonuses = JSONField(default=list)  # [["110", "5000.00"], ...] attainment % -> amount
    cap = MoneyField(null=True)  # per quota period
    retroactive = BooleanField(default=False)
