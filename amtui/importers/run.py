"""`import_files`: CSV or Excel files (or folders of amtui's own CSVs) into the book.

All or nothing, across every file given.  The first pass reads and converts every row and touches no record; if
any row is invalid, nothing is written and the result lists the bad rows (line, column,
reason).  The second pass loads the existing records once, matches every row, and writes
the whole file in ONE transaction, in multi-row batches.  A dry run stops before
writing and reports the same summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import IntegrityError

from amtui.core.errors import InvalidInput
from amtui.core.settings import get_settings
from amtui.core.stages import stages
from amtui.importers.activity_writers import FollowUpWriter, InteractionWriter, IssueWriter
from amtui.importers.book_format import BOOK_ONLY, book_file_of
from amtui.importers.deal_values import StageMatcher
from amtui.importers.deal_writer import DealWriter
from amtui.importers.detect import describe_missing, detect_kind
from amtui.importers.files import expand
from amtui.importers.finishing import FINISH
from amtui.importers.headers import Mapping, map_headers, norm, parse_overrides
from amtui.importers.kinds import KIND_NAMES, KINDS, Kind, kind_named
from amtui.importers.reading import Table, read_table
from amtui.importers.refs import Refs
from amtui.importers.restore import BookTable, book_is_empty, read_book, write_book
from amtui.importers.rows import Context, Row, RowError, convert_rows, settle_dates, settle_percents
from amtui.importers.writers import (
    ClientWriter,
    CommitmentWriter,
    ContactWriter,
    Counts,
    HoldingWriter,
    ProductWriter,
    QuotaWriter,
)
from amtui.models import database

MAX_ERRORS = 50
WRITERS = {
    "clients": ClientWriter, "contacts": ContactWriter, "products": ProductWriter,
    "holdings": HoldingWriter, "opportunities": DealWriter, "interactions": InteractionWriter,
    "followups": FollowUpWriter, "issues": IssueWriter, "quotas": QuotaWriter,
    "commitments": CommitmentWriter,
}
_CURRENCY_HEADERS = {norm(h) for h in ("currency", "currency of value", "deal - currency of value",
                                        "currency iso code", "opportunity currency", "amount currency")}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ColumnMap:
    header: str
    field: str | None  # None: ignored
    note: str = ""


@dataclass
class FileReport:
    path: Path
    kind: str
    detected: bool  # told from the headers (False: the rep named it)
    source: str  # "UTF-8, comma separated"
    columns: list[ColumnMap]
    rows: int
    counts: Counts = field(default_factory=Counts)


@dataclass
class ImportResult:
    path: Path
    files: list[FileReport]
    counts: dict[str, Counts]  # per kind
    created: dict[str, int]  # records a row named that the book lacked: clients, products, contacts
    errors: list[RowError]  # the first MAX_ERRORS
    error_count: int
    dry_run: bool
    written: bool
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    date_format_needed: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def kind(self) -> str:
        return self.files[0].kind if self.files else ""

    def summary(self) -> list[str]:
        """The lines the CLI prints and the TUI shows: counts per kind, then creations;
        a dry run says what would happen."""
        if self.dry_run:
            lines = [
                f"{kind}: would add {c.new}, update {c.updated}, leave {c.unchanged} unchanged"
                for kind, c in self.counts.items()
            ]
        else:
            lines = [
                f"{kind}: {c.new} new, {c.updated} updated, {c.unchanged} unchanged"
                for kind, c in self.counts.items()
            ]
        verb = "would create" if self.dry_run else "created"
        lines += [f"{verb} {_many(n, what)} named in the rows" for what, n in self.created.items() if n]
        return lines


def _many(n: int, plural: str) -> str:
    return f"{n} {plural.removesuffix('s') if n == 1 else plural}"


@dataclass
class _Prepared:
    path: Path
    table: Table
    kind: Kind
    mapping: Mapping
    detected: bool
    ctx: Context
    rows: list[Row]
    errors: list[RowError]
    notes: list[str]
    ambiguous: bool


class _Rollback(Exception):
    """Leaves a transaction without writing (a dry run of a folder, or refused rows)."""


def _pairs(mapping) -> list[str]:
    """{their header: field} or ["Their header=field"] -> ["Their header=field"]."""
    if not mapping:
        return []
    if isinstance(mapping, dict):
        return [f"{header}={field or ''}" for header, field in mapping.items()]
    return list(mapping)


def _choose_kind(table: Table, kind, mapping) -> tuple[Kind, Mapping, bool]:
    pairs = _pairs(mapping)
    if kind:
        chosen = kind if isinstance(kind, Kind) else kind_named(kind)
        return chosen, map_headers(table.headers, chosen, parse_overrides(pairs, chosen)), False
    found, columns = detect_kind(table.headers, pairs)
    return found, columns, True


def _currency_note(table: Table, mapping: Mapping) -> list[str]:
    book = get_settings().currency
    indexes = [c.index for c in mapping.columns if norm(c.header) in _CURRENCY_HEADERS]
    seen = {str(cells[i]).strip().upper() for _l, cells in table.rows for i in indexes if cells[i]}
    others = sorted(seen - {book, ""})
    if not others:
        return []
    return [f"amounts are read as {book}, the book's currency; the file also names {', '.join(others)}"]


def prepare(path: Path, *, kind=None, mapping=None, sheet=None, date_format=None,
            progress: Progress | None = None, table: Table | None = None) -> _Prepared:
    """The first pass: read (unless `table` was), choose the kind, map the columns,
    convert every row."""
    if date_format and date_format not in ("dmy", "mdy"):
        raise InvalidInput("--date-format", f"'{date_format}' is not dmy or mdy")
    if table is None:
        table = read_table(path, sheet=sheet)
    if not table.headers:
        raise InvalidInput("file", f"{path.name} has no header row")
    chosen, columns, detected = _choose_kind(table, kind, mapping)
    if columns.missing():
        shown = ", ".join(h for h in table.headers if h) or "none"
        raise InvalidInput(
            "columns",
            f"{path.name}: importing {chosen.name} needs a column for {describe_missing(columns)} "
            f"(columns: {shown}); name it with --map \"Their header=field\"",
        )
    order, date_errors = settle_dates(table, columns, date_format)
    ctx = Context(chosen.name, order.order, StageMatcher(stages()), get_settings().fy_start_month,
                  fractions=settle_percents(table, columns))
    if order.ambiguous:
        ctx.order = "mdy"  # any order reads these rows; check the rest, report the choice once
    total = 2 * len(table.rows) or 1  # converting is about half the work, writing the rest
    tick = (lambda done: progress(done, total)) if progress else None
    rows, errors = convert_rows(table, columns, ctx, FINISH.get(chosen.name), tick)
    if progress:
        progress(len(table.rows), total)
    return _Prepared(path, table, chosen, columns, detected, ctx, rows, date_errors + errors,
                     _currency_note(table, columns), bool(order.ambiguous))


def _report(p: _Prepared) -> FileReport:
    columns = [ColumnMap(c.header, c.field, c.note) for c in p.mapping.columns]
    return FileReport(p.path, p.kind.name, p.detected, p.table.source, columns, len(p.table.rows))


def _plan(p: _Prepared, create: bool) -> tuple[Refs, object]:
    refs = Refs(create=create)
    writer = WRITERS[p.kind.name](refs, p.ctx)
    writer.plan(p.rows)
    return refs, writer


def _file_label(p: _Prepared, several: bool) -> str:
    return p.path.name if several else ""


def import_file(path: Path | str, **options) -> ImportResult:
    """Import one file, or a folder of amtui's own CSVs; see import_files."""
    return import_files([path], **options)


