"""A won or lost deal's close date reads as history, on the deal screen and in `amtui deal
show` alike: the day it closed and the day it was expected, no "(in 6 days)", and its next
step as what "Was next", not as work pending.  A close date moved within its quarter is
not a push: "moved from", never "pushed 0x"."""

from __future__ import annotations

from datetime import date

import pytest
from pilot_helpers import settle

from amtui.cli import main
from amtui.core import deal_moves
from amtui.core import pipeline as pl
from amtui.core.deal_words import category_words, close_words, next_step_label, probability_words
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.deal_detail import DealDetailScreen


def _moved_deal(book) -> int:
    """Expected Thu 10 Dec, moved to Sun 20 Dec: the same quarter, so not a push."""
    deal_id = deal_moves.create_deal(book["acme"], "Video bundle", 5000, close_on=date(2026, 12, 10),
                                     next_step="Present to the CMO")
    deal_moves.update_deal(deal_id, close_on=date(2026, 12, 20))
    return deal_id


def test_the_close_date_as_an_open_and_a_closed_deal_say_it(small_book, frozen_today):
    deal_id = _moved_deal(small_book)
    d = pl.deal(deal_id)
    assert d.push_count == 0 and d.original_close_on == date(2026, 12, 10)
    assert close_words(d) == "Sun 20 Dec (in 23 days) · moved from Thu 10 Dec"
    assert next_step_label(d) == "Next step"
    deal_moves.update_deal(deal_id, close_on=date(2027, 1, 15))  # into Q1: a push
    assert close_words(pl.deal(deal_id)) == "15 Jan 2027 (in 49 days) · first Thu 10 Dec, pushed 1x"
    deal_moves.update_deal(deal_id, close_on=date(2026, 12, 20))  # back: still counted
    deal_moves.win_deal(deal_id, date(2026, 11, 25))
    won = pl.deal(deal_id)
    assert close_words(won) == "Wed 25 Nov · expected Sun 20 Dec · first Thu 10 Dec, pushed 1x"
    assert next_step_label(won) == "Was next"
    # closed on the day it was expected
    on_time = deal_moves.create_deal(small_book["acme"], "On time", 100, close_on=date(2026, 11, 27))
    deal_moves.lose_deal(on_time, "price")
    assert close_words(pl.deal(on_time)) == "Fri 27 Nov, as expected"


def test_an_override_is_said_the_same_on_the_screen_and_in_the_shell(small_book, frozen_today, capsys):
    from amtui.tui.widgets.deal_facts import deal_facts

    deal_id = deal_moves.create_deal(small_book["acme"], "Seats", 1000, stage="Propose")
    d = pl.deal(deal_id)
    assert (probability_words(d), category_words(d)) == (f"{d.probability}%", d.forecast_category)
    deal_moves.update_deal(deal_id, probability=80, forecast_category="commit")
    d = pl.deal(deal_id)
    assert (probability_words(d), category_words(d)) == ("80% (overridden)", "commit (overridden)")
    shown = _show(capsys, deal_id)
    assert (shown["Probability"].strip(), shown["Forecast"].strip()) == ("80% (overridden)", "commit (overridden)")
    facts = {f.label: f.value for f in deal_facts(d, "USD", "")}
    assert facts["Probability"].startswith("80% (overridden) · weighted")
    assert facts["Forecast"] == "commit (overridden)"


def _show(capsys, deal_id: int) -> dict[str, str]:
    assert main(["deal", "show", str(deal_id)]) == 0
    lines = capsys.readouterr().out.split("\nHistory:")[0].splitlines()[1:]
    return dict(line.strip().split(":  ", 1) if ":  " in line else line.strip().split(": ", 1) for line in lines)


def test_deal_show_never_says_pushed_0x_and_a_won_deal_reads_as_history(small_book, frozen_today, capsys):
    deal_id = _moved_deal(small_book)
    shown = _show(capsys, deal_id)
    assert shown["Close date"].strip() == "Sun 20 Dec (in 23 days) · moved from Thu 10 Dec"
    assert shown["Next step"].strip() == "Present to the CMO"
    assert shown["Stage"].strip() == "Qualify, since today"
    deal_moves.win_deal(deal_id, date(2026, 11, 25))
    shown = _show(capsys, deal_id)
    assert shown["Stage"].strip() == "Won on Wed 25 Nov"
    assert shown["Close date"].strip() == "Wed 25 Nov · expected Sun 20 Dec · moved from Thu 10 Dec"
    assert shown["Was next"].strip() == "Present to the CMO"
    assert "Next step" not in shown and "Closed" not in shown  # the won day is said once, in Stage
    # a closed deal without a next step says nothing of one
    bare = deal_moves.create_deal(small_book["acme"], "Bare", 100, close_on=date(2026, 12, 1))
    deal_moves.lose_deal(bare, "price")
    shown = _show(capsys, bare)
    assert "Was next" not in shown and "Next step" not in shown
    assert shown["Close date"].strip() == "Fri 27 Nov · expected Tue 1 Dec"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_won_deals_screen_says_when_it_closed_not_how_soon(small_book, frozen_today, size):
    deal_id = _moved_deal(small_book)
    deal_moves.win_deal(deal_id, date(2026, 11, 25))
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        app.push_screen(DealDetailScreen(deal_id))
        await settle(pilot, 3)
        facts = app.screen.query_one("#deal-facts")
        text = "\n".join(facts.render_line(y).text.rstrip() for y in range(facts.size.height))
        assert "Won on Wed 25 Nov" in text
        assert "Wed 25 Nov · expected Sun 20 Dec · moved from Thu 10 Dec" in text
        assert "Was next" in text and "Present to the CMO" in text
        assert "Next step" not in text and " in " not in text.replace("Won on", "") and "days)" not in text
