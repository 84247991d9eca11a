"""Winning a deal adds or extends its product's holding once: reopened and won again, the
holding keeps the term the first win gave it; only its annual value follows the amount
won last (today = 2026-11-27)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amtui.core import deal_moves, pipeline
from amtui.core.clients import create_client
from amtui.core.holdings import end_holding
from amtui.models import Client, Holding


def _holding(won: deal_moves.Won) -> Holding:
    return Holding.get_by_id(won.holding_id)


def test_won_reopened_and_won_again_keeps_the_first_wins_term(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Sponsorship", 12000, product_id=small_book["analytics"])
    first = deal_moves.win_deal(deal_id, date(2026, 11, 20))
    assert (first.holding_change, first.holding_ends_on) == ("added", date(2027, 11, 20))
    deal_moves.reopen_deal(deal_id)
    assert _holding(first).ends_on == date(2027, 11, 20)  # reopening leaves it as the win made it
    again = deal_moves.win_deal(deal_id, date(2026, 11, 20))
    assert again.holding_id == first.holding_id
    assert again.holding_change == deal_moves.KEPT and again.holding_ends_on == date(2027, 11, 20)
    assert again.holding_value_was is None  # same amount: nothing to say about the value
    holding = _holding(first)
    assert (holding.since, holding.ends_on, holding.annual_value, holding.status) == (
        date(2026, 11, 20), date(2027, 11, 20), D("12000.00"), "active")
    assert Holding.select().count() == 1


def test_the_holdings_value_follows_the_amount_won_last(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Sponsorship", 12000, product_id=small_book["analytics"])
    first = deal_moves.win_deal(deal_id)
    deal_moves.reopen_deal(deal_id)
    deal_moves.update_deal(deal_id, amount=D("14000"))
    again = deal_moves.win_deal(deal_id)
    assert again.holding_value_was == D("12000.00")
    assert (_holding(first).ends_on, _holding(first).annual_value) == (date(2027, 11, 27), D("14000.00"))
    deal_moves.reopen_deal(deal_id)
    third = deal_moves.win_deal(deal_id, amount=D("13000"))  # the final amount given at the win
    assert third.holding_value_was == D("14000.00") and third.holding_ends_on == date(2027, 11, 27)
    assert _holding(first).annual_value == D("13000.00")


def test_an_extension_is_kept_too_not_made_twice(small_book, frozen_today):
    """The client already held the product: the first win extends it by a year, a second
    win of the same deal leaves that year as it is."""
    first_deal = deal_moves.create_deal(small_book["acme"], "Year one", 12000, product_id=small_book["analytics"])
    deal_moves.win_deal(first_deal, date(2026, 11, 20))  # holding to 20 Nov 2027
    renewal = deal_moves.create_deal(small_book["acme"], "Renewal", 12500, kind="renewal",
                                     product_id=small_book["analytics"])
    extended = deal_moves.win_deal(renewal)
    assert (extended.holding_change, extended.holding_ends_on) == ("extended", date(2028, 11, 20))
    deal_moves.reopen_deal(renewal)
    kept = deal_moves.win_deal(renewal)
    assert (kept.holding_change, kept.holding_ends_on) == (deal_moves.KEPT, date(2028, 11, 20))
    assert _holding(kept).ends_on == date(2028, 11, 20)


def test_a_holding_ended_after_the_reopen_is_taken_up_again_by_the_next_win(small_book, frozen_today):
    """The rep ended the holding once the deal fell back into the pipeline: winning it
    again is a real sale again, so it runs a year from this win."""
    deal_id = deal_moves.create_deal(small_book["acme"], "Sponsorship", 12000, product_id=small_book["analytics"])
    first = deal_moves.win_deal(deal_id, date(2026, 11, 20))
    deal_moves.reopen_deal(deal_id)
    end_holding(first.holding_id)  # ends today
    again = deal_moves.win_deal(deal_id)
    assert (again.holding_id, again.holding_change, again.holding_ends_on) == (
        first.holding_id, "extended", date(2027, 11, 27))
    assert _holding(first).status == "active"


def test_a_lost_deal_reopened_and_won_adds_the_holding(small_book, frozen_today):
    """Only an earlier *win* counts: a deal lost first, then won, adds its holding."""
    deal_id = deal_moves.create_deal(small_book["acme"], "Sponsorship", 12000, product_id=small_book["analytics"])
    deal_moves.lose_deal(deal_id, "timing")
    deal_moves.reopen_deal(deal_id)
    won = deal_moves.win_deal(deal_id)
    assert (won.holding_change, won.holding_ends_on) == ("added", date(2027, 11, 27))


def test_far_from_the_deals_amount_is_a_factor_of_a_hundred_either_way():
    assert deal_moves.far_from(D("12.50"), D("12500"))
    assert deal_moves.far_from(D("1250000"), D("12500"))
    assert deal_moves.far_from(D("125"), D("12500"))  # exactly a hundredth
    assert not deal_moves.far_from(D("125.01"), D("12500"))
    assert not deal_moves.far_from(D("11000"), D("12500"))
    assert not deal_moves.far_from(D("5000"), D("0"))  # a deal with no amount yet
    assert not deal_moves.far_from(D("0"), D("12500"))


STEPS = st.lists(st.tuples(st.sampled_from(("win", "reopen", "amount")), st.integers(1, 50_000),
                           st.integers(0, 30)), max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
@example(steps=[("win", 12000, 0), ("reopen", 0, 0), ("win", 12000, 0)])
def test_any_run_of_wins_and_reopens_leaves_the_first_wins_term(small_book, frozen_today, steps):
    """Whatever order the rep wins, reopens and re-prices one deal in, the holding ends a
    year after its first win, and its value is the amount of the last win."""
    client = create_client(f"Client {Client.select().count()}")  # one per example
    deal_id = deal_moves.create_deal(client, "Sponsorship", 12000, product_id=small_book["analytics"])
    first_ends = last_amount = None
    status = "open"
    for step, amount, days_back in steps:
        if step == "win" and status == "open":
            on = date(2026, 11, 27 - days_back) if days_back < 27 else date(2026, 10, 1)
            won = deal_moves.win_deal(deal_id, on, amount=D(amount))
            first_ends = first_ends or won.holding_ends_on
            last_amount, status = D(amount), "won"
        elif step == "reopen" and status == "won":
            deal_moves.reopen_deal(deal_id)
            status = "open"
        elif step == "amount" and status == "open":
            deal_moves.update_deal(deal_id, amount=D(amount))
    held = list(Holding.select().where(Holding.client == client))
    if first_ends is None:
        assert held == []
    else:
        assert [(h.ends_on, h.annual_value) for h in held] == [(first_ends, last_amount)]


def test_a_product_changed_after_a_win_is_won_as_the_new_products_first(small_book, frozen_today):
    """Won as Analytics Pro, reopened, changed to Dashboards (which the client already
    holds) and won again: Dashboards is extended by a year like any first win (it was kept
    as it was, its value overwritten, as if this deal had won it before); Analytics Pro's
    holding stays as the first win left it, and the deal's history says the product
    changed."""
    acme = small_book["acme"]
    held = deal_moves.win_deal(deal_moves.create_deal(acme, "Dashboards y1", 4000,
                                                      product_id=small_book["dashboards"]),
                               date(2026, 11, 20))  # Dashboards to 20 Nov 2027
    deal_id = deal_moves.create_deal(acme, "Expansion", 12000, product_id=small_book["analytics"])
    first = deal_moves.win_deal(deal_id, date(2026, 11, 20))
    assert first.holding_change == "added"
    deal_moves.reopen_deal(deal_id)
    deal_moves.update_deal(deal_id, product_id=small_book["dashboards"], amount=D("5000"))
    again = deal_moves.win_deal(deal_id)
    assert (again.holding_id, again.holding_change, again.holding_ends_on) == (
        held.holding_id, "extended", date(2028, 11, 20))
    assert _holding(again).annual_value == D("5000.00")
    assert (_holding(first).ends_on, _holding(first).status) == (date(2027, 11, 20), "active")
    assert "product" in pipeline.deal_history(deal_id)[-2].change
    # reopened and won again with the product left alone: now the one-term rule holds
    deal_moves.reopen_deal(deal_id)
    kept = deal_moves.win_deal(deal_id)
    assert (kept.holding_change, kept.holding_ends_on) == (deal_moves.KEPT, date(2028, 11, 20))


def test_a_product_changed_on_a_won_deal_then_reopened_adds_the_new_ones_holding(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Expansion", 12000, product_id=small_book["analytics"])
    deal_moves.win_deal(deal_id, date(2026, 11, 20))
    deal_moves.update_deal(deal_id, product_id=small_book["support"])  # corrected while won
    deal_moves.reopen_deal(deal_id)
    again = deal_moves.win_deal(deal_id)
    assert again.holding_change == "added"
    assert Holding.get_by_id(again.holding_id).product_id == small_book["support"]
    assert Holding.select().count() == 2


def test_a_product_change_before_any_win_leaves_its_row_but_no_win(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Expansion", 12000, product_id=small_book["analytics"])
    deal_moves.update_deal(deal_id, product_id=small_book["support"])
    assert [h.change for h in pipeline.deal_history(deal_id)] == [("created",), ("product",)]
    assert deal_moves.win_deal(deal_id).holding_change == "added"


def test_an_undone_product_change_takes_its_mark_away(small_book, frozen_today):
    from amtui.core.undo import recording, undo_last

    deal_id = deal_moves.create_deal(small_book["acme"], "Expansion", 12000, product_id=small_book["analytics"])
    deal_moves.win_deal(deal_id, date(2026, 11, 20))
    deal_moves.reopen_deal(deal_id)
    with recording("Changed the product"):
        deal_moves.update_deal(deal_id, product_id=small_book["support"])
    undo_last()
    assert deal_moves.win_deal(deal_id).holding_change == deal_moves.KEPT  # Analytics Pro again
