"""Contact cadence: how long since anyone at a client heard from the rep, against how often
they should (the client's own cadence, else its tier's default from settings: A 14, B 30,
C 60 days).

Days are counted from the last interaction with anyone at the client.  A client never
contacted is past its cadence at once: an inherited client is owed a first call from the
day it was handed over (else the day it entered the book), and every day since counts as
a day over.  Logging any interaction resets the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from itertools import islice
from typing import TYPE_CHECKING, NamedTuple

from peewee import JOIN, SQL, Case, NodeList, Select, fn

from amtui.core import clock, dates_fmt, sql
from amtui.core.interactions import MAX_IN_LIST, named_rows, parse_day, parse_stamp
from amtui.core.made import Made
from amtui.core.settings import get_settings
from amtui.models import Client, ClientContact, database

if TYPE_CHECKING:
    from collections.abc import Iterator


class Gap(NamedTuple):
    """One client's contact gap on a given day (a named tuple: the whole book's are made
    at once and kept with its health scores)."""

    client_id: int
    days_since: int  # since the last contact, or since handover / creation if never
    cadence_days: int
    last_contact: datetime | None  # aware UTC; None: never contacted
    last_contact_day: date | None = None  # its local date
    handed_over_on: date | None = None
    entered_on: date | None = None  # the local day the client was added to the book
    handover_ahead: bool = False  # handed over on a day still to come: nothing owed yet

    @property
    def never_contacted(self) -> bool:
        return self.last_contact is None

    @property
    def is_due(self) -> bool:
        """Past the cadence: never contacted since the handover, or longer than the cadence."""
        if self.never_contacted:
            return not self.handover_ahead
        return self.days_since > self.cadence_days

    @property
    def days_over(self) -> int:
        """Days past the cadence; 0 while within it.  Never contacted: every day since
        the handover (the first call was due then)."""
        if self.never_contacted:
            return max(0, self.days_since)
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
    handed_over_on: date | None = None
    entered_on: date | None = None  # the local day it was added to the book

    @property
    def never_contacted(self) -> bool:
        return self.last_contact is None


class ClientGap(NamedTuple):
    """A client's name and tier with its contact gap: what `gaps` maps each id to."""

    name: str
    tier: str
    gap: Gap


class _ClientCadence(NamedTuple):
    """One row of _client_rows, built by keyword from the column names its SELECT gives."""

    id: int
    name: str
    tier: str
    own_cadence: int
    handed_over_on: str | None
    created_day: str | None
    stamp: str | None  # the last contact, UTC; None: never contacted
    stamp_day: str | None  # its local date


def gap_columns() -> list:
    """The columns `gaps_from_rows` reads besides the client's id, name and tier: its own
    cadence, handover, the local day it entered the book and its last contact (UTC, and
    the local day), with the local dates worked out by SQLite (the same C localtime
    Python uses, but without a Python call per row).  The last contact is the stored one
    (`with_last_contact`: schema version 6, kept by the book's triggers), read once for
    both columns.  A list of clients selects these beside its own columns, joined with
    `with_last_contact`, to work out the gaps from its own rows."""
    last = ClientContact.last_contact
    return [
        Client.cadence_days.alias("own_cadence"),
        Client.handed_over_on,
        sql.local_date(Client.created_at).alias("created_day"),
        last.alias("stamp"),
        sql.local_date(last).alias("stamp_day"),
    ]


def with_last_contact(query):
    """A query of clients joined with their stored last contact (`ClientContact`: one
    row per client that has any interaction, the latest `happened_at`), so its columns
    can name `ClientContact.last_contact`: a key lookup per client instead of a MAX seek
    into every client's interactions."""
    return query.join(ClientContact, JOIN.LEFT_OUTER, on=(ClientContact.client_id == Client.id))


def _client_rows(client_ids: list[int] | None, *, active_only: bool):
    """One query: each client's cadence fields and its last contact (`gap_columns`)."""
    query = with_last_contact(Client.select(Client.id, Client.name, Client.tier, *gap_columns()))
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        query = query.where(Client.id.in_(list(client_ids)))
    if active_only:
        query = query.where(Client.archived == False, Client.status != "churned")  # noqa: E712
    wanted = set(client_ids) if client_ids is not None else None
    # in the clients' order, as before the join (a server's hash join would shuffle them)
    for row in named_rows(query.order_by(Client.id), into=_ClientCadence):
        if wanted is None or row.id in wanted:
            yield row


def gaps(
    client_ids: list[int] | None = None, today: date | None = None, *, active_only: bool = False
) -> dict[int, ClientGap]:
    """client id -> ClientGap(name, tier, gap), from one query."""
    return gaps_from_rows(_client_rows(client_ids, active_only=active_only), today or clock.today())


