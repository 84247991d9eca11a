"""Contact cadence: how long since anyone at a client heard from the rep, against how often
they should (the client's own cadence, else its tier's default from settings: A 14, B 30,
C 60 days).

Days are counted from the last interaction with anyone at the client; a client never
contacted counts from its handover date, else from the day it was entered.  Logging any
interaction resets the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import fn

from amtui.core import clock
from amtui.core.interactions import MAX_IN_LIST, parse_day, parse_stamp, raw_rows
from amtui.core.settings import get_settings
from amtui.models import Client, Interaction


@dataclass(frozen=True)
class Gap:
    """One client's contact gap on a given day."""

    client_id: int
    days_since: int  # since the last contact, or since handover / creation if never
    cadence_days: int
    last_contact: datetime | None  # aware UTC; None: never contacted
    last_contact_day: date | None = None  # its local date

    @property
    def days_over(self) -> int:
        """Days past the cadence; 0 while within it."""
        return max(0, self.days_since - self.cadence_days)


@dataclass(frozen=True)
class CadenceRow:
    client_id: int
    client: str
    tier: str
    days_since: int
    cadence_days: int
    days_over: int
    last_contact: datetime | None  # None: never contacted (days count from handover)


def _client_rows(client_ids: list[int] | None, *, active_only: bool):
    """One query: each client's cadence fields and its last contact, with the local dates
    worked out by SQLite (the same C localtime Python uses, but without a Python call
    per row).  The last contact is a correlated MAX over the (client, happened_at)
    index: one index seek per client, faster than grouping every interaction."""
    last = Interaction.select(fn.MAX(Interaction.happened_at)).where(
        Interaction.client == Client.id
    )
    query = Client.select(
        Client.id,
        Client.name,
        Client.tier,
        Client.cadence_days,
        Client.handed_over_on,
        fn.date(Client.created_at, "localtime"),
        last,
        fn.date(last, "localtime"),
    )
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        query = query.where(Client.id.in_(list(client_ids)))
    if active_only:
        query = query.where(Client.archived == False, Client.status != "churned")  # noqa: E712
    wanted = set(client_ids) if client_ids is not None else None
    for row in raw_rows(query):
        if wanted is None or row[0] in wanted:
            yield row


def gaps(
    client_ids: list[int] | None = None, today: date | None = None, *, active_only: bool = False
) -> dict[int, tuple[str, str, Gap]]:
    """client id -> (name, tier, Gap), from one query."""
    today = today or clock.today()
    settings = get_settings()
    out = {}
    for cid, name, tier, own_cadence, handed_over_on, created_day, stamp, stamp_day in _client_rows(
        client_ids, active_only=active_only
    ):
        contact = parse_stamp(stamp) if stamp else None
        contact_day = parse_day(stamp_day)
        since = contact_day or parse_day(handed_over_on) or parse_day(created_day)
        cadence_days = settings.cadence_for(tier, own_cadence)
        gap = Gap(cid, max(0, (today - since).days), cadence_days, contact, contact_day)
        out[cid] = (name, tier, gap)
    return out


def client_gap(client_id: int, today: date | None = None) -> Gap | None:
    found = gaps([client_id], today)
    return found[client_id][2] if client_id in found else None


def overdue_contacts(today: date | None = None) -> list[CadenceRow]:
    """Active clients past their cadence, worst first (most days over, then tier A first)."""
    rows = [
        CadenceRow(cid, name, tier, g.days_since, g.cadence_days, g.days_over, g.last_contact)
        for cid, (name, tier, g) in gaps(today=today, active_only=True).items()
        if g.days_over > 0
    ]
    rows.sort(key=lambda r: (-r.days_over, r.tier, r.client.casefold()))
    return rows
