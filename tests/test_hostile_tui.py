"""Issue 10 parts 1-2 and issue 11 "Errors in background work", in the TUI.

- No control character from the book reaches a rendered cell, label, title or toast, and
  text that looks like Rich markup shows as typed (it neither styles nor crashes).
- A save that fails on storage (busy, read-only, damaged) keeps the form and its text
  open and says what happened; other writes from keys notify instead of crashing.
- A read-only book opens with a banner and the write keys disabled.
- A loader that fails leaves the app up with "could not read the book: … — r to retry".
"""

from __future__ import annotations

import sqlite3

import pytest

from amtui import models
from amtui.tui.app import AmtuiApp

# A terminal retitle + clear screen, a one-byte CSI, a bidi override, and markup that
# would style the rest of the line or raise a MarkupError if parsed.
EVIL = "Evil\x1b]0;PWNED\x07\x1b[2J[bold red]loud[/] [/nope]\x9b\u202e"


def control_characters(text: str) -> list[str]:
    return sorted({
        hex(ord(c)) for c in text
        if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F or c in "\u202a\u202b\u202c\u202d\u202e"
    })


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def assert_clean(app, where: str) -> None:
    svg = app.export_screenshot()
    assert not control_characters(svg), f"{where}: {control_characters(svg)}"


@pytest.fixture
def evil_demo(demo_book):
    """The demo book with text written by another tool: every kind of record carries EVIL."""
    first = [c.id for c in models.Client.select(models.Client.id).order_by(models.Client.name).limit(8)]
    models.Client.update(name=models.Client.name.concat(EVIL), industry=EVIL).where(
        models.Client.id.in_(first)
    ).execute()
    models.Contact.update(name=models.Contact.name.concat(EVIL), title=EVIL).execute()
    models.FollowUp.update(title=EVIL).execute()
    models.Interaction.update(summary=EVIL).execute()
    models.Opportunity.update(title=models.Opportunity.title.concat(EVIL), next_step=EVIL).execute()
    models.ServiceIssue.update(title=EVIL).execute()
    models.Product.update(name=models.Product.name.concat(EVIL)).execute()
    return demo_book


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_no_control_character_reaches_the_screen(evil_demo, size):
    app = AmtuiApp(db_path=evil_demo)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_clean(app, "today")
        for key, where in (("2", "clients"), ("3", "pipeline"), ("4", "quota"), ("5", "reports")):
            await pilot.press(key)
            await settle(pilot)
            assert_clean(app, where)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")  # the first client: its detail
        await settle(pilot)
        assert_clean(app, "client detail")
        await pilot.press("l")  # the log form, titled with the client's name
        await settle(pilot)
        assert_clean(app, "log form")
        await pilot.press("escape")
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert_clean(app, "deal detail")
        await pilot.press("escape", "1")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"evil")
        await pilot.pause(0.3)
        await settle(pilot)
        assert_clean(app, "palette")
        await pilot.press("escape")
        app.notify(f"Logged with {EVIL}")  # what a screen says after a save
        await pilot.pause()
        assert_clean(app, "notification")
