"""The footer every screen uses: the screen's keys on one line, fitted to the terminal: the
most important first (the actions table's order), `?` always, the rest left to `?`; keys
that cannot act on what is highlighted (their `check_action` returns None) greyed; the
command palette's key on the right.

Public Textual API only (`Screen.active_bindings` and `bindings_updated_signal`,
`App.get_key_display`, `App.simulate_key`), so a Textual upgrade cannot quietly break it.
One widget draws the line: a bindings signal (a screen sends several per cursor move)
costs a repaint, where Textual's Footer recomposes a dozen FooterKey widgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

KEYS_ACTION = "app.keys"  # `?`: always shown
RULE = "▏"  # between the keys and the palette key, as Textual's Footer draws it


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str  # the binding's key, as App.simulate_key takes it
    display: str  # the key as shown ("^p", "?")
    description: str
    action: str
    enabled: bool  # False: greyed (the action cannot act now)
    tooltip: str = ""
    palette: bool = False  # the command palette's key, on the right

    @property
    def width(self) -> int:
        """Cells it takes: the key padded one cell each side, the description one on the right."""
        return cell_len(self.display) + 2 + (cell_len(self.description) + 1 if self.description else 0)


@dataclass(frozen=True)
class Placed:
    """An entry and the cells [start, end) it takes on the footer's line."""

    entry: FooterEntry
    start: int
    end: int


def fit_entries(entries: list[FooterEntry], width: int) -> list[FooterEntry]:
    """Drop the last keys (the least important: the actions table lists the important
    first) until what is left, `?` and the palette key fit in `width`."""
    palette = [e for e in entries if e.palette]
    room = width - sum(p.width + cell_len(RULE) for p in palette)
    room -= sum(e.width for e in entries if e.action == KEYS_ACTION and not e.palette)
    kept = []
    for entry in entries:
        if entry.palette:
            continue
        if entry.action != KEYS_ACTION:
            room -= entry.width
            if room < 0:
                continue  # and every key after it: less important, however short
        kept.append(entry)
    return kept + palette


def place(entries: list[FooterEntry], width: int) -> list[Placed]:
    """Where each fitted entry goes: keys from the left, the palette key on the right."""
    placed, x = [], 0
    for entry in fit_entries(entries, width):
        if entry.palette:
            start = max(x, width - entry.width)
            placed.append(Placed(entry, start, start + entry.width))
        else:
            placed.append(Placed(entry, x, x + entry.width))
            x += entry.width
    return placed


class KeysFooter(Widget):
    """The screen's keys, fitted to one line (see the module's docstring)."""

    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--rule"}

    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeysFooter > .keys-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeysFooter > .keys-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeysFooter > .keys-footer--rule {
        color: $foreground 20%;
    }
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries: list[FooterEntry] = []  # the screen's keys, before fitting

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.call_after_refresh(self.bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if not self.app.app_focus or not self.is_attached or screen is not self.screen:
            return  # (as Textual's Footer: no greying while the terminal is in the background)
        entries = self.read_entries()
        if entries != self.entries:
            self.entries = entries
            self.refresh()

    def read_entries(self) -> list[FooterEntry]:
        """The screen's shown bindings, one per action, then the palette's key."""
        active = self.screen.active_bindings
        # a screen may name its keys in its own words (a question's "Throw away" / "Keep it")
        words = getattr(self.screen, "footer_words", {})
        entries, actions = [], set()
        for active_binding in active.values():
            binding = active_binding.binding
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            entries.append(FooterEntry(
                key=binding.key, display=self.app.get_key_display(binding),
                description=words.get(binding.action, binding.description), action=binding.action,
                enabled=active_binding.enabled, tooltip=active_binding.tooltip,
            ))
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            binding = palette.binding
            entries.append(FooterEntry(
                key=binding.key, display=self.app.get_key_display(binding),
                description=binding.description, action=binding.action, enabled=palette.enabled,
                tooltip=binding.tooltip or binding.description, palette=True,
            ))
        return entries

    def placed(self) -> list[Placed]:
        """The entries on show at the footer's width, and where."""
        return place(self.entries, self.size.width)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        for spot in self.placed():
            entry = spot.entry
            if spot.start > line.cell_len:
                line.append(" " * (spot.start - line.cell_len - cell_len(RULE)))
                line.append(RULE, self.get_component_rich_style("keys-footer--rule"))
            part = Text.assemble((f" {entry.display} ", key_style))
            if entry.description:
                part.append(f"{entry.description} ", description_style)
            if not entry.enabled:
                part.stylize(Style(dim=True))
            line.append_text(part)
        return line

    def entry_at(self, x: int) -> FooterEntry | None:
        return next((p.entry for p in self.placed() if p.start <= x < p.end), None)

    def on_click(self, event: events.Click) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        event.stop()
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self.entry_at(event.x)
        tooltip = (entry.tooltip or None) if entry else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip
