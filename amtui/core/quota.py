"""Quotas, forecast figures, and `quota_status()`: every quota figure of a period at
once, for the Quota screen, `amtui status`, the reports and the Today banner.

Every figure is computed in one function: the ground figures (won, quota, attainment)
live in `bookings`, pace in `pace`, the figures set against a quota (gap, coverage,
expected % of quota) in `against_quota`, the track record (win rate, history, misses)
in `track_record`, pay in `commission`; import them from there.

The open pipeline a period counts is every open deal expected to book in it
(`pipeline.open_in`): by close date, except that a deal whose close date has passed is
overdue and counts in the period holding today, and a period that is over holds only
what was won.  The forecast is a ladder that only goes up, won <= won + commit <=
won + commit + best case <= won + all open (the ceiling), with the weighted forecast
beside it as the expected value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from amtui.core import clock, versions
from amtui.core.against_quota import against_quota, covered_deals
from amtui.core.bookings import (
    QuotaCover,
    attainment,
    current_quarter,
    fy_start_month,
    gap_and_excess,
    quota_cover,
    quota_for,
    won_against,
    won_in,
)
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.interactions import named_rows, parse_day
from amtui.core.money import ZERO, cents, fmt_short
from amtui.core.pace import pace
from amtui.core.parse import parse_money
from amtui.core.periods import Period, parse_period, quarter_of, shift
from amtui.core.pipeline import open_in, weighted_pipeline
from amtui.core.text import clean_text
from amtui.core.track_record import Probation, coverage_needed, probation, win_rate
from amtui.models import Opportunity, Quota, database, from_cents


# --- setting quotas -------------------------------------------------------------------
@dataclass(frozen=True)
class QuotaRow:
    period: str
    kind: str  # quarter | year
    start: date
    end: date
    amount: Decimal
    set_by: str
    notes: str
    version: int = 0  # the row's version when read: a save checks it (core.versions)


def _row(quota: Quota, fsm: int) -> QuotaRow:
    p = parse_period(quota.period, fsm)
    return QuotaRow(quota.period, p.kind, p.start, p.end, quota.amount, quota.set_by, quota.notes,
                    quota.version)


def unset_quota(period: Period) -> QuotaRow:
    """A period with no quota, as a form reads it (version 0): saving over it is refused
    when another machine set the quota meanwhile, instead of replacing theirs."""
    p = _quota_period(period)
    return QuotaRow(p.label, p.kind, p.start, p.end, None, "", "", version=0)  # type: ignore[arg-type]


def _quota_row(label: str) -> QuotaRow:
    row = Quota.get_or_none(Quota.period == label)
    if row is None:
        raise NotFound(f"quota: none set for {label}")
    return _row(row, fy_start_month())


# what a refusal suggests: only what a quota takes (a month is refused below)
QUOTA_PERIOD_HELP = "write 2026-Q4, Q4, this quarter, next quarter or FY2026"


def quota_period(text: str, *, today: date | None = None) -> Period:
    """The period a rep types for a quota (`2026-Q4`, `Q1`, `next quarter`, `FY2027`:
    anything `parse_period` reads, in the rep's fiscal calendar): a fiscal quarter or
    year.  Refused as InvalidInput("period", why): not a period, or a month."""
    p = parse_period(text, fy_start_month(), today=today or clock.today(), help=QUOTA_PERIOD_HELP)
    return _quota_period(p)


def _quota_period(period: Period) -> Period:
    p = period
    if p.kind == "month":
        raise InvalidInput(
            "period",
            f"{p.label} is a month; quotas are set per fiscal quarter (e.g. "
            f"{quarter_of(p.start, p.fy_start_month).label}) or fiscal year (e.g. FY{p.fy})",
        )
    return p


def set_quota(
    period: Period,
    amount: Decimal | int | str,
    *,
    set_by: str | None = None,
    notes: str | None = None,
    base: QuotaRow | None = None,
) -> QuotaRow:
    """Set (or change) the quota of a fiscal quarter or year.  `set_by` / `notes` left
    as None keep what was recorded before.  `base`: the quota as the rep's form read it
    (`unset_quota` when there was none; see core.versions); without it the last write
    wins (the CLI)."""
    p = _quota_period(period)
    if not isinstance(amount, Decimal):
        amount = parse_money(str(amount), field="amount")
    if amount <= 0:
        raise InvalidInput("amount", "must be above zero; to remove a quota, delete it")
    if amount != cents(amount):
        raise InvalidInput("amount", "has fractions of a cent")
    if set_by is not None:
        set_by = clean_text("set_by", set_by, limit=100)
    if notes is not None:
        notes = clean_text("notes", notes)
    yours = {k: v for k, v in dict(amount=amount, set_by=set_by, notes=notes).items()
             if v is not None}
    with versions.edit("quota", p.label, base, load=_quota_row, yours=yours), database.atomic():
        row = Quota.get_or_none(Quota.period == p.label)
        if row is None:
            if versions.version_of(base):
                raise NotFound(f"quota: none set for {p.label}")  # deleted elsewhere
            row = Quota(period=p.label)
        else:  # a form that read none (`unset_quota`) finds one set elsewhere meanwhile
            versions.expect(row, base)
        row.amount = amount
        if set_by is not None:
            row.set_by = set_by
        if notes is not None:
            row.notes = notes
        row.save()  # the same quota again writes nothing
    return _row(row, p.fy_start_month)


def delete_quota(period: Period) -> QuotaRow:
    p = _quota_period(period)
    with database.atomic():
        row = Quota.get_or_none(Quota.period == p.label)
        if row is None:
            raise NotFound(f"quota: none is set for {p.label}")
        result = _row(row, p.fy_start_month)
        row.delete_instance()
    return result


def quotas() -> list[QuotaRow]:
    """Every quota set, in date order (a year before its first quarter)."""
    fsm = fy_start_month()
    rows = [_row(q, fsm) for q in Quota.select()]
    return sorted(rows, key=lambda r: (r.start, r.kind != "year"))


def month_quota_shares(quarter_quota: Decimal | None) -> list[Decimal | None]:
    """A quarter's quota as three monthly shares that add up to it exactly (the annual
    forecast's months, the quarterly report's "Won by month")."""
    if quarter_quota is None:
        return [None, None, None]
    third = cents(quarter_quota / 3)
    return [third, third, quarter_quota - 2 * third]


# --- pipeline and forecast figures ----------------------------------------------------
class PeriodForecast(NamedTuple):
    won: Decimal
    open_count: int
    open_pipeline: Decimal  # unweighted open deals the period counts (`pipeline.open_in`)
    weighted_pipeline: Decimal
    commit: Decimal  # open deals in the commit category
    best_case: Decimal  # open deals in the best case category
    forecast_weighted: Decimal  # won + weighted pipeline: the expected value, beside the ladder
    forecast_commit: Decimal  # won + commit
    forecast_best_case: Decimal  # won + commit + best case
    forecast_ceiling: Decimal  # won + all open: the top of the ladder
    overdue_count: int  # open deals counted here whose close date has passed
    overdue_amount: Decimal


def forecast_from(won: Decimal, deals, today: date | None = None) -> PeriodForecast:
    """The forecast figures from bookings and the open deals a period counts (anything
    with amount, probability, forecast_category and close_on): the one place they are
    computed.  The ladder won <= commit <= best case <= ceiling holds by construction."""
    deals = list(deals)
    today = today or clock.today()
    weighted = weighted_pipeline(deals)
    commit = sum((d.amount for d in deals if d.forecast_category == "commit"), ZERO)
    best = sum((d.amount for d in deals if d.forecast_category == "best case"), ZERO)
    pipeline = sum((d.amount for d in deals), ZERO)
    overdue = [d for d in deals if d.close_on < today]
    return PeriodForecast(
        won=won,
        open_count=len(deals),
        open_pipeline=pipeline,
        weighted_pipeline=weighted,
        commit=commit,
        best_case=best,
        forecast_weighted=won + weighted,
        forecast_commit=won + commit,
        forecast_best_case=won + commit + best,
        forecast_ceiling=won + pipeline,
        overdue_count=len(overdue),
        overdue_amount=sum((d.amount for d in overdue), ZERO),
    )


def open_deals_in(period: Period, today: date):
    """The open deals a period counts (`pipeline.open_in`): the rows the forecast needs."""
    return (
        Opportunity.select(
            Opportunity.id,
            Opportunity.amount,
            Opportunity.probability,
            Opportunity.forecast_category,
            Opportunity.close_on,
        )
        .where(Opportunity.status == "open", open_in(period, today))
        .order_by(Opportunity.close_on, Opportunity.id)
    )


class OpenDeal(NamedTuple):
    """An open deal as the forecast reads it: `open_deals_in`'s columns, by name."""

    id: int
    amount: Decimal
    probability: int
    forecast_category: str
    close_on: date


