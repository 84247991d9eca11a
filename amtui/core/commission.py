"""What the comp plan pays: per quarter, per year, and what winning open deals would add.

- MARGINAL (the default): each booked dollar earns rate x the multiplier of the band
  its own dollars fall in.  RETROACTIVE: all the quarter's bookings earn the multiplier
  of the band finally reached.  A threshold counts as reached when attainment equals it;
  attainment below the first threshold earns nothing.
- Bonuses: a fixed amount, paid once when the quarter's attainment reaches a threshold.
- Cap: what a quarter pays (commission plus bonuses) never exceeds it.  Pay is shown as
  earned, then cut: commission earned (before the cap), bonuses earned, cut by the cap,
  total paid.  The cap cuts commission first, so a bonus reached always shows as earned.
- Each band's commission is rounded to cents before summing, so the bands add up.
- Commission is per fiscal quarter, on the plan in effect on the quarter's last day; a
  year is the sum of its quarters, plus base salary for total pay.
- What open deals pay (`pay_if_won`): what winning them all adds to what the quarters
  pay now, quarter by quarter (tiers, bonuses and the cap applied once per quarter to
  the deals together).  Each deal books on its close date, or today once that has passed
  (`pipeline.booking_day`).  `what_deals_pay` is the same question asked of each deal
  on its own, and `pays_down` what winning each deal of a list adds with every deal
  above it (the Quota screen's list, a page at a time: core.gap_deals).

The plan itself (storing, parsing tiers and bonuses) lives in `comp_plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amtui.core import clock
from amtui.core.bookings import attainment, fy_start_month, quota_for, won_in
from amtui.core.comp_plan import Bonus, Plan, Tier, number_text, plan_for_period
from amtui.core.errors import InvalidInput
from amtui.core.money import ZERO, cents, fmt_money
from amtui.core.periods import Period, fiscal_year, quarter_of, quarters_of
from amtui.core.pipeline import booking_day
from amtui.models import Opportunity


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
    commission: Decimal  # earned, before the cap
    bonus: Decimal  # earned: every bonus reached, whatever the cap
    capped_by: Decimal  # what the cap cuts; 0 when under it
    total: Decimal  # paid: commission + bonus - capped_by

    @property
    def capped(self) -> bool:
        return self.capped_by > 0

    @property
    def earned(self) -> Decimal:
        return self.commission + self.bonus

    @property
    def commission_paid(self) -> Decimal:
        """Commission after the cap: the cap cuts commission first."""
        return max(self.commission - self.capped_by, ZERO)

    @property
    def bonus_paid(self) -> Decimal:
        return self.total - self.commission_paid


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
    earned = commission + bonus
    capped_by = max(earned - plan.cap, ZERO) if plan.cap is not None else ZERO
    return CommissionResult(
        booked=booked,
        quota=quota,
        attainment_pct=attainment(booked, quota),
        retroactive=plan.retroactive,
        bands=tuple(bands),
        bonuses_reached=hit,
        commission=commission,
        bonus=bonus,
        capped_by=capped_by,
        total=earned - capped_by,
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
    commission: Decimal | None  # earned before the cap; None: cannot be worked out (see `missing`)
    bonus: Decimal | None  # earned
    capped_by: Decimal | None  # cut by the cap
    total: Decimal | None  # paid: commission + bonus - capped_by
    final: bool  # the period is over
    missing: str  # why there is no figure (or why a year's figure is partial)
    quarters: tuple[PeriodCommission, ...] = ()  # a year's quarters

    @property
    def capped(self) -> bool:
        return bool(self.capped_by)


def _quarter_commission(q: Period, today: date) -> PeriodCommission:
    plan, quota, won = plan_for_period(q), quota_for(q), won_in(q)
    final = q.end < today
    if plan is None or quota is None:
        missing = NO_PLAN if plan is None else f"no quota for {q.label}"
        return PeriodCommission(q, plan, quota, won, None, None, None, None, None, final, missing)
    r = commission_for(won, quota, plan)
    return PeriodCommission(q, plan, quota, won, r, r.commission, r.bonus, r.capped_by, r.total, final, "")


def period_commission(period: Period, today: date | None = None) -> PeriodCommission:
    """Commission earned in a quarter, or a fiscal year as the sum of its quarters.
    `final` says whether the period is over (else the figure is earned so far)."""
    today = today or clock.today()
    p = period
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
        capped_by=total("capped_by"),
        total=total("total"),
        final=p.end < today,
        missing="; ".join(missing),
        quarters=quarters,
    )


@dataclass(frozen=True)
class YearPay:
    year: Period
    quarters: tuple[PeriodCommission, ...]
    base_salary: Decimal  # the year's share of each plan's annual base
    commission: Decimal  # earned before the cap
    bonus: Decimal  # earned
    capped_by: Decimal  # cut by the quarters' caps
    total_pay: Decimal  # base + commission + bonuses - capped_by
    missing: str


def year_pay(fy: Period | int, today: date | None = None) -> YearPay:
    """A fiscal year's pay: base salary plus the sum of its quarters' commission."""
    if isinstance(fy, int):
        fy = fiscal_year(fy, fy_start_month())
    if fy.kind != "year":
        raise InvalidInput("period", f"{fy.label} is not a fiscal year; write FY2026")
    year = period_commission(fy, today)
    quarters_on = {}  # each plan's base salary for the quarters it pays
    for q in year.quarters:
        if q.plan is not None:
            quarters_on.setdefault(q.plan, 0)
            quarters_on[q.plan] += 1
    base = sum((cents(plan.base_salary * n / 4) for plan, n in quarters_on.items()), ZERO)
    commission, bonus, cut = year.commission or ZERO, year.bonus or ZERO, year.capped_by or ZERO
    return YearPay(year.period, year.quarters, base, commission, bonus, cut,
                   base + commission + bonus - cut, year.missing)


# --- what open deals would pay --------------------------------------------------------
@dataclass(frozen=True)
class QuarterIfWon:
    quarter: Period
    won: Decimal  # already won in the quarter
    adding: Decimal  # the deals' amounts booking in it
    now: CommissionResult  # what the quarter pays on what is won
    if_won: CommissionResult  # ... and with the deals won too

    @property
    def adds(self) -> Decimal:
        return self.if_won.total - self.now.total


@dataclass(frozen=True)
class IfWon:
    adds: Decimal  # what winning every deal adds to pay, all quarters together
    quarters: tuple[QuarterIfWon, ...]  # in date order
    left_out: int  # deals booking in a quarter with no plan or no quota


class _Quarters:
    """Each quarter's plan, quota, bookings and pay now, looked up once."""

    def __init__(self, today: date):
        self.today, self.fsm = today, fy_start_month()
        self._known: dict[str, tuple[Plan, Decimal, Decimal, CommissionResult] | None] = {}
        self._quarter: dict[date, Period] = {}  # a quarter's deals share a few dozen days

    def of(self, close_on: date) -> Period:
        day = booking_day(close_on, self.today)
        q = self._quarter.get(day)
        if q is None:
            q = self._quarter[day] = quarter_of(day, self.fsm)
        return q

    def get(self, q: Period) -> tuple[Plan, Decimal, Decimal, CommissionResult] | None:
        """(plan, quota, won, pay now), or None without a plan or quota."""
        if q.label not in self._known:
            plan, quota = plan_for_period(q), quota_for(q)
            if plan is None or quota is None:
                self._known[q.label] = None
            else:
                won = won_in(q)
                self._known[q.label] = (plan, quota, won, commission_for(won, quota, plan))
        return self._known[q.label]


