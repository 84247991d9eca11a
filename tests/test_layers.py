"""The layers of DESIGN.md hold: import-linter's contracts in pyproject.toml, run here and by
.ci/run, and a subprocess check that importing the core loads no UI library (as Harlequin
does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ("layers", "core-plain", "tui-no-orm", "reports-no-ui")


def _lint_imports() -> str:
    found = Path(sys.executable).with_name("lint-imports")
    return str(found) if found.exists() else (shutil.which("lint-imports") or "lint-imports")


def _run_lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy's amtui before the installed one
    return subprocess.run(
        [_lint_imports(), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )


def test_lint_imports_keeps_every_contract():
    out = _run_lint_imports(ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in out.stdout


def test_every_contract_is_declared_with_its_id():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert tuple(c["id"] for c in config["contracts"]) == CONTRACTS
    assert all(c["unmatched_ignore_imports_alerting"] == "error" for c in config["contracts"])


# Each planted line breaks one contract; lint-imports must name every one.
PLANTED = {
    "core/money.py": "from amtui.reports import text as _planted_1\n",
    "core/periods.py": "from amtui.cli import common as _planted_2\n",
    "core/contacts.py": "from amtui.importers import run as _planted_3\n",
    "core/search.py": "def _planted_4():\n    import textual  # noqa\n",
    "tui/navigation.py": "from amtui import models as _planted_5\n",
    "reports/text.py": "def _planted_6():\n    from rich.text import Text  # noqa\n",
}


def test_lint_imports_fails_on_each_planted_layer_break(tmp_path):
    shutil.copytree(ROOT / "amtui", tmp_path / "amtui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in PLANTED.items():
        with (tmp_path / "amtui" / module).open("a") as f:
            f.write("\n\n" + line)
    out = _run_lint_imports(tmp_path)
    assert out.returncode != 0
    for broken in ("amtui.core.money -> amtui.reports.text",
                   "amtui.core.periods -> amtui.cli.common",
                   "amtui.core.contacts -> amtui.importers.run",
                   "amtui.core.search -> textual",
                   "amtui.tui.navigation -> amtui.models",
                   "amtui.reports.text -> rich"):
        assert broken in out.stdout, (broken, out.stdout)
    assert f"Contracts: 0 kept, {len(CONTRACTS)} broken." in out.stdout


def test_core_and_reports_import_no_ui_or_export_libraries():
    code = (
        "import sys, pkgutil, importlib, amtui.core, amtui.reports\n"
        "for pkg in (amtui.core, amtui.reports):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        if pkg is amtui.reports and m.name == 'xlsx':\n"
        "            continue\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "bad = [m for m in ('textual', 'xlsxwriter', 'rich') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_start_up_path_does_not_import_textual_or_xlsxwriter():
    code = (
        "import sys\n"
        "from amtui.cli import build_parser\n"
        "build_parser()\n"
        "print(','.join(m for m in ('textual', 'xlsxwriter', 'openpyxl') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("module", ["amtui.models", "amtui.db", "amtui.config"])
def test_the_lower_layers_never_load_core_beyond_the_clock(module):
    code = (
        f"import sys, {module}\n"
        "print(','.join(m for m in sys.modules if m.startswith('amtui.core.') "
        "and m != 'amtui.core.clock'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_command_on_a_file_book_never_loads_the_postgresql_driver(tmp_path):
    # peewee imports psycopg as it loads (~0.25 s of every start where it is installed):
    # amtui.drivers hides it until a postgresql:// book is opened
    book = tmp_path / "book.db"
    code = (
        "import sys\n"
        "from amtui.cli import main\n"
        f"assert main(['--db', {str(book)!r}, 'client', 'add', 'Acme']) == 0\n"
        f"assert main(['--db', {str(book)!r}, 'clients', '--json']) == 0\n"
        "print('loaded:' + ','.join(m for m in ('psycopg', 'psycopg2') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded:"


def test_a_server_book_gets_the_driver_peewee_was_loaded_without():
    pytest.importorskip("psycopg")
    code = (
        "import sys, peewee\n"
        "assert peewee.psycopg is None and 'psycopg' not in sys.modules\n"
        "from amtui.drivers import load_server_driver\n"
        "load_server_driver()\n"
        "db = peewee.PostgresqlDatabase('postgresql://nobody@127.0.0.1:1/none')\n"
        "print(type(db._adapter).__name__, db._adapter.txn_idle.name)\n"
    )
    out = subprocess.run([sys.executable, "-c", "import amtui\n" + code],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["Psycopg3Adapter", "IDLE"]


# What the app's start (to Today's first paint) must not import: other sections, forms,
# dialogs, the palette's provider, Today's agenda core (its worker imports it), reports,
# importers, the server book's code and the CLI's command modules (issue 14: start <= 1.2x
# a bare Textual app).  Each was imported at start before and is imported where it is used.
NOT_AT_START = (
    "amtui.core.today", "amtui.core.quota", "amtui.core.commission", "amtui.core.followups",
    "amtui.core.commitments", "amtui.core.service", "amtui.core.cadence", "amtui.core.renewals",
    "amtui.core.snapshots", "amtui.core.pipeline", "amtui.core.health", "amtui.core.search",
    "amtui.core.clients", "amtui.core.client_list",
    "amtui.tui.commands", "amtui.tui.forms", "amtui.tui.dialogs", "amtui.tui.safe_table",
    "amtui.tui.screens.clients", "amtui.tui.screens.pipeline", "amtui.tui.screens.quota",
    "amtui.tui.screens.reports", "amtui.tui.screens.client_detail",
    "amtui.tui.screens.whitespace", "amtui.tui.screens.welcome", "amtui.tui.screens.changes",
    "amtui.reports", "amtui.importers", "amtui.demo", "amtui.pgbook", "amtui.pg_schema",
    "amtui.bookrows", "textual.widgets._data_table", "xlsxwriter", "openpyxl", "psycopg",
    *(f"amtui.cli.{name}" for name in ("book", "clients", "activity", "followups", "deals",
                                       "catalogue", "quota", "changes", "export", "importing",
                                       "settings", "copy")),
)

START_PATHS = {
    # the app as the benchmarks start it
    "app": "from amtui.tui.app import AmtuiApp\nAmtuiApp(db_path=BOOK)\n",
    # `amtui --db BOOK`, the app's run() (Textual's loop) left out
    "command": (
        "from amtui.tui.app import AmtuiApp\n"
        "AmtuiApp.run = lambda self: None\n"
        "from amtui.cli import main\n"
        "assert main(['--db', BOOK]) == 0\n"
    ),
}


@pytest.mark.parametrize("path", START_PATHS)
def test_the_start_imports_only_what_todays_first_paint_needs(tmp_path, path):
    from amtui.cli import COMMAND_MODULES

    assert {f"amtui.cli.{name}" for name in COMMAND_MODULES} <= set(NOT_AT_START)
    book = tmp_path / "book.db"
    code = (
        f"import sys\nBOOK = {str(book)!r}\n" + START_PATHS[path]
        + f"names = {NOT_AT_START!r}\n"
        "print('loaded:' + ','.join(sorted(m for m in sys.modules\n"
        "      if any(m == n or m.startswith(n + '.') for n in names))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "loaded:"
    assert book.exists()  # the start did open (create) the book


def test_todays_agenda_and_the_daily_snapshot_leave_the_commission_working_out():
    # what the start's workers import after the first paint (the agenda, the day's
    # snapshot) and `status --line`: the quota banner needs no commission working
    code = (
        "import sys, amtui.core.today, amtui.core.snapshots\n"
        "print(','.join(m for m in ('amtui.core.commission', 'amtui.core.comp_plan') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
