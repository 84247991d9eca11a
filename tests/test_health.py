"""The health score: worked examples on a frozen Friday, 27 Nov 2026."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import activity_fixtures as fx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from peewee import chunked, fn
from playhouse.test_utils import count_queries

from amtui.core import cadence, health, interactions, renewals
from amtui.core.errors import NotFound
from amtui.core.settings import set_settings
from amtui.models import Client, FollowUp, Interaction, database

TODAY = date(2026, 11, 27)


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def texts(h: health.Health) -> list[str]:
    return [str(r) for r in h.reasons]


def in_touch(name: str, **fields) -> int:
    """A client last called 20 days ago: within tier B's 30 days, past the +10 window."""
    cid = fx.client(name, handed_over_on=days_ago(100), **fields)
    fx.interaction(cid, days_ago(20))
    return cid


def test_a_client_within_its_cadence_is_green_at_the_base_with_no_reasons(book_path):
    h = health.client_health(in_touch("Acme"))
    assert (h.score, h.band, h.reasons) == (70, "green", [])
    assert h.label == "Green"


def test_an_inherited_client_never_contacted_counts_from_its_handover(book_path):
    today = fx.client("Handed Today", handed_over_on=TODAY)
    week = fx.client("Handed Last Week", handed_over_on=days_ago(7))
    scores = health.health_for([today, week])
    assert texts(scores[today]) == ["\u22125 never contacted, handed over today"]
    assert texts(scores[week]) == ["\u221212 never contacted, handed over 7 days ago"]
    assert scores[week].score == 58


def test_recent_contact_and_won_business_raise_the_score(book_path):
    cid = fx.client("Acme", handed_over_on=days_ago(100))
    fx.interaction(cid, days_ago(3))
    fx.deal(cid, "Renewal 2026", Decimal("45000"), won_on=days_ago(40), close_on=days_ago(40))
    h = health.client_health(cid)
    assert h.score == 90
    assert texts(h) == [
        "+10 contacted 3 days ago",
        "+10 won $45,000 in 1 deal in the last 12 months",
    ]


def test_three_wins_count_more_and_old_wins_do_not_count(book_path):
    cid = in_touch("Acme")
    for i in range(3):
        fx.deal(cid, f"Deal {i}", Decimal("1000"), won_on=days_ago(30 + i), close_on=days_ago(30))
    fx.deal(cid, "Ancient", Decimal("99000"), won_on=days_ago(400), close_on=days_ago(400))
    h = health.client_health(cid)
    assert h.score == 85
    assert texts(h) == ["+15 won $3,000 in 3 deals in the last 12 months"]


def test_days_past_cadence_cost_five_plus_one_a_day_up_to_thirty(book_path):
    tier_a = fx.client("Alpha", tier="A", handed_over_on=days_ago(400))
    fx.interaction(tier_a, days_ago(24))  # 14-day cadence: 10 days over
    never = fx.client("Never", tier="C", handed_over_on=days_ago(200))  # 60-day cadence: 140 over
    scores = health.health_for([tier_a, never])
    assert scores[tier_a].score == 55 and scores[tier_a].band == "yellow"
    assert texts(scores[tier_a]) == ["\u221215 10 days past the 14-day cadence"]
    assert scores[never].score == 40
    assert texts(scores[never]) == ["\u221230 never contacted, handed over 200 days ago"]


def test_the_clients_own_cadence_and_the_settings_tier_default_apply(book_path):
    own = in_touch("Own", tier="C", cadence_days=7)
    tiered = in_touch("Tiered", tier="B")
    assert health.client_health(own).reasons[0].points == -(5 + 13)
    assert health.client_health(tiered).score == 70  # within B's 30 days
    set_settings(cadence_days={"A": 14, "B": 10, "C": 60})
    assert texts(health.client_health(tiered)) == ["\u221215 10 days past the 10-day cadence"]


def test_a_critical_issue_open_nine_days_costs_twenty_five(book_path):
    cid = in_touch("Acme")
    fx.issue(cid, "Invoices wrong", days_ago(9), "critical")
    h = health.client_health(cid)
    assert texts(h) == ["\u221225 critical issue open 9 days"]
    assert (h.score, h.band) == (45, "yellow")


def test_issues_weigh_by_severity_and_age_and_cap_at_fifty(book_path):
    cid = in_touch("Acme")
    fx.issue(cid, "Slow", days_ago(30), "medium")  # 10 + 2 x 5 for 28+ days
    fx.issue(cid, "Typo", days_ago(1), "low")
    fx.issue(cid, "Old low", days_ago(200), "low")  # capped at twice its points: 10
    fx.issue(cid, "Fixed", days_ago(60), "critical", status="resolved", resolution="patched")
    h = health.client_health(cid)
    assert texts(h) == [
        "\u221220 medium issue open 30 days",
        "\u221210 low issue open 200 days",
        "\u22125 low issue open 1 day",
    ]
    other = in_touch("Burning")
    for i in range(3):
        fx.issue(other, f"Outage {i}", days_ago(2), "critical")
    fx.issue(other, "Login slow", TODAY, "high")
    h = health.client_health(other)
    # every issue shows its own points; the cap's line gives back what it spares
    assert texts(h) == [
        "\u221225 critical issue open 2 days",
        "\u221225 critical issue open 2 days",
        "\u221225 critical issue open 2 days",
        "\u221215 high issue opened today",
        "+40 open issues together capped at \u221250",
    ]
    assert sum(r.points for r in h.reasons) == -50
    assert h.score == 20 and h.band == "red"


