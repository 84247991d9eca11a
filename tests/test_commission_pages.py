"""The Quota screen's deal list a page at a time (core.gap_deals): every page's figures
are the whole list's working, to the cent, and a page costs one query wherever it is
and however long the list (today = 2026-11-27)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playhouse.test_utils import count_queries
from quota_fixtures import P, deal

from amtui.core import comp_plan as cp
from amtui.core import quota as q
from amtui.core.commission import pay_if_won
from amtui.core.gap_deals import deals_to_close_gap, gap_list
from amtui.core.pipeline import booking_day, deal_weighted
from amtui.models import database

TODAY = date(2026, 11, 27)
TIERS = "0:0.5,50:1,100:1.5,125:2"


@pytest.fixture
def q4_book(book_path):
    q.set_quota(P("2026-Q4"), "100k")
    cp.set_plan(base_salary="60k", rate="10%", tiers=TIERS, bonuses="110:5000", cap="40k")
    deal(90_000, status="won", closed_on=date(2026, 10, 15))
    return book_path


def test_pages_are_the_hand_worked_list(q4_book):
    """90k won on 100k; 20k, 5k and an overdue 1k open.  Best paying first: 20k pays
    10k x 10% + 10k x 15% + the 5k bonus = 7,500; 5k pays 500; 1k pays 100.  Down the
    list: 7,500; then 115k: 7,500 + 750 = 8,250; then 116k: 8,400."""
    bonus = deal(20_000, close_on=date(2026, 12, 20), probability=75)
    small = deal(5_000, close_on=date(2026, 12, 10), probability=50)
    overdue = deal(1_000, close_on=date(2026, 6, 1), probability=10)
    gap = gap_list(P("2026-Q4"), TODAY)
    assert gap.ids == [bonus, small, overdue] and gap.overdue == 1 and gap.makes_at == 0
    whole = gap.page(0, 3)
    assert [d.pays for d in whole] == [D("7500.00"), D("500.00"), D("100.00")]
    assert [d.pays_together for d in whole] == [D("7500.00"), D("8250.00"), D("8400.00")]
    assert [d.cumulative for d in whole] == [D("110000.00"), D("115000.00"), D("116000.00")]
    assert [d.makes_quota for d in whole] == [True, False, False]
    # a page of one, below the others: worked out from the 25k above it alone
    [last] = gap.page(2, 1)
    assert last == whole[2] and last.overdue == "close date passed Mon 1 Jun"
    assert gap.page(1, 1) == [whole[1]] and gap.page(3, 5) == []
    assert deals_to_close_gap(P("2026-Q4"), TODAY) == whole
    # the widest cells, for the columns: without reading a row's text
    w = gap.widest
    assert (w.pays, w.pays_together, w.amounts) == (
        (D("7500.00"), D("100.00")), (D("8400.00"), D("7500.00")), (D("20000.00"), D("1000.00")))
    assert w.stages == {"Propose 75%", "Propose 50%", "Propose 10%"}
    assert w.client == len("Acme Media") and w.title == len("open deal 20000")


def test_a_deal_gone_since_the_list_was_read_leaves_the_others_figures_alone(q4_book):
    first = deal(20_000, close_on=date(2026, 12, 20))
    gone = deal(5_000, close_on=date(2026, 12, 10))
    last = deal(1_000, close_on=date(2026, 12, 11))
    gap = gap_list(P("2026-Q4"), TODAY)
    before = gap.page(0, 3)
    from amtui.models import Opportunity

    Opportunity.delete().where(Opportunity.id == gone).execute()
    after = gap.page(0, 3)
    assert [d.id for d in after] == [first, last] and after == [before[0], before[2]]


def test_a_page_is_one_query_wherever_it_is_and_however_long_the_list(q4_book):
    def costs(extra: int) -> tuple[int, int, int]:
        for i in range(extra):
            deal(1_000 + i, close_on=date(2026, 12, 1) + timedelta(days=i % 20), title=f"Deal {i}",
                 client_name=f"Client {i % 7}")
        with count_queries() as listed:
            gap = gap_list(P("2026-Q4"), TODAY)
        with count_queries() as top:
            gap.page(0, 100)
        with count_queries() as bottom:
            assert len(gap.page(len(gap) - 100, 100)) == 100
        return listed.count, top.count, bottom.count

    small, big = costs(120), costs(600)
    assert small == big  # the list's order, its quarters' plans, quotas and bookings
    assert small[1] == small[2] == 1


def test_the_next_quarter_without_a_quota_is_left_out_last(q4_book):
    paid = deal(2_000, close_on=date(2026, 12, 1))
    later = deal(50_000, close_on=date(2027, 2, 1))  # 2027-Q1 has no quota
    gap = gap_list(P("2026-Q4"), TODAY)
    assert gap.ids == [paid]
    year = gap_list(P("FY2027"), TODAY)
    assert year.ids == [later] and year.page(0, 1)[0].pays is None
    assert year.page(0, 1)[0].pays_together == D("0.00")


# --- every page is the whole list's working --------------------------------------------
PLANS = st.fixed_dictionaries({
    "rate": st.sampled_from(["10%", "7.5%", "12%"]),
    # the last two fall at a higher tier: a retroactive plan's pay then drops
    "tiers": st.sampled_from([TIERS, "0:1", "50:1,100:2", "0:1.5,100:1", "0:2,80:0.5,120:1"]),
    "bonuses": st.sampled_from(["", "110:5000", "100:1000, 125:10k"]),
    "cap": st.one_of(st.none(), st.sampled_from(["8000", "15000", "40k"])),
    "retroactive": st.booleans(),
})
DEALS = st.lists(
    st.tuples(st.integers(min_value=1, max_value=60_000_00),  # cents
              st.integers(min_value=-90, max_value=420),  # days from today: overdue to 2027-Q4
              st.integers(min_value=0, max_value=100)),  # probability
    max_size=14,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=PLANS, deals=DEALS, won=st.sampled_from([0, 40_000, 99_000, 140_000]),
       period=st.sampled_from(["2026-Q4", "2027-Q1", "FY2027"]), size=st.integers(min_value=1, max_value=5))
def test_every_page_is_the_whole_lists_working(book_path, plan, deals, won, period, size):
    with database.atomic() as txn:  # each example's book, rolled back after it
        for label in ("2026-Q4", "2027-Q1", "2027-Q3"):  # 2027-Q2 and Q4: no quota (left out)
            q.set_quota(P(label), "100k")
        cp.set_plan(base_salary="0", **plan)
        if won:
            deal(won, status="won", closed_on=date(2026, 10, 15))
            deal(won, status="won", closed_on=date(2027, 2, 1))
        for amount, days, probability in deals:
            deal(D(amount) / 100, close_on=TODAY + timedelta(days=days), probability=probability)
        p = P(period)
        gap = gap_list(p, TODAY)
        paged = [row for start in range(0, len(gap), size) for row in gap.page(start, size)]
        whole = _whole_list_working(p)
        assert [tuple(vars(r).values()) for r in paged] == whole
        # the screen's figures from the deals the list read: the same as reading them again
        assert q.quota_status(p, TODAY, open_deals=gap.placed) == q.quota_status(p, TODAY)
        if paged:
            together = [r.pays_together for r in paged]
            assert gap.widest.pays_together == (max(together), min(together))
            amounts = [r.amount for r in paged]
            assert gap.widest.amounts == (max(amounts), min(amounts))
            makes = [i for i, r in enumerate(paged) if r.makes_quota]
            assert makes == ([] if gap.makes_at is None else [gap.makes_at])
        txn.rollback()


def _whole_list_working(p) -> list[tuple]:
    """The list worked out the plain way: each deal's pay alone, sorted best paying
    first, and each running figure from `pay_if_won` of the list down to it.  The deal
    that makes quota: of a year with a quota on some quarters only (FY2027 here: Q1 and
    Q3), counting those quarters' won and the deals booking in them."""
    from amtui.core.bookings import quota_cover, won_in
    from amtui.core.pipeline import deals as pipeline_deals
    from amtui.core.pipeline import overdue_note

    rows = pipeline_deals(period=p, today=TODAY)
    alone = {}
    for r in rows:
        result = pay_if_won([r], TODAY)
        alone[r.id] = None if result.left_out else result.adds

    def best_first(r):
        paid = alone[r.id]
        return (paid is None, -(paid or 0), -deal_weighted(r.amount, r.probability), -r.amount, r.close_on, r.id)

    ordered = sorted(rows, key=best_first)
    cover = quota_cover(p)
    quota, running, out = cover.amount, won_in(p), []
    covered = [q for q in cover.covers if q.kind == "quarter"] if cover.partial else [p]
    counted = sum((won_in(q) for q in covered), D(0))
    for i, r in enumerate(ordered):
        running += r.amount
        assert booking_day(r.close_on, TODAY) >= TODAY
        makes = False
        if any(q.contains(booking_day(r.close_on, TODAY)) for q in covered):
            before, counted = counted, counted + r.amount
            makes = quota is not None and before < quota <= counted
        out.append((r.id, r.title, r.client_id, r.client, r.stage, r.amount, r.probability,
                    deal_weighted(r.amount, r.probability), r.forecast_category, r.close_on,
                    overdue_note(r.close_on, TODAY), alone[r.id], running,
                    makes,
                    pay_if_won(ordered[:i + 1], TODAY).adds,
                    r.probability_overridden, r.category_overridden))
    return out


