"""Finding a record by the name a rep types: exact (case and spacing ignored), else the
one name it starts, else (where allowed) the one name holding it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class _Named(Protocol):
    name: str


T = TypeVar("T", bound=_Named)


def folded(name: str) -> str:
    """The form names are compared in: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


def pick_by_name(items: Sequence[T], name: str, *, substring: bool = True) -> tuple[T | None, list[str]]:
    """(the item `name` names, []) or (None, the names it matches: several, or none).

    Tried in order, the first test any item passes decides: the exact name, the start of
    a name, then (substring) a part of one.  An exact name shared by two items is
    ambiguous like any other test that several pass."""
    wanted = folded(name)
    tests = [lambda n: n == wanted, lambda n: n.startswith(wanted)]
    if substring:
        tests.append(lambda n: wanted in n)
    for test in tests:
        hits = [item for item in items if test(folded(item.name))]
        if len(hits) == 1:
            return hits[0], []
        if hits:
            return None, [item.name for item in hits]
    return None, []
