"""The forecast day by day against quota as a workbook line chart (issue 17).

The figures are `core.snapshots.trend`'s, the same the Quota screen and the What changed
view draw: won, won + commit, + best case and expected (weighted), one point a day over
the whole period (days to come and days the book was not opened are left blank, so the
lines stop at today), and the quota as a flat dashed line.  The title says up to which
day the figures are reconstructed from stage history.
"""

from __future__ import annotations

from amtui.core.periods import Period
from amtui.core.snapshots import Trend, trend
from amtui.reports.model import ChartSpec, Series

# (TrendPoint attribute, series name, colour role): the ladder bottom up, then expected
SERIES = (
    ("won", "Won", "won"),
    ("commit", "Won + commit", "commit"),
    ("best_case", "+ best case", "best case"),
    ("weighted", "Expected", "pipeline"),
)


def chart_of(figures: Trend, title: str) -> ChartSpec | None:
    """The line chart of one period's trend; None when nothing is stored for it."""
    days = figures.days()
    if not days:
        return None
    note = figures.short_note()
    series = [Series(name, [getattr(p, attr) if p is not None else None for _, p in days], role=role)
              for attr, name, role in SERIES]
    if figures.quota is not None:
        series.append(Series("Quota", [figures.quota] * len(days), role="quota"))
    # dates, not labels: the renderer draws a date axis marked every other week
    return ChartSpec(title + (f", {note}" if note else ""), "line", [day for day, _ in days], series)


def period_chart(period: Period, title: str | None = None) -> ChartSpec | None:
    return chart_of(trend(period), title or f"{period.label} day by day")
