"""Service issues: what is broken for a client, until it is fixed.

A client whose problem is fixed fast buys again; an issue left open drags its health
down a little more every two weeks.  Resolving an issue needs a resolution text: what was
done is what the rep tells the client (and management) later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from peewee import Case

from amtui.core import clock, followups, versions
from amtui.core.errors import InvalidInput, NotFound, existing
from amtui.core.interactions import (
    UNSET,
    apply_changes,
    contact_check,
    given,
    longest,
    named_rows,
    owner_fields,
    parse_stamp,
    require_client,
    require_contact,
    validate_choice,
    with_client_and_contact,
)
from amtui.core.text import clean_text, clean_title
from amtui.models import ISSUE_STATUSES, SEVERITIES, Client, ServiceIssue, column_values, database

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class IssueRow:
    id: int
    client_id: int
    client: str
    contact_id: int | None
    contact: str
    title: str
    description: str
    severity: str
    status: str
    opened_at: datetime  # aware UTC
    resolved_at: datetime | None
    resolution: str
    version: int = 0  # the row's version when read: a save checks it (core.versions)

    @property
    def is_open(self) -> bool:
        return self.status != "resolved"

    def age_days(self, today: date | None = None) -> int:
        """Days open (until resolved, for a resolved issue)."""
        end = clock.local(self.resolved_at).date() if self.resolved_at else today or clock.today()
        return max(0, (end - clock.local(self.opened_at).date()).days)


def _query():
    s = ServiceIssue
    return with_client_and_contact(s, s.title, s.description, s.severity, s.status,
                                   s.opened_at, s.resolved_at, s.resolution, s.version)


def _rows(query) -> list[IssueRow]:
    return [
        IssueRow(
            **owner_fields(r),
            title=r.title,
            description=r.description,
            severity=r.severity,
            status=r.status,
            opened_at=parse_stamp(r.opened_at),
            resolved_at=parse_stamp(r.resolved_at) if r.resolved_at else None,
            resolution=r.resolution,
            version=r.version,
        )
        for r in named_rows(query)
    ]


def _by_severity(query):
    rank = Case(ServiceIssue.severity, list(SEVERITY_RANK.items()), len(SEVERITY_RANK))
    return query.order_by(rank, ServiceIssue.opened_at, ServiceIssue.id)


def get_issue(issue_id: int) -> IssueRow:
    rows = _rows(_query().where(ServiceIssue.id == issue_id))
    if not rows:
        raise NotFound(f"service issue: no issue with id {issue_id}")
    return rows[0]


def _open_query(client_id: int | None):
    query = _query().where(ServiceIssue.status != "resolved")
    if client_id is not None:
        return query.where(ServiceIssue.client == client_id)
    return query.where(Client.archived == False)  # noqa: E712


def open_issues(client_id: int | None = None, today: date | None = None,
                limit: int | None = None) -> list[IssueRow]:
    """Unresolved issues, worst severity first, then oldest first (one client, or every
    client that is not archived); only the first `limit` when given."""
    query = _by_severity(_open_query(client_id))
    return _rows(query.limit(limit) if limit is not None else query)


def open_issue_order() -> list[int]:
    """The ids of every unresolved issue in `open_issues`' order: one query of integers;
    the rows are read a page at a time (`issues_by_id`)."""
    return column_values(_by_severity(_open_query(None)).select(ServiceIssue.id))


def open_widest() -> dict[str, int]:
    """The longest client name and title of the unresolved issues (for sizing columns)."""
    return longest(_open_query(None), client=Client.name, title=ServiceIssue.title)


def issues_by_id(ids: list[int]) -> list[IssueRow]:
    """The issues with these ids (a page of a list; a deleted one is left out)."""
    return _rows(_query().where(ServiceIssue.id.in_(list(ids)))) if ids else []


def client_issues(client_id: int, resolved_limit: int = 20) -> list[IssueRow]:
    """The client's open issues (worst first), then its most recently resolved ones."""
    resolved = (
        _query()
        .where(ServiceIssue.client == client_id, ServiceIssue.status == "resolved")
        .order_by(ServiceIssue.resolved_at.desc(), ServiceIssue.id.desc())
        .limit(resolved_limit)
    )
    return open_issues(client_id) + _rows(resolved)