def gaps_from_rows(rows, today: date) -> dict[int, ClientGap]:
    """`gaps` from rows holding `_ClientCadence`'s fields (by name): one tight pass, as
    a career's book has 20,000 clients.  Days are parsed once per distinct text (clients
    share creation, handover and contact days) and a cadence once per tier and own
    cadence; the Gap and ClientGap are built positionally, every field given, without the
    named tuples' Python __new__ (`_new`)."""
    cadence_for = get_settings().cadence_for
    day = Made(parse_day)  # a day's text -> the date (None -> None)
    cadences = Made(lambda key: cadence_for(*key))  # (tier, own cadence) -> the cadence
    out = {}
    for row in rows:
        cid, stamp, tier = row.id, row.stamp, row.tier
        contact_day, handed_over, entered = day[row.stamp_day], day[row.handed_over_on], day[row.created_day]
        cadence = cadences[tier, row.own_cadence]
        since = (today - (contact_day or handed_over or entered)).days
        if stamp:
            gap = _new(Gap, (cid, since if since > 0 else 0, cadence, parse_stamp(stamp), contact_day,
                             handed_over, entered, False))
        else:
            gap = _new(Gap, (cid, since if since > 0 else 0, cadence, None, contact_day, handed_over,
                             entered, handed_over is not None and handed_over > today))
        out[cid] = _new(ClientGap, (row.name, tier, gap))
    return out


_new = tuple.__new__  # a named tuple from all its fields in order, without its Python __new__


def never_contacted_text(gap: Gap) -> str:
    """'never contacted, handed over 12 days ago' (or 'added today'): health's reason and
    the status report's flag for a client still owed its first call."""
    days = gap.days_since
    ago = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    return f"never contacted, {'handed over' if gap.handed_over_on else 'added'} {ago}"


def client_gap(client_id: int, today: date | None = None) -> Gap | None:
    found = gaps([client_id], today)
    return found[client_id].gap if client_id in found else None


def _overdue_query(today: date):
    """Active clients past their cadence, worst first, as a query of `_Overdue`'s columns.
    The engine works out days-since and the cadence (the client's own, else its tier's
    default from settings), keeps only the overdue (and those never contacted since their
    handover) and orders them, so Python touches only the rows it keeps.  Days-since has
    the same meaning as in `gaps`: the local date of the last contact (SQLite's localtime
    is the C localtime Python uses), else the handover date, else the local creation date.

    The order is whole and the same on both engines: most days over
    (`_Overdue.days_over`, worked out here), then tier, then the name's folded key
    (`Client.name_key`, unique), both compared by code point as Python does (SQLite's
    BINARY, PostgreSQL's "C" collation)."""
    settings = get_settings()
    # One step, a subquery with OFFSET 0, works out each client's days-since and cadence:
    # neither engine folds it into the query that filters and orders by them, so the
    # local dates are worked out once per client (folded, each clause naming them would
    # repeat them); SQLite runs it as a co-routine, row by row.  It reads the join itself
    # (a step of its own for the join copied every column once more: 70 -> 50 ms at
    # 20,000 clients).  The last contact is the stored one (`with_last_contact`), not a
    # MAX seek into each client's interactions.
    stamp = ClientContact.last_contact
    since = fn.COALESCE(
        sql.local_date(stamp),
        sql.as_date(Client.handed_over_on),
        sql.local_date(Client.created_at),
    )
    tier_default = Case(
        Client.tier,
        [(tier, int(days)) for tier, days in sorted(settings.cadence_days.items())],
        settings.cadence_for(""),
    )
    gap = (
        with_last_contact(Client.select(
            Client.id,
            Client.name,
            Client.name_key,
            Client.tier,
            sql.days_from(since, today).alias("days_since"),
            Case(None, [(Client.cadence_days != 0, Client.cadence_days)], tier_default).alias(
                "cadence"
            ),
            stamp.alias("stamp"),
            Client.handed_over_on,
            Client.created_at,
        ))
        .where(Client.archived == False, Client.status != "churned")  # noqa: E712
        .offset(0)
        .alias("gap")
    )
    never = gap.c.stamp.is_null()
    # never contacted: every day since the handover is a day over (the first call was due)
    since_days = Case(None, [(gap.c.days_since > 0, gap.c.days_since)], 0)
    days_over = since_days - Case(None, [(never, 0)], gap.c.cadence)
    return (
        Select(
            [gap],
            [
                gap.c.id,
                gap.c.name,
                gap.c.tier,
                gap.c.days_since,
                gap.c.cadence.alias("cadence_days"),
                gap.c.stamp,
                gap.c.handed_over_on,
                # the rows kept only: a local date costs as much as the rest of a row
                sql.local_date(gap.c.created_at).alias("entered_on"),
            ],
        )
        # a handover date still to come owes nothing yet; an entry "after" a frozen today
        # (AMTUI_TODAY in a demo) still does
        .where(
            (gap.c.days_since > gap.c.cadence)
            | (never & (gap.c.handed_over_on.is_null() | (gap.c.days_since >= 0)))
        )
        .order_by(days_over.desc(), _by_code_point(gap.c.tier), _by_code_point(gap.c.name_key),
                  gap.c.id)
        .bind(database)
    )


