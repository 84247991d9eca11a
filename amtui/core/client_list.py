"""The client list: one page of clients at a time, filtered and sorted in SQL.

A book can hold thousands of clients, so the list never loads them all: every column
but health is a correlated subquery over an indexed foreign key (the last contact: the
stored one, joined), sorted and paged by
SQLite (LIMIT/OFFSET).  Health is computed in Python (health.health_for, in bulk), so
the health sort scores every matching client, sorts the ids, then pages.  A page whose
scores are not kept takes its next follow-up and open issues from health's own reads
(`health.read_health`), reading each column only to sort by it; a list longer than a
page (`clients --json`) sorts its ids alone and reads the rows unsorted.

The screen's virtual list asks for `client_ids` once (the order of the whole match, one
query of integers) and then `client_rows` for each page of those ids as the rep scrolls:
pages stay put while the book changes underneath, and the selected client is found again
by id after a reload or a new sort.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from peewee import SQL, fn

from amtui.core import cadence, clock, health, sql
from amtui.core.interactions import MAX_IN_LIST, named_rows, parse_day, unpacked_rows
from amtui.core.made import Made
from amtui.models import (
    Client,
    ClientContact,
    Contact,
    FollowUp,
    Opportunity,
    ServiceIssue,
    column_values,
    from_cents,
)

# the columns a list can be sorted by, and each one's natural direction (descending?)
# when the rep first picks it: the screen and the CLI both start from these
NATURAL_DESCENDING = {
    "name": False,
    "tier": False,
    "industry": False,
    "health": False,  # worst first: who needs attention
    "last_contact": True,  # longest silence first
    "next_follow_up": False,  # soonest first
    "open_pipeline": True,  # biggest first
    "open_issues": True,  # most first
}
SORTS = tuple(NATURAL_DESCENDING)


class ClientRow(NamedTuple):
    """One row of the list (a named tuple: `clients --json` makes one per client)."""

    id: int
    name: str
    tier: str
    industry: str
    status: str
    archived: bool
    health: int  # 0-100
    band: str  # "green" | "yellow" | "red" (health.band_label for people)
    last_contact: datetime | None  # aware UTC; None: never contacted
    days_since_contact: int | None  # None: never contacted
    cadence_days: int
    past_cadence: bool
    next_follow_up: date | None  # the earliest open follow-up
    open_pipeline: Decimal  # open deals, unweighted
    open_issues: int


# --- the columns, as correlated subqueries (the last contact: a joined column) ------------------------------------------------
def _last_contact():
    # the stored last contact (schema version 6): the query is joined with it
    # (`cadence.with_last_contact`), no MAX over the client's interactions
    return ClientContact.last_contact


def _next_follow_up():
    return FollowUp.select(fn.MIN(FollowUp.due_on)).where(
        FollowUp.client == Client.id, health.open_follow_up()
    )


def _open_pipeline():
    # SUM over integer cents: exact
    return Opportunity.select(fn.COALESCE(fn.SUM(Opportunity.amount), 0)).where(
        Opportunity.client == Client.id, Opportunity.status == "open"
    )


def _open_issues():
    return ServiceIssue.select(fn.COUNT(ServiceIssue.id)).where(
        ServiceIssue.client == Client.id, health.open_issue()
    )


def _matching(text: str, include_archived: bool):
    """Clients whose name, industry or a contact's name holds every word typed."""
    query = Client.select()
    if not include_archived:
        query = query.where(Client.archived == False)  # noqa: E712
    for word in text.casefold().split():
        contact_named = Contact.select(SQL("1")).where(
            Contact.client == Client.id, sql.position(fn.lower(Contact.name), word) > 0
        )
        query = query.where(
            (sql.position(Client.name_key, word) > 0)
            | (sql.position(fn.lower(Client.industry), word) > 0)
            | fn.EXISTS(contact_named)
        )
    return query


def client_count(text: str = "", include_archived: bool = False) -> int:
    return _matching(text, include_archived).count()


def _order(sort: str, descending: bool) -> list:
    """ORDER BY for a sort column; the tie-break is always the name."""
    tie = [Client.name_key, Client.id]
    if sort == "name":
        return [Client.name_key.desc() if descending else Client.name_key, Client.id]
    if sort == "tier":
        return [Client.tier.desc() if descending else Client.tier, *tie]
    if sort == "industry":
        key = fn.lower(Client.industry)
        return [key.desc() if descending else key, *tie]
    if sort == "last_contact":
        # by days since contact: ascending = most recent first; never contacted counts
        # as the longest gap, so it comes last (first when reversed)
        last = SQL("last_contact")
        return [last.asc(nulls="FIRST") if descending else last.desc(nulls="LAST"), *tie]
    if sort == "next_follow_up":
        due = SQL("next_follow_up")
        return [due.desc(nulls="LAST") if descending else due.asc(nulls="LAST"), *tie]
    if sort in ("open_pipeline", "open_issues"):
        column = SQL(sort)
        return [column.desc() if descending else column.asc(), *tie]
    raise ValueError(f"unknown sort {sort!r}; sorts are {', '.join(SORTS)}")


