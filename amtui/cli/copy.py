"""`amtui copy FROM TO`: a whole book between any two places (file or postgresql:// URL),
verified: the rows of every kind and every `status --json` figure must be equal."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from pathlib import Path

from amtui import bookrows, config, db, models
from amtui.cli.argv import path_argument
from amtui.cli.common import CliError, book_path, db_parent
from amtui.db.errors import BookError, missing_book_message
from amtui.db.location import location_of


def register(sub) -> None:
    copy = sub.add_parser(
        "copy",
        parents=[db_parent()],
        usage="amtui copy [--force] [FROM] TO",
        help="copy a whole book between two files or PostgreSQL servers, verified",
        description="Copy every record of the book FROM into the book TO (each a file path "
        "or a postgresql://user@host:port/dbname URL; a missing file or an empty database "
        "becomes a new book). Without FROM, the book is --db / $AMTUI_DB / the default. "
        "Refuses a TO that already holds records unless --force. The "
        "copy is verified (rows of every kind and every `amtui status --json` figure equal) "
        "and the verification printed. Exit status 0 when verified, 1 when the copy "
        "differs or is refused, 2 when a book can't be opened.",
    )
    copy.add_argument("books", nargs="+", metavar="FROM TO", type=path_argument,
                      help="the book to copy (default: --db) and where the copy goes "
                      "(each a file or URL)")
    copy.add_argument("--force", action="store_true",
                      help="replace every record TO holds with FROM's")
    copy.set_defaults(handler=run_copy)


def where(text: str) -> Path | config.ServerURL:
    location = location_of(text.strip())
    return location.expanduser() if isinstance(location, Path) else location


def run_copy(args: argparse.Namespace) -> int:
    if len(args.books) > 2:
        raise CliError("copy: give FROM and TO (or only TO, to copy the --db book)")
    source = where(args.books[0]) if len(args.books) == 2 else book_path(args)
    result = copy_book(source, where(args.books[-1]), force=args.force)
    print(f"copied {result.source} -> {result.target}")
    for line in result.lines():
        print(line)
    if result.differences:
        print(f"NOT VERIFIED: {len(result.differences)} difference"
              f"{'s' if len(result.differences) != 1 else ''}")
        return 1
    print("verified: every count and every status figure is equal")
    return 0


@dataclass
class CopyResult:
    source: object
    target: object
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # kind, from, to
    figures: int = 0  # status --json figures compared
    differences: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        width = max((len(kind) for kind, _, _ in self.counts), default=0)
        out = [f"  {kind:<{width}}  {a:>8,}  {'=' if a == b else '≠'}  {b:>8,}"
               for kind, a, b in self.counts]
        out.append(f"  status --json: {self.figures} figures compared")
        out += [f"  differs: {d}" for d in self.differences]
        return out


def _same_place(a, b) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        if a.resolve() == b.resolve():
            return True
        try:  # a hard link: another name for the same file (copying over it broke both)
            return a.exists() and b.exists() and os.path.samefile(a, b)
        except OSError:
            return False
    return a == b


def copy_book(source, target, *, force: bool = False) -> CopyResult:
    """Copy the book at `source` into `target` and compare them; leaves the models bound
    to the target."""
    if _same_place(source, target):
        raise CliError("FROM and TO are the same book; choose another TO")
    if isinstance(source, Path) and not source.exists():
        raise CliError(missing_book_message(source), code=2)
    created = isinstance(target, Path) and not target.exists()
    src = db.open_book(source, create=False)
    try:
        dst = db.open_book(target)  # also closes this thread's connection to src
    except BookError:
        src.close()
        raise
    try:
        src.connect(reuse_if_open=True)
        held = _counts(dst)
        if any(n for kind, n in held.items() if kind not in SEEDED) and not force:
            raise CliError(f"{target} already holds records ({_summary(held)}); use --force "
                           "to replace them with the copy")
        bookrows.copy_rows(src, dst)
        models.database.initialize(dst)
        db.ids_written()
        result = verify(src, dst)
        result.source, result.target = source, target
        return result
    except BaseException:
        dst.close()
        if created and isinstance(target, Path):
            for extra in ("", "-wal", "-shm"):
                Path(f"{target}{extra}").unlink(missing_ok=True)
        raise
    finally:
        src.close()
        if not dst.is_closed():
            models.database.initialize(dst)


# tables a new book already holds (default stages and settings): not "records" of the rep
SEEDED = {"setting", "stage"}


def _counts(database) -> dict[str, int]:
    with database.bind_ctx(bookrows.ordered_models()):
        return {m._meta.table_name: m.select().count() for m in bookrows.ordered_models()}


def _summary(counts: dict[str, int]) -> str:
    held = [f"{n:,} {kind}" for kind, n in counts.items() if n and kind not in SEEDED]
    return ", ".join(held[:4]) + (" …" if len(held) > 4 else "")


def _status(database) -> dict:
    from amtui.cli.quota import status_json
    from amtui.core import quota

    models.database.initialize(database)
    return status_json(quota.quota_status())


def verify(src, dst) -> CopyResult:
    result = CopyResult(None, None)
    a, b = _counts(src), _counts(dst)
    for kind in a:
        result.counts.append((kind, a[kind], b[kind]))
        if a[kind] != b[kind]:
            result.differences.append(f"{kind}: {a[kind]} in FROM, {b[kind]} in TO")
    first, second = _status(src), _status(dst)
    result.figures = len(first)
    result.differences += [f"status {key}: {first[key]!r} in FROM, {second.get(key)!r} in TO"
                           for key in first if first[key] != second.get(key)]
    return result