def _by_code_point(column):
    """A text column compared by code point, as Python compares str (SQLite's default)."""
    return NodeList((column, SQL('COLLATE "C"'))) if sql.on_postgres() else column


class _Overdue(NamedTuple):
    """One row of _overdue_query, built by keyword from the column names its SELECT gives."""

    id: int
    name: str
    tier: str
    days_since: int
    cadence_days: int
    stamp: str | None
    handed_over_on: str | None
    entered_on: str | None

    @property
    def days_over(self) -> int:
        since = max(0, self.days_since)
        return since if self.stamp is None else since - self.cadence_days


def _cadence_row(raw: _Overdue) -> CadenceRow:
    return CadenceRow(
        raw.id,
        raw.name,
        raw.tier,
        max(0, raw.days_since),
        raw.cadence_days,
        raw.days_over,
        parse_stamp(raw.stamp) if raw.stamp else None,
        handed_over_on=parse_day(raw.handed_over_on),
        entered_on=parse_day(raw.entered_on),
    )


def overdue_contacts(today: date | None = None) -> list[CadenceRow]:
    """Active clients past their cadence, worst first (most days over, then tier A first,
    then by name)."""
    return overdue_list(today).rows()


# rows fetched from `overdue_list`'s query at a time: the first page needs the first batch only
_FETCH = 500


class OverdueList:
    """`overdue_contacts` read once (one query: `overdue_list`), its rows made as they are
    asked for: the Today screen's first page at the start, then every client's id in
    order, the widest texts and a page wherever the list is scrolled, all from that read.
    (A second read of the order after the first page cost as much as the first: 50-100 ms
    at 20,000 clients.)

    The query's rows are fetched only as far as asked: the first page as soon as the
    engine has ordered the list, the rest from the same query when first needed (at the
    start, the whole agenda, once the first rows are on screen: turning 8,000 rows into
    Python's costs 25 ms there).  So the rest is fetched in the thread that ran the query
    (its connection), and sees the book as the first page did; until it is fetched, that
    connection's other reads see the book as it was too (SQLite keeps the statement's
    read open), so a caller fetches it before reading what must be current."""

    def __init__(self, rows: Iterator[_Overdue], today: date):
        self.today = today
        self._rows = rows  # the query's rows not fetched yet
        self._raw: list[_Overdue] = []  # the rows fetched, in order

    def _fetched(self, limit: int | None = None) -> list[_Overdue]:
        """The first `limit` rows (all when None), fetched as far as needed."""
        wanted = None if limit is None else limit - len(self._raw)
        if wanted is None or wanted > 0:
            self._raw.extend(islice(self._rows, wanted))
        return self._raw if limit is None else self._raw[:limit]

    def __len__(self) -> int:
        return len(self._fetched())

    def rows(self, limit: int | None = None) -> list[CadenceRow]:
        """The first `limit` rows (all by default), in order."""
        return [_cadence_row(raw) for raw in self._fetched(limit)]

    def by_id(self, client_ids: list[int]) -> list[CadenceRow]:
        """These clients' rows (a page of the Today list), in the order given; a client not
        in the list is left out."""
        at = self._by_client
        return [_cadence_row(at[c]) for c in client_ids if c in at]

    @cached_property
    def _by_client(self) -> dict[int, _Overdue]:
        return {r.id: r for r in self._fetched()}

    @cached_property
    def ids(self) -> list[int]:
        """Every client's id, worst first."""
        return [r.id for r in self._fetched()]

    @cached_property
    def widest(self) -> dict[str, int]:
        """The longest client name and tier (for sizing columns)."""
        raw = self._fetched()
        return {"client": max((len(r.name) for r in raw), default=0),
                "tier": max((len(r.tier) for r in raw), default=0)}

    @cached_property
    def samples(self) -> list[int]:
        """Never-contacted clients whose "since" day reads longest (`dates_fmt.day`), one
        handed over and one added: with the first page they size the Last contact column."""
        today = self.today
        length_of = Made(lambda days: len(dates_fmt.day(today - timedelta(days=days), today)))
        longest: dict[bool, tuple[int, int]] = {}  # handed over? -> (text length, client id)
        for r in self._fetched():
            if r.stamp is None:
                length = length_of[r.days_since]
                handed = r.handed_over_on is not None
                if length > longest.get(handed, (-1, 0))[0]:
                    longest[handed] = (length, r.id)
        return [client for _length, client in longest.values()]


def overdue_list(today: date | None = None) -> OverdueList:
    """Every active client past its cadence, worst first, from one query (`_overdue_query`),
    its rows fetched as they are asked for (`OverdueList`)."""
    today = today or clock.today()
    return OverdueList(named_rows(_overdue_query(today), batch=_FETCH, into=_Overdue), today)