def test_issues_exactly_at_the_cap_need_no_cap_line(book_path):
    cid = in_touch("Acme")
    fx.issue(cid, "Outage", days_ago(2), "critical")
    fx.issue(cid, "Outage again", days_ago(3), "critical")
    assert texts(health.client_health(cid)) == [
        "\u221225 critical issue open 2 days",
        "\u221225 critical issue open 3 days",
    ]


def test_overdue_follow_ups_and_commitments(book_path):
    cid = in_touch("Acme")
    for i in range(4):
        fx.follow_up(cid, f"Call {i}", days_ago(i + 1))
    fx.follow_up(cid, "Due today is not overdue", TODAY)
    fx.follow_up(cid, "Done", days_ago(20), done_at=fx.at_noon(days_ago(19)))
    fx.commitment(cid, "Send the SLA", days_ago(6))
    fx.commitment(cid, "Kept one", days_ago(30), status="kept")
    fx.commitment(cid, "No date")
    h = health.client_health(cid)
    assert texts(h) == [
        "\u221215 4 follow-ups overdue (oldest 4 days)",
        "\u221210 1 commitment overdue (oldest 6 days)",
    ]
    assert h.score == 45


def test_renewal_soon_without_recent_contact(book_path):
    # tier C (60 days) called 40 days ago: within the cadence, but not in the last 30 days
    quiet = fx.client("Quiet", tier="C", renewal_on=TODAY + timedelta(days=21))
    fx.interaction(quiet, days_ago(40))
    talked = in_touch("Talked", renewal_on=TODAY + timedelta(days=21))
    product = fx.client("Product", tier="C")
    fx.interaction(product, days_ago(40))
    fx.holding(product, "Analytics", TODAY + timedelta(days=45))
    far = in_touch("Far", renewal_on=TODAY + timedelta(days=61))
    ended = in_touch("Ended")
    fx.holding(ended, "Legacy", TODAY + timedelta(days=10), status="ended")
    scores = health.health_for()
    assert texts(scores[quiet]) == ["\u221215 renewal in 21 days, no contact in 30 days"]
    assert scores[talked].score == 70  # contacted 20 days ago: no penalty, no bonus
    assert texts(scores[product]) == ["\u221215 renewal in 45 days, no contact in 30 days"]
    assert scores[far].score == scores[ended].score == 70


def test_score_is_clamped_to_zero(book_path):
    cid = fx.client("Disaster", tier="A", handed_over_on=days_ago(300), renewal_on=TODAY)
    for i in range(3):
        fx.issue(cid, f"Outage {i}", days_ago(90), "critical")
    for i in range(3):
        fx.follow_up(cid, f"Call {i}", days_ago(10))
        fx.commitment(cid, f"Promise {i}", days_ago(10))
    h = health.client_health(cid)
    assert sum(r.points for r in h.reasons) == -30 - 50 - 15 - 20 - 15
    assert (h.score, h.band) == (0, "red")
    assert str(h.reasons[-2]) == "\u221215 renewal today, no contact in 30 days"
    assert str(h.reasons[-1]) == "+100 open issues together capped at \u221250"


@pytest.mark.parametrize(
    ("score", "band"),
    [(100, "green"), (70, "green"), (69, "yellow"), (40, "yellow"), (39, "red"), (0, "red")],
)
def test_bands(score, band):
    assert health.band_for(score) == band


def test_logging_an_interaction_lifts_the_score_at_once(book_path):
    cid = fx.client("Acme", tier="A", handed_over_on=days_ago(60))
    assert health.client_health(cid).score == 40
    interactions.log_interaction(cid, "Quarterly review")
    h = health.client_health(cid)
    assert (h.score, texts(h)) == (80, ["+10 contacted today"])


def test_bulk_and_single_agree_and_long_id_lists_filter_in_python(book_path, monkeypatch):
    ids = [fx.client(f"C{i}", tier="ABC"[i % 3], handed_over_on=days_ago(i * 7)) for i in range(12)]
    fx.issue(ids[3], "Broken", days_ago(15), "high")
    every = health.health_for()
    assert set(every) == set(ids)
    for module in (health, interactions, cadence, renewals):
        monkeypatch.setattr(module, "MAX_IN_LIST", 2)
    some = health.health_for(ids[2:6])
    assert set(some) == set(ids[2:6])
    for cid in ids[2:6]:
        assert some[cid] == every[cid] == health.client_health(cid)
    assert health.health_for([]) == {}


