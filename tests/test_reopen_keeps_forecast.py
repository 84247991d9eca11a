"""Reopening a closed deal gives back the probability and forecast category it had open,
the rep's overrides included (found in an audit: a deal overridden to best case in
Commit came back as commit and counted in "Won + commit").  A product change always
leaves a row in the deal's history, and counts as no win.  Today = 2026-11-27."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import notifications, running, settle

from amtui.cli import main
from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.core.clients import create_client
from amtui.core.products import create_product
from amtui.core.win_holding import won_before
from amtui.tui import deal_actions


def _overridden_in_commit(client_id: int) -> int:
    """A deal in Commit (90%, commit) the rep judged 80% and best case."""
    deal_id = deal_moves.create_deal(client_id, "Seats", Decimal("12000"), stage="Commit",
                                     close_on=date(2026, 12, 20))
    deal_moves.update_deal(deal_id, probability=80, forecast_category="best case")
    return deal_id


def _state(deal_id: int) -> tuple:
    d = pl.deal(deal_id)
    return (d.status, d.stage, d.probability, d.probability_overridden, d.forecast_category,
            d.category_overridden)


OVERRIDDEN = ("open", "Commit", 80, True, "best case", True)


@pytest.mark.parametrize("close", ["win", "lose"])
def test_reopening_gives_back_the_overrides(book_path, close):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    if close == "win":
        deal_moves.win_deal(deal_id)
        assert _state(deal_id) == ("won", "Won", 100, False, "closed", False)
    else:
        deal_moves.lose_deal(deal_id, "timing")
    assert deal_moves.reopen_deal(deal_id).name == "Commit"
    assert _state(deal_id) == OVERRIDDEN


def test_a_deal_without_overrides_reopens_at_the_stages_defaults(book_path):
    deal_id = deal_moves.create_deal(create_client("Acme Corp"), "Seats", 5000, stage="Propose")
    deal_moves.win_deal(deal_id)
    deal_moves.reopen_deal(deal_id)
    assert _state(deal_id) == ("open", "Propose", 50, False, "best case", False)


def test_a_correction_after_the_win_does_not_lose_the_overrides(book_path):
    """A won deal's close-date correction leaves a snapshot in Won too, without the open
    state: reopening reads the win's own snapshot."""
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id, date(2026, 11, 25))
    deal_moves.update_deal(deal_id, close_on=date(2026, 11, 24))
    deal_moves.reopen_deal(deal_id)
    assert _state(deal_id) == OVERRIDDEN


def test_reopened_in_another_stage_keeps_the_overrides_as_a_move_would(book_path):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    deal_moves.reopen_deal(deal_id, "Negotiate")
    assert _state(deal_id) == ("open", "Negotiate", 80, True, "best case", True)


def test_won_reopened_with_overrides_cleared_then_won_again_reopens_at_defaults(book_path):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    deal_moves.reopen_deal(deal_id)
    deal_moves.update_deal(deal_id, probability=None, forecast_category=None)
    deal_moves.win_deal(deal_id)
    deal_moves.reopen_deal(deal_id)
    assert _state(deal_id) == ("open", "Commit", 90, False, "commit", False)


def test_the_history_shows_no_bookkeeping(book_path):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    assert [h.change for h in pl.deal_history(deal_id)] == [("created",), ("stage",)]


def test_the_book_workbook_shows_no_bookkeeping(book_path, tmp_path, capsys):
    """The whole-book workbook's deal history reads as the deal's screen does."""
    from openpyxl import load_workbook

    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    out = tmp_path / "book.xlsx"
    assert main(["export", "book", "-o", str(out)]) == 0
    capsys.readouterr()
    cells = [str(c) for sheet in load_workbook(out, read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "stage" in cells and not [c for c in cells if "open=" in c]


def test_amtui_deal_reopen_gives_back_the_overrides(book_path, capsys):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    assert main(["deal", "reopen", str(deal_id)]) == 0
    capsys.readouterr()
    assert main(["deal", "show", str(deal_id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["stage"], shown["probability"], shown["forecast_category"],
            shown["category_overridden"]) == ("Commit", 80, "best case", True)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_reopening_from_the_screen_gives_back_the_overrides(book_path, size):
    deal_id = _overridden_in_commit(create_client("Acme Corp"))
    deal_moves.win_deal(deal_id)
    async with running(book_path, size) as (app, pilot):
        await settle(pilot)
        deal_actions.reopen(app, deal_id)
        await settle(pilot)
        assert any("Reopened: Seats" in str(n.message) for n in notifications(app))
    assert _state(deal_id) == OVERRIDDEN


# --- a product change's row in the history ----------------------------------------------


def test_a_product_change_before_any_win_leaves_a_row_and_counts_as_no_win(book_path):
    acme = create_client("Acme Corp")
    first = create_product("Analytics Pro", "Data", Decimal("12000"), recurring=True)
    second = create_product("Brand Lift Study", "Data", Decimal("5000"), recurring=True)
    deal_id = deal_moves.create_deal(acme, "Seats", 12000, product_id=first)
    deal_moves.update_deal(deal_id, product_id=second)
    assert [h.change for h in pl.deal_history(deal_id)] == [("created",), ("product",)]
    assert not won_before(deal_id)
    won = deal_moves.win_deal(deal_id)
    assert won.holding_change == "added"  # a first win, not one KEPT from a win never made
    deal_moves.update_deal(deal_id, product_id=first)  # after the win: a row too
    assert pl.deal_history(deal_id)[-1].change == ("product",)
    assert not won_before(deal_id)  # the next win is Analytics Pro's first


def test_choosing_the_same_product_again_leaves_no_row(book_path):
    acme = create_client("Acme Corp")
    product = create_product("Analytics Pro", "Data", Decimal("12000"), recurring=True)
    deal_id = deal_moves.create_deal(acme, "Seats", 12000, product_id=product)
    deal_moves.update_deal(deal_id, product_id=product, next_step="Call")
    assert [h.change for h in pl.deal_history(deal_id)] == [("created",)]
