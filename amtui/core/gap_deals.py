"""The open deals that would close a period's gap, best paying first, with what each
pays if won: the Quota screen's deal list, read a page at a time.

`gap_list` reads the list's order with one query of the deals' ids and figures (no
text): what each deal pays on its own (`commission.what_deals_pay`: one working per
quarter and amount) is the sort key, so the order is worked out in Python, not SQL.
`GapList.page` then reads the text of one page's deals (one query, whatever the list's
length) and works out each one's running figures from the amounts above the page:
the cumulative amount (won + every deal down to it), whether it is the deal that makes
quota, and what winning it with every deal above it pays (`commission.pays_down`).
`deals_to_close_gap` is the whole list: every page at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from peewee import fn

from amtui.core import clock
from amtui.core.bookings import quota_cover, won_against, won_in
from amtui.core.commission import (
    booking,
    pay_if_won,
    pay_quarters,
    pay_rises,
    pays_down,
    what_deals_pay,
)
from amtui.core.interactions import named_rows, parse_day
from amtui.core.money import ZERO
from amtui.core.periods import Period
from amtui.core.pipeline import IN_CHUNK, booking_day, deal_weighted, open_in, overdue_note
from amtui.models import Client, Opportunity, Stage, from_cents


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
    overdue: str  # "close date passed 12 Nov" once the expected close date has passed, else ""
    pays: Decimal | None  # winning this deal alone; None: no plan or quota for its quarter
    cumulative: Decimal  # won in the period + this deal and every deal listed above it
    makes_quota: bool  # the first deal at which the cumulative amount reaches the quota
    pays_together: Decimal  # what winning this deal and every deal above it adds to pay
    probability_overridden: bool = False  # the rep's probability, not the stage's
    category_overridden: bool = False  # the rep's forecast category, not the stage's

    @property
    def stage_line(self) -> str:
        """The stage as the list shows it (`stage_text`)."""
        return stage_text(self.stage, self.probability, self.probability_overridden,
                          self.forecast_category if self.category_overridden else "")


class _Placed(NamedTuple):
    """A deal's place in the list: the figures its page's working needs."""

    id: int
    amount: Decimal
    probability: int
    forecast_category: str
    close_on: date
    pays: Decimal | None


class Widest(NamedTuple):
    """What each column's widest cell is made of, without reading the deals' text: the
    longest client name and title, the stages shown, the distinct close days and each
    money column's largest and smallest figures."""

    client: int
    title: int
    stages: frozenset[str]  # "Propose 50%"
    days: frozenset[date]
    amounts: tuple[Decimal, ...]
    pays: tuple[Decimal, ...]
    pays_together: tuple[Decimal, ...]


def stage_text(stage: str, probability: int, probability_overridden: bool = False,
               category: str = "") -> str:
    """`Commit 90%`; a probability the rep set marked `*` (as the Pipeline marks it), a
    category the rep set named: `Commit 90% (best case)` (else a list saying Commit left
    a rep wondering why won + commit had not moved)."""
    mark = "*" if probability_overridden else ""
    return f"{stage} {probability}%{mark}" + (f" ({category})" if category else "")


