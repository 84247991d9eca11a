"""What a Line-API widget draws, kept by the look it was drawn in (the virtual table and
the Pipeline board).

Textual tells a widget its styles may have changed (`notify_style_update`) on every
focus change and every switch between two views.  The look (the widget's component
styles) is then read again on the next draw, but what was drawn is kept unless the theme
changed: going back and forth between two views redraws nothing, and a new theme
rebuilds everything (the owner's cells take the theme's colours).
"""

from __future__ import annotations

from typing import Any


class KeptLook:
    """Mixed in before the widget's Textual class.  The widget makes its look
    (`make_look`) and names the caches that hold what a look drew (`drawn`)."""

    _look_made: Any = None
    _theme: str | None = None
    drawn: tuple = ()  # caches (with .clear()) of lines or cells drawn in a theme's colours

    def make_look(self) -> Any:
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._look_made = None
        theme = self.app.theme if self.is_attached else None  # type: ignore[attr-defined]
        if theme != self._theme:
            self._theme = theme
            for cache in self.drawn:
                cache.clear()

    @property
    def look(self) -> Any:
        """The look to draw in, made once after each style update."""
        if self._look_made is None:
            self._look_made = self.make_look()
        return self._look_made
