"""The footer every screen uses: Textual's Footer, rebuilt only when its keys change.

It reaches into Textual's Footer internals (FooterKey, _bindings_ready, _disabled), which
is why pyproject.toml pins textual to 8.2.x: check this module when upgrading.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    Textual recomposes the footer (16-odd FooterKey widgets, each styled twice) once per
    bindings signal, and a screen sends several per focus move or cursor move: that was
    a third of start-up.  Here the signals of one refresh make one update, and when only
    which keys are greyed out changed, the keys are re-classed in place.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._update_pending = False
        self._shown: tuple | None = None  # the keys on show, as last composed

    def compose(self) -> ComposeResult:
        # Textual binds each key's `compact` to the footer's after mounting, and the key
        # starts compact: each key is then re-styled twice (5 ms each).  Give the keys the
        # footer's value up front instead; watch_compact below keeps them following it.
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget._reactive_connect = None  # drop the data_bind
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def watch_compact(self, compact: bool) -> None:
        for footer_key in self.query(FooterKey):
            footer_key.compact = compact

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    def _keys_shown(self) -> tuple[tuple, dict[tuple[str, str], bool]]:
        """What compose() would show (without the greying), and which keys are enabled."""
        shown, enabled = [], {}
        for key, (_node, binding, on, tooltip) in self.screen.active_bindings.items():
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING:
                shown.append((key, binding.key, binding.action, binding.description, tooltip,
                               binding.show, id(binding.group), self.app.get_key_display(binding)))
                enabled[(binding.key, binding.action)] = on
        return (tuple(shown), self.show_command_palette, self.compact), enabled

    async def _update_keys(self) -> None:
        self._update_pending = False
        if not self.is_attached:
            return
        shown, enabled = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
            return
        for footer_key in self.query(FooterKey):
            on = enabled.get((footer_key.key, footer_key.action))
            if on is not None and on == footer_key._disabled:
                footer_key._disabled = not on
                footer_key.set_class(not on, "-disabled")
