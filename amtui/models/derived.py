"""What amtui writes about the book rather than the rep: the list of exported workbooks,
the daily forecast snapshots and the deal states they record (schema step 1 -> 2)."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateField, IntegerField, TextField

from amtui.core import clock  # every "now", AMTUI_TODAY too; a stdlib leaf (see pyproject)
from amtui.models.base import BaseModel, MoneyField, UTCDateTimeField


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


class ClientContact(BaseModel):
    """A client's last contact, stored (schema version 6): the latest `happened_at` of its
    interactions, one row per client that has any, kept by the book's triggers
    (amtui/last_contacts.py).  Read only: nothing in Python writes it; not among
    ALL_MODELS (undo, versions and copies leave it to the triggers)."""

    client_id = IntegerField(primary_key=True)
    last_contact = UTCDateTimeField()

    class Meta:
        table_name = "client_contact"


def add_snapshot_tables(db) -> None:
    """Schema step 1 -> 2 (issue 17): the daily forecast snapshots and deal states."""
    db.create_tables([ForecastSnapshot, DealState])
