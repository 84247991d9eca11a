"""The pipeline's rules, worked through with frozen dates (today = Fri 2026-11-27)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.periods import parse_period
from amtui.core.settings import set_settings
from amtui.core.stages import open_stages, stage_by_name, stages, update_stage
from amtui.models import Holding, Opportunity, Stage, StageChange

D = Decimal


def test_weighted_rounds_each_deal_to_cents_before_summing():
    three = [SimpleNamespace(amount=D("0.05"), probability=50)] * 3
    assert pl.deal_weighted(D("0.05"), 50) == D("0.03")  # 0.025 rounds half up
    assert pl.weighted_pipeline(three) == D("0.09")  # not 0.075 -> 0.08
    assert pl.weighted_pipeline([]) == D("0.00")


def test_totals_and_board_use_the_one_rounding_rule(small_book):
    for _ in range(3):
        deal_moves.create_deal(small_book["acme"], "Tiny", D("0.05"), stage="Propose")
    rows = pl.deals()
    assert pl.pipeline_totals(rows) == pl.Totals(3, D("0.15"), D("0.09"))
    propose = next(c for c in pl.board() if c.stage.name == "Propose")
    assert (propose.count, propose.total, propose.weighted) == (3, D("0.15"), D("0.09"))
    assert [c.stage.name for c in pl.board()] == ["Qualify", "Discover", "Propose", "Negotiate", "Commit"]


def test_default_stages_seeded_as_the_issue_says(book_path):
    got = [(s.name, s.probability, s.forecast_category, s.outcome) for s in stages()]
    assert got == [
        ("Qualify", 10, "pipeline", "open"), ("Discover", 25, "pipeline", "open"),
        ("Propose", 50, "best case", "open"), ("Negotiate", 75, "best case", "open"),
        ("Commit", 90, "commit", "open"), ("Won", 100, "closed", "won"), ("Lost", 0, "omitted", "lost"),
    ]
    assert stage_by_name("neg").name == "Negotiate"
    assert stage_by_name("COMMIT").name == "Commit"
    with pytest.raises(NotFound, match="Qualify, Discover"):
        stage_by_name("closing")


def test_new_deal_defaults(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "  Analytics   seats ", "12500")
    d = pl.deal(deal_id)
    assert (d.title, d.stage, d.status, d.kind) == ("Analytics seats", "Qualify", "open", "upsell")
    assert (d.probability, d.forecast_category) == (10, "pipeline")
    assert not d.probability_overridden and not d.category_overridden
    assert d.close_on == frozen_today + timedelta(days=deal_moves.DEFAULT_CLOSE_DAYS)
    assert d.weighted == D("1250.00")
    assert d.days_in_stage == 0 and not d.stale


def test_probability_follows_stage_unless_overridden(small_book):
    follows = deal_moves.create_deal(small_book["acme"], "Follows", 1000)
    fixed = deal_moves.create_deal(small_book["acme"], "Fixed", 1000, probability=D("60"), forecast_category="commit")
    same = deal_moves.create_deal(small_book["acme"], "Typed the default", 1000, probability=10)
    for deal_id in (follows, fixed, same):
        deal_moves.move_deal(deal_id, 1)
        deal_moves.move_deal(deal_id, 1)
    assert (pl.deal(follows).probability, pl.deal(follows).forecast_category) == (50, "best case")
    f = pl.deal(fixed)
    assert (f.probability, f.forecast_category, f.probability_overridden, f.category_overridden) == (
        60, "commit", True, True)
    assert pl.deal(same).probability == 50  # typing the stage's default is not an override
    deal_moves.update_deal(fixed, probability=None, forecast_category=None)
    f = pl.deal(fixed)
    assert (f.probability, f.forecast_category, f.probability_overridden) == (50, "best case", False)


def test_editing_a_stage_default_moves_deals_that_follow_it(small_book):
    follows = deal_moves.create_deal(small_book["acme"], "Follows", 1000, stage="Propose")
    fixed = deal_moves.create_deal(small_book["acme"], "Fixed", 1000, stage="Propose", probability=35)
    won = deal_moves.create_deal(small_book["acme"], "Won", 1000, stage="Propose")
    deal_moves.win_deal(won)
    update_stage("propose", probability=55, forecast_category="commit", rot_days=10)
    assert pl.deal(follows).probability == 55 and pl.deal(follows).forecast_category == "commit"
    assert pl.deal(fixed).probability == 35 and pl.deal(fixed).forecast_category == "commit"
    assert pl.deal(won).probability == 100
    assert stage_by_name("Propose").rot_days == 10
    with pytest.raises(InvalidInput, match="whole percent"):
        update_stage("Propose", probability=140)
    with pytest.raises(InvalidInput, match="closing stage"):
        update_stage("Won", probability=80)


def test_moving_stops_at_the_ends_of_the_open_stages(small_book):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000)
    with pytest.raises(InvalidInput, match="Qualify is the first stage"):
        deal_moves.move_deal(deal_id, -1)
    for expected in ["Discover", "Propose", "Negotiate", "Commit"]:
        assert deal_moves.move_deal(deal_id, 1).name == expected
    with pytest.raises(InvalidInput, match="win the deal"):
        deal_moves.move_deal(deal_id, 1)
    assert deal_moves.move_deal(deal_id, -1).name == "Negotiate"
    assert pl.deal(deal_id).status == "open"


def test_every_change_of_stage_amount_or_close_leaves_one_snapshot(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, close_on=date(2026, 12, 15))
    deal_moves.move_deal(deal_id, 1)
    deal_moves.update_deal(deal_id, amount=D("1500"), close_on=date(2026, 12, 20))
    deal_moves.update_deal(deal_id, next_step="Call CFO", title="Bigger deal")  # no snapshot
    deal_moves.update_deal(deal_id, amount=D("1500"))  # unchanged: no snapshot
    deal_moves.update_deal(deal_id, stage="Commit", amount=2000)
    history = pl.deal_history(deal_id)
    assert [h.change for h in history] == [("created",), ("stage",), ("amount", "close"), ("stage", "amount")]
    assert [(h.stage, h.amount, h.probability) for h in history] == [
        ("Qualify", D("1000.00"), 10), ("Discover", D("1000.00"), 25),
        ("Discover", D("1500.00"), 25), ("Commit", D("2000.00"), 90),
    ]
    assert history[2].close_on == date(2026, 12, 20)
    assert history[3].weighted == D("1800.00")


def test_pushing_the_close_into_a_later_quarter_counts(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, close_on=date(2026, 12, 10))
    deal_moves.update_deal(deal_id, close_on=date(2026, 12, 31))  # same quarter
    assert pl.deal(deal_id).push_count == 0
    deal_moves.update_deal(deal_id, close_on=date(2027, 1, 5))  # Q4 -> Q1
    deal_moves.update_deal(deal_id, close_on=date(2026, 12, 1))  # pulled in: not a push
    deal_moves.update_deal(deal_id, close_on=date(2027, 6, 30))  # Q4 -> Q2, one push
    d = pl.deal(deal_id)
    assert d.push_count == 2
    assert d.original_close_on == date(2026, 12, 10)


def test_push_follows_a_fiscal_year_starting_in_february(small_book):
    set_settings(fy_start_month=2)  # quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, close_on=date(2026, 12, 10))
    deal_moves.update_deal(deal_id, close_on=date(2027, 1, 31))  # still Nov-Jan
    assert pl.deal(deal_id).push_count == 0
    deal_moves.update_deal(deal_id, close_on=date(2027, 2, 1))  # next fiscal year's Q1
    assert pl.deal(deal_id).push_count == 1


def test_rot_after_the_stage_limit_or_a_past_close_date(small_book, move_today):
    move_today(date(2026, 11, 1))
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, close_on=date(2026, 12, 31))
    # Qualify rots after 21 days
    move_today(date(2026, 11, 22))
    d = pl.deal(deal_id)
    assert d.days_in_stage == 21 and not d.stale
    move_today(date(2026, 11, 23))
    d = pl.deal(deal_id)
    assert d.stale and d.stale_reason == "22 days in Qualify (limit 21)"
    deal_moves.move_deal(deal_id, 1)  # a new stage starts the clock again
    assert not pl.deal(deal_id).stale
    move_today(date(2027, 1, 2))
    d = pl.deal(deal_id)
    assert d.stale_reason == "close date passed 31 Dec 2026; 40 days in Discover (limit 30)"
    deal_moves.win_deal(deal_id)
    assert not pl.deal(deal_id).stale  # closed deals never rot


def test_winning_a_recurring_product_adds_then_extends_the_holding(small_book, frozen_today):
    first = deal_moves.create_deal(small_book["acme"], "Analytics", 12000, product_id=small_book["analytics"])
    won = deal_moves.win_deal(first, date(2026, 11, 20))
    d = pl.deal(first)
    assert (d.status, d.stage, d.closed_on, d.probability, d.forecast_category) == (
        "won", "Won", date(2026, 11, 20), 100, "closed")
    assert won.holding_change == "added" and won.holding_ends_on == date(2027, 11, 20)
    holding = Holding.get_by_id(won.holding_id)
    assert (holding.since, holding.annual_value, holding.status) == (date(2026, 11, 20), D("12000.00"), "active")

    renewal = deal_moves.create_deal(small_book["acme"], "Renewal", 13000, kind="renewal", product_id=small_book["analytics"])
    again = deal_moves.win_deal(renewal, amount=D("13500"))
    assert again.holding_id == won.holding_id and again.holding_change == "extended"
    holding = Holding.get_by_id(won.holding_id)
    assert (holding.ends_on, holding.annual_value) == (date(2028, 11, 20), D("13500.00"))
    assert Holding.select().count() == 1
    assert pl.deal(renewal).amount == D("13500.00")
    assert pl.deal_history(renewal)[-1].change == ("stage", "amount")


def test_winning_a_one_off_product_or_no_product_adds_no_holding(small_book):
    one_off = deal_moves.create_deal(small_book["globex"], "Training", 2500, product_id=small_book["training"])
    bare = deal_moves.create_deal(small_book["globex"], "Something", 2500)
    assert deal_moves.win_deal(one_off).holding_change == ""
    assert deal_moves.win_deal(bare).holding_id is None
    assert Holding.select().count() == 0


def test_win_refuses_the_future_and_a_closed_deal(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000)
    with pytest.raises(InvalidInput, match="future"):
        deal_moves.win_deal(deal_id, frozen_today + timedelta(days=1))
    deal_moves.win_deal(deal_id)
    with pytest.raises(InvalidInput, match="already won"):
        deal_moves.win_deal(deal_id)
    assert pl.deal(deal_id).closed_on == frozen_today


def test_losing_needs_a_reason_from_the_list(small_book):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, stage="Negotiate")
    with pytest.raises(InvalidInput, match="is required"):
        deal_moves.lose_deal(deal_id, "  ")
    with pytest.raises(InvalidInput, match="not one of"):
        deal_moves.lose_deal(deal_id, "bad vibes")
    with pytest.raises(InvalidInput, match="say what happened"):
        deal_moves.lose_deal(deal_id, "other")
    assert pl.deal(deal_id).status == "open"  # nothing half-written
    deal_moves.lose_deal(deal_id, "comp", "went with Initrode")
    d = pl.deal(deal_id)
    assert (d.status, d.stage, d.probability, d.lost_reason) == ("lost", "Lost", 0, "competitor: went with Initrode")
    assert deal_moves.split_lost_reason(d.lost_reason) == ("competitor", "went with Initrode")
    assert pl.deal_history(deal_id)[-1].stage == "Lost"


def test_reopen_returns_to_the_last_open_stage(small_book):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, stage="Negotiate", probability=80)
    deal_moves.lose_deal(deal_id, "timing")
    assert deal_moves.reopen_deal(deal_id).name == "Negotiate"
    d = pl.deal(deal_id)
    # the rep's 80% comes back with it (the stage's default is 75%)
    assert (d.status, d.closed_on, d.lost_reason, d.probability, d.probability_overridden) == (
        "open", None, "", 80, True)
    assert deal_moves.set_stage(deal_id, "won").name == "Won"
    assert pl.deal(deal_id).status == "won"
    assert deal_moves.set_stage(deal_id, "Discover").name == "Discover"
    assert pl.deal(deal_id).status == "open"
    with pytest.raises(InvalidInput, match="reason"):
        deal_moves.set_stage(deal_id, "Lost")


def test_filters_by_period_stage_status_and_text(small_book, frozen_today):
    q4 = parse_period("2026-Q4")
    a = deal_moves.create_deal(small_book["acme"], "Q4 deal", 1000, close_on=date(2026, 12, 1), stage="Propose")
    b = deal_moves.create_deal(small_book["globex"], "Next year", 2000, close_on=date(2027, 2, 1),
                               product_id=small_book["support"])
    c = deal_moves.create_deal(small_book["initech"], "Old win", 3000, close_on=date(2027, 3, 1))
    deal_moves.win_deal(c, date(2026, 10, 15))  # closed in Q4 though it was expected in Q1
    assert [d.id for d in pl.deals(period=q4)] == [a]
    assert [d.id for d in pl.deals(period=q4, status="all")] == [a, c]
    assert [d.id for d in pl.deals(status="won")] == [c]
    assert [d.id for d in pl.deals(stage="prop")] == [a]
    assert [d.id for d in pl.deals(text="support")] == [b]  # the product's name
    assert [d.id for d in pl.deals(text="GLOB")] == [b]
    assert [d.id for d in pl.deals(client_id=small_book["acme"])] == [a]
    with pytest.raises(InvalidInput, match="status"):
        pl.deals(status="maybe")


def test_bad_input_is_refused_before_writing(small_book):
    acme = small_book["acme"]
    cases = [
        (dict(title=" "), "title"),
        (dict(amount=-5), "amount"),
        (dict(kind="barter"), "kind"),
        (dict(stage="Won"), "stage"),
        (dict(probability=D("12.5")), "probability"),
        (dict(forecast_category="maybe"), "forecast category"),
    ]
    for changes, field in cases:
        args = {"title": "Deal", "amount": 100, **changes}
        with pytest.raises(InvalidInput) as exc:
            deal_moves.create_deal(acme, args.pop("title"), args.pop("amount"), **args)
        assert exc.value.field == field
    with pytest.raises(NotFound):
        deal_moves.create_deal(999, "Deal", 100)
    assert Opportunity.select().count() == 0 and StageChange.select().count() == 0
    deal_id = deal_moves.create_deal(acme, "Deal", 100)
    deal_moves.win_deal(deal_id)
    with pytest.raises(InvalidInput, match="reopen"):
        deal_moves.update_deal(deal_id, probability=50)
    with pytest.raises(InvalidInput, match="reopen"):
        deal_moves.move_deal(deal_id, 1)


def test_open_stages_order(book_path):
    assert [s.name for s in open_stages()] == ["Qualify", "Discover", "Propose", "Negotiate", "Commit"]


def test_stages_can_be_added_among_the_open_ones(book_path):
    from amtui.core.stages import add_stage

    add_stage("Demo", 40, "best case", 14, after="discover")
    assert [s.name for s in stages()] == [
        "Qualify", "Discover", "Demo", "Propose", "Negotiate", "Commit", "Won", "Lost"]
    with pytest.raises(InvalidInput, match="already exists"):
        add_stage("propose", 10)


def test_product_catalogue(small_book):
    from amtui.core.products import create_product, product_by_name, products, update_product

    assert [p.name for p in products()] == ["Analytics Pro", "Dashboards", "Onsite Training", "Premium Support"]
    assert product_by_name("dash").id == small_book["dashboards"]
    assert product_by_name("o").name == "Onsite Training"  # a unique prefix
    assert product_by_name("support").name == "Premium Support"  # a unique substring
    with pytest.raises(NotFound, match="Onsite Training"):
        product_by_name("s")  # in four names: ambiguous
    with pytest.raises(InvalidInput, match="already exists"):
        create_product("analytics pro", "Analytics", D("1"))
    with pytest.raises(InvalidInput, match="family"):
        create_product("Widget", " ", D("1"))
    new_id = create_product("Alerts", "analytics", D("99.5"), recurring=False)
    assert product_by_name("alerts").family == "Analytics"  # joins the existing spelling
    update_product(new_id, active=False)
    assert "Alerts" not in [p.name for p in products()]
    with pytest.raises(InvalidInput, match="retired"):
        deal_moves.create_deal(small_book["acme"], "Alerts", 100, product_id=new_id)


def test_white_space_grid(small_book):
    from amtui.core.whitespace import GAP, OWNED, PIPELINE, white_space
    from amtui.models import Client

    won = deal_moves.create_deal(small_book["acme"], "Analytics", 12000, product_id=small_book["analytics"])
    deal_moves.win_deal(won)
    deal_moves.create_deal(small_book["globex"], "Support", 6000, product_id=small_book["support"])
    Client.create(name="Gone Ltd", status="churned")
    grid = white_space()
    assert grid.families == ["Analytics", "Services"]
    assert [r.client for r in grid.rows] == ["Acme Corp", "Globex", "Initech"]
    acme, globex, initech = grid.rows
    assert acme.cells["Analytics"].state == OWNED
    assert [p.name for p in acme.cells["Analytics"].missing] == ["Dashboards"]
    assert globex.cells["Services"].state == PIPELINE and globex.cells["Services"].deal_ids
    assert [p.name for p in globex.cells["Services"].missing] == ["Onsite Training"]
    assert initech.gaps == 2 and initech.cells["Analytics"].state == GAP
    assert grid.summary["Analytics"].owned == 1 and grid.summary["Analytics"].gap == 2
    assert grid.summary["Services"].pipeline == 1
    assert [r.client for r in white_space("glo").rows] == ["Globex"]
    page = white_space(limit=1, offset=1)
    assert [r.client for r in page.rows] == ["Globex"] and page.total_clients == 3
    assert [r.client for r in white_space(gaps_only=True).rows] == ["Acme Corp", "Globex", "Initech"]
    deal_moves.create_deal(small_book["initech"], "Both", 1, product_id=small_book["dashboards"])
    deal_moves.create_deal(small_book["initech"], "Both", 1, product_id=small_book["training"])
    assert "Initech" not in [r.client for r in white_space(gaps_only=True).rows]


def test_editing_a_closed_deal_corrects_the_day_it_closed(small_book, frozen_today):
    deal_id = deal_moves.create_deal(small_book["acme"], "Deal", 1000, close_on=date(2026, 12, 10))
    deal_moves.win_deal(deal_id)
    deal_moves.update_deal(deal_id, close_on=date(2026, 11, 2), amount=1100)
    d = pl.deal(deal_id)
    assert (d.closed_on, d.close_on, d.amount, d.push_count) == (
        date(2026, 11, 2), date(2026, 12, 10), D("1100.00"), 0)
    assert pl.deal_history(deal_id)[-1].change == ("amount", "close")
    with pytest.raises(InvalidInput, match="future"):
        deal_moves.update_deal(deal_id, close_on=frozen_today + timedelta(days=3))


def test_delete_removes_a_mistaken_deal_and_its_history(small_book):
    from amtui.models import FollowUp

    deal_id = deal_moves.create_deal(small_book["acme"], "Typo", 1000)
    deal_moves.move_deal(deal_id, 1)
    follow_up = FollowUp.create(client=small_book["acme"], opportunity=deal_id, title="Call", due_on=date(2026, 12, 1))
    assert deal_moves.delete_deal(deal_id) == "Typo"
    assert StageChange.select().count() == 0 and Opportunity.select().count() == 0
    assert FollowUp.get_by_id(follow_up.id).opportunity_id is None
    with pytest.raises(NotFound):
        deal_moves.delete_deal(deal_id)



def test_a_deal_row_holds_each_value_in_its_own_field(small_book, move_today):
    """`_row_maker` makes a DealRow from its values by position (no keyword handling): each
    field must hold its own value, so every column is given one no other field has."""
    move_today(date(2026, 11, 1))
    deal_id = deal_moves.create_deal(small_book["acme"], "Named", D("1234.50"), stage="Propose",
                                     close_on=date(2026, 11, 20), product_id=small_book["analytics"],
                                     kind="upsell", next_step="Send terms", probability=37)
    deal_moves.win_deal(deal_id)
    Opportunity.update(push_count=3, original_close_on=date(2026, 11, 5), lost_reason="kept",
                       probability_overridden=True, category_overridden=True).where(Opportunity.id == deal_id).execute()
    move_today(date(2026, 11, 9))
    (row,) = pl.deals(status="all")
    stored = Opportunity.get_by_id(deal_id)
    won_stage = Stage.get_by_id(stored.stage_id)
    expected = {
        "id": deal_id, "client_id": small_book["acme"], "client": "Acme Corp", "title": "Named",
        "kind": "upsell", "stage": won_stage.name, "stage_position": won_stage.position, "status": "won", "amount": D("1234.50"),
        "probability": 100, "probability_overridden": True, "weighted": D("1234.50"),
        "forecast_category": stored.forecast_category, "category_overridden": True,
        "close_on": date(2026, 11, 20), "days_in_stage": 8, "stale": False, "stale_reason": "",
        "push_count": 3, "next_step": "Send terms", "product": "Analytics Pro",
        "closed_on": date(2026, 11, 1), "lost_reason": "kept", "product_id": small_book["analytics"],
        "rot_days": won_stage.rot_days,
        "original_close_on": date(2026, 11, 5), "version": stored.version,
    }
    assert row._asdict() == expected
    assert row == pl.DealRow(**expected) and hash(row) == hash(pl.DealRow(**expected))


def test_deals_keep_only_the_categories_asked_for(small_book):
    deal_moves.create_deal(small_book["acme"], "Early", D("100"), stage="Qualify")  # pipeline
    deal_moves.create_deal(small_book["acme"], "Later", D("200"), stage="Propose")  # best case
    deal_moves.create_deal(small_book["acme"], "Sure", D("300"), stage="Commit")  # commit
    every = pl.deals()
    chosen = pl.deals(categories=("commit", "best case"))
    assert chosen == [d for d in every if d.forecast_category in ("commit", "best case")]
    assert {d.title for d in chosen} == {"Later", "Sure"}


def _in_deal_order(status: str) -> list[int]:
    """The ids of `deals(status=...)` as `deal_order()` sorts them, in SQL."""
    query = pl.matching(pl.joined(Opportunity.id), status=status, today=date(2026, 11, 27))
    return [row.id for row in query.order_by(*pl.deal_order()).namedtuples()]


def test_the_open_list_keeps_deal_orders_order_with_closed_dates_an_import_left(small_book):
    # the open list is read unsorted and put in deal_order's order in Python; an open
    # deal carrying a closed date (a book restored from files can hold one) goes after
    # the others, the latest closed date first, ties by close date, amount, id
    clients = [small_book["acme"], small_book["globex"]]
    # days and amounts repeat (4 days, 2 amounts): ties broken by amount, then id
    ids = [deal_moves.create_deal(clients[i % 2], f"Deal {i}", D(1000 + (i % 2) * 500),
                                  close_on=date(2026, 12, 1) + timedelta(days=i % 4)) for i in range(12)]
    for deal_id, closed in ((ids[1], date(2026, 10, 2)), (ids[5], date(2026, 11, 3)),
                            (ids[7], date(2026, 10, 2)), (ids[8], date(2026, 11, 3))):
        Opportunity.update(closed_on=closed).where(Opportunity.id == deal_id).execute()
    listed = [d.id for d in pl.deals()]
    assert listed == _in_deal_order("open")
    assert set(listed[-4:]) == {ids[1], ids[5], ids[7], ids[8]}
    assert set(listed[-4:-2]) == {ids[5], ids[8]}  # the later closed date first
    for status in ("all", "won", "lost"):
        assert [d.id for d in pl.deals(status=status)] == _in_deal_order(status)


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_open_list_leaves_the_sort_to_python_and_the_others_to_the_engine(small_book):
    from query_plans import plans_of

    for status, sorted_by_engine in (("open", False), ("won", True), ("all", True)):
        [(sql, plan)] = plans_of(lambda status=status: pl.deals(status=status))
        assert ("ORDER BY" in sql) == sorted_by_engine, sql
        assert any("TEMP B-TREE" in line for line in plan) == sorted_by_engine, plan


def test_a_raw_deal_row_lands_each_column_in_its_own_field():
    # `_row_maker` unpacks a raw row by position, in `_DealColumns`' order (the SELECT's)
    raw = {"id": 7, "client_id": 3, "client": "Acme", "title": "Renewal", "kind": "upsell",
           "stage": "Propose", "stage_position": 3, "rot_days": 30, "status": "open", "amount": 1234567,
           "probability": 40, "probability_overridden": 1, "forecast_category": "best case",
           "category_overridden": 0, "close_on": "2026-12-01", "entered_day": "2026-11-20",
           "push_count": 2, "next_step": "Call Ann", "product": "Widgets", "product_id": 5,
           "closed_on": None, "lost_reason": "none yet", "original_close_on": "2026-11-30", "version": 4}
    row = pl._to_row(tuple(raw[name] for name in pl._DealColumns._fields), date(2026, 11, 27))
    assert (row.id, row.client_id, row.client, row.title, row.kind, row.stage, row.stage_position) == (
        7, 3, "Acme", "Renewal", "upsell", "Propose", 3)
    assert (row.rot_days, row.status, row.amount, row.probability, row.probability_overridden) == (
        30, "open", D("12345.67"), 40, True)
    assert (row.weighted, row.forecast_category, row.category_overridden, row.close_on) == (
        D("4938.27"), "best case", False, date(2026, 12, 1))
    assert (row.days_in_stage, row.push_count, row.next_step, row.product, row.product_id) == (
        7, 2, "Call Ann", "Widgets", 5)
    assert (row.closed_on, row.lost_reason, row.original_close_on, row.version) == (
        None, "none yet", date(2026, 11, 30), 4)
    assert (row.stale, row.stale_reason) == (False, "")


def test_an_open_deal_or_stage_is_never_in_the_closed_category(small_book):
    """'closed' is Won's and Lost's: an open deal put there dropped out of commit and best
    case while still counted open (`deal edit --category closed`, `stage set --category`)."""
    from amtui.core.stages import add_stage

    deal_id = deal_moves.create_deal(small_book["acme"], "Renewal", 1000)
    with pytest.raises(InvalidInput, match="forecast category"):
        deal_moves.create_deal(small_book["acme"], "Another", 1000, forecast_category="closed")
    with pytest.raises(InvalidInput, match="forecast category"):
        deal_moves.update_deal(deal_id, forecast_category="closed")
    with pytest.raises(InvalidInput, match="Won's and Lost's"):
        update_stage("Qualify", forecast_category="closed")
    with pytest.raises(InvalidInput, match="Won's and Lost's"):
        add_stage("Pilot", 40, "closed")
    assert pl.deal(deal_id).forecast_category == open_stages()[0].forecast_category
    assert stage_by_name("Qualify").forecast_category != "closed"
    assert update_stage("Won", forecast_category="closed").forecast_category == "closed"  # its own: unchanged
