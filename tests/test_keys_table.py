"""The actions table is the one source of keys: one meaning per key, README in step,
every screen's bindings from it, `?` grouped, the palette without duplicates."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict
from pathlib import Path

import pytest
from pilot_helpers import keys_table_text, settle
from textual.binding import Binding
from textual.dom import DOMNode

import amtui.tui
from amtui.tui.actions import BY_ID, DIALOGS, KEYS, README_SCOPES, readme_table
from amtui.tui.app import AmtuiApp

README = Path(__file__).resolve().parents[1] / "README.md"


def meanings(scopes_wanted) -> dict[str, dict[str, set[str]]]:
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key in KEYS:
        if scopes_wanted(key.scope):
            for name in key.keys.split(","):
                found[name][key.does].add(key.id)
    return found


def test_a_key_means_one_thing_on_every_screen():
    clashes = {k: dict(m) for k, m in meanings(lambda s: s not in DIALOGS).items() if len(m) > 1}
    assert clashes == {}


def test_a_dialog_binds_a_key_once():
    for scope in DIALOGS:
        clashes = {k: dict(m) for k, m in meanings(lambda s, scope=scope: s == scope).items() if len(m) > 1}
        assert clashes == {}, scope


def test_the_contract_keys_of_design_md():
    expected = {"d": "done", "r": "reload", "s": "snooze", "S": "snooze_to", "x": "export", "n": "new",
                "e": "edit", "l": "log", "f": "follow_up", "i": "issue", "o": "deal", "w": "win",
                "L": "lose", "right_square_bracket": "next_stage", "left_square_bracket": "previous_stage",
                "slash": "focus_filter", "enter": "open", "escape": "back", "a": "archive", "p": "next period"}
    found = meanings(lambda s: s not in DIALOGS)
    for key, does in expected.items():
        if key == "slash":
            assert set(found[key]) == {"filter"}
            continue
        assert set(found[key]) == {does}, key


def test_every_binding_in_the_tui_comes_from_the_table():
    for module_info in pkgutil.walk_packages(amtui.tui.__path__, "amtui.tui."):
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, DOMNode) or cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding), (cls, binding)
                key = BY_ID.get(binding.id)
                assert key is not None, (cls, binding)
                assert (binding.key, binding.action) == (key.keys, key.action)


@pytest.mark.parametrize("scope", README_SCOPES)
def test_readme_key_tables_come_from_the_table(scope):
    assert readme_table(scope) in README.read_text(), (
        f"README's {scope} keys differ from amtui/tui/actions.py: "
        "print them with `python -m amtui.tui.actions`")


async def test_help_lists_the_screens_keys_first_grouped_then_the_apps_then_generic(demo_book):
    from amtui.tui.dialogs.keys import GENERIC, help_rows

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        headings = [h for h, _rows in help_rows(app, app.screen)]
        assert headings == ["navigate", "act on the row", "screen", "anywhere", GENERIC]
        text, width = await keys_table_text(app, pilot)
        assert width >= 60
        # at 80 columns no ids (their 28 columns squeezed what each key does): the
        # explanations take the line, and the help says where the ids are
        assert "pipeline.filter" not in text and "config.toml" in text
        assert "Filter by client, title, product or next step" in text.replace("\n", " ")


def palette_titles(app) -> list[str]:
    from amtui.tui.commands import palette_actions

    titles = [t for t, _h, _a in palette_actions(app.screen)]
    titles += [c.title for c in app.get_system_commands(app.screen)]
    return titles


async def test_the_palette_lists_each_command_once_and_only_where_it_can_act(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, 3)
        today = palette_titles(app)
        assert "Log an interaction" in today and "Today" not in today  # you are there
        for key in "2345":
            await pilot.press(key)
            await settle(pilot, 3)
            titles = palette_titles(app)
            assert len(titles) == len(set(titles)), titles
        # Reports has no row a log or an import could act on twice
        assert "Log an interaction" not in titles and titles.count("Import a file") == 1
        assert titles.count("Keys") == 1


async def test_enter_on_a_deal_opens_its_client_and_d_resolves_an_issue_on_the_client(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot, 3)
        await pilot.press("enter")
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "DealDetailScreen"
        client = app.screen.deal.client
        await pilot.press("enter")  # the history table has focus: enter still opens the client
        await settle(pilot, 3)
        assert type(app.screen).__name__ == "ClientDetailScreen" and app.screen.title == client
        app.screen.query_one("TabbedContent").active = "issues"
        await settle(pilot, 3)
        if app.screen.table.row_count:
            await pilot.press("d")  # done on an issue: resolve, which asks what fixed it
            await pilot.pause()
            assert type(app.screen).__name__ == "ServiceIssueForm"