@dataclass(frozen=True)
class GapList:
    """The order of the list and what a page needs; read-only, so pages can be worked
    out in any thread."""

    period: Period
    today: date
    quota: Decimal | None
    won: Decimal
    placed: tuple[_Placed, ...]
    overdue: int  # deals whose close date has passed
    makes_at: int | None  # the index of the deal that makes quota
    widest: Widest
    quarters: object  # commission.pay_quarters: each quarter's plan, quota and bookings
    # what winning the whole list pays when a quarter's cap cuts it: "Total if won" stops
    # rising there, though each deal still pays on its own ("Pays you"); None: no cap bites
    capped_total: Decimal | None = None

    @property
    def ids(self) -> list[int]:
        return [d.id for d in self.placed]

    def __len__(self) -> int:
        return len(self.placed)

    def page(self, offset: int, limit: int) -> list[DealPay]:
        """Deals offset..offset+limit-1 with their figures (a deal deleted since the list
        was read is left out).  One query, whatever the list's length."""
        offset = max(offset, 0)
        shown = self.placed[offset:offset + limit]
        if not shown:
            return []
        texts = _texts([d.id for d in shown])
        above = self.placed[:offset]
        per_quarter: dict[str, tuple[Period, Decimal]] = {}
        for d in above:  # the deals above the page, as one amount per quarter
            if d.pays is not None:
                q = self.quarters.of(d.close_on)
                per_quarter[q.label] = (q, per_quarter.get(q.label, (q, ZERO))[1] + d.amount)
        running = self.won + sum((d.amount for d in above), ZERO)
        together = pays_down(shown, [booking(amount, q) for q, amount in per_quarter.values()],
                             quarters=self.quarters)
        out = []
        for i, (d, pays_together) in enumerate(zip(shown, together, strict=True), start=offset):
            running += d.amount
            text = texts.get(d.id)
            if text is None:
                continue
            out.append(DealPay(
                id=d.id, title=text.title, client_id=text.client_id, client=text.client, stage=text.stage,
                amount=d.amount, probability=d.probability, weighted=deal_weighted(d.amount, d.probability),
                forecast_category=text.forecast_category, close_on=d.close_on,
                overdue=overdue_note(d.close_on, self.today), pays=d.pays, cumulative=running,
                makes_quota=i == self.makes_at,
                pays_together=pays_together,
                probability_overridden=bool(text.probability_overridden),
                category_overridden=bool(text.category_overridden),
            ))
        return out


def _texts(ids: list[int]) -> dict[int, tuple]:
    query = (
        Opportunity.select(Opportunity.id, Opportunity.title, Client.id.alias("client_id"),
                           Client.name.alias("client"), Stage.name.alias("stage"),
                           Opportunity.forecast_category, Opportunity.probability_overridden,
                           Opportunity.category_overridden)
        .join(Client, on=Opportunity.client == Client.id)
        .switch(Opportunity)
        .join(Stage, on=Opportunity.stage == Stage.id)
    )
    found = {}
    for start in range(0, len(ids), IN_CHUNK):
        for r in named_rows(query.where(Opportunity.id.in_(ids[start:start + IN_CHUNK]))):
            found[r.id] = r
    return found


def gap_list(period: Period, today: date | None = None) -> GapList:
    """The open deals the period counts (expected to book in it: overdue ones in the
    period holding today), best paying first: what each pays on its own, then the
    weighted amount, the amount, the close date and the id.  A fixed number of queries.
    Its `placed` deals are the period's open deals as `quota.open_deals_in` reads them
    (`quota_status(open_deals=...)` takes them: the screen reads them once)."""
    today = today or clock.today()
    p = period
    rows, texts = _read(p, today)
    quarters = pay_quarters(today)
    pays = what_deals_pay(rows, today, quarters=quarters) if rows else {}
    placed = tuple(d._replace(pays=pays.get(d.id)) for d in _best_first(rows, pays))
    cover = quota_cover(p)
    quota, won = cover.amount, won_in(p)
    # the deal that makes quota: for a year with a quota on some quarters only, counting
    # those quarters' won and the deals booking in them (`against_quota`'s terms)
    makes_at, running = None, won_against(cover, p) if cover.partial else won
    for i, d in enumerate(placed):
        if not cover.counts(booking_day(d.close_on, today)):
            continue
        before, running = running, running + d.amount
        if quota is not None and before < quota <= running:
            makes_at = i
            break
    paid = [d.pays for d in placed if d.pays is not None]
    known = [d for d in placed if d.pays is not None]
    whole = pay_if_won(known, today, quarters=quarters) if known else None
    if _pay_rises(known, quarters):
        # pay never falls as deals are added: the first deal's figure and the whole
        # list's are the smallest and largest of the running figures
        together = (paid[0], whole.adds) if whole else (ZERO,)
    else:  # a retroactive plan whose multiplier drops: every running figure, once
        together = tuple(pays_down(known, quarters=quarters)) or (ZERO,)
    capped = whole is not None and any(q.if_won.capped for q in whole.quarters)
    amounts = [d.amount for d in placed]
    widest = texts._replace(
        amounts=(max(amounts), min(amounts)) if amounts else (),
        pays=(max(paid), min(paid)) if paid else (),
        pays_together=(max(together), min(together)),
    )
    return GapList(p, today, quota, won, placed, sum(1 for d in placed if d.close_on < today), makes_at,
                   widest, quarters, whole.adds if capped else None)