_FROM_HEALTH = ("next_follow_up", "open_issues")  # columns health's reads also give


def _columns(query, *, last_contact: bool = True, gaps: bool = False, sort: str | None = None):
    """The list's columns; the last contact only to sort by it (the rows take it from the
    contact gaps, which read the same MAX(happened_at)); with `gaps`, the columns the
    contact gaps are worked out from (`cadence.gap_columns`), so a list whose scores are
    not kept reads its clients once, not once for the rows and again for the gaps.  Both
    read the stored last contact, joined once (`cadence.with_last_contact`).  With
    `gaps`, the next follow-up and the open issues come from health's own reads of them
    (`health.read_health`), so each is read only to sort by it (`sort`)."""
    counted = [name for name in _FROM_HEALTH if not gaps or name == sort]
    if last_contact or gaps:
        query = cadence.with_last_contact(query)
    return query.select(
        Client.id,
        Client.name,
        Client.tier,
        Client.industry,
        Client.status,
        Client.archived,
        *([_last_contact().alias("last_contact")] if last_contact else []),
        *(cadence.gap_columns() if gaps else []),
        _open_pipeline().alias("open_pipeline"),
        *(_COMPUTED[name]().alias(name) for name in counted),
    )


def client_page(
    text: str = "",
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
    include_archived: bool = False,
    today: date | None = None,
) -> list[ClientRow]:
    """One page of the client list, filtered by `text` and sorted by `sort`."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; sorts are {', '.join(SORTS)}")
    today = today or clock.today()
    if sort == "health":
        # score the match once: the order and the page's rows share the scores
        scores = _scores_for(text, include_archived, today)
        order = health_order(
            text, descending=descending, include_archived=include_archived, today=today, scores=scores
        )
        return client_rows(order[offset : offset + limit], today, scores=scores)
    kept = health.cached_book_scores(today)
    if kept is None and limit > MAX_IN_LIST:
        # more than a page (`clients --json`): the engine sorts the ids alone and the rows
        # are read unsorted, then put in that order.  Sorted whole, the rows outgrew
        # SQLite's page cache and the sort spilled to a temporary file (60-90 ms of the
        # list's 200 at 20,000 clients; the ids alone sort in memory)
        if sort == "name" and not text.split():
            # every client by name, the archived too, from the name index alone (the
            # archived filter made the engine look each client up and sort them all:
            # half the ids' cost); the rows' read leaves the archived out
            order = column_values(Client.select(Client.id).order_by(*_order(sort, descending)))
        else:
            order = client_ids(text, sort=sort, descending=descending, include_archived=include_archived,
                               today=today)
        # the ids hold the match: the rows' read filters no words again (a scan of every
        # client's and contact's names), only the archived
        columns = _columns(_matching("", include_archived), last_contact=False, gaps=True)
        if len(order) <= MAX_IN_LIST:
            columns = columns.where(Client.id.in_(order))
        by_id = {row.id: row for row in named_rows(columns)}
        rows = [by_id[cid] for cid in order if cid in by_id][offset : offset + limit]
    else:
        columns = _columns(_matching(text, include_archived), last_contact=sort == "last_contact",
                           gaps=kept is None, sort=sort)
        rows = list(named_rows(columns.order_by(*_order(sort, descending)).offset(offset).limit(limit)))
    if kept is not None:
        return _rows(rows, today, kept)
    # the gaps from the rows' own columns, and health from those gaps and its reads, which
    # give the rows' next follow-up and open issues too
    contact_gaps = cadence.gaps_from_rows(rows, today)
    ids = None if len(rows) > MAX_IN_LIST else [row.id for row in rows]  # past the IN limit: all
    reads = health.read_health(ids, today)
    scores = health.BookScores(health.health_for(ids, today, contact_gaps=contact_gaps, reads=reads),
                               contact_gaps)
    return _rows(rows, today, scores, reads)


_COMPUTED = {  # sorts on a computed column: the ids query selects just that column
    "last_contact": _last_contact,
    "next_follow_up": _next_follow_up,
    "open_pipeline": _open_pipeline,
    "open_issues": _open_issues,
}


def widest_texts(text: str = "", include_archived: bool = False) -> dict[str, int]:
    """The longest name and industry among the clients matching `text` (one query): the
    list sizes its text columns to them, so no page ever needs them wider."""
    name, industry = _matching(text, include_archived).select(
        fn.MAX(fn.LENGTH(Client.name)), fn.MAX(fn.LENGTH(Client.industry))).scalar(as_tuple=True)
    return {"name": (name or 0) + (len(" (archived)") if include_archived else 0), "industry": industry or 0}


def client_statuses(include_archived: bool = False) -> dict[int, str]:
    """Each listed client's status by id (the clients `health_order` and `client_ids` list
    when nothing is typed): what counting clients by status needs, without their rows."""
    query = _matching("", include_archived).select(Client.id, Client.status)
    return {c.id: c.status for c in query.namedtuples().iterator()}


def client_ids(
    text: str = "",
    *,
    sort: str = "name",
    descending: bool = False,
    include_archived: bool = False,
    today: date | None = None,
) -> list[int]:
    """The ids of every client matching `text`, in the list's order (`client_page`'s):
    what a screen pages through with `client_rows`."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; sorts are {', '.join(SORTS)}")
    if sort == "health":
        return health_order(text, descending=descending, include_archived=include_archived, today=today)
    extra = [_COMPUTED[sort]().alias(sort)] if sort in _COMPUTED else []
    query = _matching(text, include_archived)
    if sort == "last_contact":
        query = cadence.with_last_contact(query)
    query = query.select(Client.id, *extra).order_by(*_order(sort, descending))
    # read raw (no row object per client), the sort column checked by name and left
    return [cid for cid, *_sorted_by in unpacked_rows(query, "id", *([sort] if extra else []))]


