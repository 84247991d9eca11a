"""Follow-ups: the next steps the rep owes a client, each with a due date.

A client should never be left without a next step, so completing a follow-up returns a
suggestion for the next one (`NextStepSuggestion`) that the screens offer with one key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from amtui.core import clock, versions
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.follow_up_rows import (
    FollowUpRow,
    follow_up_query,
    follow_up_rows,
    get_follow_up,
    in_agenda_order,
)
from amtui.core.interactions import (
    UNSET,
    apply_changes,
    contact_check,
    given,
    require_client,
    require_contact,
    validate_choice,
)
from amtui.core.periods import is_business_day, next_business_day
from amtui.core.settings import get_settings
from amtui.core.text import clean_text, clean_title
from amtui.core.years import check_year
from amtui.models import PRIORITIES, FollowUp, Opportunity, ServiceIssue, database


@dataclass(frozen=True)
class NextStepSuggestion:
    """What to schedule after a follow-up is done; the rep accepts, edits or skips it."""

    client_id: int
    client: str
    title: str
    due_on: date
    priority: str = "normal"
    contact_id: int | None = None
    opportunity_id: int | None = None
    service_issue_id: int | None = None
    open_left: int = 0  # the client's other open follow-ups
    done_title: str = ""  # the follow-up just completed
    moved_from: date | None = None  # the day it would have fallen on, a weekend or 1 January

    @property
    def moved_note(self) -> str:
        """'moved from Sat 5 Dec (a weekend)': why the suggested day is not the obvious one."""
        return moved_note(self.moved_from)


# --- a client's open follow-ups (the agenda's reads: core.follow_up_agenda) -------------------
def due_follow_ups(client_id: int, today: date | None = None) -> list[FollowUpRow]:
    """The client's open follow-ups overdue or due today, oldest first: what logging an
    interaction with the client may close."""
    today = today or clock.today()
    query = follow_up_query().where(
        FollowUp.client == client_id, FollowUp.done_at.is_null(), FollowUp.due_on <= today
    )
    return follow_up_rows(in_agenda_order(query))


def open_follow_ups(client_id: int) -> list[FollowUpRow]:
    """The client's open follow-ups, soonest first."""
    query = follow_up_query().where(FollowUp.client == client_id, FollowUp.done_at.is_null())
    return follow_up_rows(in_agenda_order(query))


def open_for_issue(issue_id: int) -> list[FollowUpRow]:
    """The open follow-ups made for this service issue (linked to it, as `f` on an issue
    and the next step after one make them), soonest first: what resolving it may close."""
    query = follow_up_query().where(FollowUp.service_issue == issue_id, FollowUp.done_at.is_null())
    return follow_up_rows(in_agenda_order(query))


# --- writing -----------------------------------------------------------------------------
def _load(follow_up_id: int) -> FollowUp:
    return existing(FollowUp, follow_up_id, "follow-up")


def _check_links(client_id: int, opportunity_id: int | None, service_issue_id: int | None) -> None:
    if opportunity_id is not None:
        deal = Opportunity.get_or_none(Opportunity.id == opportunity_id)
        if deal is None or deal.client_id != client_id:
            raise InvalidInput("opportunity", "is not a deal of this client")
    if service_issue_id is not None:
        issue = ServiceIssue.get_or_none(ServiceIssue.id == service_issue_id)
        if issue is None or issue.client_id != client_id:
            raise InvalidInput("service_issue", "is not an issue of this client")


def _due(value, field: str = "due_on") -> date:
    if value is None or value == "":
        raise InvalidInput(field, "is required")
    if not isinstance(value, date):
        raise InvalidInput(field, "must be a date")
    return value


def add_follow_up(
    client_id: int,
    title: str,
    due_on: date,
    *,
    priority: str = "normal",
    contact_id: int | None = None,
    opportunity_id: int | None = None,
    service_issue_id: int | None = None,
    notes: str = "",
) -> FollowUpRow:
    """A new open follow-up for the client."""
    require_client(client_id)
    title = clean_title("title", title)
    due_on = _due(due_on)
    validate_choice(priority, PRIORITIES, "priority")
    require_contact(client_id, contact_id)
    _check_links(client_id, opportunity_id, service_issue_id)
    notes = clean_text("notes", notes)
    with database.atomic():
        follow_up = FollowUp.create(
            client=client_id,
            contact=contact_id,
            opportunity=opportunity_id,
            service_issue=service_issue_id,
            title=title,
            due_on=due_on,
            priority=priority,
            notes=notes,
        )
    return get_follow_up(follow_up.id)