def open_deal_rows(period: Period, today: date) -> list[OpenDeal]:
    """`open_deals_in` read raw, without peewee's converter per value (a parsed date
    and a Decimal per deal: half the time of the forecast's read)."""
    return [
        OpenDeal(r.id, from_cents(int(r.amount)), r.probability, r.forecast_category, parse_day(r.close_on))
        for r in named_rows(open_deals_in(period, today))
    ]


def period_forecast(period: Period, *, won: Decimal | None = None, today: date | None = None,
                    deals=None) -> PeriodForecast:
    """`deals`: the open deals the period counts (`open_deals_in`), when read already."""
    today = today or clock.today()
    won = won_in(period) if won is None else won
    return forecast_from(won, open_deal_rows(period, today) if deals is None else deals, today)


# --- everything at once: the Quota screen, `amtui status` and the Today banner --------
class QuotaStatus(NamedTuple):
    period: Period
    start: date
    end: date
    today: date
    quota: Decimal | None
    won: Decimal
    attainment_pct: Decimal | None
    gap: Decimal | None
    exceeded_by: Decimal | None
    days: int
    elapsed_days: int
    business_days_left: int
    expected_to_date: Decimal | None
    ahead_by: Decimal | None
    behind_by: Decimal | None
    run_rate_projection: Decimal | None
    required_per_business_day: Decimal | None
    open_count: int
    open_pipeline: Decimal
    weighted_pipeline: Decimal
    commit: Decimal
    best_case: Decimal
    forecast_weighted: Decimal
    forecast_commit: Decimal
    forecast_best_case: Decimal
    forecast_ceiling: Decimal
    overdue_count: int
    overdue_amount: Decimal
    coverage: Decimal | None
    coverage_needed: Decimal | None
    win_rate: Decimal | None
    commission: Decimal | None  # earned, before the cap
    bonus: Decimal | None  # earned
    capped_by: Decimal | None  # cut by the cap
    total_pay: Decimal | None  # paid: commission + bonus - capped_by
    commission_note: str  # why there is no commission figure ("no comp plan" ...)
    misses_in_a_row: int
    probation_risk: bool
    due_count: int  # follow-ups due today or overdue
    # what the quota covers: a year with a quota on some quarters only (`.partial`) has
    # attainment, gap and coverage over those quarters, and no pace
    quota_cover: QuotaCover = QuotaCover(None, ())
    quota_won: Decimal = ZERO  # won in what the quota covers (= won unless partial)
    run_ended: bool = False  # misses enough for a risk, ended by this quarter's number

    @property
    def commission_capped(self) -> bool:
        return bool(self.capped_by)


