"""`amtui import FILE...`: bring clients, contacts, deals and activity in from CSV or
Excel files (another CRM's export, the rep's own sheet) or folders of them, such as the
folder `amtui export book --format csv` writes; several files are one all-or-nothing run.

Prints what it read, the kind, each column's field, then what was (or, with --dry-run,
would be) new, updated and unchanged.  Invalid rows: nothing is written, the rows are
listed on stderr with line, column and reason, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from amtui.cli.argv import path_argument
from amtui.cli.common import db_parent, open_book
from amtui.importers.kinds import KINDS  # field lists only: no file reading, no openpyxl

KIND_HELP = ", ".join(KINDS) + " (deals are opportunities)"


def _fields_epilog() -> str:
    lines = ["fields for --map, by kind (also the headers amtui export book --format csv writes):"]
    for kind in KINDS.values():
        text = f"{kind.name}: {', '.join(kind.field_names)}"
        lines += textwrap.wrap(text, 88, initial_indent="  ", subsequent_indent="      ")
    lines.append("")
    lines.append('example: amtui import kunden.csv --map "Kunde=client" --map "Umsatz=amount" --map "Intern="')
    return "\n".join(lines)


def register(sub) -> None:
    p = sub.add_parser(
        "import",
        parents=[db_parent()],
        help="import clients, deals or activity from CSV or Excel files",
        description="Import CSV or .xlsx files: exports from Salesforce, HubSpot or Pipedrive, "
        "or your own spreadsheets.  The kind of records is told from the headers; rows that "
        "match a record already in the book update it, so importing twice never duplicates.  "
        "Several files (data/*.csv) are imported in dependency order (clients, products, "
        "contacts, deals, activity) in one run.  All or nothing: if any row of any file is "
        "invalid, nothing is written.  A FILE may also be a folder, such as the one "
        "`amtui export book --format csv` writes: into an empty book that folder comes back "
        "record for record, ids and all; into a book with records of its own, its rows are "
        "matched by name and its settings, stages, stage history and comp plans are skipped.",
        epilog=_fields_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", type=path_argument, help="a .csv or .xlsx file, or a folder of them")
    p.add_argument("--kind", metavar="KIND", help=f"what the rows are (one FILE only): {KIND_HELP}")
    p.add_argument(
        "--map", action="append", metavar='"HEADER=FIELD"', default=[],
        help='read the column HEADER as FIELD (repeat it; one FILE only); "HEADER=" ignores the column',
    )
    p.add_argument("--sheet", metavar="NAME", help="the workbook sheet to read (one FILE only; default: the first)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    p.add_argument(
        "--no-create", action="store_true",
        help="refuse rows naming a client, product or contact the book doesn't have (default: create them)",
    )
    p.add_argument(
        "--date-format", choices=("dmy", "mdy"),
        help="day/month order of dates like 03/04/2026: dmy (27/11/2026) or mdy (11/27/2026)",
    )
    p.set_defaults(handler=run_import)


def _rows(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


def _print_columns(columns, out) -> None:
    width = min(max((len(c.header) for c in columns), default=0), 36)
    for c in columns:
        target = f"-> {c.field}" if c.field else "   ignored"
        note = f"  ({c.note})" if c.note else ""
        print(f"  {c.header[:36]:<{width}}  {target}{note}", file=out)


def print_result(result, out=None, err=None) -> None:
    out, err = out or sys.stdout, err or sys.stderr
    folder = len(result.files) > 1 or result.path.is_dir()
    for report in result.files:
        how = "told from the headers" if report.detected else "as given"
        if folder:
            print(f"{report.path.name}: {report.kind}, {_rows(report.rows)}", file=out)
            ignored = [c for c in report.columns if not c.field]
            if ignored:
                print(f"  ignored: {', '.join(c.header for c in ignored)}", file=out)
            continue
        print(f"Read {report.path.name} ({report.source}): {_rows(report.rows)}", file=out)
        print(f"Kind: {report.kind} ({how})", file=out)
        print("Columns:", file=out)
        _print_columns(report.columns, out)
    for note in result.notes:
        print(f"Note: {note}", file=out)
    if not result.ok:
        what = "would be imported" if result.dry_run else "was imported"
        print(f"{result.error_count} problem{'s' if result.error_count != 1 else ''}; nothing {what}:", file=err)
        for error in result.errors:
            print(f"  {error}", file=err)
        if result.error_count > len(result.errors):
            print(f"  ... and {result.error_count - len(result.errors)} more", file=err)
        if result.date_format_needed:
            print("Rerun with --date-format dmy or --date-format mdy.", file=err)
        return
    for line in result.summary():
        print(line, file=out)
    if result.dry_run:
        print("Dry run: nothing was written.", file=out)
    else:
        print(f"Imported in {result.seconds:.1f} s.", file=out)


def run_import(args: argparse.Namespace) -> int:
    from amtui.core.change_labels import imported

    # a dry run writes nothing; an import is one undoable change
    open_book(args, snapshot=not args.dry_run,
              change=None if args.dry_run else imported(args.files))
    from amtui.importers.run import import_files  # the importers load only for this command

    result = import_files(
        args.files,
        kind=args.kind,
        mapping=args.map,
        sheet=args.sheet,
        dry_run=args.dry_run,
        create_clients=not args.no_create,
        date_format=args.date_format,
    )
    print_result(result)
    return 0 if result.ok else 1
