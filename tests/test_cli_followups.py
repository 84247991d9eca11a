"""The follow-up loop from the shell: `followup add | done | snooze`, `log --done`, and
dates written with a minus (`--when -2d`).  Today is frozen on Friday 27 Nov."""

from __future__ import annotations

from datetime import date, timedelta

import activity_fixtures as fx
import pytest

from amtui.cli import main
from amtui.cli.argv import attach_dash_dates
from amtui.models import FollowUp, Interaction

TODAY = date(2026, 11, 27)


@pytest.fixture
def book(book_path, frozen_today):
    acme = fx.client("Acme Corp", tier="A")
    jane = fx.contact(acme, "Jane Doe")
    bolt = fx.client("Bolt Ltd")
    chase = fx.follow_up(acme, "Chase the PO", TODAY - timedelta(days=2), contact=jane)
    call = fx.follow_up(acme, "Call about the renewal", TODAY)
    later = fx.follow_up(acme, "Quarterly review", TODAY + timedelta(days=10))
    deck = fx.follow_up(bolt, "Send the deck", TODAY - timedelta(days=1))
    return {"acme": acme, "jane": jane, "bolt": bolt, "chase": chase, "call": call,
            "later": later, "deck": deck}


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.strip(), err.strip()


def done(follow_up_id: int) -> bool:
    return FollowUp.get_by_id(follow_up_id).done_at is not None


# --- dates written with a minus ---------------------------------------------------------


def test_when_minus_two_days_is_a_value_not_an_option(book, capsys):
    code, out, err = run(capsys, "log", "acme", "Called", "--when", "-2d")
    assert (code, err) == (0, "")
    assert out == "Logged a call with Acme Corp, Wed 25 Nov."
    code, out, _ = run(capsys, "log", "bolt", "Mailed", "--when", "-1w", "--kind", "email")
    assert code == 0 and out.endswith("Fri 20 Nov.")


def test_only_relative_dates_after_an_option_are_attached():
    assert attach_dash_dates(["log", "a", "b", "--when", "-2d"]) == ["log", "a", "b", "--when=-2d"]
    assert attach_dash_dates(["--due", "-1w", "--when", "-3m"]) == ["--due=-1w", "--when=-3m"]
    assert attach_dash_dates(["--when=-2d", "-x"]) == ["--when=-2d", "-x"]
    assert attach_dash_dates(["log", "-2d"]) == ["log", "-2d"]  # not after an option
    assert attach_dash_dates(["--when", "-2x"]) == ["--when", "-2x"]
    assert attach_dash_dates(["--", "--when", "-2d"]) == ["--", "--when", "-2d"]


def test_a_due_date_already_past_is_said_so(book, capsys):
    # 11/26 is yesterday's date: its nearest occurrence, not 26 Nov 2027 without a word
    code, out, _ = run(capsys, "followup", "add", "bolt", "Send the quote", "--due", "11/26")
    assert code == 0
    assert out.endswith("due Thu 26 Nov (yesterday).")


def test_a_past_field_refuses_the_future(book, capsys):
    code, _, err = run(capsys, "log", "acme", "Called", "--when", "Tue 1 Dec")
    assert code == 1 and err.startswith("amtui: --when: 'Tue 1 Dec' is in the future (Tue 1 Dec); try")
    assert Interaction.select().count() == 0
    # without its weekday, a month and day is the last time it came round, and said so
    code, out, _ = run(capsys, "log", "acme", "Called", "--when", "12/01")
    assert code == 0 and out.rstrip().endswith(", 1 Dec 2025.")
    assert Interaction.select().count() == 1


# --- log --done -------------------------------------------------------------------------


def test_log_done_closes_the_follow_up_in_the_same_go(book, capsys):
    code, out, _ = run(capsys, "log", "acme", "Chased the PO", "--done", str(book["chase"]),
                       "--next", "Check the PO arrived", "--due", "mon")
    assert code == 0
    assert out == (
        f"Logged a call with Acme Corp, Fri 27 Nov. Done: #{book['chase']} Chase the PO. "
        "Next: Check the PO arrived, due Mon 30 Nov."
    )
    assert done(book["chase"]) and not done(book["call"])
    assert Interaction.select().count() == 1


def test_log_done_takes_several(book, capsys):
    code, out, _ = run(capsys, "log", "acme", "Long call", "--done", str(book["chase"]),
                       "--done", str(book["call"]))
    assert code == 0 and "No next follow-up" in out
    assert done(book["chase"]) and done(book["call"])


@pytest.mark.parametrize(
    ("which", "message"),
    [("deck", "is not for this client"), ("missing", "no follow-up with id 9999")],
)
def test_log_done_refuses_and_writes_nothing(book, capsys, which, message):
    follow_up_id = book[which] if which in book else 9999
    code, _, err = run(capsys, "log", "acme", "Called", "--done", str(follow_up_id))
    assert code == 1 and err.startswith("amtui: --done: ") and message in err
    assert "\n" not in err
    assert Interaction.select().count() == 0 and not done(book["deck"])


