"""The forecast walk of the changes since a date (`changes.changes_since`): each deal
taken from its start state to today's one attribute at a time, in a fixed order (status,
then category and probability, then close date, then amount), booking what each step did
to the figure under that step's name.  The steps of every deal telescope, so start +
steps = now, to the cent, by construction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from amtui.core.deal_states import NOT_COUNTED, DealSnap, Standing, standing
from amtui.core.money import ZERO
from amtui.core.periods import Period

# the walk's steps, in the order a forecast call reads them
STEPS = ("new", "upgraded", "downgraded", "pulled in", "pushed out", "lost", "won", "reopened",
         "deleted", "amount")
STEP_LABELS = {
    "new": "new deals", "upgraded": "upgraded", "downgraded": "downgraded",
    "pulled in": "pulled into the period", "pushed out": "pushed out of the period",
    "lost": "lost", "won": "won", "reopened": "reopened", "deleted": "deleted",
    "amount": "amount changes",
}


class WalkStep(NamedTuple):
    step: str  # one of STEPS
    label: str
    amount: Decimal
    deals: int  # deals whose move this step books


class Walk(NamedTuple):
    figure: str  # "commit" (won + commit) | "weighted" (won + weighted pipeline)
    start: Decimal
    steps: tuple[WalkStep, ...]
    now: Decimal

    @property
    def change(self) -> Decimal:
        return self.now - self.start


def _status_step(before: str, after: str) -> str:
    """won, lost or reopened: what a change of status is called in the walk."""
    return {"won": "won", "lost": "lost", "open": "reopened"}.get(after, "deleted")


def deal_steps(s0: DealSnap | None, s1: DealSnap | None, period: Period, t0: date, t1: date,
               part, ends: tuple[Decimal, Decimal] | None = None) -> list[tuple[str, Decimal]]:
    """(step, amount) of one deal's move from s0 (on t0) to s1 (on t1) for the figure
    whose per-deal share is `part`; they add up to part(s1, t1) - part(s0, t0).  `ends`:
    those two shares, when the caller has them already (`walk`)."""
    if s0 is None:
        return [("new", ends[1] if ends else part(s1, period, t1))]
    if s1 is None:
        return [("deleted", -(ends[0] if ends else part(s0, period, t0)))]
    if s0 == s1:  # unchanged: only today's date can move it (an overdue deal rolls in)
        p0, p1 = ends or (part(s0, period, t0), part(s1, period, t1))
        d = p1 - p0
        return [("pulled in" if d > 0 else "pushed out", d)]
    step, x1, x2, x3 = _waypoints(s0, s1)
    return _named_steps(step, part(s0, period, t0), part(x1, period, t0), part(x2, period, t0),
                        part(x3, period, t1), part(s1, period, t1))


def _waypoints(s0: DealSnap, s1: DealSnap) -> tuple[str, DealSnap, DealSnap, DealSnap]:
    """The states a changed deal passes through on its walk from s0 to s1, one attribute
    at a time: x1 its status (and, with a new status, its stage, category and
    probability) and won / lost date, x2 then its category and probability, x3 then its
    close date; and what the first step is called."""
    x1 = s0._replace(status=s1.status, closed_on=s1.closed_on)
    if s1.status != s0.status:
        x1 = x1._replace(stage_id=s1.stage_id, forecast_category=s1.forecast_category,
                     probability=s1.probability)
    # same status: only a won date moved (into or out of the period) can count here
    step = _status_step(s0.status, s1.status) if s1.status != s0.status else "won"
    x2 = x1._replace(forecast_category=s1.forecast_category, probability=s1.probability)
    x3 = x2._replace(close_on=s1.close_on)
    return step, x1, x2, x3


def _named_steps(step: str, p0: Decimal, q1: Decimal, q2: Decimal, q3: Decimal, p1: Decimal
                 ) -> list[tuple[str, Decimal]]:
    """A changed deal's steps from its shares at s0 (on t0), x1 and x2 (on t0), x3 and s1
    (on t1): `_waypoints`' states."""
    d2, d3 = q2 - q1, q3 - q2
    return [(step, q1 - p0), ("upgraded" if d2 > 0 else "downgraded", d2),
            ("pulled in" if d3 > 0 else "pushed out", d3), ("amount", p1 - q3)]


def walk(figure: str, pairs, period: Period, t0: date, t1: date, part) -> Walk:
    """The walk of one figure over (s0, s1) pairs: every deal either end counts."""
    totals = dict.fromkeys(STEPS, ZERO)
    counts = dict.fromkeys(STEPS, 0)
    start = now = ZERO
    for s0, s1 in pairs:
        p0 = part(s0, period, t0) if s0 is not None else ZERO
        p1 = part(s1, period, t1) if s1 is not None else ZERO
        start += p0
        now += p1
        for step, amount in deal_steps(s0, s1, period, t0, t1, part, (p0, p1)):
            if amount:
                totals[step] += amount
                counts[step] += 1
    steps = tuple(WalkStep(s, STEP_LABELS[s], totals[s], counts[s]) for s in STEPS)
    return Walk(figure, start, steps, now)


def both_walks(moves, ends0: dict[int, Standing], ends1: dict[int, Standing], period: Period, t0: date,
           t1: date) -> tuple[Walk, Walk]:
    """`walk` of both figures over the moves in one pass, each state's shares worked out
    once (`ends0` / `ends1`: by deal id, at t0 / t1; a changed deal's waypoints once for
    both figures); a deal the same at both ends only rolls in or out with the date, as
    `deal_steps` has it."""
    figures = ("commit", "weighted")
    totals = [dict.fromkeys(STEPS, ZERO) for _ in figures]
    counts = [dict.fromkeys(STEPS, 0) for _ in figures]
    starts, nows = [ZERO, ZERO], [ZERO, ZERO]
    for oid, s0, s1, _ in moves:
        e0 = ends0[oid] if s0 is not None else NOT_COUNTED
        e1 = ends1[oid] if s1 is not None else NOT_COUNTED
        same = s0 is s1 or (s0 is not None and s1 is not None and s0 == s1)
        ways = None
        if not same and s0 is not None and s1 is not None:
            step, x1, x2, x3 = _waypoints(s0, s1)
            ways = (step, standing(x1, period, t0), standing(x2, period, t0), standing(x3, period, t1))
        for f in (0, 1):
            p0, p1 = (e0.commit, e1.commit) if f == 0 else (e0.weighted, e1.weighted)
            starts[f] += p0
            nows[f] += p1
            if same:
                d = p1 - p0
                moved = (("pulled in" if d > 0 else "pushed out", d),) if d else ()
            elif s0 is None:
                moved = (("new", p1),)
            elif s1 is None:
                moved = (("deleted", -p0),)
            else:
                step, w1, w2, w3 = ways
                moved = _named_steps(step, p0, *((w1.commit, w2.commit, w3.commit) if f == 0
                                                 else (w1.weighted, w2.weighted, w3.weighted)), p1)
            for step_name, amount in moved:
                if amount:
                    totals[f][step_name] += amount
                    counts[f][step_name] += 1
    return tuple(
        Walk(figure, starts[f], tuple(WalkStep(s, STEP_LABELS[s], totals[f][s], counts[f][s]) for s in STEPS),
             nows[f])
        for f, figure in enumerate(figures)
    )
