"""`amtui export REPORT`: write a report workbook and print its path."""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from amtui.cli.argv import path_argument
from amtui.cli.common import CliError, db_parent, open_book

# The registry lives in amtui.reports; repeated here as text so `amtui --help` stays
# fast (the CLI start-up path imports no report code).
REPORT_HELP = (
    "status (every active client), quarterly (a quarter's results), forecast (the fiscal "
    "year's forecast), brief (one client, with --client), commission (your commission "
    "statement for a quarter), book (every record)"
)
EXAMPLES = """examples:
  amtui export status
  amtui export quarterly --period 2026-Q3
  amtui export forecast --period FY2027 -o ~/Desktop/forecast.xlsx
  amtui export brief --client acme
  amtui export commission --period 2026-Q4
  amtui export book --format csv -o ~/book-csv

Workbooks go to the reports folder (`amtui settings set reports_dir ~/Reports`), or the
current folder when none is set; an existing file is replaced only with --force."""


def register(sub) -> None:
    parser = sub.add_parser(
        "export",
        parents=[db_parent()],
        help="write a report workbook (status, quarterly, forecast, brief, commission, book)",
        description="Write a report as an Excel workbook and print the path written.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("report", metavar="REPORT", help=REPORT_HELP)
    parser.add_argument("--period", metavar="PERIOD",
                        help="quarterly, commission: a quarter (default this one); forecast: a fiscal "
                        "year (default this one), e.g. 2026-Q4, last quarter, FY2027")
    parser.add_argument("--client", metavar="NAME", help="brief: the client, by name or its start")
    parser.add_argument("-o", "--output", metavar="FILE", type=path_argument,
                        help="the file to write (or a folder for the default name)")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx",
                        help="csv: the book report only, one CSV file per record kind in "
                        "the folder given with -o (a new or empty folder; --force replaces "
                        "an earlier book export)")
    parser.set_defaults(handler=run)


def _progress():
    """A percentage on stderr while a big workbook is written, when it is a terminal."""
    if not sys.stderr.isatty():
        return None
    from amtui.cli.output import raw_stream

    err = raw_stream(sys.stderr)  # our own \r and erase-line, past the printable filter
    shown = [-1]

    def show(done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent != shown[0]:
            shown[0] = percent
            err.write(f"\rwriting… {percent}%")
            err.flush()
            if done >= total:
                err.write("\r\033[K")

    return show


def _export_csv(args) -> int:
    from amtui.core import clock
    from amtui.core.exports import record_export
    from amtui.reports import get_report
    from amtui.reports.export import reports_folder

    if get_report(args.report).name != "book":
        raise CliError("--format csv is for the book report only")
    if args.period or args.client:
        raise CliError("the book report takes no --period or --client")
    folder = Path(args.output).expanduser() if args.output else (
        reports_folder() / f"book-{clock.today().isoformat()}"
    )
    from amtui.importers.book_csv import export_book_csv

    # written whole into a private folder beside it, then renamed into place
    written = export_book_csv(folder, force=args.force)
    record_export("book", "csv", folder)
    for path in written:
        print(path)
    return 0


@contextmanager
def _no_collector():
    """The cyclic garbage collector off while a one-shot export runs: it would only walk
    the figures and cells being built (the garbage an export leaves is its workbook and
    sheets, one cycle, let go at the end), 20-60 ms of a report's CPU at 5,000 clients
    (the TUI's exports collect less often instead: `fewer_collections`)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# What reads as a file's type: a dot and one to four letters (.txt, .csv, .xls, .ods,
# .json).  A dot in a name such as `forecast.FY2027`, `q4.2026` or `Acme Inc. brief` is
# part of the name, and gets .xlsx after it.
_FILE_TYPE = re.compile(r"\.[A-Za-z]{1,4}")


def _check_workbook_name(output: str | None) -> None:
    """`-o out.txt` wrote out.txt.xlsx, a name the rep didn't give: a name ending in
    another file type is refused (naming the one it takes); a name with none gets .xlsx
    (reports.export.output_path)."""
    text = (output or "").strip()
    if not text or text.endswith(("/", os.sep)) or Path(text).expanduser().is_dir():
        return  # the default name, in the reports folder or the folder given
    suffix = Path(text).suffix
    if suffix.lower() != ".xlsx" and _FILE_TYPE.fullmatch(suffix):
        raise CliError(f"-o: '{text}' ends in {suffix}, not .xlsx: name the workbook "
                       f"{text[: -len(suffix)]}.xlsx, or give the name without {suffix}")


def _refuse_open_workbook(path: Path) -> None:
    """A workbook open in another program is not replaced, --force or not: exit 3, as for
    a busy book (close it there, then run the command again)."""
    from amtui.files import lock_file_of

    lock = lock_file_of(path) if path.exists() else None
    if lock is not None:
        raise CliError(f"{path} is open in another program (its lock file {lock.name} is beside "
                       "it): close it there and try again, or delete the lock file if nothing "
                       "has it open; nothing was written", code=3)


def run(args) -> int:
    with _no_collector():
        open_book(args, create=False)
        if args.format == "csv":
            return _export_csv(args)
        from amtui.reports.export import plan_export, run_export

        _check_workbook_name(args.output)
        job = plan_export(args.report, period=args.period, client=args.client, output=args.output)
        _refuse_open_workbook(job.path)
        path = run_export(job, force=args.force, progress=_progress())
    print(path)
    return 0
