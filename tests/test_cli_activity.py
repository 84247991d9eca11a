"""`amtui log` and `amtui followups` from the shell, on a frozen Friday, 27 Nov 2026."""

from __future__ import annotations

import json
from datetime import date, timedelta

import activity_fixtures as fx
import pytest

from amtui.cli import main
from amtui.models import FollowUp, Interaction

TODAY = date(2026, 11, 27)


@pytest.fixture
def book(book_path):
    acme = fx.client("Acme Corp", tier="A")
    jane = fx.contact(acme, "Jane Doe")
    fx.contact(acme, "Jan Smith")
    fx.client("Acme Labs")
    bolt = fx.client("Bolt Ltd")
    return {"acme": acme, "jane": jane, "bolt": bolt}


def test_log_a_call_with_the_next_follow_up(book, capsys):
    code = main(
        [
            "log",
            "acme corp",
            "Talked renewal terms",
            "--contact",
            "jane d",
            "--next",
            "Send proposal",
            "--due",
            "fri",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out.strip()
    assert out == (
        "Logged a call with Acme Corp (Jane Doe), Fri 27 Nov. Next: Send proposal, due Fri 4 Dec."
    )
    call = Interaction.get()
    assert (call.client_id, call.contact_id, call.kind, call.summary) == (
        book["acme"],
        book["jane"],
        "call",
        "Talked renewal terms",
    )
    nxt = FollowUp.get()
    assert (nxt.title, nxt.due_on, nxt.contact_id, nxt.priority) == (
        "Send proposal",
        date(2026, 12, 4),
        book["jane"],
        "normal",
    )


def test_log_kind_by_prefix_outcome_and_a_past_day(book, capsys):
    assert (
        main(
            [
                "log",
                "bolt",
                "Sent the deck",
                "--kind",
                "em",
                "--outcome",
                "Reading it",
                "--when",
                "yesterday",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "Logged an email with Bolt Ltd, Thu 26 Nov."
    call = Interaction.get()
    assert (call.kind, call.outcome, call.contact_id) == ("email", "Reading it", None)
    assert call.happened_at.astimezone().date() == TODAY - timedelta(days=1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "acme", "x"], "matches 2 clients: Acme Corp, Acme Labs"),
        (["log", "zeta", "x"], "no client named 'zeta'"),
        (["log", "acme corp", "x", "--contact", "ja"], "Jan Smith"),
        (["log", "acme corp", "x", "--contact", "bob"], "no contact named 'bob'"),
        (["log", "bolt", "x", "--next", "Call back"], "--due: is required"),
        (["log", "bolt", "x", "--due", "fri"], "--next: is required"),
        (["log", "bolt", "x", "--kind", "fax"], "'fax' is not one of"),
        (["log", "bolt", "x", "--when", "tomorrow"], "--when: 'tomorrow' is in the future (Sat 28 Nov)"),
        (["log", "bolt", "x", "--next", "y", "--due", "someday"], "is not"),
        (["log", "bolt", "  "], "SUMMARY: is required"),
    ],
)
def test_log_refuses_with_one_line_and_writes_nothing(book, capsys, argv, message):
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("amtui: ") and "\n" not in err
    assert message in err
    assert Interaction.select().count() == 0 and FollowUp.select().count() == 0


def _follow_ups(book):
    fx.follow_up(
        book["acme"],
        "Chase the PO",
        TODAY - timedelta(days=2),
        contact=book["jane"],
        priority="high",
    )
    fx.follow_up(book["bolt"], "Send the deck", TODAY)
    fx.follow_up(book["bolt"], "Quarterly review", TODAY + timedelta(days=10))
    fx.follow_up(book["bolt"], "Done already", TODAY, done_at=fx.at_noon(TODAY))


def test_followups_lists_overdue_and_today_as_text_with_their_ids(book, capsys):
    _follow_ups(book)
    chase, deck = (f.id for f in FollowUp.select().order_by(FollowUp.id).limit(2))
    assert main(["followups"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"#{chase}  Wed 25 Nov  2d late  Acme Corp · Jane Doe  Chase the PO   high",
        f"#{deck}  Fri 27 Nov  today    Bolt Ltd              Send the deck",  # not "today today"
    ]


def test_followups_all_as_json(book, capsys):
    _follow_ups(book)
    assert main(["followups", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["title"], r["status"], r["due"], r["priority"], r["contact"]) for r in rows] == [
        ("Chase the PO", "overdue", "2026-11-25", "high", "Jane Doe"),
        ("Send the deck", "today", "2026-11-27", "normal", None),
        ("Quarterly review", "upcoming", "2026-12-07", "normal", None),
    ]
    assert rows[0]["client"] == "Acme Corp" and rows[0]["client_id"] == book["acme"]
    assert set(rows[0]) == {
        "id",
        "client_id",
        "client",
        "contact",
        "title",
        "due",
        "priority",
        "status",
    }


def test_followups_when_nothing_is_due(book, capsys):
    fx.follow_up(book["bolt"], "Quarterly review", TODAY + timedelta(days=10))
    assert main(["followups"]) == 0
    assert capsys.readouterr().out.strip() == "Nothing due. (1 upcoming: amtui followups --all)"
    assert main(["followups", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
