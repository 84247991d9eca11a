"""Today's rows say a due day alike in every section: '2d late', 'today', else the day.
Seen in an audit: a commitment due today read 'Sat 5 Dec' under follow-ups reading 'today'."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from amtui.tui.screens.today_rows import commitment_cells, due_text, follow_up_cells

TODAY = date(2026, 12, 5)  # a Saturday


def due(on: date):
    return SimpleNamespace(due_on=on, days_late=lambda today: max(0, (today - on).days), client="Acme Corp",
                           what="Send the SLA", made_by="Priya", title="Call", contact="Jane", priority="normal")


@pytest.mark.parametrize(("days", "said"), [(-2, "2d late"), (0, "today"), (2, "Mon 7 Dec")])
def test_follow_ups_and_commitments_say_a_due_day_alike(days, said):
    on = TODAY + timedelta(days=days)
    row = SimpleNamespace(record=due(on), group="")
    assert due_text(on, TODAY, max(0, -days)) == said
    assert str(commitment_cells(row, TODAY)["due"]) == said
    assert str(follow_up_cells(row, TODAY)["due"]) == said