def update_follow_up(
    follow_up_id: int,
    *,
    title=UNSET,
    due_on=UNSET,
    priority=UNSET,
    contact_id=UNSET,
    opportunity_id=UNSET,
    service_issue_id=UNSET,
    notes=UNSET,
    base=None,
) -> FollowUpRow:
    """Change a follow-up; only the arguments given change (None clears a link).  `base`:
    the follow-up as the rep's form read it (see core.versions)."""
    yours = given(title=title, due_on=due_on, priority=priority, contact_id=contact_id,
                  opportunity_id=opportunity_id, service_issue_id=service_issue_id, notes=notes)
    with versions.edit("follow-up", follow_up_id, base, load=get_follow_up, yours=yours):
        return _update_follow_up(follow_up_id, base, yours)


def _update_follow_up(follow_up_id: int, base, changes: dict) -> FollowUpRow:
    follow_up = _load(follow_up_id)
    versions.expect(follow_up, base)
    client_id = follow_up.client_id

    def deal(opportunity_id: int | None) -> int | None:
        _check_links(client_id, opportunity_id, None)
        return opportunity_id

    def issue(service_issue_id: int | None) -> int | None:
        _check_links(client_id, None, service_issue_id)
        return service_issue_id

    apply_changes(follow_up, changes, {
        "title": ("title", lambda v: clean_title("title", v)),
        "due_on": ("due_on", _due),
        "priority": ("priority", lambda v: validate_choice(v, PRIORITIES, "priority")),
        "contact_id": ("contact", contact_check(client_id)),
        "opportunity_id": ("opportunity", deal),
        "service_issue_id": ("service_issue", issue),
        "notes": ("notes", lambda v: clean_text("notes", v)),
    })
    with database.atomic():
        follow_up.save()
    return get_follow_up(follow_up_id)


def business_day_from(day: date) -> date:
    """`day`, or the next business day when it falls on a weekend or on 1 January."""
    return day if is_business_day(day) else next_business_day(day)


def moved_note(moved_from: date | None) -> str:
    if moved_from is None:
        return ""
    why = "1 January" if (moved_from.month, moved_from.day) == (1, 1) else "a weekend"
    return f"moved from {moved_from:%a} {moved_from.day} {moved_from:%b} ({why})"


def suggest_next(row: FollowUpRow, today: date | None = None) -> NextStepSuggestion:
    """The next step after `row`: chase an open deal in a week, check an open issue in
    three business days, else check in with the client after its contact cadence."""
    today = today or clock.today()
    client = require_client(row.client_id)
    deal = (
        Opportunity.get_or_none(Opportunity.id == row.opportunity_id, Opportunity.status == "open")
        if row.opportunity_id
        else None
    )
    issue = (
        ServiceIssue.get_or_none(
            ServiceIssue.id == row.service_issue_id, ServiceIssue.status != "resolved"
        )
        if row.service_issue_id
        else None
    )
    if deal is not None:
        title, natural = f"Follow up on {deal.title}", today + timedelta(days=7)
    elif issue is not None:
        natural = today
        for _ in range(3):
            natural = next_business_day(natural)
        title = f"Check {issue.title} is fixed"
    else:
        who = row.contact or client.name
        title = f"Check in with {who}"
        natural = today + timedelta(
            days=get_settings().cadence_for(client.tier, client.cadence_days)
        )
    due = business_day_from(natural)
    open_left = (
        FollowUp.select()
        .where(FollowUp.client == row.client_id, FollowUp.done_at.is_null(), FollowUp.id != row.id)
        .count()
    )
    return NextStepSuggestion(
        client_id=row.client_id,
        client=client.name,
        title=title,
        due_on=due,
        priority=row.priority if (deal or issue) else "normal",
        contact_id=row.contact_id,
        opportunity_id=deal.id if deal else None,
        service_issue_id=issue.id if issue else None,
        open_left=open_left,
        done_title=row.title,
        moved_from=natural if due != natural else None,
    )


def complete_follow_up(follow_up_id: int) -> NextStepSuggestion:
    """Mark the follow-up done and suggest the next one (nothing is scheduled yet)."""
    follow_up = _load(follow_up_id)
    if follow_up.done_at is not None:
        raise InvalidInput("follow-up", f"“{follow_up.title}” is already done")
    with database.atomic():
        _mark_done(follow_up_id)
    return suggest_next(get_follow_up(follow_up_id))


