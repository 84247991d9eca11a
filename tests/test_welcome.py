"""The welcome view an empty book opens on: demo, first client, import, escape."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from pilot_helpers import notifications, wait_for
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Button, Static

from amtui.core import book
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.welcome import WelcomeScreen


@asynccontextmanager
async def opened(book, size=(80, 24)):
    """The app on `book` with its first screen up: (app, pilot)."""
    app = AmtuiApp(db_path=book)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_empty_book_opens_on_welcome_and_d_loads_the_demo(book_path):
    async with opened(book_path) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.current_mode == "today"
        assert book.counts()["clients"] == 40
        assert any("Demo book loaded" in str(n.message) for n in notifications(app))


async def test_a_book_with_clients_opens_without_welcome(demo_book):
    async with opened(demo_book) as (app, pilot):
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.current_mode == "today"


async def test_escape_starts_with_the_empty_book(book_path):
    async with opened(book_path) as (app, pilot):
        await press(pilot, "escape")
        assert not isinstance(app.screen, WelcomeScreen)
        assert book.is_empty()


async def test_n_adds_a_first_client_and_shows_the_client_list(book_path):
    async with opened(book_path) as (app, pilot):
        await press(pilot, "n")
        assert type(app.screen).__name__ == "ClientForm"
        await pilot.press(*"Acme Corp")
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.current_mode == "clients"
        assert book.counts()["clients"] == 1


async def test_cancelling_the_client_form_returns_to_welcome(book_path):
    async with opened(book_path) as (app, pilot):
        await press(pilot, "n")
        await press(pilot, "escape")
        assert isinstance(app.screen, WelcomeScreen)


async def test_i_opens_the_import_dialog(book_path):
    async with opened(book_path) as (app, pilot):
        await press(pilot, "i")
        assert "Import" in type(app.screen).__name__
        await press(pilot, "escape")
        assert isinstance(app.screen, WelcomeScreen)  # nothing imported: still empty


async def test_section_keys_close_the_welcome(book_path):
    async with opened(book_path) as (app, pilot):
        await press(pilot, "3")
        assert app.current_mode == "pipeline"
        await press(pilot, "1")
        assert app.current_mode == "today"
        assert not isinstance(app.screen, WelcomeScreen)


def shown_text(widget) -> str:
    """What a widget paints, its lines joined by spaces."""
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(line.text.strip() for line in lines)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_a_new_book_shows_its_choices_and_the_quota_note_whole(book_path, size):
    async with opened(book_path, size) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        for choice in app.screen.query(".welcome-choice").results(Button):
            label = str(choice.label)
            assert cell_len(label) <= choice.content_size.width, label  # one line, not cut
        await press(pilot, "escape")
        banner = app.screen.query_one("#today-banner", Static)
        await wait_for(pilot, lambda: "No quota" in shown_text(banner), "the banner")
        # however wide the terminal, the whole note shows (on a second line if need be)
        assert " ".join(shown_text(banner).split()) == (
            "No quota for 2026-Q4 yet: amtui quota set 2026-Q4 250k, or q on Quota")
