"""The forecast day by day against quota as a workbook line chart (issue 17).

The figures are `core.snapshots.trend`'s, the same the Quota screen and the What changed
view draw: won, won + commit, + best case and expected (weighted), one point a day over
the whole period (days to come and days the book was not opened are left blank, so the
lines stop at today), and the quota as a flat dashed line.  Today's point is the figures
as they stand now, so it matches the Summary's key figures.  The title says up to which
day the figures are reconstructed from stage history.

A line needs two points: with one day of figures a chart of a point a day draws no line
(LibreOffice showed only the dashed quota, an empty-looking chart), so that chart is
left out and a one-line note on the Summary says why.  A chart of four lone dots was the
other way; the note was chosen because a reader can tell a missing chart from a broken
one only if told, and the Summary's key figures already give that one day's won.
"""

from __future__ import annotations

from datetime import date

from amtui.core import clock, dates_fmt
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
MIN_DAYS = 2  # days with figures a chart needs: one day is a point, and draws no line


def chart_of(figures: Trend, title: str) -> ChartSpec | None:
    """The line chart of one period's trend; None when fewer than `MIN_DAYS` days have
    figures (`note_of` says why)."""
    if len(figures.points) < MIN_DAYS:
        return None
    days = figures.days()
    note = figures.short_note()
    series = [Series(name, [getattr(p, attr) if p is not None else None for _, p in days], role=role)
              for attr, name, role in SERIES]
    if figures.quota is not None:
        series.append(Series("Quota", [figures.quota] * len(days), role="quota"))
    # dates, not labels: the renderer draws a date axis marked every other week
    return ChartSpec(title + (f", {note}" if note else ""), "line", [day for day, _ in days], series)


def note_of(figures: Trend, title: str, today: date) -> tuple[str, str] | None:
    """The one line said on the Summary instead of a chart left out for want of days;
    None when the chart is drawn or the period does not hold today: a quarter to come
    has nothing to explain, and a quarter that is over without the days (before the
    book, not backfilled) will not get them by waiting, so it is left out as before."""
    if len(figures.points) >= MIN_DAYS or not figures.period.contains(today):
        return None
    have = (f"so far only {dates_fmt.day(figures.points[0].day, today)}" if figures.points
            else "none yet")
    return title, f"The chart starts once amtui has two days of figures ({have})."


def day_by_day(periods: list[Period], today: date | None = None, now: dict | None = None
               ) -> tuple[list[ChartSpec], list[tuple[str, str]]]:
    """Each period's chart, and the notes said instead of the charts left out (for
    `Report.chart_notes`).  `now`: a period's figures today by period, when the report
    has them already (`snapshots.trend`'s `now`)."""
    today = today or clock.today()
    charts, notes = [], []
    for period in periods:
        figures = trend(period, today, now=(now or {}).get(period))
        title = f"{period.label} day by day"
        chart, note = chart_of(figures, title), note_of(figures, title, today)
        charts += [chart] if chart is not None else []
        notes += [note] if note is not None else []
    return charts, notes

