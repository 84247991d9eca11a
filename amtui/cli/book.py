"""`amtui demo`, `amtui doctor`, `amtui backup`: the book file as a whole."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from amtui.cli.argv import path_argument
from amtui.cli.common import CliError, book_path, db_parent, open_book
from amtui.config import ServerURL, data_dir
from amtui.core import clock
from amtui.core.parse import parse_int
from amtui.db import backups
from amtui.db.errors import missing_book_message
from amtui.db.integrity import integrity_problems
from amtui.db.schema import schema_version

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
                      help="replace every record in the book with the demo (settings and "
                      "stages stay); all or nothing: if it is stopped, the old book is kept")
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
    backup.add_argument("dest", nargs="?", metavar="DEST", type=path_argument,
                        help="the copy's file, or a folder (an existing one, or any path "
                        "ending in /, created 0700) for the default name "
                        "book-YYYYMMDD-HHMMSS.db (default: backups/ beside the book); an "
                        "existing file is never overwritten")
    backup.set_defaults(handler=run_backup)


def run_demo(args: argparse.Namespace) -> int:
    from amtui import demo
    from amtui.core import book

    clients = parse_int(args.clients, field="--clients", minimum=1, maximum=MAX_DEMO_CLIENTS)
    seed = parse_int(args.seed, field="--seed")
    database = open_book(args)
    path = book_path(args)
    replacing = not book.is_empty()
    if replacing and not args.force:
        held = book.counts()["clients"]
        raise CliError(
            f"{path} already holds {held} client{'s' if held != 1 else ''}; "
            "use --force to delete every record and write the demo book instead"
        )
    started = time.perf_counter()
    if replacing:
        # One transaction (the demo's per-chunk transactions become savepoints): killed
        # mid-way, or out of space, the book is the old one, never an emptied one.
        # Settings and stages stay; another open amtui waits on the lock meanwhile
        # (rather than writing on into a file swapped away under it, as a temp book
        # moved into place would leave it).
        with database.atomic():
            book.clear_book()
            demo.build_demo_book(clients=clients, seed=seed)
    else:
        # into an empty book: chunk by chunk, so an open amtui keeps saving meanwhile
        demo.build_demo_book(clients=clients, seed=seed)
    took = time.perf_counter() - started
    print(f"Wrote a demo book of {clients:,} clients (seed {seed}) to {path} in {took:.1f} s")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    path = book_path(args)
    # doctor examines; it never creates a book or anything beside one (a read-only book
    # is opened immutable: no -wal or -shm left behind)
    # (a server database that holds no book yet is refused by open_book(create=False))
    if not isinstance(path, ServerURL) and not path.exists():
        raise CliError(missing_book_message(path), code=2)
    # (a 0-byte file is refused by open_book as damaged: a book truncated to nothing)
    database = open_book(args, create=False, check=False)  # the checks below say more
    from amtui.core import book

    problems = integrity_problems(database)
    # a server URL prints with its password masked (ServerURL.__str__)
    print(f"{'server' if isinstance(path, ServerURL) else 'path'}: {path}")
    if isinstance(path, ServerURL):
        print("connection: ok")
    print(f"schema version: {schema_version(database)}")
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


def default_backup_path(book: Path | ServerURL) -> Path:
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    if isinstance(book, ServerURL):  # a server book's copies go to the user data dir
        name = book.url.rsplit("/", 1)[-1].split("?", 1)[0] or "server-book"
        return data_dir() / "backups" / f"{name}-{stamp}.db"
    return book.parent / "backups" / f"{book.stem}-{stamp}.db"


def backup_destination(text: str | None, source: Path) -> Path:
    """The file a backup goes to.  DEST naming an existing folder, or ending in a slash
    (a folder, made if missing), gets the default name inside; a path that runs through
    a file, or names an existing file, is refused in one line."""
    if text is None:
        return default_backup_path(source)
    if not text.strip():
        raise CliError("DEST is empty; give a file or a folder (ending in /)")
    dest = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or dest.is_dir():
        dest = dest / default_backup_path(source).name
    for parent in dest.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise CliError(f"{parent} is a file, not a folder; choose another DEST")
            break
    if dest.exists() or dest.is_symlink():
        raise CliError(f"{dest} already exists; amtui never overwrites a file, choose another DEST")
    return dest


def run_backup(args: argparse.Namespace) -> int:
    source = book_path(args)
    if isinstance(source, ServerURL):
        return _backup_server_book(source, args.dest)
    if not source.exists():
        raise CliError(missing_book_message(source), code=2)
    dest = backup_destination(args.dest, source)
    if dest.resolve() == source.resolve():
        raise CliError("DEST is the book itself; choose another file")
    try:
        backups.backup(source, dest)
    except FileExistsError:  # appeared while we copied: still never overwritten
        raise CliError(f"{dest} already exists; amtui never overwrites a file, choose another DEST") from None
    print(dest)
    return 0


def _backup_server_book(source: ServerURL, dest_arg: str | None) -> int:
    """A server book's backup is a verified `amtui copy` into a new SQLite file."""
    from amtui.cli.copy import copy_book

    dest = backup_destination(dest_arg, source)
    result = copy_book(source, dest)
    if result.differences:
        for line in result.lines():
            print(line)
        raise CliError(f"the copy at {dest} differs from the book; don't rely on it")
    print(dest)
    return 0
