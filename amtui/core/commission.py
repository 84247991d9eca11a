"""What the comp plan pays: per quarter, per year, and what each open deal would add.

- MARGINAL (the default): each booked dollar earns rate x the multiplier of the band
  its own dollars fall in.  RETROACTIVE: all the quarter's bookings earn the multiplier
  of the band finally reached.  A threshold counts as reached when attainment equals it;
  attainment below the first threshold earns nothing.
- Bonuses: a fixed amount, paid once when the quarter's attainment reaches a threshold.
- Cap: commission plus bonuses of a quarter never exceed it (commission fills it first).
- Each band's commission is rounded to cents before summing, so the bands add up.
- Commission is per fiscal quarter, on the plan in effect on the quarter's last day; a
  year is the sum of its quarters, plus base salary for total pay.
- What a deal pays: the extra commission and bonuses if it is won in the quarter of its
  expected close, on top of what is already won there (each deal on its own).  A deal
  whose close date has passed would book today, so it pays in the current quarter.

The plan itself (storing, parsing tiers and bonuses) lives in `comp_plan`; its names
are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amtui.core import clock
from amtui.core.bookings import attainment, fy_start_month, quota_for, to_period, won_in
from amtui.core.comp_plan import (
    Bonus,
    Plan,
    Tier,
    current_plan,
    default_plan_start,
    delete_plan,
    describe_tiers,
    format_bonuses,
    format_tiers,
    number_text,
    parse_bonuses,
    parse_rate,
    parse_tiers,
    plan_for_period,
    plans,
    set_plan,
)
from amtui.core.errors import InvalidInput
from amtui.core.money import ZERO, cents, fmt_money
from amtui.core.periods import Period, fiscal_year, quarter_of, quarters_of
from amtui.core.pipeline import deal_weighted
from amtui.models import Client, Opportunity, Stage

__all__ = [
    "BandPay",
    "Bonus",
    "CommissionResult",
    "DealPay",
    "PeriodCommission",
    "Plan",
    "Tier",
    "YearPay",
    "commission_for",
    "current_plan",
    "default_plan_start",
    "deals_to_close_gap",
    "delete_plan",
    "describe_tiers",
    "format_bonuses",
    "format_tiers",
    "parse_bonuses",
    "parse_rate",
    "parse_tiers",
    "period_commission",
    "plan_for_period",
    "plans",
    "set_plan",
    "what_deals_pay",
    "year_pay",
]


@dataclass(frozen=True)
class BandPay:
    from_pct: Decimal
    to_pct: Decimal | None  # None: the top band
    multiplier: Decimal
    rate_pct: Decimal  # the plan's rate x the multiplier
    booked: Decimal  # bookings paid in this band
    commission: Decimal

    def explain(self, currency: str = "USD") -> str:
        """`$50,000 at 5% (0–50% x 0.5) = $2,500.00`."""
        span = f"{number_text(self.from_pct)}–{number_text(self.to_pct)}%" if self.to_pct is not None else (
            f"{number_text(self.from_pct)}%+"
        )
        return (
            f"{fmt_money(self.booked, currency)} at {number_text(self.rate_pct)}% "
            f"({span} x {number_text(self.multiplier)}) = {fmt_money(self.commission, currency)}"
        )


@dataclass(frozen=True)
class CommissionResult:
    booked: Decimal
    quota: Decimal
    attainment_pct: Decimal
    retroactive: bool
    bands: tuple[BandPay, ...]  # every band of the plan, in order
    bonuses_reached: tuple[Bonus, ...]
    commission: Decimal  # after the cap
    bonus: Decimal  # after the cap
    total: Decimal
    capped: bool
    uncapped_total: Decimal


def _reached(booked: Decimal, quota: Decimal, threshold: Decimal) -> bool:
    # booked / quota >= threshold%, without dividing: exact, inclusive
    return booked * 100 >= threshold * quota


def commission_for(booked: Decimal, quota: Decimal, plan: Plan) -> CommissionResult:
    """Commission and bonuses on a quarter's bookings against its quota under a plan."""
    if quota is None or quota <= 0:
        raise InvalidInput("quota", "must be above zero to work out commission")
    tiers = list(plan.tiers) or [Tier(Decimal(0), Decimal(1))]
    if tiers[0].threshold > 0:  # below the first threshold nothing is paid
        tiers.insert(0, Tier(Decimal(0), Decimal(0)))
    reached = max(i for i, t in enumerate(tiers) if _reached(booked, quota, t.threshold))
    rate = plan.rate / 100
    bands = []
    for i, tier in enumerate(tiers):
        upper = tiers[i + 1].threshold if i + 1 < len(tiers) else None
        if plan.retroactive:
            in_band = booked if i == reached else ZERO
        else:
            low = quota * tier.threshold / 100
            top = booked if upper is None else min(booked, quota * upper / 100)
            in_band = max(top - low, ZERO)
        bands.append(
            BandPay(
                tier.threshold,
                upper,
                tier.multiplier,
                plan.rate * tier.multiplier,
                in_band,
                cents(in_band * rate * tier.multiplier),
            )
        )
    commission = sum((b.commission for b in bands), ZERO)
    hit = tuple(b for b in plan.bonuses if _reached(booked, quota, b.threshold))
    bonus = sum((b.amount for b in hit), ZERO)
    uncapped = commission + bonus
    capped = plan.cap is not None and uncapped > plan.cap
    if capped:
        commission = min(commission, plan.cap)
        bonus = plan.cap - commission
    return CommissionResult(
        booked=booked,
        quota=quota,
        attainment_pct=attainment(booked, quota),
        retroactive=plan.retroactive,
        bands=tuple(bands),
        bonuses_reached=hit,
        commission=commission,
        bonus=bonus,
        total=commission + bonus,
        capped=capped,
        uncapped_total=uncapped,
    )