def issue_follow_ups_to_close(issue_id: int, ids: Sequence[int]) -> tuple[int, ...]:
    """Of `ids`, the follow-ups made for this issue still open: what resolving it marks
    done (`mark_done`).  One done or deleted elsewhere meanwhile is left out (the rep's
    aim is met); one that is not for this issue is refused (InvalidInput "done")."""
    wanted = tuple(dict.fromkeys(ids))
    if not wanted:
        return ()
    found = {f.id: f for f in FollowUp.select(FollowUp.id, FollowUp.service_issue, FollowUp.done_at,
                                               FollowUp.title).where(FollowUp.id.in_(list(wanted)))}
    for f in found.values():
        if f.service_issue_id != issue_id:
            raise InvalidInput("done", f"follow-up {f.id} ({f.title}) is not one made for this issue")
    return tuple(i for i in wanted if i in found and found[i].done_at is None)


def mark_done(ids: Sequence[int]) -> None:
    """Mark these follow-ups done (in the caller's transaction), no next step offered."""
    if ids:
        FollowUp.update(done_at=clock.now()).where(
            FollowUp.id.in_(list(ids)), FollowUp.done_at.is_null()).execute()


def _mark_done(follow_up_id: int) -> None:
    """Done, unless another machine marked it done (or deleted it) since it was read."""
    marked = FollowUp.update(done_at=clock.now()).where(
        FollowUp.id == follow_up_id, FollowUp.done_at.is_null()).execute()
    if not marked:
        raise InvalidInput("follow-up", "is already done (on another machine)")


def complete_and_schedule(
    follow_up_id: int, *, title: str | None = None, due_on: date | None = None
) -> tuple[NextStepSuggestion, FollowUpRow]:
    """Mark the follow-up done and schedule the next one in the same transaction: the
    suggestion, with the rep's own title and/or due date when given."""
    follow_up = _load(follow_up_id)
    if follow_up.done_at is not None:
        raise InvalidInput("follow-up", f"“{follow_up.title}” is already done")
    suggestion = suggest_next(get_follow_up(follow_up_id))
    changes = {k: v for k, v in (("title", title), ("due_on", due_on)) if v is not None}
    with database.atomic():
        _mark_done(follow_up_id)
        scheduled = schedule_suggestion(suggestion, **changes)
    return suggestion, scheduled


def schedule_suggestion(suggestion: NextStepSuggestion, **changes) -> FollowUpRow:
    """Accept a suggestion (optionally changed: title, due_on, priority...)."""
    s = replace(suggestion, **changes)
    return add_follow_up(
        s.client_id,
        s.title,
        s.due_on,
        priority=s.priority,
        contact_id=s.contact_id,
        opportunity_id=s.opportunity_id,
        service_issue_id=s.service_issue_id,
    )


def snooze_target(due_on: date, today: date | None = None) -> date:
    """Where `s` moves a follow-up: the next business day after today, or after its due
    date when that is still ahead (snoozing never pulls a follow-up closer)."""
    today = today or clock.today()
    # the field snooze_follow_up's `until` would have given (the app's date, CLI --to)
    target = next_business_day(max(today, due_on), field="until")
    check_year(target.year, field="until", text=target.isoformat())  # never into 2201
    return target


def snooze_follow_up(follow_up_id: int, until: date | None = None) -> FollowUpRow:
    """Move an open follow-up to `until` (default: `snooze_target`), counting the snooze."""
    follow_up = _load(follow_up_id)
    if follow_up.done_at is not None:
        raise InvalidInput("follow-up", f"“{follow_up.title}” is already done")
    today = clock.today()
    target = until if until is not None else snooze_target(follow_up.due_on, today)
    if target < today:
        raise InvalidInput("until", "is in the past; snooze to today or later")
    with database.atomic():
        snoozed = FollowUp.update(due_on=target, snooze_count=FollowUp.snooze_count + 1).where(
            FollowUp.id == follow_up_id, FollowUp.done_at.is_null()
        ).execute()
        if not snoozed:
            raise InvalidInput("follow-up", "is already done (on another machine)")
    return get_follow_up(follow_up_id)


def delete_follow_up(follow_up_id: int) -> None:
    with database.atomic():
        deleted = FollowUp.delete().where(FollowUp.id == follow_up_id).execute()
    if not deleted:
        raise NotFound(f"follow-up: no follow-up with id {follow_up_id}")
