"""The command palette: jump to any client or deal, and run any action by name.

The actions come from the actions table (amtui.tui.actions): a key's action is listed only
on a screen where it is bound and can act on what is highlighted (so "Log an interaction"
is not offered on Reports), and each title once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Provider
from textual.screen import Screen

from amtui.core.search import search_book
from amtui.core.undo import Change, changes
from amtui.tui import navigation
from amtui.tui.actions import COMMANDS, KEYS
from amtui.tui.safe import markup, plain

# what a palette result's line loses of the screen's width: the option's padding (2 on
# each side) and the list's scrollbar (2)
RESULT_CHROME = 6


def palette_actions(screen: Screen) -> Iterator[tuple[str, str, str]]:
    """(title, help, action) of what the palette offers over `screen`, each title once."""
    active = {ab.binding.id: ab.enabled for ab in screen.active_bindings.values()}
    seen: set[str] = set()
    for key in KEYS:
        if not key.palette or key.palette in seen or not active.get(key.id):
            continue
        seen.add(key.palette)
        action = key.action if "." in key.action.split("(")[0] else f"screen.{key.action}"
        yield key.palette, key.help, action
    for title, help_text, action in COMMANDS:
        if title not in seen:
            seen.add(title)
            yield title, help_text, action


class BookProvider(Provider):
    """Clients and deals by name, looked up in SQL off the event loop; the screen's actions."""

    async def search(self, query: str):
        matcher = self.matcher(query)
        # each result on one line: its title cut to what the palette's list shows
        hits = await asyncio.to_thread(search_book, query, width=self.app.size.width - RESULT_CHROME)
        for place, hit in enumerate(hits):
            title = plain(hit.title)  # book text: control characters made visible
            # the palette sorts by score: a name by how well it matches, the records found
            # by their text kept in search_text's order (fair by kind, newest first),
            # below the names (an excerpt's fuzzy score would shuffle them)
            score = 0.19 * (1 - place / (len(hits) + 1)) if hit.text else max(matcher.match(title), 0.2)
            yield Hit(
                score,
                matcher.highlight(title),
                partial(navigation.open_hit, self.app, hit),
                help=markup(hit.help),  # the palette reads help as markup
            )
        for title, help_text, action in await self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, action), help=help_text)

    async def discover(self):
        for title, help_text, action in await self._actions():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def _actions(self) -> list[tuple[str, str, str]]:
        """`palette_actions`, the undo's line naming the change it would put back (read
        off the event loop): the rep sees what ctrl+z does before pressing it."""
        actions = list(palette_actions(self.screen))
        if any(action == UNDO for _t, _h, action in actions):
            said = undo_help(next(iter(await asyncio.to_thread(changes, 1)), None))
            actions = [(t, said if a == UNDO else h, a) for t, h, a in actions]
        return actions


UNDO = "app.undo"


def undo_help(change: Change | None) -> str:
    """The palette's line under "Undo the last change": the change ctrl+z would undo,
    as its note will name it ("Undoes: Contact added: Renée Côté (Harmony Care Clinics),
    made in the shell").  Markup: the book's text escaped ("[/]" in a name stays text)."""
    if change is None:
        return "Nothing to undo"
    where = f", made in {change.made_in}" if change.made_in else ""
    return f"Undoes: {markup(change.label)}{where}"
