"""ctrl+z in the app (tui/undo_key.py): the undo runs in a thread, so a long one (an
import's thousands of rows) never freezes the keys; presses made while one runs are
undone in their turn, in order; a failing undo says why and the key still works."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from decimal import Decimal

import pytest
from pilot_helpers import notifications, settle
from pipeline_fixtures import small_book  # noqa: F401  (fixture)

from amtui.core import deal_moves, undo
from amtui.core import pipeline as pl
from amtui.tui import undo_key
from amtui.tui.app import AmtuiApp

SIZES = [(80, 24), (200, 60)]


def _three_changes(book) -> tuple[int, int]:
    """A deal, then three undoable changes to it: (the deal, its stage's position first)."""
    deal = deal_moves.create_deal(book["acme"], "Analytics seats", Decimal("12000"),
                                  close_on=date(2026, 12, 15))
    first = pl.deal(deal).stage_position
    with undo.recording("Amount: Analytics seats"):
        deal_moves.update_deal(deal, amount=Decimal("13000"))
    with undo.recording("Moved: Analytics seats"):
        deal_moves.move_deal(deal, 1)
    with undo.recording("Won: Analytics seats"):
        deal_moves.win_deal(deal)
    return deal, first


async def _started(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()


@pytest.mark.parametrize("size", SIZES)
async def test_presses_while_an_undo_runs_are_undone_in_their_turn(small_book, size):  # noqa: F811
    deal, first = _three_changes(small_book)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await _started(app, pilot)
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")  # no waiting between
        await settle(pilot, groups=("undo",))
        said = [n.message for n in notifications(app) if n.title == "Undo"]
        assert said == ["Undone: Won: Analytics seats", "Undone: Moved: Analytics seats",
                        "Undone: Amount: Analytics seats"]
        d = pl.deal(deal)
        assert (d.status, d.amount) == ("open", Decimal("12000.00"))
        assert d.stage_position == first
        assert app.undo_key.asked == 0


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_undo_leaves_the_keys_free_and_says_it_is_under_way(small_book, monkeypatch, size):  # noqa: F811
    _three_changes(small_book)
    release = threading.Event()
    real = undo_key.undo_once

    def slow_undo():
        release.wait(10)  # an import's thousands of rows
        return real()

    monkeypatch.setattr(undo_key, "undo_once", slow_undo)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await _started(app, pilot)
        await pilot.press("ctrl+z")
        await pilot.press("3")  # the keys still answer while it runs
        await pilot.pause()
        assert app.current_mode == "pipeline"
        await asyncio.sleep(undo_key.SAY_UNDOING_AFTER + 0.2)
        await pilot.pause()
        assert any(n.message == "Undoing the last change…" for n in notifications(app))
        release.set()
        await settle(pilot, groups=("undo",))
        assert any(n.message == "Undone: Won: Analytics seats" for n in notifications(app))


@pytest.mark.parametrize("size", SIZES)
async def test_an_undo_that_breaks_says_so_and_the_key_still_works(small_book, monkeypatch, size):  # noqa: F811
    _three_changes(small_book)
    real = undo_key.undo_once
    calls = []

    def broken_once():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real()

    monkeypatch.setattr(undo_key, "undo_once", broken_once)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await _started(app, pilot)
        await pilot.press("ctrl+z")
        await settle(pilot, groups=("undo",))
        assert any(n.message == "Could not undo: RuntimeError: boom" and n.severity == "error"
                   for n in notifications(app))
        await pilot.press("ctrl+z")
        await settle(pilot, groups=("undo",))
        assert any(n.message == "Undone: Won: Analytics seats" for n in notifications(app))
