"""Pilot harness: how long keys take in the app, and the longest event-loop freeze.

    .venv/bin/python tests/perf/freeze.py BOOK [--json] [--rounds 5] [--size 140x42]
    .venv/bin/python tests/perf/freeze.py --bare [--json]    # the bare Textual baseline
    .venv/bin/python tests/perf/freeze.py BOOK --only today,client [--client ID]
    .venv/bin/python tests/perf/freeze.py BOOK --why 50   # where the loop was in each freeze > 50 ms
    .venv/bin/python tests/perf/freeze.py BOOK --rest 0.5  # half a second between actions

`--only` picks groups of actions (sections: the switches, pipeline v, sorts, filter;
today: switching to Today; client: opening a client, by default the one with the
longest timeline, and its Timeline tab, then back; board: Pipeline `v` alone, the first
`v` after a load apart; sort: the health and name sorts on Clients alone; filter: "sto"
typed into the Clients filter, after the sorts when both are asked for; quota: the
Quota screen's first visit, then rounds of `r` on it and of switching to Today and back).

A 10 ms interval timer runs on the app's event loop; the longest gap between two of its
ticks, less 10 ms, is the longest the loop was frozen.  An action's latency is the time
from the key until its workers finished and the screen was refreshed (Pilot's pause).
Each action's CPU time (process_time, all threads) is printed too: on a shared machine
it is steadier than wall time; and the collector's full collections during the action
(`full_gc`, all rounds) with the longest one's pause (`gc_ms`, from gc.callbacks) and
that one's CPU in the thread that made it (`gc_cpu_ms`).
The screen's thread alone (`Steps`): every step the event loop runs (an asyncio
callback: a widget's message, a repaint) is timed in that thread's own CPU time, which a
machine's other processes and the app's workers do not inflate; `step_ms` is the longest
step of the action (all rounds), `ui_cpu_ms` the median of the action's steps summed,
and `--steps MS` prints every step longer than MS with whose task it was.  The bare baseline is a Textual app with two modes of a header, a 50-row DataTable and a
footer, timed the same way.  Not collected by pytest; bench.py runs it in a child
process (one per book, so memory figures are the app's own).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import gc
import json
import os
import statistics
import sys
import threading
import time

os.environ.setdefault("AMTUI_TODAY", "2026-11-27")

TICK = 0.01
DEBOUNCE_WAIT = 0.2  # the list filters wait 0.15 s of quiet typing


class Sampler:
    """`--why`: a thread samples the event loop's stack every 2 ms; a freeze longer than
    `threshold` prints the functions most of its samples were in (inclusive counts)."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.main = threading.main_thread().ident
        self.samples: collections.deque = collections.deque(maxlen=50_000)
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            frame = sys._current_frames().get(self.main)
            names = []
            while frame is not None:
                code = frame.f_code
                names.append(f"{code.co_filename.split('site-packages/')[-1]}:{code.co_name}")
                frame = frame.f_back
            self.samples.append((time.perf_counter(), names))
            time.sleep(0.002)

    def explain(self, start: float, end: float, gap: float, action: str) -> None:
        counts: collections.Counter = collections.Counter()
        taken = [names for at, names in list(self.samples) if start <= at <= end]
        for names in taken:
            counts.update(set(names))
        print(f"--- {action}: freeze {gap * 1000:.0f} ms, {len(taken)} samples", file=sys.stderr)
        skip = ("asyncio/", "freeze.py", "_context", "runpy")
        shown = [(n, c) for n, c in counts.most_common(60) if not any(k in n for k in skip)]
        for name, count in shown[:45]:
            print(f"  {count:4d} {name}", file=sys.stderr)