class Standing(NamedTuple):
    """The figures of `quota_status` that depend on the day, not the period: a report
    showing several periods works them out once (`day_standing`) and passes them."""

    coverage_needed: Decimal | None
    win_rate: Decimal | None
    probation: Probation
    due_count: int  # follow-ups due today or overdue


def _due_count(today: date) -> int:
    """`follow_up_agenda.due_count`, imported when asked: the reports of results and the
    forecast never are, and need none of the follow-ups' module."""
    from amtui.core.follow_up_agenda import due_count

    return due_count(today)


def day_standing(today: date) -> Standing:
    return Standing(coverage_needed(today), win_rate(today), probation(today), _due_count(today))


class QuotaResult(NamedTuple):
    """A period's quota against what was won in it: what a report of results shows (the
    quarterly's), without the pipeline, the pay or the day's standing.  `quota_status`
    takes these figures from here."""

    period: Period
    today: date
    quota: Decimal | None
    won: Decimal
    attainment_pct: Decimal | None
    gap: Decimal | None
    exceeded_by: Decimal | None
    business_days_left: int  # counting today (`Period.business_days_left`)
    quota_cover: QuotaCover = QuotaCover(None, ())
    quota_won: Decimal = ZERO  # won in what the quota covers (= won unless partial)


def quota_result(period: Period | None = None, today: date | None = None) -> QuotaResult:
    """Quota, won, attainment and gap of a quarter or fiscal year (default: the current
    quarter): two reads (the quota, what was won)."""
    today = today or clock.today()
    p = _quota_period(period or current_quarter(today))
    cover = quota_cover(p)
    won = won_in(p)
    quota_won = won_against(cover, p) if cover.partial else won
    gap, exceeded = gap_and_excess(quota_won, cover.amount)
    return QuotaResult(p, today, cover.amount, won, attainment(quota_won, cover.amount), gap,
                       exceeded, p.business_days_left(today), cover, quota_won)


