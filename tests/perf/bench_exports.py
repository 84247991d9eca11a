"""Export benchmark rows for bench.py: each report against raw xlsxwriter writing the same cells.

    .venv/bin/python tests/perf/bench_exports.py --book BOOK [--reports status,book] [--json]

For each report:
1. `amtui export REPORT` is run as a user runs it, start to exit (the imports, opening the
   book, gathering the figures from core, writing the workbook);
2. in a child process, the report is exported once more with every public xlsxwriter call
   recorded (workbook, worksheet, format and chart methods, their arguments, formats by
   reference) to a temp file, then replayed into a fresh workbook: raw xlsxwriter making
   exactly the same calls with the same values and formats, nothing else (the replay's
   own bookkeeping, reading the recording and dispatching the calls, is timed by replaying
   into objects that do nothing, and taken off).  Cells amtui writes through xlsxwriter's
   undecorated `_write_string` / `_write_number` are replayed through the public
   `write_string` / `write_number` (the documented API a script would call).
To time another version of amtui (the code before a change), run this script with that
version's Python (its own virtualenv, amtui installed in it, not editable from this
checkout), on a copy of the book made before a newer amtui upgraded it.

The baseline is a Python process that imports xlsxwriter plus that replay; the ratio
(1 / baseline) is what amtui adds on top of xlsxwriter's own work.  Both are CPU seconds
(user + system): the processes are single-threaded and the machine is shared, so
wall-clock time says as much about the neighbours.  Run it once, not in a loop.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = "2026-11-27"
REPORTS = ("status", "quarterly", "forecast", "brief", "book")
GOALS = {"book": "ratio <= 1.15"}

CHILD = r"""
import json, os, pickle, resource, sys, time
from pathlib import Path

import xlsxwriter
from xlsxwriter import chart as chart_module
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from amtui import db
from amtui.reports.export import plan_export, run_export

book, name, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
db.open_book(book)
client = None
if name == "brief":
    from amtui.models import Client
    client = Client.select(Client.id).order_by(Client.id).first().id


def export(out: Path) -> None:
    run_export(plan_export(name, client=client, output=out), force=True)


# --- record every outermost public xlsxwriter call -------------------------------------
CHUNK = 5000


class Ref:
    __slots__ = ("n",)

    def __init__(self, n):
        self.n = n

    def __reduce__(self):
        return (Ref, (self.n,))


class Recorder:
    def __init__(self, path: Path):
        self.fh = path.open("wb")
        self.calls = []
        self.ids = {}  # id(object) -> Ref number
        self.keep = []  # the objects, so their ids stay theirs
        self.depth = 0

    def ref(self, obj):
        n = self.ids.get(id(obj))
        if n is None:
            n = self.ids[id(obj)] = len(self.keep)
            self.keep.append(obj)
        return Ref(n)

    def sub(self, value):
        if isinstance(value, (Workbook, Worksheet, Format, chart_module.Chart)):
            return self.ref(value)
        if type(value) in (list, tuple):
            return type(value)(self.sub(v) for v in value)
        if type(value) is dict:
            return {k: self.sub(v) for k, v in value.items()}
        return value

    def add(self, target, method, args, kwargs, result):
        is_object = isinstance(result, (Worksheet, Format, chart_module.Chart))
        made = self.ref(result).n if is_object else None
        self.calls.append((self.ref(target).n, method, self.sub(args), self.sub(kwargs), made))
        if len(self.calls) >= CHUNK:
            self.flush()

    def flush(self):
        if self.calls:
            pickle.dump(self.calls, self.fh, protocol=pickle.HIGHEST_PROTOCOL)
            self.calls = []

    def close(self):
        self.flush()
        self.fh.close()


recorder = None


def wrap(cls, method_name, recorded_as=None):
    original = cls.__dict__[method_name]
    name = recorded_as or method_name

    def recorded(self, *args, **kwargs):
        if recorder is None or recorder.depth:
            return original(self, *args, **kwargs)
        recorder.depth += 1
        try:
            result = original(self, *args, **kwargs)
        finally:
            recorder.depth -= 1
        recorder.add(self, name, args, kwargs, result)
        return result

    setattr(cls, method_name, recorded)


