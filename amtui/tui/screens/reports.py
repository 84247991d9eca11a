"""The Reports section (key 5): the five workbooks, a preview of the key figures of the
highlighted one, and the recent exports.

The preview is the report's key figures, worked out in a thread worker by the same
functions as the workbook's (`ReportInfo.key_figures`: the status report's without
building its sheets), so it shows exactly the figures the workbook will hold.  `enter` or `x`
exports the highlighted report (the chooser opens set to it), `o` opens the reports
folder, `r` builds the previews again; `enter` on a recent export opens that file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from amtui.core import clock, dates_fmt
from amtui.core.exports import ExportInfo, recent_exports
from amtui.reports import REPORTS, preview
from amtui.tui.actions import bindings
from amtui.tui.dialogs.export import ExportDialog, ExportWritten, open_command
from amtui.tui.safe_table import SafeTable, fill
from amtui.tui.screens.base import SectionScreen, book_worker, while_showing
from amtui.tui.short_path import short_path

RECENT = 20
FILE_MIN = 24  # a narrower File column would cut most file names
RECENT_COLUMNS = ("Written", "Report", "Of", "File")
NARROW = 100  # below this width the recent exports leave out the Report column
NARROW_RECENT_COLUMNS = ("Written", "Of", "File")


class PreviewReady(Message):
    """The key figures of one report, built in a thread worker."""

    def __init__(self, name: str, lines: list[tuple[str, str]], error: str = ""):
        super().__init__()
        self.name, self.lines, self.error = name, lines, error


class ExportsLoaded(Message):
    def __init__(self, exports: list[ExportInfo]):
        super().__init__()
        self.exports = exports


def _opener() -> str | None:
    return shutil.which("open" if sys.platform == "darwin" else "xdg-open")


class ReportsScreen(SectionScreen):
    SECTION = "Reports"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # a narrower list below 110
    AUTO_FOCUS = "#report-list"
    BINDINGS = bindings("reports")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.previews: dict[str, list[tuple[str, str]]] = {}
        self.building: tuple[str, Worker] | None = None  # the preview being worked out
        self.preview_lines: list[tuple[str, str]] = []  # what the preview shows (tests read it)
        self.exports: list[ExportInfo] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="reports-top"):
            with Vertical(id="reports-list-box"):
                yield Label("Reports", classes="reports-title")
                options: list[Option | None] = []
                for name, info in REPORTS.items():
                    options += [Option(f"[b]{info.title}[/]\n[dim]{info.description}[/]", id=name), None]
                yield OptionList(*options[:-1], id="report-list")
            with Vertical(id="reports-preview-box"):
                yield Label("", id="reports-preview-title", classes="reports-title")
                # a Rich table wraps long figures ("39 (23 green, 7 yellow, ...)") rather than cut them
                with VerticalScroll(id="reports-preview-scroll"):
                    yield Static(id="reports-preview")
                yield Static("", id="reports-hint", classes="muted")
        with Vertical(id="reports-recent-box"):
            yield Label("Recent exports", classes="reports-title")
            yield SafeTable(id="reports-recent", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._show(self._highlighted())
        self._load_exports()

    def on_screen_resume(self) -> None:
        self._load_exports()

    # --- the highlighted report and its preview ----------------------------------------
    def _highlighted(self) -> str:
        options = self.query_one("#report-list", OptionList)
        index = options.highlighted if options.highlighted is not None else 0
        return options.get_option_at_index(index).id or "status"

    @on(OptionList.OptionHighlighted, "#report-list")
    def _highlight(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id or "status")

    @on(OptionList.OptionSelected, "#report-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.app.push_screen(ExportDialog(report=event.option.id or "status"))

    def _show(self, name: str) -> None:
        info = REPORTS[name]
        self.query_one("#reports-preview-title", Label).update(f"{info.title}: key figures")
        if info.takes_client:
            self._fill(name, [], "A brief is for one client: press x (or enter) and name "
                       "the client, or press x on a client's own screen.")
        elif name in self.previews:
            self._fill(name, self.previews[name], "")
        else:
            self._fill(name, [], "Working out the figures…")
            # mounting highlights the first report as well: one worker for it, not two
            if self.building is None or self.building[0] != name or self.building[1].is_finished:
                self.building = (name, self._build_preview(name))

    @book_worker("reports-preview")
    def _build_preview(self, name: str) -> None:
        try:
            # the key figures alone: a report's sheets are built only when it is exported
            report = REPORTS[name].key_figures(today=clock.today())
            self.post_message(PreviewReady(name, preview(report)))
        except Exception as exc:  # a preview must never take the screen down
            self.post_message(PreviewReady(name, [], f"The preview failed: {exc}"))

    @on(PreviewReady)
    def _preview_ready(self, message: PreviewReady) -> None:
        if not message.error:
            self.previews[message.name] = message.lines
        if message.name == self._highlighted():
            self._fill(message.name, message.lines, message.error)

    def _fill(self, name: str, lines: list[tuple[str, str]], note: str) -> None:
        self.preview_lines = list(lines)
        table = Table(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("figure", no_wrap=True, style="dim")
        table.add_column("value", ratio=1, overflow="fold")
        for label, text in lines:
            table.add_row(Text(label), Text(text))
        self.query_one("#reports-preview", Static).update(table)
        hint = note or "x or enter: export this report · F: open the reports folder"
        self.query_one("#reports-hint", Static).update(hint)

    # --- recent exports ----------------------------------------------------------------
    @book_worker("reports-recent")
    def _load_exports(self) -> None:
        self.post_message(ExportsLoaded(recent_exports(RECENT)))

    @on(ExportsLoaded)
    def _exports_loaded(self, message: ExportsLoaded) -> None:
        self.exports = message.exports
        self._show_exports()

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_exports)  # once the table has its new width

    def _show_exports(self) -> None:
        """The recent exports, each path shortened to the room the File column has (the
        folder gives way first, the file name stays whole: tui/short_path).  Below
        NARROW cells the Report column goes: the file name says which report it is."""
        table = self.query_one("#reports-recent", DataTable)
        if not table.size.width:  # not laid out yet: the paths need to know their room
            if self.is_current:
                self.set_timer(0.05, self._show_exports)
            return  # a screen that comes back loads its exports again
        columns = RECENT_COLUMNS if self.size.width >= NARROW else NARROW_RECENT_COLUMNS
        cursor = table.cursor_row
        # columns too (fill): DataTable.clear() keeps each column as wide as its widest
        # cell ever was (the "nothing exported yet" line would hold the File column open)
        if not self.exports:
            empty = {"Report" if "Report" in columns else "Of":
                     "Nothing exported yet: press x to write a workbook."}
            fill(table, columns, [tuple(empty.get(c, "") for c in columns)])
            return
        rows = [{"Written": dates_fmt.moment(e.created_at),
                 "Report": REPORTS[e.report].title if e.report in REPORTS else e.report,
                 "Of": e.period} for e in self.exports]
        # the other columns as wide as their widest cell, two cells of padding each, and
        # room for a scrollbar
        used = sum(max(len(c), *(len(row[c]) for row in rows)) + 2 for c in columns[:-1])
        room = max(FILE_MIN, table.size.width - used - 2 - table.scrollbar_size_vertical - 2)
        for e, row in zip(self.exports, rows, strict=True):
            gone = "" if e.exists else " (gone)"
            row["File"] = short_path(e.path, room - len(gone)) + gone
        fill(table, columns, [tuple(row[c] for c in columns) for row in rows],
             keys=[str(e.id) for e in self.exports])
        table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    @on(ExportWritten)
    def _written(self, message: ExportWritten) -> None:
        self._load_exports()

    @on(DataTable.RowSelected, "#reports-recent")
    @while_showing
    def _open_export(self, event: DataTable.RowSelected) -> None:
        chosen = next((e for e in self.exports if str(e.id) == event.row_key.value), None)
        if chosen is not None:
            self._open(Path(chosen.path))

    # --- actions -----------------------------------------------------------------------
    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(report=self._highlighted()))

    def action_open_folder(self) -> None:
        from amtui.reports.export import reports_folder

        self._open(reports_folder())

    def _open(self, path: Path) -> None:
        """Open a file or folder with the desktop's app; without one, say where it is."""
        if not path.exists():
            self.notify(f"{path} is no longer there", severity="warning")
            return
        opener = _opener()
        if opener is None:
            self.notify(f"{path}", title="No desktop opener here; the path is", timeout=10)
            return
        child = subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        # reap the opener when it exits (it hands the file to the desktop and quits)
        threading.Thread(target=child.wait, daemon=True).start()
        self.notify(open_command(path), title="Opening", timeout=4)

    def reload(self) -> None:
        self.previews.clear()
        self.building = None
        self._show(self._highlighted())
        self._load_exports()
