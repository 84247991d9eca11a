"""The footer every screen uses: Textual's Footer, rebuilt only when its keys change, and
fitted to the terminal: the screen's most important keys first (the actions table's order),
`?` always, the rest left to `?`.

It reaches into Textual's Footer internals (FooterKey, _bindings_ready, _disabled,
_reactive_connect), which is why pyproject.toml pins textual to 8.2.x;
tests/test_keys_footer.py fails loudly when an upgrade moves them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KEYS_ACTION = "app.keys"  # `?`: always shown


def key_width(key: FooterKey, compact: bool) -> int:
    """Cells a key takes: Textual pads the key one cell each side and the description one
    on the right (compact: one cell between them)."""
    if compact:
        return len(key.key_display) + 1 + len(key.description)
    return len(key.key_display) + 2 + len(key.description) + 1


def fit_keys(widgets: list, width: int, compact: bool) -> list:
    """Drop the last keys (the least important: the table lists the important first) until
    what is left, `?` and the palette key fit in `width`."""
    keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
    palette = [w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")]
    room = width - sum(key_width(p, compact) + 1 for p in palette)  # +1: the palette's rule
    room -= sum(key_width(k, compact) for k in keys if k.action == KEYS_ACTION)
    dropped = set()
    for key in keys:
        if key.action == KEYS_ACTION:
            continue
        room -= key_width(key, compact)
        if room < 0:
            dropped.add(id(key))
    return [w for w in widgets if id(w) not in dropped]


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
        widgets = list(super().compose())
        for widget in fit_keys(widgets, self.app.size.width, self.compact):
            if isinstance(widget, FooterKey):
                widget._reactive_connect = None  # drop the data_bind
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def on_resize(self) -> None:
        self._shown = None  # another width may fit more (or fewer) keys
        self.bindings_changed(self.screen)

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
