"""Whether what a screen shows is still the book's: returning to a section is then a
repaint, not a query (issue 14).

A screen calls `start()` when it asks its worker for data, `done()` when that data is on
screen, and on resume reloads only if `stale()`.  The token is read before the worker's
queries, so a write that lands while they run makes the screen stale, never wrongly
fresh; a load that fails leaves it stale.
"""

from __future__ import annotations

from collections.abc import Hashable

from amtui.core.change_token import change_token


class Freshness:
    def __init__(self) -> None:
        self._shown: Hashable | None = None  # the token of the data on screen
        self._asked: Hashable | None = None  # the token when the last load was asked for
        self.shown_once = False  # the first load is on screen (keys typed ahead wait for it)

    def start(self) -> None:
        self._shown, self._asked = None, change_token()

    def done(self) -> None:
        self._shown = self._asked
        self.shown_once = True

    def stale(self) -> bool:
        return self._shown is None or self._shown != change_token()
