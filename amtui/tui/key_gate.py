"""Every key the rep types is handled, in the order typed, by the screen it was meant for.

Textual hands each key from the terminal straight on to the focused widget.  A widget
that types takes a character at once; any other key goes back up to the app, where its
binding runs.  So when keys come faster than they are handled (a quick typist, a
terminal sending a burst, a busy moment), a key's binding ran after the keys typed
behind it:

- `l` and the summary typed at once: the characters reached Today's list before `l`
  had opened the log form, and were lost (the audit's "keys within 80 ms of opening a
  form"); a key typed into a screen still being built was lost the same way;
- `End` then `xyz`: the letters went in at the cursor before `End` moved it.

The gate sends the app one key at a time.  A key that will go up to a binding (any key
but a character typed into a field) is "in flight" until it has been through every
widget on its way up and the app has run its binding: the keys behind it wait meanwhile,
and keys for a screen not yet mounted wait for its mount and the focus it sets there, and
for a section's first rows or a form's note of what it showed at start, so typed-ahead text
counts as typing (`ready_for_keys`, at most LONGEST_LOAD).
Characters typed into a field go on at once, as the field takes them in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from time import monotonic
from typing import TYPE_CHECKING, NamedTuple

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

LONGEST_WAIT = 0.5  # seconds: a key lost on its way (its widget closed) frees the ones behind
LONGEST_LOAD = 2.0  # seconds a screen's first load holds keys typed ahead: then they go on
LOOK_AGAIN = 0.02  # seconds between looks at a loading screen


class Flight(NamedTuple):
    key: events.Key
    screen: Screen  # the screen it was sent to
    number: int


def takes_characters(widget: DOMNode | None) -> bool:
    """A field that takes a typed character itself, without a binding."""
    from textual.widgets import Input, TextArea  # loaded by then: a form is open

    return isinstance(widget, (Input, TextArea))


class KeyGate:
    def __init__(self, app: App, forward: Callable[[events.Event], Awaitable[None]]) -> None:
        self.app = app
        self.forward = forward  # the app's own handling of a key (Textual's)
        self.waiting: deque[events.Key | events.Paste] = deque()
        self.flying: Flight | None = None
        self.flights = 0
        self.focus_awaited = False  # a screen with nothing focused had its one turn
        self.loading: tuple[Screen, float] | None = None  # the screen waited for, since when
        # a binding has just run: what it asked of the app (a focus, a screen) is queued
        # there, and the next key waits one turn for it (`/` then `r`: the filter box)
        self.settling = False

    async def handled(self, key: events.Key | events.Paste) -> bool:
        """True when the gate has dealt with `key` (or a paste, which keeps its place
        among the keys); else the app handles it as usual."""
        if not key.is_forwarded:  # fresh from the terminal
            self.waiting.append(key)
            await self._send()
            return True
        flight = self.flying
        if flight is None or key is not flight.key:
            return False  # a character a field let go by: as Textual would
        self.flying = None
        if flight.screen is self.app.screen:
            await self.forward(key)  # up at the app: its binding runs now
            # Textual gives a focus asked for (`/`: the filter box) on the app's next
            # turn: the key behind waits for it, or it reached the list (`r`: reload)
            self.settling = True
            self.app.call_later(self._settled)
            return True
        # back from a screen the rep has since left (something else opened a
        # dialog meanwhile): they typed it for the screen they see now
        self.waiting.appendleft(events.Key(key.key, key.character))
        await self._send()
        return True

    async def _settled(self) -> None:
        self.settling = False
        await self._send()

    async def _send(self) -> None:
        while self.waiting and self.flying is None and not self.settling:
            screen = self.app.screen
            if not screen.is_mounted:
                self._after_mount(screen)
                return
            if screen.focused is None and not self.focus_awaited:
                # mounted, but the focus its mount asked for is still queued on the app
                self.focus_awaited = True
                self.app.call_later(self._send)
                return
            self.focus_awaited = False
            if not self._loaded(screen):
                self.app.set_timer(LOOK_AGAIN, self._send)
                return
            key = self.waiting.popleft()
            target = self.app.focused
            # a paste binds to nothing: like a character, it goes on with no wait
            chased = isinstance(key, events.Key) and not (key.is_printable and takes_characters(target))
            if chased:
                self.flights += 1
                self.flying = Flight(key, screen, self.flights)
            await self.forward(key)
            if chased:
                self._follow(target or screen, self.flights)

    def _loaded(self, screen: Screen) -> bool:
        """A screen that reads the book before it shows anything (a section's first
        visit) says when its first rows are on screen (`ready_for_keys`): `down` and `enter`
        typed ahead then move over and open those rows, not an empty list.  A form says
        when it has noted what it showed: the keys typed ahead are then the rep's typing."""
        ready = getattr(screen, "ready_for_keys", None)
        if ready is None or ready():
            self.loading = None
            return True
        if self.loading is None or self.loading[0] is not screen:
            self.loading = (screen, monotonic())
        return monotonic() - self.loading[1] >= LONGEST_LOAD  # slow or stuck: go on

    def _after_mount(self, screen: Screen) -> None:
        """Send on once `screen` has run its mount: a callback queued on the screen runs
        after that, and the one it queues on the app after the focus the mount asked
        for.  A screen closed before its mount hands the keys to the next one."""
        if not screen.call_later(self.app.call_later, self._send):
            self.app.call_later(self._send)

    def _follow(self, widget: DOMNode, number: int) -> None:
        """Land when the key sent to `widget` has been through each widget on its way up
        to the app: a callback queued behind it on each, in turn.  A key a widget kept
        (it never reaches the app) lands this way; one that reaches the app, sooner."""
        path = [*widget.ancestors_with_self]  # up to the screen, then the app

        def hop(step: int) -> None:
            for at in range(step, len(path)):
                if path[at].call_later(hop, at + 1):
                    return  # a closed widget (its screen gone) is stepped over
            self.app.call_later(self._landed, number)

        hop(0)
        self.app.set_timer(LONGEST_WAIT, partial(self._landed, number))

    async def _landed(self, number: int) -> None:
        if self.flying is not None and self.flying.number == number:
            self.flying = None
            await self._send()
