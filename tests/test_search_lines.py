"""How a record found by its words reads in the palette: its title, " — ", then its text
from around the first word searched for that the title does not show (so the rep sees
why it matched); how it ended on the line under it (resolved, done, won or lost)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pilot_helpers import settle
from textual.widgets import OptionList

from amtui.core import deal_moves, followups, search
from amtui.models import Client, FollowUp, Interaction, ServiceIssue
from amtui.tui.app import AmtuiApp

LONG = ("Agreed the Q1 flight dates and the creative rotation; raised a concern about the "
        "pacing of the spring burst and asked for a weekly report")


def test_a_result_line_by_hand():
    line = search.result_line
    # the title shows "call", the text is taken from around "pacing"
    assert (line("Call with Omar: reporting dashboard walk-through", LONG, ["call", "pacing"])
            == "Call with Omar: reporting d… — …the pacing of the spring bu…")  # 60, "…" included
    # a width given: the title and the text share it, the match still shown
    assert (line("Call with Omar: reporting dashboard walk-through", LONG, ["call", "pacing"], 49)
            == "Call with Omar: reporting… — …the pacing of the…")
    assert (line("Call with Omar: reporting dashboard walk-through", LONG, ["call", "pacing"], 100)
            == "Call with Omar: reporting dashboard walk-through — …about the pacing of the spring burst and asked…")
    # every word in the title: the text from its start, after a separator
    assert (line("Invoice pacing wrong", "long description of what went wrong", ["pacing"])
            == "Invoice pacing wrong — long description of what went wrong")
    # accents and case do not matter; a word is found where a word starts ("pac" not in "impact")
    assert (line("Impact report", "the impact of the Café Zürich pacing on spend over the quarter and the next",
                 ["ZURICH", "pac"]) == "Impact report — the impact of the Café Zürich pacing on spe…")
    assert line("Check pacing", "", ["pacing"]) == "Check pacing"  # no text: the title alone
    # a long title shows the word it matched on
    assert (line("Quarterly business review with the whole marketing team and finance", "", ["finance"])
            == "…business review with the whole marketing team and finance")  # from a whole word
    assert line("x " * 40 + "finance", "", ["finance"])== "…" + "x " * 26 + "finance"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "concern", "about", "the", "pacing", "of", "spring", "report"]),
                min_size=1, max_size=40))
def test_a_cut_text_starts_at_a_whole_word(words):
    text = " ".join(words) + " pacing"
    shown = search.result_line("Call", text, ["pacing"]).split(" — ", 1)[1]
    if shown.startswith("…"):
        first = shown[1:].split(" ")[0].rstrip("…")
        assert " " + first in " " + text  # a word of the text from its start


def _help(text: str) -> dict[str, str]:
    return {h.title.split(" — ")[0].split(" (")[0]: h.help for h in search.search_text(text)}


def test_each_kind_says_how_it_ended(book_path, frozen_today):
    acme = Client.create(name="Acme Corp", tier="A").id
    ServiceIssue.create(client=acme, title="Zeta issue", description="pacing wrong",
                        opened_at=datetime(2026, 11, 20, 15, tzinfo=UTC))
    ServiceIssue.create(client=acme, title="Eta issue", description="pacing late", status="resolved",
                        opened_at=datetime(2026, 11, 21, 15, tzinfo=UTC),
                        resolved_at=datetime(2026, 11, 22, 15, tzinfo=UTC))
    done = followups.add_follow_up(acme, title="Theta pacing check", due_on=date(2026, 11, 25)).id
    FollowUp.update(done_at=datetime(2026, 11, 24, 15, tzinfo=UTC)).where(FollowUp.id == done).execute()
    followups.add_follow_up(acme, title="Iota pacing check", due_on=date(2026, 12, 2))
    won = deal_moves.create_deal(acme, "Kappa deal", Decimal(100), close_on=date(2026, 12, 11), next_step="pacing")
    deal_moves.win_deal(won, date(2026, 11, 26))
    lost = deal_moves.create_deal(acme, "Lambda deal", Decimal(100), close_on=date(2026, 12, 11), next_step="pacing")
    deal_moves.lose_deal(lost, "price", on=date(2026, 11, 23))
    deal_moves.create_deal(acme, "Mu deal", Decimal(100), close_on=date(2026, 12, 11), next_step="pacing")
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 19, 15, tzinfo=UTC), summary="Nu call",
                       outcome="pacing fine")
    assert _help("pacing") == {
        "Zeta issue": "Service issue · opened Fri 20 Nov",
        "Eta issue": "Service issue · opened Sat 21 Nov · resolved Sun 22 Nov",
        "Theta pacing check": "Follow-up · due Wed 25 Nov · done Tue 24 Nov",
        "Iota pacing check": "Follow-up · due Wed 2 Dec",
        "Kappa deal": "Deal · won Thu 26 Nov · $100",
        "Lambda deal": "Deal · lost Mon 23 Nov · $100",
        "Mu deal": "Deal · closes Fri 11 Dec · $100",
        "Nu call": "Interaction · Thu 19 Nov",
    }
    titles = {h.title for h in search.search_text("pacing")}
    assert "Zeta issue — pacing wrong (Acme Corp)" in titles and "Kappa deal — pacing (Acme Corp)" in titles


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_palette_shows_why_a_call_matched(book_path, frozen_today, size):
    acme = Client.create(name="Lighthouse Radio Group", tier="A").id
    Interaction.create(client=acme, happened_at=datetime(2026, 11, 20, 15, tzinfo=UTC),
                       summary="Call with Omar: reporting dashboard walk-through", outcome=LONG)
    ServiceIssue.create(client=acme, title="Invoice pacing wrong", description="billed twice", status="resolved",
                        opened_at=datetime(2026, 11, 21, 15, tzinfo=UTC),
                        resolved_at=datetime(2026, 11, 22, 15, tzinfo=UTC))
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        await pilot.press("ctrl+p")
        await pilot.press(*"pacing")
        results = pilot.app.screen.query_one(OptionList)
        for _ in range(200):  # the palette searches in the background
            if results.option_count >= 2:
                break
            await pilot.pause()
        await settle(pilot, 3)
        lines = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        call = next(line for line in lines if line.startswith("Call with Omar"))
        if size[0] == 80:  # one line: the text shortened, the client's name whole
            assert call.startswith("Call with Omar: reporting… — …the pacing of the… (Lighthouse Radio Group)\n")
        else:  # the text whole up to the room the line has
            assert ("Call with Omar: reporting dashboard walk-through — Agreed the Q1 flight dates and the "
                    "creative rotation; raised a concern about the pacing of the spring burst and asked… "
                    "(Lighthouse Radio Group)\n") in call
        assert "Interaction · Fri 20 Nov" in call
        # every result on one line, its help on the next: it had wrapped onto two at 80
        room = results.scrollable_content_region.width - 4  # an option's padding
        assert all(len(line.split("\n")[0]) <= room for line in lines)
        assert results.virtual_size.height == 2 * results.option_count
        issue = next(line for line in lines if line.startswith("Invoice pacing wrong"))
        assert "Invoice pacing wrong — billed twice (Lighthouse Radio Group)" in issue
        assert "Service issue · opened Sat 21 Nov · resolved Sun 22 Nov" in issue
