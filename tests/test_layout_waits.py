"""LayoutWaits: a screen's part-by-part showing waits for the frame that lays the part
out, however many refreshes come first (Quota showed two parts in one frame on a loaded
machine when it counted refreshes), goes on waiting while the screen is hidden, and goes
on without a place when the terminal has none to give."""

from __future__ import annotations

from contextlib import asynccontextmanager

from pilot_helpers import wait_for
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from amtui.tui import layout_waits
from amtui.tui.layout_waits import LayoutWaits


class Parts(Screen):
    def compose(self) -> ComposeResult:
        yield Static("header", id="header")
        yield Static("part", id="part")

    def on_mount(self) -> None:
        self.query_one("#part").display = False
        self.waits = LayoutWaits(self)


class PartsApp(App):
    def on_mount(self) -> None:
        self.push_screen(Parts())


@asynccontextmanager
async def parts_screen():
    """The screen of a header and a hidden part, mounted: (pilot, screen)."""
    app = PartsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        yield pilot, app.screen


async def test_a_wait_runs_after_the_layout_that_places_the_part_not_before():
    async with parts_screen() as (pilot, screen):
        part = screen.query_one("#part")
        ran: list[bool] = []
        screen.waits.after_painted(part, lambda: ran.append(bool(part.region)))
        for _ in range(30):  # refreshes without the part shown: no run, however many
            screen.query_one("#header", Static).update(f"header {_}")
            await pilot.pause()
        assert ran == [] and screen.waits.pending == 1
        part.display = True
        await wait_for(pilot, lambda: ran, "the wait to run")
        assert ran == [True] and screen.waits.pending == 0


async def test_a_part_in_place_already_runs_after_the_next_refresh():
    async with parts_screen() as (pilot, screen):
        header = screen.query_one("#header")
        ran: list[int] = []
        screen.waits.after_painted(header, lambda: ran.append(1))
        assert screen.waits.pending == 0  # nothing to wait for
        await wait_for(pilot, lambda: ran, "the wait to run")


async def test_a_hidden_screen_keeps_waiting_and_a_part_without_a_place_goes_on(monkeypatch):
    monkeypatch.setattr(layout_waits, "PLACE_WAIT", 0.05)
    async with parts_screen() as (pilot, screen):
        app = pilot.app
        part = screen.query_one("#part")
        ran: list[int] = []
        app.push_screen(Screen())  # another section: no layout of this screen comes
        await pilot.pause()
        screen.waits.after_painted(part, lambda: ran.append(1))
        await pilot.pause(0.2)
        assert ran == [] and screen.waits.pending == 1
        # back, and the part shown with no room for it: laid out without a place
        part.styles.height = 0
        part.display = True
        app.pop_screen()
        await wait_for(pilot, lambda: ran, "the wait to go on without a place")
        assert not part.region and ran == [1] and screen.waits.pending == 0
