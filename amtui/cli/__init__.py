"""The `amtui` command: opens the TUI, or runs one of the subcommands.

Each group of subcommands lives in its own module with a `register(subparsers)`
function; this module only assembles them and turns errors into one line.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from amtui import __version__

# modules under amtui.cli, each with register(subparsers)
COMMAND_MODULES = (
    "book", "clients", "activity", "followups", "deals", "catalogue", "quota", "changes", "export",
    "importing", "settings", "copy",
)

# Which module registers each command, so a run imports only the module it needs (the
# nine together, with most of core, cost ~0.15 s of every command's start).  A test checks
# this table against what the modules register.
COMMANDS = {
    "demo": "book", "doctor": "book", "backup": "book",
    "clients": "clients", "client": "clients", "contact": "clients",
    "log": "activity", "undo": "activity", "followups": "followups", "followup": "followups",
    "deals": "deals", "deal": "deals",
    "stages": "catalogue", "stage": "catalogue", "products": "catalogue", "product": "catalogue",
    "quota": "quota", "plan": "quota", "status": "quota",
    "export": "export",
    "import": "importing",
    "settings": "settings",
    "changes": "changes", "snapshot": "changes",
    "copy": "copy",
}


class Parser(argparse.ArgumentParser):
    """argparse with a one-line usage error and exit status 1 (refused input), not 2,
    which means an unusable book.  Subcommand parsers are made of the same class.
    An argument with no type of its own is text, refused when it holds a byte that isn't
    UTF-8 (cli/argv.py); paths say `type=path_argument`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from amtui.cli.argv import text_argument

        self.register("type", None, text_argument)

    def add_subparsers(self, **kwargs):
        # the command word and every word after it, as the subcommand's parser then reads
        # (and checks) them one by one
        action = super().add_subparsers(**kwargs)
        action.type = str
        return action

    def error(self, message: str):
        self.exit(1, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _command_word(argv: list[str]) -> str | None:
    """The command named on the line (the first word that is not an option or its value)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _opens_the_app(argv: list[str]) -> bool:
    """A line that only opens the app: no command, no option but `--db PATH` / `--demo`."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word != "--demo" and not word.startswith("--db="):
            return False
    return True


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (given the command line) one with only the command it names.

    A line that opens the app registers none (the nine command modules with most of core
    cost ~0.1 s of the app's start); `--help`, any other option or an unknown command
    register every module, so help and "invalid choice" list them all."""
    from amtui.cli.argv import path_argument

    parser = Parser(
        prog="amtui",
        description="A terminal workspace for an account manager and their book of business. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"amtui {__version__}")
    parser.add_argument("--db", metavar="PATH", type=path_argument, help="the book file or postgresql:// URL (default: $AMTUI_DB or the user data dir)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a fresh demo book in a temporary file; your book is not touched",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    word = _command_word(argv) if argv is not None else None
    if word in COMMANDS:
        modules = (COMMANDS[word],)
    elif argv is not None and _opens_the_app(argv):
        modules = ()
    else:
        modules = COMMAND_MODULES
    for name in modules:
        importlib.import_module(f"amtui.cli.{name}").register(sub)
    return parser


# Exit statuses (README "Exit statuses"): every command ends with one line and one of
OK, REFUSED, UNUSABLE_BOOK, BUSY_OR_FULL, BUG = 0, 1, 2, 3, 4


def _say(message: object) -> None:
    # one line, whatever the message held (a path with a newline in it, say)
    print("amtui: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever goes wrong ends in one line on stderr and an exit status:
    0 ok, 1 refused input, 2 unusable book, 3 busy or out of space, 4 a bug in amtui.
    No traceback reaches the user; AMTUI_DEBUG=1 re-raises unexpected errors to see one.
    """
    # The collector is off from here until the command ends (`COLLECTING` below names the
    # commands it comes back on for): importing peewee, the book's modules and a
    # command's core makes some hundred thousand objects in no cycle, which the collector
    # walked every 700 new ones, about 20 ms of a one-shot command's CPU; so are the rows
    # a list or an export builds.  The modules import here, not at the top, for the same
    # reason.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from amtui.cli.output import printable_output

        # Book text reaches many print sites: none of them may print a control sequence.
        with printable_output():
            return _main(argv, collecting)
    finally:
        if collecting:
            gc.enable()


# Commands that run with the collector on: the app (it makes its own collections when no
# key has come for a moment) and the long writes, whose memory a cycle left uncollected
# could grow over 50,000 rows
COLLECTING = frozenset({None, "import", "demo", "copy"})


def _main(argv: list[str] | None, collecting: bool = False) -> int:
    from amtui.cli.argv import attach_dash_dates

    argv = attach_dash_dates(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if collecting and args.command in COLLECTING:
        gc.enable()
    if not os.environ.get("AMTUI_DEBUG"):
        # errors Python can only report as "Exception ignored in ...", such as a failed
        # workbook's zip file closing on a full disk when it is collected: the command
        # has already said what went wrong in its one line
        sys.unraisablehook = lambda _unraisable: None
    if args.command is None:
        return _run(args)
    _end_on_signals()
    code = _run(args)
    from amtui.cli.common import end_command

    # a command that was refused, failed or only pretended keeps no book it created
    # (a mistyped --db leaves no new file behind): see db.discard_new_book
    end_command(keep=code == OK and not getattr(args, "dry_run", False))
    return code


class Stopped(BaseException):
    """SIGTERM or SIGHUP (a closed terminal, `kill`): unwinds the command as ctrl+c does,
    so a half-written workbook's temp file is removed and a change rolled back (the
    default action ended the process where it stood, leaving `.report.xlsx.….tmp`)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _end_on_signals() -> None:
    import signal

    def stop(signum, _frame):
        raise Stopped(signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


def _run(args: argparse.Namespace) -> int:
    """The app or the command; every error as one line and an exit status."""
    from amtui.cli.common import CliError
    from amtui.core.errors import ChangedElsewhere, InvalidInput, NotFound
    from amtui.db.errors import BookError

    try:
        if args.command is None:
            from amtui.cli.app import run_app

            return run_app(args)
        from amtui.cli.common import one_change

        with one_change():
            return args.handler(args) or 0
    except CliError as exc:
        _say(exc)
        return exc.code
    except BookError as exc:
        _say(exc)
        return exc.code
    except (InvalidInput, NotFound, ChangedElsewhere) as exc:
        # ChangedElsewhere: another amtui wrote the record between our read and our write
        _say(exc)
        return REFUSED
    except KeyboardInterrupt:
        return 130
    except Stopped as stopped:
        return 128 + stopped.signum  # as the shell reports a process the signal ended
    except BrokenPipeError:  # `amtui clients | head`
        _quiet_stdout()
        return OK
    except Exception as exc:  # the last resort: one line, never a traceback
        if os.environ.get("AMTUI_DEBUG"):
            raise
        code, message = _describe(exc)
        _say(message)
        return code


def _quiet_stdout() -> None:
    # Python flushes stdout again at exit and would complain about the closed pipe
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _describe(exc: Exception) -> tuple[int, str]:
    """(exit status, one line) for an error no command turned into a message itself."""
    import sqlite3

    from peewee import PeeweeException

    from amtui.db.errors import NO_SPACE_ERRNOS, describe_storage_error

    # a writer's own error may wrap the OSError (xlsxwriter's FileCreateError on a full disk)
    for err in (exc, exc.__cause__, exc.__context__, *exc.args[:1]):
        if isinstance(err, PeeweeException | sqlite3.Error | OSError):
            exc = err
            break
    if isinstance(exc, PeeweeException | sqlite3.Error):
        return describe_storage_error(exc)
    if isinstance(exc, OSError):
        if exc.errno in NO_SPACE_ERRNOS:
            return describe_storage_error(exc)
        where = exc.filename or "a file"
        if isinstance(where, str) and len(where) > 120:
            where = where[:60] + "…" + where[-40:]
        return REFUSED, f"{where}: {exc.strerror or exc}; nothing was written"
    if isinstance(exc, OverflowError):
        return REFUSED, "a number given is too large (no record has such an id)"
    return BUG, (f"unexpected error ({type(exc).__name__}: {exc}); this is a bug in amtui, "
                 "run again with AMTUI_DEBUG=1 to see where")
