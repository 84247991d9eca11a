"""A small book for the pipeline tests (three clients and a catalogue of four products), a
clock they can move, and opening the Pipeline screen in a Pilot app.  conftest.py loads
the fixtures for every test module."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pilot_helpers import settle, wait_for

from amtui.core.products import create_product
from amtui.models import Client
from amtui.tui.screens.pipeline import PipelineScreen


@pytest.fixture
def small_book(book_path):
    acme = Client.create(name="Acme Corp", tier="A").id
    globex = Client.create(name="Globex", tier="B").id
    initech = Client.create(name="Initech", tier="C").id
    products = {
        "analytics": create_product("Analytics Pro", "Analytics", Decimal("12000")),
        "dashboards": create_product("Dashboards", "Analytics", Decimal("4000")),
        "support": create_product("Premium Support", "Services", Decimal("6000")),
        "training": create_product("Onsite Training", "Services", Decimal("2500"), recurring=False),
    }
    return {"path": book_path, "acme": acme, "globex": globex, "initech": initech, **products}


@pytest.fixture
def move_today(monkeypatch, frozen_today):
    """move_today(day): move the frozen clock (the book's timestamps follow it)."""

    def move(day) -> None:
        monkeypatch.setenv("AMTUI_TODAY", day.isoformat())

    return move


async def open_pipeline(pilot) -> PipelineScreen:
    """Press 3 and let the Pipeline screen load: once the start's workers (Today's first
    rows and whole agenda, the day's snapshot) have ended, so that no write of theirs makes
    the Pipeline load again while a test counts its queries."""
    idle = lambda: not any(w.is_running for w in pilot.app.workers)  # noqa: E731
    await wait_for(pilot, idle, "the start's workers")
    await pilot.press("3")
    await settle(pilot, 3)
    await wait_for(pilot, idle, "the Pipeline's load")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PipelineScreen)
    return screen


async def open_board(pilot) -> PipelineScreen:
    """`open_pipeline`, then `v`: the board shown with its columns' first pages in."""
    screen = await open_pipeline(pilot)
    await pilot.press("v")
    await settle(pilot, 3)
    return screen


# --- the board (one Line-API widget, widgets/deal_board.py) --------------------------------
def board_column_lines(board, column) -> list[str]:
    """What a board column shows, line by line (header first): its part of each of the
    board's lines, less its scrollbar and border; [] when it is out of sight."""
    shown = column.index - board.first
    if not 0 <= shown < board.shown:
        return []
    width = board.column_width()
    left = shown * width
    return [board.render_line(y).text[left:left + width - 2] for y in range(board.size.height)]


def board_cards_on_screen(board, column) -> set[int]:
    """The deals of the cards a column shows (whole or in part)."""
    if not 0 <= column.index - board.first < board.shown:
        return set()
    h = board.row_height
    top, bottom = column.top // h, (column.top + board.body_lines - 1) // h
    return {column.source.key_at(i) for i in range(top, min(bottom, column.row_count - 1) + 1)}
