"""The commission statement: the rep's own pay for a quarter, deal by deal.

Each won deal with its amount, the band(s) it fell in, the rate and what it earned; the
bonuses reached, the cap and the total paid, reconciling to the cent with the Quota
screen and `amtui status --json` (the figures are `commission_statement`'s, which splits
core's own band figures).  The rep's pay lives here and nowhere in the reports handed
upward (quarterly, forecast).
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock
from amtui.core.bookings import current_quarter
from amtui.core.commission_statement import (
    CommissionStatement,
    band_label,
    commission_statement,
)
from amtui.core.comp_plan import number_text
from amtui.core.money import ZERO
from amtui.core.periods import Period
from amtui.core.settings import get_settings
from amtui.reports import common
from amtui.reports.model import Column, Kpi, Progress, Report, SheetSpec

TITLE = "Commission statement"


def build(period: Period | None = None, client=None, today: date | None = None,
          progress: Progress | None = None) -> Report:
    today = today or clock.today()
    settings = get_settings()
    quarter = period or current_quarter(today)
    steps = common.Steps(2, progress)
    report = common.new_report("commission", TITLE, f"{quarter.label} ({quarter.span()})",
                               today, settings)
    report.cents = True  # a statement to check a payslip against: every cent shows
    s = commission_statement(quarter, today)
    steps.step()
    report.kpis = _kpis(s, report.currency, today)
    report.summary = [_adds_up(s, report.currency), _bands(s)]
    report.sheets = [_deals_sheet(s)]
    report.definitions = [
        ("Commission", common.COMMISSION),
        ("Deals and bands", "Deals fill the bands in the order they were won (won date, "
         "then the order they were entered). Under a marginal plan a deal that crosses a "
         "threshold is split over two bands, each part at its band's rate; under a "
         "retroactive plan every deal is paid at the rate of the band finally reached."),
        ("Rate", "The plan's commission rate times the band's multiplier."),
        ("Earned", "A band's commission is rounded to the cent once; a deal's share is "
         "the band's commission up to and including the deal minus its commission before "
         "the deal, so the deals add up to the band to the cent."),
        ("Bonuses and the cap", "A bonus is paid once when the quarter's attainment "
         "reaches its threshold. Commission plus bonuses never exceed the plan's cap for "
         "the quarter."),
        ("Total paid", "What the Quota screen and `amtui status --json` report for the "
         "quarter (commission plus bonus)."),
    ]
    steps.step()
    return report


def _kpis(s: CommissionStatement, currency: str, today: date) -> list[Kpi]:
    pay = s.pay
    deals = len(s.deals)
    won_note = f"{deals} deal{'s' if deals != 1 else ''}"
    attainment = (common.pct(pay.result.attainment_pct) if pay.result is not None else None)
    so_far = "final" if pay.final else "so far"
    if pay.result is None:
        missing = pay.missing.split(":")[0]  # core's hint speaks to the TUI user
        return [
            Kpi("Won", pay.won, "money", won_note),
            Kpi("Quota", pay.quota, "money", "" if pay.quota is not None else "none set"),
            Kpi("Total paid", None, "money", missing),
        ]
    plan = pay.plan
    cap = common.money(plan.cap, currency) if plan.cap is not None else ""
    bonus_note = ", ".join(f"{number_text(b.threshold)}%" for b in s.bonuses)
    return [
        Kpi("Won", pay.won, "money", won_note),
        Kpi("Quota", pay.quota, "money", ""),
        Kpi("Attainment", attainment, "percent", so_far),
        Kpi("Total paid", s.total_paid, "money", so_far),
        Kpi("Commission earned", s.commission_earned, "money",
            f"{number_text(plan.rate)}%, {'retroactive' if plan.retroactive else 'marginal'}"),
        Kpi("Bonuses reached", s.bonus_earned, "money",
            f"at {bonus_note}" if bonus_note else "none reached"),
        Kpi("Cut by the cap", s.cut_by_cap, "money",
            f"cap {cap}" if cap else "no cap"),
    ]


def _adds_up(s: CommissionStatement, currency: str) -> SheetSpec:
    pay = s.pay
    columns = [Column("Line"), Column("Amount", "money"), Column("How", "wrap")]
    if pay.result is None:
        return SheetSpec("How the total adds up", columns, rows=[],
                         empty_text=pay.missing.split(":")[0] or "nothing to pay")
    plan = pay.plan
    rows: list[tuple] = [
        ("Commission on won deals", s.commission_earned,
         f"{len(s.deals)} deals, {common.money(pay.won, currency)} won, band by band "
         "(Deals sheet)"),
    ]
    for bonus in s.bonuses:
        rows.append((f"Bonus at {number_text(bonus.threshold)}% of quota", bonus.amount,
                     "reached"))
    rows.append(("Before the cap", s.before_cap, "commission plus bonuses"))
    if plan.cap is not None:
        rows.append((f"Cap ({common.money(plan.cap, currency)} a quarter)",
                     -s.cut_by_cap if s.cut_by_cap else ZERO,
                     "cut" if s.cut_by_cap else "not reached"))
    rows.append(("Total paid", s.total_paid,
                 "final" if pay.final else "so far: the quarter is not over"))
    return SheetSpec("How the total adds up", columns, rows=rows)


def _bands(s: CommissionStatement) -> SheetSpec:
    columns = [Column("Band (of quota)"), Column("Multiplier", "number"),
               Column("Rate", "percent"), Column("Won in band", "money"),
               Column("Commission", "money")]
    result = s.pay.result
    if result is None:
        return SheetSpec("Bands", columns, rows=[], empty_text="no comp plan or quota")
    rows = [(band_label(b), b.multiplier, common.pct(b.rate_pct), b.booked, b.commission)
            for b in result.bands]
    return SheetSpec("Bands", columns, rows=rows, totals={
        "Won in band": sum((b.booked for b in result.bands), ZERO),
        "Commission": s.commission_earned,
    })


def _deals_sheet(s: CommissionStatement) -> SheetSpec:
    """One row per deal and band: a deal that crosses a threshold takes two rows, the
    second naming only the band, so the Amount column still adds up to what was won."""
    rows = []
    for d in s.deals:
        if not d.parts:
            rows.append((d.won_on, d.client, d.title, d.amount, None, None, None, None))
        for i, part in enumerate(d.parts):
            first = i == 0
            rows.append((d.won_on if first else None, d.client if first else None,
                         d.title if first else "(continued)", d.amount if first else None,
                         band_label(part.band), part.booked, common.pct(part.band.rate_pct),
                         part.commission))
    totals = {"Amount": sum((d.amount for d in s.deals), ZERO)}
    if s.commission_earned is not None:
        totals["In band"] = totals["Amount"]
        totals["Earned"] = s.commission_earned
    return SheetSpec("Deals", [
        Column("Won on", "date"), Column("Client"), Column("Deal"), Column("Amount", "money"),
        Column("Band"), Column("In band", "money"), Column("Rate", "percent"),
        Column("Earned", "money"),
    ], rows=rows, totals=totals if rows else None, freeze_cols=0, cents=True)
