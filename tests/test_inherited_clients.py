"""Inherited clients: a client never contacted is past its cadence from its handover
(else from the day it entered the book), on Today, in health and in the status report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import activity_fixtures as fx

from amtui.cli import main
from amtui.core import cadence, health, today
from amtui.tui.app import AmtuiApp

SAMPLE = Path(__file__).parent.parent / "data" / "sample-clients.csv"
TODAY = date(2026, 11, 27)


def test_importing_the_sample_clients_fills_todays_past_cadence(book_path, capsys):
    assert main(["import", str(SAMPLE)]) == 0
    capsys.readouterr()
    agenda = today.agenda()
    names = [r.client for r in agenda.rows("cadence")]
    assert len(names) == 5 and "Harborview Logistics" in names
    assert all(r.never_contacted for r in agenda.rows("cadence"))
    assert agenda.counts["cadence"] == 5 and not agenda.is_empty
    scores = health.health_for()
    assert all(
        any(r.text.startswith("never contacted") for r in h.reasons) for h in scores.values()
    )


def test_the_status_report_flags_a_client_never_contacted(book_path):
    from amtui.reports import status

    fx.client("Inherited", handed_over_on=TODAY - timedelta(days=12))
    called = fx.client("Called", handed_over_on=TODAY - timedelta(days=40))
    fx.interaction(called, TODAY - timedelta(days=3))
    gaps = cadence.gaps()
    assert status._cadence_status(gaps[called][2]) == status.ON_TRACK
    flagged = status._cadence_status(next(g for _n, _t, g in gaps.values() if g.never_contacted))
    assert flagged == "never contacted, handed over 12 days ago"


async def test_today_says_never_contacted_and_when_it_was_handed_over(book_path):
    fx.client("Harborview Logistics", tier="A", handed_over_on=date(2026, 11, 12))
    fx.client("Maple Bakery", tier="B")  # no handover date: counted from its entry
    app = AmtuiApp(db_path=book_path)
    for size in ((80, 24), (140, 42)):
        async with app.run_test(size=size) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            table = app.screen.table("cadence")
            cells = [table.shown_cell(row, "last").strip() for row in range(table.row_count)]
            assert "never contacted \u00b7 handed over Thu 12 Nov" in cells
            assert any(c.startswith("never contacted \u00b7 added ") for c in cells)
        app = AmtuiApp(db_path=book_path)
