"""The footer: the screen's most important keys, `?` always visible, greyed keys greyed,
a key clicked acts.  KeysFooter is built on public Textual API only."""

from __future__ import annotations

import pytest
from pilot_helpers import settle

from amtui.tui.app import AmtuiApp
from amtui.tui.dialogs.keys import KeysScreen
from amtui.tui.widgets.keys_footer import KEYS_ACTION, FooterEntry, KeysFooter, fit_entries, place


def footer(app) -> KeysFooter:
    return app.screen.query_one(KeysFooter)


def entry(action: str, description: str = "", key: str = "x", **kw) -> FooterEntry:
    return FooterEntry(key=key, display=key, description=description or action, action=action,
                       enabled=True, **kw)


def test_the_least_important_keys_go_first_and_question_mark_stays():
    keys = [entry("first", "Done"), entry("second", "Snooze"), entry(KEYS_ACTION, "Keys", "?"),
            entry("third", "Edit"), entry("command_palette", "palette", "^p", palette=True)]
    widths = {e.action: e.width for e in keys}
    assert widths["first"] == len(" x Done ")
    everything = sum(widths.values()) + 1  # +1: the rule before the palette key
    assert fit_entries(keys, everything) == keys[:4] + keys[4:]
    narrow = [e.action for e in fit_entries(keys, everything - 1)]
    assert narrow == ["first", "second", KEYS_ACTION, "command_palette"]  # not a shorter later key
    tiny = [e.action for e in fit_entries(keys, 1)]
    assert tiny == [KEYS_ACTION, "command_palette"]
    spots = place(keys, 80)
    assert spots[-1].end == 80 and spots[-1].entry.palette  # the palette key on the right
    assert [s.start for s in spots[:4]] == [0, widths["first"], widths["first"] + widths["second"],
                                            widths["first"] + widths["second"] + widths[KEYS_ACTION]]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_question_mark_is_always_in_the_footer(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        for section in "12345":
            await pilot.press(section)
            await settle(pilot, 3)
            spots = footer(app).placed()
            (help_key,) = [s for s in spots if s.entry.action == KEYS_ACTION]
            palette = [s for s in spots if s.entry.palette]
            assert 0 <= help_key.start and help_key.end <= size[0], section
            assert all(help_key.end <= p.start for p in palette), section
            assert len(spots) >= 3, section  # the screen's own keys come first, not just `?`
            drawn = footer(app).render_line(0).text
            assert drawn[help_key.start:help_key.end] == " ? Keys ", section


async def test_keys_that_cannot_act_on_the_row_are_greyed(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)

        def snooze() -> FooterEntry:
            return next(s.entry for s in footer(app).placed() if s.entry.action == "snooze")

        def drawn_dim(name: str) -> bool:
            segments = [s for s in footer(app).render_line(0) if name in s.text]
            return bool(segments) and all(s.style.dim for s in segments)

        assert snooze().enabled and not drawn_dim("Snooze")  # a follow-up is highlighted
        app.screen.table("cadence").focus()  # a client past its cadence: nothing to snooze
        await settle(pilot, 3)
        assert not snooze().enabled and drawn_dim("Snooze")


async def test_a_key_clicked_in_the_footer_acts(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        help_key = next(s for s in footer(app).placed() if s.entry.action == KEYS_ACTION)
        await pilot.click(KeysFooter, offset=(help_key.start + 1, 0))
        await settle(pilot, 3)
        assert isinstance(app.screen, KeysScreen)
