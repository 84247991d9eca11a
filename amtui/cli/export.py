"""`amtui export REPORT`: write a report workbook and print its path."""

from __future__ import annotations

import argparse
import gc
import sys
from contextlib import contextmanager
from pathlib import Path

from amtui.cli.argv import path_argument
from amtui.cli.common import CliError, db_parent, open_book, options_named

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


def run(args) -> int:
    with _no_collector():
        open_book(args, create=False)
        if args.format == "csv":
            return _export_csv(args)
        from amtui.reports.export import WorkbookOpen, plan_export, run_export

        with options_named({"file": "-o"}):
            try:
                job = plan_export(args.report, period=args.period, client=args.client,
                                  output=args.output)
                path = run_export(job, force=args.force, progress=_progress())
            except WorkbookOpen as exc:  # busy, not wrong: run it again once it is closed
                raise CliError(exc.reason, code=3) from None
    print(path)
    return 0
