"""The Today agenda: everything that needs the rep today, in one call for the home screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from amtui.core import clock
from amtui.core.cadence import CadenceRow, overdue_page
from amtui.core.commitments import CommitmentRow, commitments_due
from amtui.core.followups import FollowUpRow, agenda_page
from amtui.core.quota import status_line
from amtui.core.renewals import RenewalRow, renewals_due
from amtui.core.service import IssueRow, open_issues
from amtui.core.snapshots import since_last_look

# Today lists at most this many rows a section (a follow-up group): an agenda is what to
# do today, read in one worker call; `counts` has the full numbers so the screen can say
# how many more there are (the Clients list and the client's timeline hold the rest).
SHOWN = 50
RENEWAL_DAYS = 60
COMMITMENT_DAYS = 14


@dataclass(frozen=True)
class Agenda:
    today: date
    banner: str
    follow_ups: dict[str, list[FollowUpRow]]  # "Overdue", "Today", "This week", "Later"
    later_total: int  # all open follow-ups after this week; "Later" lists the first few
    cadence: list[CadenceRow]
    issues: list[IssueRow]
    renewals: list[RenewalRow]
    commitments: list[CommitmentRow]
    counts: dict[str, int] = field(default_factory=dict)  # full counts, before SHOWN

    @property
    def is_empty(self) -> bool:
        return not (
            any(self.follow_ups.values())
            or self.cadence
            or self.issues
            or self.renewals
            or self.commitments
        )


def agenda(today: date | None = None) -> Agenda:
    today = today or clock.today()
    # only the rows shown are built; the big sections are counted in SQL
    follow_ups, follow_up_counts = agenda_page(today, limit=SHOWN)
    later_total = follow_up_counts["Later"]
    cadence, cadence_total = overdue_page(today, limit=SHOWN)
    issues = open_issues(today=today)
    renewals = renewals_due(today, within_days=RENEWAL_DAYS)
    commitments = commitments_due(today, within_days=COMMITMENT_DAYS)
    counts = {
        "overdue": follow_up_counts["Overdue"],
        "today": follow_up_counts["Today"],
        "week": follow_up_counts["This week"],
        "later": later_total,
        "cadence": cadence_total,
        "issues": len(issues),
        "renewals": len(renewals),
        "commitments": len(commitments),
    }
    return Agenda(
        today=today,
        # attainment and pace (or how to set a quota), then what moved since the last look
        banner=" · ".join(filter(None, (status_line(today), since_last_look(today)))),
        follow_ups=follow_ups,
        later_total=later_total,
        cadence=cadence,
        issues=issues[:SHOWN],
        renewals=renewals[:SHOWN],
        commitments=commitments[:SHOWN],
        counts=counts,
    )