class _Adding:
    """Deals added one at a time; each quarter's pay worked out again on its total."""

    def __init__(self, quarters: _Quarters):
        self.quarters = quarters
        self.by_quarter: dict[str, QuarterIfWon] = {}
        self.left_out = 0
        self.adds = ZERO

    def add(self, deal) -> None:
        q = self.quarters.of(deal.close_on)
        known = self.quarters.get(q)
        if known is None:
            self.left_out += 1
            return
        plan, quota, won, now = known
        before = self.by_quarter.get(q.label)
        adding = (before.adding if before else ZERO) + deal.amount
        after = QuarterIfWon(q, won, adding, now, commission_for(won + adding, quota, plan))
        self.adds += after.adds - (before.adds if before else ZERO)
        self.by_quarter[q.label] = after

    def result(self) -> IfWon:
        quarters = tuple(sorted(self.by_quarter.values(), key=lambda x: x.quarter.start))
        return IfWon(self.adds, quarters, self.left_out)


def pay_quarters(today: date | None = None) -> _Quarters:
    """Each quarter's plan, quota and bookings, looked up once and kept: pass it to
    `pay_if_won` and `what_deals_pay` when several calls cover the same deals (a list's
    totals, then its pages)."""
    return _Quarters(today or clock.today())


def pay_if_won(deals: Iterable, today: date | None = None, *, quarters: _Quarters | None = None) -> IfWon:
    """What winning every deal given (anything with amount and close_on) adds to pay:
    each quarter's deals are added to its bookings together, so a bonus counts once,
    a tier reached together pays its rate and the cap applies once per quarter."""
    quarters = quarters or _Quarters(today or clock.today())
    by_quarter: dict[str, tuple[Period, Decimal]] = {}
    adding = _Adding(quarters)
    for d in deals:  # the amounts per quarter first: one working per quarter, not per deal
        q = quarters.of(d.close_on)
        if quarters.get(q) is None:
            adding.left_out += 1
            continue
        _, before = by_quarter.get(q.label, (q, ZERO))
        by_quarter[q.label] = (q, before + d.amount)
    for q, amount in by_quarter.values():
        adding.add(_Booking(amount, q.end))
    return adding.result()


