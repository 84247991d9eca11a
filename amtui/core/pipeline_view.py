"""The Pipeline screen's lists, read a page at a time.

A pipeline can hold tens of thousands of deals, so the screen never loads them all: it
reads the order of the whole match once (`deal_order`: ids, with each open deal's stage
for the board), the figures of the whole match in one aggregate query (`summary`: the
totals line, each board column's header, and the extremes the table's columns are
sized by), and then the rows of the ids on screen, a page at a time (`DealPages`).
The filters and the order are `pipeline.deals()`'s own (`pipeline.matching`,
`pipeline.deal_order`), so the screen, the CLI and the reports list the same deals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from peewee import SQL, Case, Value, fn

from amtui.core import commission, sql
from amtui.core import pipeline as pl
from amtui.core.periods import Period
from amtui.core.stages import StageRow, stages
from amtui.models import Client, Opportunity, cursor_rows, database, from_cents


@dataclass(frozen=True)
class DealFilter:
    period: Period | None = None
    status: str = "open"  # open | won | lost | all
    text: str = ""


@dataclass(frozen=True)
class DealOrder:
    ids: list[int]  # every deal matching, in the list's order
    by_stage: dict[str, list[int]]  # the open ones per open stage (the board), same order


@dataclass(frozen=True)
class StageTotals:
    """A board column's header: the open deals of one stage."""

    stage: StageRow
    count: int
    total: Decimal
    weighted: Decimal


@dataclass(frozen=True)
class Widest:
    """The extremes of the match, for sizing columns without reading every row."""

    amounts: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))  # largest, smallest
    weighted: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    pays: Decimal | None = None  # the most a deal would pay if won alone; None: no plan
    days: frozenset[date] = frozenset()  # the days the Close column shows
    days_in_stage: int = 0
    probability: int = 0
    overridden: bool = False
    stage_names: frozenset[str] = frozenset()  # the Stage column: stages, or won / lost
    text: dict[str, int] = field(default_factory=dict)  # client, title, kind, next step


@dataclass(frozen=True)
class Summary:
    count: int
    amount: Decimal
    weighted: Decimal
    stale: int  # open deals past their close date or too long in their stage
    if_won: Decimal  # what winning every open deal shown adds to pay
    stages: list[StageTotals]  # every open stage, in order
    widest: Widest


@dataclass(frozen=True)
class ShownDeal:
    """A deal as the lists show it: the row, and what winning it alone would pay."""

    deal: pl.DealRow
    pays: Decimal | None

    @property
    def id(self) -> int:
        return self.deal.id


def _raw(query) -> list:
    """The query's rows by column name, without peewee's per-value converters."""
    return list(cursor_rows(database.execute_sql(*query.sql())))


def deal_order(f: DealFilter, today: date) -> DealOrder:
    """The ids of every deal matching, in the list's order (one query of integers)."""
    names = {s.id: s.name for s in stages() if s.is_open}
    query = pl.matching(pl.joined(Opportunity.id, Opportunity.stage, Opportunity.status),
                        period=f.period, status=f.status, text=f.text, today=today)
    ids: list[int] = []
    by_stage: dict[str, list[int]] = {name: [] for name in names.values()}
    for deal in _raw(query.order_by(*pl.deal_order())):
        ids.append(deal.id)
        if deal.status == "open" and deal.stage_id in names:
            by_stage[names[deal.stage_id]].append(deal.id)
    return DealOrder(ids, by_stage)


def _weighted_cents():
    """`pipeline.deal_weighted` in SQL, on integer cents: amount x probability / 100,
    rounded half away from zero (integer division truncates towards zero on both engines)."""
    product = Opportunity.amount * Opportunity.probability
    half, hundred = _number(50), _number(100)  # plain numbers: not money to convert to cents
    return Case(None, [(Opportunity.amount >= _number(0), (product + half) / hundred)],
                (product - half) / hundred)


def _number(value):
    """A constant the database gets as it is (beside a column, peewee would pass it
    through the column's own conversion: money to cents, a time to text)."""
    return Value(value, converter=False)


