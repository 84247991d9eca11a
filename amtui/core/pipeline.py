"""Opportunities, stages, stage history and the weighted pipeline.

This module reads: rows for screens, the CLI and reports, totals, the board, a deal's
history and whether it has gone stale.  The writes live in `deal_moves`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from peewee import JOIN, Cast, fn

from amtui.core import clock, dates_fmt, sql
from amtui.core.errors import NotFound
from amtui.core.made import Made
from amtui.core.money import cents
from amtui.core.parse import parse_choice
from amtui.core.periods import Period
from amtui.core.stages import StageRow, open_stages, stage_by_name
from amtui.models import Client, Opportunity, Product, Stage, StageChange, database, from_cents

STATUS_FILTERS = ("open", "won", "lost", "all")


def deal_weighted(amount: Decimal, probability: int | Decimal) -> Decimal:
    """One deal's weighted amount: amount x probability, rounded to cents half up.

    Rounding each deal before summing is the rule, so a report's rows add up to its total.
    """
    return cents(amount * Decimal(probability) / 100)


def weighted_pipeline(deals) -> Decimal:
    """Sum of the deals' weighted amounts; `deals` are anything with amount and probability."""
    return sum((deal_weighted(d.amount, d.probability) for d in deals), Decimal("0.00"))


class DealRow(NamedTuple):
    """One deal as every list shows it.  A named tuple, made in one step from its values
    (a career's book lists 20,000 deals: a frozen dataclass's row cost twice as much),
    which `deals --json` unpacks in this order (tested field by field)."""

    id: int
    client_id: int
    client: str
    title: str
    kind: str
    stage: str
    stage_position: int
    status: str  # open | won | lost
    amount: Decimal
    probability: int  # percent
    probability_overridden: bool
    weighted: Decimal
    forecast_category: str
    category_overridden: bool
    close_on: date  # expected close date
    days_in_stage: int
    stale: bool
    stale_reason: str
    push_count: int
    next_step: str
    product: str
    closed_on: date | None  # the won / lost date
    lost_reason: str
    product_id: int | None = None
    rot_days: int | None = None
    original_close_on: date | None = None
    version: int = 0  # the row's version when read: a save checks it (core.versions)


# DealRow, Totals, BoardColumn and ChangeRow are named tuples, not frozen dataclasses: a
# dataclass costs about 1 ms to create when this module is imported, which every deal
# list, export and client record does, a named tuple a tenth of that


class Totals(NamedTuple):
    count: int
    amount: Decimal
    weighted: Decimal


class BoardColumn(NamedTuple):
    stage: StageRow
    count: int
    total: Decimal
    weighted: Decimal
    deals: list[DealRow]


class ChangeRow(NamedTuple):
    """One StageChange snapshot: the deal as it stood after a change."""

    changed_at: datetime
    change: tuple[str, ...]  # created, stage, amount, close
    stage: str
    amount: Decimal
    close_on: date
    probability: int
    weighted: Decimal


# --- rot ----------------------------------------------------------------------------------
def stale_reason(status: str, stage: str, days_in_stage: int, rot_days: int | None,
                 close_on: date, today: date, *, overdue: str | None = None) -> str:
    """Why an open deal is stale ("" when it is not): too long in its stage, or a close
    date gone by.  Won and lost deals never rot.  `overdue`: `overdue_note(close_on,
    today)` when the caller has it already (a list works it out once per close date)."""
    if status != "open":
        return ""
    # no list joined a deal: a whole-book list asks this 20,000 times
    late = "" if close_on >= today else overdue_note(close_on, today) if overdue is None else overdue
    if rot_days is None or days_in_stage <= rot_days:
        return late
    rotten = f"{days_in_stage} days in {stage} (limit {rot_days})"
    return f"{late}; {rotten}" if late else rotten


def booking_day(close_on: date, today: date) -> date:
    """The day an open deal is expected to book: its close date, or today once that date
    has passed (an overdue deal would book today, so it counts in today's period)."""
    return max(close_on, today)


def open_in(period: Period, today: date):
    """The condition on open deals a period counts: those expected to book in it
    (`booking_day`).  A period that is over holds none (only what was won); the period
    holding today also takes every overdue deal; a future period, its close dates."""
    if period.end < today:
        return Opportunity.id.is_null()  # never true: a period that is over has no pipeline
    if period.start <= today:
        return Opportunity.close_on <= period.end
    return Opportunity.close_on.between(period.start, period.end)


