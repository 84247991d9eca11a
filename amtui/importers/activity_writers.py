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

    def load(self, values):
        columns = (Interaction.id, Interaction.client, Interaction.happened_at, Interaction.summary,
                   Interaction.kind, Interaction.outcome, Interaction.contact)
        rows = load_by_client(Interaction, client_ids(values), *columns)
        self.existing = {(i["client"], i["happened_at"], fold(i["summary"])): i for i in rows}

    def find(self, values):
        return self.existing.get(self.key(values))

    def key(self, values):
        return values["client"].key, values["happened_at"], fold(values["summary"])

    def new(self, values):
        # an activity whose channel the file doesn't say is a note of what happened
        return {"kind": "note", **values, "created_at": self.now}


class FollowUpWriter(Writer):
    model = FollowUp

    def resolve(self, row):
        return _with_refs(self, row, "deal", "issue")

    def load(self, values):
        rows = load_by_client(FollowUp, client_ids(values))
        self.existing = {(f["client"], fold(f["title"]), f["due_on"]): f for f in rows}

    def find(self, values):
        return self.existing.get(self.key(values))

    def key(self, values):
        return values["client"].key, fold(values["title"]), values["due_on"]

    def changes(self, old, values):
        values = dict(values)
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


class IssueWriter(Writer):
    model = ServiceIssue

    def resolve(self, row):
        return _with_refs(self, row)

    def load(self, values):
        self.existing: dict[tuple, list[dict]] = {}
        rows = load_by_client(ServiceIssue, client_ids(values))
        for issue in sorted(rows, key=lambda i: (i["opened_at"], i["id"])):
            self.existing.setdefault((issue["client"], fold(issue["title"])), []).append(issue)

    def find(self, values):
        same_title = self.existing.get((values["client"].key, fold(values["title"])), [])
        if "opened_at" not in values:
            return same_title[-1] if same_title else None
        day = values["opened_at"].astimezone().date()
        return next((i for i in same_title if i["opened_at"].astimezone().date() == day), None)

    def key(self, values):
        opened = values.get("opened_at")
        return values["client"].key, fold(values["title"]), opened.astimezone().date() if opened else None

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
