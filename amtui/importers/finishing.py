"""Per-kind finishing of a converted row: fields other systems split or combine.

A contact's name may come as first and last name, an address in five columns, a time of
day beside its date, a case number beside the issue.  Each function puts the row's
values in amtui's shape or raises InvalidInput naming the field.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from amtui.core import clock
from amtui.core.errors import InvalidInput
from amtui.importers.rows import Context, Row
from amtui.importers.values import in_the_future, parse_timestamp_value

_ADDRESS = ("address_street", "address_city", "address_state", "address_zip", "address_country")


def clients(row: Row, ctx: Context) -> None:
    v = row.values
    parts = [v.pop(name, "") for name in _ADDRESS]
    if "address" not in v and any(parts):
        street, city, state, zip_code, country = parts
        region = " ".join(p for p in (state, zip_code) if p)
        v["address"] = ", ".join(p for p in (street, city, region, country) if p)


def contacts(row: Row, ctx: Context) -> None:
    v = row.values
    first, last = v.pop("first_name", ""), v.pop("last_name", "")
    if not v.get("name"):
        v["name"] = " ".join(p for p in (first, last) if p)
    email = v.get("email", "")
    several = [e for e in re.split(r"[,;\s]+", email) if e]
    if len(several) > 1:
        # Pipedrive puts every address of a person in one cell: keep them all
        v["email"] = several[0]
        extra = "Other email: " + ", ".join(several[1:])
        v["notes"] = f"{v['notes']}\n{extra}" if v.get("notes") else extra


def opportunities(row: Row, ctx: Context) -> None:
    v = row.values
    stage, status = v.get("stage"), v.get("status")
    if status == "open" and stage is not None and not stage.is_open:
        raise InvalidInput("status", f"says open but the stage is {stage.name}")


def interactions(row: Row, ctx: Context) -> None:
    v = row.values
    at = v.pop("time", None)
    if at is not None:
        v["happened_at"] = parse_timestamp_value(row.raw["happened_at"], ctx.order, field="happened_at", at=at)
    # an import records what happened; a date after today is a plan, not an interaction
    if ctx.latest is None:
        ctx.latest = datetime.combine(clock.today() + timedelta(days=1), time(0)).astimezone(UTC)
    if v["happened_at"] >= ctx.latest:
        raise InvalidInput("happened_at", in_the_future(
            row.raw.get("happened_at"), v["happened_at"], "import what has happened (plans are follow-ups)"
        ))


def issues(row: Row, ctx: Context) -> None:
    v = row.values
    number = v.pop("case_number", "")
    if number:
        line = f"Case number: {number}"
        v["description"] = f"{v['description']}\n\n{line}" if v.get("description") else line


FINISH = {
    "clients": clients,
    "contacts": contacts,
    "opportunities": opportunities,
    "interactions": interactions,
    "issues": issues,
}