def _read(p: Period, today: date) -> tuple[list[_Placed], Widest]:
    """The open deals the period counts, unsorted, and what their text columns' widest
    cells are made of.  A book's deals share a few hundred amounts and days: each is
    converted once."""
    query = (
        Opportunity.select(Opportunity.id, Opportunity.amount, Opportunity.probability,
                           Opportunity.forecast_category, Opportunity.close_on, Stage.name.alias("stage"),
                           Opportunity.probability_overridden, Opportunity.category_overridden,
                           fn.LENGTH(Client.name).alias("client_len"), fn.LENGTH(Opportunity.title).alias("title_len"))
        .join(Client, on=Opportunity.client == Client.id)
        .switch(Opportunity)
        .join(Stage, on=Opportunity.stage == Stage.id)
        .where(Opportunity.status == "open", open_in(p, today))
    )
    rows, stages, client_len, title_len = [], set(), 0, 0
    amounts: dict[int, Decimal] = {}
    days: dict[object, date] = {}
    for r in named_rows(query):
        amount, day = amounts.get(r.amount), days.get(r.close_on)
        if amount is None:
            amount = amounts[r.amount] = from_cents(int(r.amount))
        if day is None:
            day = days[r.close_on] = parse_day(r.close_on)
        rows.append(_Placed(r.id, amount, r.probability, r.forecast_category, day, None))
        stages.add((r.stage, r.probability, bool(r.probability_overridden),
                    r.forecast_category if r.category_overridden else ""))
        if (r.client_len or 0) > client_len:
            client_len = r.client_len
        if (r.title_len or 0) > title_len:
            title_len = r.title_len
    texts = Widest(client_len, title_len, frozenset(stage_text(*s) for s in stages), frozenset(days.values()),
                   (), (), ())
    return rows, texts


def _best_first(rows: list[_Placed], pays: dict[int, Decimal]) -> list[_Placed]:
    """Best paying first: what each pays alone (none last), then the weighted amount,
    the amount (each largest first), the close date and the id.  Sorted key by key from
    the last (Python's sort is stable), so no key is built per deal."""
    weighted: dict[tuple[Decimal, int], Decimal] = {}  # deals of one amount and probability weigh alike
    for d in rows:
        if (d.amount, d.probability) not in weighted:
            weighted[d.amount, d.probability] = deal_weighted(d.amount, d.probability)
    rows = sorted(rows, key=attrgetter("id"))
    rows.sort(key=attrgetter("close_on"))
    rows.sort(key=attrgetter("amount"), reverse=True)
    rows.sort(key=lambda d: weighted[d.amount, d.probability], reverse=True)
    rows.sort(key=lambda d: pays.get(d.id, ZERO), reverse=True)
    rows.sort(key=lambda d: d.id not in pays)
    return rows


def _pay_rises(known: list[_Placed], quarters) -> bool:
    """Whether every quarter the deals book in has a plan whose pay never falls."""
    booking_in = {quarters.of(day) for day in {d.close_on for d in known}}
    return all(pay_rises(quarters.get(q)[0]) for q in booking_in)


def deals_to_close_gap(period: Period, today: date | None = None) -> list[DealPay]:
    """The whole list (`gap_list`), every deal with its figures: the running totals show
    which deal makes the quota and what winning the deals down to each one pays."""
    gap = gap_list(period, today)
    return gap.page(0, len(gap))
