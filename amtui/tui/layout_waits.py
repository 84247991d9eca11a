"""Run something once a frame has laid a widget out and painted it.

A screen that shows its parts a frame each (Quota) must know when the frame holding the
last part has painted.  Counting refreshes does not tell: a widget tells the screen of its
new layout only once its own message queue is done, so on a loaded machine the refreshes
could run out first and two parts joined the screen in one frame.  The screen's layout
signal does tell: it is published after each layout, once the compositor has painted it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.screen import Screen
from textual.widget import Widget

# seconds a shown part laid out without a place waits before going on without one (a
# terminal with no room at all): long, as on a loaded machine the part's own layout can
# come after other widgets' layouts
PLACE_WAIT = 3.0


@dataclass(eq=False)
class _Wait:
    widget: Widget
    then: Callable[[], object]
    layouts: int = 0  # layouts of the screen with the part shown since the wait began


class LayoutWaits:
    """The waits of one screen: `after_painted(widget, then)` runs `then()` after the
    frame that gives `widget` its place has painted.  While the screen is hidden no
    layout comes, and the wait goes on until it shows again."""

    def __init__(self, screen: Screen) -> None:
        self._screen = screen
        self._waits: list[_Wait] = []
        screen.screen_layout_refresh_signal.subscribe(screen, self._laid_out, immediate=True)

    def after_painted(self, widget: Widget, then: Callable[[], object]) -> None:
        if widget.region:  # on show already: new figures for a part in place
            self._screen.call_after_refresh(then)
            return
        wait = _Wait(widget, then)
        self._waits.append(wait)
        self._screen.set_timer(PLACE_WAIT, lambda: self._late(wait))

    @property
    def pending(self) -> int:
        return len(self._waits)

    def _laid_out(self, _screen: Screen) -> None:
        for wait in list(self._waits):
            wait.layouts += wait.widget.display  # a hidden part has no place to be given
            if wait.widget.region:
                self._go(wait)

    def _late(self, wait: _Wait) -> None:
        if wait not in self._waits:
            return
        if wait.layouts:  # laid out, and no place for it: go on without
            self._go(wait)
        else:  # hidden meanwhile: wait for the rep to come back
            self._screen.set_timer(PLACE_WAIT, lambda: self._late(wait))

    def _go(self, wait: _Wait) -> None:
        self._waits.remove(wait)
        self._screen.call_after_refresh(wait.then)
