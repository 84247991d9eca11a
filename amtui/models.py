"""Peewee models: the only place that knows the schema.

Every model binds to `database`, a proxy that `amtui.db.open_book()` points at the
real file.  Money is stored as integer cents (`MoneyField`) and comes back as
`Decimal`; timestamps are stored as UTC text and come back as aware datetimes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from amtui.core import clock  # every "now", AMTUI_TODAY too; a stdlib leaf (see pyproject)

database = DatabaseProxy()

CENT = Decimal("0.01")


def to_cents(value: Decimal | int | str) -> int:
    """Exact conversion of a money amount to integer cents, rounding half up."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


class MoneyField(IntegerField):
    """Integer minor units in the database, `Decimal` in Python.

    Peewee's DecimalField lands as REAL in SQLite and sums inexactly; integers don't.
    """

    def db_value(self, value):
        if value is None:
            return None
        return to_cents(value)

    def python_value(self, value):
        if value is None:
            return None
        return from_cents(int(value))


class UTCDateTimeField(CharField):
    """An aware UTC datetime stored as sortable ISO text (`2026-11-27 09:30:00`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 19)
        super().__init__(*args, **kwargs)

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC timestamp field")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    def python_value(self, value):
        if value is None:
            return None
        # fromisoformat reads the stored form ~10x faster than strptime (whole-book reads)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


class JSONField(TextField):
    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class StaleRow(Exception):
    """An optimistic save matched no row: another process changed (or deleted) the row
    since it was read.  Core turns it into `core.errors.ChangedElsewhere`."""

    def __init__(self, model: type[Model], key):
        super().__init__(f"{model._meta.table_name} {key} changed since it was read")
        self.model, self.key = model, key


class VersionedModel(BaseModel):
    """A record the rep edits: `version` goes up by one on every write, so a save can tell
    that another machine wrote the row since it was read (issue 18).

    `save()` of a row read from the book writes `... WHERE id = ? AND version = <read>`
    and raises StaleRow when no row matches: two processes never silently overwrite each
    other.  Writes that go round save() (`Model.update()`, the undo log putting a row
    back, an older amtui) are bumped by the book's version trigger (amtui/row_versions.py).
    The column has a database default too, so raw inserts need not name it.
    """

    version = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])

    _read_version: int | None = None  # set only while save() writes

    def save(self, force_insert: bool = False, only=None):
        if force_insert or self._pk is None or self.version is None:
            return super().save(force_insert=force_insert, only=only)
        read = self.version
        self.version = read + 1
        if only is not None:
            only = [*only, type(self).version]
        self._read_version = read
        try:
            rows = super().save(only=only)
        finally:
            self._read_version = None
        if not rows:
            self.version = read
            raise StaleRow(type(self), self._pk)
        return rows

    def _pk_expr(self):
        expr = super()._pk_expr()
        if self._read_version is None:
            return expr
        return expr & (type(self).version == self._read_version)


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

    def save(self, *args, **kwargs):
        self.name_key = self.key_for(self.name)
        self.updated_at = clock.now()
        return super().save(*args, **kwargs)


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
    client = ForeignKeyField(Client, backref="opportunities", on_delete="CASCADE", index=True)
    title = CharField()
    kind = CharField(default="upsell")
    amount = MoneyField(default=0)
    stage = ForeignKeyField(Stage, backref="opportunities", on_delete="RESTRICT", index=True)
    status = CharField(default="open", index=True)  # open | won | lost, follows the stage
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
        # bookings in a period (won_in) seek straight to the won deals of those days
        indexes = ((("status", "closed_on"), False),)


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
    done_at = UTCDateTimeField(null=True, index=True)
    snooze_count = IntegerField(default=0)
    notes = TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        # a client's open follow-ups (done_at IS NULL) in due order: the client list's
        # next follow-up, health's overdue count.  The client comes first: an index led
        # by done_at made the list's per-client lookup scan every open follow-up (22 s)
        indexes = ((("client", "done_at", "due_on"), False),)


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


class ExportRecord(BaseModel):
    """A workbook the rep wrote, for the Reports screen's list of recent exports."""

    report = CharField()
    period = CharField(default="")
    path = TextField()
    created_at = UTCDateTimeField(default=clock.now, index=True)


