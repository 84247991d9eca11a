"""A toast shown as it runs out must not hang the app (Textual 8.2).

Textual's `ToastRack.show` keeps a notification only if it has not expired, then builds
its `Toast`, which takes the time left *again* (`Toast._timeout`) and sets a timer for
it when mounted.  Between the two reads the notification can run out: the timer gets a
negative delay, and Textual's `Timer` spins on one (it skips "missed" ticks by dividing
by the delay, never awaiting), so the event loop freezes at full CPU and no key answers.
It happened opening a client just as "Imported accounts.csv" expired.  A delay of zero
divides by zero instead.  So a toast's time is never less than `LEAST_SECONDS`.

`tests/test_textual_internals.py` checks that `Toast` still takes its time in
`__init__` as `_timeout`, and that an expired toast no longer hangs.
"""

from __future__ import annotations

from textual.widgets._toast import Toast

LEAST_SECONDS = 0.05  # long enough to be a real delay, too short to see


def install() -> None:
    """Clamp every toast's timer from here on (once; idempotent)."""
    if getattr(Toast.__init__, "amtui_clamped", False):
        return
    original = Toast.__init__

    def __init__(self, notification) -> None:  # noqa: N807 - Toast's own initialiser, wrapped
        original(self, notification)
        self._timeout = max(self._timeout, LEAST_SECONDS)

    __init__.amtui_clamped = True
    Toast.__init__ = __init__
