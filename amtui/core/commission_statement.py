"""A quarter's commission deal by deal: the statement a rep checks a payslip against.

`commission.period_commission` works out a quarter's pay band by band; this splits those
same figures over the deals won, so every line can be traced and the lines add up to the
cent to what the Quota screen and `amtui status` say.

- Deals fill the bands in the order they were won (won date, then the order they were
  entered): under a marginal plan the first deals fill the lowest band, and a deal that
  crosses a threshold is split over two bands.  Under a retroactive plan every deal is
  paid in the band finally reached.
- A band's commission is rounded to the cent once (as core does); a deal's share is the
  band's commission up to and including the deal minus the band's commission before it,
  each rounded, so the deals' shares add up to the band exactly.
- Bonuses and the cap belong to the quarter, not to a deal: they are listed after the
  deals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amtui.core import clock
from amtui.core.commission import BandPay, PeriodCommission, period_commission
from amtui.core.comp_plan import Bonus
from amtui.core.errors import InvalidInput
from amtui.core.money import ZERO, cents
from amtui.core.periods import Period
from amtui.core.pipeline import deals


@dataclass(frozen=True)
class DealBand:
    """The part of a won deal paid in one band."""

    band: BandPay
    booked: Decimal
    commission: Decimal


@dataclass(frozen=True)
class StatementDeal:
    id: int
    client: str
    title: str
    won_on: date
    amount: Decimal
    parts: tuple[DealBand, ...]  # empty when there is no plan or quota for the quarter

    @property
    def earned(self) -> Decimal | None:
        return sum((p.commission for p in self.parts), ZERO) if self.parts else None


@dataclass(frozen=True)
class CommissionStatement:
    pay: PeriodCommission  # the quarter as core works it out (plan, quota, won, result)
    deals: tuple[StatementDeal, ...]  # in the order they were won
    commission_earned: Decimal | None  # the bands' commission, before the cap
    bonuses: tuple[Bonus, ...]  # bonuses whose attainment was reached
    bonus_earned: Decimal | None  # before the cap
    before_cap: Decimal | None
    cut_by_cap: Decimal | None  # what the cap takes off (0 when not reached)
    total_paid: Decimal | None  # == pay.total: what `amtui status` reports

    @property
    def period(self) -> Period:
        return self.pay.period


def band_label(band: BandPay) -> str:
    """`0–50%`, `100–125%`, `125%+` of quota."""
    from amtui.core.comp_plan import number_text

    low = number_text(band.from_pct)
    return f"{low}%+" if band.to_pct is None else f"{low}–{number_text(band.to_pct)}%"


def _shares(amounts: list[Decimal], pay: PeriodCommission) -> list[tuple[DealBand, ...]]:
    """Each deal's parts, band by band, from the quarter's own band figures."""
    result, plan, quota = pay.result, pay.plan, pay.quota
    rate = plan.rate / 100
    out: list[list[DealBand]] = [[] for _ in amounts]
    for band in result.bands:
        if not band.booked:
            continue
        if result.retroactive:
            low, top = ZERO, None  # every dollar is paid in the band reached
        else:
            low = quota * band.from_pct / 100
            top = None if band.to_pct is None else quota * band.to_pct / 100
        in_band = paid = ZERO
        before = ZERO
        for i, amount in enumerate(amounts):
            after = before + amount
            upper = after if top is None else min(after, top)
            part = max(upper - max(before, low), ZERO)
            before = after
            if not part:
                continue
            in_band += part
            # the band's commission so far, rounded as core rounds it, minus what the
            # deals before were given: the shares add up to the band's commission
            so_far = cents(in_band * rate * band.multiplier)
            out[i].append(DealBand(band, part, so_far - paid))
            paid = so_far
    return [tuple(parts) for parts in out]


def commission_statement(period: Period, today: date | None = None) -> CommissionStatement:
    """The statement of a fiscal quarter: its won deals with what each earned, the
    bonuses reached, the cap and the total paid."""
    today = today or clock.today()
    if period.kind != "quarter":
        raise InvalidInput("period", f"{period.label} is not a quarter; commission is paid "
                           "per fiscal quarter, e.g. 2026-Q4")
    pay = period_commission(period, today)
    won = sorted(deals(period=period, status="won"), key=lambda d: (d.closed_on, d.id))
    amounts = [d.amount for d in won]
    result = pay.result
    parts = _shares(amounts, pay) if result is not None else [() for _ in won]
    rows = tuple(StatementDeal(d.id, d.client, d.title, d.closed_on, d.amount, p)
                 for d, p in zip(won, parts, strict=True))
    if result is None:
        return CommissionStatement(pay, rows, None, (), None, None, None, None)
    return CommissionStatement(
        pay=pay,
        deals=rows,
        commission_earned=result.commission,  # the bands' sum, before the cap
        bonuses=tuple(result.bonuses_reached),
        bonus_earned=result.bonus,
        before_cap=result.commission + result.bonus,
        cut_by_cap=result.capped_by,
        total_paid=result.total,
    )
