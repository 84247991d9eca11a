"""Reports built once as plain data; xlsx.py renders them (the only module importing xlsxwriter).

`REPORTS` is the registry the CLI, the export chooser and the Reports screen read: each
report's title, what it needs (a quarter, a fiscal year, a client or nothing), its default
file name, and the module whose `build(period, client, today, progress)` describes it.
Builder modules are imported only when a report is built.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from typing import NamedTuple

from amtui.core.errors import InvalidInput
from amtui.reports.model import Report


class ReportInfo(NamedTuple):
    name: str
    title: str
    description: str
    takes: str | None  # "quarter" | "year" | "client" | None

    @property
    def takes_period(self) -> bool:
        return self.takes in ("quarter", "year")

    @property
    def takes_client(self) -> bool:
        return self.takes == "client"

    def build(self, period=None, client: int | None = None, today: date | None = None,
              progress=None) -> Report:
        module = importlib.import_module(f"amtui.reports.{self.name}")
        return module.build(period=period, client=client, today=today, progress=progress)

    def key_figures(self, today: date | None = None) -> Report:
        """The report with its key figures (`kpis`) for the Reports screen's preview: a
        builder module that can work them out without its sheets has `key_figures`; for
        the others the whole report is built."""
        module = importlib.import_module(f"amtui.reports.{self.name}")
        build = getattr(module, "key_figures", module.build)
        return build(period=None, client=None, today=today, progress=None)

    def default_filename(self, *, period=None, client_name: str = "", today: date) -> str:
        """`status-2026-11-27.xlsx`, `quarterly-2026-Q4.xlsx`, `brief-acme-2026-11-27.xlsx`."""
        if self.takes_period and period is not None:
            return f"{self.name}-{period.label}.xlsx"
        if self.takes_client:
            return f"{self.name}-{slug(client_name) or 'client'}-{today.isoformat()}.xlsx"
        return f"{self.name}-{today.isoformat()}.xlsx"


REPORTS: dict[str, ReportInfo] = {
    info.name: info
    for info in (
        ReportInfo("status", "Account status", "Every active client: health, revenue, "
                   "pipeline, renewals, contact and open work", None),
        ReportInfo("quarterly", "Quarterly sales results", "Quota, won, attainment and win "
                   "rate for a quarter, against last quarter and last year (no pay)", "quarter"),
        ReportInfo("forecast", "Annual forecast", "Month by month and quarter by quarter: "
                   "won, commit, best case, forecast and gap to quota", "year"),
        ReportInfo("brief", "Client brief", "One client before a meeting: contacts, "
                   "products, recent contact, open work, deals and health", "client"),
        ReportInfo("commission", "Commission statement", "Your own pay for a quarter: each "
                   "won deal with its band, rate and commission, bonuses, the cap, the "
                   "total", "quarter"),
        ReportInfo("book", "The whole book", "Every record, one sheet per kind, for your "
                   "own analysis or to move to another system", None),
    )
}


def get_report(name: str) -> ReportInfo:
    """A report by name or unique prefix; anything else is refused naming the reports."""
    key = name.strip().lower()
    if key in REPORTS:
        return REPORTS[key]
    hits = [info for n, info in REPORTS.items() if key and n.startswith(key)]
    if len(hits) == 1:
        return hits[0]
    raise InvalidInput("report", f"'{name}' is not a report; reports are {', '.join(REPORTS)}")


def slug(text: str) -> str:
    """A client name as a file-name part: `Acme & Sons, Ltd.` -> `acme-sons-ltd`."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-")


def preview(report: Report) -> list[tuple[str, str]]:
    """The key figures of a report as (label, text): what the Reports screen shows."""
    from amtui.reports.text import kpi_text

    lines = [("Period", report.period_label)]
    for kpi in report.kpis:
        # whole units, as the workbook's summary shows them (cents on a statement)
        text = kpi_text(kpi, report.currency, report.cents)
        lines.append((kpi.label, f"{text}  ({kpi.note})" if kpi.note else text))
    return lines
