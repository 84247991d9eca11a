"""Report values as short text, for the TUI preview and the CLI (the workbook formats
them itself, by kind)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from amtui.core import clock
from amtui.core.money import fmt_money
from amtui.reports.model import Kpi


def value_text(value, kind: str, currency: str = "USD", cents: bool = True) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    if kind == "money":
        return fmt_money(Decimal(value), currency, decimals=cents)
    if kind == "percent":
        return f"{Decimal(value) * 100:.1f}%"
    if isinstance(value, datetime):
        return clock.local(value).strftime("%-d %b %Y %H:%M")
    if isinstance(value, date):
        return f"{value.day} {value:%b %Y}"
    if kind == "multiple":
        return f"{Decimal(value):.1f}x"
    if kind == "number":
        return f"{Decimal(value):,.1f}"
    if isinstance(value, int | Decimal):
        return f"{value:,}"
    return str(value)


def kpi_text(kpi: Kpi, currency: str = "USD", cents: bool = True) -> str:
    return value_text(kpi.value, kpi.kind, currency, cents)