def test_log_done_refuses_a_follow_up_already_done(book, capsys):
    assert run(capsys, "log", "acme", "Called", "--done", str(book["chase"]))[0] == 0
    code, _, err = run(capsys, "log", "acme", "Again", "--done", str(book["chase"]))
    assert code == 1 and "already done" in err
    assert Interaction.select().count() == 1


# --- followup add | done | snooze -------------------------------------------------------


def test_followup_add_prints_its_id(book, capsys):
    code, out, _ = run(capsys, "followup", "add", "bolt", "Book the QBR", "--due", "fri",
                       "--priority", "high", "--contact", "")
    assert code == 0
    row = FollowUp.select().order_by(FollowUp.id.desc()).get()
    assert out == f"Added #{row.id} for Bolt Ltd: Book the QBR, due Fri 4 Dec."
    assert (row.title, row.due_on, row.priority) == ("Book the QBR", date(2026, 12, 4), "high")


def test_followup_add_needs_a_due_date_and_names_the_option(book, capsys):
    with pytest.raises(SystemExit):
        main(["followup", "add", "bolt", "Book the QBR"])
    assert "--due" in capsys.readouterr().err
    code, _, err = run(capsys, "followup", "add", "bolt", "Book the QBR", "--due", "soon")
    assert code == 1 and err.startswith("amtui: --due: 'soon' is not a date")
    code, _, err = run(capsys, "followup", "add", "bolt", "  ", "--due", "fri")
    assert code == 1 and err.startswith("amtui: TITLE: is required")


def test_followup_done_suggests_the_next_one(book, capsys):
    code, out, _ = run(capsys, "followup", "done", str(book["deck"]))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Follow-up done: Send the deck (Bolt Ltd)."  # as undo names it
    # Bolt is tier B (30-day cadence): 27 Dec is a Sunday, so Monday 28 Dec
    assert lines[1].startswith(
        "Suggested next: Check in with Bolt Ltd, Mon 28 Dec, moved from Sun 27 Dec (a weekend)."
    )
    assert lines[1].endswith("amtui followup add 'Bolt Ltd' 'Check in with Bolt Ltd' --due 2026-12-28")
    assert done(book["deck"])
    assert FollowUp.select().where(FollowUp.client == book["bolt"]).count() == 1  # nothing new


def test_followup_done_with_next_schedules_it_in_one_transaction(book, capsys):
    code, out, _ = run(capsys, "followup", "done", str(book["chase"]), "--next",
                       "Confirm the PO number", "--due", "+1w")
    assert code == 0
    new = FollowUp.select().order_by(FollowUp.id.desc()).get()
    assert out.splitlines() == [
        "Follow-up done: Chase the PO (Acme Corp).",
        f"Next: #{new.id} Confirm the PO number, due Fri 4 Dec.",
    ]
    assert (new.title, new.due_on, new.contact_id) == ("Confirm the PO number", date(2026, 12, 4),
                                                       book["jane"])
    assert done(book["chase"])


def test_followup_done_with_only_a_due_date_keeps_the_suggested_title(book, capsys):
    code, out, _ = run(capsys, "followup", "done", str(book["chase"]), "--due", "-2d")
    assert code == 0
    assert out.splitlines()[1].endswith("Check in with Jane Doe, due Wed 25 Nov (2 days ago).")


def test_followup_done_refusals_are_one_line_and_change_nothing(book, capsys):
    code, _, err = run(capsys, "followup", "done", str(book["chase"]), "--due", "someday")
    assert code == 1 and err.startswith("amtui: --due: ")
    assert not done(book["chase"])
    assert run(capsys, "followup", "done", str(book["chase"]))[0] == 0
    code, _, err = run(capsys, "followup", "done", str(book["chase"]))
    assert code == 1 and err.strip() == "amtui: follow-up: “Chase the PO” is already done"
    code, _, err = run(capsys, "followup", "done", "9999")
    assert code == 1 and err == "amtui: follow-up: no follow-up with id 9999"


def test_followup_snooze_to_the_next_business_day_or_a_chosen_day(book, capsys):
    code, out, _ = run(capsys, "followup", "snooze", str(book["chase"]))
    assert code == 0  # Friday: the next business day is Monday
    assert out == f"Snoozed #{book['chase']} Chase the PO (Acme Corp) to Mon 30 Nov; snoozed once."
    code, out, _ = run(capsys, "followup", "snooze", str(book["chase"]), "--to", "12/15")
    assert out.endswith("to Tue 15 Dec; snoozed 2 times.")
    row = FollowUp.get_by_id(book["chase"])
    assert (row.due_on, row.snooze_count) == (date(2026, 12, 15), 2)
    code, _, err = run(capsys, "followup", "snooze", str(book["chase"]), "--to", "-2d")
    assert code == 1 and err.startswith("amtui: --to: is in the past")
