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
  All open issues together take at most -50.
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
from typing import NamedTuple

from peewee import fn

from amtui.core import clock
from amtui.core.cadence import ClientGap, gaps, never_contacted_text
from amtui.core.change_token import change_token
from amtui.core.errors import NotFound
from amtui.core.interactions import MAX_IN_LIST, named_rows, parse_day, parse_stamp
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


def _open_issues(client_ids, today):
    query = _restrict(
        ServiceIssue.select(
            ServiceIssue.client, ServiceIssue.severity, ServiceIssue.opened_at
        ).where(ServiceIssue.status != "resolved"),
        ServiceIssue.client,
        client_ids,
    )
    out = defaultdict(list)
    for row in named_rows(query):
        opened = clock.local(parse_stamp(row.opened_at)).date()
        out[row.client_id].append((row.severity, max(0, (today - opened).days)))
    return out


def _overdue_counts(model, client_column, where, due_column, client_ids):
    query = _restrict(
        model.select(client_column.alias("client_id"), fn.COUNT(model.id).alias("n"),
                     fn.MIN(due_column).alias("oldest"))
        .where(*where)
        .group_by(client_column),
        client_column,
        client_ids,
    )
    return {r.client_id: (r.n, parse_day(r.oldest)) for r in named_rows(query)}


def _won(client_ids, today):
    query = _restrict(
        Opportunity.select(Opportunity.client, fn.COUNT(Opportunity.id).alias("n"),
                           fn.SUM(Opportunity.amount).alias("total"))
        .where(Opportunity.status == "won", Opportunity.closed_on > today - timedelta(days=365))
        .group_by(Opportunity.client),
        Opportunity.client,
        client_ids,
    )
    # SUM over the cents column comes back as raw cents
    return {r.client_id: (r.n, int(r.total or 0)) for r in named_rows(query)}


def _renewals(client_ids, today):
    horizon = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    return next_renewals(client_ids, today, until=horizon)


def _issue_points(severity: str, age_days: int) -> int:
    base = SEVERITY_POINTS.get(severity, SEVERITY_POINTS["medium"])
    return min(2 * base, base + ISSUE_AGE_POINTS * (age_days // ISSUE_AGE_STEP_DAYS))


def _reason_order(reason: Reason) -> tuple[bool, int]:
    return (reason.points >= 0, reason.points if reason.points < 0 else -reason.points)


def _score(reasons: list[Reason]) -> Health:
    if len(reasons) > 1:
        reasons.sort(key=_reason_order)  # falls first, the biggest first; then rises
    score = max(0, min(100, BASE + sum(r.points for r in reasons)))
    return Health(score, band_for(score), reasons)


def health_for(
    client_ids: list[int] | None = None,
    today: date | None = None,
    *,
    contact_gaps: dict[int, ClientGap] | None = None,
) -> dict[int, Health]:
    """client id -> Health for the given clients (None: every client in the book).

    A caller that already holds `cadence.gaps` for these clients (same day) passes them
    as `contact_gaps`, so a request works the gaps out once."""
    today = today or clock.today()
    if client_ids is not None:
        client_ids = list(client_ids)
        if not client_ids:
            return {}
    currency = get_settings().currency
    if contact_gaps is None:
        contact_gaps = gaps(client_ids, today)
    elif client_ids is not None:
        wanted = set(client_ids)
        contact_gaps = {cid: g for cid, g in contact_gaps.items() if cid in wanted}
    issues = _open_issues(client_ids, today)
    follow_ups = _overdue_counts(
        FollowUp,
        FollowUp.client,
        (FollowUp.done_at.is_null(), FollowUp.due_on < today),
        FollowUp.due_on,
        client_ids,
    )
    commitments = _overdue_counts(
        Commitment,
        Commitment.client,
        (Commitment.status == "open", Commitment.due_on < today),
        Commitment.due_on,
        client_ids,
    )
    won = _won(client_ids, today)
    renewals = _renewals(client_ids, today)

    overdue_rules = (
        (follow_ups, FOLLOW_UP_POINTS, FOLLOW_UP_CAP, "follow-up"),
        (commitments, COMMITMENT_POINTS, COMMITMENT_CAP, "commitment"),
    )
    # most reasons repeat from client to client ("contacted 3 days ago", "12 days past the
    # 30-day cadence"): each is made once and shared, which saves time and, in the kept
    # scores of a 20,000-client book, memory
    shared: dict[tuple, Reason] = {}
    out: dict[int, Health] = {}
    for cid, found in contact_gaps.items():
        gap = found.gap
        reasons: list[Reason] = []
        contacted_days = (today - gap.last_contact_day).days if gap.last_contact_day else None
        if contacted_days is not None and contacted_days <= RECENT_CONTACT_DAYS:
            reason = shared.get(("contacted", contacted_days))
            if reason is None:
                when = "today" if contacted_days == 0 else f"{_days(contacted_days)} ago"
                reason = shared[("contacted", contacted_days)] = Reason(
                    RECENT_CONTACT_POINTS, f"contacted {when}")
            reasons.append(reason)
        if cid in won:
            n, total_cents = won[cid]
            amount = fmt_money(from_cents(total_cents), currency, decimals=False)
            points = WON_MANY_POINTS if n >= WON_MANY else WON_POINTS
            reasons.append(
                Reason(points, f"won {amount} in {_plural(n, 'deal')} in the last 12 months")
            )
        if gap.is_due:
            # what the reason's words depend on (_cadence_reason)
            key = ("cadence", gap.days_over, gap.cadence_days, gap.days_since,
                   gap.never_contacted, gap.handed_over_on is not None)
            reason = shared.get(key)
            if reason is None:
                points = min(CADENCE_CAP, CADENCE_START + gap.days_over)
                reason = shared[key] = Reason(-points, _cadence_reason(gap))
            reasons.append(reason)
        if cid in issues:
            budget = ISSUES_CAP
            for sev, age in sorted(issues[cid], key=lambda x: -_issue_points(*x)):
                take = min(_issue_points(sev, age), budget)
                if take <= 0:
                    break
                reasons.append(Reason(-take, f"{sev} issue open {_days(age)}"))
                budget -= take
        for overdue, points, cap, noun in overdue_rules:
            if cid in overdue:
                n, oldest = overdue[cid]
                late = (today - oldest).days if oldest else 0
                reason = shared.get((noun, n, late))
                if reason is None:
                    reason = shared[(noun, n, late)] = Reason(
                        -min(cap, points * n), f"{_plural(n, noun)} overdue (oldest {_days(late)})")
                reasons.append(reason)
        if cid in renewals and (contacted_days is None or contacted_days > RENEWAL_QUIET_DAYS):
            left = (renewals[cid] - today).days
            due = "today" if left == 0 else f"in {_days(left)}"
            reasons.append(
                Reason(-RENEWAL_POINTS, f"renewal {due}, no contact in {RENEWAL_QUIET_DAYS} days")
            )
        out[cid] = _score(reasons)
    return out


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
