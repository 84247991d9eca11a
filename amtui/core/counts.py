"""Counts in words for people: `1 deal`, `3 deals`, `1 business day`."""

from __future__ import annotations


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 deal`, `0 deals`, `1,250 deals`; `many` for nouns that do not just add an s
    (`plural(2, "miss", "misses")`)."""
    word = noun if count == 1 else many or f"{noun}s"
    return f"{count:,} {word}"
