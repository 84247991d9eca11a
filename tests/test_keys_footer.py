"""The footer: the screen's most important keys, `?` always visible, greyed keys greyed.

KeysFooter uses Textual internals (FooterKey from textual.widgets._footer, Footer's
_bindings_ready, FooterKey's _disabled and _reactive_connect): the first test pins them so
a Textual upgrade that moves them fails here, loudly, rather than in a rep's terminal."""

from __future__ import annotations

import inspect

import pytest
from textual.widgets import Footer

from amtui.tui.app import AmtuiApp


def test_the_textual_internals_keys_footer_uses_are_still_there():
    from textual.widgets._footer import FooterKey

    key = FooterKey("d", "d", "Done", "done")
    assert hasattr(key, "_disabled") and hasattr(key, "_reactive_connect")
    assert (key.key_display, key.description, key.action) == ("d", "Done", "done")
    assert "_bindings_ready" in inspect.getsource(Footer)
    assert "key_padding" in inspect.getsource(FooterKey.render)  # key_width() mirrors it
    assert FooterKey("s", "s", "Snooze", "snooze", disabled=True).has_class("-disabled")
    assert "self._disabled" in inspect.getsource(FooterKey)


async def settle(app, pilot):
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def footer_keys(app):
    from textual.widgets._footer import FooterKey

    return list(app.screen.query(FooterKey))


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_question_mark_is_always_in_the_footer(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        for section in "12345":
            await pilot.press(section)
            await settle(app, pilot)
            keys = footer_keys(app)
            (help_key,) = [k for k in keys if k.action == "app.keys"]
            palette = [k for k in keys if k.has_class("-command-palette")]
            region = help_key.region
            assert region.width > 0 and region.right <= size[0], section
            assert all(not region.overlaps(p.region) for p in palette), section
            assert len(keys) >= 3, section  # the screen's own keys come first, not just `?`


async def test_keys_that_cannot_act_on_the_row_are_greyed(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        snooze = next(k for k in footer_keys(app) if k.action == "snooze")
        assert not snooze.has_class("-disabled")  # a follow-up is highlighted
        app.screen.table("cadence").focus()  # a client past its cadence: nothing to snooze
        await settle(app, pilot)
        snooze = next(k for k in footer_keys(app) if k.action == "snooze")
        assert snooze.has_class("-disabled")
