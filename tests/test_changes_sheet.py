"""The Forecast walk and Changes sheets (issue 17) read back with openpyxl: the same
figures as `amtui changes --json` for the same date and period."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

from reports_fixtures import load, rows

from amtui.cli import main
from amtui.core import deal_moves, snapshots
from amtui.reports.export import plan_export, run_export


def _money(value) -> D:
    return D(str(value)).quantize(D("0.01"))


def _export(name, folder, day):
    return run_export(plan_export(name, output=folder / f"{name}-{day}.xlsx"))


def test_the_sheets_equal_changes_json_since_the_previous_export(small_book, move_today, tmp_path, capsys):
    move_today(date(2026, 11, 16))
    seats = deal_moves.create_deal(small_book["acme"], "Seats", D("10000"), stage="Propose", close_on=date(2026, 12, 10))
    gone = deal_moves.create_deal(small_book["globex"], "Support", D("4000"), stage="Commit", close_on=date(2026, 12, 20))
    snapshots.take_snapshot()
    for name in ("quarterly", "status"):  # the previous exports: the 16th
        _export(name, tmp_path, "16")
    move_today(date(2026, 11, 27))
    deal_moves.update_deal(seats, stage="Commit", amount=D("12500"))
    deal_moves.lose_deal(gone, "timing")
    deal_moves.create_deal(small_book["initech"], "Training", D("2500"), stage="Negotiate", close_on=date(2026, 12, 1))
    capsys.readouterr()
    assert main(["changes", "--since", "2026-11-16", "--period", "2026-Q4", "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    for name in ("quarterly", "status"):
        wb = load(_export(name, tmp_path, "27"))
        walk = rows(wb["Forecast walk"])
        assert walk[0]["Step"] == "At the start (16 Nov 2026)"
        assert _money(walk[0]["Won + commit"]) == D(expected["walks"]["commit"]["start"])
        assert _money(walk[0]["Expected (won + weighted)"]) == D(expected["walks"]["weighted"]["start"])
        for row, c, w in zip(walk[1:-1], expected["walks"]["commit"]["steps"],
                             expected["walks"]["weighted"]["steps"], strict=True):
            assert row["Step"] == c["label"]
            assert _money(row["Won + commit"]) == D(c["amount"])
            assert _money(row["Expected (won + weighted)"]) == D(w["amount"])
        assert _money(walk[-1]["Won + commit"]) == D(expected["walks"]["commit"]["now"])
        assert _money(walk[-1]["Expected (won + weighted)"]) == D(expected["walks"]["weighted"]["now"])
        changes = rows(wb["Changes"])
        assert [(r["Change"].lower(), r["Deal"], r["Client"], r["Before"] or "", r["After"] or "",
                 _money(r["Amount"])) for r in changes] == [
            (c["kind"], c["deal"], c["client"], c["before"], c["after"], D(c["amount"]))
            for c in expected["changes"]]
        assert {r["Change"] for r in changes} >= {"Added", "Lost", "Advanced", "Amount up"}