def quota_status(period: Period | None = None, today: date | None = None, *,
                 standing: Standing | None = None, open_deals=None, with_pay: bool = True) -> QuotaStatus:
    """Every quota figure for a quarter or fiscal year (default: the current quarter).
    `standing`: `day_standing(today)` when the caller has it already; `open_deals`: the
    open deals the period counts on `today` (anything with amount, probability,
    forecast_category and close_on), when the caller read them already (the Quota
    screen's deal list, `gap_deals.gap_list(...).placed`).  `with_pay=False`: no pay
    worked out (commission, bonus, cap and total None, and a note saying so), for what
    shows no pay (the quarterly report): the commission working is not even loaded."""
    result = quota_result(period, today)
    p, today, quota, won, cover = result.period, result.today, result.quota, result.won, result.quota_cover
    deals = open_deal_rows(p, today) if open_deals is None else list(open_deals)
    forecast = forecast_from(won, deals, today)
    covered = forecast_from(result.quota_won, covered_deals(cover, deals, today), today) if cover.partial else forecast
    against = against_quota(cover, covered)
    # no pace for a partial year: an even pace over the year would spread one quarter's
    # quota over twelve months; the quarters that have a quota show their own pace
    speed = pace(p, today, won=won, quota=None if cover.partial else quota)
    commission = bonus = capped_by = total_pay = None
    pay_note = "pay not worked out"
    if with_pay:
        from amtui.core.commission import period_commission  # the pay: not status_line's

        pay = period_commission(p, today)
        commission, bonus, capped_by, total_pay = pay.commission, pay.bonus, pay.capped_by, pay.total
        pay_note = pay.missing
    now = standing or day_standing(today)
    return QuotaStatus(
        period=p,
        start=p.start,
        end=p.end,
        today=today,
        quota=quota,
        won=won,
        attainment_pct=against.attainment_pct,
        gap=against.gap,
        exceeded_by=against.exceeded_by,
        days=speed.days,
        elapsed_days=speed.elapsed_days,
        business_days_left=speed.business_days_left,
        expected_to_date=speed.expected_to_date,
        ahead_by=speed.ahead_by,
        behind_by=speed.behind_by,
        run_rate_projection=speed.run_rate_projection,
        required_per_business_day=speed.required_per_business_day,
        open_count=forecast.open_count,
        open_pipeline=forecast.open_pipeline,
        weighted_pipeline=forecast.weighted_pipeline,
        commit=forecast.commit,
        best_case=forecast.best_case,
        forecast_weighted=forecast.forecast_weighted,
        forecast_commit=forecast.forecast_commit,
        forecast_best_case=forecast.forecast_best_case,
        forecast_ceiling=forecast.forecast_ceiling,
        overdue_count=forecast.overdue_count,
        overdue_amount=forecast.overdue_amount,
        coverage=against.coverage,
        coverage_needed=now.coverage_needed,
        win_rate=now.win_rate,
        commission=commission,
        bonus=bonus,
        capped_by=capped_by,
        total_pay=total_pay,
        commission_note=pay_note,
        misses_in_a_row=now.probation.misses,
        probation_risk=now.probation.risk,
        run_ended=now.probation.ended,
        due_count=now.due_count,
        quota_cover=cover,
        quota_won=against.won,
    )


def status_line(today: date | None = None, period: Period | None = None, *,
                due: int | None = None) -> str:
    """One short line for the Today banner, a shell prompt or a tmux status bar:
    `Q4 62% of 250k · behind 8k · 3 due` (default: the current quarter).  `due`: the open
    follow-ups overdue or due today, when the caller has counted them already (Today's
    agenda: a count of them costs as much as the rest of the line at 20,000 clients)."""
    today = today or clock.today()
    this_quarter = current_quarter(today)
    p = _quota_period(period or this_quarter)
    cover = quota_cover(p)
    quota = cover.amount
    made_now = False if p == this_quarter and quota is None else None  # this quarter made?
    parts = []
    if quota is None:
        previous = quota_for(shift(p, -1))
        example = fmt_short(previous) if previous else "250k"
        # short enough for Today's banner at 80 columns with the due count beside it
        parts.append(f"No quota for {p.label} yet: amtui quota set {p.label} {example}, or q on Quota")
    else:
        # a year with a quota on some quarters only: those quarters' won, and no pace
        # (see quota_status)
        won = won_against(cover, p)
        pct = attainment(won, quota).to_integral_value(rounding=ROUND_DOWN)
        covers = f" ({cover.short})" if cover.partial else ""
        parts.append(f"{p.short}{covers} {pct}% of {fmt_short(quota)}")
        speed = None if cover.partial else pace(p, today, won=won, quota=quota)
        if p == this_quarter:
            made_now = won >= quota
        if won >= quota:
            parts.append(f"exceeded by {fmt_short(won - quota)}" if won > quota else "quota made")
        elif speed is not None:
            parts.append(f"behind {fmt_short(speed.behind_by)}" if speed.behind_by
                         else f"ahead {fmt_short(speed.ahead_by)}" if speed.ahead_by else "on pace")
    if due is None:
        due = _due_count(today)
    if due:
        parts.append(f"{due:,} due")  # 14,554 as the agenda counts write it
    run = probation(today, made_now)
    if run.risk:
        parts.append(f"PROBATION RISK: {run.misses} misses")
    return " · ".join(parts)
