"""The Changes sheets of the quarterly and status workbooks (issue 17): the forecast
walk since the previous export of the same report (else 7 days), and the deals that
moved.  The figures are `core.changes.changes_since`'s, the same as `amtui changes
--json` prints for that date and period."""

from __future__ import annotations

from datetime import date

from amtui.core.changes import KINDS, Changes, changes_since, since_last_export
from amtui.core.periods import Period
from amtui.reports.model import Column, SheetSpec

WALK_SHEET = "Forecast walk"
CHANGES_SHEET = "Changes"
KIND_WORDS = dict(zip(KINDS, (k.capitalize() for k in KINDS), strict=True))

DEFINITION = (
    "Forecast walk",
    "How won + commit and won + weighted pipeline (expected) moved from the start date to "
    "today: new deals, upgraded (a better category or probability), downgraded, pulled into "
    "or pushed out of the period, lost, won (a commit deal won at its amount moves nothing), "
    "reopened, deleted and amount changes.  The steps add up to the difference exactly.  The "
    "start is the day's snapshot, or reconstructed from the deals' stage history before the "
    "first snapshot.",
)


def sheets(report: str, period: Period, today: date, since: date | None = None) -> list[SheetSpec]:
    """Both sheets for `report` ("quarterly" | "status") about `period`."""
    since = since or since_last_export(report, today=today)
    return sheets_for(changes_since(since, period, today))


def sheets_for(changes: Changes) -> list[SheetSpec]:
    start = f"At the start ({changes.since:%d %b %Y}" + (
        ", reconstructed)" if changes.source == "reconstructed" else ")")
    walk_rows = [(start, None, changes.commit.start, changes.weighted.start)]
    for c, w in zip(changes.commit.steps, changes.weighted.steps, strict=True):
        walk_rows.append((c.label, max(c.deals, w.deals), c.amount, w.amount))
    walk_rows.append((f"Now ({changes.today:%d %b %Y})", None, changes.commit.now, changes.weighted.now))
    walk = SheetSpec(WALK_SHEET, [
        Column("Step"), Column("Deals", "int"), Column("Won + commit", "money"),
        Column("Expected (won + weighted)", "money"),
    ], rows=walk_rows)
    lines = SheetSpec(CHANGES_SHEET, [
        Column("Change"), Column("Deal"), Column("Client"), Column("Before"), Column("After"),
        Column("When", "date"), Column("Amount", "money"),
    ], rows=[(KIND_WORDS[ln.kind], ln.deal, ln.client, ln.before, ln.after, ln.when, ln.amount)
             for ln in changes.lines], freeze_cols=1,
        empty_text=f"No deal in {changes.period.label} changed since {changes.since:%d %b %Y}.")
    return [walk, lines]
