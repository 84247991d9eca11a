"""The status report's key sheet and key figures.

The key sheet is what a manager reads about each client, on one page wide; every column
of the full table stays on the "Client detail" sheet.  It is cut from the detail rows by
column header (the figures are the detail sheet's, so the two cannot disagree) and adds
the one reason a client needs attention, picked from the same row: the most urgent thing
first.

The key figures (the Summary's, and the Reports screen's preview) are reduced from what
the core functions return: the workbook reduces what it gathered for its sheets; `gather`
asks the same core functions for the preview and reduces each answer before asking the
next (the open deals and the renewals as they are read: `open_pipeline_total`,
`renewals_read`), so the preview never holds the whole book's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import NamedTuple

from amtui.core import health
from amtui.core.bookings import won_in
from amtui.core.client_list import client_statuses
from amtui.core.money import ZERO
from amtui.core.periods import Period
from amtui.core.renewals import renewals_read
from amtui.core.results import open_pipeline_total, won_by_client
from amtui.reports.common import day_label, money
from amtui.reports.model import Column, Kpi, Rule, SheetSpec

ATTENTION = "Needs attention"
ATTENTION_RULE = (
    "The one most urgent thing about a client, in this order: overdue commitments, a "
    "critical or high service issue, contact past its cadence, an overdue follow-up, for "
    "a red client the worst reason of its health, a renewal in the next 90 days, else the "
    "worst reason of its health if it is at risk."
)
RENEWAL_SOON_DAYS = 90
RENEWAL_DAYS = 90  # the Summary's renewals


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
    at = {c.header: i for i, c in enumerate(columns)}  # each cell by its header
    wanted = [c.header for c in key_columns(won)[:-1]]
    pick = itemgetter(*(at[h] for h in wanted))
    client = at["Client"]
    out = []
    for row in rows:
        why = reasons.get(row[client], "")
        out.append((*pick(row), attention(lambda header, row=row: row[at[header]], today, why)))
    key_totals = ({h: v for h, v in totals.items() if h in wanted} if totals else None)
    return SheetSpec("Clients", key_columns(won), rows=out, totals=key_totals,
                     conditional=band_rules, freeze_cols=1)


# --- the key figures ---------------------------------------------------------------------
class KeyFigures(NamedTuple):
    """The status report's key figures, each reduced by one function below."""

    active: int  # clients listed (not archived) and not churned
    bands: dict[str, int]  # "green" | "yellow" | "red" -> active clients
    at_risk: int
    past_cadence: int
    won_all: Decimal  # every client's bookings this fiscal year (won_in)
    won_active: Decimal  # the active clients' share of it
    open_pipeline: Decimal
    weighted: Decimal
    renewing: int  # clients with a renewal in the next RENEWAL_DAYS days
    renewal_value: Decimal  # a year's value of those renewals


def client_figures(clients: Iterable[tuple[int, str]], scores: health.BookScores
                   ) -> tuple[int, dict[str, int], int, int]:
    """(active, by band, at risk, past contact cadence) of the (id, status) of the active
    clients, from their kept health scores and contact gaps."""
    bands = dict.fromkeys(("green", "yellow", "red"), 0)
    active = risky = past = 0
    for cid, status in clients:
        band = scores.health[cid].band
        active += 1
        bands[band] = bands.get(band, 0) + 1
        risky += health.at_risk(band, status)
        past += scores.gaps[cid].gap.is_due  # the Cadence status column: not "on track"
    return active, bands, risky, past


def summed(by_client: dict[int, Decimal], ids: Iterable[int]) -> Decimal:
    """The clients' share of a by-client figure (won_by_client)."""
    return sum((by_client.get(cid, ZERO) for cid in ids), ZERO)


def pipeline_sums(pipe: dict, ids: Iterable[int]) -> tuple[Decimal, Decimal]:
    """(open, weighted) pipeline of the clients, from open_pipeline_by_client."""
    amount = weighted = ZERO
    for cid in ids:
        totals = pipe.get(cid)
        if totals:
            amount += totals.amount
            weighted += totals.weighted
    return amount, weighted


def renewal_figures(renewals: Iterable) -> tuple[int, Decimal]:
    """(clients renewing, a year's value renewing) of renewals_due's rows (or the same
    rows as they are read: renewals_read), in one pass."""
    clients: set[int] = set()
    value = ZERO
    for r in renewals:
        clients.add(r.client_id)
        value += r.annual_value or ZERO
    return len(clients), value


def key_figures(clients: list[tuple[int, str]], scores: health.BookScores, year: Period,
                won_now: dict, pipe: dict, renewals: list) -> KeyFigures:
    """The key figures from what the workbook gathered for its sheets."""
    ids = [cid for cid, _ in clients]
    return KeyFigures(*client_figures(clients, scores), won_in(year), summed(won_now, ids),
                      *pipeline_sums(pipe, ids), *renewal_figures(renewals))


def gather(year: Period, today: date) -> KeyFigures:
    """The same key figures without the workbook's rows: each core function's answer is
    reduced before the next is asked (the Reports screen's preview)."""
    scores = health.score_book(None, today)  # the whole book's, kept while it is unchanged
    statuses = client_statuses()
    ids = [cid for cid, status in statuses.items() if status != "churned"]
    counts = client_figures(((cid, statuses[cid]) for cid in ids), scores)
    del statuses, scores
    won_active = summed(won_by_client(year, ids), ids)
    # the sum of open_pipeline_by_client's totals over these clients, as the deals stream
    together = open_pipeline_total(ids)
    del ids
    renewing = renewal_figures(renewals_read(today, within_days=RENEWAL_DAYS))
    return KeyFigures(*counts, won_in(year), won_active, together.amount, together.weighted,
                      *renewing)


def kpis(figures: KeyFigures, year: Period, currency: str) -> list[Kpi]:
    """The Summary's key figures as the workbook and the preview show them."""
    f = figures
    won = f"Won {year.label}"
    # the headline counts every client; the tables only active ones: name the difference
    won_note = "all clients, to date"
    if f.won_all - f.won_active:
        won_note += ("; of which churned or archived clients: "
                     f"{money(f.won_all - f.won_active, currency)}")
    bands = ", ".join(f"{f.bands.get(b, 0):,} {b}" for b in ("green", "yellow", "red"))
    return [
        Kpi("Active clients", f.active, "int", bands),
        Kpi("At risk", f.at_risk, "int", "red band or marked at risk"),
        Kpi(won, f.won_all, "money", won_note),
        Kpi("Weighted pipeline", f.weighted, "money", f"of {money(f.open_pipeline, currency)} open"),
        Kpi(f"Renewing in {RENEWAL_DAYS} days", f.renewing, "int",
            f"clients; {money(f.renewal_value, currency)} a year renewing"),
        Kpi("Past contact cadence", f.past_cadence, "int", "clients to call"),
    ]
