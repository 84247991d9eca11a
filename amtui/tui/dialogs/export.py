"""The report chooser (`x`): which report, for which period or client, into which file.

The fields follow the report: a period for the quarterly results and the forecast, a
client for the brief.  The file name follows them too (`quarterly-2026-Q4.xlsx` in the
reports folder) until the rep types their own.  `ctrl+s` (or enter) writes the workbook
in a thread worker with a progress bar; `escape` while it runs hides the dialog and the
export carries on; a note with the file, its folder and where to open it comes when done.
"""

from __future__ import annotations

import re
import shlex
import sys
from functools import partial
from pathlib import Path
from typing import NamedTuple

from textual import on
from textual.message import Message
from textual.widgets import Button, ProgressBar, Static

from amtui.core import clock
from amtui.core.errors import InvalidInput, NotFound
from amtui.reports import REPORTS, get_report
from amtui.reports.export import (
    ExportJob,
    default_period,
    plan_export,
    refuse_open_workbook,
    resolve_period,
)
from amtui.reports.export import output_path as export_path
from amtui.tui.actions import bindings
from amtui.tui.dialogs.confirm import ConfirmDialog
from amtui.tui.dialogs.form import FormField, FormScreen
from amtui.tui.errors import STORAGE_ERRORS, refusal
from amtui.tui.safe import SafeStatic


class ExportProgress(Message):
    def __init__(self, done: int, total: int):
        super().__init__()
        self.done, self.total = done, total


class ExportWritten(Message):
    """Posted to the screen in front when a workbook is written (the Reports screen
    refreshes its list of recent exports)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path


def open_command(path: Path | str) -> str:
    """The shell command that opens a file or folder with the desktop's own app."""
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    return f"{opener} {shlex.quote(str(path))}"


def fit_path(text: str, width: int) -> list[str]:
    """`text` (a file name or a folder) in lines of at most `width`, broken only after a
    `/`, `-`, `_` or `.`, and never inside a date (2026-12-05): a word cut in two can't
    be read or copied, and the note's own wrapping breaks at spaces only."""
    lines = [""]
    for piece in re.findall(r"(?:\d+-)+\d+[/\-_.]*|[^/\-_.]+[/\-_.]*|[/\-_.]+", text):
        while len(piece) > width:  # one piece longer than a line: cut, as there's no other way
            if lines[-1]:
                lines.append("")
            lines[-1], piece = piece[:width], piece[width:]
            lines.append("")
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return [line for line in lines if line] or [""]


def written_note(path: Path, width: int) -> str:
    """The note when a workbook is written: its name on its own line(s), then its
    folder, each fitted to the note's `width`; then where to open it in the app."""
    name = "\n".join(fit_path(path.name, width))
    folder = "\n".join(fit_path(f"in {path.parent}", width))
    return f"{name}\n{folder}\nOpen it: Reports (5), enter on it under Recent exports."


