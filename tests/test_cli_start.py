"""The command line imports only the module of the command it runs."""

import argparse
import importlib
import subprocess
import sys

from amtui.cli import COMMAND_MODULES, COMMANDS, build_parser


def _registered(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(f"amtui.cli.{module}").register(sub)
    return set(sub.choices)


def test_the_command_table_names_every_command_of_every_module():
    registered = {command: module for module in COMMAND_MODULES for command in _registered(module)}
    assert registered == COMMANDS


def test_a_command_line_builds_only_its_module():
    parser = build_parser(["--db", "x.db", "status", "--line"])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {"quota", "plan", "status"}


def test_help_and_unknown_commands_see_every_command():
    for argv in (["--help"], ["nonsense"], ["--db", "x.db", "-h"], ["--version"]):
        parser = build_parser(argv)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert set(sub.choices) == set(COMMANDS)


def test_opening_the_app_builds_no_command_module():
    # `amtui`, `amtui --db PATH`, `amtui --demo`: the app's start pays for no command
    for argv in ([], ["--db", "x.db"], ["--db=x.db"], ["--demo"]):
        parser = build_parser(argv)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert set(sub.choices) == set(), argv
        assert parser.parse_args(argv).command is None


def test_status_line_does_not_import_the_other_command_modules(book_path):
    code = (
        "import sys\n"
        "from amtui.cli import main\n"
        "main(['status', '--line'])\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('amtui.cli.'))), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stderr.strip().splitlines()[-1].split(","))
    # helpers (common, argv, output...) are shared; of the command modules only quota loads
    assert {m for m in loaded if m.rsplit(".", 1)[-1] in COMMAND_MODULES} == {"amtui.cli.quota"}


def test_a_one_shot_command_runs_without_the_collector_from_its_start(small_book, monkeypatch, capsys):
    # importing peewee, the book's modules and a command's core make objects in no cycle:
    # the collector is off from main's start to the command's end, then back as it was
    import gc

    import amtui.cli.clients as cli_clients
    from amtui.cli import main

    seen = []
    opened = cli_clients.open_book

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return opened(*args, **kwargs)

    monkeypatch.setattr(cli_clients, "open_book", spy)
    assert gc.isenabled()
    assert main(["clients", "--json"]) == 0
    assert seen == [False]
    assert gc.isenabled()
    capsys.readouterr()


def test_the_app_and_the_long_writes_run_with_the_collector(book_path, monkeypatch):
    # the app makes its own collections at a rest; an import's or a demo's rows could
    # hold cycles over 50,000 rows
    import gc

    from amtui.cli import main
    from amtui.tui.app import AmtuiApp

    seen = []
    monkeypatch.setattr(AmtuiApp, "run", lambda self: seen.append(gc.isenabled()))
    assert main(["--db", str(book_path)]) == 0
    assert seen == [True]


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def test_every_help_page_reads_as_written():
    """A description is printed as written (only an option's help is %-formatted): `10%%`
    in one showed as `10%%` in `amtui plan set --help` and `amtui status --help`."""
    pages = [p.format_help() for p in _parsers(build_parser(["--help"]))]
    assert len(pages) > 40
    assert [page.splitlines()[0] for page in pages if "%%" in page] == []


def test_every_argument_says_what_it_is():
    """`amtui deal won --help` listed a bare `ID`: every argument and option has its line."""
    bare = [f"{p.prog} {a.metavar or a.dest}" for p in _parsers(build_parser(["--help"]))
            for a in p._actions
            if not isinstance(a, argparse._SubParsersAction) and not a.help]
    assert bare == []
