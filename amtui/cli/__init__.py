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


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(f"amtui.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from amtui.cli.argv import attach_dash_dates
    from amtui.core.errors import InvalidInput, NotFound
    from amtui.db import BookError

    parser = build_parser()
    args = parser.parse_args(attach_dash_dates(sys.argv[1:] if argv is None else list(argv)))
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
