"""The annual forecast: a fiscal year by month and by quarter, with known renewals.

Each row holds the quota, what is won (actual bookings), the open pipeline expected to
book in it (unweighted, weighted, commit and best case) and the forecast as a ladder
that only goes up: won <= won + commit <= won + commit + best case <= won + all open
(the ceiling), with won + weighted pipeline beside it as the expected value.  Gap to
quota is quota - won.  The figures come from the same functions as the Quota screen
(`quota.forecast_from`), so a quarter here matches `amtui status --period` for that
quarter to the cent.

A month or quarter that is over holds only what was won in it.  An open deal whose close
date has passed is overdue: it books today, so it counts in the current month (and
quarter and year), and `overdue_count` / `overdue_amount` say how many and how much.

A month has no quota of its own: the forecast shows an even third of its quarter's
quota (the quarter's last month takes the rounding, so three months add up to it).

A year with a quota on some quarters only (`QuotaCover.partial`: next year's Q1 set, the
rest not yet) has its total's quota, % of quota, gap and coverage worked out over those
quarters (`against_quota.against_quota`); its won, pipeline and ladder stay the whole year's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from peewee import fn

from amtui.core import clock
from amtui.core.against_quota import AgainstQuota, against_quota
from amtui.core.bookings import (
    QuotaCover,
    attainment,
    current_quarter,
    gap_and_excess,
    quota_cover,
    quota_for,
    won_in,
)
from amtui.core.interactions import named_rows, parse_day
from amtui.core.money import ZERO
from amtui.core.periods import Period, months_of, quarters_of
from amtui.core.pipeline import booking_day
from amtui.core.quota import (
    PeriodForecast,
    forecast_from,
    month_quota_shares,
    open_deal_rows,
)
from amtui.core.track_record import coverage_needed, win_rate
from amtui.models import Client, Holding, Product, from_cents

if TYPE_CHECKING:  # the commission working is imported by the forecast that uses it
    from amtui.core.commission import YearPay


class ForecastRow(NamedTuple):
    period: Period
    status: str  # past | current | future
    quota: Decimal | None  # a month: its share of the quarter's quota
    won: Decimal
    open_count: int
    pipeline: Decimal  # open deals expected to close in the period, unweighted
    weighted: Decimal
    commit: Decimal
    best_case: Decimal
    forecast: Decimal  # won + weighted pipeline: the expected value
    forecast_commit: Decimal  # won + commit
    forecast_best_case: Decimal  # won + commit + best case
    forecast_ceiling: Decimal  # won + all open
    attainment_pct: Decimal | None  # won / quota
    forecast_pct: Decimal | None  # expected (weighted forecast) / quota
    gap: Decimal | None  # quota - won, never negative
    exceeded_by: Decimal | None  # won - quota, never negative
    overdue_count: int  # open deals counted here whose close date has passed
    overdue_amount: Decimal
    renewals: Decimal  # annual value of the renewals falling in the period

    @property
    def forecast_weighted(self) -> Decimal:
        """`forecast` under the name `PeriodForecast` and `QuotaStatus` give it, so a row
        can be handed to what takes either (`snapshots.trend`'s `now`)."""
        return self.forecast


class Renewal(NamedTuple):
    on: date
    client_id: int
    client: str
    what: str  # "Contract renewal" or the product that ends
    annual_value: Decimal


class RenewalMonth(NamedTuple):
    month: Period
    renewals: tuple[Renewal, ...]
    value: Decimal


class Forecast(NamedTuple):
    year: Period
    today: date
    months: tuple[ForecastRow, ...]
    quarters: tuple[ForecastRow, ...]
    total: ForecastRow  # quota, % of quota and gap: over what the quota covers (`against`)
    coverage: Decimal | None  # open pipeline / quota still to book, over what the quota covers
    coverage_needed: Decimal | None
    win_rate: Decimal | None  # percent, the last four completed quarters
    overdue_count: int  # open deals counted in the year whose close date has passed
    overdue_amount: Decimal
    renewals: tuple[RenewalMonth, ...]  # one per month, in order
    pay: YearPay | None  # base salary, commission and bonuses of the year (None: not asked)
    against: AgainstQuota  # the year against its quota; `.cover.partial`: some quarters only

    @property
    def quota_cover(self) -> QuotaCover:
        return self.against.cover


def _status(p: Period, today: date) -> str:
    return "past" if p.end < today else "future" if p.start > today else "current"


def _row(p: Period, today: date, quota: Decimal | None, figures: PeriodForecast, renewals: Decimal) -> ForecastRow:
    gap, exceeded = gap_and_excess(figures.won, quota)
    return ForecastRow(
        period=p,
        status=_status(p, today),
        quota=quota,
        won=figures.won,
        open_count=figures.open_count,
        pipeline=figures.open_pipeline,
        weighted=figures.weighted_pipeline,
        commit=figures.commit,
        best_case=figures.best_case,
        forecast=figures.forecast_weighted,
        forecast_commit=figures.forecast_commit,
        forecast_best_case=figures.forecast_best_case,
        forecast_ceiling=figures.forecast_ceiling,
        attainment_pct=attainment(figures.won, quota),
        forecast_pct=attainment(figures.forecast_weighted, quota),
        gap=gap,
        exceeded_by=exceeded,
        overdue_count=figures.overdue_count,
        overdue_amount=figures.overdue_amount,
        renewals=renewals,
    )


def known_renewals(start: date, end: date) -> list[Renewal]:
    """Contract renewals (a client's renewal date) and products ending (a holding's end
    date) from start to end, of clients still in the book.  A contract renewal carries
    the value of the client's active products that have no end date of their own."""
    # `archived != True` (never null: the same clients as `== False`) so that SQLite takes
    # the date's index, not the archived flag's that nearly every client shares (3x slower)
    renewing = Client.select(Client.id).where(
        Client.renewal_on.between(start, end), Client.archived != True, Client.status != "churned"  # noqa: E712
    )
    # one grouped query, summed in SQL on integer cents: a client's products renewing with it
    with_contract = {
        r.client: r.cents
        for r in Holding.select(Holding.client, fn.SUM(Holding.annual_value).coerce(False).alias("cents"))
        .where(Holding.client.in_(renewing), Holding.status == "active", Holding.ends_on.is_null())
        .group_by(Holding.client)
        .namedtuples()
    }
    # read raw (named_rows): peewee's per-value converters cost more than the queries
    out = [
        Renewal(parse_day(c.renewal_on), c.id, c.name, "Contract renewal",
                from_cents(int(with_contract[c.id])))
        for c in named_rows(Client.select(Client.id, Client.name, Client.renewal_on)
                            .where(Client.id.in_(renewing)))
        # a contract with no product renewing with it has no value: a date on the
        # client's row (status report), not a $0 renewal line
        if with_contract.get(c.id)
    ]
    holdings = (
        Holding.select(Holding.ends_on, Client.id.alias("client_id"), Client.name.alias("client"),
                       Product.name.alias("product"), Holding.annual_value)
        .join(Client, on=Holding.client == Client.id)
        .switch(Holding)
        .join(Product, on=Holding.product == Product.id)
        .where(
            Holding.ends_on.between(start, end),
            Holding.status == "active",
            Client.archived != True,  # noqa: E712  (as above: the ends_on index)
            Client.status != "churned",
        )
    )
    for h in named_rows(holdings):
        value = h.annual_value
        out.append(Renewal(on=parse_day(h.ends_on), client_id=h.client_id, client=h.client,
                           what=h.product,
                           annual_value=None if value is None else from_cents(int(value))))
    return sorted(out, key=lambda r: (r.on, r.client.casefold(), r.what))


def _combine(parts: list[PeriodForecast]) -> PeriodForecast:
    """Figures of a longer period from its months': sums, exact by construction."""
    def total(attr):
        return sum((getattr(p, attr) for p in parts), ZERO)

    return PeriodForecast(
        won=total("won"),
        open_count=sum(p.open_count for p in parts),
        open_pipeline=total("open_pipeline"),
        weighted_pipeline=total("weighted_pipeline"),
        commit=total("commit"),
        best_case=total("best_case"),
        forecast_weighted=total("forecast_weighted"),
        forecast_commit=total("forecast_commit"),
        forecast_best_case=total("forecast_best_case"),
        forecast_ceiling=total("forecast_ceiling"),
        overdue_count=sum(p.overdue_count for p in parts),
        overdue_amount=total("overdue_amount"),
    )


def _year_pay(year: Period, today: date) -> YearPay:
    """`commission.year_pay`, imported here: the quarterly and forecast reports import
    this module and need none of the commission working (8 record classes)."""
    from amtui.core.commission import year_pay

    return year_pay(year, today)


def annual_forecast(period: Period | None = None, today: date | None = None, *,
                    with_pay: bool = True, deals=None) -> Forecast:
    """The fiscal year's forecast by month and quarter (default: this fiscal year; a
    quarter or month given stands for its fiscal year).  `with_pay=False`: no year's pay
    (`pay` is None), for the annual forecast report, which shows none.  `deals`: the open
    deals the year counts (`open_deal_rows(year, today)`'s, in any order: anything with
    amount, probability, forecast_category and close_on), when read already: the report
    reads them once, as its Open deals sheet lists them (`results.open_listed_deals`)."""
    today = today or clock.today()
    period = period or current_quarter(today)
    year = period if period.kind == "year" else period.fiscal_year  # a quarter: its year
    # each open deal filed once under the month it is expected to book in
    by_month: dict[date, list] = {}
    for d in open_deal_rows(year, today) if deals is None else deals:
        by_month.setdefault(booking_day(d.close_on, today).replace(day=1), []).append(d)
    renewals = known_renewals(year.start, year.end)
    months, quarters = [], []
    month_figures_by_quarter = []
    renewal_months = []
    for q in quarters_of(year):
        q_quota = quota_for(q)
        figures = []
        for m, share in zip(months_of(q), month_quota_shares(q_quota), strict=True):
            in_month = by_month.get(m.start, [])
            f = forecast_from(won_in(m), in_month, today)
            due = tuple(r for r in renewals if m.contains(r.on))
            value = sum((r.annual_value for r in due), ZERO)
            renewal_months.append(RenewalMonth(m, due, value))
            months.append(_row(m, today, share, f, value))
            figures.append(f)
        q_value = sum((r.value for r in renewal_months[-3:]), ZERO)
        quarters.append(_row(q, today, q_quota, _combine(figures), q_value))
        month_figures_by_quarter.extend(figures)
    year_figures = _combine(month_figures_by_quarter)
    cover = quota_cover(year)
    covered = year_figures
    if cover.partial:  # the quarters with a quota: their three months each
        covered = _combine([f for i, q in enumerate(quarters_of(year)) if q in cover.covers
                            for f in month_figures_by_quarter[3 * i:3 * i + 3]])
    against = against_quota(cover, covered)
    total = _row(year, today, cover.amount, year_figures, sum((r.value for r in renewal_months), ZERO))
    total = total._replace(attainment_pct=against.attainment_pct, forecast_pct=against.expected_pct,
                           gap=against.gap, exceeded_by=against.exceeded_by)
    return Forecast(
        year=year,
        today=today,
        months=tuple(months),
        quarters=tuple(quarters),
        total=total,
        coverage=against.coverage,
        coverage_needed=coverage_needed(today),
        win_rate=win_rate(today),
        overdue_count=total.overdue_count,
        overdue_amount=total.overdue_amount,
        renewals=tuple(renewal_months),
        pay=_year_pay(year, today) if with_pay else None,
        against=against,
    )
