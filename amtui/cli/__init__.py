"""The `amtui` command: opens the TUI, or runs one of the subcommands.

Each group of subcommands lives in its own module with a `register(subparsers)`
function; this module only assembles them and turns errors into one line.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from amtui import __version__
from amtui.cli.common import CliError

# modules under amtui.cli, each with register(subparsers)
COMMAND_MODULES = ("book", "clients", "activity", "followups", "deals", "catalogue", "quota", "export", "importing", "settings")

# Which module registers each command, so a run imports only the module it needs (the
# nine together, with most of core, cost ~0.15 s of every command's start).  A test checks
# this table against what the modules register.
COMMANDS = {
    "demo": "book", "doctor": "book", "backup": "book",
    "clients": "clients", "client": "clients", "contact": "clients",
    "log": "activity", "followups": "followups", "followup": "followups",
    "deals": "deals", "deal": "deals",
    "stages": "catalogue", "stage": "catalogue", "products": "catalogue", "product": "catalogue",
    "quota": "quota", "plan": "quota", "status": "quota",
    "export": "export",
    "import": "importing",
    "settings": "settings",
}


def _command_word(argv: list[str]) -> str | None:
    """The command named on the line (the first word that is not an option or its value)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (given the command line) one with only the command it names.

    `--help`, no command or an unknown one register every module, so help and
    "invalid choice" list them all."""
    parser = argparse.ArgumentParser(
        prog="amtui",
        description="A terminal workspace for an account manager and their book of business. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"amtui {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the book file (default: $AMTUI_DB or the user data dir)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a fresh demo book in a temporary file; your book is not touched",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    word = _command_word(argv) if argv is not None else None
    modules = (COMMANDS[word],) if word in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(f"amtui.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from amtui.cli.argv import attach_dash_dates
    from amtui.core.errors import InvalidInput, NotFound
    from amtui.db import BookError

    argv = attach_dash_dates(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from amtui.cli.app import run_app

            return run_app(args)
        return args.handler(args) or 0
    except CliError as exc:
        print(f"amtui: {exc}", file=sys.stderr)
        return exc.code
    except BookError as exc:
        print(f"amtui: {exc}", file=sys.stderr)
        return 2
    except (InvalidInput, NotFound) as exc:
        print(f"amtui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `amtui clients | head`
        return 0