def import_files(
    paths: list[Path | str],
    *,
    kind: str | None = None,
    mapping=None,
    sheet: str | None = None,
    dry_run: bool = False,
    create_clients: bool = True,
    date_format: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import several files (and folders of files) in one all-or-nothing run, in
    dependency order: clients before contacts before deals before what names a deal.
    `mapping` is {their header: field} or ["Their header=field"]; it, `kind` and
    `sheet` are for a single file.

    amtui's own book export into an empty book is restored record for record, ids and
    all (restore.py); anywhere else rows are matched on names (writers.py)."""
    started = time.perf_counter()
    given = [Path(p).expanduser() for p in paths]
    files = expand(given)
    if len(files) > 1 and (kind or mapping or sheet):
        option = "--kind" if kind else "--map" if mapping else "--sheet"
        raise InvalidInput(option, "is for one file; import the files one at a time")
    if date_format and date_format not in ("dmy", "mdy"):
        raise InvalidInput("--date-format", f"'{date_format}' is not dmy or mdy")
    tables = [read_table(f, sheet=sheet) for f in files]
    ours = [book_file_of(f.stem, t.headers) if f.suffix.lower() == ".csv" else None
            for f, t in zip(files, tables, strict=True)]
    if all(ours) and not (kind or mapping) and book_is_empty():
        result = _restore(given[0], files, tables, ours, dry_run, progress)
    else:
        result = _import(given[0], files, tables, ours, kind=kind, mapping=mapping,
                         dry_run=dry_run, create=create_clients, date_format=date_format,
                         progress=progress)
    if progress:
        total = 2 * sum(len(t.rows) for t in tables) or 1
        progress(total, total)
    result.seconds = time.perf_counter() - started
    return result


def _import(path, files, tables, ours, *, kind, mapping, dry_run, create, date_format, progress) -> ImportResult:
    notes = []
    skipped = [f.name for f, b in zip(files, ours, strict=True) if b is not None and b.name in BOOK_ONLY]
    if any(b is not None and b.has_id for b in ours):
        notes.append("these are amtui's own files, but the book already has records: rows were "
                     "matched by name and their ids ignored (import them into an empty book to "
                     "bring every record across as it was)")
    if skipped:
        notes.append(f"{', '.join(skipped)}: read only into an empty book; skipped")
    todo = [(f, t, b) for f, t, b in zip(files, tables, ours, strict=True)
            if b is None or b.name not in BOOK_ONLY]
    if not todo:
        raise InvalidInput("file", f"nothing to import here but {', '.join(skipped)}, "
                                   "which only an empty book reads")
    prepared = [
        prepare(f, kind=KINDS[b.name] if b is not None else kind, mapping=mapping,
                date_format=date_format, progress=progress, table=t)
        for f, t, b in todo
    ]
    # dependency order; a stable sort keeps files of one kind in the order given
    prepared.sort(key=lambda p: KIND_NAMES.index(p.kind.name))
    several = len(prepared) > 1
    reports = [_report(p) for p in prepared]
    errors = [
        RowError(e.line, e.column, e.reason, _file_label(p, several)) for p in prepared for e in p.errors
    ]
    notes += [n for p in prepared for n in p.notes]
    result = ImportResult(path, reports, {}, {}, errors[:MAX_ERRORS], len(errors), dry_run, False,
                          notes=notes, date_format_needed=any(p.ambiguous for p in prepared))
    if not errors:
        _write(prepared, reports, result, create, dry_run, several)
    return result


def _write(prepared, reports, result: ImportResult, create: bool, dry_run: bool, several: bool) -> None:
    created: dict[str, int] = {"clients": 0, "products": 0, "contacts": 0}

    def run() -> None:
        for p, report in zip(prepared, reports, strict=True):
            refs, writer = _plan(p, create)
            if refs.errors:
                bad = [RowError(e.line, e.column, e.reason, _file_label(p, several)) for e in refs.errors]
                result.errors, result.error_count = bad[:MAX_ERRORS], len(bad)
                raise _Rollback
            for what, n in refs.pending_counts().items():
                created[what] += n
            report.counts = writer.counts
            result.counts.setdefault(p.kind.name, Counts()).add(writer.counts)
            if not (dry_run and not several):
                refs.write_new()
                writer.write()

    try:
        if dry_run and not several:
            run()  # planning alone tells what would happen; nothing to roll back
        else:
            with database.atomic():
                run()
                if dry_run:  # later files needed the earlier ones written; undo them all
                    raise _Rollback
            result.written = not dry_run
    except _Rollback:
        pass
    except IntegrityError as exc:  # rolled back; a rule the plan missed, said in one line
        raise InvalidInput("file", f"the book refused the import, nothing was written: {exc}") from None
    result.created = created if result.ok else {}
    if not result.ok:
        result.counts = {}


def _restore(path, files, tables, ours, dry_run: bool, progress: Progress | None) -> ImportResult:
    """amtui's own files into an empty book: every record as it was, under its id."""
    restored, errors = read_book([BookTable(f, b, t) for f, t, b in zip(files, tables, ours, strict=True)])
    if progress:
        rows = sum(len(t.rows) for t in tables)
        progress(rows, 2 * rows or 1)  # read and checked: about half the work
    by_name = {b.name: (f, t) for f, t, b in zip(files, tables, ours, strict=True)}
    reports = []
    for r in restored:
        file, table = by_name[r.book_file.name]
        columns = [ColumnMap(c.header, c.header, "" if c.read_back else "for reading; the id column is used")
                   for c in r.book_file.columns]
        reports.append(FileReport(file, r.book_file.name, True, table.source, columns, len(table.rows)))
    notes = ["amtui's own files into an empty book: every record keeps its id"]
    result = ImportResult(path, reports, {}, {}, errors[:MAX_ERRORS], len(errors), dry_run, False,
                          notes=notes)
    if errors:
        return result
    try:
        with database.atomic():
            if not book_is_empty():  # records arrived since the check: their ids would clash
                raise InvalidInput("file", "the book got records of its own while importing; "
                                           "nothing was written, try again")
            refused = write_book(restored)
            if refused:
                result.errors, result.error_count = refused[:MAX_ERRORS], len(refused)
                raise _Rollback
            if dry_run:
                raise _Rollback
        result.written = not dry_run
    except _Rollback:
        pass
    except IntegrityError as exc:
        raise InvalidInput("file", f"the book refused the import, nothing was written: {exc}") from None
    if result.ok:
        for r, report in zip(restored, reports, strict=True):
            report.counts = Counts(new=len(r.rows))
            result.counts[r.book_file.name] = report.counts
    return result
