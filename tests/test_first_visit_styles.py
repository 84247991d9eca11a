"""A first visit of a section restyles no whole screen (issue 14's freezes): a class set on
a screen restyles every widget of it, 30-70 ms for Quota's 35.  The screen's breakpoint
classes (`-wide`, `-tall`...) are set before its widgets mount, for the terminal's size,
and Quota's lists go side by side or one under the other with a class on their own box,
so the only restyles a first visit makes are of a few widgets (focus, a card's colour)."""

from __future__ import annotations

import pytest
from pilot_helpers import settle
from textual.screen import Screen

from amtui.tui.app import AmtuiApp


def record_restyles(app) -> list:
    """Every node App.update_styles restyles (with all its descendants) from now on."""
    restyled: list = []
    real = app.update_styles

    def spy(node, *args, **kwargs):
        restyled.append(node)
        return real(node, *args, **kwargs)

    app.update_styles = spy
    return restyled


def subtree_size(node) -> int:
    return 1 + sum(1 for _ in node.walk_children())


@pytest.mark.parametrize("size", [(80, 24), (140, 42), (200, 60)], ids=["80x24", "140x42", "200x60"])
@pytest.mark.parametrize("key", ["4", "5"], ids=["quota", "reports"])
async def test_a_first_visit_restyles_no_whole_screen(demo_book, size, key):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        restyled = record_restyles(app)
        await pilot.press(key)
        await settle(pilot, 3)
        screen = app.screen
        assert not [n for n in restyled if isinstance(n, Screen)], "a whole screen was restyled"
        assert all(subtree_size(n) <= 12 for n in restyled), [
            (n, subtree_size(n)) for n in restyled if subtree_size(n) > 12]
        # the classes are those Textual's own breakpoints give for the size
        wide = size[0] >= (130 if key == "4" else 110)
        assert screen.has_class("-wide") == wide and screen.has_class("-narrow") != wide
        if key == "4":
            assert screen.has_class("-tall") == (size[1] >= 40) != screen.has_class("-short")
            lists = screen.query_one("#quota-lists")
            assert lists.display  # shown a frame after the cards and chart
            deals, history = screen.query_one("#quota-deals"), screen.query_one("#quota-history")
            beside = history.region.x >= deals.region.right
            assert lists.has_class("-stacked") != beside and beside == (size == (200, 60))
            assert not screen.has_class("-stacked")


async def test_a_resize_after_the_first_visit_still_moves_the_breakpoints(demo_book):
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("4")
        await settle(pilot, 3)
        screen = app.screen
        lists = screen.query_one("#quota-lists")
        assert screen.has_class("-wide", "-tall") and not lists.has_class("-stacked")
        await pilot.resize_terminal(80, 24)
        await settle(pilot, 3)
        assert screen.has_class("-narrow", "-short") and not screen.has_class("-wide")
        assert lists.has_class("-stacked")
        history = screen.query_one("#quota-history")
        assert history.region.y > screen.query_one("#quota-deals").region.bottom - 1
        await pilot.resize_terminal(200, 60)
        await settle(pilot, 3)
        assert screen.has_class("-wide", "-tall") and not lists.has_class("-stacked")


async def test_quota_fills_its_lists_a_frame_after_the_cards_from_the_latest_figures(demo_book):
    """The lists are filled a frame after the cards and chart (so no frame paints the whole
    screen anew); figures that were replaced meanwhile by a newer load fill nothing."""
    from dataclasses import replace

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot, 3)
        screen = app.screen
        deals = screen.query_one("#quota-deals")
        shown = screen.view
        assert shown is not None and deals.row_count == len(shown.deals.ids) > 0
        filled = []
        screen._fill_deals = lambda view, source, ready=None: filled.append(view)
        screen.view = replace(shown)  # a newer load's figures
        screen._fill_lists(shown, {})
        assert filled == []
        screen._fill_lists(screen.view, {})
        assert filled == [screen.view]


@pytest.mark.parametrize("size", [(80, 24), (140, 42)], ids=["80x24", "140x42"])
async def test_quota_shows_its_parts_a_layout_each_once_its_figures_are_in(demo_book, size):
    """A first visit lays out the header alone, then the cards with their figures (the
    first two, then the later ones), then the chart, then the lists: no layout of the
    screen adds two of them at once."""
    from amtui.tui.screens.quota import LATER_CARDS, PARTS

    parts = (PARTS[0], LATER_CARDS[-1], *PARTS[1:])  # a hidden card has no region (the later two come together)

    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        laid_out: list[tuple[str, ...]] = []

        def record(screen) -> None:
            shown = tuple(part for part in parts if screen.query_one(part).region)
            if not laid_out or laid_out[-1] != shown:
                laid_out.append(shown)

        def switched(_mode) -> None:  # the section's screen is made: every layout of it
            app.screen.screen_layout_refresh_signal.subscribe(app, record, immediate=True)

        app.mode_change_signal.subscribe(app, switched, immediate=True)
        await pilot.press("4")
        await settle(pilot, 3)
        screen = app.screen
        assert laid_out[-1] == parts and len(laid_out) >= 5, laid_out
        for before, after in zip(laid_out, laid_out[1:], strict=False):
            assert len(set(after) - set(before)) <= 1, laid_out
        assert screen.query_one("#quota-deals").row_count > 0


async def test_quota_shows_its_parts_when_its_figures_cannot_be_read(demo_book, monkeypatch):
    import peewee

    from amtui.tui.screens import quota
    from amtui.tui.screens.quota import PARTS

    def locked(*_args, **_kwargs):
        raise peewee.OperationalError("database is locked")

    monkeypatch.setattr(quota, "gap_list", locked)
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 3)
        await pilot.press("4")
        await settle(pilot, 3)
        screen = app.screen
        assert screen.query_one("#book-problem").display
        assert all(screen.query_one(part).display for part in PARTS)