class Gaps:
    """The longest gap between ticks of a 10 ms timer since the last reset."""

    sampler: Sampler | None = None
    action = "(between actions)"

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last - TICK
        self.longest = max(self.longest, gap)
        if self.sampler and gap > self.sampler.threshold:
            self.sampler.explain(self.last, now, gap, self.action)
        self.last = now

    def reset(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0


async def settle(app, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


class Collections:
    """The collector's full (generation 2) collections since the last reset: how many, the
    longest pause one made (gc.callbacks), and the longest one's CPU in the thread that
    made it (a busy machine stretches the pause, not the scan)."""

    def __init__(self) -> None:
        self.count, self.longest, self.longest_cpu = 0, 0.0, 0.0
        self._started, self._started_cpu = 0.0, 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started, self._started_cpu = time.perf_counter(), time.thread_time()
        else:
            self.count += 1
            self.longest = max(self.longest, time.perf_counter() - self._started)
            self.longest_cpu = max(self.longest_cpu, time.thread_time() - self._started_cpu)

    def reset(self) -> None:
        self.count, self.longest, self.longest_cpu = 0, 0.0, 0.0


class Steps:
    """The event loop's steps on the screen's thread, each timed in that thread's CPU
    (time.thread_time): an asyncio Handle runs one callback (a task's step: a widget's
    message pump handling what is queued, the compositor's repaint)."""

    def __init__(self, show: float | None = None, profile: float | None = None) -> None:
        import asyncio.events

        self.show = show
        self.profile = profile  # `--profile MS`: each step profiled, those over MS printed
        self.longest, self.total, self.longest_what = 0.0, 0.0, ""
        self.action = "(between actions)"
        original = asyncio.events.Handle._run
        steps = self

        def timed(handle) -> None:
            if steps.profile is not None:
                return profiled(handle)
            steps.messages = []
            started = time.thread_time()
            original(handle)
            spent = time.thread_time() - started
            noted(handle, spent)

        def profiled(handle) -> None:
            import cProfile
            import io
            import pstats

            profiler = cProfile.Profile(time.thread_time)
            started = time.thread_time()
            profiler.enable()
            original(handle)
            profiler.disable()
            spent = time.thread_time() - started
            noted(handle, spent)
            if spent > steps.profile:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
                print(f"--- {steps.action}: step {spent * 1000:.1f} ms CPU (profiled) {_whose(handle)}\n"
                      + out.getvalue().split("\n\n", 2)[-1], file=sys.stderr)

        def noted(handle, spent: float) -> None:
            steps.total += spent
            if spent > steps.longest or (steps.show is not None and spent > steps.show):
                what = _whose(handle)
                if spent > steps.longest:
                    steps.longest, steps.longest_what = spent, what
                if steps.show is not None and spent > steps.show:
                    handled = collections.Counter(steps.messages)
                    print(f"  step {spent * 1000:5.1f} ms CPU  {steps.action}: {what}"
                          + "".join(f"\n      {n} x {name}" for name, n in handled.most_common(12)), file=sys.stderr)

        asyncio.events.Handle._run = timed
        if show is not None:
            self._name_messages()

    def _name_messages(self) -> None:
        """`--steps`: a long step also lists the messages it handled (whose, which)."""
        from textual.message_pump import MessagePump

        dispatch = MessagePump._dispatch_message
        steps = self

        async def named(pump, message):
            steps.messages.append(f"{type(pump).__name__}.{type(message).__name__}")
            return await dispatch(pump, message)

        MessagePump._dispatch_message = named

    messages: list[str] = []

    def reset(self, action: str = "(between actions)") -> None:
        self.longest, self.total, self.longest_what, self.action = 0.0, 0.0, "", action


def _whose(handle) -> str:
    """What a loop step ran: the task's coroutine and, for a message pump, its node."""
    callback = getattr(handle, "_callback", None)
    task = getattr(callback, "__self__", None)
    coro = task.get_coro() if hasattr(task, "get_coro") else None
    if coro is None:
        return getattr(callback, "__qualname__", repr(callback))[:80]
    frame = getattr(coro, "cr_frame", None)
    owner = frame.f_locals.get("self") if frame is not None else None
    return f"{coro.__qualname__}" + (f" of {owner!r}"[:90] if owner is not None else "")


class Timings:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = {}
        self.freeze: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.collections = Collections()
        self.full_gc: dict[str, list[tuple[int, float, float]]] = {}
        self.step: dict[str, list[tuple[float, str]]] = {}
        self.ui_cpu: dict[str, list[float]] = {}

    steps: Steps | None = None

    rest = 0.0  # `--rest`: seconds between one action's settling and the next key

    async def measure(self, name: str, app, pilot, gaps: Gaps, act, idle: float = 0.0) -> None:
        """Time `act` until the screen settled; `idle` seconds the act spends waiting on
        purpose (a debounce) are not counted as latency."""
        if self.rest:
            await asyncio.sleep(self.rest)  # the rep reads the screen (the app's idle time)
        gaps.reset()
        gaps.action = name
        self.collections.reset()
        steps = self.steps
        if steps is not None:
            steps.reset(name)
        started, cpu = time.perf_counter(), time.process_time()
        await act()
        await settle(app, pilot)
        self.latency.setdefault(name, []).append(time.perf_counter() - started - idle)
        # CPU time of the whole process (workers too): steadier than wall time on a busy box
        self.cpu.setdefault(name, []).append(time.process_time() - cpu)
        self.freeze.setdefault(name, []).append(gaps.longest)
        gaps.action = "(between actions)"
        c = self.collections
        self.full_gc.setdefault(name, []).append((c.count, c.longest, c.longest_cpu))
        if steps is not None:
            self.step.setdefault(name, []).append((steps.longest, steps.longest_what))
            self.ui_cpu.setdefault(name, []).append(steps.total)
            steps.reset()

    def summary(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        self.longest_steps: dict[str, str] = {}
        for name, values in self.latency.items():
            ordered = sorted(values)
            out[name] = {
                "p50_ms": round(statistics.median(ordered) * 1000, 1),
                "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
                "freeze_ms": round(max(self.freeze[name]) * 1000, 1),
                "freeze_p50_ms": round(statistics.median(self.freeze[name]) * 1000, 1),
                "cpu_p50_ms": round(statistics.median(self.cpu[name]) * 1000, 1),
                # full collections during the action (all rounds) and the longest one's pause
                "full_gc": sum(n for n, _, _ in self.full_gc[name]),
                "gc_ms": round(max(p for _, p, _ in self.full_gc[name]) * 1000, 1),
                "gc_cpu_ms": round(max(p for _, _, p in self.full_gc[name]) * 1000, 1),
            }
            if name in self.step:
                longest = max(self.step[name])
                out[name]["step_ms"] = round(longest[0] * 1000, 1)
                out[name]["step_p50_ms"] = round(statistics.median(t for t, _ in self.step[name]) * 1000, 1)
                out[name]["ui_cpu_ms"] = round(statistics.median(self.ui_cpu[name]) * 1000, 1)
                self.longest_steps[name] = longest[1]
        return out


def rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


GROUPS = ("sections", "today", "client")
EXTRA = ("board", "sort", "filter", "quota")  # parts of sections, timed alone


def longest_timeline(book: str) -> int:
    import sqlite3

    with sqlite3.connect(book) as db:
        return db.execute("SELECT client_id FROM interaction GROUP BY client_id "
                          "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]


async def run_amtui(book: str, rounds: int, size: tuple[int, int],
                    only: tuple[str, ...] = GROUPS, client: int | None = None) -> dict:
    from amtui.tui.app import AmtuiApp

    app = AmtuiApp(db_path=book)
    gaps = Gaps()
    timings = Timings()
    async with app.run_test(size=size) as pilot:
        app.set_interval(TICK, gaps.tick)
        await settle(app, pilot)
        if "sections" not in only:
            await _some(app, pilot, gaps, timings, rounds, only, client or longest_timeline(book))
            return {"timings": timings.summary(), "rss_mib": round(rss_mib(), 1),
                    "longest_steps": timings.longest_steps}
        for key in "2341":  # first visits load every section
            await timings.measure(f"first visit {key}", app, pilot, gaps, lambda k=key: pilot.press(k))
        for _ in range(rounds):
            for key, name in (("1", "today"), ("3", "pipeline"), ("4", "quota"), ("2", "clients")):
                await timings.measure(f"switch to {name}", app, pilot, gaps, lambda k=key: pilot.press(k))
        await pilot.press("3")
        await settle(app, pilot)
        for _ in range(rounds):
            await timings.measure("pipeline v", app, pilot, gaps, lambda: pilot.press("v"))
        await pilot.press("2")
        await settle(app, pilot)
        screen = app.screen
        for _ in range(rounds):
            # the health sort, then back by name: each a reload of the list
            await timings.measure("health sort", app, pilot, gaps, _call(screen._sort_by, "health", False))
            await timings.measure("name sort", app, pilot, gaps, _call(screen._sort_by, "name", False))
        await _filter_rounds(app, pilot, gaps, timings, rounds)
        memory = rss_mib()
    return {"timings": timings.summary(), "rss_mib": round(memory, 1),
            "longest_steps": timings.longest_steps}


async def _some(app, pilot, gaps: Gaps, timings: Timings, rounds: int, only: tuple[str, ...],
                client: int) -> None:
    from amtui.tui.navigation import open_client

    await pilot.press("2")
    await settle(app, pilot)
    if "board" in only:
        await pilot.press("3")
        await settle(app, pilot)
        for _ in range(rounds):
            # the first `v` after a load fills the other view; the next ones only switch
            await timings.measure("pipeline r", app, pilot, gaps, lambda: pilot.press("r"))
            await timings.measure("pipeline v after r", app, pilot, gaps, lambda: pilot.press("v"))
            for _ in range(3):  # back to the table, to the board, to the table
                await timings.measure("pipeline v", app, pilot, gaps, lambda: pilot.press("v"))
        await pilot.press("2")
        await settle(app, pilot)
    if "quota" in only:
        await timings.measure("first visit of quota", app, pilot, gaps, lambda: pilot.press("4"))
        for _ in range(rounds):
            await timings.measure("quota r", app, pilot, gaps, lambda: pilot.press("r"))
            await pilot.press("1")
            await settle(app, pilot)
            await timings.measure("switch back to quota", app, pilot, gaps, lambda: pilot.press("4"))
        await pilot.press("2")
        await settle(app, pilot)
    if "sort" in only:
        screen = app.screen
        for _ in range(rounds):
            await timings.measure("health sort", app, pilot, gaps, _call(screen._sort_by, "health", False))
            await timings.measure("name sort", app, pilot, gaps, _call(screen._sort_by, "name", False))
    if "filter" in only:
        await _filter_rounds(app, pilot, gaps, timings, rounds)
    for _ in range(rounds):
        if "today" in only:
            await timings.measure("switch to today", app, pilot, gaps, lambda: pilot.press("1"))
            await pilot.press("2")
            await settle(app, pilot)
        if "client" in only:
            await timings.measure("open client", app, pilot, gaps, _call(open_client, app, client))
            await timings.measure("client timeline tab", app, pilot, gaps,
                                  _call(app.screen.action_part, 1))
            await timings.measure("timeline to the oldest", app, pilot, gaps, lambda: pilot.press("end"))
            await pilot.press("escape")
            await settle(app, pilot)


async def _filter_rounds(app, pilot, gaps: Gaps, timings: Timings, rounds: int) -> None:
    """On Clients: "sto" typed into the filter a letter at a time, then escape."""
    for _ in range(rounds):
        await pilot.press("slash")
        for letter in "sto":
            await timings.measure("filter keystroke", app, pilot, gaps,
                                  _typed(pilot, letter), idle=DEBOUNCE_WAIT)
        await pilot.press("escape")
        await settle(app, pilot)


def _call(fn, *args):
    async def act():
        fn(*args)
    return act


def _typed(pilot, letter: str):
    async def act():
        await pilot.press(letter)
        await asyncio.sleep(DEBOUNCE_WAIT)  # past the filter's debounce, as a rep pauses
    return act


async def run_bare(rounds: int, size: tuple[int, int]) -> dict:
    from textual.app import App
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Header

    class Page(Screen):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Client", "Tier", "Industry", "Last contact", "Pipeline", "Issues")
            for i in range(50):
                table.add_row(f"Client {i}", "A", "Retail", "2026-11-20", f"{i * 1000:,}", str(i % 3))

    class Bare(App):
        MODES = {"one": Page, "two": Page}
        DEFAULT_MODE = "one"
        BINDINGS = [Binding("1", "switch_mode('one')"), Binding("2", "switch_mode('two')")]

    app = Bare()
    gaps = Gaps()
    timings = Timings()
    async with app.run_test(size=size) as pilot:
        app.set_interval(TICK, gaps.tick)
        await settle(app, pilot)
        await pilot.press("2")
        await settle(app, pilot)
        for _ in range(rounds):
            for key in "12":
                await timings.measure("bare switch", app, pilot, gaps, lambda k=key: pilot.press(k))
        memory = rss_mib()
    return {"timings": timings.summary(), "rss_mib": round(memory, 1),
            "longest_steps": timings.longest_steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?")
    parser.add_argument("--bare", action="store_true", help="time the bare Textual baseline")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", default="140x42")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"groups of actions ({','.join(GROUPS + EXTRA)})")
    parser.add_argument("--client", type=int, help="the client `client` opens (default: the longest timeline)")
    parser.add_argument("--rest", type=float, default=0.0, metavar="S",
                        help="seconds between actions, as a rep reads the screen (default 0: key after key)")
    parser.add_argument("--why", type=float, metavar="MS",
                        help="print where the event loop was during each freeze longer than MS")
    parser.add_argument("--profile", type=float, metavar="MS",
                        help="profile every loop step; print those over MS of CPU (profiled: slower)")
    parser.add_argument("--steps", type=float, metavar="MS",
                        help="print every loop step on the screen's thread over MS of its CPU, and whose")
    args = parser.parse_args(argv)
    Timings.rest = args.rest
    Timings.steps = Steps(args.steps / 1000 if args.steps else None,
                          args.profile / 1000 if args.profile else None)
    if args.why:
        Gaps.sampler = Sampler(args.why / 1000)
    size = tuple(int(n) for n in args.size.split("x"))
    if args.bare:
        result = asyncio.run(run_bare(args.rounds, size))
    elif args.book:
        result = asyncio.run(run_amtui(args.book, args.rounds, size, tuple(args.only.split(",")),
                                       args.client))
    else:
        parser.error("give a BOOK or --bare")
    if args.json:
        print(json.dumps(result))
    else:
        for name, figures in result["timings"].items():
            print(f"{name:<20} " + "  ".join(f"{k} {v:>7}" for k, v in figures.items()))
        print(f"memory after visiting every section: {result['rss_mib']} MiB")
        for name, what in result.get("longest_steps", {}).items():
            print(f"longest step of {name}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
