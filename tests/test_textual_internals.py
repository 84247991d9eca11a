"""The Textual internals amtui leans on, each checked so an upgrade that changes them fails
here, by name, instead of quietly breaking a screen (pyproject.toml pins textual 8.2.x).

- tui/widgets/keys_footer.py: `textual.widgets._footer.FooterKey`, `FooterKey._disabled`,
  `Footer._bindings_ready`, `DOMNode._reactive_connect` (data_bind's store).
- The Clients list, the Pipeline table, the board's columns and the Quota's two tables
  are virtual lists (widgets/virtual_table.py) that lay out their own columns with public
  Line-API calls only: no DataTable internals left to guard.
- tests: `App._notifications`, to read what a screen told the rep.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Footer

from amtui.tui.app import AmtuiApp


def test_footer_internals_used_by_keys_footer_are_still_there():
    from textual.widgets._footer import FooterKey  # keys_footer.py imports it from here

    key = FooterKey("d", "d", "Done", "screen.done", disabled=True)
    assert key._disabled is True, "FooterKey no longer keeps `disabled` in _disabled"
    assert hasattr(Footer, "_bindings_ready"), "Footer._bindings_ready is gone"
    assert "_reactive_connect" in inspect.getsource(DOMNode.data_bind), (
        "data_bind no longer stores its bindings in _reactive_connect")


async def test_the_app_keeps_its_notifications_where_tests_read_them():
    app = App()
    async with app.run_test() as pilot:
        app.notify("hello", title="there")
        await pilot.pause()
        assert [(n.message, n.title) for n in app._notifications] == [("hello", "there")]


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
