"""`amtui changes` and `amtui snapshot` (issue 17); today = 2026-11-27."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

from amtui.cli import COMMAND_MODULES, main
from amtui.core import deal_moves
from amtui.models import ForecastSnapshot


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_changes_and_snapshot_are_commands():
    assert "changes" in COMMAND_MODULES


def test_changes_json_and_text_tell_the_same_walk(small_book, move_today, capsys):
    move_today(date(2026, 11, 20))
    seats = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Propose", close_on=date(2026, 12, 10))
    code, out, _ = run(capsys, "snapshot")
    assert code == 0 and "taken" in out
    code, out, _ = run(capsys, "snapshot")
    assert "already taken" in out
    move_today(date(2026, 11, 27))
    deal_moves.update_deal(seats, stage="Commit")
    code, out, _ = run(capsys, "changes", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["since"], data["period"], data["source"]) == ("2026-11-20", "2026-Q4", "snapshots")
    assert data["reconstructed_up_to"] is None  # no backfill: every daily figure was taken
    commit = data["walks"]["commit"]
    assert (commit["start"], commit["now"]) == ("0.00", "10000.00")
    assert {s["step"]: s["amount"] for s in commit["steps"]}["upgraded"] == "10000.00"
    assert sum(D(s["amount"]) for s in commit["steps"]) == D(commit["change"])
    advanced = [c for c in data["changes"] if c["kind"] == "advanced"]
    assert advanced == [{"kind": "advanced", "deal_id": seats, "deal": "Seats", "client": "Acme Corp",
                         "client_id": small_book["acme"], "before": "Propose", "after": "Commit",
                         "when": "2026-11-27", "amount": "10000.00"}]
    code, out, _ = run(capsys, "changes", "--since", "2026-11-20", "--period", "2026-Q4")
    assert code == 0
    assert "upgraded (1)" in out and "Advanced (1)" in out and "Seats · Acme Corp: Propose → Commit" in out


def test_bad_since_names_the_field(small_book, capsys):
    code, _, err = run(capsys, "changes", "--since", "whenever")
    assert code == 1 and "since" in err
    code, _, err = run(capsys, "changes", "--period", "Q9")
    assert code == 1 and "period" in err


def test_snapshot_backfill_reconstructs_earlier_days(demo_book, capsys):
    code, out, _ = run(capsys, "snapshot", "--backfill")
    # the demo book's history starts before last fiscal year: back to 1 Jan 2025
    days = (ForecastSnapshot.select().where(ForecastSnapshot.period == "FY2026").count() - 1
            + ForecastSnapshot.select().where(ForecastSnapshot.period == "FY2025").count())
    assert code == 0 and f"Reconstructed {days:,} earlier days" in out and days == 695
    assert ForecastSnapshot.select().where(ForecastSnapshot.reconstructed == True).count() == 2 * days  # noqa: E712
    code, out, _ = run(capsys, "changes", "--since", "30d")
    assert "Daily figures reconstructed from stage history to Thu 26 Nov." in out
    code, out, _ = run(capsys, "changes", "--since", "30d", "--json")
    assert code == 0 and json.loads(out)["reconstructed_up_to"] == "2026-11-26"  # the same day
