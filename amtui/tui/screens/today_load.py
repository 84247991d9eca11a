"""Today's load: the agenda read in a thread worker and handed to the screen.

At the start, with nothing on screen yet, each section's first rows are read and shown
first (core.today.first_rows), then the whole agenda: every row's key, the counts in the
titles, the banner.  Later loads (the screen coming back, `r`) read the whole agenda at
once.  When the first load's worker has ended (its agenda shown, or its failure), the app
is told (`first_load_done`): it then starts what it held back so as not to run beside
the load (a big book's damage check).

`TodayLoad` is the Today screen's base: it owns the generation of loads, the agenda
shown and the freshness of the book; the screen draws (`_show_agenda`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.worker import Worker, WorkerState

from amtui.tui.freshness import Freshness
from amtui.tui.screens.base import SectionScreen, book_worker
from amtui.tui.screens.today_rows import (
    TodayRow,
    fixed_widths,
    group_starts,
    section_row,
)
from amtui.tui.widgets.row_source import PAGE, RowSource

if TYPE_CHECKING:
    from datetime import date

    from amtui.core.today import Agenda, FirstRows

# The agenda's core (core.today: follow-ups, cadence, issues, renewals, commitments,
# ~0.08 s of CPU; the quota banner's modules once the first rows are shown) is imported
# by the worker that reads it, after the first paint.

# At the start the whole agenda is read once the first rows are on screen, not while the
# event loop draws them: beside it (a 2-core machine, the GIL) it held them back.  At
# most this long, in seconds, if they never show (the rep went elsewhere at once).
FIRST_ROWS_WAIT = 1.0


class AgendaLoaded(Message):
    """Each section's rows (first page read) and, once read, the whole agenda (None: the
    first rows alone, at the start), from a thread worker."""

    def __init__(self, generation: int, agenda: Agenda | None, sources: dict[str, RowSource],
                 natural: dict[str, dict[str, int]], today: date):
        super().__init__()
        self.generation, self.agenda, self.sources, self.natural = generation, agenda, sources, natural
        self.today = today


def first_shown(first: FirstRows) -> tuple[dict[str, RowSource], dict[str, dict[str, int]]]:
    """The first rows of each section as lists of their own (no more rows to read), and
    their fixed columns' widths: what the screen shows while the rest of the agenda is read."""
    sources, natural = {}, {}
    for key, records in first.rows.items():
        rows, seen = [], set()
        for record in records:  # a follow-up group's first row has its label
            group = first.group(record.due_on) if key == "follow_ups" else ""
            rows.append(section_row(key, record, "" if group in seen else group))
            seen.add(group)
        sources[key] = RowSource.of_rows(rows, key=lambda row: row.key)
        natural[key] = fixed_widths(key, rows, first.today)
    return sources, natural


def section_source(key: str, a: Agenda, starts: dict[int, str], first: list | None = None) -> RowSource:
    """A section's rows as a virtual list reads them: every key now, the rows a page at a
    time (`AgendaPages.fetch`, in the table's thread workers).  `first`: the records of
    the section's first rows, read a moment ago (`first_rows`): a page of those same keys
    is not read again."""
    from amtui.core.today import row_key as agenda_key  # in the worker, as core.today

    keys = a.keys[key]
    known = {agenda_key(key, r): r for r in first or ()}

    def records(wanted: list) -> list:
        if known and all(k in known for k in wanted):
            return [known[k] for k in wanted]
        return a.pages.fetch(key, wanted)

    def fetch(offset: int, limit: int) -> list[TodayRow]:
        wanted = keys[offset:offset + limit]
        index = {k: offset + i for i, k in enumerate(wanted)}
        rows = []
        for record in records(wanted):
            at = index.get(agenda_key(key, record))
            group = starts.get(at, "") if key == "follow_ups" else ""
            rows.append(section_row(key, record, group))
        return rows

    return RowSource(keys, fetch, key=lambda row: row.key)


