"""The Textual internals amtui leans on, each checked so an upgrade that changes them fails
here, by name, instead of quietly breaking a screen (pyproject.toml pins textual 8.2.x).

- tests: `App._notifications`, to read what a screen told the rep, read in one place
  (tests/pilot_helpers.notifications) that every test uses.

Nothing else: the Clients list, the Pipeline table and the Quota's two tables are virtual
lists (widgets/virtual_table.py) and the board is one Line-API widget
(widgets/deal_board.py); they lay out their own columns with public Line-API calls, and the footer (tui/widgets/keys_footer.py) draws its own line from
public API (`Screen.active_bindings`, `Screen.bindings_updated_signal`); tests/test_keys_footer.py
covers what it shows.
"""

from __future__ import annotations

import pytest
import textual
from pilot_helpers import NOTIFICATIONS_ATTRIBUTE, notifications
from textual.app import App

from amtui.tui.app import AmtuiApp


async def test_the_app_keeps_its_notifications_where_tests_read_them():
    app = App()
    async with app.run_test() as pilot:
        assert hasattr(app, NOTIFICATIONS_ATTRIBUTE), (
            f"Textual {textual.__version__} has no App.{NOTIFICATIONS_ATTRIBUTE}: the tests read "
            "the app's toasts there. Find where this version keeps them and change "
            "tests/pilot_helpers.notifications (and textual's pin in pyproject.toml)")
        app.notify("hello", title="there")
        await pilot.pause()
        assert [(n.message, n.title) for n in notifications(app)] == [("hello", "there")]


def test_reading_toasts_from_an_app_without_them_says_what_to_change():
    with pytest.raises(AssertionError, match=r"no longer has '_notifications'.*pilot_helpers\.notifications"):
        notifications(object())


async def test_footer_greys_the_section_you_are_in_and_follows_a_switch(book_path):
    from amtui.core import clients

    clients.create_client("Acme")  # a book with a client opens on Today, not the welcome
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()

        def greyed() -> set[str]:
            # the section keys live in `?` (the footer keeps room for the screen's own keys):
            # greyed is what the footer would show greyed
            return {key for key, ab in app.screen.active_bindings.items() if not ab.enabled}

        assert "1" in greyed() and "2" not in greyed()
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert "2" in greyed() and "1" not in greyed()
