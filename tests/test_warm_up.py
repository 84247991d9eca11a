"""Once Today's first load is on screen the app gets later keys ready in idle time (issue
14, tui/warm_up.py): the collector is settled (gc.freeze), the sections' modules are
imported and their widgets' CSS parsed, without a query; a first visit of a section is
then a switch, with no new CSS to parse and no CSS refresh of the whole app, and every
screen looks exactly as a full CSS refresh would style it."""

from __future__ import annotations

import gc
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from pilot_helpers import running, settle, wait_for
from textual.css.stylesheet import Stylesheet

from amtui.tui import warm_up
from amtui.tui.app import AmtuiApp
from amtui.tui.stylesheet import KeptStylesheet

SECTIONS = [("2", "clients"), ("3", "pipeline"), ("4", "quota"), ("5", "reports"), ("1", "today")]


PACKAGE = str(Path(warm_up.__file__).parents[1])  # amtui/, where the sections' modules are


@contextmanager
def queries_from_warming():
    """The queries sent by the warm-up or by a module it imports (a frame of warm_up.py or
    a module's top level in the stack): counted by who sends them, as a load that another
    start's worker finishes meanwhile (a server book's day's snapshot, a late page) may
    send its own in the same seconds."""
    from amtui.models import database

    sent: list[str] = []
    execute = database.obj.execute_sql

    def spy(sql, *args, **kwargs):
        ours = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_stack()
                if f.filename == warm_up.__file__
                or (f.name == "<module>" and f.filename.startswith(PACKAGE))]
        if ours:
            sent.append(f"{sql[:60]} from {ours}")
        return execute(sql, *args, **kwargs)

    database.obj.execute_sql = spy
    try:
        yield sent
    finally:
        del database.obj.execute_sql


