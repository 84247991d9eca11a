"""Benchmarks for a career-sized book; not collected by pytest (tests/perf is excluded).

    .venv/bin/python tests/perf/bench.py --book PATH [--json] [--rounds 5]
    .venv/bin/python tests/perf/bench.py --clients 20000 --keep /tmp/perf20k.db
    .venv/bin/python tests/perf/bench.py --book PATH --db postgresql://USER@HOST:PORT/DB

With --db, the same book on a PostgreSQL server (`amtui copy PATH URL` first) is measured
against the SQLite file in the same run: start to Today, the client list, its filter,
`status --json` and each report; the ratio is server / file (issue 18: <= 1.5).

Prints the rows of issue 14's table it can measure: each figure with its baseline
measured in the same run (a bare Textual app, `python -c "import peewee, sqlite3"`, raw
xlsxwriter making the same calls, csv + sqlite3 executemany) and the ratio, which is the
number that counts on a shared machine.  The TUI figures come from freeze.py (a Pilot
harness with a 10 ms timer), run in a child process per app; the export rows from
bench_exports.py and the import row from bench_import.py.  The CLI, export and import
rows are CPU seconds (user + system of the process): wall-clock time on a shared machine
says as much about the neighbours.  Children run with compiled bytecode cached (in a
temp folder), as an installed amtui does, even where PYTHONDONTWRITEBYTECODE is set.
Without --book it generates a demo book first (and times that).  `--only cli,exports`
picks groups (tui, cli, exports, import; start: only the tui group's two start rows, the
bare app and amtui alternating for --rounds rounds, with the median ratio of the rounds
and their range, and the runs' CPU); `--exports status,book` picks reports (the
book export takes minutes).  Run it once, not in a loop: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
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
from amtui.db import integrity
from amtui.tui.app import AmtuiApp
from amtui.tui.screens.today import TodayScreen

class Today(TodayScreen):
    def _show_agenda(self, *args, **kwargs) -> None:
        super()._show_agenda(*args, **kwargs)
        if not getattr(self, "_timed", False):  # the first rows (at the start: each section's first page)
            self._timed = True
            self.call_after_refresh(self.app._moment, "agenda")
        if self.agenda is not None and not getattr(self, "_whole", False):  # the counts, the banner
            self._whole = True
            self.call_after_refresh(self.app._agenda_painted)

class FirstPaint(AmtuiApp):
    _BASE_PATH = sys.modules[AmtuiApp.__module__].__file__  # find amtui.tcss from here
    MODES = {**AmtuiApp.MODES, "today": Today}

    def on_mount(self) -> None:
        # AmtuiApp.on_mount (the config and welcome checks, the snapshot, the damage check)
        # runs too, as at a real start: Textual calls each class's handler, so calling
        # super() here ran it twice (two snapshot workers, two damage checks)
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self._moment("painted")

    def _moment(self, name: str) -> None:
        # the moment, and the CPU the process had used by then (every thread's)
        print(f"{name} {time.time():.6f}", flush=True)
        print(f"{name}_cpu {time.process_time():.6f}", flush=True)

    # the start's damage check of a big book runs to its end before the exit, so the
    # run's CPU has it wherever it runs (beside the first load, or after it)
    _checked = not integrity.needs_background_check(sys.argv[1])
    _shown = False

    def _agenda_painted(self) -> None:
        self._moment("whole")
        self._shown = True
        if self._checked:
            self.exit()

    def on_worker_state_changed(self, event) -> None:
        if event.worker.group == "damage-check" and event.worker.is_finished:
            self._checked = True
            if self._shown:
                self.exit()

FirstPaint(db_path=sys.argv[1]).run(headless=True, size=(140, 42))
"""

# The baseline: a bare Textual app (header, 50-row DataTable, footer), to its first paint.
BARE_PAINT = """
import time
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Client", "Tier", "Industry", "Last contact", "Pipeline", "Issues")
        for i in range(50):
            table.add_row(f"Client {i}", "A", "Retail", "2026-11-20", f"{i * 1000:,}", str(i % 3))
        self.call_after_refresh(self._painted)

    def _painted(self):
        print(f"painted {time.time():.6f}", flush=True)
        print(f"agenda {time.time():.6f}", flush=True)
        print(f"painted_cpu {time.process_time():.6f}", flush=True)
        self.exit()

Bare().run(headless=True, size=(140, 42))
"""
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import bench_exports  # noqa: E402  (beside this file)


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


