"""`?`: every key of the screen underneath, its own first, grouped, then the app's.

The screen's keys come from the actions table in its groups (navigate / act on the row /
screen), then the keys that work anywhere, then the generic keys of the focused widget
(a list's cursor keys, the same on every screen) last.  A Rich table wraps the long explanations, so neither a key's
text nor its id (what config.toml remaps) is ever cut.  Below IDS_FROM columns the ids
are left out: at 80 columns their 28 left the explanations a third of the line.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from amtui.tui.actions import APP, BY_ID, GROUPS, KEYS, Key, bindings, key_display
from amtui.tui.safe import SafeLabel

IDS_FROM = 100  # terminal columns: narrower, the help leaves out the ids (README lists them)
TIGHT_BELOW = 30  # terminal rows: fewer, no blank line around the keys (amtui.tcss `.-tight`)
GENERIC = "other keys (tables, lists)"
LIST = "list"  # the scope of the virtual lists' own keys (up, down, page, home, end)


def help_rows(app, under: Screen) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """[(heading, [(key, does, id)])]: the screen's groups, then the app's, then generic."""
    active = {ab.binding.id: ab.binding for ab in under.active_bindings.values() if ab.binding.id}
    own = {b.id for b in getattr(type(under), "BINDINGS", ()) if isinstance(b, Binding) and b.id}
    scopes = {i.split(".")[0] for i in own | set(active)} - {"app"}

    def shown(key: Key) -> str:
        binding = active.get(key.id)
        return app.get_key_display(binding) if binding else key_display(key.keys).replace("`", "")

    # a list's cursor keys are the same on every screen: with the generic keys, last
    generic_scopes = {LIST} & scopes
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    for group in GROUPS:
        rows = [(shown(k), k.help, k.id) for k in KEYS
                if k.scope in scopes - generic_scopes and k.group == group]
        if rows:
            groups.append((group, rows))
    groups.append((APP, [(shown(k), k.help, k.id) for k in KEYS if k.scope == "app"]))
    seen = set()
    generic = [(shown(k), k.help, k.id) for k in KEYS if k.scope in generic_scopes]
    for key, ab in under.active_bindings.items():
        binding = ab.binding
        if binding.id in BY_ID or binding.system or (binding.action, key) in seen:
            continue
        seen.add((binding.action, key))
        generic.append((app.get_key_display(binding), binding.description or binding.action, binding.id or ""))
    if generic:
        groups.append((GENERIC, generic))
    return groups


class KeysScreen(ModalScreen[None]):
    BINDINGS = bindings("keys")

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under
        self.with_ids: bool | None = None  # whether the table shows the ids (_show)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form keys"):
            yield SafeLabel(f"Keys: {self.under.title or self.under.__class__.__name__}", classes="form-title")
            with VerticalScroll(id="keys-scroll"):
                yield Static(id="keys-table")

    def on_mount(self) -> None:
        self._show(with_ids=self.app.size.width >= IDS_FROM)
        self.query_one("#keys-scroll").focus()

    def on_resize(self) -> None:
        self.set_class(self.app.size.height < TIGHT_BELOW, "-tight")
        with_ids = self.app.size.width >= IDS_FROM
        if with_ids != self.with_ids:
            self._show(with_ids=with_ids)

    def _show(self, *, with_ids: bool) -> None:
        self.with_ids = with_ids
        self.table = table = Table(box=None, expand=True, show_header=True, header_style="bold", padding=(0, 1))
        table.add_column("key", no_wrap=True)
        table.add_column("does", ratio=1, overflow="fold")
        if with_ids:
            table.add_column("id (remap in config.toml)", no_wrap=True, style="dim")
        for heading, rows in help_rows(self.app, self.under):
            # the heading in the wide column: in the key column it would widen it for every row
            table.add_row("", Text(heading.capitalize(), style="bold underline"))
            for key, does, key_id in rows:
                table.add_row(Text(key, style="bold"), Text(does), *([Text(key_id)] if with_ids else []))
            table.add_row()
        if not with_ids:
            table.add_row("", Text(f"Each key's id, to remap it in config.toml, shows {IDS_FROM} columns "
                                   "wide (README lists them all).", style="dim"))
        self.query_one("#keys-table", Static).update(table)
