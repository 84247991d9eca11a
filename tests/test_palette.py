"""The command palette (ctrl+p): clients and deals by name, and every action by title."""

from __future__ import annotations

import importlib
import pkgutil

from textual.actions import parse
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList

import amtui.tui
from amtui.tui.actions import COMMANDS, KEYS
from amtui.tui.app import AmtuiApp
from amtui.tui.commands import BookProvider, palette_actions


def _screen_actions() -> set[str]:
    for module in pkgutil.walk_packages(amtui.tui.__path__, "amtui.tui."):
        importlib.import_module(module.name)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    # a screen's own actions and those it mixes in (e.g. the client's ClientRecordActions)
    return {name[len("action_"):] for cls in walk(Screen) if cls.__module__.startswith("amtui.")
            for name in dir(cls) if name.startswith("action_")}


def test_every_palette_action_names_a_method_that_exists():
    on_screens = _screen_actions()
    entries = [(k.palette, k.action if k.scope == "app" else f"screen.{k.action}") for k in KEYS if k.palette]
    for title, action in entries + [(t, a) for t, _h, a in COMMANDS]:
        namespace, name, _params = parse(action)
        if namespace == "app":
            assert hasattr(AmtuiApp, f"action_{name}"), title
        else:
            assert namespace == "screen" and name in on_screens, title


def test_palette_titles_are_unique_on_a_screen():
    titles = [title for title, _help, _action in COMMANDS]
    assert len(titles) == len(set(titles))
    for scope in {k.scope for k in KEYS}:
        keyed = [k.palette for k in KEYS if k.scope == scope and k.palette]
        assert len(keyed) == len(set(keyed)), scope


async def test_search_finds_clients_and_actions_and_discovery_lists_every_action(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test() as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # Today's rows: the keys acting on one are on
        provider = BookProvider(app.screen)
        hits = [hit async for hit in provider.search("bright")]
        assert [h.text for h in hits][:2] == ["Brightline Creative", "Seabright Hotels"]
        assert hits[0].help.startswith("Client")
        found = [str(h.text) async for h in provider.search("export")]
        assert "Export a report" in found
        discovered = [h.text async for h in provider.discover()]
        assert discovered == [title for title, _help, _action in palette_actions(app.screen)]


async def _choose(pilot, text: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.press(*text)
    results = pilot.app.screen.query_one(OptionList)
    for _ in range(200):  # the palette searches in the background: wait for its answer
        if results.option_count:
            break
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_ctrl_p_runs_an_action_and_opens_a_client(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _choose(pilot, "pipeline")
        assert app.current_mode == "pipeline"
        await _choose(pilot, "brightline")
        assert type(app.screen).__name__ == "ClientDetailScreen"


async def test_ctrl_p_text_search_shows_a_new_follow_up_first_with_kind_and_date(book_path):
    """The audit: `brand safety` showed 15 older interactions and not the follow-up just
    added; `pacing`'s lines were alike, with no date.  Each line now says its kind and
    date, the text hits in search_text's order (the follow-up, due latest, first)."""
    from datetime import UTC, date, datetime

    from amtui.core import followups
    from amtui.models import Client, Interaction

    acme = Client.create(name="Metro Daily Press", tier="A").id
    for day in range(1, 21):
        Interaction.create(client=acme, happened_at=datetime(2026, 11, day, 15, tzinfo=UTC),
                           summary="Talked about brand safety")
    followups.add_follow_up(acme, title="Confirm brand safety fix", due_on=date(2026, 12, 10))
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.press(*"brand safety")
        results = pilot.app.screen.query_one(OptionList)
        for _ in range(200):  # the palette searches in the background
            if results.option_count >= 15:
                break
            await pilot.pause()
        for _ in range(5):
            await pilot.pause()
        lines = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        texts = [line for line in lines if "brand safety" in line]
        assert len(texts) == 15
        assert "Confirm brand safety fix (Metro Daily Press)" in texts[0]
        assert "Follow-up · due Thu 10 Dec" in texts[0]
        assert "Interaction · Fri 20 Nov" in texts[1] and "Interaction · Thu 19 Nov" in texts[2]
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ClientDetailScreen"


async def test_the_palette_says_what_undo_would_put_back(book_path):
    """ctrl+z acts without asking: the palette's "Undo the last change" names the change
    first, as `amtui undo --list` does, or says there is nothing to undo."""
    from amtui.core import clients, undo

    clients.create_client("Globex", tier="B")  # a book with a client opens on Today
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        provider = BookProvider(app.screen)

        async def undo_line() -> str:
            hits = [h async for h in provider.search("undo the last")]
            return next(h.help for h in hits if str(h.text) == "Undo the last change")

        assert await undo_line() == "Nothing to undo"
        with undo.recording("Client added: Acme\x1b[2J [b]loud[/] Corp"):
            clients.create_client("Acme Corp", tier="A")
        said = await undo_line()
        # the book's text as text: controls visible, "[/]" not read as markup
        assert Content.from_markup(said).plain == "Undoes: Client added: Acme\u241b[2J [b]loud[/] Corp"
        discovered = {str(h.text): h.help async for h in provider.discover()}
        assert discovered["Undo the last change"] == said
