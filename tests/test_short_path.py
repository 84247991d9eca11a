"""Paths in the room a screen has: the file name stays whole (tui/short_path), and the
Reports screen's recent exports show it whole at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from amtui.core.exports import record_export
from amtui.tui.app import AmtuiApp
from amtui.tui.short_path import middle_cut, short_path

HOME = Path("/home/ana")
LONG = "/home/ana/work/clients/reports/status-2026-Q4.xlsx"


@pytest.mark.parametrize(("width", "shown"), [
    (60, "~/work/clients/reports/status-2026-Q4.xlsx"),
    (40, "~/\u2026/clients/reports/status-2026-Q4.xlsx"),
    (32, "~/\u2026/reports/status-2026-Q4.xlsx"),
    (25, "~/\u2026/status-2026-Q4.xlsx"),
    (20, "status-2026-Q4.xlsx"),
    (12, "status\u2026.xlsx"),
])
def test_the_folder_gives_way_before_the_file_name(width, shown):
    assert short_path(LONG, width, HOME) == shown
    assert len(shown) <= width


def test_paths_outside_home_keep_their_root():
    assert short_path("/srv/share/q4/reports/forecast-2027.xlsx", 30, HOME) == (
        "/\u2026/reports/forecast-2027.xlsx")
    assert short_path("/home/anabel/x.xlsx", 40, HOME) == "/home/anabel/x.xlsx"  # not ana's home
    assert middle_cut("abcdefghij", 5) == "ab\u2026ij"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_recent_exports_show_each_file_name_whole(book_path, tmp_path, monkeypatch, size):
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    folder = home / "Documents" / "Account management" / "Client reports" / "2026" / "exports"
    folder.mkdir(parents=True)
    names = ["status-2026-11-27.xlsx", "quarterly-results-2026-Q4.xlsx",
             "brief-halcyon-reed-advertising-2026-11-27.xlsx"]
    for name in names:
        (folder / name).write_bytes(b"x")
        record_export("status", "", folder / name)
    record_export("forecast", "FY2027", folder / "forecast-FY2027.xlsx")  # gone since
    app = AmtuiApp(db_path=book_path)
    async with app.run_test(size=size) as pilot:
        await pilot.press("5")
        for _ in range(4):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#reports-recent", DataTable)
        files = [str(table.get_row_at(row)[-1]) for row in range(table.row_count)]
        assert len(files) == 4
        for name in names:  # the longest is 46 characters: whole even at 80x24
            assert any(f.endswith(f"/{name}") for f in files), (name, files)
        assert any(f.endswith("/forecast-FY2027.xlsx (gone)") for f in files), files
        assert table.virtual_size.width <= table.size.width, files
        if size == (120, 40):  # room for the nearest folders too
            assert f"~/\u2026/Client reports/2026/exports/{names[0]}" in files
