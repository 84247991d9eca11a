"""Forecast accuracy: for quarters that are over, the commit number called N weeks
before the end against what was won.  A rep whose call lands near the result earns
trust.  The call is the snapshot of that day when there is one, else reconstructed from
the deals' stage history (then the categories are the stages' defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from amtui.core import clock
from amtui.core.bookings import attainment, current_quarter, won_in
from amtui.core.deal_states import current_states, replay
from amtui.core.periods import Period, shift
from amtui.core.snapshots import figures_from
from amtui.models import ForecastSnapshot


@dataclass(frozen=True)
class Accuracy:
    quarter: Period
    called_on: date
    commit: Decimal  # won + commit as it stood that morning
    weighted: Decimal  # won + weighted pipeline, the expected value
    won: Decimal  # what the quarter booked in the end
    won_pct_of_commit: Decimal | None  # won / commit, one decimal, rounded down
    source: str  # snapshot | reconstructed


def forecast_accuracy(today: date | None = None, *, quarters: int = 4, weeks: int = 4) -> list[Accuracy]:
    """The last `quarters` quarters that are over, newest first, called `weeks` weeks
    before their last day."""
    today = today or clock.today()
    past = [shift(current_quarter(today), -n) for n in range(1, quarters + 1)]
    days = {q.label: q.end + timedelta(days=1) - timedelta(weeks=weeks) for q in past}
    stored = {
        (r.day, r.period): r
        for r in ForecastSnapshot.select().where(ForecastSnapshot.period.in_([q.label for q in past]))
    }
    missing = sorted({days[q.label] for q in past if (days[q.label], q.label) not in stored})
    rebuilt = {}
    if missing:
        current, _ = current_states()
        rebuilt = dict(zip(missing, replay(missing, current), strict=True))
    out = []
    for q in past:
        day = days[q.label]
        won = won_in(q)
        row = stored.get((day, q.label))
        if row is not None:
            commit, weighted = row.commit, row.weighted
            source = "reconstructed" if row.reconstructed else "snapshot"
        else:
            f = figures_from(list(rebuilt[day].values()), q, day)
            commit, weighted, source = f.forecast_commit, f.forecast_weighted, "reconstructed"
        out.append(Accuracy(q, day, commit, weighted, won, attainment(won, commit), source))
    return out