# --- per quarter and per year ---------------------------------------------------------
NO_PLAN = "no comp plan: run amtui plan set (or c on the Quota screen)"


@dataclass(frozen=True)
class PeriodCommission:
    period: Period
    plan: Plan | None
    quota: Decimal | None
    won: Decimal
    result: CommissionResult | None  # a quarter's working; None for a year or when missing
    commission: Decimal | None  # None: cannot be worked out (see `missing`)
    bonus: Decimal | None
    total: Decimal | None
    capped: bool
    final: bool  # the period is over
    missing: str  # why there is no figure (or why a year's figure is partial)
    quarters: tuple[PeriodCommission, ...] = ()  # a year's quarters


def _quarter_commission(q: Period, today: date) -> PeriodCommission:
    plan, quota, won = plan_for_period(q), quota_for(q), won_in(q)
    final = q.end < today
    if plan is None or quota is None:
        missing = NO_PLAN if plan is None else f"no quota for {q.label}"
        return PeriodCommission(q, plan, quota, won, None, None, None, None, False, final, missing)
    r = commission_for(won, quota, plan)
    return PeriodCommission(q, plan, quota, won, r, r.commission, r.bonus, r.total, r.capped, final, "")


def period_commission(period: Period | str, today: date | None = None) -> PeriodCommission:
    """Commission earned in a quarter, or a fiscal year as the sum of its quarters.
    `final` says whether the period is over (else the figure is earned so far)."""
    today = today or clock.today()
    p = to_period(period, today=today)
    if p.kind == "month":
        raise InvalidInput("period", f"{p.label} is a month; commission is paid per fiscal quarter")
    if p.kind == "quarter":
        return _quarter_commission(p, today)
    quarters = tuple(_quarter_commission(q, today) for q in quarters_of(p))
    known = [q for q in quarters if q.total is not None]
    missing = sorted({q.missing for q in quarters if q.missing})
    if NO_PLAN in missing:
        missing = [NO_PLAN]
    elif missing:
        missing = ["no quota for " + ", ".join(q.period.label for q in quarters if q.missing)]

    def total(attr):
        return sum((getattr(q, attr) for q in known), ZERO) if known else None

    return PeriodCommission(
        period=p,
        plan=plan_for_period(p),
        quota=quota_for(p),
        won=sum((q.won for q in quarters), ZERO),
        result=None,
        commission=total("commission"),
        bonus=total("bonus"),
        total=total("total"),
        capped=any(q.capped for q in quarters),
        final=p.end < today,
        missing="; ".join(missing),
        quarters=quarters,
    )


@dataclass(frozen=True)
class YearPay:
    year: Period
    quarters: tuple[PeriodCommission, ...]
    base_salary: Decimal  # the year's share of each plan's annual base
    commission: Decimal
    bonus: Decimal
    total_pay: Decimal  # base + commission + bonuses
    missing: str


