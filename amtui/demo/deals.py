"""The demo book's money side: quotas, the comp plan, and every deal with its history.

Won deals are planned per quarter so attainment tells a story: a good first year, then
the last two completed quarters missed (probation risk) and the current quarter partly
attained with enough open pipeline to close the gap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from amtui.core import periods
from amtui.core.periods import add_months
from amtui.demo import names

# attainment of the eight completed quarters, oldest first: the last two are missed
PAST_ATTAINMENT = (1.06, 0.94, 1.12, 1.03, 0.91, 1.18, 0.87, 0.83)
CURRENT_ATTAINMENT = 0.6
QUOTA_PER_CLIENT = 7500  # a quarter's quota grows with the size of the book
WON_PER_CLIENT_QUARTER = 0.2
LOST_PER_CLIENT_QUARTER = 0.13
OPEN_PER_CLIENT = 1.0

COMP_PLAN = {
    "base_salary": Decimal("60000.00"),
    "rate": "10",
    "tiers": [["0", "0.5"], ["50", "1"], ["100", "1.5"], ["125", "2"]],
    "bonuses": [["110", "5000.00"]],
    "cap": Decimal("40000.00"),
    "retroactive": False,
}


@dataclass
class DealPlan:
    """A deal decided before its client's rows are written."""

    client: int  # index of the client in the book
    outcome: str  # open | won | lost
    amount: Decimal | None = None  # set for won deals so quarters hit their targets
    closed_on: date | None = None


@dataclass(frozen=True)
class StageInfo:
    id: int
    name: str
    probability: int
    category: str
    rot_days: int | None


def _round_to(value: Decimal, step: int) -> Decimal:
    return (value / step).quantize(Decimal(1)) * step


def quarters(today: date, fsm: int) -> list[periods.Period]:
    """Eight completed quarters, the current one and the next, oldest first."""
    current = periods.quarter_of(today, fsm)
    return [periods.shift(current, n) for n in range(-8, 2)]


def quota_rows(clients: int, quarters_: list[periods.Period]) -> list[dict]:
    base = Decimal(max(25000, clients * QUOTA_PER_CLIENT))
    rows = []
    for i, period in enumerate(quarters_):
        amount = _round_to(base * Decimal(str(0.9 + 0.0125 * i)), 5000)
        rows.append({"period": period.label, "amount": amount, "set_by": "Regional sales director",
                     "notes": "Annual plan" if i % 4 == 0 else ""})
    return rows


def comp_plan_row(quarters_: list[periods.Period]) -> dict:
    first = quarters_[0]
    start = periods.year_of(first.start, first.fy_start_month).start
    return {"effective_from": start, **COMP_PLAN}


def plan_deals(rng: random.Random, clients: list[dict], quotas: list[dict],
               quarters_: list[periods.Period], today: date) -> dict[int, list[DealPlan]]:
    """Every deal of the book, grouped by client index."""
    n = len(clients)
    weights = [{"A": 3, "B": 2, "C": 1}[c["tier"]] for c in clients]
    cum, total = [], 0
    for w in weights:
        total += w
        cum.append(total)
    live = [i for i, c in enumerate(clients) if c["status"] != "churned"] or list(range(n))
    plans: dict[int, list[DealPlan]] = {}

    def add(plan: DealPlan) -> None:
        plans.setdefault(plan.client, []).append(plan)

    targets = [*PAST_ATTAINMENT, CURRENT_ATTAINMENT]
    for period, quota, target in zip(quarters_[:9], quotas[:9], targets, strict=True):
        last_day = min(period.end, today)
        span = (last_day - period.start).days
        k = max(3, round(n * WON_PER_CLIENT_QUARTER) + rng.randint(-1, 1))
        total_won = _round_to(quota["amount"] * Decimal(str(target)), 100)
        shares = [rng.uniform(0.4, 1.6) for _ in range(k)]
        amounts = [_round_to(total_won * Decimal(str(s / sum(shares))), 100) for s in shares]
        amounts[-1] = total_won - sum(amounts[:-1])
        for index, amount in zip(rng.choices(range(n), cum_weights=cum, k=k), amounts, strict=True):
            add(DealPlan(index, "won", amount, period.start + timedelta(rng.randint(0, span))))
        lost = max(2, round(n * LOST_PER_CLIENT_QUARTER) + rng.randint(-1, 1))
        for index in rng.choices(range(n), cum_weights=cum, k=lost):
            add(DealPlan(index, "lost", None, period.start + timedelta(rng.randint(0, span))))
    for _ in range(max(12, round(n * OPEN_PER_CLIENT))):
        add(DealPlan(rng.choice(live), "open"))
    return plans