def overdue_note(close_on: date, today: date) -> str:
    """`close date passed Thu 12 Nov` for an open deal past its close date, else ""."""
    if close_on >= today:
        return ""
    return f"close date passed {dates_fmt.day(close_on, today)}"


# --- reading deals ----------------------------------------------------------------------
class _DealColumns(NamedTuple):
    """One deal as `joined()` reads it, by name: the SELECT below is an instance of this
    tuple built by keyword, so a column can't land in the wrong field.  Dates and
    timestamps come back as text and are parsed with fromisoformat (peewee's strptime-based
    converters took two thirds of the time on a 20,000-deal book); the amount as cents."""

    id: Any
    client_id: Any
    client: Any
    title: Any
    kind: Any
    stage: Any
    stage_position: Any
    rot_days: Any
    status: Any
    amount: Any
    probability: Any
    probability_overridden: Any
    forecast_category: Any
    category_overridden: Any
    close_on: Any
    entered_day: Any  # the local day the deal entered its stage
    push_count: Any
    next_step: Any
    product: Any
    product_id: Any
    closed_on: Any
    lost_reason: Any
    original_close_on: Any
    version: Any


def _deal_columns() -> _DealColumns:
    """`joined()`'s columns, built for the open book's engine (the local day a deal
    entered its stage is engine-specific SQL: `sql.local_date`)."""
    return _DealColumns(
        id=Opportunity.id, client_id=Opportunity.client, client=Client.name,
        title=Opportunity.title, kind=Opportunity.kind, stage=Stage.name,
        stage_position=Stage.position, rot_days=Stage.rot_days, status=Opportunity.status,
        amount=Opportunity.amount, probability=Opportunity.probability,
        probability_overridden=Opportunity.probability_overridden,
        forecast_category=Opportunity.forecast_category,
        category_overridden=Opportunity.category_overridden,
        close_on=Opportunity.close_on.cast("TEXT"),
        entered_day=Cast(sql.local_date(Opportunity.stage_entered_at), "TEXT"),
        push_count=Opportunity.push_count, next_step=Opportunity.next_step, product=Product.name,
        product_id=Opportunity.product, closed_on=Opportunity.closed_on.cast("TEXT"),
        lost_reason=Opportunity.lost_reason,
        original_close_on=Opportunity.original_close_on.cast("TEXT"), version=Opportunity.version,
    )


def _raw(query) -> list[tuple]:
    """The query's rows as the driver gives them, without peewee's per-value converters
    (half the time of a 5,000-deal list); `_to_row` converts the money and the flags."""
    sql_text, params = query.sql()
    return database.execute_sql(sql_text, params).fetchall()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class Converted:
    """Each distinct day, amount, weighting and overdue note of one read of deals,
    converted once (a career's book lists 20,000 deals sharing a few thousand of each);
    the figures are the same functions' answers.  `day[text]`, `amount[cents]`,
    `weighted[cents, probability]`, `overdue[close_on]`."""

    def __init__(self, today: date) -> None:
        self.day = Made(_day)  # the text as read -> the date (None and "": no day)
        self.amount = Made(_amount)  # raw cents -> Decimal
        self.weighted = Made(lambda key: deal_weighted(self.amount[key[0]], key[1]))
        self.overdue = Made(lambda close_on: overdue_note(close_on, today))


def _amount(raw) -> Decimal | None:
    return None if raw is None else from_cents(int(raw))


def joined(*columns):
    """Deals joined to their client, stage and product (the columns any deal list reads)."""
    return (
        Opportunity.select(*(columns or _deal_columns()))
        .join(Client, on=Opportunity.client == Client.id)
        .switch(Opportunity)
        .join(Stage, on=Opportunity.stage == Stage.id)
        .switch(Opportunity)
        .join(Product, JOIN.LEFT_OUTER, on=Opportunity.product == Product.id)
    )


_new_row = tuple.__new__  # DealRow(...) without its keyword handling: a tuple of the values


def _to_row(values: tuple, today: date) -> DealRow:
    """A DealRow from one raw row of `_deal_columns()` (read by name through `_DealColumns`)."""
    return _row_maker(today)(values)


