"""A follow-up as the screens and commands read it (`FollowUpRow`), and the queries
they read it with: the agenda (`core.follow_up_agenda`) and the writes (`core.followups`) share them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peewee import Case, fn

from amtui.core import clock
from amtui.core.errors import NotFound
from amtui.core.interactions import named_rows, owner_fields, parse_day, with_client_and_contact
from amtui.models import Client, FollowUp


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    client_id: int
    client: str
    contact_id: int | None
    contact: str  # '' when nobody in particular
    title: str
    due_on: date
    priority: str
    snooze_count: int
    notes: str
    opportunity_id: int | None
    service_issue_id: int | None
    done: bool
    version: int = 0  # the row's version when read: a save checks it (core.versions)

    def status(self, today: date | None = None) -> str:
        """overdue | today | upcoming | done"""
        if self.done:
            return "done"
        today = today or clock.today()
        if self.due_on < today:
            return "overdue"
        return "today" if self.due_on == today else "upcoming"

    def days_late(self, today: date | None = None) -> int:
        return max(0, ((today or clock.today()) - self.due_on).days)


def follow_up_query():
    """Follow-ups with their client's and contact's names (add a `where`)."""
    f = FollowUp
    return with_client_and_contact(f, f.title, f.due_on, f.priority, f.snooze_count, f.notes,
                                   f.opportunity, f.service_issue, f.done_at, f.version)


def follow_up_rows(query) -> list[FollowUpRow]:
    """The rows of a `follow_up_query`."""
    return [
        FollowUpRow(
            **owner_fields(r),
            title=r.title,
            due_on=parse_day(r.due_on),
            priority=r.priority,
            snooze_count=r.snooze_count,
            notes=r.notes,
            opportunity_id=r.opportunity_id,
            service_issue_id=r.service_issue_id,
            done=r.done_at is not None,
            version=r.version,
        )
        for r in named_rows(query)
    ]


def open_follow_ups_query():
    """Open follow-ups of active clients."""
    return follow_up_query().where(FollowUp.done_at.is_null(), Client.archived == False)  # noqa: E712


def in_agenda_order(query):
    """The agenda's order: by due day (so overdue first), high priority first within a day."""
    priority = Case(FollowUp.priority, [("high", 0), ("normal", 1)], 2)
    return query.order_by(FollowUp.due_on, priority, fn.lower(Client.name), FollowUp.id)


def get_follow_up(follow_up_id: int) -> FollowUpRow:
    rows = follow_up_rows(follow_up_query().where(FollowUp.id == follow_up_id))
    if not rows:
        raise NotFound(f"follow-up: no follow-up with id {follow_up_id}")
    return rows[0]


def follow_ups_by_id(ids: list[int]) -> list[FollowUpRow]:
    """The follow-ups with these ids (a page of a list; a deleted one is left out)."""
    return follow_up_rows(follow_up_query().where(FollowUp.id.in_(list(ids)))) if ids else []
