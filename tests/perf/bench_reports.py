"""Report export benchmark on a career-sized book; not collected by pytest.

    .venv/bin/python tests/perf/bench_reports.py [--db /tmp/rep5k.db] [--clients 5000]

Each report is exported in its own process (so peak memory is that report's alone:
the interpreter, the imports, the figures and the workbook), on a book made by
`amtui demo --clients N` when --db does not exist yet.  Prints seconds, peak memory
and file size per report.  The target: the status report under 150 MB peak for 5,000
clients and 200,000 interactions; the book report streams (constant_memory).
Run it once, not in a loop: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-27"

CHILD = """
import json, resource, sys, time
started = time.perf_counter()
from amtui import db
from amtui.reports.export import plan_export, run_export
db.open_book(sys.argv[1])
name, out = sys.argv[2], sys.argv[3]
client = None
if name == "brief":
    from amtui.models import Client
    client = Client.select(Client.id).order_by(Client.id).first().id
job = plan_export(name, client=client, output=out)
ready = time.perf_counter()
run_export(job, force=True)
done = time.perf_counter()
print(json.dumps({"seconds": done - ready, "total": done - started,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _book(path: Path, clients: int) -> None:
    if path.exists():
        return
    print(f"writing a demo book of {clients:,} clients to {path} …", flush=True)
    subprocess.run([sys.executable, "-m", "amtui", "demo", "--clients", str(clients),
                    "--db", str(path)], check=True, env={**os.environ, "AMTUI_TODAY": TODAY})


def _counts(path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        clients = con.execute("select count(*) from client").fetchone()[0]
        interactions = con.execute("select count(*) from interaction").fetchone()[0]
    finally:
        con.close()
    return f"{clients:,} clients, {interactions:,} interactions"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/rep5k.db", help="the book (made if missing)")
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--reports", default="status,quarterly,forecast,brief,book")
    args = parser.parse_args()
    path = Path(args.db)
    _book(path, args.clients)
    print(f"book: {path} ({_counts(path)}), today {TODAY}\n")
    print(f"{'report':<10} {'export':>9} {'process':>9} {'peak memory':>12} {'file':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.reports.split(","):
            out = Path(folder) / f"{name}.xlsx"
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-c", CHILD, str(path), name, str(out)],
                                    capture_output=True, text=True, timeout=900,
                                    env={**os.environ, "AMTUI_TODAY": TODAY})
            if result.returncode != 0:
                raise SystemExit(f"{name} failed: {result.stderr.strip()[-800:]}")
            import json

            figures = json.loads(result.stdout.strip().splitlines()[-1])
            wall = time.perf_counter() - started
            print(f"{name:<10} {figures['seconds']:>8.2f}s {wall:>8.2f}s "
                  f"{figures['peak_kb'] / 1024:>9.0f} MB {out.stat().st_size / 1e6:>7.1f} MB",
                  flush=True)


if __name__ == "__main__":
    main()
