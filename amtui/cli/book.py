"""`amtui demo`, `amtui doctor`, `amtui backup`: the book file as a whole."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from amtui import db
from amtui.cli.common import CliError, book_path, db_parent, open_book
from amtui.core import clock
from amtui.core.parse import parse_int

MAX_DEMO_CLIENTS = 100_000


def register(sub) -> None:
    parent = db_parent()
    demo = sub.add_parser(
        "demo",
        parents=[parent],
        help="write the demo book into a book file",
        description="Write a deterministic, realistic demo book (clients, contacts, deals, "
        "quotas, ...) dated from today into a book. Refuses a book that already holds "
        "clients unless --force.",
    )
    demo.add_argument("--clients", metavar="N", default="40",
                      help="how many clients (default 40; 5000 makes a career-sized book)")
    demo.add_argument("--seed", metavar="S", default="7",
                      help="random seed: the same seed writes the same book (default 7)")
    demo.add_argument("--force", action="store_true",
                      help="delete every record in the book first, then write the demo")
    demo.set_defaults(handler=run_demo)

    doctor = sub.add_parser(
        "doctor",
        parents=[parent],
        help="check the book file and count its records",
        description="Run SQLite's integrity checks on the book and print its path, schema "
        "version and a count per record kind. Exit status 0 when healthy, 2 when not.",
    )
    doctor.set_defaults(handler=run_doctor)

    backup = sub.add_parser(
        "backup",
        parents=[parent],
        help="write a consistent copy of the book",
        description="Copy the book with SQLite's online backup API: safe while amtui is "
        "open elsewhere. The copy is readable only by you (mode 0600).",
    )
    backup.add_argument("dest", nargs="?", metavar="DEST",
                        help="the copy's file or folder (default: backups/ beside the book, "
                        "named book-YYYYMMDD-HHMMSS.db); an existing file is never overwritten")
    backup.set_defaults(handler=run_backup)


def run_demo(args: argparse.Namespace) -> int:
    from amtui import demo
    from amtui.core import book

    clients = parse_int(args.clients, field="--clients", minimum=1, maximum=MAX_DEMO_CLIENTS)
    seed = parse_int(args.seed, field="--seed")
    open_book(args)
    path = book_path(args)
    if not book.is_empty():
        if not args.force:
            held = book.counts()["clients"]
            raise CliError(
                f"{path} already holds {held} client{'s' if held != 1 else ''}; "
                "use --force to delete every record and write the demo book instead"
            )
        book.clear_book()
    started = time.perf_counter()
    demo.build_demo_book(clients=clients, seed=seed)
    took = time.perf_counter() - started
    print(f"Wrote a demo book of {clients:,} clients (seed {seed}) to {path} in {took:.1f} s")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    path = book_path(args)
    # doctor examines; it never creates a book or anything beside one
    if not path.exists():
        raise CliError(f"{path} does not exist; nothing to check", code=2)
    if path.is_file() and path.stat().st_size == 0:
        raise CliError(f"{path} is an empty file, not yet a book; open it with amtui to "
                       "create one", code=2)
    database = open_book(args, create=False)
    from amtui.core import book

    problems = db.integrity_problems(database)
    print(f"path: {path}")
    print(f"schema version: {db.schema_version(database)}")
    print_config_check()
    if problems:
        print(f"integrity: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        for problem in problems[:20]:
            print(f"  {problem}")
        return 2
    print("integrity: ok")
    for kind, count in book.counts().items():
        print(f"{kind}: {count}")
    return 0


def print_config_check() -> None:
    """config.toml's problems (bad TOML, unknown binding ids): warnings, not failures."""
    from amtui import config
    from amtui.tui.keymap import keymap_problems  # imports Textual: only for doctor

    try:
        problems = keymap_problems(config.load_config().get("keys"))
    except config.ConfigError as exc:
        problems = [f"not read: {exc}"]
    print(f"config: {config.config_file()}: "
          + (f"{len(problems)} warning{'s' if len(problems) != 1 else ''}" if problems else "ok"))
    for problem in problems:
        print(f"  {problem}")


def default_backup_path(book: Path) -> Path:
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    return book.parent / "backups" / f"{book.stem}-{stamp}.db"


def run_backup(args: argparse.Namespace) -> int:
    source = book_path(args)
    if not source.exists():
        raise CliError(f"{source} does not exist; nothing to back up", code=2)
    if args.dest is None:
        dest = default_backup_path(source)
    else:
        dest = Path(args.dest).expanduser()
        if dest.is_dir():
            dest = dest / default_backup_path(source).name
    if dest.exists():
        raise CliError(f"{dest} already exists; amtui never overwrites a file, choose another DEST")
    if dest.resolve() == source.resolve():
        raise CliError("DEST is the book itself; choose another file")
    db.backup(source, dest)
    print(dest)
    return 0