# --- issue 14's table -----------------------------------------------------------------------
class Table:
    """Rows of (figure, value, baseline, ratio, goal), printed or dumped as JSON."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, figure: str, value: float, unit: str, baseline: float | None = None,
            goal: str = "", note: str = "") -> None:
        ratio = round(value / baseline, 2) if baseline else None
        self.rows.append({"figure": figure, "value": round(value, 3), "unit": unit,
                          "baseline": None if baseline is None else round(baseline, 3),
                          "ratio": ratio, "goal": goal, "note": note})

    def print(self) -> None:
        width = max(len(r["figure"]) for r in self.rows)
        print(f"{'figure':<{width}}  {'value':>10}  {'baseline':>10}  {'ratio':>6}  goal")
        for r in self.rows:
            base = "" if r["baseline"] is None else f"{r['baseline']:,.0f}" if r["unit"] == "ms" else f"{r['baseline']}"
            value = f"{r['value']:,.0f}" if r["unit"] in ("ms", "MiB") else f"{r['value']}"
            ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}"
            print(f"{r['figure']:<{width}}  {value:>7} {r['unit']:<3}{base:>10}  {ratio:>6}  {r['goal']}"
                  + (f"  ({r['note']})" if r["note"] else ""))


def _paint_times(path: Path | None) -> tuple[float, float]:
    moments = dict(paint_moments(path))
    return moments["painted"], moments["agenda"]


def paint_moments(path: Path | None) -> list[tuple[str, float]]:
    """Seconds from spawning the app on `path` (None: the bare app) to its first paint
    ("painted"), to Today's rows on screen ("agenda": at the start each section's first
    rows) and to the whole agenda ("whole": counts, banner); headless, 140x42.  With
    each, "NAME_cpu": the CPU seconds the process had used by then; and "cpu": the
    child's CPU seconds (user + system), start to exit."""
    spawned = time.time()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = [FIRST_PAINT, str(path)] if path is not None else [BARE_PAINT]
    result = subprocess.run([sys.executable, "-c", *code], capture_output=True, text=True,
                            timeout=300, env={**os.environ, "TERM": os.environ.get("TERM", "xterm-256color")})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    moments = dict(line.split() for line in result.stdout.splitlines() if line[:1].isalpha())
    if result.returncode != 0 or "painted" not in moments:
        raise SystemExit(f"the app did not paint: {result.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return [(k, float(v) - (0 if k.endswith("_cpu") else spawned)) for k, v in moments.items()] + [("cpu", cpu)]


def _freeze(args: list[str]) -> dict:
    result = subprocess.run([sys.executable, str(HERE / "freeze.py"), *args, "--json"],
                            capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"freeze.py failed: {result.stderr.strip()[-800:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _command(argv: list[str]) -> float:
    """CPU seconds (user + system) of a child process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=600)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _best(argv: list[str], runs: int = 3) -> float:
    _command(argv)  # a first run compiles and caches the bytecode, as an install has it
    return min(_command(argv) for _ in range(runs))  # the least disturbed run


GROUPS = ("tui", "cli", "exports", "import")  # and "start": only the start rows, round by round


def _spread(values: list[float]) -> str:
    values = sorted(values)
    return f"{values[len(values) // 2]:.2f} ({values[0]:.2f}-{values[-1]:.2f})"


def measure_start(table: Table, book: Path, rounds: int) -> None:
    """The start rows alone: each round runs the bare app and then amtui on the book, and
    the ratios are per round (the neighbours' load changes between rounds); the value is
    the median of the rounds, the note gives the median ratio and the range.  Beside the
    wall-clock moments, the CPU the process had used by each (every thread's), against
    the bare app's CPU at its first paint: steadier on a busy machine."""
    base_of = {"painted": "painted", "agenda": "painted", "whole": "painted",
               "painted_cpu": "painted_cpu", "agenda_cpu": "painted_cpu",
               "whole_cpu": "painted_cpu", "cpu": "cpu"}
    ratios: dict[str, list[float]] = {name: [] for name in base_of}
    values: dict[str, list[float]] = {name: [] for name in base_of}
    bares: dict[str, list[float]] = {name: [] for name in set(base_of.values())}
    paint_moments(None), paint_moments(book)  # bytecode compiled and cached, as installed
    for _ in range(rounds):
        bare = dict(paint_moments(None))
        app = dict(paint_moments(book))
        for name in bares:
            bares[name].append(bare[name])
        for name, base in base_of.items():
            values[name].append(app[name])
            ratios[name].append(app[name] / bare[base])

    def median(numbers: list[float]) -> float:
        return sorted(numbers)[len(numbers) // 2]

    for figure, name, goal in (("start -> Today painted", "painted", "ratio <= 1.2"),
                               ("start -> agenda rows shown", "agenda", "ratio <= 1.5"),
                               ("start -> whole agenda shown (counts, banner)", "whole", ""),
                               ("CPU used by Today painted", "painted_cpu", ""),
                               ("CPU used by agenda rows shown", "agenda_cpu", ""),
                               ("CPU used by whole agenda shown", "whole_cpu", ""),
                               ("the run's CPU, start to exit", "cpu", "")):
        table.add(figure, median(values[name]) * 1000, "ms", median(bares[base_of[name]]) * 1000, goal,
                  note=f"ratio per round: {_spread(ratios[name])}, {rounds} rounds")


def measure(book: Path, rounds: int, only: tuple[str, ...] = GROUPS,
            exports: tuple[str, ...] = bench_exports.REPORTS) -> Table:
    table = Table()
    if "start" in only and "tui" not in only:
        measure_start(table, book, rounds)
    if "tui" in only:
        measure_tui(table, book, rounds)
    if "cli" in only:
        measure_cli(table, book)
    if "exports" in only:
        for row in bench_exports.measure(book, exports):
            table.add(f"export {row['report']} (CPU)", row["cpu"], "s", row["raw_cpu"], row["goal"],
                      note=f"{row['wall']:.1f} s wall; baseline: raw xlsxwriter, same calls; "
                           f"{row['floor']:.2f} if only amtui's imports cost anything")
    if "import" in only:
        result = subprocess.run([sys.executable, str(HERE / "bench_import.py"), "--json"],
                                capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            raise SystemExit(f"bench_import.py failed: {result.stderr.strip()[-800:]}")
        figures = json.loads(result.stdout)
        table.add(f"import {figures['rows']:,} interactions (CPU)", figures["amtui"]["cpu"], "s",
                  figures["baseline"]["cpu"], "ratio <= 2",
                  note="baseline: csv + sqlite3 executemany into the same schema")
        table.add("import them again, unchanged (CPU)", figures["again"]["cpu"], "s",
                  figures["baseline"]["cpu"])
    return table


def measure_tui(table: Table, book: Path, rounds: int) -> None:
    bare_paint, _ = _paint_times(None)
    painted, agenda = _paint_times(book)
    table.add("start -> Today painted", painted * 1000, "ms", bare_paint * 1000, "ratio <= 1.2")
    table.add("start -> agenda rows shown", agenda * 1000, "ms", bare_paint * 1000, "ratio <= 1.5")

    bare = _freeze(["--bare", "--rounds", str(rounds * 2)])
    app = _freeze([str(book), "--rounds", str(rounds)])
    switch = bare["timings"]["bare switch"]
    t = app["timings"]
    for name in ("today", "pipeline", "quota", "clients"):
        figures = t[f"switch to {name}"]
        table.add(f"switch to {name} p50", figures["p50_ms"], "ms", switch["p50_ms"])
        table.add(f"switch to {name} p95", figures["p95_ms"], "ms", switch["p95_ms"], "p95 <= 100 ms (bare: ratio 1)")
        table.add(f"switch to {name} CPU p50", figures["cpu_p50_ms"], "ms", switch["cpu_p50_ms"])
    for figure, name, goal in (("pipeline table <-> board (v)", "pipeline v", "<= 100 ms"),
                               ("filter keystroke -> repaint", "filter keystroke", "<= 50 ms after the debounce"),
                               ("health sort", "health sort", "<= 150 ms")):
        table.add(f"{figure} p50", t[name]["p50_ms"], "ms", switch["p50_ms"], goal)
        table.add(f"{figure} CPU p50", t[name]["cpu_p50_ms"], "ms", switch["cpu_p50_ms"])
    worst = max(f["freeze_ms"] for name, f in t.items() if not name.startswith("first visit"))
    median = max(f["freeze_p50_ms"] for name, f in t.items() if not name.startswith("first visit"))
    table.add("longest event-loop freeze, any action", worst, "ms", switch["freeze_ms"], "<= 50 ms, always")
    table.add("event-loop freeze, worst action's median", median, "ms", switch["freeze_p50_ms"])
    table.add("TUI memory after visiting every section", app["rss_mib"], "MiB", bare["rss_mib"], "<= 80 MiB at 5k")


# peewee imports the PostgreSQL driver as it loads where one is installed (amtui hides
# it for a file book): the baseline is given both ways
NO_DRIVER = "import sys; sys.modules.update(psycopg=None, psycopg2=None); import peewee, sqlite3"


def measure_cli(table: Table, book: Path) -> None:
    base = _best([sys.executable, "-c", "import peewee, sqlite3"]) * 1000
    bare = _best([sys.executable, "-c", NO_DRIVER]) * 1000
    amtui = [str(Path(sys.executable).with_name("amtui")), "--db", str(book)]
    for figure, argv, goal in (("status --line", ["status", "--line"], "ratio <= 1.5"),
                               ("clients --json", ["clients", "--json"], "ratio <= 2"),
                               ("deals --json", ["deals", "--json"], "ratio <= 2")):
        cpu = _best(amtui + argv) * 1000
        table.add(f"{figure} (CPU)", cpu, "ms", base, goal,
                  note="baseline: python -c 'import peewee, sqlite3'")
        if bare < base * 0.9:  # a driver is installed: the same against peewee without it
            table.add(f"{figure} (CPU, vs peewee without the driver)", cpu, "ms", bare, goal,
                      note="baseline: the same import, the PostgreSQL driver hidden")


REPORTS = ("status", "quarterly", "forecast", "commission", "book", "brief")


def _first_client(book: Path) -> str:
    import sqlite3

    con = sqlite3.connect(book)
    try:
        return con.execute("SELECT name FROM client WHERE NOT archived ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        con.close()


def measure_server(book: Path, url: str, rounds: int) -> Table:
    """The server book (value) against the file (baseline), figure by figure."""
    table = Table()
    goal = "ratio <= 1.5"
    for name, index in (("start -> Today painted", 0), ("start -> agenda rows shown", 1)):
        file_s = min(_paint_times(book)[index] for _ in range(2))
        server_s = min(_paint_times(url)[index] for _ in range(2))  # type: ignore[arg-type]
        table.add(name, server_s * 1000, "ms", file_s * 1000, goal)
    on_file, on_server = _freeze([str(book), "--rounds", str(rounds)]), _freeze([url, "--rounds", str(rounds)])
    for figure, name in (("client list (switch to clients) p50", "switch to clients"),
                         ("filter keystroke -> repaint p50", "filter keystroke"),
                         ("pipeline (switch) p50", "switch to pipeline")):
        table.add(figure, on_server["timings"][name]["p50_ms"], "ms",
                  on_file["timings"][name]["p50_ms"], goal)
    amtui = str(Path(sys.executable).with_name("amtui"))
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-reports-"))
    try:
        commands = [("status --json", ["status", "--json"])]
        client = ["--client", _first_client(book)]
        commands += [(f"export {name}", ["export", name, *(client if name == "brief" else []),
                                         "--force", "-o", str(folder / f"{name}.xlsx")])
                     for name in REPORTS]
        for figure, argv in commands:
            file_ms = _best([amtui, "--db", str(book), *argv], runs=2) * 1000
            server_ms = _best([amtui, "--db", url, *argv], runs=2) * 1000
            table.add(figure, server_ms, "ms", file_ms, goal)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=5000, help="clients in a generated book (default 5000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="PATH", help="write the generated book here and keep it")
    parser.add_argument("--book", metavar="PATH", help="measure this existing book (no generating)")
    parser.add_argument("--rounds", type=int, default=5, help="repeats of each TUI action (default 5)")
    parser.add_argument("--json", action="store_true", help="the table as JSON")
    parser.add_argument("--db", metavar="URL", help="the same book on a PostgreSQL server: "
                        "measure it against the SQLite file (--book or generated)")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups of rows (default {','.join(GROUPS)}; or start)")
    parser.add_argument("--exports", default=",".join(bench_exports.REPORTS),
                        help="reports to export (default all; the book takes minutes)")
    args = parser.parse_args(argv)
    os.environ.setdefault("AMTUI_TODAY", "2026-11-27")
    folder = Path(tempfile.mkdtemp(prefix="amtui-bench-"))
    bench_exports.cached_bytecode(folder / "pycache")  # as an installed amtui loads
    try:
        extra: list[tuple[str, str]] = []
        if args.book:
            path = Path(args.book)
        else:
            path = Path(args.keep) if args.keep else folder / "book.db"
            if path.exists():
                raise SystemExit(f"{path} exists; give a new path to --keep, or --book to use it")
            extra = generate(path, args.clients, args.seed)
        table = (measure_server(path, args.db, args.rounds) if args.db else
                 measure(path, args.rounds, tuple(args.only.split(",")), tuple(args.exports.split(","))))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps({"book": str(path), "generated": dict(extra), "rows": table.rows}, indent=1))
    else:
        _print([("book", str(path)), *([("server book", _masked(args.db))] if args.db else []), *extra])
        table.print()
    return 0


def _masked(url: str) -> str:
    from amtui.config import ServerURL

    return str(ServerURL(url))


def _print(rows: list[tuple[str, str]]) -> None:
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    sys.exit(main())