class ForecastSnapshot(BaseModel):
    """The forecast figures of one period (the quarter or fiscal year holding `day`) as
    they stood on the first open of the book that day; `reconstructed` rows were worked
    out afterwards from the deals' StageChange history, not seen on the day."""

    day = DateField()
    period = CharField()  # "2026-Q4" | "FY2026"
    taken_at = UTCDateTimeField(default=clock.now)
    reconstructed = BooleanField(default=False)
    won = MoneyField()
    commit = MoneyField()  # won + open commit: the ladder's figures as the forecast shows them
    best_case = MoneyField()
    weighted = MoneyField()
    ceiling = MoneyField()
    pipeline = MoneyField()  # open pipeline, unweighted
    quota = MoneyField(null=True)

    class Meta:
        indexes = ((("day", "period"), True),)


class DealState(BaseModel):
    """A deal as a snapshot saw it, written only when it differs from the deal's previous
    row: a book of 5,000 clients grows a few hundred rows a day, not thousands.
    `opportunity_id` is no foreign key: a deleted deal keeps its last state (status
    "deleted"), with its title and client's name so a change list can still name it."""

    day = DateField()  # no index of its own: (opportunity_id, day) serves every read
    opportunity_id = IntegerField()
    status = CharField()  # open | won | lost | deleted
    stage_id = IntegerField()
    amount = MoneyField()
    close_on = DateField()
    category = CharField()
    probability = IntegerField()
    closed_on = DateField(null=True)
    title = CharField(default="")
    client = CharField(default="")

    class Meta:
        indexes = ((("opportunity_id", "day"), False),)
class UndoAction(BaseModel):
    """One change the rep made ("Won: Acme renewal"), undone with ctrl+z.  `open` is 1 only
    inside the change's own transaction: the triggers (amtui/undo_schema.py) record rows
    while it is."""

    label = TextField()
    created_at = UTCDateTimeField(default=clock.now)
    open = IntegerField(default=0)


class UndoRow(BaseModel):
    """A row the change touched, and how to put it back: `insert` (delete it), `update`
    or `delete` (write `old` back, the row's columns as JSON)."""

    action = ForeignKeyField(UndoAction, on_delete="CASCADE", index=True)
    tbl = TextField()
    row = IntegerField()  # the rowid
    kind = TextField()
    old = TextField(null=True)


ALL_MODELS = [
    Setting,
    Stage,
    Client,
    Contact,
    Product,
    Holding,
    Interaction,
    ServiceIssue,
    Opportunity,
    StageChange,
    FollowUp,
    Commitment,
    Quota,
    CompPlan,
    ExportRecord,
    ForecastSnapshot,
    DealState,
    UndoAction,
    UndoRow,
]

VERSIONED = [m for m in ALL_MODELS if issubclass(m, VersionedModel)]

# The rep's own records, parents before the children that point at them (delete them in
# reverse).  Settings, stages, the list of exports and what amtui derives (snapshots,
# undo) are not among them: a book holding none of these is empty.
BOOK_RECORDS = (Client, Contact, Product, Holding, Interaction, ServiceIssue, Opportunity,
                StageChange, FollowUp, Commitment, Quota, CompPlan)


def add_snapshot_tables(db) -> None:
    """Schema step 1 -> 2 (issue 17): the daily forecast snapshots and deal states."""
    db.create_tables([ForecastSnapshot, DealState])


DEFAULT_STAGES = (
    # name, probability, category, rot_days, outcome
    ("Qualify", 10, "pipeline", 21, "open"),
    ("Discover", 25, "pipeline", 30, "open"),
    ("Propose", 50, "best case", 30, "open"),
    ("Negotiate", 75, "best case", 21, "open"),
    ("Commit", 90, "commit", 14, "open"),
    ("Won", 100, "closed", None, "won"),
    ("Lost", 0, "omitted", None, "lost"),
)

DEFAULT_SETTINGS = {
    "rep_name": "",
    "company": "",
    "currency": "USD",
    "fy_start_month": 1,
    "cadence_days": {"A": 14, "B": 30, "C": 60},
    "reports_dir": "",
}


def seed_defaults() -> None:
    """Default stages and settings for a new book; idempotent."""
    if not Stage.select().exists():
        Stage.insert_many(
            [
                {
                    "name": name,
                    "position": i,
                    "probability": prob,
                    "forecast_category": cat,
                    "rot_days": rot,
                    "outcome": outcome,
                }
                for i, (name, prob, cat, rot, outcome) in enumerate(DEFAULT_STAGES)
            ]
        ).execute()
    for key, value in DEFAULT_SETTINGS.items():
        Setting.insert(key=key, value=value).on_conflict_ignore().execute()