class DealWriter:
    """Turns DealPlans into Opportunity and StageChange rows with explicit ids."""

    def __init__(self, rng: random.Random, today: date, stamp, stages: list[StageInfo],
                 won: StageInfo, lost: StageInfo, products: list[dict], fsm: int):
        self.rng, self.today, self.stamp = rng, today, stamp
        self.stages, self.won, self.lost = stages, won, lost
        self.products, self.fsm = products, fsm
        self.quarter = periods.quarter_of(today, fsm)
        self.next_quarter = periods.shift(self.quarter, 1)
        self.opened = 0  # open deals written so far

    def rows(self, plan: DealPlan, client_id: int, deal_id: int, held: list[dict]):
        """(opportunity row, stage change rows) for one deal."""
        rng = self.rng
        kind = rng.choices(("new", "upsell", "cross-sell", "renewal"), (15, 35, 30, 20))[0]
        product = rng.choice(held) if kind in ("upsell", "renewal") and held else None
        if product is None and rng.random() < 0.85:
            product = rng.choice(self.products)
        amount = plan.amount
        if amount is None:
            base = product["list_price"] if product else Decimal(30000)
            amount = max(Decimal(2500), _round_to(base * Decimal(str(rng.uniform(0.4, 1.5))), 500))
        templates = names.DEAL_TITLES[kind] if product else names.PARTNERSHIP_TITLES
        title = rng.choice(templates).format(
            product=product["name"] if product else "",
            season=rng.choice(("spring", "summer", "autumn", "holiday")),
            year=self.today.year + (1 if kind == "renewal" else 0),
        )
        if plan.outcome == "open":
            final = self._open_stage()
            close_on = self._open_close_on()
            # about a quarter of open deals sit past their stage's rot days: stale
            stale = 3 if rng.random() < 0.25 else 1
            entered = self.today - timedelta(rng.randint(1, (final.rot_days or 30) * stale))
            created = entered - timedelta(rng.randint(3, 40) * (self.stages.index(final) + 1))
            closed_on = None
        else:
            closed_on = min(plan.closed_on, self.today)
            entered = closed_on
            created = closed_on - timedelta(rng.randint(20, 140))
            close_on = closed_on
            final = self.won if plan.outcome == "won" else self.lost
        pushes = rng.choices((0, 1, 2, 3), (62, 22, 11, 5))[0]
        original = close_on - timedelta(rng.randint(15, 40) * pushes) if pushes else close_on
        original = max(original, created + timedelta(7))
        if original == close_on:
            pushes = 0
        probability, prob_over = final.probability, False
        if plan.outcome == "open" and rng.random() < 0.12:
            probability = max(5, min(95, final.probability + rng.choice((-20, -15, -10, 10, 15))))
            prob_over = True
        category, cat_over = final.category, False
        if plan.outcome == "open" and rng.random() < 0.08:
            category = rng.choice([c for c in ("pipeline", "best case", "commit", "omitted")
                                   if c != final.category])
            cat_over = True
        start_amount = amount if rng.random() < 0.8 else _round_to(amount * Decimal("0.8"), 100)
        changes = self._history(deal_id, created, entered, final, plan.outcome,
                                start_amount, amount, original, close_on, pushes, probability)
        row = {
            "id": deal_id, "client": client_id, "title": title, "kind": kind, "amount": amount,
            "stage": final.id, "status": plan.outcome, "probability": probability,
            "probability_overridden": prob_over, "forecast_category": category,
            "category_overridden": cat_over, "close_on": close_on, "original_close_on": original,
            "push_count": self._pushed_out(original, close_on, pushes),
            "next_step": rng.choice(names.NEXT_STEPS) if plan.outcome == "open" else "",
            "stage_entered_at": self.entered_at, "closed_on": closed_on,
            "lost_reason": rng.choice(names.LOST_REASONS) if plan.outcome == "lost" else "",
            "product": product["id"] if product else None,
            "created_at": changes[0]["changed_at"], "updated_at": changes[-1]["changed_at"],
        }
        return row, changes

    def _pushed_out(self, original: date, close_on: date, moves: int) -> int:
        """How many of the close date's moves (evenly spaced, as `_history` writes them)
        took it into a later fiscal quarter: only those count as pushes (README), so a
        deal moved within its quarter reads "pushed 0x", as the app would have counted."""
        step = (close_on - original) / moves if moves else timedelta(0)
        days = [original] + [close_on if k == moves else original + step * k for k in range(1, moves + 1)]
        quarter = [periods.quarter_of(d, self.fsm).start for d in days]
        return sum(1 for before, after in pairwise(quarter) if after > before)

    def _open_stage(self) -> StageInfo:
        self.opened += 1
        if self.opened <= len(self.stages):  # every stage has a deal, whatever the seed
            return self.stages[self.opened - 1]
        return self.rng.choices(self.stages, (30, 25, 20, 15, 10)[: len(self.stages)]
                                + (10,) * max(0, len(self.stages) - 5))[0]

    def _open_close_on(self) -> date:
        rng, today = self.rng, self.today
        roll = rng.random()
        # coverage of the quarter's gap ends up about 3-4x: worth working, not a sure thing
        if roll < 0.2 and today < self.quarter.end:  # this quarter, still to come
            return today + timedelta(rng.randint(1, (self.quarter.end - today).days))
        if roll < 0.55:
            q = self.next_quarter
            return q.start + timedelta(rng.randint(0, q.days - 1))
        if roll < 0.85:
            return add_months(today, rng.randint(4, 9))
        return today - timedelta(rng.randint(1, 45))  # past its close date: stale

    def _history(self, deal_id, created, entered, final, outcome, start_amount, amount,
                 original, close_on, pushes, probability) -> list[dict]:
        rng = self.rng
        if outcome == "open":
            path = self.stages[: self.stages.index(final) + 1]
        else:
            reached = len(self.stages) if outcome == "won" else rng.randint(1, len(self.stages))
            path = [*self.stages[:reached], final]
        path = path[rng.randint(0, min(1, len(path) - 1)):]  # some start at the second stage
        span = max(1, (entered - created).days)
        moves = sorted(rng.randint(1, span) for _ in range(len(path) - 2)) if len(path) > 2 else []
        events = [(created, "created", path[0])]
        self.entered_at = ""  # the moment the deal reached its current stage
        events += [(created + timedelta(d), "stage", s) for d, s in zip(moves, path[1:-1], strict=True)]
        if len(path) > 1:
            events.append((entered, "stage", path[-1]))
        extra = [(created + timedelta(rng.randint(1, span)), "close", None) for _ in range(pushes)]
        if start_amount != amount:
            extra.append((created + timedelta(rng.randint(1, span)), "amount", None))
        events = sorted(events + extra, key=lambda e: (e[0], e[1] != "created"))
        step = (close_on - original) / pushes if pushes else timedelta(0)
        stage, cur_amount, cur_close, pushed, out = path[0], start_amount, original, 0, []
        previous = ""
        for i, (day, change, new_stage) in enumerate(events):
            changed_at = previous = max(previous, self.stamp(day))  # history never runs back
            if change in ("created", "stage"):
                stage = new_stage
                self.entered_at = changed_at
            elif change == "close":
                pushed += 1
                cur_close = close_on if pushed == pushes else original + step * pushed
            elif change == "amount":
                cur_amount = amount
            last = i == len(events) - 1
            out.append({
                "opportunity": deal_id, "changed_at": changed_at, "change": change,
                "stage": stage.id, "amount": cur_amount, "close_on": cur_close,
                "probability": probability if last else stage.probability,
            })
        out[-1]["amount"], out[-1]["close_on"] = amount, close_on
        return out