def _row_maker(today: date):
    """`_to_row` for the many rows of one read (a career's book lists 20,000 open deals):
    each distinct day, amount, (amount, probability) and overdue close date is converted
    once for the read, not once a row; the figures are the same functions' answers."""
    seen = Converted(today)
    day, amounts, weighted, notes = seen.day, seen.amount, seen.weighted, seen.overdue

    def make(values: tuple) -> DealRow:
        # the raw row unpacked into named locals at once, in `_DealColumns`' order (the
        # SELECT is built from it; a test gives each column a value of its own and finds
        # it in its field): no named tuple a row, locals instead of its attribute look-ups
        (deal_id, client_id, client, title, kind, stage, stage_position, rot_days, status, raw_amount,
         probability, probability_overridden, forecast_category, category_overridden, raw_close_on,
         entered_day, push_count, next_step, product, product_id, closed_on, lost_reason,
         original_close_on, version) = values
        close_on = day[raw_close_on]
        days_in = max(0, (today - day[entered_day]).days)  # local days: none before it
        reason = stale_reason(status, stage, days_in, rot_days, close_on, today, overdue=notes[close_on])
        return _new_row(DealRow, (
            deal_id, client_id, client, title, kind, stage, stage_position, status,
            amounts[raw_amount], probability, bool(probability_overridden),
            weighted[raw_amount, probability], forecast_category, bool(category_overridden),
            close_on, days_in, bool(reason), reason, push_count, next_step, product or "",
            day[closed_on], lost_reason, product_id, rot_days, day[original_close_on], version,
        ))

    return make


def deals(
    *,
    period: Period | None = None,
    stage: str | None = None,
    status: str = "open",
    text: str = "",
    client_id: int | None = None,
    categories: tuple[str, ...] = (),
    today: date | None = None,
) -> list[DealRow]:
    """Deals matching every filter given.  `period` holds open deals by the day they are
    expected to book (`open_in`: overdue ones in the period holding today, none in a
    period that is over) and won / lost deals by the date they closed.  `text` matches client,
    title, product or next step; `categories`, when given, the forecast categories kept.
    Open deals come by close date, closed ones newest first."""
    today = today or clock.today()
    query = matching(joined(), period=period, stage=stage, status=status, text=text,
                     client_id=client_id, today=today)
    if categories:
        query = query.where(Opportunity.forecast_category.in_(list(categories)))
    if parse_choice(status or "open", STATUS_FILTERS, field="status") == "open":
        rows = _in_open_order(_raw(query))
    else:
        rows = _raw(query.order_by(*deal_order()))
    return list(map(_row_maker(today), rows))


def matching(query, *, period: Period | None = None, stage: str | None = None, status: str = "open",
             text: str = "", client_id: int | None = None, today: date):
    """`query` (joined to Client and, left outer, Product: `joined()`'s joins) narrowed to
    the deals `deals()` lists for these filters: the one place the filters are worked out."""
    status = parse_choice(status or "open", STATUS_FILTERS, field="status")
    if status != "all":
        narrowed = period is not None or bool(stage) or client_id is not None
        query = query.where(_status_column(narrowed) == status)
    if stage:
        query = query.where(Opportunity.stage == stage_by_name(stage).id)
    if client_id is not None:
        query = query.where(Opportunity.client == client_id)
    words = " ".join(text.split()).casefold()
    if words:
        query = query.where(
            (sql.position(Client.name_key, words) > 0)
            | (sql.position(fn.lower(Opportunity.title), words) > 0)
            | (sql.position(fn.lower(fn.coalesce(Product.name, "")), words) > 0)
            | (sql.position(fn.lower(Opportunity.next_step), words) > 0)
        )
    if period is not None:
        is_open = Opportunity.status == "open"
        query = query.where(
            (is_open & open_in(period, today))
            | (~is_open & Opportunity.closed_on.between(period.start, period.end))
        )
    return query


def _status_column(narrowed: bool):
    """The status as a list's filter compares it.  A status alone (no period, stage or
    client) holds a quarter to a half of a career's deals: read through the (status,
    close date) index, each one is a seek into the table in close-date order, and a plain
    scan of the table reads them in a seventh less on an open connection (20,000 open
    deals of 80,000: 205 → 176 ms; in a fresh process, where the pages come in from the
    OS, about the same).  SQLite keeps no statistics that would tell it so and takes the
    index for any equality, so the status is compared as `status || ''`, which no index
    holds (on PostgreSQL the same text; its planner, knowing the table, scans there too).
    With a period, a stage or a client, the index narrows the read and is kept."""
    return Opportunity.status if narrowed else Opportunity.status.concat("")