def open_issue(
    client_id: int,
    title: str,
    *,
    severity: str = "medium",
    description: str = "",
    contact_id: int | None = None,
) -> IssueRow:
    """Record a new open issue for the client."""
    require_client(client_id)
    title = clean_title("title", title)
    validate_choice(severity, SEVERITIES, "severity")
    require_contact(client_id, contact_id)
    description = clean_text("description", description)
    with database.atomic():
        issue = ServiceIssue.create(
            client=client_id,
            contact=contact_id,
            title=title,
            description=description,
            severity=severity,
            status="open",
            opened_at=clock.now(),
        )
    return get_issue(issue.id)


def update_issue(
    issue_id: int,
    *,
    title=UNSET,
    description=UNSET,
    severity=UNSET,
    status=UNSET,
    contact_id=UNSET,
    resolution=UNSET,
    base=None,
) -> IssueRow:
    """Change an issue; only the arguments given change.

    Moving it to "resolved" needs a resolution (given here or already recorded) and
    stamps resolved_at; moving a resolved issue back to any other status reopens it.
    """
    yours = given(title=title, description=description, severity=severity, status=status,
                  contact_id=contact_id, resolution=resolution)
    with versions.edit("service issue", issue_id, base, load=get_issue, yours=yours):
        return _update_issue(issue_id, base, yours)


def _update_issue(issue_id: int, base, changes: dict) -> IssueRow:
    issue = existing(ServiceIssue, issue_id, "service issue", "issue")
    versions.expect(issue, base)
    was_resolved = issue.status == "resolved"
    apply_changes(issue, changes, {  # the resolution before the status that may need it
        "title": ("title", lambda v: clean_title("title", v)),
        "description": ("description", lambda v: clean_text("description", v)),
        "severity": ("severity", lambda v: validate_choice(v, SEVERITIES, "severity")),
        "contact_id": ("contact", contact_check(issue.client_id)),
        "resolution": ("resolution", lambda v: clean_text("resolution", v)),
        "status": ("status", lambda v: validate_choice(v, ISSUE_STATUSES, "status")),
    })
    if issue.status == "resolved":
        if not issue.resolution:
            raise InvalidInput("resolution", "is required to resolve an issue: say what fixed it")
        if not was_resolved:
            issue.resolved_at = clock.now()
    elif was_resolved:
        issue.resolved_at = None
    with database.atomic():
        issue.save()
    return get_issue(issue_id)


@dataclass(frozen=True)
class SavedIssue:
    """An issue as a save left it, what the save did to it, and the follow-ups made for it
    that the save marked done."""

    issue: IssueRow
    before: str  # its status before the save
    done_follow_up_ids: tuple[int, ...] = ()

    @property
    def happened(self) -> str:
        """'resolved', 'reopened', the new status when it moved between open ones
        ('in progress'), else 'saved'."""
        now = self.issue.status
        if now == self.before:
            return "saved"
        if now == "resolved":
            return "resolved"
        return "reopened" if self.before == "resolved" else now


def save_issue(issue_id: int, *, done_follow_up_ids: Sequence[int] = (), base=None,
               **changes) -> SavedIssue:
    """`update_issue`, and mark done the open follow-ups made for the issue that the rep
    ticked (resolving it usually ends them), in one transaction."""
    with database.atomic():
        before = ServiceIssue.select(ServiceIssue.status).where(ServiceIssue.id == issue_id).scalar()
        # the issue first: one deleted elsewhere is said so (ChangedElsewhere), not as
        # its follow-ups no longer made for it (the deletion unlinked them on a server)
        issue = update_issue(issue_id, base=base, **changes)
        done = followups.issue_follow_ups_to_close(issue_id, done_follow_up_ids)
        followups.mark_done(done)
    return SavedIssue(issue, before or "", done)


def delete_issue(issue_id: int) -> None:
    with database.atomic():
        deleted = ServiceIssue.delete().where(ServiceIssue.id == issue_id).execute()
    if not deleted:
        raise NotFound(f"service issue: no issue with id {issue_id}")