classes = [Workbook, Worksheet, Format]
import xlsxwriter.chart_area, xlsxwriter.chart_bar, xlsxwriter.chart_column  # noqa
import xlsxwriter.chart_doughnut, xlsxwriter.chart_line, xlsxwriter.chart_pie  # noqa
import xlsxwriter.chart_radar, xlsxwriter.chart_scatter, xlsxwriter.chart_stock  # noqa
for module in (xlsxwriter.chart, xlsxwriter.chart_area, xlsxwriter.chart_bar,
               xlsxwriter.chart_column, xlsxwriter.chart_doughnut, xlsxwriter.chart_line,
               xlsxwriter.chart_pie, xlsxwriter.chart_radar, xlsxwriter.chart_scatter,
               xlsxwriter.chart_stock):
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, chart_module.Chart):
            classes.append(value)
for cls in set(classes):
    for method_name, value in list(vars(cls).items()):
        if type(value) is type(wrap) and not method_name.startswith("_"):
            wrap(cls, method_name)
# amtui writes cells through xlsxwriter's undecorated `_write_string` / `_write_number`
# (the public methods less their A1-notation check); the baseline makes those cells'
# calls through the public methods, as a script using xlsxwriter's documented API does
for private in ("_write_string", "_write_number"):
    wrap(Worksheet, private, recorded_as=private[1:])

original_init = Workbook.__init__
opened = {}


def init(self, filename=None, options=None):
    opened["options"] = dict(options or {})
    recorder.depth += 1  # the workbook's own default formats are made by the replay's too
    try:
        original_init(self, filename, options)
    finally:
        recorder.depth -= 1


Workbook.__init__ = init
log = folder / "calls.pickle"
recorder = Recorder(log)
export(folder / "recorded.xlsx")
recorder.close()
workbook_ref = next(n for n, obj in enumerate(recorder.keep) if isinstance(obj, Workbook))
recorder = None
del init

# --- replay: raw xlsxwriter, the same calls ---------------------------------------------
Workbook.__init__ = original_init


def resolve(value, objects):
    if type(value) is Ref:
        return objects[value.n]
    if type(value) in (list, tuple):
        return type(value)(resolve(v, objects) for v in value)
    if type(value) is dict:
        return {k: resolve(v, objects) for k, v in value.items()}
    return value


class Idle:
    # takes every call and does nothing: the replay's own bookkeeping, timed alone

    def __getattr__(self, name):
        return lambda *args, **kwargs: Idle()


def replay(workbook) -> tuple[float, float]:
    # every recorded call on `workbook` and on what it made; wall and CPU seconds
    started, started_cpu = time.perf_counter(), time.process_time()
    objects = {workbook_ref: workbook}
    with log.open("rb") as fh:
        while True:
            try:
                calls = pickle.load(fh)
            except EOFError:
                break
            for target, method_name, args, kwargs, made in calls:
                args = resolve(args, objects)
                if kwargs:
                    kwargs = resolve(kwargs, objects)
                result = getattr(objects[target], method_name)(*args, **kwargs)
                if made is not None:
                    objects[made] = result
    return time.perf_counter() - started, time.process_time() - started_cpu


# xlsxwriter's own work: the replay less the same replay into objects that do nothing
# (reading the recording, resolving references, dispatching: not a script's work)
started, started_cpu = time.perf_counter(), time.process_time()
workbook = xlsxwriter.Workbook(str(folder / "raw.xlsx"), opened["options"])
opening, opening_cpu = time.perf_counter() - started, time.process_time() - started_cpu
real, real_cpu = replay(workbook)
idle, idle_cpu = replay(Idle())
raw = opening + real - idle
raw_cpu = opening_cpu + real_cpu - idle_cpu
print(json.dumps({"raw": raw, "raw_cpu": raw_cpu,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "calls": log.stat().st_size}))
"""


def _cpu(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of a child process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=3600,
                   env={**os.environ, "AMTUI_TODAY": os.environ.get("AMTUI_TODAY", TODAY)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _first_client(book: Path) -> str:
    con = sqlite3.connect(f"file:{book}?mode=ro", uri=True)
    try:
        return con.execute("select name from client order by id limit 1").fetchone()[0]
    finally:
        con.close()


def cached_bytecode(folder: Path) -> None:
    """Children load amtui from compiled bytecode, as an installed amtui does (even where
    PYTHONDONTWRITEBYTECODE is set), cached in `folder`; compiled here once."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(folder))
    import amtui

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(amtui.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL)