def deal_order() -> tuple:
    """The lists' order: open deals by close date (biggest first on a day), then closed
    ones newest first; the id breaks ties, so a page boundary never moves."""
    return (
        Opportunity.status != "open",
        fn.coalesce(Opportunity.closed_on, "9999-12-31").desc(),
        Opportunity.close_on,
        Opportunity.amount.desc(),
        Opportunity.id,
    )


# where a raw row of `_deal_columns()` holds the columns the open list is ordered by
_ID, _AMOUNT, _CLOSE_ON, _CLOSED_ON = (_DealColumns._fields.index(name)
                                      for name in ("id", "amount", "close_on", "closed_on"))


def _in_open_order(rows: list[tuple]) -> list[tuple]:
    """Raw open deals in `deal_order`'s order, sorted here rather than by the engine: the
    status is the same for all of them, the closed date for all but a deal an imported
    book left one on, so the order is close date, amount (biggest first), id, with those
    few after the rest, the latest closed date first.  Three stable sorts on a column
    each (the last decides first); SQLite sorting the 20,000 open deals of a career's
    book with all their columns cost a fifth of reading them, and spilled to a file."""
    rows.sort(key=itemgetter(_ID))
    rows.sort(key=itemgetter(_AMOUNT), reverse=True)  # reverse keeps equal ones' order
    rows.sort(key=itemgetter(_CLOSE_ON))
    dated = [row for row in rows if row[_CLOSED_ON] is not None]
    if not dated:
        return rows
    dated.sort(key=itemgetter(_CLOSED_ON), reverse=True)
    return [row for row in rows if row[_CLOSED_ON] is None] + dated


def deals_by_id(ids: list[int], today: date | None = None) -> list[DealRow]:
    """The deals given, in the order given (a page of a list; gone ones are skipped)."""
    today = today or clock.today()
    by_id: dict[int, DealRow] = {}
    make = _row_maker(today)
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start:start + IN_CHUNK]
        for values in _raw(joined().where(Opportunity.id.in_(chunk))):
            row = make(values)
            by_id[row.id] = row
    return [by_id[i] for i in ids if i in by_id]


IN_CHUNK = 900  # ids per IN (...): under SQLite's old 999-parameter limit


def deal(deal_id: int) -> DealRow:
    found = next(iter(_raw(joined().where(Opportunity.id == deal_id))), None)
    if found is None:
        raise NotFound(f"deal: no deal #{deal_id}")
    return _to_row(found, clock.today())


def change_words(change: str) -> tuple[str, ...]:
    """What a snapshot's change was, as the rep reads it ("stage", "amount", "product"):
    an "=" token is bookkeeping (a closed deal's open state, deal_moves.OPEN_STATE)."""
    return tuple(t for t in change.split(",") if "=" not in t)


def deal_history(deal_id: int) -> list[ChangeRow]:
    """The deal's snapshots, oldest first."""
    deal(deal_id)
    query = (
        StageChange.select(StageChange, Stage.name)
        .join(Stage)
        .where(StageChange.opportunity == deal_id)
        .order_by(StageChange.changed_at, StageChange.id)
    )
    return [
        ChangeRow(c.changed_at, change_words(c.change), c.stage.name, c.amount, c.close_on,
                  c.probability, deal_weighted(c.amount, c.probability))
        for c in query
    ]


# --- figures --------------------------------------------------------------------------
def pipeline_totals(rows) -> Totals:
    """Count, amount and weighted amount of the deals given (weighted by the one rule,
    as `weighted_pipeline`), in one pass: `rows` may be a stream nothing keeps."""
    count, amount, weighted = 0, Decimal("0.00"), Decimal("0.00")
    for d in rows:
        count += 1
        amount += d.amount
        weighted += deal_weighted(d.amount, d.probability)
    return Totals(count, amount, weighted)


def board(period: Period | None = None, *, text: str = "", rows: list[DealRow] | None = None) -> list[BoardColumn]:
    """A column per open stage with its count, total and weighted total.  Pass `rows`
    (already loaded open deals) to lay them out without querying again."""
    if rows is None:
        rows = deals(period=period, text=text)
    by_stage: dict[str, list[DealRow]] = {}
    for d in rows:
        if d.status == "open":
            by_stage.setdefault(d.stage, []).append(d)
    columns = []
    for stage in open_stages():
        cards = by_stage.get(stage.name, [])
        totals = pipeline_totals(cards)
        columns.append(BoardColumn(stage, totals.count, totals.amount, totals.weighted, cards))
    return columns