def read_agenda(post, generation: int, first: threading.Event | None) -> None:
    """Read the agenda (in a thread worker) and `post` it (AgendaLoaded): with `first`,
    each section's first rows, then, once `first` is set (they are on screen), the whole
    agenda; else the whole agenda at once."""
    from amtui.core.today import SECTIONS, agenda, first_rows  # not on the first paint's path

    early = None
    if first is not None:
        early = first_rows(limit=PAGE)
        post(AgendaLoaded(generation, None, *first_shown(early), early.today))
        first.wait(FIRST_ROWS_WAIT)
        a = agenda(early.today, early)  # past cadence's list, read whole with its first rows
    else:
        a = agenda()
    starts = group_starts(a)
    sources = {key: section_source(key, a, starts, early.rows[key] if early else None)
               for key in SECTIONS}
    natural = {}
    for key, source in sources.items():  # the first page now (at the start: the first rows, not read again)
        rows = source.load(0) if source.total else []
        source.put(0, rows)
        every_row = len(rows) >= source.total  # the first page is the whole section
        if a.samples.get(key):  # rows the first page may not hold ("never contacted ...")
            rows = [section_row(key, r) for r in a.pages.fetch(key, a.samples[key])] + rows
        natural[key] = {**a.widest[key], **fixed_widths(key, rows, a.today, every_row=every_row)}
    post(AgendaLoaded(generation, a, sources, natural, a.today))


class TodayLoad(SectionScreen):
    """The Today screen's loading: `reload()` starts a load (the first one in two steps),
    the newest load's rows go to `_show_agenda`, and the app hears when the first load
    has ended."""

    first_rows_shown = False  # the start's first rows are on screen (ready_for_keys)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.generation = 0
        self.agenda: Agenda | None = None
        self.stay = False
        self.freshness = Freshness()
        self.first_painted = threading.Event()  # the first rows are on screen (see read_agenda)

    def _show_agenda(self, sources: dict[str, RowSource], natural: dict[str, dict[str, int]],
                     today: date) -> None:
        raise NotImplementedError

    def reload(self, *, stay: bool = False) -> None:
        """Load the agenda again.  The cursor follows its record, or with stay keeps its
        place (after done / snooze the next row comes under it)."""
        self.generation += 1
        self.stay = stay
        self.freshness.start()
        # nothing on screen yet (the start): each section's first rows are read and shown
        # first, then the rest of the agenda
        self._load(self.generation, first=self.agenda is None)

    def ready_for_keys(self) -> bool:
        # keys typed ahead come once the first rows show, not the whole agenda
        return self.first_rows_shown or super().ready_for_keys()

    @book_worker("today")
    def _load(self, generation: int, first: bool = False) -> None:
        # a failure ("database is locked" past the busy timeout) is shown by SectionScreen
        read_agenda(self.post_message, generation, self.first_painted if first else None)

    @on(AgendaLoaded)
    def _loaded(self, message: AgendaLoaded) -> None:
        if message.generation != self.generation:
            return  # a newer reload is on its way
        if message.agenda is None:  # the first rows alone
            if self.agenda is None:
                self._show_agenda(message.sources, message.natural, message.today)
                self.first_rows_shown = True
            self.call_after_refresh(self.first_painted.set)  # the worker reads the rest now
            return
        self.freshness.done()
        self.agenda = message.agenda
        self._show_agenda(message.sources, message.natural, message.today)

    def on_unmount(self) -> None:
        self.first_painted.set()  # a waiting worker goes on (and ends) at once

    def _first_load_done(self, *_args) -> None:
        """The agenda is on screen (or its load failed): the app's start may go on with
        what it held back (a big book's damage check)."""
        done = getattr(self.app, "first_load_done", None)
        if done is not None:
            done()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (Textual calls SectionScreen's handler too: each class's in turn)
        # once the load's worker has ended (its agenda shown, or its failure), not when its
        # result arrives: the worker is still finishing then, and the check must not run beside it
        if event.worker.node is self and event.worker.group == "today":
            if event.state == WorkerState.SUCCESS:
                self.call_after_refresh(self._first_load_done)
            elif event.state == WorkerState.ERROR:
                self._first_load_done()
