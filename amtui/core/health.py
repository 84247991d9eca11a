"""The health score: one number per client, 0-100, with the reasons that made it.

Every screen, command and report that shows health calls `health_for` (or
`client_health`, the same rules for one client).  The rules, in the rep's words, are in
`RULES_TEXT` below; the reports' Definitions sheet quotes it, so keep the two in step.

A client starts at 70 (green: nothing to worry about, nothing to celebrate).

Rises
- +10 contacted in the last 14 days.
- +10 business won in the last 12 months (+15 for three or more deals won).

Falls
- Past the contact cadence: -5, and -1 more for each day past it, at most -30.  A client
  never contacted is past it from its handover (else the day it entered the book).
- Each open service issue: low -5, medium -10, high -15, critical -25, and a further
  -5 for every full 14 days it has been open, at most twice its severity's points.
  All open issues together take at most -50: each issue's reason shows its own points
  and one more reason gives back what the cap spares, so the reasons add up to the score.
- Overdue follow-ups: -5 each, at most -15.
- Overdue open commitments: -10 each, at most -20.
- A renewal (the client's renewal date, or an active product's end date) within 60
  days with no contact in the last 30 days: -15.

The score is clamped to 0-100.  Bands: green 70 and up, yellow 40-69, red under 40.

`health_for` reads the book in a handful of GROUP BY queries whatever the number of
clients (5,000 clients: well under half a second), so the client list can call it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from operator import attrgetter
from typing import NamedTuple

from peewee import Case, fn

from amtui.core import clock, dates_fmt, sql
from amtui.core.cadence import ClientGap, gaps, never_contacted_text
from amtui.core.change_token import change_token
from amtui.core.errors import NotFound
from amtui.core.interactions import FEW_CLIENTS, MAX_IN_LIST, parse_day, unpacked_rows
from amtui.core.made import Made
from amtui.core.money import fmt_money
from amtui.core.renewals import next_renewals
from amtui.core.settings import get_settings
from amtui.models import (
    Commitment,
    FollowUp,
    Opportunity,
    ServiceIssue,
    database,
    from_cents,
)

BASE = 70
RECENT_CONTACT_DAYS, RECENT_CONTACT_POINTS = 14, 10
WON_POINTS, WON_MANY_POINTS, WON_MANY = 10, 15, 3
CADENCE_START, CADENCE_CAP = 5, 30
SEVERITY_POINTS = {"low": 5, "medium": 10, "high": 15, "critical": 25}
ISSUE_AGE_STEP_DAYS, ISSUE_AGE_POINTS, ISSUES_CAP = 14, 5, 50
FOLLOW_UP_POINTS, FOLLOW_UP_CAP = 5, 15
COMMITMENT_POINTS, COMMITMENT_CAP = 10, 20
RENEWAL_WINDOW_DAYS, RENEWAL_QUIET_DAYS, RENEWAL_POINTS = 60, 30, 15
GREEN, YELLOW = 70, 40

RULES_TEXT = (
    "Health is a score from 0 to 100 for each client; every client starts at 70. "
    "It rises by 10 for contact in the last 14 days, and by 10 for business won in the "
    "last 12 months (15 for three or more deals). "
    "It falls by 5 once the client is past its contact cadence, plus 1 for each day past "
    "it (at most 30); a client never contacted is past it from the day it was handed over; "
    "for each open service issue by 5 (low), 10 (medium), 15 (high) or "
    "25 (critical), plus 5 for every 14 days it has been open (at most twice that, and "
    "50 for all issues together); by 5 for each overdue follow-up (at most 15); by 10 for "
    "each overdue commitment (at most 20); and by 15 when a renewal falls in the next 60 "
    "days and nobody has been contacted in the last 30. "
    "Green is 70 and up, yellow 40 to 69, red below 40."
)


class Reason(NamedTuple):
    points: int  # negative lowers the score
    text: str

    def __str__(self) -> str:
        sign = "+" if self.points > 0 else "\u2212" if self.points < 0 else "\u00b1"
        return f"{sign}{abs(self.points)} {self.text}"


class Health(NamedTuple):
    """A client's score, band and reasons.  A named tuple, not a dataclass: the whole
    book's are built at once (20,000 in a career's book) and kept while it is unchanged."""

    score: int
    band: str  # "green" | "yellow" | "red"
    reasons: list[Reason] | tuple[Reason, ...] = ()

    @property
    def label(self) -> str:
        return band_label(self.band)


def band_for(score: int) -> str:
    if score >= GREEN:
        return "green"
    return "yellow" if score >= YELLOW else "red"


def band_label(band: str) -> str:
    """A band as people read it ("Green"), on screens, in commands and in workbooks;
    the data keeps the lowercase band."""
    return band.capitalize()


def at_risk(band: str, status: str) -> bool:
    """A client at risk: in the red band, or marked at risk by the rep."""
    return band == "red" or status == "at risk"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _days(n: int) -> str:
    return _plural(n, "day")


def _cadence_reason(gap) -> str:
    if not gap.never_contacted:
        return f"{_days(gap.days_over)} past the {gap.cadence_days}-day cadence"
    return never_contacted_text(gap)


def _restrict(query, column, client_ids):
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        return query.where(column.in_(list(client_ids)))
    return query


def open_issue():
    """The condition of an open service issue: what health scores and the client list
    counts (one condition for both)."""
    return ServiceIssue.status != "resolved"


def open_follow_up():
    """The condition of an open follow-up: health's overdue ones and the client list's
    next one are among these."""
    return FollowUp.done_at.is_null()


def _open_issues(client_ids, today):
    """client id -> ((severity, days open), ...) of its open issues.  The local day each
    was opened comes from the engine (`sql.local_date`, as the contact gaps' days do), and
    its age is worked out once per day."""
    query = _restrict(
        ServiceIssue.select(
            ServiceIssue.client, ServiceIssue.severity,
            sql.local_date(ServiceIssue.opened_at).alias("opened_day"),
        ).where(open_issue()),
        ServiceIssue.client,
        client_ids,
    )
    ages = Made(lambda day: max(0, (today - parse_day(day)).days))  # the opened day as read -> days open
    out: dict[int, list] = defaultdict(list)
    for client_id, severity, opened_day in unpacked_rows(query, "client_id", "severity", "opened_day"):
        out[client_id].append((severity, ages[opened_day]))
    return {cid: tuple(found) for cid, found in out.items()}


def _follow_ups(client_ids, today):
    """(client id -> (overdue, days late of the oldest), client id -> the day its first
    open follow-up is due, as read) from one grouped read of the open follow-ups: the
    oldest overdue one is the first open one whenever any is overdue."""
    overdue_id = Case(None, [(FollowUp.due_on < today, FollowUp.id)])
    query = _restrict(
        FollowUp.select(FollowUp.client, fn.COUNT(overdue_id).alias("n"), fn.MIN(FollowUp.due_on).alias("first"))
        .where(open_follow_up())
        .group_by(FollowUp.client),
        FollowUp.client,
        client_ids,
    )
    late = Made(lambda text: (today - parse_day(text)).days)  # the first due day -> days late
    overdue, first = {}, {}
    for client_id, n, due in unpacked_rows(query, "client_id", "n", "first"):
        first[client_id] = due
        if n:
            overdue[client_id] = (n, late[due])
    return overdue, first


def _overdue_counts(model, client_column, where, due_column, client_ids, today):
    """client id -> (overdue, days late of the oldest), each due day's lateness worked
    out once."""
    query = _restrict(
        model.select(client_column.alias("client_id"), fn.COUNT(model.id).alias("n"),
                     fn.MIN(due_column).alias("oldest"))
        .where(*where)
        .group_by(client_column),
        client_column,
        client_ids,
    )
    late = Made(lambda text: (today - parse_day(text)).days if text else 0)  # the oldest due day -> days late
    return {client_id: (n, late[oldest])
            for client_id, n, oldest in unpacked_rows(query, "client_id", "n", "oldest")}


def _won(client_ids, today):
    """client id -> (deals won in the last 12 months, their total in cents)."""
    since = today - timedelta(days=365)
    if client_ids is not None and len(client_ids) <= FEW_CLIENTS:
        # a few clients (a client's record, a brief): their own deals by the client index,
        # the recent wins counted and summed in SQL (results.won_by_client does the same).
        # Filtered on status and won date, SQLite takes the won-date index and visits
        # every deal won in the year (2-20 ms at 20,000 clients)
        won = (Opportunity.status == "won") & (Opportunity.closed_on > since)
        query = (
            Opportunity.select(Opportunity.client,
                               fn.COUNT(Case(None, [(won, Opportunity.id)])).alias("n"),
                               fn.SUM(Case(None, [(won, Opportunity.amount)])).alias("total"))
            .where(Opportunity.client.in_(list(client_ids)))
            .group_by(Opportunity.client)
        )
    else:
        query = _restrict(
            Opportunity.select(Opportunity.client, fn.COUNT(Opportunity.id).alias("n"),
                               fn.SUM(Opportunity.amount).alias("total"))
            .where(Opportunity.status == "won", Opportunity.closed_on > since)
            .group_by(Opportunity.client),
            Opportunity.client,
            client_ids,
        )
    # SUM over the cents column comes back as raw cents
    return {client_id: (n, int(total or 0))
            for client_id, n, total in unpacked_rows(query, "client_id", "n", "total") if n}


def _renewals(client_ids, today):
    horizon = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    return next_renewals(client_ids, today, until=horizon)


_POINTS = attrgetter("points")


def _issue_points(severity: str, age_days: int) -> int:
    base = SEVERITY_POINTS.get(severity, SEVERITY_POINTS["medium"])
    return min(2 * base, base + ISSUE_AGE_POINTS * (age_days // ISSUE_AGE_STEP_DAYS))


def _issue_text(severity: str, age_days: int) -> str:
    return f"{severity} issue {dates_fmt.open_for(age_days)}"


def _issue_reasons(issues) -> tuple[tuple[Reason, ...], Reason | None]:
    """One client's open issues' reasons, the costliest first, each with its own points,
    and past the cap for all issues together the reason that gives back what the cap
    spares ("+25 open issues together capped at -50", a rise), else None: the rep sees
    every issue's weight and the reasons still add up to the score."""
    falls = tuple(Reason(-_issue_points(sev, age), _issue_text(sev, age))
                  for sev, age in sorted(issues, key=lambda x: -_issue_points(*x)))
    total = -sum(map(_POINTS, falls))
    if total <= ISSUES_CAP:
        return falls, None
    return falls, Reason(total - ISSUES_CAP, f"open issues together capped at \u2212{ISSUES_CAP}")


def _overdue(found: tuple[int, int], points: int, cap: int, noun: str) -> Reason:
    n, late = found
    return Reason(-min(cap, points * n), f"{_plural(n, noun)} overdue (oldest {_days(late)})")


_BANDS = [band_for(score) for score in range(101)]  # score -> band, worked out once
_new_health = tuple.__new__  # Health from a tuple, without namedtuple's Python __new__


def _score(falls: list[Reason], rises: list[Reason]) -> Health:
    """The Health of a client with these falls and rises (each in the rules' order, the
    lists then kept by the Health): the falls first, the biggest first, then the rises,
    the biggest first (equal ones in the rules' order: both sorts are stable)."""
    if len(falls) > 1:
        falls.sort(key=_POINTS)
    if rises:
        if len(rises) > 1:
            rises.sort(key=_POINTS, reverse=True)
        falls += rises
    score = BASE + sum(map(_POINTS, falls))
    score = 0 if score < 0 else 100 if score > 100 else score
    return _new_health(Health, (score, _BANDS[score], falls))


class HealthReads(NamedTuple):
    """What health reads of the book for a set of clients on a day, by client id (the
    contact gaps aside): `read_health`.  A caller that shows some of it beside the scores
    (the client list: open issues, the next follow-up) takes it from here rather than
    reading it again."""

    issues: dict[int, tuple[tuple[str, int], ...]]  # open issues' (severity, days open)
    follow_ups: dict[int, tuple[int, int]]  # (overdue, days late of the oldest), overdue only
    next_follow_up: dict[int, object]  # the first open follow-up's due day as read (SQLite: text)
    commitments: dict[int, tuple[int, int]]  # (overdue, days late of the oldest)
    won: dict[int, tuple[int, int]]  # (won in the last 12 months, their total in cents)
    renewals: dict[int, date]  # the next renewal within the window

    def open_issues(self, client_id: int) -> int:
        """The client's open issues (`open_issue`), as health read them."""
        return len(self.issues.get(client_id, ()))


def read_health(client_ids: list[int] | None, today: date) -> HealthReads:
    """Health's reads of the book (besides the contact gaps) for these clients (None:
    every client), in a fixed handful of grouped queries."""
    follow_ups, next_follow_up = _follow_ups(client_ids, today)
    commitments = _overdue_counts(Commitment, Commitment.client,
                                  (Commitment.status == "open", Commitment.due_on < today),
                                  Commitment.due_on, client_ids, today)
    return HealthReads(_open_issues(client_ids, today), follow_ups, next_follow_up, commitments,
                       _won(client_ids, today), _renewals(client_ids, today))


def health_for(
    client_ids: list[int] | None = None,
    today: date | None = None,
    *,
    contact_gaps: dict[int, ClientGap] | None = None,
    reads: HealthReads | None = None,
) -> dict[int, Health]:
    """client id -> Health for the given clients (None: every client in the book).

    A caller that already holds `cadence.gaps` for these clients (same day) passes them
    as `contact_gaps`, so a request works the gaps out once; one that holds
    `read_health(client_ids, today)` passes it as `reads`.  A few clients (up to
    FEW_CLIENTS) are read by their own index seeks: one client's health reads in about a
    millisecond of SQL whatever the size of the book."""
    today = today or clock.today()
    if client_ids is not None:
        client_ids = list(client_ids)
        if not client_ids:
            return {}
    if contact_gaps is None:
        contact_gaps = gaps(client_ids, today)
    elif client_ids is not None:
        wanted = set(client_ids)
        contact_gaps = {cid: g for cid, g in contact_gaps.items() if cid in wanted}
    if reads is None:
        reads = read_health(client_ids, today)
    return _score_all(contact_gaps, today, get_settings().currency, reads.issues, reads.follow_ups,
                      reads.commitments, reads.won, reads.renewals)


_UNSEEN = object()


def _score_all(contact_gaps, today, currency, issues, follow_ups, commitments, won, renewals):
    """Health's rules applied to the clients' inputs, in one pass.

    Most reasons repeat from client to client ("contacted 3 days ago", "12 days past the
    30-day cadence", "1 follow-up overdue (oldest 4 days)"): each is made once, from what
    its words depend on, and shared.  A client then costs a few dictionary look-ups and
    its own Health (sharing one Health between clients with the same reasons was tried:
    at 20,000 clients three in four had reasons of their own, and looking the others up
    cost more than it saved)."""
    days_ago = Made(lambda day: (today - day).days)  # last contact day -> days since
    contacted = Made(_contacted_reason)
    won_reasons = Made(lambda wins: _won_reason(wins, currency))
    issue_reasons = Made(_issue_reasons)
    follow_up_reasons = Made(partial(_overdue, points=FOLLOW_UP_POINTS, cap=FOLLOW_UP_CAP, noun="follow-up"))
    commitment_reasons = Made(partial(_overdue, points=COMMITMENT_POINTS, cap=COMMITMENT_CAP, noun="commitment"))
    renewal_reasons = Made(_renewal_reason)
    cadence: dict[tuple, Reason | None] = {}  # None: within the cadence
    won_of, issues_of, follow_ups_of, commitments_of, renewal_of = (
        won.get, issues.get, follow_ups.get, commitments.get, renewals.get)
    score = _score  # the one rule turning reasons into a score (a local: 20,000 calls)
    out: dict[int, Health] = {}
    for cid, (_name, _tier, gap) in contact_gaps.items():
        # the gap's fields, named at once (Gap's order: an added field fails here)
        _id, days_since, cadence_days, _stamp, last, handed_over_on, _entered, ahead = gap
        rises: list[Reason] = []
        contacted_days = None if last is None else days_ago[last]
        if contacted_days is not None and contacted_days <= RECENT_CONTACT_DAYS:
            rises.append(contacted[contacted_days])
        wins = won_of(cid)
        if wins is not None:
            rises.append(won_reasons[wins])
        # what is_due, days_over and the reason's words depend on
        key = (days_since, cadence_days, last is None, ahead, handed_over_on is not None)
        reason = cadence.get(key, _UNSEEN)
        if reason is _UNSEEN:
            reason = cadence[key] = _cadence(gap)
        falls = [] if reason is None else [reason]
        found_issues = issues_of(cid)
        if found_issues is not None:
            issue_falls, capped = issue_reasons[found_issues]
            falls.extend(issue_falls)
            if capped is not None:
                rises.append(capped)
        overdue = follow_ups_of(cid)
        if overdue is not None:
            falls.append(follow_up_reasons[overdue])
        overdue = commitments_of(cid)
        if overdue is not None:
            falls.append(commitment_reasons[overdue])
        renewal = renewal_of(cid)
        if renewal is not None and (contacted_days is None or contacted_days > RENEWAL_QUIET_DAYS):
            falls.append(renewal_reasons[(renewal - today).days])
        out[cid] = score(falls, rises)
    return out


def _contacted_reason(days: int) -> Reason:
    when = "today" if days == 0 else f"{_days(days)} ago"
    return Reason(RECENT_CONTACT_POINTS, f"contacted {when}")


def _cadence(gap) -> Reason | None:
    if not gap.is_due:
        return None
    return Reason(-min(CADENCE_CAP, CADENCE_START + gap.days_over), _cadence_reason(gap))


def _won_reason(wins: tuple[int, int], currency: str) -> Reason:
    n, total_cents = wins
    amount = fmt_money(from_cents(total_cents), currency, decimals=False)
    points = WON_MANY_POINTS if n >= WON_MANY else WON_POINTS
    return Reason(points, f"won {amount} in {_plural(n, 'deal')} in the last 12 months")


def _renewal_reason(left: int) -> Reason:
    due = "today" if left == 0 else f"in {_days(left)}"
    return Reason(-RENEWAL_POINTS, f"renewal {due}, no contact in {RENEWAL_QUIET_DAYS} days")


@dataclass(frozen=True)
class BookScores:
    """Health and contact gaps of a set of clients on one day, worked out once per request
    and handed to everything in it that needs either (the status report, the client list)."""

    health: dict[int, Health]
    gaps: dict[int, ClientGap]


# The whole book's scores, kept while the book is unchanged (same change token and day):
# the health sort, its pages and the status report then score it once, not on every key
@dataclass(frozen=True)
class _KeptScores:
    """The whole book's scores, kept until the book changes or the day turns."""

    token: Hashable
    day: date
    scores: BookScores


_book_cache: _KeptScores | None = None


def score_book(client_ids: list[int] | None = None, today: date | None = None) -> BookScores:
    """Gaps from one query, then health from them (None: every client in the book)."""
    global _book_cache
    today = today or clock.today()
    token = None
    if client_ids is None:
        cached = cached_book_scores(today)
        if cached is not None:
            return cached
        # read before scoring: a write meanwhile makes the kept scores stale at once
        token = None if database.in_transaction() else change_token()
    contact_gaps = gaps(client_ids, today)
    scores = BookScores(health_for(client_ids, today, contact_gaps=contact_gaps), contact_gaps)
    if client_ids is None and token is not None:
        _book_cache = _KeptScores(token, today, scores)
    return scores


def cached_book_scores(today: date | None = None) -> BookScores | None:
    """The whole book's scores if they were worked out since the book last changed."""
    hit = _book_cache
    if hit is None or hit.day != (today or clock.today()) or database.in_transaction():
        return None  # inside a write transaction the token can't see its own changes
    return hit.scores if hit.token == change_token() else None


def client_health(client_id: int, today: date | None = None) -> Health:
    """One client's health, by the same rules (NotFound for an unknown client)."""
    found = health_for([client_id], today)
    if client_id not in found:
        raise NotFound(f"client: no client with id {client_id}")
    return found[client_id]
