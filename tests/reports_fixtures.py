"""A small fixed book for the report tests, written through core (so it is consistent),
with the hostile texts a workbook must keep as text; and readers for workbooks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
from quota_fixtures import P

from amtui.core import commitments, followups, interactions, quota, service
from amtui.core.clients import create_client
from amtui.core.contacts import add_contact
from amtui.core.deal_moves import create_deal, lose_deal, win_deal
from amtui.core.holdings import add_holding
from amtui.core.products import create_product
from amtui.core.settings import set_settings
from amtui.models import Opportunity

# text that spreadsheets would run as a formula, a number or a link if written naively
HOSTILE_CLIENT = '=HYPERLINK("http://x","y")'
HOSTILE_TEXTS = {
    "industry": "+1-555-0100",
    "contact": "@SUM(A1)",
    "title": "-2+3",
    "phone": "+44 20 7946 0000",
    "summary": "=1+1 said the CFO",
}


def build_small_book() -> dict[str, int]:
    """Four clients (one churned), two products, deals won and lost this quarter and last,
    open deals for this quarter and next, quotas, activity.  Today is 2026-11-27."""
    set_settings(rep_name="Dana Test", company="Acme Sales & Co", currency="USD")
    hardware = create_product("Widget Pro", "Hardware", Decimal("1000"))
    software = create_product("Cloud Suite", "Software", Decimal("5000"))
    hostile = create_client(HOSTILE_CLIENT, tier="A", industry=HOSTILE_TEXTS["industry"],
                            renewal_on=date(2027, 1, 15))
    beta = create_client("Beta Corp", tier="B", industry="Retail")
    gamma = create_client("Gamma LLC", tier="C", industry="Media", status="at risk")
    old = create_client("Old Co", tier="C", status="churned")
    contact = add_contact(hostile, HOSTILE_TEXTS["contact"], title=HOSTILE_TEXTS["title"],
                          phone=HOSTILE_TEXTS["phone"], is_primary=True)
    add_holding(beta, software, since=date(2025, 12, 1), annual_value=Decimal("20000"),
                ends_on=date(2026, 12, 31))
    interactions.log_interaction(hostile, HOSTILE_TEXTS["summary"], contact_id=contact,
                                 when=datetime(2026, 11, 20, 15, 0, tzinfo=UTC))
    interactions.log_interaction(beta, "Quarterly review", kind="meeting",
                                 when=datetime(2026, 6, 1, 15, 0, tzinfo=UTC))
    followups.add_follow_up(beta, "Send the renewal quote", date(2026, 11, 20))
    service.open_issue(gamma, "Dashboard down", severity="critical")
    commitments.add_commitment(gamma, "Monthly report", due_on=date(2026, 11, 1))
    quota.set_quota(P("2026-Q4"), Decimal("100000"))
    quota.set_quota(P("2026-Q3"), Decimal("80000"))
    quota.set_quota(P("2025-Q4"), Decimal("70000"))

    def won(client, title, amount, on, *, kind="upsell", product=None, created=None):
        deal = create_deal(client, title, Decimal(amount), kind=kind, product_id=product,
                           close_on=on)
        win_deal(deal, on)
        if created:  # the deal was entered before the frozen today
            Opportunity.update(created_at=datetime.combine(created, datetime.min.time(),
                                                           tzinfo=UTC).replace(hour=12)
                               ).where(Opportunity.id == deal).execute()
        return deal

    won(hostile, "New logo", "10000", date(2026, 10, 5), kind="new", product=hardware,
        created=date(2026, 9, 5))
    won(beta, "More seats", "20000", date(2026, 11, 10), product=software,
        created=date(2026, 10, 1))
    won(gamma, "Renewal 2027", "5000", date(2026, 11, 2), kind="renewal",
        created=date(2026, 10, 23))
    won(beta, "Summer push", "30000", date(2026, 8, 15), product=software)
    won(beta, "Last year", "12000", date(2025, 11, 15), product=hardware)
    # that win's year ended on 15 Nov (held no more); Beta renewed it the day after
    add_holding(beta, hardware, since=date(2026, 11, 16), annual_value=Decimal("12500"),
                ends_on=date(2027, 11, 16))
    lost = create_deal(beta, "Lost to a rival", Decimal("8000"), close_on=date(2026, 10, 20))
    lose_deal(lost, "competitor", "went with Initech", on=date(2026, 10, 20))
    create_deal(gamma, "Big expansion", Decimal("40000"), stage="Commit",
                close_on=date(2026, 12, 15))
    create_deal(hostile, "Next year", Decimal("15000"), stage="Commit",
                close_on=date(2027, 2, 10))
    return {"hostile": hostile, "beta": beta, "gamma": gamma, "old": old,
            "hardware": hardware, "software": software}


def kpis(ws) -> dict[str, object]:
    """The key figures on a Summary sheet: label row, then the value below it."""
    found: dict[str, object] = {}
    for row in ws.iter_rows(min_row=5, max_row=20):
        for cell in row:
            if cell.font.bold and isinstance(cell.value, str) and cell.value not in found:
                below = ws.cell(row=cell.row + 1, column=cell.column)
                if below.font.size and below.font.size >= 16:
                    found[cell.value] = below.value
    return found


def rows(ws, *, header_row: int = 1) -> list[dict[str, object]]:
    """A detail sheet's rows as dicts by header, without the totals row."""
    headers = [c.value for c in ws[header_row]]
    out = []
    for values in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] == "Total" or all(v is None for v in values):
            continue
        out.append(dict(zip(headers, values, strict=False)))
    return out


def totals(ws) -> dict[str, object]:
    headers = [c.value for c in ws[1]]
    for values in ws.iter_rows(min_row=2, values_only=True):
        if values[0] == "Total":
            return dict(zip(headers, values, strict=False))
    return {}


def load(path, *, values: bool = True):
    """A workbook as a viewer that does not recalculate sees it (cached values)."""
    return openpyxl.load_workbook(path, data_only=values)


def column_widths(ws) -> list[float]:
    """A sheet's column widths in characters, as the renderer set them: stored widths
    include the 5 pixels of padding Excel adds to a column (5/7 of a unit), and openpyxl
    keeps a run of equal columns as one dimension (min..max)."""
    stored = {}
    for dim in ws.column_dimensions.values():
        for c in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            stored[c] = dim.width
    return [(stored.get(c) or 8.43) - 5 / 7 for c in range(1, ws.max_column + 1)]