def health_order(
    text: str = "",
    *,
    descending: bool = False,
    include_archived: bool = False,
    today: date | None = None,
    scores: health.BookScores | None = None,
) -> list[int]:
    """The ids of every matching client, worst health first (best first if descending).

    Scores the whole match (about 0.2 s for 5,000 clients), so a screen paging through
    the health sort keeps this list and asks `client_rows` for each page: the pages
    then stay stable while the rep scrolls."""
    today = today or clock.today()
    names = dict(_matching(text, include_archived).select(Client.id, Client.name_key).tuples().iterator())
    # the caller's scores cover at least these clients
    by_id = (scores or _scores_for(text, include_archived, today)).health
    ids = sorted(names, key=lambda cid: (by_id[cid].score, names[cid], cid))
    if descending:
        ids.sort(key=lambda cid: (-by_id[cid].score, names[cid], cid))
    return ids


def _scores_for(text: str, include_archived: bool, today: date) -> health.BookScores:
    """Scores covering every client matching: the whole book's (kept while the book is
    unchanged, so sorting by health again is only a sort), or just the match's when a
    filter narrows it and nothing is kept."""
    cached = health.cached_book_scores(today)
    if cached is not None or not text.strip():
        return cached or health.score_book(None, today)
    ids = column_values(_matching(text, include_archived).select(Client.id))
    return health.score_book(ids, today)


def client_rows(
    ids: list[int], today: date | None = None, *, scores: health.BookScores | None = None
) -> list[ClientRow]:
    """The rows of the clients given, in the order given (unknown ids are skipped).

    `scores` (from `health.score_book`, same day, covering these ids) saves scoring them
    again when the caller already has."""
    if not ids:
        return []
    today = today or clock.today()
    query = _columns(Client.select(), last_contact=False)
    if len(ids) <= MAX_IN_LIST:
        query = query.where(Client.id.in_(list(ids)))
    by_id = {row.id: row for row in named_rows(query)}
    return _rows([by_id[cid] for cid in ids if cid in by_id], today, scores)


def _rows(rows: list, today: date, scores: health.BookScores | None = None,
          reads: health.HealthReads | None = None) -> list[ClientRow]:
    """ClientRows from the raw rows of `_columns` (named_rows: no converter per value);
    with `reads` (health's, covering these rows), the next follow-up and the open issues
    from those, else from the rows' own columns."""
    if scores is None:
        ids = [row.id for row in rows]
        scores = health.cached_book_scores(today) or health.score_book(
            None if len(ids) > MAX_IN_LIST else ids, today  # past the IN limit: all the same
        )
    gaps, health_of = scores.gaps, scores.health
    # one tight pass (a career's book lists 20,000): rows built positionally, in
    # ClientRow's field order (`_new_row`); a due day parsed once per distinct day
    days = Made(parse_day)  # a due day as read (SQLite: text) -> the date
    money = Made(from_cents)  # cents -> Decimal, each sum made once
    money[0] = _NO_MONEY
    if reads is not None:
        next_due, open_issues = reads.next_follow_up.get, reads.issues.get
    out = []
    for row in rows:
        cid = row.id
        gap = gaps[cid].gap
        # the gap already holds the parsed last contact (the same MAX(happened_at))
        last = gap.last_contact
        if reads is None:
            due, issues = row.next_follow_up, row.open_issues or 0
        else:  # health's reads: its open issues (`HealthReads.open_issues`), its next follow-up
            due, issues = next_due(cid), len(open_issues(cid, ()))
        if due is not None:
            due = days[due]
        score, band, _reasons = health_of[cid]
        out.append(_new_row(ClientRow, (
            cid, row.name, row.tier, row.industry, row.status, bool(row.archived),
            score, band, last, None if last is None else gap.days_since,
            gap.cadence_days, gap.is_due, due,
            money[row.open_pipeline or 0],
            issues,
        )))
    return out


_NO_MONEY = from_cents(0)
# a ClientRow from its fields in order, without the named tuple's Python __new__ (a
# call with 15 arguments per row); `_rows` gives every field, so the row is the same
_new_row = tuple.__new__