def note_width(screen_width: int) -> int:
    """The text width of a note (Textual's Toast: 60 wide, at most half the screen,
    one column of padding each side and a one-column border on the left)."""
    return min(60, screen_width // 2) - 3


class ChosenClient(NamedTuple):
    """The client the Client field names: its id for the export, its name for the file."""

    id: int
    name: str


def _client(text: str) -> ChosenClient:
    from amtui.core.clients import find_client

    try:
        found = find_client(text)
    except NotFound as exc:
        raise InvalidInput("client", str(exc).removeprefix("client: ")) from None
    return ChosenClient(found.id, found.name)


def _file_note(path: Path) -> str:
    if path.is_file():
        return f"{path.name} exists: you will be asked before it is replaced."
    return f"A new workbook, {path.name}, in {path.parent}"


class ExportDialog(FormScreen):
    BINDINGS = bindings("export")

    def __init__(self, report: str | None = None, client_id: int | None = None):
        self.today = clock.today()
        info = get_report(report or "status")
        client_name = ""
        if client_id is not None:
            from amtui.core.clients import get_client

            client_name = get_client(client_id).name
        period = default_period(info, self.today)
        fields = [
            FormField("report", "Report", kind="choice", value=info.name, allow_blank=False,
                      choices=[(i.title, i.name) for i in REPORTS.values()]),
            FormField("period", "Period", value=period.label if period else "",
                      parse=self._period, describe=lambda p: f"{p.label}: {p.span()}",
                      placeholder="2026-Q4, last quarter, FY2027"),
            FormField("client", "Client", value=client_name, parse=_client,
                      describe=lambda c: c.name, placeholder="the client's name, or its start"),
            FormField("file", "File", value="", placeholder="a file, or a folder for the default name",
                      parse=self._file, describe=_file_note,
                      hint="Workbooks go to the reports folder (settings: reports_dir), "
                      "else the current folder."),
        ]
        super().__init__("Export a report", fields, submit_label="Export",
                         intro=info.description)
        self.auto_file = ""  # the default file name last filled in
        self.running = False
        self.chosen = report is not None  # opened for a report: start past the choice

    # --- the fields follow the report ---------------------------------------------------
    def _info(self):
        return get_report(self._raw(self.fields[0]) or "status")

    def _period(self, text: str):
        return resolve_period(self._info(), text, self.today)

    def _file(self, text: str | None) -> Path:
        """The very file ctrl+s writes, worked out as the export does (a folder: the
        default name in it; no type: .xlsx added; another type: refused)."""
        try:
            period = self._value(self.fields[1])
            client = self._value(self.fields[2])
        except InvalidInput:  # that field says so; the name is the best guess till then
            period, client = default_period(self._info(), self.today), None
        path = export_path(self._info(), text, period=period,
                           client_name=client.name if client else "", today=self.today)
        refuse_open_workbook(path)
        return path

    def on_mount(self) -> None:
        form = self.query_one("#form")
        bar = ProgressBar(total=1000, show_eta=False, id="export-progress")
        status = SafeStatic("", id="export-status")
        bar.display = status.display = False  # shown while an export runs: till then the fields have the room
        # what ctrl+s writes, always in sight: at 80x24 the period and the file scroll
        # below the report, and a workbook went where the rep never saw
        plan = SafeStatic("", id="export-plan")
        form.mount(status, bar, plan, before=self.query_one(".form-buttons"))
        super().on_mount()
        self._follow_report(fill_period=False)
        if self.chosen:
            # the report is already chosen: focus what is left to type, so enter exports
            wanted = next((f for f in self.fields[1:] if self._applies(f.name)
                           and not str(self._raw(f) or "").strip()), None)
            target = self.query_one(f"#field-{(wanted or self.fields[3]).name}")
            self.call_after_refresh(target.focus)  # after the screen's own auto-focus
        self._show_plan()

    def _applies(self, name: str) -> bool:
        info = self._info()
        return {"period": info.takes_period, "client": info.takes_client}.get(name, True)

    def _follow_report(self, *, fill_period: bool) -> None:
        info = self._info()
        labels = list(self.query(".form-label"))
        for label, f in zip(labels, self.fields, strict=True):
            shown = self._applies(f.name)
            for widget in (label, self.query_one(f"#field-{f.name}"), self.query_one(f"#hint-{f.name}")):
                widget.display = shown
        intro = self.query(".form-intro")
        if intro:
            intro.first().update(info.description)
        if fill_period and info.takes_period:
            period = default_period(info, self.today)
            self.set_field("period", period.label if period else "")
        self._fill_file()

    def _fill_file(self) -> None:
        """Keep the default file name in step, unless the rep typed their own.  While the
        period or the client is missing or wrong there is no default name: the field is
        emptied rather than left naming another report's (or period's) file."""
        current = str(self._raw(self.fields[3]) or "")
        if current and current != self.auto_file:
            return
        try:
            values = {f.name: self._value(f) for f in self.fields[:3]}
        except InvalidInput:
            path = None
        else:
            client = values.get("client")
            path = export_path(self._info(), None, period=values.get("period"),
                               client_name=client.name if client else "", today=self.today)
        self.auto_file = str(path) if path else ""
        if current != self.auto_file:
            self.set_field("file", self.auto_file)

    def on_field_changed(self, name: str) -> None:
        if name == "report":
            self._follow_report(fill_period=True)
        elif name in ("period", "client"):
            self._fill_file()
        if name != "file":  # a folder's default name follows the report, period and client
            self._check(self.fields[3])
        self._show_plan()

    def _show_plan(self) -> None:
        """"Writes FILE (2026-Q4)" above the buttons, as the fields stand now: the file
        ctrl+s writes, worked out by the same function, and what was understood from the
        period and client fields (the client's name, not the letters typed)."""
        plans = self.query("#export-plan")
        if not plans:
            return  # not mounted yet: on_mount shows it
        plans.first().update(self._plan())
        self.call_after_refresh(self._fit_fields)  # the line's height, and the intro's

    def _plan(self) -> str:
        understood = []
        for f in self.fields[1:3]:
            try:
                value = self._value(f)
            except InvalidInput as exc:  # say what's missing, not a file it won't write
                # its first clause: the field's own hint has the rest (the forms to write)
                return f"Writes nothing yet: {exc.reason.split(';')[0]}"
            if value is not None:
                understood.append(value.label if f.name == "period" else value.name)
        try:
            target = str(self._file(str(self._raw(self.fields[3]) or "").strip() or None))
        except (InvalidInput, NotFound):
            return "Writes nothing yet: see the File field"
        about = f" ({', '.join(understood)})" if understood else ""
        return f"Writes {target}{about}"

    def _value(self, f: FormField):
        if not self._applies(f.name):
            return None
        if f.name in ("period", "client") and not str(self._raw(f) or "").strip():
            what = "a period, e.g. 2026-Q4" if f.name == "period" else "the client"
            raise InvalidInput(f.label, f"give {what}")
        return super()._value(f)

    # --- exporting ----------------------------------------------------------------------
    def action_save(self) -> None:
        if self.running:
            return
        values = self.values()
        if values is None:
            self.app.bell()
            return
        client = values.get("client")
        try:
            job = plan_export(values["report"], period=values.get("period"),
                              client=client.id if client else None,
                              output=str(self._raw(self.fields[3]) or "").strip() or None,
                              today=self.today)
        except (InvalidInput, NotFound) as exc:
            self.notify(str(exc), severity="error")
            return
        if job.path.exists():
            self.app.push_screen(
                ConfirmDialog("Replace the file?", f"{job.path} already exists.",
                              yes="Replace", no="Keep it"),
                lambda yes: self._start(job, force=True) if yes else None,
            )
            return
        self._start(job, force=False)

    def _start(self, job: ExportJob, *, force: bool) -> None:
        self.running = True
        self.query_one("#export-progress", ProgressBar).update(progress=0)
        self.show_writing(job.path.name)
        # on the app, not this dialog: hiding the dialog must not stop the export
        self.app.run_worker(partial(self._export, job, force), thread=True, group="export",
                            exit_on_error=False, description=f"export {job.path.name}")

    def show_writing(self, name: str | None) -> None:
        """While workbook `name` is written, its progress in place of the fields (which
        can't change then: on a short terminal the two would not fit with the buttons);
        None: the fields again, as they were typed."""
        writing = name is not None
        self.query_one("#form-save", Button).disabled = writing
        self.query_one(".form-fields").display = not writing
        self.query_one("#export-progress").display = writing
        status = self.query_one("#export-status", Static)
        status.display = writing
        status.update(f"Writing {name}… escape hides this; the export carries on." if writing else "")

    def _export(self, job: ExportJob, force: bool) -> None:
        """In a thread worker: build and write the workbook; report back to the app."""
        from amtui.reports.export import run_export

        shown = [-1]

        def progress(done: int, total: int) -> None:
            permille = 1000 * done // max(total, 1)
            if permille // 10 != shown[0]:  # a message per percent, not per row
                shown[0] = permille // 10
                self.post_message(ExportProgress(permille, 1000))

        try:
            path = run_export(job, force=force, progress=progress)
        except (InvalidInput, NotFound, OSError) as exc:  # OSError: the workbook's file
            self.app.call_from_thread(self._failed, str(exc))
        except STORAGE_ERRORS as exc:  # the book busy or damaged
            self.app.call_from_thread(self._failed, refusal(exc))
        else:
            self.app.call_from_thread(self._finished, path)

    @on(ExportProgress)
    def _progress(self, message: ExportProgress) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=message.total,
                                                               progress=message.done)

    def _finished(self, path: Path) -> None:
        self.running = False
        self.app.notify(written_note(path, note_width(self.app.size.width)), title="Workbook written",
                        timeout=12, markup=False)
        if self.is_attached:
            self.dismiss(path)
        self.app.screen.post_message(ExportWritten(path))

    def _failed(self, error: str) -> None:
        self.running = False
        self.app.notify(f"Export failed: {error}", severity="error", timeout=12)
        if self.is_attached:
            self.show_writing(None)

    def action_cancel(self) -> None:
        if self.running:
            self.app.notify("The export carries on; a note comes when it is written.",
                            timeout=5)
        self.dismiss(None)
