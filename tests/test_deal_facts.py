"""A deal's screen on a short terminal: the facts two to a line where they fit, so the
history keeps its rows at 80x24; every fact whole; a fact a line on a tall terminal."""

from __future__ import annotations

from datetime import date

import pytest
from pilot_helpers import settle, visible_rows
from pipeline_fixtures import open_pipeline
from rich.cells import cell_len

from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.tui.app import AmtuiApp
from amtui.tui.widgets.deal_facts import Fact, deal_facts, laid_out


def _busy_deal(book) -> int:
    """An open deal with every fact the screen can say but a lost reason (it is open):
    a product, its probability overridden, its close date pushed and passed (stale), a
    next step, and eight changes in its history."""
    deal_id = deal_moves.create_deal(
        book["acme"], "Analytics Pro for the spring and summer campaigns in the north-west region", 48000,
        close_on=date(2026, 9, 10), next_step="Send the order form to procurement",
        product_id=book["analytics"])
    deal_moves.update_deal(deal_id, close_on=date(2026, 11, 20))  # pushed a quarter, still passed
    for step in (1, 1, 1):
        deal_moves.move_deal(deal_id, step)
    for amount in (52000, 50500, 51000):
        deal_moves.update_deal(deal_id, amount=amount)
    deal_moves.update_deal(deal_id, probability=65)
    return deal_id


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_history_keeps_its_rows_and_every_fact_reads_whole(small_book, frozen_today, size):
    deal_id = _busy_deal(small_book)
    deal = pl.deal(deal_id)
    assert deal.stale and deal.push_count and deal.probability_overridden  # the facts' worst case
    facts = deal_facts(deal, "USD", "")
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await open_pipeline(pilot)
        await pilot.press("enter")
        await settle(pilot, 3)
        detail = app.screen
        box = detail.query_one(".deal-detail")
        shown = detail.query_one("#deal-facts")
        history = detail.query_one("#deal-history")
        assert history.row_count == 8  # created, the push, three moves, three amounts
        lines = _lines(shown)
        for fact in facts:  # each label and value whole on one line, none cut
            assert any(fact.label in line and fact.value in line for line in lines), fact
        assert not any("…" in line for line in lines)
        line = detail.query_one("#deal-history-line")
        for part in (shown, history, *([line] if line.display else [])):
            assert box.content_region.contains_region(part.region)  # nothing clipped by the box
        if size == (80, 24):
            # Stage and Amount share a line; an overridden probability is too long for
            # Forecast beside it, a pushed close date for Kind
            assert lines[0].split() == ["Stage", "Negotiate,", "since", "today", "Amount", "$51,000.00"]
            assert len(lines) == len(facts) - 1
            assert visible_rows(history) >= 5, visible_rows(history)
            assert detail.query_one("#deal-title").size.height == 2  # the title wraps, whole
        else:
            assert len(lines) == len(facts)  # a tall screen: a fact a line
            assert visible_rows(history) == history.row_count  # the whole history, no scrolling


async def test_back_to_a_fact_a_line_when_the_terminal_grows(small_book, frozen_today):
    deal_id = _busy_deal(small_book)
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot)
        await pilot.press("enter")
        await settle(pilot, 3)
        shown = app.screen.query_one("#deal-facts")
        short = len(_lines(shown))
        await pilot.resize_terminal(120, 40)
        await settle(pilot, 3)
        assert len(_lines(shown)) == len(deal_facts(pl.deal(deal_id), "USD", "")) > short


def _fact(label: str, value: str, free: bool = False) -> Fact:
    return Fact(label, value, free)


def test_a_pair_too_wide_for_the_box_goes_a_line_each():
    facts = [_fact("Stage", "Negotiate, 3 days"), _fact("Amount", "$1,250,000.00"),
             _fact("Probability", "75% (overridden) · weighted $937,500.00"), _fact("Forecast", "commit"),
             _fact("Next step", "Call", free=True)]
    lines = laid_out(facts, 70, pair=True).plain.split("\n")
    assert lines[0].split() == ["Stage", "Negotiate,", "3", "days", "Amount", "$1,250,000.00"]
    assert lines[1].startswith("Probability") and "Forecast" not in lines[1]  # 94 cells side by side
    assert lines[2].startswith("Forecast") and lines[3].startswith("Next step")
    assert all(cell_len(line) <= 70 for line in lines)
    # wide enough: both pairs, the right column's labels in line
    wide = laid_out(facts, 120, pair=True).plain.split("\n")
    assert len(wide) == 3 and wide[0].index("Amount") == wide[1].index("Forecast")
    # free text never pairs, even where it would fit
    alone = laid_out([_fact("Next step", "Call", free=True), _fact("Stage", "Qualify")], 120, pair=True)
    assert alone.plain.split("\n") == ["Next step    Call", "Stage        Qualify"]
