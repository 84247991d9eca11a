"""Benchmarks for a career-sized book; not collected by pytest (tests/perf is excluded).

    .venv/bin/python tests/perf/bench.py [--clients 5000] [--seed 7] [--keep PATH]
    .venv/bin/python tests/perf/bench.py --book PATH     # an existing book: the app only

Prints the time to generate the demo book, the time from process start until the
first screen is painted (headless) and until Today's agenda is on it, and peak memory.  Run it once, not in a loop: the
machine is shared.  Later work adds its own measurements as functions below, each
returning rows for the table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The child opens the app headless on the book and exits on its first paint.  It prints
# the wall-clock moment of the paint so the parent can measure from the child's spawn.
FIRST_PAINT = """
import sys, time
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.today import TodayScreen

class Today(TodayScreen):
    def _show_agenda(self) -> None:
        super()._show_agenda()
        if not getattr(self, "_timed", False):
            self._timed = True
            self.call_after_refresh(self.app._agenda_painted)

class FirstPaint(AmtuiApp):
    _BASE_PATH = sys.modules[AmtuiApp.__module__].__file__  # find amtui.tcss from here
    MODES = {**AmtuiApp.MODES, "today": Today}

    def on_mount(self) -> None:
        super().on_mount()  # the config and welcome checks, as a real start
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        print(f"painted {time.time():.6f}", flush=True)

    def _agenda_painted(self) -> None:
        print(f"agenda {time.time():.6f}", flush=True)
        self.exit()

FirstPaint(db_path=sys.argv[1]).run(headless=True, size=(140, 42))
"""


def _mb(kilobytes: int) -> str:
    return f"{kilobytes / 1024:.0f} MB"  # ru_maxrss is in KiB on Linux


def generate(path: Path, clients: int, seed: int) -> list[tuple[str, str]]:
    from amtui import db, demo

    started = time.perf_counter()
    db.open_book(path)
    demo.build_demo_book(clients=clients, seed=seed)
    db.close_book()
    took = time.perf_counter() - started
    size = path.stat().st_size / 1_000_000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return [
        ("generate the demo book", f"{took:.2f} s ({size:.0f} MB file)"),
        ("peak memory, generating", _mb(peak)),
    ]


def first_paint(path: Path) -> list[tuple[str, str]]:
    spawned = time.time()
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(path)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "TERM": os.environ.get("TERM", "xterm-256color")},
    )
    ended = time.time()
    moments = dict(line.split() for line in result.stdout.splitlines() if line[:1].isalpha())
    if result.returncode != 0 or "painted" not in moments or "agenda" not in moments:
        raise SystemExit(f"the app did not paint: {result.stderr.strip()[-500:]}")
    painted, agenda = float(moments["painted"]), float(moments["agenda"])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return [
        ("process start to first paint", f"{painted - spawned:.2f} s"),
        ("... to Today's agenda painted", f"{agenda - spawned:.2f} s (exit at {ended - spawned:.2f} s)"),
        ("peak memory, app", _mb(peak)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000, help="clients in the book (default 5000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="PATH", help="write the book here and keep it")
    parser.add_argument("--book", metavar="PATH", help="time the app on this existing book (no generating)")
    args = parser.parse_args(argv)
    if args.book:
        _print([("book", args.book)] + first_paint(Path(args.book)))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-"))
    path = Path(args.keep) if args.keep else folder / "book.db"
    if path.exists():
        raise SystemExit(f"{path} exists; give a new path to --keep")
    try:
        rows = [("clients", f"{args.clients:,}")]
        rows += generate(path, args.clients, args.seed)
        rows += first_paint(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _print(rows)
    return 0


def _print(rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
