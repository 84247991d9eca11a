"""Interactions: what happened with a client (a call, an email, a meeting, a note, a visit).

Logging an interaction is the daily gesture, so `log_interaction` can schedule the next
follow-up in the same transaction: one keystroke records the call and the next step.
Any interaction with anyone at the client resets the client's contact cadence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from peewee import JOIN, fn

from amtui.core import clock, versions
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.text import clean_text
from amtui.models import (
    INTERACTION_KINDS,
    PRIORITIES,
    Client,
    Contact,
    FollowUp,
    Interaction,
    database,
)
from amtui.models.rows import cursor_rows, cursor_tuples

UNSET = object()  # "not given" for update functions, where None means "clear it"

# SQLite's default limit is 32,766 bound variables; past this many ids we query every
# client and filter in Python, which is as fast as a long IN (...) list anyway.
MAX_IN_LIST = 900
# Up to this many clients (a client's record, a brief), their deals are read through the
# client index and filtered in the query's CASE: filtered on status and a date, SQLite
# takes that index instead and visits every deal of the span (2-20 ms at 20,000 clients).
FEW_CLIENTS = 20


@dataclass(frozen=True)
class InteractionRow:
    id: int
    client_id: int
    client: str
    kind: str
    happened_at: datetime  # aware UTC; show with clock.local()
    summary: str
    outcome: str
    contact_id: int | None
    contact: str  # the contact's name, '' when nobody in particular
    version: int = 0  # the row's version when read: a save checks it (core.versions)


@dataclass(frozen=True)
class LoggedInteraction:
    interaction: InteractionRow
    follow_up_id: int | None  # the next step scheduled with it, if any
    done_follow_up_ids: tuple[int, ...] = ()  # the follow-ups it closed


# --- shared lookups (the other activity modules use these too) -------------------------
def require_client(client_id: int) -> Client:
    return existing(Client, client_id, "client")


def require_contact(
    client_id: int, contact_id: int | None, field: str = "contact"
) -> Contact | None:
    """The contact, which must work at the client; None passes through."""
    if contact_id is None:
        return None
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise InvalidInput(field, f"no contact with id {contact_id}")
    if contact.client_id != client_id:
        raise InvalidInput(field, f"{contact.name} does not work at this client")
    return contact


def validate_choice(value: str, choices: tuple[str, ...], field: str) -> str:
    if value not in choices:
        raise InvalidInput(field, f"'{value}' is not one of: {', '.join(choices)}")
    return value


# --- updates: only what was given ---------------------------------------------------------
def given(**values) -> dict:
    """The arguments an update function was given (UNSET: not given; None: clear it)."""
    return {name: value for name, value in values.items() if value is not UNSET}


def apply_changes(record, changes: dict, checks: dict) -> None:
    """Set each changed field of `record` through its check, in the order of `checks`:
    argument name -> (the record's attribute, check(value) -> what to store).  A check
    raises InvalidInput naming the field."""
    for name, (attribute, check) in checks.items():
        if name in changes:
            setattr(record, attribute, check(changes[name]))


def contact_check(client_id: int):
    """The check of a contact argument: someone at the client, or None to clear it."""
    def check(contact_id: int | None) -> int | None:
        require_contact(client_id, contact_id)
        return contact_id
    return check


# --- when it happened ------------------------------------------------------------------
def moment_of(when: date | datetime | None, field: str = "when") -> datetime:
    """The UTC moment an interaction happened.  A bare date means "that day": now if it
    is today, else noon local time (so it stays on that day in any time zone we show)."""
    now = clock.now()
    if when is None:
        return now
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.astimezone()  # a naive time is the rep's local time
        moment = when.astimezone(UTC).replace(microsecond=0)
    elif when == clock.today():
        moment = now
    else:
        local_noon = datetime.combine(when, time(12)).astimezone()
        moment = local_noon.astimezone(UTC)
    if moment > now + timedelta(minutes=5):
        raise InvalidInput(
            field, "is in the future; log what has happened (schedule a follow-up instead)"
        )
    return moment


# --- writing -----------------------------------------------------------------------------
def _row(interaction: Interaction, client_name: str, contact: Contact | None) -> InteractionRow:
    return InteractionRow(
        id=interaction.id,
        client_id=interaction.client_id,
        client=client_name,
        kind=interaction.kind,
        happened_at=interaction.happened_at,
        summary=interaction.summary,
        outcome=interaction.outcome,
        contact_id=contact.id if contact else None,
        contact=contact.name if contact else "",
        version=interaction.version,
    )


def log_interaction(
    client_id: int,
    summary: str,
    *,
    kind: str = "call",
    contact_id: int | None = None,
    outcome: str = "",
    when: date | datetime | None = None,
    next_title: str | None = None,
    next_due: date | None = None,
    next_priority: str = "normal",
    done_follow_up_ids: Sequence[int] = (),
    done_elsewhere_ok: bool = False,
) -> LoggedInteraction:
    """Record an interaction; mark done the client's follow-ups it closes
    (`done_follow_up_ids`, open follow-ups of this client); and, when `next_title` is
    given, schedule its next follow-up.

    Everything is checked before anything is written; it all lands in one transaction.
    """
    client = require_client(client_id)
    summary = clean_text("summary", summary, required=True)
    validate_choice(kind, INTERACTION_KINDS, "kind")
    contact = require_contact(client_id, contact_id)
    outcome = clean_text("outcome", outcome)
    happened_at = moment_of(when)
    next_title = clean_text("next_title", next_title, one_line=True)  # a follow-up's title
    if next_title:
        if next_due is None:
            raise InvalidInput("next_due", "is required with a next follow-up")
        validate_choice(next_priority, PRIORITIES, "next_priority")
    elif next_due is not None:
        raise InvalidInput("next_title", "is required when a next follow-up date is given")
    done_ids = _closable_follow_ups(client.id, done_follow_up_ids, done_elsewhere_ok)
    with database.atomic():
        interaction = Interaction.create(
            client=client.id,
            contact=contact.id if contact else None,
            kind=kind,
            happened_at=happened_at,
            summary=summary,
            outcome=outcome,
        )
        follow_up_id = None
        if next_title:
            follow_up_id = FollowUp.create(
                client=client.id,
                contact=contact.id if contact else None,
                title=next_title,
                due_on=next_due,
                priority=next_priority,
            ).id
        if done_ids:
            FollowUp.update(done_at=clock.now()).where(FollowUp.id.in_(done_ids)).execute()
    return LoggedInteraction(_row(interaction, client.name, contact), follow_up_id, done_ids)


def _closable_follow_ups(client_id: int, ids: Sequence[int], done_ok: bool = False
                         ) -> tuple[int, ...]:
    """The ids, each an open follow-up of this client (else InvalidInput "done").
    done_ok: one done already (another window or machine marked it meanwhile: the rep's
    aim is met) is left out instead of refusing the whole log (the app's form)."""
    wanted = tuple(dict.fromkeys(ids))
    if not wanted:
        return ()
    found = {
        f.id: f
        for f in FollowUp.select(FollowUp.id, FollowUp.client, FollowUp.done_at, FollowUp.title)
        .where(FollowUp.id.in_(list(wanted)))
    }
    for follow_up_id in wanted:
        f = found.get(follow_up_id)
        if f is None:
            raise InvalidInput("done", f"no follow-up with id {follow_up_id}")
        if f.client_id != client_id:
            raise InvalidInput("done", f"follow-up {follow_up_id} is not for this client")
        if f.done_at is not None and not done_ok:
            raise InvalidInput("done", f"follow-up {follow_up_id} ({f.title}) is already done")
    return tuple(i for i in wanted if found[i].done_at is None)


def get_interaction(interaction_id: int) -> InteractionRow:
    interaction = Interaction.get_or_none(Interaction.id == interaction_id)
    if interaction is None:
        raise NotFound(f"interaction: no interaction with id {interaction_id}")
    contact = (
        Contact.get_or_none(Contact.id == interaction.contact_id)
        if interaction.contact_id
        else None
    )
    return _row(interaction, require_client(interaction.client_id).name, contact)


def update_interaction(
    interaction_id: int,
    *,
    summary=UNSET,
    kind=UNSET,
    contact_id=UNSET,
    outcome=UNSET,
    when=UNSET,
    base=None,
) -> InteractionRow:
    """Change what was recorded; only the arguments given change (contact_id=None clears).
    `base`: the interaction as the rep's form read it (see core.versions)."""
    yours = given(summary=summary, kind=kind, contact_id=contact_id, outcome=outcome,
                  happened_at=when)
    with versions.edit("interaction", interaction_id, base, load=get_interaction, yours=yours):
        return _update_interaction(interaction_id, base, yours)


def _update_interaction(interaction_id: int, base, changes: dict) -> InteractionRow:
    interaction = Interaction.get_or_none(Interaction.id == interaction_id)
    if interaction is None:
        raise NotFound(f"interaction: no interaction with id {interaction_id}")
    versions.expect(interaction, base)
    apply_changes(interaction, changes, {
        "summary": ("summary", lambda v: clean_text("summary", v, required=True)),
        "kind": ("kind", lambda v: validate_choice(v, INTERACTION_KINDS, "kind")),
        "contact_id": ("contact", contact_check(interaction.client_id)),
        "outcome": ("outcome", lambda v: clean_text("outcome", v)),
        "happened_at": ("happened_at", moment_of),
    })
    with database.atomic():
        interaction.save()
    return get_interaction(interaction_id)


def delete_interaction(interaction_id: int) -> None:
    with database.atomic():
        deleted = Interaction.delete().where(Interaction.id == interaction_id).execute()
    if not deleted:
        raise NotFound(f"interaction: no interaction with id {interaction_id}")


# --- reading -----------------------------------------------------------------------------
def parse_stamp(text: str | datetime) -> datetime:
    """A stored UTC timestamp read raw (fromisoformat is ~10x faster than the field's
    strptime, which matters over thousands of rows).  The UTC offset is parsed with it:
    `.replace(tzinfo=UTC)` afterwards costs six times the parse (2.7 µs against 0.4);
    a text the suffix does not fit (a date alone, an offset) is read the slow way, as before."""
    if isinstance(text, datetime):
        return text
    try:
        stamp = datetime.fromisoformat(text + "+00:00")
    except ValueError:
        stamp = None
    if stamp is not None and stamp.tzinfo is UTC:
        return stamp
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def parse_day(text: str | date | None) -> date | None:
    if text is None or isinstance(text, date):
        return text
    return date.fromisoformat(text[:10])


def with_client_and_contact(model, *fields):
    """SELECT a client's record (a follow-up, a service issue) with its client's and
    contact's names: columns id, client_id, client_name, contact_id, contact_name, then
    `fields`.  `owner_fields` turns a named row's first five into the row's keywords."""
    return (
        model.select(model.id, model.client, Client.name.alias("client_name"),
                     model.contact, Contact.name.alias("contact_name"), *fields)
        .join(Client, on=(model.client == Client.id))
        .switch(model)
        .join(Contact, join_type=JOIN.LEFT_OUTER, on=(model.contact == Contact.id))
    )


def owner_fields(row) -> dict:
    return {"id": row.id, "client_id": row.client_id, "client": row.client_name,
            "contact_id": row.contact_id, "contact": row.contact_name or ""}


def named_rows(query, batch: int = 2000, into: type[tuple] | None = None) -> Iterator[tuple]:
    """Run a peewee query without its field converters (bulk reads that convert only
    what they use, cheaply: see parse_stamp / parse_day).  Each row is a namedtuple whose
    fields are the SELECT's column names (`client_id` for a foreign key) or aliases, so a
    reordered SELECT cannot shift a value into the wrong field.  Two columns with one name (two tables' `name`) must be
    aliased: namedtuple refuses duplicates.  Fetched `batch` rows at a time, so a long
    export keeps its memory flat.  `into`: a NamedTuple built by name from the columns."""
    sql, params = query.sql()
    yield from cursor_rows(database.execute_sql(sql, params), batch, into)


def unpacked_rows(query, *names: str, batch: int = 2000) -> Iterator[tuple]:
    """`named_rows` for a long read unpacked at once into named locals: plain tuples,
    the SELECT's column names checked against `names` (in order) first, so
    `for client_id, n in unpacked_rows(query, "client_id", "n")` reads by name without
    a named tuple per row (`models.rows.cursor_tuples`)."""
    sql, params = query.sql()
    return cursor_tuples(database.execute_sql(sql, params), names, batch)


def longest(query, **columns) -> dict[str, int]:
    """The longest text of each of `columns` over the query's rows, by key (0 for none):
    one query, so a list sizes its columns without reading every row."""
    lengths = (fn.MAX(fn.LENGTH(column)).alias(key) for key, column in columns.items())
    [row] = named_rows(query.order_by().select(*lengths))
    return {key: int(getattr(row, key) or 0) for key in columns}


def timeline_ids(client_id: int) -> list[int]:
    """The ids of every interaction of the client, newest first (one index scan): the
    order a virtual list pages through with `timeline_rows`."""
    require_client(client_id)
    query = (Interaction.select(Interaction.id).where(Interaction.client == client_id)
             .order_by(Interaction.happened_at.desc(), Interaction.id.desc()))
    return [row.id for row in query.namedtuples()]


def timeline_rows(ids: Sequence[int]) -> list[InteractionRow]:
    """A page of a timeline: the interactions `ids` (at most MAX_IN_LIST), in that order;
    one query wherever the page is.  An id deleted since leaves no row."""
    ids = list(ids)[:MAX_IN_LIST]
    if not ids:
        return []
    query = (
        Interaction.select(Interaction, Contact.id, Contact.name, Client.id, Client.name)
        .join(Contact, join_type=JOIN.LEFT_OUTER, on=(Interaction.contact == Contact.id))
        .switch(Interaction)
        .join(Client, on=(Interaction.client == Client.id))
        .where(Interaction.id.in_(ids))
    )
    found = {}
    for i in query:
        contact = i.contact if i.contact_id else None
        found[i.id] = _row(i, i.client.name, contact)
    return [found[i] for i in ids if i in found]


def timeline(client_id: int, limit: int = 50) -> list[InteractionRow]:
    """The client's interactions, newest first."""
    client = require_client(client_id)
    query = (
        Interaction.select(Interaction, Contact.id, Contact.name)
        .join(Contact, join_type=JOIN.LEFT_OUTER, on=(Interaction.contact == Contact.id))
        .where(Interaction.client == client_id)
        .order_by(Interaction.happened_at.desc(), Interaction.id.desc())
        .limit(limit)
    )
    rows = []
    for i in query:
        contact = i.contact if i.contact_id else None
        rows.append(_row(i, client.name, contact))
    return rows
