"""The agenda: the open follow-ups grouped "Overdue", "Today", "This week" and "Later",
as Today lists them and `amtui followups` prints them, and the counts the banner and
`amtui status` show."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from peewee import Case, fn

from amtui.core import clock
from amtui.core.follow_up_rows import (
    FollowUpRow,
    follow_up_rows,
    in_agenda_order,
    open_follow_ups_query,
)
from amtui.core.interactions import named_rows
from amtui.models import Client, Contact, FollowUp

GROUPS = ("Overdue", "Today", "This week", "Later")
WEEK_DAYS = 7  # "This week" is the next seven days, so a Friday still sees next week


def agenda_follow_ups(
    today: date | None = None, include_later: bool = True, later_limit: int | None = None
) -> dict[str, list[FollowUpRow]]:
    """Open follow-ups grouped "Overdue", "Today", "This week" (the next seven days) and
    "Later" (only with include_later; at most later_limit of them), each by due date."""
    today = today or clock.today()
    week_end = today + timedelta(days=WEEK_DAYS)
    near = follow_up_rows(in_agenda_order(open_follow_ups_query().where(FollowUp.due_on <= week_end)))
    groups: dict[str, list[FollowUpRow]] = {
        "Overdue": [r for r in near if r.due_on < today],
        "Today": [r for r in near if r.due_on == today],
        "This week": [r for r in near if r.due_on > today],
    }
    if include_later:
        later = in_agenda_order(open_follow_ups_query().where(FollowUp.due_on > week_end))
        if later_limit is not None:
            later = later.limit(later_limit)
        groups["Later"] = follow_up_rows(later)
    return groups


def agenda_first(limit: int) -> list[FollowUpRow]:
    """The first `limit` rows of `agenda_index`'s order (one query): the Today
    screen shows them before the whole order and the counts are read."""
    return follow_up_rows(in_agenda_order(open_follow_ups_query()).limit(limit))


def agenda_group(due_on: date, today: date) -> str:
    """The agenda group of a follow-up due on `due_on` ("Overdue", "Today", "This week",
    "Later"): the bounds `agenda_index` counts by."""
    if due_on < today:
        return "Overdue"
    if due_on == today:
        return "Today"
    return "This week" if due_on <= today + timedelta(days=WEEK_DAYS) else "Later"


class AgendaIndex(NamedTuple):
    """The open follow-ups as the Today screen lists them, from one read (`agenda_index`)."""

    ids: list[int]  # every open follow-up's id, in the agenda's order
    counts: dict[str, int]  # each group's size ("Overdue", "Today", "This week", "Later")
    widest: dict[str, int]  # the longest client name, contact name and title


class _Indexed(NamedTuple):
    """One row of `agenda_index`'s query, built by name from its columns."""

    id: int
    agenda_group: int  # its group's place in GROUPS
    client: int
    contact: int
    title: int


def agenda_index(today: date | None = None) -> AgendaIndex:
    """The ids of every open follow-up in the agenda's order, each group's size and the
    longest texts (the Today list sizes its columns by them without reading every row):
    one query of integers.  (The order, the counts and the widest texts were three reads
    of the open follow-ups: 100-180 ms each at 20,000 clients.)  The order is by due day
    first, so each group is a run of it; the Today screen reads the rows a page at a
    time (`follow_ups_by_id`)."""
    today = today or clock.today()
    due = FollowUp.due_on
    # the bounds of `agenda_group`, in GROUPS' order
    group = Case(None, [(due < today, 0), (due == today, 1),
                        (due <= today + timedelta(days=WEEK_DAYS), 2)], 3)
    query = in_agenda_order(open_follow_ups_query()).select(
        FollowUp.id,
        group.alias("agenda_group"),
        fn.LENGTH(Client.name).alias("client"),
        fn.COALESCE(fn.LENGTH(Contact.name), 0).alias("contact"),
        fn.LENGTH(FollowUp.title).alias("title"),
    )
    rows = list(named_rows(query, into=_Indexed))
    sizes = Counter(r.agenda_group for r in rows)
    return AgendaIndex(
        ids=[r.id for r in rows],
        counts={name: sizes[at] for at, name in enumerate(GROUPS)},
        widest={key: max((getattr(r, key) for r in rows), default=0)
                for key in ("client", "contact", "title")},
    )


def later_count(today: date | None = None) -> int:
    """How many open follow-ups fall after "This week" (the Today screen shows a few)."""
    week_end = (today or clock.today()) + timedelta(days=WEEK_DAYS)
    return open_follow_ups_query().where(FollowUp.due_on > week_end).count()


def due_count(today: date | None = None) -> int:
    """Open follow-ups overdue or due today (`amtui status --line` shows it)."""
    today = today or clock.today()
    return open_follow_ups_query().where(FollowUp.due_on <= today).count()
