"""What every command shares: the --db option, opening the book, one-line errors, JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from amtui import config, db
from amtui.cli.argv import path_argument
from amtui.core.errors import InvalidInput
from amtui.core.text import printable
from amtui.db import read_only
from amtui.db.errors import BookError


class CliError(Exception):
    """A one-line error for the shell; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def db_parent() -> argparse.ArgumentParser:
    """A parent parser giving a subcommand `--db PATH` without overriding `amtui --db`."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        type=path_argument,
        default=argparse.SUPPRESS,
        help="the book file or postgresql:// URL (default: $AMTUI_DB or the user data dir)",
    )
    return parent


def book_path(args: argparse.Namespace) -> Path | config.ServerURL:
    given = getattr(args, "db", None)
    if given is not None and not given.strip():
        # `--db "$BOOK"` with BOOK unset: never quietly the rep's own book
        raise CliError("--db is empty: give a book file or a postgresql:// URL "
                       "(leave --db out for your own book)")
    if given is not None and "://" in given and not config.is_url(given):
        raise CliError(f"--db {printable(given.split('://', 1)[0])}://...: amtui opens a book file "
                       "or a postgresql:// URL")
    try:
        return config.book_location(given)
    except config.ConfigError as exc:
        raise CliError(str(exc), code=2) from None


def open_book(args: argparse.Namespace, *, create: bool = True, check: bool | None = None,
              snapshot: bool = False, change: str | None = None):
    """Open the book named by --db / AMTUI_DB / the default; refusals become CliError
    with the BookError's exit status (2 unusable, 3 busy or out of space).

    create=False for a command that only reads: a missing book is refused in one line
    ("no book at typo.db ...", exit 2) instead of quietly created.
    snapshot=True for a command about to change deals: it first takes the day's forecast
    snapshot (issue 17) if none is there yet, so "since yesterday" compares with the
    day's start.
    change="Client added: ..." for a command that writes: what it writes from here on is one
    undoable change of that name (ctrl+z in the app, or `amtui undo`), committed when the
    command returns and rolled back when it fails (see one_change).  A command that names
    the change after a record it reads first calls begin_change once it has read it; one
    that adds or renames a record names it again once saved (name_change), as the book
    keeps it.
    """
    try:
        database = db.open_book(book_path(args), create=create, check=check, upgrading=_upgrading)
    except BookError as exc:
        raise CliError(str(exc), code=exc.code) from None
    if getattr(database, "amtui_new_book", None) is not None:
        global _new_book
        _new_book = database
    if snapshot and not read_only.is_read_only():  # never write into a read-only book
        from amtui.core.snapshots import snapshot_if_due

        snapshot_if_due()
    if change is not None:
        begin_change(change)
    return database


def _upgrading(version: int) -> None:
    from amtui.db.schema import SCHEMA_VERSION

    # on stderr, so a command's output (--json, a CSV) stays only its own
    print(f"amtui: upgrading the book from schema version {version} to {SCHEMA_VERSION} "
          "(its copy is beside it); a book this large takes several seconds…",
          file=sys.stderr, flush=True)


def begin_change(label: str) -> None:
    """What the running command writes from here on is one undoable change called `label`
    (see open_book's change=): for a command that names the change after the record it
    reads first ("Won: Analytics seats (Acme Corp)", not "Won: deal #5")."""
    if _change is not None and not read_only.is_read_only():
        from amtui.core import undo

        undo.made_in("shell")  # ctrl+z in the app says so
        _change.enter_context(undo.recording(label))


def name_change(label: str) -> None:
    """Name the running command's change after the record it saved, once saved: "Client
    added: Acme Corp" as the book keeps the name, not as typed (core.undo.name_change)."""
    if _change is not None and not read_only.is_read_only():
        from amtui.core import undo

        undo.name_change(label)


_change: ExitStack | None = None  # the running command's undoable change, once it opens one
_new_book = None  # the book the running command's open_book created, if it did


@contextmanager
def one_change() -> Iterator[None]:
    """Around a command: the change its open_book(change=...) started ends with it."""
    global _change, _new_book
    _change = ExitStack()
    _new_book = None
    try:
        with _change:
            yield
    finally:
        _change = None


# SQLite stores ids as signed 64-bit integers; a bigger number can name no record.
MAX_RECORD_ID = 2**63 - 1


def record_id(kind: str):
    """An argparse `type` for the id of a `kind` ("deal"): a whole number; one beyond
    SQLite's integer range is refused as "no deal 99999999999999999999" (it can't exist)
    instead of overflowing in the query."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a {kind} id (a whole number)") from None
        if not 0 < value <= MAX_RECORD_ID:
            raise argparse.ArgumentTypeError(f"no {kind} {text.strip()}")
        return value

    parse.__name__ = f"{kind} id"
    return parse


@contextmanager
def options_named(options: dict[str, str]) -> Iterator[None]:
    """Core's InvalidInput as a CliError naming the command's option (`--due`, not the
    field `due_on`): `options` maps a field to its option."""
    try:
        yield
    except InvalidInput as exc:
        raise CliError(f"{options.get(exc.field, exc.field)}: {exc.reason}") from None


def options_given(args: argparse.Namespace, options: dict) -> dict:
    """An edit command's changes: option -> (the field it changes, parse(text)) for each
    option given (not None), as field -> parsed value."""
    return {field: parse(getattr(args, option)) for option, (field, parse) in options.items()
            if getattr(args, option) is not None}


# --- argument shapes several commands take ------------------------------------------------

# core's field names -> the option that gives them, for the shapes below
FOLLOW_UP_OPTIONS = {
    "contact": "--contact",
    "due_on": "--due",
    "priority": "--priority",
    "next_title": "--next",
    "next_due": "--due",
    "next_priority": "--priority",
}


def add_client_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("client", metavar="CLIENT", help="client name (exact, prefix or unique part)")


def add_contact_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--contact", metavar="NAME",
                        help="who at the client (exact, prefix or part of the name)")


def add_follow_up_options(parser: argparse.ArgumentParser, *, next_one: bool,
                          due_required: bool = False, priority: bool = True) -> None:
    """A follow-up's --due and --priority; `next_one`: the next follow-up a command
    schedules as it records something else, with its --next TITLE."""
    of = "the next follow-up's " if next_one else ""
    if next_one:
        parser.add_argument("--next", metavar="TITLE", dest="next_title", help=f"{of}title")
    parser.add_argument("--due", metavar="WHEN", required=due_required,
                        help=f"{of}due date: tomorrow, fri, +1w, 12/15")
    if priority:
        parser.add_argument("--priority", default="normal",
                            help=f"{of}priority: low, normal (default) or high")


def client_and_contact(args: argparse.Namespace):
    """The client CLIENT names and, given --contact, its contact of that name (else None)."""
    from amtui.core.clients import find_client  # not on the app's start (`amtui`)
    from amtui.core.contacts import find_contact

    client = find_client(args.client)
    return client, (find_contact(client.id, args.contact) if args.contact else None)


def print_json(value) -> None:
    # one string, one write (json.dump streams through ~300k small writes for a
    # 5,000-client list); controls \u-escaped (issue 10).  json_text leaves no control
    # character but the newlines between items (JSON escapes C0 controls inside strings,
    # json_text the rest), so the document goes past the printable wrapper, which would
    # find nothing to change in it (a regex over 7 MB for a 20,000-client list: 40 ms)
    from amtui.cli.output import json_text, raw_stream

    raw_stream(sys.stdout).write(json_text(value) + "\n")


def print_json_lines(items: list[str]) -> None:
    """`print_json` of a list whose items are already encoded (`output.json_lines_text`)."""
    from amtui.cli.output import json_lines_text, raw_stream

    raw_stream(sys.stdout).write(json_lines_text(items) + "\n")


def end_command(*, keep: bool) -> None:
    """After a command: keep: False (it was refused, failed or was a dry run) removes the
    book its open_book created, if it did (db.discard_new_book says when that is safe)."""
    global _new_book
    created, _new_book = _new_book, None
    if created is not None and not keep:
        db.discard_new_book(created)
