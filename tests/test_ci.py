"""CI runs exactly the test command README gives a new user (on SQLite, then on a
throwaway PostgreSQL server)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    line = next(line for line in readme.splitlines() if "pip install -e '.[test]' &&" in line)
    readme_command = line.rsplit("&&", 1)[1].strip()
    script = (ROOT / ".ci" / "run").read_text()
    found = re.search(r"^TEST_COMMAND=\((.*)\)$", script, re.M)
    assert found is not None
    assert shlex.split(found.group(1)) == shlex.split(readme_command)
    # both engines, the same command
    assert script.count('"${TEST_COMMAND[@]}"') == 2
    assert 'AMTUI_TEST_PG_URL="postgresql://' in script


def test_ci_stops_its_server_on_exit():
    script = (ROOT / ".ci" / "run").read_text()
    assert "trap stop_pg EXIT" in script
    assert "pg_ctl" in script and "rm -rf" in script
