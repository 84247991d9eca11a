"""`Made`: a dict that makes a missing value from its key, once.

A long read (20,000 clients or deals) repeats the same amounts, days, texts and reasons
from row to row; converting each distinct one once and then looking it up (`made[key]`
is a plain dictionary look-up once seen) is what keeps whole-book lists, JSON lines and
health scoring flat as the book grows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class Made(dict):
    """`made[key]`: `make(key)` the first time, the kept value after."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Hashable):
        value = self[key] = self.make(key)
        return value
