"""Sales results broken down for the reports: won by month, kind, client and product
family; win rate, average deal size and days to close for a period; and the few
per-client counts the account status report needs that no other module gives in bulk.

Each figure is computed here once, from the same ground rules as `bookings`: a won deal
counts in the period of its won date (`closed_on`), at its amount.  Sums are taken over
the deals `pipeline.deals` lists (exact Decimals, read as `ListedDeal`s) or in SQL on
integer cents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from peewee import Case, Cast, fn

from amtui.core import clock, sql
from amtui.core.bookings import TENTH, won_in
from amtui.core.interactions import FEW_CLIENTS, MAX_IN_LIST, named_rows, parse_day
from amtui.core.made import Made
from amtui.core.money import ZERO, cents
from amtui.core.periods import Period, months_of
from amtui.core.pipeline import (
    Converted,
    Totals,
    deal_order,
    joined,
    matching,
    pipeline_totals,
    stale_reason,
)
from amtui.models import DEAL_KINDS, Client, Commitment, Opportunity, Product, Stage, from_cents

NO_FAMILY = "(no product)"
TOP_CLIENTS = 10


class ListedDeal(NamedTuple):
    """A deal as the reports' deal lists show it: the columns they print, read raw (a
    `pipeline.DealRow` works out 27 fields, staleness and days in stage among them)."""

    id: int
    client_id: int
    client: str
    title: str
    kind: str
    stage: str
    product: str  # "" without one
    product_id: int | None
    amount: Decimal
    probability: int
    weighted: Decimal
    forecast_category: str
    close_on: date
    closed_on: date | None
    next_step: str
    lost_reason: str


_LISTED = (
    Opportunity.id, Opportunity.client.alias("client_id"), Client.name.alias("client"),
    Opportunity.title, Opportunity.kind, Stage.name.alias("stage"),
    Product.name.alias("product"), Opportunity.product.alias("product_id"), Opportunity.amount,
    Opportunity.probability, Opportunity.forecast_category,
    Opportunity.close_on.cast("TEXT").alias("close_on"),
    Opportunity.closed_on.cast("TEXT").alias("closed_on"), Opportunity.next_step,
    Opportunity.lost_reason,
)


def listed_deals(*, period: Period, status: str, categories: tuple[str, ...] = (),
                 today: date | None = None) -> list[ListedDeal]:
    """`pipeline.deals(period=, status=, categories=)`'s deals, in its order, as
    `ListedDeal`s: the same filters (`pipeline.matching`) and order (`deal_order`)."""
    today = today or clock.today()
    query = matching(joined(*_LISTED), period=period, status=status, today=today)
    if categories:
        query = query.where(Opportunity.forecast_category.in_(list(categories)))
    seen = Converted(today)  # each distinct amount, weighting and day converted once
    out = []
    for r in named_rows(query.order_by(*deal_order())):
        amount, weight = seen.amount[r.amount], seen.weighted[r.amount, r.probability]
        close_on, closed_on = seen.day[r.close_on], seen.day[r.closed_on]
        out.append(ListedDeal(
            r.id, r.client_id, r.client, r.title, r.kind, r.stage, r.product or "",
            r.product_id, amount, r.probability, weight, r.forecast_category, close_on,
            closed_on, r.next_step, r.lost_reason,
        ))
    return out


class OpenListedDeal(NamedTuple):
    """An open deal as the forecast's Open deals sheet lists it: the columns it prints
    and why the deal is stale (`pipeline.stale_reason`), read raw."""

    id: int
    client: str
    title: str
    kind: str
    stage: str
    forecast_category: str
    amount: Decimal
    probability: int
    weighted: Decimal
    close_on: date
    stale_reason: str
    next_step: str


def open_listed_deals(period: Period, today: date | None = None) -> list[OpenListedDeal]:
    """`pipeline.deals(period=, status="open")`'s deals, in its order, as `OpenListedDeal`s
    (the same filters and order; staleness by the same rule): 12 columns instead of a
    `DealRow`'s 27, each distinct amount, day and overdue note converted once."""
    today = today or clock.today()
    columns = (
        Opportunity.id, Client.name.alias("client"), Opportunity.title, Opportunity.kind,
        Stage.name.alias("stage"), Opportunity.forecast_category, Opportunity.amount,
        Opportunity.probability, Opportunity.close_on.cast("TEXT").alias("close_on"),
        # the local day the deal entered its stage, as `pipeline.deals` reads it
        Cast(sql.local_date(Opportunity.stage_entered_at), "TEXT").alias("entered_day"),
        Stage.rot_days, Opportunity.next_step,
    )
    query = matching(joined(*columns), period=period, status="open", today=today)
    seen = Converted(today)  # each distinct amount, weighting, day and note converted once
    out = []
    for r in named_rows(query.order_by(*deal_order())):
        close_on, entered = seen.day[r.close_on], seen.day[r.entered_day]
        amount, weight = seen.amount[r.amount], seen.weighted[r.amount, r.probability]
        overdue = seen.overdue[close_on]
        days_in = max(0, (today - entered).days)  # local days: none before it
        reason = stale_reason("open", r.stage, days_in, r.rot_days, close_on, today, overdue=overdue)
        out.append(OpenListedDeal(r.id, r.client, r.title, r.kind, r.stage, r.forecast_category,
                                  amount, r.probability, weight, close_on, reason, r.next_step))
    return out


