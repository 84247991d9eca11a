"""Where a virtual list's rows come from: a page at a time, by index.

A `RowSource` knows how many rows the list has and, usually, each row's id in order (a
snapshot the screen's worker took with one query of ids), so the cursor can sit on a
row whose page is not loaded yet and a reload finds the selected record by id.  Pages
are fetched by `fetch(offset, limit)` in a thread worker the table starts (core
functions returning pages of named rows) and kept in an LRU; a source built from rows
already loaded (`RowSource.of_rows`) never fetches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from textual.cache import LRUCache

PAGE = 100
KEPT_PAGES = 40  # pages kept in memory: 4,000 rows; scrolling back past them fetches again


class RowSource:
    def __init__(self, ids: Sequence[int], fetch: Callable[[int, int], list] | None = None, *,
                 page: int = PAGE, key: Callable[[Any], int] = attrgetter("id")):
        self.ids = list(ids)
        self.total = len(self.ids)
        self.fetch = fetch
        self.page = page
        self.key = key
        self._pages: LRUCache[int, list] = LRUCache(KEPT_PAGES if fetch is not None else 1 << 30)
        self._position: dict[int, int] | None = None
        self.pending: set[int] = set()

    @classmethod
    def of_rows(cls, rows: Sequence, *, key: Callable[[Any], int] = attrgetter("id"),
                page: int = PAGE) -> RowSource:
        """A source holding every row already (loaded by the screen's worker)."""
        source = cls([key(r) for r in rows], None, page=page, key=key)
        for number in range(0, len(rows), page):
            source._pages[number // page] = list(rows[number:number + page])
        return source

    # --- reading ----------------------------------------------------------------------
    def row(self, index: int):
        """The row at `index`, or None while its page is not loaded."""
        if not 0 <= index < self.total:
            return None
        page = self._pages.get(index // self.page)
        if page is None:
            return None
        offset = index % self.page
        return page[offset] if offset < len(page) else None

    def key_at(self, index: int) -> int | None:
        return self.ids[index] if 0 <= index < self.total else None

    def index_of(self, key: int | None) -> int | None:
        if key is None:
            return None
        if self._position is None:
            self._position = {k: i for i, k in enumerate(self.ids)}
        return self._position.get(key)

    def loaded(self, index: int) -> bool:
        return (index // self.page) in self._pages

    # --- paging -----------------------------------------------------------------------
    def missing(self, first: int, last: int) -> list[int]:
        """Pages holding rows first..last that are neither loaded nor asked for; they
        are marked asked for (the caller fetches them)."""
        if self.fetch is None or self.total == 0:
            return []
        first, last = max(first, 0), min(last, self.total - 1)
        wanted = []
        for number in range(first // self.page, last // self.page + 1):
            if number not in self._pages and number not in self.pending:
                self.pending.add(number)
                wanted.append(number)
        return wanted

    def load(self, number: int) -> list:
        """Fetch page `number` (in a thread worker)."""
        assert self.fetch is not None
        return self.fetch(number * self.page, self.page)

    def put(self, number: int, rows: list) -> None:
        """Keep a fetched page, lined up with the ids: a record gone since the snapshot
        leaves its place empty rather than shifting every row after it."""
        self.pending.discard(number)
        by_key = {self.key(r): r for r in rows}
        start = number * self.page
        self._pages[number] = [by_key.get(k) for k in self.ids[start:start + self.page]]

    def failed(self, number: int) -> None:
        self.pending.discard(number)
