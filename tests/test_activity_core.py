"""Interactions, cadence, follow-ups, service issues, commitments, renewals and the Today
agenda, on a frozen Friday (27 Nov 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import activity_fixtures as fx
import pytest

from amtui.core import cadence, commitments, followups, interactions, renewals, service, today
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.follow_up_agenda import GROUPS, agenda_follow_ups, due_count, later_count
from amtui.core.settings import set_settings
from amtui.models import Client, FollowUp, Interaction, ServiceIssue

TODAY = date(2026, 11, 27)  # a Friday


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def ahead(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def acme(book_path):
    cid = fx.client("Acme Corp", tier="A", handed_over_on=days_ago(100))
    jane = fx.contact(cid, "Jane Doe", title="CFO")
    return cid, jane


# --- interactions -----------------------------------------------------------------------
def test_log_a_call_with_its_next_follow_up_in_one_go(acme):
    cid, jane = acme
    logged = interactions.log_interaction(
        cid,
        "  Talked renewal terms ",
        contact_id=jane,
        outcome="Wants a proposal",
        next_title="Send proposal",
        next_due=ahead(7),
        next_priority="high",
    )
    row = logged.interaction
    assert (row.client, row.kind, row.summary, row.contact, row.outcome) == (
        "Acme Corp",
        "call",
        "Talked renewal terms",
        "Jane Doe",
        "Wants a proposal",
    )
    assert clock_day(row.happened_at) == TODAY
    fu = followups.get_follow_up(logged.follow_up_id)
    assert (fu.title, fu.due_on, fu.priority, fu.contact) == (
        "Send proposal",
        ahead(7),
        "high",
        "Jane Doe",
    )


def clock_day(moment: datetime) -> date:
    return moment.astimezone().date()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"summary": "  "}, "summary"),
        ({"kind": "fax"}, "kind"),
        ({"next_title": "Call back"}, "next_due"),
        ({"next_due": TODAY}, "next_title"),
        ({"next_title": "x", "next_due": TODAY, "next_priority": "urgent"}, "next_priority"),
        ({"when": ahead(2)}, "when"),
    ],
)
def test_log_interaction_refuses_bad_input_and_writes_nothing(acme, kwargs, field):
    cid, _ = acme
    args = {"summary": "Call", **kwargs}
    summary = args.pop("summary")
    with pytest.raises(InvalidInput) as err:
        interactions.log_interaction(cid, summary, **args)
    assert err.value.field == field
    assert Interaction.select().count() == 0 and FollowUp.select().count() == 0


def test_contact_must_work_at_the_client(acme):
    cid, _ = acme
    other = fx.client("Other")
    stranger = fx.contact(other, "Bob Stranger")
    with pytest.raises(InvalidInput) as err:
        interactions.log_interaction(cid, "Call", contact_id=stranger)
    assert err.value.field == "contact" and "Bob Stranger" in err.value.reason
    with pytest.raises(NotFound):
        interactions.log_interaction(9999, "Call")


def test_a_past_date_lands_on_that_day_and_the_timeline_is_newest_first(acme):
    cid, jane = acme
    interactions.log_interaction(cid, "Old call", when=days_ago(10))
    interactions.log_interaction(cid, "Visit", kind="visit", when=days_ago(2), contact_id=jane)
    interactions.log_interaction(cid, "Email today", kind="email")
    rows = interactions.timeline(cid)
    assert [r.summary for r in rows] == ["Email today", "Visit", "Old call"]
    assert [clock_day(r.happened_at) for r in rows] == [TODAY, days_ago(2), days_ago(10)]
    assert rows[1].contact == "Jane Doe"
    assert len(interactions.timeline(cid, limit=2)) == 2


def test_update_and_delete_an_interaction(acme):
    cid, jane = acme
    row = interactions.log_interaction(cid, "Call", contact_id=jane).interaction
    changed = interactions.update_interaction(
        row.id, summary="Call about SLA", kind="meeting", contact_id=None
    )
    assert (changed.summary, changed.kind, changed.contact_id) == (
        "Call about SLA",
        "meeting",
        None,
    )
    with pytest.raises(InvalidInput):
        interactions.update_interaction(row.id, summary="")
    assert interactions.get_interaction(row.id).summary == "Call about SLA"
    interactions.delete_interaction(row.id)
    with pytest.raises(NotFound):
        interactions.delete_interaction(row.id)


# --- cadence ----------------------------------------------------------------------------
def test_cadence_rows_worst_first_and_logging_resets(book_path):
    a = fx.client("Alpha", tier="A", handed_over_on=days_ago(400))
    fx.interaction(a, days_ago(20))  # 14-day cadence: 6 days over
    b = fx.client("Bravo", tier="B", handed_over_on=days_ago(45))  # never contacted: 45 over
    c = fx.client("Charlie", tier="C", handed_over_on=days_ago(400))
    fx.interaction(c, days_ago(59))  # within 60
    own = fx.client("Own", tier="C", handed_over_on=days_ago(400), cadence_days=3)
    fx.interaction(own, days_ago(9))  # 6 over, tier C sorts after A
    fx.client("Churned", status="churned", handed_over_on=days_ago(400))
    fx.client("Archived", archived=True, handed_over_on=days_ago(400))
    rows = cadence.overdue_contacts()
    assert [(r.client, r.days_since, r.cadence_days, r.days_over) for r in rows] == [
        ("Bravo", 45, 30, 45),  # the first call was due at the handover
        ("Alpha", 20, 14, 6),
        ("Own", 9, 3, 6),
    ]
    assert rows[0].last_contact is None and rows[0].never_contacted
    assert rows[0].handed_over_on == days_ago(45)
    interactions.log_interaction(b, "Intro call")
    assert [r.client for r in cadence.overdue_contacts()] == ["Alpha", "Own"]
    # two days later the list is recomputed from the same history
    assert [r.client for r in cadence.overdue_contacts(ahead(2))] == ["Alpha", "Own", "Charlie"]


def test_never_contacted_without_handover_counts_from_creation(book_path):
    created = datetime(2026, 10, 1, 12, tzinfo=UTC)
    cid = Client.create(name="Fresh", tier="B", created_at=created).id
    gap = cadence.client_gap(cid)
    assert (gap.days_since, gap.cadence_days, gap.days_over) == (57, 30, 57)
    assert gap.is_due and gap.entered_on == date(2026, 10, 1) and gap.handed_over_on is None
    [row] = cadence.overdue_contacts()
    assert (row.client, row.days_over, row.entered_on) == ("Fresh", 57, date(2026, 10, 1))


def test_an_inherited_client_never_contacted_is_past_its_cadence_from_the_handover(book_path):
    handed = fx.client("Handed Today", tier="C", handed_over_on=TODAY)
    week = fx.client("Handed Last Week", tier="C", handed_over_on=days_ago(7))
    called = fx.client("Called", tier="C", handed_over_on=days_ago(7))
    fx.interaction(called, days_ago(6))
    fx.client("Handed Next Week", tier="C", handed_over_on=ahead(7))
    rows = cadence.overdue_contacts()
    assert [(r.client, r.days_since, r.days_over) for r in rows] == [
        ("Handed Last Week", 7, 7),
        ("Handed Today", 0, 0),
    ]
    gaps = cadence.gaps()
    assert gaps[handed][2].is_due and gaps[week][2].is_due and not gaps[called][2].is_due
    assert [g.is_due for _n, _t, g in gaps.values()] == [True, True, False, False]


def test_tier_cadence_comes_from_settings(book_path):
    bravo = fx.client("Bravo", tier="B", handed_over_on=days_ago(40))
    fx.interaction(bravo, days_ago(20))
    assert cadence.overdue_contacts() == []
    set_settings(cadence_days={"A": 14, "B": 15, "C": 60})
    assert [(r.client, r.days_over) for r in cadence.overdue_contacts()] == [("Bravo", 5)]


def test_days_since_counts_local_days_around_midnight(book_path, new_york):
    # 03:30 UTC on the 12th is 22:30 on the 11th in New York: 16 local days before the
    # 27th, not 15, so this tier A client (14 days) is 2 days over, not 1
    late = fx.client("Late Call", tier="A", handed_over_on=days_ago(400))
    Interaction.create(
        client=late, happened_at=datetime(2026, 11, 12, 3, 30, tzinfo=UTC), summary="Call"
    )
    # 05:30 UTC on the 12th is 00:30 on the 12th in New York: 15 days, 1 over
    early = fx.client("Early Call", tier="A", handed_over_on=days_ago(400))
    Interaction.create(
        client=early, happened_at=datetime(2026, 11, 12, 5, 30, tzinfo=UTC), summary="Call"
    )
    rows = cadence.overdue_contacts()
    assert [(r.client, r.days_since, r.days_over) for r in rows] == [
        ("Late Call", 16, 2),
        ("Early Call", 15, 1),
    ]
    # the client screens' gaps give the same count for the same day
    found = cadence.gaps([late, early])
    assert (found[late][2].days_since, found[early][2].days_since) == (16, 15)
    assert found[late][2].last_contact_day == date(2026, 11, 11)


def test_overdue_matches_gaps_and_the_agenda_shows_a_page_with_full_counts(book_path, monkeypatch):
    set_settings(cadence_days={"A": 14, "B": 15, "C": 60})
    for i in range(7):
        cid = fx.client(
            f"Client {i}",
            tier="ABC"[i % 3],
            handed_over_on=days_ago(10 * i + 5),
            cadence_days=(4 if i == 5 else None),
        )
        if i % 2:
            fx.interaction(cid, days_ago(3 * i + 1))
        fx.follow_up(cid, f"Due {i}", days_ago(i - 3))
    zero = fx.client("Zero own cadence", tier="A", handed_over_on=days_ago(90), cadence_days=0)
    fx.interaction(zero, days_ago(20))
    expected = sorted(
        (
            (name, tier, gap.days_since, gap.cadence_days, gap.days_over)
            for name, tier, gap in cadence.gaps(active_only=True).values()
            if gap.is_due
        ),
        key=lambda r: (-r[4], r[1], r[0].casefold()),
    )
    rows = cadence.overdue_contacts()
    assert [(r.client, r.tier, r.days_since, r.cadence_days, r.days_over) for r in rows] == expected
    assert ("Zero own cadence", "A", 20, 14, 6) in expected  # 0 means the tier's default
    assert ("Client 5", "C", 16, 4, 12) in expected  # its own cadence of 4 days
    assert ("Client 4", "B", 45, 15, 45) in expected  # never contacted: over since handover
    order = cadence.overdue_list()
    assert order.ids == [r.client_id for r in rows]
    assert order.by_id(order.ids[2:4]) == rows[2:4]  # a page: those rows only
    agenda = today.agenda()
    full = agenda_follow_ups(include_later=True)
    # no cap: every row is in the agenda's keys, read a page at a time
    assert agenda.rows("cadence") == rows and agenda.counts["cadence"] == len(rows)
    assert agenda.rows("follow_ups") == [r for g in GROUPS for r in full.get(g, [])]
    page = agenda.pages.fetch("follow_ups", agenda.keys["follow_ups"][2:4])  # a page: those rows only
    assert sorted(r.id for r in page) == sorted(r.id for r in agenda.rows("follow_ups")[2:4])
    assert [agenda.counts[k] for k in ("overdue", "today", "week", "later")] == [
        len(full[g]) for g in GROUPS
    ]


# --- follow-ups ---------------------------------------------------------------------------
def test_follow_ups_grouped_overdue_today_this_week_later(acme):
    cid, jane = acme
    fx.follow_up(cid, "Late", days_ago(2))
    fx.follow_up(cid, "Sat low", ahead(1), priority="low")
    fx.follow_up(cid, "Now", TODAY, contact=jane)
    fx.follow_up(cid, "Next Friday", ahead(7))
    fx.follow_up(cid, "Sat high", ahead(1), priority="high")
    fx.follow_up(cid, "Week after", ahead(8))
    fx.follow_up(cid, "Done", days_ago(1), done_at=fx.at_noon(TODAY))
    gone = fx.client("Gone", archived=True)
    fx.follow_up(gone, "Archived client", TODAY)
    groups = agenda_follow_ups()
    assert list(groups) == ["Overdue", "Today", "This week", "Later"]
    titles = {k: [r.title for r in v] for k, v in groups.items()}
    assert titles == {
        "Overdue": ["Late"],
        "Today": ["Now"],
        "This week": ["Sat high", "Sat low", "Next Friday"],
        "Later": ["Week after"],
    }
    assert groups["Today"][0].contact == "Jane Doe"
    assert groups["Overdue"][0].status(TODAY) == "overdue" and groups["Overdue"][0].days_late() == 2
    assert list(agenda_follow_ups(include_later=False)) == [
        "Overdue",
        "Today",
        "This week",
    ]
    assert due_count() == 2
    assert later_count() == 1
    assert [r.title for r in agenda_follow_ups(later_limit=0)["Later"]] == []


def test_snooze_over_the_weekend_and_to_a_chosen_day(acme):
    cid, _ = acme
    fid = fx.follow_up(cid, "Call back", days_ago(1))
    row = followups.snooze_follow_up(fid)
    assert row.due_on == date(2026, 11, 30)  # Friday -> Monday
    assert row.snooze_count == 1
    # snoozing again moves past the (future) due date, never closer
    assert followups.snooze_follow_up(fid).due_on == date(2026, 12, 1)
    row = followups.snooze_follow_up(fid, date(2026, 12, 10))
    assert (row.due_on, row.snooze_count) == (date(2026, 12, 10), 3)
    with pytest.raises(InvalidInput) as err:
        followups.snooze_follow_up(fid, days_ago(1))
    assert err.value.field == "until"
    assert followups.snooze_target(date(2026, 12, 4), TODAY) == date(2026, 12, 7)


def test_complete_suggests_checking_in_after_the_cadence(acme):
    cid, jane = acme
    fid = fx.follow_up(cid, "Send deck", TODAY, contact=jane, priority="high")
    other = fx.follow_up(cid, "Other", ahead(3))
    s = followups.complete_follow_up(fid)
    assert followups.get_follow_up(fid).done
    # tier A: 14 days -> Fri 11 Dec, a business day
    assert (s.client_id, s.client, s.title, s.due_on, s.contact_id, s.priority) == (
        cid,
        "Acme Corp",
        "Check in with Jane Doe",
        date(2026, 12, 11),
        jane,
        "normal",
    )
    assert (s.open_left, s.done_title) == (1, "Send deck")
    with pytest.raises(InvalidInput):
        followups.complete_follow_up(fid)
    row = followups.schedule_suggestion(s, due_on=ahead(20))
    assert (row.title, row.due_on, row.contact_id) == ("Check in with Jane Doe", ahead(20), jane)
    assert [r.id for r in followups.open_follow_ups(cid)] == [other, row.id]


def test_suggestion_lands_on_a_business_day_and_follows_deals_and_issues(book_path):
    cid = fx.client("Bravo", tier="B")  # 30 days from Fri 27 Nov = Sun 27 Dec -> Mon 28 Dec
    s = followups.complete_follow_up(fx.follow_up(cid, "Intro", TODAY))
    assert (s.title, s.due_on) == ("Check in with Bravo", date(2026, 12, 28))
    deal = fx.deal(cid, "Platform upsell", Decimal("20000"), close_on=ahead(30))
    s = followups.complete_follow_up(
        fx.follow_up(cid, "Demo", TODAY, opportunity=deal, priority="high")
    )
    assert (s.title, s.due_on, s.opportunity_id, s.priority) == (
        "Follow up on Platform upsell",
        date(2026, 12, 4),
        deal,
        "high",
    )
    issue = fx.issue(cid, "Login fails", days_ago(1), "high")
    s = followups.complete_follow_up(fx.follow_up(cid, "Escalate", TODAY, service_issue=issue))
    assert (s.title, s.due_on, s.service_issue_id) == (
        "Check Login fails is fixed",
        date(2026, 12, 2),
        issue,
    )


def test_add_update_delete_follow_up_validate(acme):
    cid, jane = acme
    with pytest.raises(InvalidInput) as err:
        followups.add_follow_up(cid, "", TODAY)
    assert err.value.field == "title"
    with pytest.raises(InvalidInput) as err:
        followups.add_follow_up(cid, "Call", None)
    assert err.value.field == "due_on"
    with pytest.raises(InvalidInput) as err:
        followups.add_follow_up(cid, "Call", TODAY, priority="urgent")
    assert err.value.field == "priority"
    other_deal = fx.deal(fx.client("Other"), "Their deal", 100, close_on=TODAY)
    with pytest.raises(InvalidInput):
        followups.add_follow_up(cid, "Call", TODAY, opportunity_id=other_deal)
    assert FollowUp.select().count() == 0
    row = followups.add_follow_up(cid, "Call", TODAY, contact_id=jane, notes=" bring pricing ")
    assert (row.notes, row.contact) == ("bring pricing", "Jane Doe")
    row = followups.update_follow_up(row.id, title="Call Jane", due_on=ahead(2), contact_id=None)
    assert (row.title, row.due_on, row.contact_id) == ("Call Jane", ahead(2), None)
    followups.delete_follow_up(row.id)
    with pytest.raises(NotFound):
        followups.get_follow_up(row.id)


# --- service issues -------------------------------------------------------------------------
def test_resolving_an_issue_needs_a_resolution(acme):
    cid, jane = acme
    issue = service.open_issue(cid, "Invoices wrong", severity="high", contact_id=jane)
    assert (issue.status, issue.contact, issue.age_days()) == ("open", "Jane Doe", 0)
    with pytest.raises(InvalidInput) as err:
        service.update_issue(issue.id, status="resolved")
    assert err.value.field == "resolution"
    with pytest.raises(InvalidInput):
        service.update_issue(issue.id, status="resolved", resolution="   ")
    assert service.get_issue(issue.id).status == "open"
    done = service.update_issue(issue.id, status="resolved", resolution="Credit note sent")
    assert (done.status, done.resolution) == ("resolved", "Credit note sent")
    assert done.resolved_at is not None and not done.is_open
    assert service.open_issues() == []
    reopened = service.update_issue(issue.id, status="in progress")
    assert reopened.resolved_at is None and reopened.resolution == "Credit note sent"


def test_open_issues_by_severity_then_age(acme):
    cid, _ = acme
    fx.issue(cid, "New medium", days_ago(1), "medium")
    fx.issue(cid, "Old medium", days_ago(20), "medium")
    fx.issue(cid, "Critical", days_ago(2), "critical")
    fx.issue(cid, "Waiting", days_ago(3), "low", status="waiting on client")
    fx.issue(cid, "Fixed", days_ago(3), "critical", status="resolved", resolution="ok")
    rows = service.open_issues()
    assert [r.title for r in rows] == ["Critical", "Old medium", "New medium", "Waiting"]
    assert rows[1].age_days() == 20
    assert [r.title for r in service.client_issues(cid)][-1] == "Fixed"
    with pytest.raises(InvalidInput) as err:
        service.open_issue(cid, "x", severity="apocalyptic")
    assert err.value.field == "severity"
    assert ServiceIssue.select().count() == 5


# --- commitments and renewals ---------------------------------------------------------------
def test_commitments_due_and_status(acme):
    cid, _ = acme
    late = commitments.add_commitment(cid, "Send SLA", due_on=days_ago(3), made_by="BD: Tom")
    soon = commitments.add_commitment(cid, "Quarterly review", due_on=ahead(14))
    commitments.add_commitment(cid, "Far away", due_on=ahead(15))
    undated = commitments.add_commitment(cid, "Named account manager")
    assert [c.what for c in commitments.commitments_due()] == ["Send SLA", "Quarterly review"]
    assert late.days_late(TODAY) == 3 and soon.days_late(TODAY) == 0
    kept = commitments.set_commitment_status(late.id, "kept")
    assert kept.status == "kept" and kept.days_late(TODAY) == 0
    with pytest.raises(InvalidInput):
        commitments.set_commitment_status(late.id, "forgotten")
    with pytest.raises(InvalidInput):
        commitments.add_commitment(cid, " ")
    assert [c.what for c in commitments.client_commitments(cid)] == [
        "Quarterly review",
        "Far away",
        "Named account manager",
        "Send SLA",
    ]
    changed = commitments.update_commitment(undated.id, due_on=ahead(2), what="Named AM by Monday")
    assert (changed.what, changed.due_on) == ("Named AM by Monday", ahead(2))


def test_renewals_due_in_sixty_days(book_path):
    a = fx.client("Alpha", renewal_on=ahead(10))
    b = fx.client("Bravo", renewal_on=ahead(61))
    fx.holding(b, "Analytics", ahead(30), value=Decimal("12000"))
    fx.holding(b, "Legacy", ahead(5), status="ended")
    fx.client("Past", renewal_on=days_ago(1))
    churned = fx.client("Churned", status="churned", renewal_on=ahead(3))
    rows = renewals.renewals_due()
    assert [(r.client, r.what, r.days_left, r.annual_value) for r in rows] == [
        ("Alpha", "Contract", 10, None),
        ("Bravo", "Analytics", 30, Decimal("12000.00")),
    ]
    assert renewals.next_renewals([a, b]) == {a: ahead(10), b: ahead(30)}
    # health's window: only the clients whose next renewal falls by the day given
    assert renewals.next_renewals([a, b], until=ahead(20)) == {a: ahead(10)}
    assert renewals.next_renewals(None, until=ahead(30)) == {a: ahead(10), b: ahead(30), churned: ahead(3)}


# --- the Today agenda ---------------------------------------------------------------------------
def test_agenda_gathers_every_section(acme):
    cid, _ = acme
    fx.follow_up(cid, "Late", days_ago(1))
    fx.issue(cid, "Broken", days_ago(1), "high")
    fx.commitment(cid, "Promise", ahead(3))
    renewing = fx.client("Renewing", renewal_on=ahead(20), handed_over_on=days_ago(30))
    fx.interaction(renewing, days_ago(2))
    agenda = today.agenda()
    assert agenda.today == TODAY
    assert [r.title for r in agenda.rows("follow_ups")] == ["Late"] and agenda.groups["Overdue"] == 1
    assert [r.client for r in agenda.rows("cadence")] == ["Acme Corp"]  # A: 100 days, never contacted
    assert [r.title for r in agenda.rows("issues")] == ["Broken"]
    assert [r.client for r in agenda.rows("renewals")] == ["Renewing"]
    assert [r.what for r in agenda.rows("commitments")] == ["Promise"]
    assert agenda.counts["overdue"] == 1 and not agenda.is_empty
    assert "quota" in agenda.banner.lower()


def test_agenda_of_an_empty_book_is_empty_and_explains_the_quota(book_path):
    agenda = today.agenda()
    assert agenda.is_empty
    assert agenda.banner.startswith("No quota for 2026-Q4 yet: amtui quota set")
    assert "press" not in agenda.banner  # amtui status --line prints it in a shell


def test_named_rows_name_every_column_and_refuse_two_of_one_name(acme):
    from amtui.models import Contact

    cid, jane = acme
    query = Contact.select(Contact.id, Contact.client, Client.name.alias("client_name")).join(Client)
    (row,) = list(interactions.named_rows(query.where(Contact.id == jane)))
    assert (row.id, row.client_id, row.client_name) == (jane, cid, "Acme Corp")
    with pytest.raises(ValueError):  # two `name` columns: alias one
        list(interactions.named_rows(Contact.select(Contact.name, Client.name).join(Client)))