def test_unknown_client_is_not_found(book_path):
    with pytest.raises(NotFound):
        health.client_health(999)


def test_rules_text_states_the_numbers_the_code_uses():
    for number in ("70", "10", "14", "12 months", "15", "5", "25", "50", "20", "60", "30", "40"):
        assert number in health.RULES_TEXT
    assert health.BASE == 70 and health.GREEN == 70 and health.YELLOW == 40
    assert health.SEVERITY_POINTS == {"low": 5, "medium": 10, "high": 15, "critical": 25}


def _add_clients(first: int, last: int) -> None:
    """Clients first..last-1, two interactions each and a follow-up for every other one."""
    before = Client.select(fn.MAX(Client.id)).scalar() or 0
    with database.atomic():
        _insert(Client,
            [
                {
                    "name": f"Client {i}",
                    "name_key": f"client {i}",
                    "tier": "ABC"[i % 3],
                    "handed_over_on": days_ago(i % 90),
                }
                for i in range(first, last)
            ]
        )
        ids = [c.id for c in Client.select(Client.id).where(Client.id > before)]
        _insert(Interaction,
            [
                {"client": cid, "summary": "x", "happened_at": fx.at_noon(days_ago(n % 50))}
                for n, cid in enumerate(ids * 2)
            ]
        )
        _insert(FollowUp,
            [{"client": cid, "title": "x", "due_on": days_ago(n % 20 - 10)}
             for n, cid in enumerate(ids[::2])]
        )


def _insert(model, rows: list[dict]) -> None:
    # PostgreSQL takes at most 65,535 parameters a statement
    for batch in chunked(rows, 1000):
        model.insert_many(batch).execute()


def test_five_thousand_clients_score_in_as_few_queries_as_ten(book_path):
    _add_clients(0, 10)
    with count_queries() as ten:
        assert len(health.health_for()) == 10
    _add_clients(10, 5000)
    with count_queries() as many:
        scores = health.health_for()
    # a handful of GROUP BY queries for the whole book: none per client
    assert len(scores) == 5000 and many.count == ten.count <= 12


def test_one_label_for_a_band_everywhere():
    from amtui.core.health import Health, band_for, band_label
    from amtui.reports.status import BANDS

    assert [band_label(band_for(s)) for s in (90, 50, 10)] == ["Green", "Yellow", "Red"]
    assert Health(55, "yellow").label == "Yellow"
    assert BANDS == ("Red", "Yellow", "Green")


_days_st = st.integers(min_value=0, max_value=400)
_overdue_st = st.none() | st.tuples(st.integers(min_value=1, max_value=9), _days_st)


@st.composite
def _client_inputs(draw):
    """One client's inputs to health's rules, as health_for hands them over."""
    contacted = draw(st.booleans())
    days_since = draw(_days_st)
    gap = cadence.Gap(
        1, days_since, draw(st.integers(min_value=1, max_value=90)),
        last_contact=fx.at_noon(days_ago(days_since)) if contacted else None,
        last_contact_day=days_ago(days_since) if contacted else None,
        handed_over_on=draw(st.none() | st.just(days_ago(days_since))),
        handover_ahead=not contacted and draw(st.booleans()),
    )
    issues = draw(st.lists(st.tuples(st.sampled_from(sorted(health.SEVERITY_POINTS)), _days_st), max_size=6))
    return (gap, tuple(issues), draw(_overdue_st), draw(_overdue_st),
            draw(st.none() | st.tuples(st.integers(min_value=1, max_value=5), st.integers(0, 10**9))),
            draw(st.none() | st.integers(min_value=0, max_value=60).map(lambda n: TODAY + timedelta(days=n))))


@settings(max_examples=300, deadline=None)
@given(_client_inputs())
def test_the_reasons_add_up_to_the_score(inputs):
    gap, issues, follow_ups, commitments, won, renewal = inputs

    def only(found):
        return {} if found is None else {1: found}

    h = health._score_all({1: cadence.ClientGap("Acme", "B", gap)}, TODAY, "USD", only(issues or None),
                          only(follow_ups), only(commitments), only(won), only(renewal))[1]
    assert h.score == min(100, max(0, health.BASE + sum(r.points for r in h.reasons)))
    assert h.band == health.band_for(h.score)
    # every issue is named with its own points; past the cap one more line says so
    issue_lines = [r for r in h.reasons if " issue " in r.text]
    assert len(issue_lines) == len(issues)
    capped = [r for r in h.reasons if "capped" in r.text]
    own = sum(health._issue_points(*issue) for issue in issues)
    assert len(capped) == (own > health.ISSUES_CAP)
    assert sum(r.points for r in issue_lines + capped) == -min(own, health.ISSUES_CAP)
    assert not any("open 0 days" in r.text for r in h.reasons)
