"""Importing what happens around a client: interactions, follow-ups, service issues.

Interactions match by client + moment + summary, follow-ups by client + title + due
date, service issues by client + title + the day they were opened (or, when the file
has no opened date, the client's latest issue of that title).
"""

from __future__ import annotations

from amtui.importers.refs import fold
from amtui.importers.writers import Writer, client_ids, load_by_client
from amtui.models import FollowUp, Interaction, ServiceIssue


def _with_refs(writer: Writer, row, *names: str) -> dict | None:
    """The row's values with its client and contact (and deal, issue) as references."""
    client = writer.refs.client(row)
    if client is None:
        return None
    values = {**row.values, "client": client}
    ok = True
    if "contact" in row.values:
        values["contact"] = writer.refs.contact(row, client)
        ok = values["contact"] is not None
    if "deal" in names and "deal" in values:
        values.pop("deal")
        values["opportunity"] = writer.refs.deal(row, client)
        ok = ok and values["opportunity"] is not None
    if "issue" in names and "issue" in values:
        values.pop("issue")
        values["service_issue"] = writer.refs.issue(row, client)
        ok = ok and values["service_issue"] is not None
    return values if ok else None


class InteractionWriter(Writer):
    model = Interaction

    def resolve(self, row):
        return _with_refs(self, row)

    def existing(self, values):
        columns = (Interaction.id, Interaction.client, Interaction.happened_at, Interaction.summary,
                   Interaction.kind, Interaction.outcome, Interaction.contact)
        return load_by_client(Interaction, client_ids(values), *columns)

    def base(self, values):
        return values["client"].key, values["happened_at"], fold(values["summary"])

    def base_of(self, record):
        return record["client"], record["happened_at"], fold(record["summary"])

    def new(self, values):
        # an activity whose channel the file doesn't say is a note of what happened
        return {"kind": "note", **values, "created_at": self.now}


class FollowUpWriter(Writer):
    model = FollowUp

    def resolve(self, row):
        return _with_refs(self, row, "deal", "issue")

    def existing(self, values):
        return load_by_client(FollowUp, client_ids(values))

    def base(self, values):
        return values["client"].key, fold(values["title"]), values["due_on"]

    def base_of(self, record):
        return record["client"], fold(record["title"]), record["due_on"]

    def changes(self, old, values):
        values = dict(values)
        for field, kind in (("opportunity", "deal"), ("service_issue", "issue")):
            if field in values and self.refs.same_name(kind, old.get(field), values[field]):
                values[field] = old.get(field)
        done = values.pop("done", None)
        if done is not None and "done_at" not in values and done != (old["done_at"] is not None):
            values["done_at"] = self.now if done else None
        return super().changes(old, values)

    def new(self, values):
        values = dict(values)
        done = values.pop("done", False)
        if "done_at" not in values:
            values["done_at"] = self.now if done else None
        return {**values, "created_at": self.now}


def _day(moment) -> object:
    return moment.astimezone().date()


class IssueWriter(Writer):
    """Issues by client + title, told apart by the day they were opened."""

    model = ServiceIssue
    discriminator = "opened_at"

    def resolve(self, row):
        return _with_refs(self, row)

    def existing(self, values):
        rows = load_by_client(ServiceIssue, client_ids(values))
        return sorted(rows, key=lambda i: (i["opened_at"], i["id"]))

    def base(self, values):
        return values["client"].key, fold(values["title"])

    def base_of(self, record):
        return record["client"], fold(record["title"])

    def same_discriminator(self, record, values):
        return _day(record["opened_at"]) == _day(values["opened_at"])

    def discriminator_key(self, values):
        return _day(values["opened_at"]) if values.get("opened_at") else None

    def _settle(self, values: dict, old: dict | None = None) -> dict:
        """Status and resolved time agree: a resolved time means resolved, and a
        resolved issue has a resolved time."""
        values = dict(values)
        if values.get("resolved_at") and "status" not in values:
            values["status"] = "resolved"
        if values.get("status") == "resolved" and "resolved_at" not in values:
            if old is None or old["resolved_at"] is None:
                values["resolved_at"] = self.now
        return values

    def changes(self, old, values):
        return super().changes(old, self._settle(values, old))

    def new(self, values):
        values = self._settle(values)
        return {"opened_at": self.now, **values}
