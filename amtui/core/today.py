"""The Today agenda: everything that needs the rep today, for the home screen.

At the start `first_rows()` reads each section's first page alone (queries with a
LIMIT; past cadence: its whole list, kept), so the screen shows rows before the rest is
known.  `agenda()` then reads the banner, every section's keys in order (queries of
integers: record ids) and the counts, each section once (past cadence: the list the
first rows read, when given them).  The rows themselves are read a page at a time as the
lists scroll (`AgendaPages.fetch`; past cadence's come from its list), so a book with
thousands of follow-ups due builds only the rows on screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from amtui.core import clock
from amtui.core.cadence import OverdueList, overdue_list
from amtui.core.commitments import commitments_by_id, commitments_due, due_order, due_widest
from amtui.core.follow_up_agenda import agenda_first, agenda_group, agenda_index
from amtui.core.follow_up_rows import follow_ups_by_id
from amtui.core.renewals import (
    renewal_key,
    renewal_order,
    renewal_widest,
    renewals_by_key,
    renewals_first,
)
from amtui.core.service import issues_by_id, open_issue_order, open_issues, open_widest

# The banner's modules (core.quota, core.snapshots: ~0.05 s to import) are imported by
# `agenda()`, after the first rows are on screen.

RENEWAL_DAYS = 60
COMMITMENT_DAYS = 14
SECTIONS = ("follow_ups", "cadence", "issues", "renewals", "commitments")
FOLLOW_UP_GROUPS = ("Overdue", "Today", "This week", "Later")

# A row's key in its section: the record's id (a follow-up's, an issue's, a commitment's),
# the client's for a cadence row, `renewals.renewal_key` for a renewal.  Plain integers:
# a 20,000-client book has some 50,000 rows on Today, kept as keys only.
Key = int


class AgendaPages:
    """The rows of a section by key, a page at a time (in a thread worker)."""

    def __init__(self, today: date, cadence: OverdueList):
        self.today = today
        self.cadence = cadence  # past cadence, read whole: its pages cost no query

    def fetch(self, section: str, keys: list[Key]) -> list:
        if section == "follow_ups":
            return follow_ups_by_id(keys)
        if section == "issues":
            return issues_by_id(keys)
        if section == "commitments":
            return commitments_by_id(keys)
        if section == "renewals":
            return renewals_by_key(keys, self.today, RENEWAL_DAYS)
        if section == "cadence":
            return self.cadence.by_id(keys)
        raise ValueError(f"unknown section {section!r}")


@dataclass(frozen=True)
class Agenda:
    today: date
    banner: str
    keys: dict[str, list[Key]]  # every section's rows, in order
    pages: AgendaPages
    counts: dict[str, int] = field(default_factory=dict)  # overdue, today, week, later, and per section
    # each section's longest texts (client, title, ...), so a list sizes its columns
    # without reading every row
    widest: dict[str, dict[str, int]] = field(default_factory=dict)
    # keys of rows whose fixed cells may be wider than the first page's (read with it)
    samples: dict[str, list[Key]] = field(default_factory=dict)

    @property
    def groups(self) -> dict[str, int]:
        """The follow-up groups' sizes, in order (each a run of the follow-ups' keys)."""
        names = dict(zip(FOLLOW_UP_GROUPS, ("overdue", "today", "week", "later"), strict=True))
        return {group: self.counts[name] for group, name in names.items()}

    @property
    def is_empty(self) -> bool:
        return not any(self.keys.values())

    def rows(self, section: str) -> list:
        """Every row of a section, in order (a small book's; tests and the CLI)."""
        keys = self.keys[section]
        by_key = {}
        for row in self.pages.fetch(section, keys):
            by_key[row_key(section, row)] = row
        return [by_key[k] for k in keys if k in by_key]


@dataclass(frozen=True)
class FirstRows:
    """Each section's first rows, in the agenda's order, read before its keys and counts."""

    today: date
    rows: dict[str, list]  # section -> its first records (at most `limit`)
    cadence: OverdueList | None = None  # past cadence, whole (its first rows are read from it)

    def group(self, due_on: date) -> str:
        """A follow-up's group ("Overdue", "Today", ...) by its due day."""
        return agenda_group(due_on, self.today)


def first_rows(today: date | None = None, limit: int = 100) -> FirstRows:
    """Each section's first `limit` rows (follow-ups, issues and commitments: a query with
    a LIMIT each; renewals: `renewals_first`; past cadence: its whole list, `overdue_list`,
    which works out every active client's gap even for a page: its first rows fetched now,
    the rest by `agenda` in the same thread)."""
    today = today or clock.today()
    cadence = overdue_list(today)
    return FirstRows(
        today=today,
        cadence=cadence,
        rows={
            "follow_ups": agenda_first(limit),
            "cadence": cadence.rows(limit),
            "issues": open_issues(limit=limit),
            "renewals": renewals_first(today, RENEWAL_DAYS, limit),
            "commitments": commitments_due(today, COMMITMENT_DAYS, limit),
        },
    )


def row_key(section: str, row) -> Key:
    """The key of a section's row (as `Agenda.keys` lists it)."""
    if section == "cadence":
        return row.client_id
    if section == "renewals":
        return renewal_key(row)
    return row.id


def agenda(today: date | None = None, first: FirstRows | None = None) -> Agenda:
    """The whole agenda: banner, keys, counts and widest texts.  `first`: the first rows
    read a moment ago for the same day, in this thread: what they read whole (past
    cadence) is not read again."""
    from amtui.core.quota import status_line  # the banner's: after the first rows (see above)
    from amtui.core.snapshots import since_last_look

    today = today or clock.today()
    reused = first is not None and first.today == today and first.cadence is not None
    cadence = first.cadence if reused else overdue_list(today)
    # first: the rest of the first rows' read is fetched, so the reads after it see the
    # book as it is (see OverdueList)
    cadence_ids = cadence.ids
    follow_ups = agenda_index(today)
    keys = {
        "follow_ups": follow_ups.ids,
        "cadence": cadence_ids,
        "issues": open_issue_order(),
        "renewals": renewal_order(today, RENEWAL_DAYS),
        "commitments": due_order(today, COMMITMENT_DAYS),
    }
    counts = {
        "overdue": follow_ups.counts["Overdue"],
        "today": follow_ups.counts["Today"],
        "week": follow_ups.counts["This week"],
        "later": follow_ups.counts["Later"],
        **{section: len(keys[section]) for section in SECTIONS},
    }
    return Agenda(
        today=today,
        # attainment and pace (or how to set a quota), then what moved since the last look
        banner=" · ".join(filter(None, (status_line(today, due=counts["overdue"] + counts["today"]),
                                        since_last_look(today)))),
        keys=keys,
        pages=AgendaPages(today, cadence),
        counts=counts,
        widest={
            "follow_ups": follow_ups.widest,
            "cadence": cadence.widest,
            "issues": open_widest(),
            "renewals": renewal_widest(today, RENEWAL_DAYS),
            "commitments": due_widest(today, COMMITMENT_DAYS),
        },
        samples={"cadence": cadence.samples},
    )
