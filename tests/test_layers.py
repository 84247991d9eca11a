"""The core and the report builders never import Textual or xlsxwriter (as Harlequin does)."""

import subprocess
import sys


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