class WonBreakdown(NamedTuple):
    period: Period
    total: Decimal
    by_month: list[tuple[Period, Decimal]]  # every month of the period, in order
    by_kind: list[tuple[str, Decimal]]  # new, upsell, cross-sell, renewal (all four)
    top_clients: list[tuple[int, str, Decimal]]  # (client id, name, won), biggest first
    by_family: list[tuple[str, Decimal]]  # product family, biggest first
    deals: list[ListedDeal]  # the won deals themselves, newest first


class WinStats(NamedTuple):
    period: Period
    won_count: int
    lost_count: int
    won_amount: Decimal
    lost_amount: Decimal
    win_rate_pct: Decimal | None  # won deals / closed deals, one decimal; None if none closed
    average_deal: Decimal | None  # won amount / won deals; None if none won
    average_days_to_close: Decimal | None  # creation to won date, one decimal


def _sums(pairs) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for key, amount in pairs:
        out[key] += amount
    return out


def won_breakdown(period: Period, *, top: int = TOP_CLIENTS) -> WonBreakdown:
    """What was won in the period, by month, kind, client (top `top`) and product family."""
    won = listed_deals(period=period, status="won")
    families = _families({d.product_id for d in won if d.product_id is not None})
    by_kind = _sums((d.kind, d.amount) for d in won)
    by_client = _sums(((d.client_id, d.client), d.amount) for d in won)
    by_family = _sums((families.get(d.product_id) or NO_FAMILY, d.amount) for d in won)
    clients = sorted(by_client.items(), key=lambda kv: (-kv[1], kv[0][1].casefold()))
    return WonBreakdown(
        period=period,
        total=sum((d.amount for d in won), ZERO),
        by_month=[(m, won_in(m)) for m in months_of(period)],
        by_kind=[(kind, by_kind.get(kind, ZERO)) for kind in DEAL_KINDS]
        + [(k, v) for k, v in by_kind.items() if k not in DEAL_KINDS],
        top_clients=[(cid, name, amount) for (cid, name), amount in clients[:top]],
        by_family=sorted(by_family.items(), key=lambda kv: (-kv[1], kv[0])),
        deals=won,
    )


def _families(product_ids: set[int]) -> dict[int, str]:
    if not product_ids:
        return {}
    query = Product.select(Product.id, Product.family).where(Product.id.in_(list(product_ids)))
    return {r.id: r.family for r in named_rows(query)}