def year_pay(fy: Period | str | int, today: date | None = None) -> YearPay:
    """A fiscal year's pay: base salary plus the sum of its quarters' commission."""
    if isinstance(fy, int):
        fy = fiscal_year(fy, fy_start_month())
    year = period_commission(to_period(fy, today=today), today)
    if year.period.kind != "year":
        raise InvalidInput("period", f"{year.period.label} is not a fiscal year; write FY2026")
    quarters_on = {}  # each plan's base salary for the quarters it pays
    for q in year.quarters:
        if q.plan is not None:
            quarters_on.setdefault(q.plan, 0)
            quarters_on[q.plan] += 1
    base = sum((cents(plan.base_salary * n / 4) for plan, n in quarters_on.items()), ZERO)
    commission, bonus = year.commission or ZERO, year.bonus or ZERO
    return YearPay(year.period, year.quarters, base, commission, bonus, base + commission + bonus, year.missing)


# --- what open deals would pay --------------------------------------------------------
def what_deals_pay(deal_ids=None, today: date | None = None) -> dict[int, Decimal]:
    """For each open deal (all, or those given), the extra commission and bonuses if it
    is won in its close quarter on top of what is already won there.  Deals whose
    quarter has no plan or no quota are left out."""
    today = today or clock.today()
    fsm = fy_start_month()
    query = Opportunity.select(Opportunity.id, Opportunity.amount, Opportunity.close_on).where(
        Opportunity.status == "open"
    )
    if deal_ids is None:
        rows = list(query.tuples())
    else:
        ids = list(deal_ids)
        rows = []
        for i in range(0, len(ids), 500):  # stay well inside SQLite's parameter limit
            rows.extend(query.where(Opportunity.id.in_(ids[i : i + 500])).tuples())
    quarters: dict[str, tuple | None] = {}
    pays = {}
    for deal_id, amount, close_on in rows:
        q = quarter_of(max(close_on, today), fsm)
        if q.label not in quarters:
            plan, quota = plan_for_period(q), quota_for(q)
            if plan is None or quota is None:
                quarters[q.label] = None
            else:
                won = won_in(q)
                quarters[q.label] = (plan, quota, won, commission_for(won, quota, plan).total)
        known = quarters[q.label]
        if known is not None:
            plan, quota, won, now = known
            pays[deal_id] = commission_for(won + amount, quota, plan).total - now
    return pays


@dataclass(frozen=True)
class DealPay:
    id: int
    title: str
    client_id: int
    client: str
    stage: str
    amount: Decimal
    probability: int
    weighted: Decimal
    forecast_category: str
    close_on: date
    overdue: bool  # the expected close date has passed
    pays: Decimal | None  # None: no plan or quota for its quarter
    cumulative: Decimal  # won in the period + this deal and every deal listed above it
    makes_quota: bool  # the first deal at which the cumulative amount reaches the quota


def deals_to_close_gap(period: Period | str | None = None, today: date | None = None) -> list[DealPay]:
    """Open deals expected to close in the period (default: this quarter) with what each
    would pay, best paying first; the running total shows which deals make the quota."""
    today = today or clock.today()
    p = to_period(period, today=today)
    rows = list(
        Opportunity.select(
            Opportunity.id,
            Opportunity.title,
            Client.id,
            Client.name,
            Stage.name,
            Opportunity.amount,
            Opportunity.probability,
            Opportunity.forecast_category,
            Opportunity.close_on,
        )
        .join(Client, on=Opportunity.client == Client.id)
        .switch(Opportunity)
        .join(Stage, on=Opportunity.stage == Stage.id)
        .where(Opportunity.status == "open", Opportunity.close_on.between(p.start, p.end))
        .tuples()
    )
    pays = what_deals_pay([r[0] for r in rows], today) if rows else {}

    def best_first(r):
        paid = pays.get(r[0])
        return (paid is None, -(paid or 0), -deal_weighted(r[5], r[6]), -r[5], r[8], r[0])

    quota = quota_for(p)
    running = won_in(p)
    out = []
    for deal_id, title, client_id, client, stage, amount, prob, category, close_on in sorted(rows, key=best_first):
        before, running = running, running + amount
        out.append(
            DealPay(
                deal_id,
                title,
                client_id,
                client,
                stage,
                amount,
                prob,
                deal_weighted(amount, prob),
                category,
                close_on,
                close_on < today,
                pays.get(deal_id),
                running,
                quota is not None and before < quota <= running,
            )
        )
    return out
