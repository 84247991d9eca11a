"""Clients: finding, adding, editing, archiving and deleting them.

A client's contacts live in contacts.py, what a client holds (products) in holdings.py,
the activity around a client (interactions, follow-ups, service issues, commitments) in
their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from amtui.core import sql, versions
from amtui.core.contacts import NAME_MAX
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.parse import Tense, optional_date, parse_choice, parse_int
from amtui.core.text import clean_text as _text
from amtui.models import (
    CLIENT_STATUSES,
    TIERS,
    Client,
    Commitment,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    ServiceIssue,
    database,
)

CADENCE_MAX = 3650  # ten years: anything longer is a typo


def find_client(name: str, *, include_archived: bool = False) -> Client:
    """A client by exact name (case-insensitive), else by a unique prefix, else by a
    unique substring.  Unknown or ambiguous names raise NotFound listing the candidates."""
    wanted = Client.key_for(name)
    if not wanted:
        raise NotFound("client: no name given")
    query = Client.select()
    if not include_archived:
        query = query.where(Client.archived == False)  # noqa: E712
    exact = query.where(Client.name_key == wanted).first()
    if exact:
        return exact
    position = sql.position(Client.name_key, wanted)  # not LIKE: no wildcards in names
    for condition in (position == 1, position > 0):
        hits = list(query.where(condition).order_by(Client.name_key).limit(11))
        if len(hits) == 1:
            return hits[0]
        if hits:
            names = [c.name for c in hits[:10]]
            more = " …" if len(hits) > 10 else ""
            raise NotFound(
                f"client: '{name}' matches {len(hits)}{'+' if more else ''} clients: "
                f"{', '.join(names)}{more}",
                names,
            )
    raise NotFound(f"client: no client named '{name}'")


# --- the client record ------------------------------------------------------------------


@dataclass(frozen=True)
class ClientRecord:
    """Every field of a client as the rep edits it (the edit form and `client show`)."""

    id: int
    name: str
    tier: str
    industry: str
    status: str
    cadence_days: int | None  # None: the tier's default
    handed_over_on: date | None
    handed_over_by: str
    handover_notes: str
    needs: str
    renewal_on: date | None
    website: str
    phone: str
    address: str
    notes: str
    archived: bool
    created_at: datetime
    version: int = 0  # the row's version when read: a save checks it (core.versions)


def _record(c: Client) -> ClientRecord:
    return ClientRecord(
        id=c.id,
        name=c.name,
        tier=c.tier,
        industry=c.industry,
        status=c.status,
        cadence_days=c.cadence_days,
        handed_over_on=c.handed_over_on,
        handed_over_by=c.handed_over_by,
        handover_notes=c.handover_notes,
        needs=c.needs,
        renewal_on=c.renewal_on,
        website=c.website,
        phone=c.phone,
        address=c.address,
        notes=c.notes,
        archived=c.archived,
        created_at=c.created_at,
        version=c.version,
    )


def _client(client_id: int) -> Client:
    return existing(Client, client_id, "client")


def get_client(client_id: int) -> ClientRecord:
    return _record(_client(client_id))


# --- validation: each returns the clean value or raises InvalidInput naming the field ----


def _name(value, *, exclude_id: int | None = None) -> str:
    name = " ".join(_text("name", value, required=True, limit=NAME_MAX).split())
    query = Client.select(Client.id, Client.name).where(Client.name_key == Client.key_for(name))
    if exclude_id is not None:
        query = query.where(Client.id != exclude_id)
    clash = query.first()
    if clash is not None:
        raise InvalidInput("name", f"a client named '{clash.name}' already exists")
    return name


def check_name(name: str, client_id: int | None = None) -> str:
    """The cleaned name, or InvalidInput if it is empty or another client has it (for
    forms that validate as you type)."""
    return _name(name, exclude_id=client_id)


def _choice(field: str, value, choices: tuple[str, ...]) -> str:
    return parse_choice(str(value or ""), choices, field=field)


def _cadence(value) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput("cadence_days", "must be a whole number of days")
    if isinstance(value, int):
        days = value
    else:
        days = parse_int(str(value), field="cadence_days")
    if days < 1:
        raise InvalidInput("cadence_days", "must be at least 1 day (leave it empty for the tier's default)")
    if days > CADENCE_MAX:
        raise InvalidInput("cadence_days", f"must be at most {CADENCE_MAX} days")
    return days


def _date(field: str, value, tense: Tense) -> date | None:
    return optional_date(value, tense=tense, field=field)


CLIENT_FIELDS = {
    # field -> cleaner; name is checked separately (it needs the client's own id)
    "tier": lambda v: _choice("tier", v, TIERS),
    "industry": lambda v: _text("industry", v, limit=100),
    "status": lambda v: _choice("status", v, CLIENT_STATUSES),
    "cadence_days": _cadence,
    "handed_over_on": lambda v: _date("handed_over_on", v, "past"),
    "handed_over_by": lambda v: _text("handed_over_by", v, limit=100),
    "handover_notes": lambda v: _text("handover_notes", v),
    "needs": lambda v: _text("needs", v),
    "renewal_on": lambda v: _date("renewal_on", v, "future"),
    "website": lambda v: _text("website", v, limit=200),
    "phone": lambda v: _text("phone", v, limit=50),
    "address": lambda v: _text("address", v),
    "notes": lambda v: _text("notes", v),
}


def _clean_client(changes: dict, *, client_id: int | None = None) -> dict:
    unknown = set(changes) - set(CLIENT_FIELDS) - {"name"}
    if unknown:
        field = sorted(unknown)[0]
        raise InvalidInput(field, "is not a client field")
    clean = {field: CLIENT_FIELDS[field](value) for field, value in changes.items() if field != "name"}
    if "name" in changes:
        clean["name"] = _name(changes["name"], exclude_id=client_id)
    return clean


# --- writing clients --------------------------------------------------------------------


def create_client(
    name: str,
    *,
    tier: str = "B",
    industry: str = "",
    status: str = "active",
    cadence_days: int | None = None,
    handed_over_on: date | None = None,
    handed_over_by: str = "",
    handover_notes: str = "",
    needs: str = "",
    renewal_on: date | None = None,
    website: str = "",
    phone: str = "",
    address: str = "",
    notes: str = "",
) -> int:
    """A new client; returns its id.  The name must be new (case-insensitively)."""
    fields = dict(
        tier=tier,
        industry=industry,
        status=status,
        cadence_days=cadence_days,
        handed_over_on=handed_over_on,
        handed_over_by=handed_over_by,
        handover_notes=handover_notes,
        needs=needs,
        renewal_on=renewal_on,
        website=website,
        phone=phone,
        address=address,
        notes=notes,
    )
    with database.atomic():
        clean = _clean_client({"name": name, **fields})
        return Client.create(**clean).id


def update_client(client_id: int, *, base=None, **changes) -> bool:
    """Change some of a client's fields (names as in create_client).  `base`: the record
    the rep's form read; another machine's write since then is ChangedElsewhere.  False
    when the changes are what the client holds already: nothing was written."""
    with versions.edit("client", client_id, base, load=get_client, yours=changes), \
            database.atomic():
        client = _client(client_id)
        versions.expect(client, base)
        clean = _clean_client(changes, client_id=client_id)
        for field, value in clean.items():
            setattr(client, field, value)
        return bool(client.save())  # 0 rows: it held these values already


def archive_client(client_id: int, archived: bool = True) -> None:
    """Archive (or bring back) a client: it leaves the list and Today but keeps its history."""
    with versions.edit("client", client_id, load=get_client), database.atomic():
        client = _client(client_id)
        versions.expect(client, None)  # archived twice: nothing to write
        client.archived = bool(archived)
        client.save()


def deletion_summary(client_id: int) -> dict[str, int]:
    """What deleting the client would delete with it, by kind of record."""
    _client(client_id)
    counted = (
        ("contacts", Contact),
        ("interactions", Interaction),
        ("follow-ups", FollowUp),
        ("deals", Opportunity),
        ("service issues", ServiceIssue),
        ("holdings", Holding),
        ("commitments", Commitment),
    )
    return {label: model.select().where(model.client == client_id).count() for label, model in counted}


def describe_deletion(summary: dict[str, int]) -> str:
    """'3 contacts, 12 interactions and 1 deal' (only the kinds that have records)."""
    parts = []
    for label, count in summary.items():
        if count:
            noun = label if count != 1 else label.removesuffix("s")
            parts.append(f"{count} {noun}")
    if not parts:
        return "nothing else"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def delete_client(client_id: int) -> dict[str, int]:
    """Delete a client and everything recorded about it; returns what went with it."""
    with database.atomic():
        summary = deletion_summary(client_id)
        # the foreign keys cascade (deal history, follow-ups of deals, ...); delete
        # explicitly too so a book opened without the pragma cannot keep orphans
        for model in (FollowUp, Commitment, Holding, Interaction, ServiceIssue, Opportunity, Contact):
            model.delete().where(model.client == client_id).execute()
        Client.delete().where(Client.id == client_id).execute()
    return summary
