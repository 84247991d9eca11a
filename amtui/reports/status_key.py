"""The status report's key sheet: what a manager reads about each client, on one page
wide; every column of the full table stays on the "Client detail" sheet.

The key sheet is cut from the detail rows by column header (the figures are the detail
sheet's, so the two cannot disagree) and adds the one reason a client needs attention,
picked from the same row: the most urgent thing first.
"""

from __future__ import annotations

from datetime import date, timedelta

from amtui.reports.common import day_label
from amtui.reports.model import Column, Rule, SheetSpec

ATTENTION = "Needs attention"
ATTENTION_RULE = (
    "The one most urgent thing about a client, in this order: overdue commitments, a "
    "critical or high service issue, contact past its cadence, an overdue follow-up, for "
    "a red client the worst reason of its health, a renewal in the next 90 days, else the "
    "worst reason of its health if it is at risk."
)
RENEWAL_SOON_DAYS = 90


def key_columns(won: str) -> list[Column]:
    return [
        Column("Client"), Column("Tier"), Column("Health", "int"), Column("Band"),
        Column(won, "money"), Column("Open pipeline", "money"),
        Column("Weighted pipeline", "money"), Column("Next renewal", "date"),
        Column("Last contact", "date"), Column(ATTENTION, "wrap", 34),
    ]


def attention(get, today: date, why: str = "") -> str:
    """The one reason a client needs attention, from its detail row (`get(header)`);
    `why`: the health reasons of an at-risk client, used when nothing more urgent is."""
    late = get("Commitments overdue") or 0
    if late:
        return f"{late} commitment{'s' if late != 1 else ''} overdue"
    severity = get("Worst severity")
    if severity in ("critical", "high"):
        return f"{severity} service issue open"
    cadence = get("Cadence status")
    if cadence and cadence != "on track":
        if cadence.endswith(" over"):  # "21 days over"
            return f"no contact: {cadence[:-len(' over')]} past cadence"
        return cadence  # never contacted since the handover
    follow_up = get("Next follow-up")
    if follow_up is not None and follow_up < today:
        return f"follow-up overdue since {day_label(follow_up)}"
    if why and get("Band") == "Red":
        return why
    renewal = get("Next renewal")
    if renewal is not None and renewal <= today + timedelta(days=RENEWAL_SOON_DAYS):
        return f"renews {day_label(renewal)}"
    if why:
        return why
    return ""


def key_sheet(columns: list[Column], rows: list[tuple], won: str, today: date,
              reasons: dict[str, str], totals: dict | None, band_rules: list[Rule]) -> SheetSpec:
    """`reasons`: health reasons by client name (the at-risk clients')."""
    headers = [c.header for c in columns]
    wanted = [c.header for c in key_columns(won)[:-1]]
    out = []
    for row in rows:
        get = dict(zip(headers, row, strict=True)).__getitem__  # each cell by its header
        out.append((*(get(h) for h in wanted), attention(get, today, reasons.get(get("Client"), ""))))
    key_totals = ({h: v for h, v in totals.items() if h in wanted} if totals else None)
    return SheetSpec("Clients", key_columns(won), rows=out, totals=key_totals,
                     conditional=band_rules, freeze_cols=1)