class ColdApp(AmtuiApp):
    """The app with its idle warm-up held back, for a test to run it by hand."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warmed = True  # first_load_done then skips the warm-up


async def test_the_start_settles_the_collector_and_warms_every_section(demo_book):
    async with running(demo_book) as (app, _pilot):
        assert app.warmed
        assert gc.get_freeze_count() > 0  # the start's objects are out of the collector's way
        for name in warm_up.SECTION_MODULES:
            assert name in sys.modules
    assert gc.get_freeze_count() == 0  # the app ended: nothing stays frozen


async def test_warming_reads_nothing_from_the_book_and_adds_the_sections_css(demo_book):
    async with running(demo_book, app=ColdApp(db_path=demo_book)) as (app, pilot):
        before = set(app.stylesheet.source)
        with queries_from_warming() as sent:
            added = await warm_up.warm_sections(app)
            await settle(pilot)
        assert sent == []
        assert added > 0 and len(app.stylesheet.source) > len(before)
        # again: nothing left to add
        assert await warm_up.warm_sections(app) == 0


async def test_a_first_visit_after_warming_parses_and_refreshes_no_css(demo_book):
    async with running(demo_book) as (app, pilot):
        refreshes = []
        real_refresh = app.refresh_css
        app.refresh_css = lambda *a, **k: (refreshes.append(a), real_refresh(*a, **k))
        sources, parses = set(app.stylesheet.source), app.stylesheet.full_parses
        for key in "23":
            await pilot.press(key)
            await settle(pilot, 3)
        assert set(app.stylesheet.source) == sources  # every widget's CSS was there
        await pilot.press("4")
        await settle(pilot, 3)
        assert app.stylesheet.full_parses == parses
        assert refreshes == []  # no restyle of the whole app for a new section's screen


def _look(app) -> str:
    # a toast (a late load's notice) comes and goes on its own timer: not the styling
    app.clear_notifications()
    return app.export_screenshot()


async def _steady_look(app, pilot, tries: int = 20) -> str:
    """The screen once two looks in a row agree (a page still loading, or the day's
    snapshot landing on PostgreSQL, can redraw it after a settle)."""
    look = _look(app)
    for _ in range(tries):
        await settle(pilot, 2)
        again = _look(app)
        if again == look:
            return look
        look = again
    return look


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_every_section_looks_as_a_full_css_refresh_styles_it(demo_book, size):
    async with running(demo_book, size=size) as (app, pilot):
        for key, mode in SECTIONS:
            await pilot.press(key)
            await settle(pilot, 3)
            assert app.current_mode == mode
            shown = await _steady_look(app, pilot)
            full_parses = app.stylesheet.full_parses
            app.stylesheet.set_variables({})  # then a full parse, and every widget restyled
            app.refresh_css(animate=False)
            assert app.stylesheet.full_parses == full_parses + 1
            assert await _steady_look(app, pilot) == shown, (
                f"{mode} at {size} is styled differently after a CSS refresh")


async def test_a_new_theme_reaches_a_section_shown_again(demo_book):
    async with running(demo_book, size=(120, 40)) as (app, pilot):
        await pilot.press("2")
        await settle(pilot, 3)
        old_look = _look(app)
        await pilot.press("1")
        await settle(pilot, 3)
        full_parses = app.stylesheet.full_parses
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot, 2)
        assert app.stylesheet.full_parses == full_parses + 1  # a new theme is parsed in full
        await pilot.press("2")
        await settle(pilot, 3)
        shown = await _steady_look(app, pilot)
        assert shown != old_look
        app.stylesheet.set_variables({})
        app.refresh_css(animate=False)
        assert await _steady_look(app, pilot) == shown


def test_the_kept_stylesheet_parses_the_rules_a_fresh_one_parses(tmp_path):
    css = "Screen { background: $surface; }\n#x { color: $text; }\n"
    variables = {"surface": "#101010", "text": "#eeeeee"}
    kept, fresh = KeptStylesheet(variables=variables), Stylesheet(variables=variables)
    for sheet in (kept, fresh):
        sheet.add_source(css, read_from=("test", "A"))
        sheet.reparse()
    kept.add_source("Label { color: red; }", read_from=("test", "B"))
    fresh.add_source("Label { color: red; }", read_from=("test", "B"))
    kept.reparse()
    fresh.reparse()
    assert [r.css for r in kept.rules] == [r.css for r in fresh.rules]
    assert kept.full_parses == 1  # the second reparse used the parsed rules
    kept.set_variables({**variables, "surface": "#202020"})  # a new theme: parsed in full
    kept.reparse()
    assert kept.full_parses == 2 and "#202020" in kept.css


async def test_full_collections_wait_for_a_rest_and_the_collector_is_put_back(demo_book):
    """Issue 14: a full collection holds the interpreter for its whole scan (20-200 ms at
    5,000 clients), so it is made when no worker runs and no key came for a moment, not
    by Python in the middle of a key's work; Python's own are put off while the app runs
    (keys with no rest between them meet none), and its schedule is put back after."""
    import threading

    before = gc.get_threshold()
    async with running(demo_book) as (app, pilot):
        collector = app.idle_collector
        assert collector is not None
        assert gc.get_threshold() == (*before[:2], warm_up.FULL_WHEN_BUSY)
        release = threading.Event()
        app.run_worker(release.wait, thread=True, group="busy")  # a list's worker, say
        made = collector.collections
        for _ in range(warm_up.FULL_WHEN_IDLE):
            gc.collect(1)  # each young collection counts towards the next full one
        assert collector.due()
        for _ in range(3):  # a worker runs: no full collection however long it takes
            await pilot.pause(warm_up.IDLE_CHECK * 2)
            assert collector.collections == made and collector.due()
        release.set()
        await app.workers.wait_for_complete()
        collector.key_pressed()  # a key just came: still not at rest
        assert not collector.at_rest()
        await wait_for(pilot, lambda: collector.collections > made, "a full collection at rest")
        assert not collector.due()
    assert gc.get_threshold() == before


async def test_keys_with_no_rest_between_them_meet_no_full_collection(demo_book):
    """Issue 14: work that keeps the app busy (a worker running, as in a filter typed key
    after key) and keeps objects past young collections, as a list's loads do, meets no
    full collection of Python's own however many young collections it makes (it used to
    come after 50; one fell in a filter keystroke at 20,000 clients, 100-200 ms); the
    next rest makes it."""
    import threading

    async with running(demo_book) as (app, pilot):
        collector = app.idle_collector
        release = threading.Event()
        app.run_worker(release.wait, thread=True, group="busy")
        made = collector.collections
        seen = {0: 0, 1: 0, 2: 0}

        def count(phase: str, info: dict) -> None:
            if phase == "start":
                seen[info["generation"]] += 1

        gc.callbacks.append(count)
        kept: list = []
        try:
            while seen[1] < 2 * 50:  # twice as many young collections as Python's old 50
                cycle: list = []
                cycle.append(cycle)  # garbage only a full collection finds
                kept.append([cycle] if len(kept) % 8 == 0 else None)  # and survivors
                if len(kept) > 5_000_000:
                    pytest.fail("the young collections did not come")
        finally:
            gc.callbacks.remove(count)
            kept.clear()
            release.set()  # a failure must not leave the app waiting on the worker
        assert seen[2] == 0
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: collector.collections > made, "a full collection at rest")


async def test_a_key_puts_the_full_collection_off(demo_book):
    async with running(demo_book) as (app, pilot):
        collector = app.idle_collector
        await pilot.press("2")
        assert time.monotonic() - collector.last_key < warm_up.QUIET * 10
