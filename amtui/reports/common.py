"""What every report builder shares: the cover details and the definitions it quotes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from amtui.core import clock
from amtui.core.money import fmt_money
from amtui.core.settings import Settings, get_settings
from amtui.core.text import encodable
from amtui.reports.model import Progress, Report


def new_report(name: str, title: str, period_label: str, today: date | None = None,
               settings: Settings | None = None) -> Report:
    """An empty report with the rep's name, company and currency from settings."""
    settings = settings or get_settings()
    return Report(
        name=name,
        title=title,
        # encodable: a name an older amtui stored with a byte that isn't UTF-8 becomes
        # U+FFFD (a workbook is UTF-8 XML: the raw surrogate failed the whole export)
        rep_name=encodable(settings.rep_name),
        company=encodable(settings.company),
        period_label=period_label,
        made_on=today or clock.today(),
        currency=settings.currency,
    )


def day_label(day: date) -> str:
    """`27 Nov 2026`: the date format the workbooks use, for titles and notes."""
    return f"{day.day} {day:%b %Y}"


def money(value: Decimal | None, currency: str) -> str:
    """Whole units for notes under key figures: `$12,500`."""
    return fmt_money(value, currency, decimals=False)


def pct(percent: Decimal | int | float | None) -> Decimal | None:
    """A percentage from core (85.3 = 85.3%) as the fraction a percent cell holds."""
    if percent is None:
        return None
    return (Decimal(str(percent)) / 100).quantize(Decimal("0.0001"))


class Steps:
    """Progress for a builder with a few named steps: step() after each one."""

    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, total, progress

    def step(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


# How the figures are computed, in the words the Definitions sheet uses.  Health is
# quoted from core's own rules text so the two cannot drift apart.
WEIGHTED_PIPELINE = (
    "Each open deal's amount times its probability (the stage's probability unless the "
    "rep set one for the deal), rounded to the cent deal by deal, then added up. Won and "
    "lost deals are not pipeline."
)
# A deal's probability in a list of deals: a short header, so the column is as wide as its
# figures ("75.0%") and the deal's name gets the room ("Probability" took 16 characters)
PROBABILITY_HEADER = "Prob."
PROBABILITY = (
    "The deal's probability of being won: its stage's, unless the rep set one for the "
    "deal. Weighted is the amount times it."
)
WON = (
    "Deals marked won, counted in the period of the date they were won (the bookings "
    "date), at their amount. Lost deals count nowhere."
)
QUOTA = (
    "Set per fiscal quarter; a fiscal year's quota is the sum of its quarters' unless a "
    "quota is set for the year itself. A month's share is a third of its quarter's "
    "(the last month of the quarter takes the rounding)."
)
ATTAINMENT = (
    "Won in the period divided by its quota, rounded down to one decimal, so 100.0% "
    "always means the quota is made."
)
GAP = "Quota minus won; never below zero (the forecast's figures do not change it)."
COVERAGE = (
    "Open pipeline expected to close in the period (at full value, overdue deals "
    "included) divided by the quota still to win. The coverage needed is 1 / the win "
    "rate of the last four completed quarters (3x with no history; 'no wins yet' when "
    "every deal closed in them was lost)."
)
COMMISSION = (
    "Commission earned: per fiscal quarter, on the comp plan in effect on the quarter's "
    "last day, won times the plan's rate times the multiplier of each attainment band "
    "(marginal: each dollar in its own band; retroactive: all at the band reached), before "
    "the cap. Bonuses earned: every bonus whose attainment is reached, always shown. A "
    "year is the sum of its quarters."
)
CAP = (
    "What the plan's cap per quarter takes off commission earned plus bonuses earned; the "
    "cap cuts commission first, so a bonus reached still shows as earned."
)
TOTAL_PAY = "Commission earned plus bonuses earned minus what the cap cuts: what is paid."
OVERDUE = (
    "An open deal whose expected close date has passed is overdue: it counts in the "
    "current month and quarter (pipeline, forecast, coverage) until it is moved, won or "
    "lost; a month or quarter that is over holds only what was won in it."
)
LADDER = (
    "The forecast is a ladder that only goes up: won, then won plus commit, then plus "
    "best case, then won plus every open deal (the ceiling); the weighted forecast is the "
    "expected value beside it, not a rung."
)
FORECAST = (
    "Expected (weighted): won plus each open deal expected to close in the period at "
    "amount times probability, rounded to the cent deal by deal. " + OVERDUE
)
COMMIT = "Won plus the open deals in forecast category 'commit', at full value."
BEST_CASE = "Won plus commit plus the open deals in forecast category 'best case', at full value."
CEILING = "Won plus every open deal expected to close in the period, at full value: the most it can be."
WIN_RATE = (
    "Deals won divided by deals closed (won plus lost) in the period, by number of deals."
)
DEAL_SIZE = "Won in the period divided by the number of deals won."
DAYS_TO_CLOSE = (
    "Average number of days from a won deal's creation to the day it was won; a deal "
    "entered after it was won (its won date before the day it was entered) counts as 0 days."
)
CADENCE = (
    "How often a client should hear from the rep: the client's own cadence, else its "
    "tier's (settings). Overdue means the last contact is older than the cadence."
)


def health_definition() -> str:
    from amtui.core import health

    return health.RULES_TEXT
