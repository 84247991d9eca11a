"""The Textual internals amtui leans on, each checked so an upgrade that changes them fails
here, by name, instead of quietly breaking a screen (pyproject.toml pins textual 8.2.x).

- tui/widgets/keys_footer.py: `textual.widgets._footer.FooterKey`, `FooterKey._disabled`,
  `Footer._bindings_ready`, `DOMNode._reactive_connect` (data_bind's store).
- tui/widgets/deal_table.py (FittedTable.fit, for the Quota's two short tables):
  `DataTable._require_update_dimensions` and `DataTable._clear_caches()`, to re-measure
  columns whose width changed.  The Clients list, the Pipeline table and the board's
  columns are virtual lists (widgets/virtual_table.py) that lay out their own columns
  with public Line-API calls only: nothing of theirs to guard here.
- tests: `App._notifications`, to read what a screen told the rep.
"""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.dom import DOMNode
from textual.widgets import DataTable, Footer

from amtui.tui.app import AmtuiApp
from amtui.tui.widgets.columns import ColumnSpec
from amtui.tui.widgets.deal_table import FittedTable


def test_footer_internals_used_by_keys_footer_are_still_there():
    from textual.widgets._footer import FooterKey  # keys_footer.py imports it from here

    key = FooterKey("d", "d", "Done", "screen.done", disabled=True)
    assert key._disabled is True, "FooterKey no longer keeps `disabled` in _disabled"
    assert hasattr(Footer, "_bindings_ready"), "Footer._bindings_ready is gone"
    assert "_reactive_connect" in inspect.getsource(DOMNode.data_bind), (
        "data_bind no longer stores its bindings in _reactive_connect")


def test_datatable_internals_used_by_fitted_table_are_still_there():
    source = inspect.getsource(DataTable)
    assert "self._require_update_dimensions" in source, "DataTable._require_update_dimensions is gone"
    assert callable(getattr(DataTable, "_clear_caches", None)), "DataTable._clear_caches() is gone"


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


SPECS = (ColumnSpec("name", "Name", 10, share=1), ColumnSpec("amount", "Amount", 12))


class _TableApp(App):
    def compose(self) -> ComposeResult:
        yield FittedTable()

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        table.fit(SPECS)
        table.add_row(*table.pick({"name": "Acme", "amount": "1,000.00"}))


async def test_a_fitted_table_remeasures_its_columns_when_the_width_changes():
    app = _TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(FittedTable)
        await pilot.pause()
        wide = table.columns["name"].width
        await pilot.resize_terminal(60, 10)
        await pilot.pause()
        await pilot.pause()
        assert table.columns["name"].width < wide
        # without the re-measure the table keeps its old virtual width and scrolls sideways
        assert table.virtual_size.width <= table.size.width