def test_a_probability_or_category_the_rep_set_shows_on_the_stage(q4_book):
    """'Commit 90%' on a deal the rep had put in best case left won + commit unexplained:
    the list says the category the rep set, and marks a probability they set, as the
    Pipeline does."""
    from amtui.models import Opportunity

    plain = deal(20_000, close_on=date(2026, 12, 20), stage="Commit")
    best = deal(10_000, close_on=date(2026, 12, 21), stage="Commit", probability=60, category="best case")
    Opportunity.update(probability_overridden=True, category_overridden=True).where(Opportunity.id == best).execute()
    gap = gap_list(P("2026-Q4"), TODAY)
    lines = {d.id: d.stage_line for d in gap.page(0, 5)}
    assert lines == {plain: "Commit 90%", best: "Commit 60%* (best case)"}
    assert gap.widest.stages == {"Commit 90%", "Commit 60%* (best case)"}


def test_the_list_says_where_the_cap_stops_its_total(q4_book):
    """90k won on 100k pays 6,500 now (50k x 5% + 40k x 10%).  A 300k deal takes the
    quarter to 390k: 2,500 + 5,000 + 25k x 15% + 265k x 20% + the 5k bonus = 69,250, cut
    to the 40k cap, so it adds 33,500; a 5k deal below it pays 500 on its own and adds
    nothing to the total.  Seen in an audit: a flat "Total if won" under a deal that
    "pays you" read as a fault, with nothing on screen saying why."""
    big = deal(300_000, close_on=date(2026, 12, 20))
    small = deal(5_000, close_on=date(2026, 12, 10))
    gap = gap_list(P("2026-Q4"), TODAY)
    assert gap.ids == [big, small]
    assert [d.pays for d in gap.page(0, 2)] == [D("33500.00"), D("500.00")]
    assert [d.pays_together for d in gap.page(0, 2)] == [D("33500.00"), D("33500.00")]
    assert gap.capped_total == D("33500.00")


def test_no_cap_word_while_the_cap_does_not_bite(q4_book):
    deal(20_000, close_on=date(2026, 12, 20))
    assert gap_list(P("2026-Q4"), TODAY).capped_total is None
