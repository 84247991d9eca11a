"""The demo book: same seed same book, realistic content, consistent deals, and scale."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from playhouse.test_utils import count_queries

from amtui import db, demo
from amtui.core import book, periods
from amtui.core.settings import get_settings, set_settings
from amtui.models import (
    Client,
    Commitment,
    CompPlan,
    Contact,
    FollowUp,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    ServiceIssue,
    Stage,
    StageChange,
)


def _dump(path: Path, clients: int, seed: int) -> list[str]:
    db.open_book(path)
    try:
        demo.build_demo_book(clients=clients, seed=seed)
    finally:
        db.close_book()
    with sqlite3.connect(path) as con:
        return list(con.iterdump())


def test_the_same_seed_writes_the_same_book_row_for_row(tmp_path, frozen_today):
    first = _dump(tmp_path / "a.db", 40, 7)
    assert len(first) > 2000
    assert _dump(tmp_path / "b.db", 40, 7) == first
    assert _dump(tmp_path / "c.db", 40, 8) != first


def _won_in(period: periods.Period) -> Decimal:
    return sum(
        (o.amount for o in Opportunity.select().where(
            Opportunity.status == "won", Opportunity.closed_on.between(period.start, period.end))),
        Decimal(0),
    )


def test_quotas_tell_a_story_the_last_two_quarters_missed(demo_book, frozen_today):
    fsm = get_settings().fy_start_month
    current = periods.quarter_of(frozen_today, fsm)
    labels = [periods.shift(current, n).label for n in range(-8, 2)]
    quotas = {q.period: q.amount for q in Quota.select()}
    assert sorted(quotas) == sorted(labels)
    attained = {label: _won_in(periods.parse_period(label, fsm)) / quotas[label] for label in labels}
    past = [attained[label] for label in labels[:8]]
    assert past[-1] < 1 and past[-2] < 1  # two misses in a row: probation risk
    assert sum(1 for a in past if a >= 1) >= 4  # but not a bad rep
    assert Decimal("0.5") <= attained[current.label] <= Decimal("0.7")
    assert attained[labels[-1]] == 0  # next quarter: nothing closed yet
    open_this_quarter = Opportunity.select().where(
        Opportunity.status == "open", Opportunity.close_on.between(frozen_today, current.end))
    gap = quotas[current.label] - _won_in(current)
    assert sum(o.amount for o in open_this_quarter) > gap  # enough pipeline to be interesting


def test_every_stage_is_used_and_deals_are_consistent(demo_book, frozen_today):
    stages = {s.id: s for s in Stage.select()}
    assert set(Counter(o.stage_id for o in Opportunity.select())) == set(stages)
    fsm = get_settings().fy_start_month
    for deal in Opportunity.select():
        stage = stages[deal.stage_id]
        assert deal.status == stage.outcome
        if not deal.probability_overridden:
            assert deal.probability == stage.probability
        if not deal.category_overridden:
            assert deal.forecast_category == stage.forecast_category
        assert (deal.closed_on is not None) == (deal.status != "open")
        if deal.status != "open":
            assert deal.closed_on <= frozen_today and deal.close_on == deal.closed_on
        # a push is a move into a later fiscal quarter (README), as the app counts it: a
        # deal whose close date moved within its quarter reads "pushed 0x" (an audit saw
        # "first Sun 22 Nov, pushed 1x" on a deal closing 17 Dec)
        quarters = [c.close_on and periods.quarter_of(c.close_on, fsm).start for c in deal.changes.order_by(StageChange.id)]
        moved_out = sum(1 for a, b in pairwise(quarters) if a and b and b > a)
        assert deal.push_count == moved_out
        if periods.quarter_of(deal.close_on, fsm) == periods.quarter_of(deal.original_close_on, fsm):
            assert deal.push_count == 0
        assert deal.created_at <= deal.stage_entered_at
        assert (deal.status == "lost") == bool(deal.lost_reason)
        changes = list(deal.changes.order_by(StageChange.id))
        assert changes[0].change == "created"
        assert changes[-1].stage_id == deal.stage_id and changes[-1].amount == deal.amount
        assert changes[-1].close_on == deal.close_on
        assert [c.changed_at for c in changes] == sorted(c.changed_at for c in changes)
        assert deal.stage_entered_at in [c.changed_at for c in changes]
    assert Opportunity.select().where(Opportunity.probability_overridden).exists()
    assert {o.kind for o in Opportunity.select()} == {"new", "upsell", "cross-sell", "renewal"}
    stale = Opportunity.select().where(Opportunity.status == "open", Opportunity.close_on < frozen_today)
    assert stale.exists()
    assert Opportunity.select().where(Opportunity.push_count > 0).exists()


def test_clients_contacts_and_products_look_real(demo_book, frozen_today):
    clients = list(Client.select())
    assert len(clients) == 40
    assert {"Advertising", "Financial Services", "Media"} <= {c.industry for c in clients}
    assert {c.tier for c in clients} == {"A", "B", "C"}
    assert all(c.name_key == Client.key_for(c.name) for c in clients)
    assert all(c.handed_over_by and c.handover_notes and c.needs for c in clients)
    per_client = Counter(c.client_id for c in Contact.select())
    assert set(per_client) == {c.id for c in clients} and set(per_client.values()) <= {2, 3, 4}
    primaries = Counter(c.client_id for c in Contact.select().where(Contact.is_primary))
    assert all(n == 1 for n in primaries.values()) and len(primaries) == 40
    assert all("@" in c.email for c in Contact.select())
    products = list(Product.select())
    assert len(products) == 12 and len({p.family for p in products}) == 5
    assert {p.recurring for p in products} == {True, False}
    soon = Holding.select().where(Holding.status == "active",
                                  Holding.ends_on.between(frozen_today, frozen_today + timedelta(60)))
    assert soon.exists()


def test_activity_spans_two_years_with_work_due_today(demo_book, frozen_today):
    oldest = Interaction.select().order_by(Interaction.happened_at).first().happened_at
    assert (frozen_today - oldest.date()).days > 600
    assert 30 <= Interaction.select().count() / 40 <= 50
    last_contact = {}
    for i in Interaction.select():
        last_contact[i.client_id] = max(last_contact.get(i.client_id, i.happened_at), i.happened_at)
    cadence = get_settings().cadence_days
    late = [c for c in Client.select() if c.status != "churned" and
            (frozen_today - last_contact[c.id].date()).days > (c.cadence_days or cadence[c.tier])]
    assert 0 < len(late) < 30  # some past their cadence, most not
    open_fu = FollowUp.select().where(FollowUp.done_at.is_null())
    assert open_fu.where(FollowUp.due_on < frozen_today).exists()
    assert open_fu.where(FollowUp.due_on == frozen_today).exists()
    assert open_fu.where(FollowUp.due_on.between(frozen_today + timedelta(1), frozen_today + timedelta(7))).exists()
    assert open_fu.where(FollowUp.due_on > frozen_today + timedelta(7)).exists()
    assert FollowUp.select().where(FollowUp.done_at.is_null(False)).exists()
    issues = Counter((i.severity, i.status == "resolved") for i in ServiceIssue.select())
    for severity in ("low", "medium", "high", "critical"):
        assert issues[(severity, True)] and issues[(severity, False)]
    assert {c.status for c in Commitment.select()} == {"open", "kept", "broken"}
    assert Commitment.select().where(Commitment.status == "open", Commitment.due_on < frozen_today).exists()
    plan = CompPlan.get()
    assert plan.base_salary == Decimal("60000.00") and plan.rate == "10" and plan.cap == Decimal("40000.00")
    assert plan.tiers == [["0", "0.5"], ["50", "1"], ["100", "1.5"], ["125", "2"]]
    assert plan.bonuses == [["110", "5000.00"]] and not plan.retroactive
    assert get_settings().rep_name == "Dana Whitfield"


def test_the_demo_keeps_the_reps_own_settings_and_products(book_path, frozen_today):
    set_settings(rep_name="Sam Rivera", fy_start_month=2)
    Product.create(name="Programmatic Display", family="Ours", list_price=Decimal("1000"))
    demo.build_demo_book(clients=5)
    assert get_settings().rep_name == "Sam Rivera"
    assert get_settings().company == "Northwind Media Group"
    assert Product.get(Product.name == "Programmatic Display").family == "Ours"
    current = periods.quarter_of(frozen_today, 2)
    assert Quota.get_or_none(Quota.period == current.label) is not None  # FY starts in Feb


def test_counts_and_clearing_the_book(demo_book):
    counts = book.counts()
    assert list(counts) == ["clients", "contacts", "products", "holdings", "interactions",
                            "follow_ups", "opportunities", "stage_changes", "service_issues",
                            "commitments", "quotas", "comp_plans"]
    assert counts["clients"] == 40 and all(counts.values())
    assert not book.is_empty()
    book.clear_book()
    assert book.is_empty() and not any(book.counts().values())
    assert Stage.select().count() == 7 and get_settings().rep_name == "Dana Whitfield"


def test_it_scales_with_forty_interactions_and_four_deals_a_client(book_path):
    clients = demo.CHUNK_CLIENTS  # a whole chunk: the most one transaction writes
    for _ in range(2):  # the first build also writes the settings: count the second
        book.clear_book()
        with count_queries() as few:
            demo.build_demo_book(clients=20, seed=3)
    book.clear_book()
    with count_queries() as many:
        demo.build_demo_book(clients=clients, seed=3)
    # rows go in batches (executemany), so up to a chunk (CHUNK_CLIENTS) of clients the
    # book takes the same statements whatever its size: nothing is written row by row
    assert many.count == few.count
    assert Client.select().count() == clients
    assert len({c.name_key for c in Client.select()}) == clients
    assert 35 <= Interaction.select().count() / clients <= 45
    assert 3.5 <= Opportunity.select().count() / clients <= 4.5


def test_demo_lost_reasons_are_the_pipelines_own_reasons(demo_book):
    from amtui.core.deal_moves import LOST_REASONS, split_lost_reason
    from amtui.models import Opportunity

    lost = Opportunity.select().where(Opportunity.status == "lost")
    reasons = {split_lost_reason(d.lost_reason)[0] for d in lost}
    assert reasons and reasons <= set(LOST_REASONS) - {"other"}
