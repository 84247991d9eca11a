"""What the app does once Today's first load is on screen, so later keys freeze less.

- The collector: everything alive then (Textual, the modules, the first screen) lives as
  long as the app.  `gc.freeze()` moves it out of the collector's generations, so a full
  collection scans only what was made since (without it, a full collection walked every
  object the start made: 60-100 ms with the screen's thread stopped, whatever ran then).
  Done again once the sections are warmed (their modules live as long), and by each
  section once its first load is on screen (screens/base.py).
- Full collections at rest (IdleCollector): the due one is made when no worker runs and
  no key came for a moment, not in the middle of a key's work.
- The sections: their modules are imported in a thread (the screen's thread gets the
  interpreter every few ms meanwhile), then the DEFAULT_CSS of each widget class a
  section's module names is added to the stylesheet and parsed, one class a slice, in
  idle time.  A first visit is then a switch, not an import and a parse.  No query: a
  section reads the book when it is shown.
"""

from __future__ import annotations

import asyncio
import gc
import time
from importlib import import_module
from types import ModuleType

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import WorkerState

# the sections a key shows; Today is the first screen
SECTION_MODULES = ("amtui.tui.screens.clients", "amtui.tui.screens.pipeline",
                   "amtui.tui.screens.quota", "amtui.tui.screens.reports")
# between two classes' CSS the loop runs whatever is ready (a key, a timer, a repaint):
# each class's CSS parses in 0.5-2.5 ms, so no slice holds the screen's thread for long
SLICE_PAUSE = 0.0
# full collections (IdleCollector): made at rest after 3 young collections, sooner than
# Python's own; and Python's own (after 10 by default) not while the app runs, so keys that
# come with no rest between them never meet one (5,000 young collections is only a
# backstop for a rest that never comes: a long export's worker)
FULL_WHEN_IDLE = 3
FULL_WHEN_BUSY = 5_000
IDLE_CHECK = 0.1  # seconds between two looks for a rest
QUIET = 0.4  # seconds without a key or a worker (past the filters' 0.15 s debounce)


def settle_collector() -> None:
    """Everything alive now is kept by the app: out of the collector's way.  The young
    generations are collected first (a few ms) so their garbage is not frozen with it."""
    gc.collect(1)
    gc.freeze()


def release_collector() -> None:
    """The app ends: what it froze goes back to the collector (a test run makes many
    apps in one process; their cycles must not outlive them)."""
    gc.unfreeze()


class IdleCollector:
    """Full collections at rest, not in the middle of a key's work.

    Python starts a full collection after every FULL_WHEN_IDLE young (generation 1) ones,
    in whichever thread allocates then: a list's worker, a repaint, a sort.  It holds the
    interpreter for the whole scan (20-30 ms at 5,000 clients on a quiet machine, 150-200
    ms on a busy one), so it landed in keys' work as their longest freeze.  Now the app
    makes one itself once the loop is at rest (no key, no worker and no young collection
    for QUIET seconds) after FULL_WHEN_IDLE young ones, sooner than Python would.  Keys
    that come with no rest between them (a filter typed, a list sorted again and again)
    never let the app rest: Python's own full collection is then put off to
    FULL_WHEN_BUSY young ones instead of 10 (put back when the app ends), so it does not
    come at all.  At 50 it still fell in one filter keystroke of a key-after-key run at
    20,000 clients (freeze.py: 198 ms, once health's scores of the whole book were held);
    the garbage a full collection finds is cycles only (the rest is freed as it goes), a
    little for each key, and the next rest collects it."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.last_key = 0.0
        self.last_busy = 0.0  # when a worker was last seen running, or objects being made
        self._young_seen = gc.get_count()[2]
        self.collections = 0  # made at rest (tests read it)
        self._threshold = gc.get_threshold()
        young, middle, _ = self._threshold
        gc.set_threshold(young, middle, FULL_WHEN_BUSY)
        self._timer = app.set_interval(IDLE_CHECK, self.collect_if_due, name="idle-collector")

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def due(self) -> bool:
        return gc.get_count()[2] >= FULL_WHEN_IDLE  # young collections since the last full one

    def at_rest(self) -> bool:
        """No key, no worker and no young collection (something making objects: a
        repaint, a result being shown) for QUIET seconds."""
        now = time.monotonic()
        young = gc.get_count()[2]
        if young != self._young_seen or any(
                w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                for w in self.app.workers if w.group != "warm-up"):
            self.last_busy = now
        self._young_seen = young
        return now - max(self.last_key, self.last_busy) >= QUIET

    def collect_if_due(self) -> None:
        if self.at_rest() and self.due():
            gc.collect()
            self.collections += 1
            self._young_seen = gc.get_count()[2]

    def stop(self) -> None:
        self._timer.stop()
        gc.set_threshold(*self._threshold)


def widget_classes(module: ModuleType) -> list[type[Widget]]:
    """The widget classes a section's module names (those it composes, and its own)."""
    found = []
    for value in vars(module).values():
        if (isinstance(value, type) and issubclass(value, Widget)
                and not issubclass(value, Screen) and value not in found):
            found.append(value)
    return found


def add_default_css(app: App, widget_class: type[Widget]) -> bool:
    """Add a widget class's DEFAULT_CSS (with its bases') to the app's stylesheet and parse
    it, as Textual does when the first such widget is mounted; False if it was there."""
    stylesheet = app.stylesheet
    added = False
    # The sources Textual adds for a mounted widget (Widget._post_register), from a widget
    # that is made but never mounted (tests/test_textual_internals.py checks the call).
    for read_from, css, tie_breaker, scope in widget_class()._get_default_css():
        if stylesheet.has_source(*read_from):
            continue
        stylesheet.add_source(css, read_from=read_from, is_default_css=True,
                              tie_breaker=tie_breaker, scope=scope)
        added = True
    if added:
        stylesheet.parse()
    return added


async def warm_sections(app: App, modules: tuple[str, ...] = SECTION_MODULES) -> int:
    """Import the sections' modules off the screen's thread, then parse their widgets' CSS
    a class at a time; the number of classes whose CSS was added."""
    loaded = [await asyncio.to_thread(import_module, name) for name in modules]
    added = 0
    for module in loaded:
        for widget_class in widget_classes(module):
            try:
                added += add_default_css(app, widget_class)
            except Exception:  # noqa: BLE001 - a class that needs arguments: parsed when mounted
                continue
            await asyncio.sleep(SLICE_PAUSE)
    settle_collector()  # the modules and their parsed CSS live as long as the app
    return added
