"""Every workbook of the demo book printed through LibreOffice: page counts and no blank
page.  The figures are read back with openpyxl in test_reports.py; this looks at pages.

Needs `soffice` (Debian: libreoffice-calc-nogui) and poppler's `pdfinfo` / `pdftotext`
(poppler-utils); `.ci/run` installs both.  All six workbooks go through one soffice call
(about 15 s here) so the test stays modest."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from peewee import fn

from amtui.models import Client, Interaction, Opportunity
from amtui.reports import REPORTS
from amtui.reports.export import plan_export, run_export

TOOLS = ("soffice", "pdfinfo", "pdftotext")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"{', '.join(MISSING)} not installed (apt-get install libreoffice-calc-nogui "
           "poppler-utils; .ci/run does)",
)
BRIEF_PAGES = 3  # the brief is read in the lift on the way to the meeting
# a page holds more than its running header and footer (2 lines) when something is on it
HEADER_AND_FOOTER = 2


def _busiest_client() -> int:
    """The client with the most interactions and deals: the longest brief."""
    def count(model):
        return dict(model.select(model.client, fn.COUNT(model.id))
                    .group_by(model.client).tuples())

    talks, deals = count(Interaction), count(Opportunity)
    return max((c.id for c in Client.select()), key=lambda c: (talks.get(c, 0) + deals.get(c, 0), -c))


@pytest.fixture
def printed(demo_book, tmp_path):
    """The six workbooks of the demo book, converted to PDF in one soffice call."""
    out = tmp_path / "xlsx"
    out.mkdir()
    files = {}
    for name, info in REPORTS.items():
        client = _busiest_client() if info.takes_client else None
        files[name] = run_export(plan_export(name, client=client, output=out / f"{name}.xlsx"))
    pdf = tmp_path / "pdf"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
         "--convert-to", "pdf", "--outdir", str(pdf), *map(str, files.values())],
        check=True, capture_output=True, timeout=300,
    )
    return {name: pdf / f"{name}.pdf" for name in files}


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines() if line.startswith("Pages:")))
    return pages[:count]


def test_every_workbook_prints_without_blank_pages_and_the_brief_on_three(printed):
    counts = {}
    for name, path in printed.items():
        assert path.exists(), f"{name}: LibreOffice wrote no PDF"
        pages = _pages(path)
        counts[name] = len(pages)
        for number, page in enumerate(pages, start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            assert len(lines) > HEADER_AND_FOOTER, f"{name}: page {number} is blank"
            assert f"Page {number} of {len(pages)}" in page
    assert counts["brief"] <= BRIEF_PAGES, counts
    assert counts["commission"] <= 3, counts
    # the reports handed upward stay short: a summary and a few detail sheets
    assert max(counts[n] for n in ("status", "quarterly", "forecast")) <= 12, counts