def _entered_before(rot_days: int, today: date) -> str:
    """A deal is too long in a stage with this limit when it entered before this moment
    (`pipeline.stale_reason`: more than `rot_days` local days ago), as stored (UTC text)."""
    midnight = datetime.combine(today - timedelta(days=rot_days), time()).astimezone()
    return midnight.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def summary(f: DealFilter, today: date, quarters=None) -> Summary:
    """The figures of every deal matching, from one aggregate query (grouped by status,
    stage and the day the Close column shows): count, amount, weighted, stale deals, what
    winning the open ones adds to pay, each open stage's totals, and the extremes."""
    every = stages()
    by_id = {s.id: s for s in every}
    limits = [(s.id, _entered_before(s.rot_days, today)) for s in every if s.is_open and s.rot_days is not None]
    is_open = Opportunity.status == "open"
    late = Opportunity.close_on < today
    if limits:
        late = late | (Opportunity.stage_entered_at < Case(Opportunity.stage, [(_number(i), _number(t)) for i, t in limits], None))
    stale = Case(None, [(is_open & late, 1)], 0)
    weighted = _weighted_cents()
    day = Case(None, [(is_open, Opportunity.close_on)], Opportunity.closed_on)
    note = Case(None, [(Opportunity.next_step != "", Opportunity.next_step),
                       (Opportunity.status == "lost", Opportunity.lost_reason)], "")
    query = pl.matching(pl.joined(
        Opportunity.status, Opportunity.stage, day.cast("TEXT").alias("close_day"),
        fn.COUNT(Opportunity.id).alias("n"), fn.SUM(Opportunity.amount).alias("total"),
        fn.SUM(weighted).alias("weighted"), fn.SUM(stale).alias("stale"),
        fn.MAX(Opportunity.amount).alias("most"), fn.MIN(Opportunity.amount).alias("least"),
        fn.MAX(weighted).alias("weighted_most"), fn.MIN(weighted).alias("weighted_least"),
        fn.MAX(fn.LENGTH(Client.name)).alias("client_len"), fn.MAX(fn.LENGTH(Opportunity.title)).alias("title_len"),
        fn.MAX(fn.LENGTH(Opportunity.kind)).alias("kind_len"), fn.MAX(fn.LENGTH(note)).alias("note_len"),
        fn.MAX(Opportunity.probability).alias("probability"),
        fn.MAX(Opportunity.probability_overridden.cast("INTEGER")).alias("overridden"),
        fn.MIN(Opportunity.stage_entered_at).alias("entered"),
    ), period=f.period, status=f.status, text=f.text, today=today)
    # grouped by position: PostgreSQL does not see the CASE in GROUP BY as the one selected
    # (each carries its own parameter), and would refuse the query
    query = query.group_by(SQL("1"), SQL("2"), SQL("3"))
    count = amount = weighted_sum = stale_count = 0
    per_stage: dict[int, dict[str, int]] = {}  # open stage id -> its n, total, weighted cents
    booked: dict[date, int] = {}  # open deals' cents by close date: what winning them adds
    biggest: dict[date, int] = {}  # the largest open deal by close date: the most one pays
    amounts, weights, days, names = [], [], set(), set()
    text = {"client": 0, "title": 0, "kind": 0, "next step": 0}
    probability, overridden, entered = 0, False, None
    for r in _raw(query):
        shown = sql.iso_date(r.close_day)
        n, total, wtd, late_n = int(r.n), int(r.total), int(r.weighted), int(r.stale)  # PostgreSQL: numeric sums
        most = int(r.most)
        count, amount, weighted_sum, stale_count = count + n, amount + total, weighted_sum + wtd, stale_count + late_n
        amounts += [most, int(r.least)]
        weights += [int(r.weighted_most), int(r.weighted_least)]
        days.add(shown)
        stage = by_id.get(r.stage_id)
        names.add(stage.name if r.status == "open" and stage else r.status)
        for key, value in (("client", r.client_len), ("title", r.title_len), ("kind", r.kind_len),
                           ("next step", r.note_len)):
            text[key] = max(text[key], value or 0)
        probability, overridden = max(probability, r.probability), overridden or bool(r.overridden)
        entered = r.entered if entered is None else min(entered, r.entered)
        if r.status == "open":
            sums = per_stage.setdefault(r.stage_id, {"n": 0, "total": 0, "weighted": 0})
            sums["n"], sums["total"], sums["weighted"] = sums["n"] + n, sums["total"] + total, sums["weighted"] + wtd
            booked[shown] = booked.get(shown, 0) + total
            biggest[shown] = max(biggest.get(shown, most), most)
    quarters = quarters or commission.pay_quarters(today)
    if_won = commission.pay_if_won([_Booked(0, from_cents(c), d) for d, c in booked.items()],
                                   today, quarters=quarters).adds
    pays = commission.what_deals_pay([_Booked(i, from_cents(c), d) for i, (d, c) in enumerate(biggest.items())],
                                     today, quarters=quarters)
    columns = []
    for stage in (s for s in every if s.is_open):
        sums = per_stage.get(stage.id, {"n": 0, "total": 0, "weighted": 0})
        columns.append(StageTotals(stage, sums["n"], from_cents(sums["total"]), from_cents(sums["weighted"])))
    days_in_stage = 0
    if entered is not None:
        since = datetime.fromisoformat(entered).replace(tzinfo=UTC)
        days_in_stage = max(0, (today - since.astimezone().date()).days)
    widest = Widest(
        amounts=(from_cents(max(amounts, default=0)), from_cents(min(amounts, default=0))),
        weighted=(from_cents(max(weights, default=0)), from_cents(min(weights, default=0))),
        pays=max(pays.values()) if pays else None, days=frozenset(days), days_in_stage=days_in_stage,
        probability=probability, overridden=overridden, stage_names=frozenset(names), text=text,
    )
    return Summary(count, from_cents(amount), from_cents(weighted_sum), stale_count, if_won, columns, widest)


@dataclass(frozen=True)
class _Booked:
    id: int
    amount: Decimal
    close_on: date


class DealPages:
    """The rows of a list by id, each with what winning it alone pays (worked out from
    the quarters the summary already looked up, so a page is one query)."""

    def __init__(self, today: date, quarters=None, pays: bool = True):
        self.today = today
        self.quarters = quarters or commission.pay_quarters(today)
        self.pays = pays

    def fetch(self, ids: list[int]) -> list[ShownDeal]:
        rows = pl.deals_by_id(ids, self.today)
        pays = {}
        if self.pays:
            pays = commission.what_deals_pay([d for d in rows if d.status == "open"], self.today,
                                             quarters=self.quarters)
        return [ShownDeal(d, pays.get(d.id)) for d in rows]