# `amtui export` run as a user runs it, writing the names of the modules it loaded at exit
LOADED = r"""
import atexit, json, runpy, sys
out, sys.argv = sys.argv[1], ["amtui", *sys.argv[2:]]
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
runpy.run_module("amtui", run_name="__main__", alter_sys=True)
"""
# a Python process importing those modules and nothing else: no book read, no workbook
IMPORTS = r"""
import importlib, json, sys
import amtui  # first, as `amtui` does: peewee then loads without the PostgreSQL driver
for name in json.load(open(sys.argv[1])):
    if name != "__main__" and name not in sys.modules:
        try:
            importlib.import_module(name)
        except Exception:
            pass
"""


def _starting_floor(argv: list[str], folder: Path) -> float:
    """CPU seconds of a process that only imports the modules `amtui export` loads: the
    least an export costs while it starts the same way (the report's modules, peewee,
    the book's models, xlsxwriter), however quick its reads and figures."""
    names = folder / "modules.json"
    subprocess.run([sys.executable, "-c", LOADED, str(names), *argv], check=True, cwd=folder,
                   stdout=subprocess.DEVNULL, timeout=3600,
                   env={**os.environ, "AMTUI_TODAY": os.environ.get("AMTUI_TODAY", TODAY)})
    return min(_cpu([sys.executable, "-c", IMPORTS, str(names)])[1] for _ in range(3))


def measure(book: Path, reports: tuple[str, ...] = REPORTS) -> list[dict]:
    """One row per report: `amtui export` start to exit against a Python process that
    imports xlsxwriter and makes the same calls; seconds of CPU, and their ratio.  `floor`:
    the ratio amtui would have if only its imports cost anything beyond those calls."""
    starting = min(_cpu([sys.executable, "-c", "import xlsxwriter"])[1] for _ in range(3))
    amtui = str(Path(sys.executable).with_name("amtui"))
    rows = []
    for name in reports:
        with tempfile.TemporaryDirectory(prefix="amtui-export-") as folder:
            # run in the temp folder: `python -c` puts the working folder first on the
            # path, and an amtui checkout there would be timed instead of the installed one
            result = subprocess.run([sys.executable, "-c", CHILD, str(book), name, folder],
                                    capture_output=True, text=True, timeout=3600, cwd=folder,
                                    env={**os.environ, "AMTUI_TODAY": os.environ.get("AMTUI_TODAY", TODAY)})
            if result.returncode != 0:
                raise SystemExit(f"export {name} failed: {result.stderr.strip()[-800:]}")
            raw = json.loads(result.stdout.strip().splitlines()[-1])
            argv = [amtui, "--db", str(book), "export", name, "-o", str(Path(folder) / "cli.xlsx")]
            if name == "brief":
                argv += ["--client", _first_client(book)]
            wall, cpu = _cpu(argv)
            floor = _starting_floor(["--db", str(book), *argv[3:], "--force"], Path(folder))
        baseline = starting + raw["raw_cpu"]
        rows.append({"report": name, "wall": wall, "cpu": cpu, "raw_wall": raw["raw"],
                     "raw_cpu": baseline, "ratio": cpu / baseline,
                     "floor": (floor + raw["raw_cpu"]) / baseline,
                     "goal": GOALS.get(name, "ratio <= 1.3"), "peak_mib": raw["peak_kb"] / 1024})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", required=True, help="a demo book (amtui demo --clients 5000)")
    parser.add_argument("--reports", default=",".join(REPORTS))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="amtui-pycache-") as cache:
        cached_bytecode(Path(cache))
        rows = measure(Path(args.book), tuple(args.reports.split(",")))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'report':<10} {'amtui CPU':>10} {'raw CPU':>8} {'ratio':>6} {'floor':>6}  {'amtui wall':>10}  goal")
    for r in rows:
        print(f"{r['report']:<10} {r['cpu']:>9.2f}s {r['raw_cpu']:>7.2f}s {r['ratio']:>6.2f} {r['floor']:>6.2f}  "
              f"{r['wall']:>9.2f}s  {r['goal']}")
    print("floor: the ratio if amtui's imports were its only cost beyond xlsxwriter's calls")


if __name__ == "__main__":
    main()