@dataclass(frozen=True)
class _Booking:
    amount: Decimal
    close_on: date


def _open_deals():
    query = Opportunity.select(Opportunity.id, Opportunity.amount, Opportunity.close_on)
    return list(query.where(Opportunity.status == "open").namedtuples())


def what_deals_pay(deals: Iterable | None = None, today: date | None = None, *,
                   quarters: _Quarters | None = None) -> dict[int, Decimal]:
    """For each open deal (anything with id, amount and close_on; default: every open
    deal), what winning it alone adds to pay: `pay_if_won` of that one deal.  Deals
    booking in a quarter with no plan or no quota are left out."""
    quarters = quarters or _Quarters(today or clock.today())
    pays = {}
    worked: dict[tuple[str, Decimal], Decimal] = {}  # deals of one amount in one quarter pay alike
    for d in _open_deals() if deals is None else deals:
        q = quarters.of(d.close_on)
        known = quarters.get(q)
        if known is not None:
            paid = worked.get((q.label, d.amount))
            if paid is None:
                plan, quota, won, now = known
                paid = worked[q.label, d.amount] = commission_for(won + d.amount, quota, plan).total - now.total
            pays[d.id] = paid
    return pays


def pays_down(deals: Iterable, above: Iterable = (), *, quarters: _Quarters) -> Iterator[Decimal]:
    """For each deal of a list in turn (anything with amount and close_on), what winning
    it together with every deal before it adds to pay: `pay_if_won` of the list down to
    it.  `above`: the deals listed before the first one given (or their amounts per
    quarter, as anything with amount and close_on: a quarter's end day will do), so a
    page of a long list is worked out without the deals above it."""
    together = _Adding(quarters)
    for d in above:
        together.add(d)
    for d in deals:
        together.add(d)
        yield together.adds


def pay_rises(plan: Plan) -> bool:
    """Whether a quarter's pay under `plan` never falls as its bookings grow: always, but
    for a retroactive plan whose multiplier drops at a higher tier (rates, multipliers
    and bonuses are never negative, and the cap only flattens)."""
    if not plan.retroactive:
        return True
    multipliers = [t.multiplier for t in plan.tiers]
    if plan.tiers and plan.tiers[0].threshold > 0:
        multipliers.insert(0, Decimal(0))  # below the first threshold nothing is paid
    return all(a <= b for a, b in zip(multipliers, multipliers[1:], strict=False))


def booking(amount: Decimal, quarter: Period):
    """An amount booked in `quarter` (at its end), for `pays_down`'s `above`."""
    return _Booking(amount, quarter.end)
