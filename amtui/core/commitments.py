"""Commitments: promises made to a client (at handover by business development, or later
by the rep) and whether they were kept.  An open promise past its date hurts health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from peewee import Case, fn

from amtui.core import clock, versions
from amtui.core.errors import NotFound, existing
from amtui.core.interactions import (
    UNSET,
    apply_changes,
    given,
    longest,
    named_rows,
    parse_day,
    require_client,
    validate_choice,
)
from amtui.core.text import clean_text, clean_title
from amtui.models import COMMITMENT_STATUSES, Client, Commitment, column_values, database


@dataclass(frozen=True)
class CommitmentRow:
    id: int
    client_id: int
    client: str
    what: str
    made_by: str
    due_on: date | None
    status: str  # open | kept | broken
    version: int = 0  # the row's version when read: a save checks it (core.versions)

    def days_late(self, today: date | None = None) -> int:
        if self.status != "open" or self.due_on is None:
            return 0
        return max(0, ((today or clock.today()) - self.due_on).days)


def _query():
    return Commitment.select(
        Commitment.id,
        Commitment.client,
        Client.name.alias("client_name"),
        Commitment.what,
        Commitment.made_by,
        Commitment.due_on,
        Commitment.status,
        Commitment.version,
    ).join(Client, on=(Commitment.client == Client.id))


def _rows(query) -> list[CommitmentRow]:
    return [
        CommitmentRow(id=r.id, client_id=r.client_id, client=r.client_name, what=r.what,
                      made_by=r.made_by, due_on=parse_day(r.due_on), status=r.status,
                      version=r.version)
        for r in named_rows(query)
    ]


def get_commitment(commitment_id: int) -> CommitmentRow:
    rows = _rows(_query().where(Commitment.id == commitment_id))
    if not rows:
        raise NotFound(f"commitment: no commitment with id {commitment_id}")
    return rows[0]


def _due(today: date | None, within_days: int):
    horizon = (today or clock.today()) + timedelta(days=within_days)
    return (
        _query()
        .where(
            Commitment.status == "open",
            Commitment.due_on.is_null(False),
            Commitment.due_on <= horizon,
            Client.archived == False,  # noqa: E712
        )
        .order_by(Commitment.due_on, fn.lower(Client.name), Commitment.id)
    )


def commitments_due(today: date | None = None, within_days: int = 14,
                    limit: int | None = None) -> list[CommitmentRow]:
    """Open commitments overdue or due in the next `within_days` days, soonest first; only
    the first `limit` when given."""
    query = _due(today, within_days)
    return _rows(query.limit(limit) if limit is not None else query)


def due_order(today: date | None = None, within_days: int = 14) -> list[int]:
    """The ids of `commitments_due`, in its order: one query of integers; the rows are
    read a page at a time (`commitments_by_id`)."""
    return column_values(_due(today, within_days).select(Commitment.id))


def due_widest(today: date | None = None, within_days: int = 14) -> dict[str, int]:
    """The longest client name, text and maker of `commitments_due` (for sizing columns)."""
    return longest(_due(today, within_days), client=Client.name, what=Commitment.what, made_by=Commitment.made_by)


def commitments_by_id(ids: list[int]) -> list[CommitmentRow]:
    """The commitments with these ids (a page of a list; a deleted one is left out)."""
    return _rows(_query().where(Commitment.id.in_(list(ids)))) if ids else []


def client_commitments(client_id: int) -> list[CommitmentRow]:
    """Open ones first (soonest due first, undated last), then kept and broken ones."""
    open_first = Case(Commitment.status, [("open", 0)], 1)
    undated_last = Case(None, [(Commitment.due_on.is_null(), 1)], 0)
    query = (
        _query()
        .where(Commitment.client == client_id)
        .order_by(open_first, undated_last, Commitment.due_on, Commitment.id)
    )
    return _rows(query)


def add_commitment(
    client_id: int, what: str, *, due_on: date | None = None, made_by: str = ""
) -> CommitmentRow:
    require_client(client_id)
    what = clean_title("what", what)
    made_by = clean_text("made_by", made_by)
    with database.atomic():
        commitment = Commitment.create(client=client_id, what=what, due_on=due_on, made_by=made_by)
    return get_commitment(commitment.id)


def _load(commitment_id: int) -> Commitment:
    return existing(Commitment, commitment_id, "commitment")


def update_commitment(
    commitment_id: int, *, what=UNSET, due_on=UNSET, made_by=UNSET, status=UNSET, base=None
) -> CommitmentRow:
    """Change a commitment; only the arguments given change (due_on=None: no date).
    `base`: the commitment as the rep's form read it (see core.versions)."""
    yours = given(what=what, due_on=due_on, made_by=made_by, status=status)
    with versions.edit("commitment", commitment_id, base, load=get_commitment, yours=yours):
        return _update_commitment(commitment_id, base, yours)


def _update_commitment(commitment_id: int, base, changes: dict) -> CommitmentRow:
    commitment = _load(commitment_id)
    versions.expect(commitment, base)
    apply_changes(commitment, changes, {
        "what": ("what", lambda v: clean_title("what", v)),
        "due_on": ("due_on", lambda v: v),
        "made_by": ("made_by", lambda v: clean_text("made_by", v)),
        "status": ("status", lambda v: validate_choice(v, COMMITMENT_STATUSES, "status")),
    })
    with database.atomic():
        commitment.save()
    return get_commitment(commitment_id)


def set_commitment_status(commitment_id: int, status: str) -> CommitmentRow:
    """open | kept | broken"""
    return update_commitment(commitment_id, status=status)


def delete_commitment(commitment_id: int) -> None:
    with database.atomic():
        deleted = Commitment.delete().where(Commitment.id == commitment_id).execute()
    if not deleted:
        raise NotFound(f"commitment: no commitment with id {commitment_id}")