def win_stats(period: Period) -> WinStats:
    """Win rate, average deal size and average days to close of deals closed in the period."""
    closed = (
        Opportunity.select(Opportunity.status, Opportunity.amount,
                           # the local day the deal was created, as `clock.local` gives it
                           Cast(sql.local_date(Opportunity.created_at), "TEXT").alias("created_day"),
                           Opportunity.closed_on)
        .where(Opportunity.status.in_(("won", "lost")),
               Opportunity.closed_on.between(period.start, period.end))
    )
    won_count = lost_count = 0
    won_cents = lost_cents = 0
    days: list[int] = []
    parsed = Made(parse_day)  # each distinct day's text parsed once: a period's deals share them
    for deal in named_rows(closed):
        if deal.status == "won":
            won_count += 1
            won_cents += int(deal.amount)
            days.append(max(0, (parsed[deal.closed_on] - parsed[deal.created_day]).days))
        else:
            lost_count += 1
            lost_cents += int(deal.amount)
    won_amount, lost_amount = from_cents(won_cents), from_cents(lost_cents)
    closed_count = won_count + lost_count
    return WinStats(
        period=period,
        won_count=won_count,
        lost_count=lost_count,
        won_amount=won_amount,
        lost_amount=lost_amount,
        win_rate_pct=_one_decimal(Decimal(won_count) * 100 / closed_count) if closed_count else None,
        average_deal=cents(won_amount / won_count) if won_count else None,
        average_days_to_close=_one_decimal(Decimal(sum(days)) / len(days)) if days else None,
    )


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def won_by_client(period: Period, client_ids: list[int] | None = None) -> dict[int, Decimal]:
    """Each client's bookings in the period (clients with none are absent)."""
    if client_ids is not None and len(client_ids) <= FEW_CLIENTS:
        # a few clients (the brief's one): their own deals by the client index, the
        # period's won ones summed (about 1 ms).  Filtered on status and won date, SQLite
        # took the (status, won date) index and visited every deal won in the period
        # (7-10 ms for a year at 5,000 clients)
        won = (Opportunity.status == "won") & Opportunity.closed_on.between(period.start, period.end)
        query = (
            Opportunity.select(Opportunity.client,
                               fn.SUM(Case(None, [(won, Opportunity.amount)])).alias("value"))
            .where(Opportunity.client.in_(list(client_ids)))
            .group_by(Opportunity.client)
        )
        return {r.client_id: from_cents(int(r.value)) for r in named_rows(query) if r.value is not None}
    query = (
        Opportunity.select(Opportunity.client, fn.SUM(Opportunity.amount).alias("value"))
        .where(Opportunity.status == "won",
               Opportunity.closed_on.between(period.start, period.end))
        .group_by(Opportunity.client)
    )
    return _by_client(query, client_ids, lambda cents_: from_cents(int(cents_)))


def open_commitments_by_client(client_ids: list[int] | None = None,
                               today: date | None = None) -> dict[int, tuple[int, int]]:
    """client id -> (open commitments, of which overdue) for clients with any open."""
    late = Case(None, [(Commitment.due_on < (today or clock.today()), 1)], 0)
    query = (
        Commitment.select(Commitment.client, fn.COUNT(Commitment.id).alias("n"),
                          fn.SUM(late).alias("late"))
        .where(Commitment.status == "open")
        .group_by(Commitment.client)
    )
    wanted = set(client_ids) if client_ids is not None else None
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        query = query.where(Commitment.client.in_(list(client_ids)))
    return {
        r.client_id: (r.n, int(r.late or 0))
        for r in named_rows(query)
        if wanted is None or r.client_id in wanted
    }


class _OpenDeal(NamedTuple):
    client_id: int
    amount: Decimal
    probability: int


def _open_deals(client_ids: list[int] | None) -> Iterator[_OpenDeal]:
    """The clients' open deals as they are read: three columns per deal, not a deal row."""
    query = Opportunity.select(Opportunity.client, Opportunity.amount, Opportunity.probability).where(
        Opportunity.status == "open")
    wanted = set(client_ids) if client_ids is not None else None
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        query = query.where(Opportunity.client.in_(list(client_ids)))
    amounts = Made(lambda raw: from_cents(int(raw)))  # each distinct amount converted once
    for deal in named_rows(query):
        if wanted is None or deal.client_id in wanted:
            yield _OpenDeal(deal.client_id, amounts[deal.amount], deal.probability)


def open_pipeline_by_client(client_ids: list[int] | None = None) -> dict[int, Totals]:
    """client id -> count, amount and weighted amount of its open deals (`pipeline_totals`,
    the one weighting rule) for clients with any."""
    by_client: dict[int, list[_OpenDeal]] = defaultdict(list)
    for deal in _open_deals(client_ids):
        by_client[deal.client_id].append(deal)
    return {cid: pipeline_totals(open_deals) for cid, open_deals in by_client.items()}


def open_pipeline_total(client_ids: list[int] | None = None) -> Totals:
    """The clients' open deals together: what `open_pipeline_by_client`'s totals add up
    to (each deal weighted and rounded on its own), summed as the deals stream past."""
    return pipeline_totals(_open_deals(client_ids))


def _by_client(query, client_ids, convert) -> dict[int, Decimal]:
    wanted = set(client_ids) if client_ids is not None else None
    if client_ids is not None and len(client_ids) <= MAX_IN_LIST:
        query = query.where(Opportunity.client.in_(list(client_ids)))
    return {
        r.client_id: convert(r.value)
        for r in named_rows(query)
        if r.value is not None and (wanted is None or r.client_id in wanted)
    }
