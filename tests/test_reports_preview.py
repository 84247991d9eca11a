"""The Reports screen's preview of the status report: the workbook's key figures, worked
out without building its sheets (issue 14: the preview cost 45 MiB of Python objects on a
5,000-client book), in one worker.  Figures are read back from the workbook with openpyxl;
the work is bounded by query counts and by memory relative to the full build, never by
wall-clock time."""

from __future__ import annotations

import tracemalloc
from datetime import date

import pytest
from pilot_helpers import settle
from playhouse.test_utils import count_queries
from quota_fixtures import deal
from reports_fixtures import kpis, load

from amtui.core import health
from amtui.core.clients import archive_client, create_client, update_client
from amtui.core.deal_moves import create_deal
from amtui.models import Client
from amtui.reports import REPORTS, preview, status
from amtui.reports.export import plan_export, run_export
from amtui.tui.app import AmtuiApp

TODAY = date(2026, 11, 27)


def _figures(report) -> list[tuple]:
    return [(k.label, k.value, k.kind, k.note) for k in report.kpis]


def _variety() -> None:
    """Something for every figure to count: a churned client with a win this year (the
    headline's note), an archived one, one the rep marked at risk."""
    create_client("Gone For Good Ltd", status="churned")
    deal(12_000, status="won", closed_on=date(2026, 3, 2), client_name="Gone For Good Ltd")
    shelved = create_client("Shelved Inc")
    deal(8_000, status="won", closed_on=date(2026, 4, 2), client_name="Shelved Inc")
    archive_client(shelved)
    first = Client.select(Client.id).where(Client.status == "active").order_by(Client.id).first()
    update_client(first.id, status="at risk")


def test_the_preview_shows_the_status_workbooks_key_figures(demo_book, tmp_path):
    _variety()
    written = run_export(plan_export("status", output=tmp_path / "status.xlsx"))
    in_workbook = kpis(load(written)["Summary"])
    built = status.build(today=TODAY)
    shown = REPORTS["status"].key_figures(today=TODAY)
    assert _figures(shown) == _figures(built)  # the same values, kinds and notes
    assert preview(shown) == preview(built)
    assert [k.label for k in shown.kpis] == list(in_workbook)
    for kpi in shown.kpis:
        expected = float(kpi.value) if kpi.kind == "money" else kpi.value
        assert in_workbook[kpi.label] == expected, kpi.label
    lines = dict(preview(shown))
    assert "of which churned or archived clients: $20,000" in lines["Won FY2026"]
    assert lines["Period"] == "As of 27 Nov 2026"


def test_the_preview_scores_once_and_asks_a_fixed_number_of_queries(demo_book):
    """The preview's queries do not grow with the book: the same count on the demo book
    and after 60 more clients with deals (scores kept, as after any screen scored)."""

    def queries() -> int:
        health.score_book(None, TODAY)  # the kept scores, as the screens share them
        with count_queries(only_select=True) as counter:
            REPORTS["status"].key_figures(today=TODAY)
        return counter.count

    before = queries()
    for n in range(60):
        client = create_client(f"Extra Client {n:02}")
        create_deal(client, "Expansion", 5_000 + n)
    assert queries() == before <= 8
    with count_queries(only_select=True) as counter:
        status.build(today=TODAY)
    assert counter.count > before  # the workbook reads its rows and sheets besides


@pytest.mark.sqlite_only(reason="a server book's driver (psycopg2, a client-side cursor) holds each "
                         "result whole, so the preview's peak grows with the rows it reads; a named-"
                         "tuple class made per query used to hide that under its own peak")
def test_the_previews_memory_grows_a_tenth_of_the_workbooks_with_the_book(demo_book):
    """Python memory at the peak of the preview and of the whole build, on the demo book
    and after 150 more clients with a deal each (scores kept, modules imported): what each
    more client costs the preview is under a tenth of what it costs the workbook (on the
    5,000-client demo book the preview peaks 0.9 MiB above the kept scores, the workbook
    18 MiB: the preview sums the open deals and renewals as they are read)."""

    def peaks() -> tuple[int, int]:
        status.build(today=TODAY)  # modules imported, the scores kept
        out = []
        for work in (lambda: status.build(today=TODAY),
                     lambda: REPORTS["status"].key_figures(today=TODAY)):
            tracemalloc.start()
            try:
                work()
                out.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        return out[0], out[1]

    whole_before, figures_before = peaks()
    for n in range(150):
        create_deal(create_client(f"Extra Client {n:03}"), "Expansion", 5_000 + n)
    whole_after, figures_after = peaks()
    whole, figures = whole_after - whole_before, figures_after - figures_before
    assert figures * 10 < whole, (figures, whole)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_reports_screen_works_out_the_preview_once_without_the_sheets(
        demo_book, monkeypatch, size):
    calls: list[str] = []
    real = status.key_figures

    def counted(**kwargs):
        calls.append("key_figures")
        return real(**kwargs)

    def no_build(**kwargs):
        raise AssertionError("the preview built the whole workbook")

    monkeypatch.setattr(status, "key_figures", counted)
    monkeypatch.setattr(status, "build", no_build)
    app = AmtuiApp(db_path=demo_book)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 4)
        await pilot.press("5")
        await settle(pilot, 4)
        assert app.current_mode == "reports"
        lines = dict(app.screen.preview_lines)
        assert lines["Period"] == "As of 27 Nov 2026"
        assert lines["Active clients"].split()[0].replace(",", "").isdigit()
        assert calls == ["key_figures"]  # mounting highlights it too: still one worker
        await pilot.press("down", "up")  # back to it: the kept preview, no new worker
        await settle(pilot, 4)
        assert calls == ["key_figures"]
        assert dict(app.screen.preview_lines) == lines
