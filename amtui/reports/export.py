"""Exporting a report: what the CLI and the TUI's chooser both call.

`plan_export` turns what the rep typed (report, period, client, file) into an
`ExportJob`, refusing anything unknown with one line; `run_export` builds the report,
writes the workbook and records it for the Reports screen's list of recent exports.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NamedTuple

from amtui.core import book, clock
from amtui.core.errors import InvalidInput
from amtui.core.exports import record_export
from amtui.core.periods import Period, parse_period, quarter_of, year_of
from amtui.core.settings import get_settings
from amtui.files import lock_file_of, private_folder
from amtui.reports import ReportInfo, get_report
from amtui.reports.model import Progress

EMPTY_BOOK = ("This book has no clients yet, so there is nothing to report.\n"
              "Add clients in amtui (n on Clients) or with amtui import, then export again.")
BUILD_SHARE = 200  # of 1,000 progress steps: gathering figures; the rest is writing
# Young objects between two collections of the youngest generation while exporting
# (Python's default is 700).  A workbook's figures and cells are hundreds of thousands
# of tuples, none of them in a cycle: with the default the collector ran 661 times for
# the status workbook (0.22 s of 2.6 at 5,000 clients), with this 7 times (0.08 s).
EXPORT_GC_YOUNG = 50_000
_gc_lock = threading.Lock()
_gc_users = [0, None]  # exports under way, the thresholds before the first


class ExportJob(NamedTuple):
    info: ReportInfo
    period: Period | None
    client_id: int | None
    client_name: str
    path: Path
    today: date

    @property
    def label(self) -> str:
        """What the export is of: the period, the client or the day (recent exports)."""
        if self.period is not None:
            return self.period.label
        return self.client_name or self.today.isoformat()


def reports_folder() -> Path:
    """Where workbooks go by default: the configured reports folder, else the current one."""
    configured = get_settings().reports_dir
    if configured:
        folder = Path(configured).expanduser()
        try:
            private_folder(folder)  # 0700 even under umask 000: workbooks hold client data
        except OSError as exc:
            raise InvalidInput("reports_dir", f"can't use {exc.filename or folder} as the "
                               f"reports folder ({exc.strerror or exc}); change it with "
                               "amtui settings set reports_dir FOLDER") from None
        return folder
    return Path.cwd()


def default_period(info: ReportInfo, today: date | None = None) -> Period | None:
    today = today or clock.today()
    fsm = get_settings().fy_start_month
    if info.takes == "quarter":
        return quarter_of(today, fsm)
    if info.takes == "year":
        return year_of(today, fsm)
    return None


def resolve_period(info: ReportInfo, text: str | Period | None, today: date | None = None
                   ) -> Period | None:
    """The period a report is for: a quarter for quarterly, a fiscal year for the forecast
    (a month is taken as the quarter or year it falls in)."""
    if not info.takes_period:
        return None
    if text is None or (isinstance(text, str) and not text.strip()):
        return default_period(info, today)
    fsm = get_settings().fy_start_month
    period = text if isinstance(text, Period) else parse_period(text, fsm, today=today)
    if info.takes == "quarter":
        if period.kind == "year":
            raise InvalidInput("period", f"the {info.name} report is for a quarter, "
                               f"e.g. {quarter_of(period.end, fsm).label}; {period.label} is a year")
        return quarter_of(period.start, fsm) if period.kind == "month" else period
    return period if period.kind == "year" else year_of(period.start, fsm)


def _client(info: ReportInfo, client: str | int | None) -> tuple[int | None, str]:
    if not info.takes_client:
        return None, ""
    if client is None or (isinstance(client, str) and not client.strip()):
        raise InvalidInput("client", f"the {info.name} report is for one client; name it "
                           "with --client NAME")
    if isinstance(client, int):
        from amtui.core.clients import get_client

        record = get_client(client)
        return record.id, record.name
    from amtui.core.clients import find_client

    found = find_client(client)
    return found.id, found.name


# What reads as a file's type: a dot and one to four letters (.txt, .csv, .xls, .ods,
# .json).  A dot in a name such as `forecast.FY2027`, `q4.2026` or `Acme Inc. brief` is
# part of the name, and gets .xlsx after it.
_FILE_TYPE = re.compile(r"\.[A-Za-z]{1,4}")


class WorkbookOpen(InvalidInput):
    """The workbook to replace is open in another program: not replaced, forced or not
    (the CLI exits 3 for it, as for a busy book: run it again once it is closed)."""


def refuse_open_workbook(path: Path) -> None:
    """A workbook another program has open (its lock file beside it) is never replaced:
    on Windows that fails, on Linux the program goes on showing (and may save back) the
    old one."""
    lock = lock_file_of(path) if path.exists() else None
    if lock is not None:
        raise WorkbookOpen("file", f"{path} is open in another program (its lock file "
                           f"{lock.name} is beside it): close it there and try again, or delete "
                           "the lock file if nothing has it open; nothing was written")


def output_path(info: ReportInfo, output: str | Path | None, *, period: Period | None,
                client_name: str, today: date) -> Path:
    """The file to write: `output` (a file, or a folder for the default name), else the
    default name in the reports folder.  `.xlsx` is added when missing."""
    name = info.default_filename(period=period, client_name=client_name, today=today)
    if output is None or not str(output).strip():
        return reports_folder() / name
    text = str(output).strip()
    path = Path(text).expanduser()
    if path.is_dir():
        return path / name
    if text.endswith(("/", os.sep)):  # a folder that is not there (yet)
        raise InvalidInput("file", f"folder {path} does not exist")
    suffix = path.suffix
    if suffix.lower() != ".xlsx" and _FILE_TYPE.fullmatch(suffix):
        # `out.txt` became out.txt.xlsx, a name the rep never gave
        raise InvalidInput("file", f"'{text}' ends in {suffix}, not .xlsx: name the workbook "
                           f"{text[: -len(suffix)]}.xlsx, or give the name without {suffix}")
    if suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    if not path.parent.is_dir():
        what = "is a file, not a folder" if path.parent.exists() else "does not exist"
        raise InvalidInput("file", f"folder {path.parent} {what}")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise InvalidInput("file", f"{path} is not a plain file; choose another name")
    return path


def plan_export(report: str, *, period: str | Period | None = None,
                client: str | int | None = None, output: str | Path | None = None,
                today: date | None = None) -> ExportJob:
    """Check everything the rep asked for before any work is done."""
    today = today or clock.today()
    info = get_report(report)
    chosen = resolve_period(info, period, today)
    if period not in (None, "") and not info.takes_period:
        raise InvalidInput("period", f"the {info.name} report takes no period")
    client_id, client_name = _client(info, client)
    path = output_path(info, output, period=chosen, client_name=client_name, today=today)
    refuse_open_workbook(path)
    return ExportJob(info, chosen, client_id, client_name, path, today)


def _named(exc: Exception, path: Path) -> Exception:
    """The writer's error, as an OSError naming the workbook when it is one underneath
    (xlsxwriter wraps a full disk in FileCreateError with no file name), so the CLI and
    the Reports screen say which disk is full and that nothing was written."""
    for err in (exc, exc.__cause__, exc.__context__, *exc.args[:1]):
        if isinstance(err, OSError):
            return OSError(err.errno, err.strerror or str(err), str(path))
    return exc


@contextmanager
def fewer_collections():
    """The cyclic garbage collector's youngest generation collected every
    EXPORT_GC_YOUNG new objects instead of every 700 while an export runs (in the
    process: the TUI's too, for as long as its worker exports), then as before."""
    with _gc_lock:
        if not _gc_users[0]:
            _gc_users[1] = gc.get_threshold()
            young, *older = _gc_users[1]
            gc.set_threshold(max(young, EXPORT_GC_YOUNG), *older)
        _gc_users[0] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users[0] -= 1
            if not _gc_users[0]:
                gc.set_threshold(*_gc_users[1])


def run_export(job: ExportJob, *, force: bool = False, progress: Progress | None = None) -> Path:
    """Build the report, write the workbook (never over a file unless `force`), record it."""
    from amtui.reports.xlsx import write_workbook  # xlsxwriter: only when exporting

    refuse_open_workbook(job.path)  # opened there since the job was planned (a dialog's wait)
    if job.path.exists() and not force:
        raise InvalidInput("file", f"{job.path} already exists; use --force to replace it")

    def building(done: int, total: int) -> None:
        if progress:
            progress(BUILD_SHARE * done // max(total, 1), 1000)

    def writing(done: int, total: int) -> None:
        if progress:
            progress(BUILD_SHARE + (1000 - BUILD_SHARE) * done // max(total, 1), 1000)

    with fewer_collections():
        report = job.info.build(period=job.period, client=job.client_id, today=job.today,
                                progress=building)
        if book.is_empty():  # its zeros and empty tables are not news: say why
            report.notice = EMPTY_BOOK
        try:
            # unforced, a workbook another export wrote meanwhile (a second window) is
            # kept: the check above was made before the minutes of building
            write_workbook(report, job.path, progress=writing, replace=force)
        except FileExistsError:
            raise InvalidInput("file", f"{job.path} was written meanwhile (another window's "
                               "export?); it is kept: export again to replace it") from None
        except Exception as exc:
            raise _named(exc, job.path) from None
    record_export(job.info.name, job.label, job.path)
    return job.path
