"""TUI memory after visiting every section, and who holds it (issue 14: <= 80 MiB at 5k).

    .venv/bin/python tests/perf/memory.py BOOK [--json]          # RSS after each of the keys 1..5
    .venv/bin/python tests/perf/memory.py BOOK --trace [--top 25] # and the biggest holders

Opens the app headless with Textual's Pilot (140x42), lets it settle, presses 2 3 4 5 1
(every section once, then back to Today) and reads the process's resident memory after
each key (a section's first visit: what it adds), then again after glibc's malloc_trim
(free memory kept by the allocator is not held data).  With --trace each key's line also
gives the highest Python memory (tracemalloc) its load reached above what was held before
it: a load's peak is what the process keeps, even once the load has freed it.  With
--trace, tracemalloc compares the Python memory after start-up with the memory after the
visits and lists the lines (grouped by file) that allocated most of what is still held:
where to look first.  tracemalloc slows the app and adds its own memory, so the RSS of a
--trace run is not the figure to quote.  Not collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import sys
import tracemalloc
from pathlib import Path

os.environ.setdefault("AMTUI_TODAY", "2026-11-27")
sys.path.insert(0, str(Path(__file__).parent))
from freeze import rss_mib, settle  # noqa: E402  (beside this file)

KEYS = "23451"


async def visit(book: str, trace: bool, top: int) -> dict:
    from amtui.tui.app import AmtuiApp

    app = AmtuiApp(db_path=book)
    held: list[tuple[str, float, int]] = []
    steps: list[tuple[str, float, float | None]] = []
    async with app.run_test(size=(140, 42)) as pilot:
        await settle(app, pilot)
        started = rss_mib()
        before = tracemalloc.take_snapshot() if trace else None
        for key in KEYS:
            if trace:
                tracemalloc.reset_peak()
            now = tracemalloc.get_traced_memory()[0] if trace else 0
            await pilot.press(key)
            await settle(app, pilot)
            # per section: the RSS after its first visit, and (traced) the highest Python
            # memory its load reached above what was held before the key
            steps.append((key, round(rss_mib(), 1),
                          round((tracemalloc.get_traced_memory()[1] - now) / 2**20, 1) if trace else None))
        gc.collect()
        after_rss = rss_mib()
        trimmed = _trimmed_rss()
        if trace:
            diff = tracemalloc.take_snapshot().compare_to(before, "filename")
            for stat in diff[:top]:
                frame = stat.traceback[0]
                held.append((frame.filename.split("site-packages/")[-1].split("/amtui/")[-1],
                             round(stat.size_diff / 2**20, 2), stat.count_diff))
    return {"rss_start_mib": round(started, 1), "rss_mib": round(after_rss, 1),
            "rss_trimmed_mib": trimmed, "steps": steps, "held": held}


def _trimmed_rss() -> float | None:
    """RSS once glibc has handed its free pages back (malloc_trim): what is held, not the
    high-water mark of the loads; None where there is no glibc."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        return None
    return round(rss_mib(), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book")
    parser.add_argument("--trace", action="store_true", help="list the biggest holders (tracemalloc)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.trace:
        tracemalloc.start()
    result = asyncio.run(visit(args.book, args.trace, args.top))
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"RSS after start-up {result['rss_start_mib']} MiB; after visiting {KEYS}: {result['rss_mib']} MiB "
          f"({result['rss_trimmed_mib']} MiB once glibc returns its free pages: malloc_trim)")
    for key, rss, peak in result["steps"]:
        print(f"  key {key}: RSS {rss} MiB" + (f", Python peak +{peak} MiB" if peak is not None else ""))
    for name, mib, count in result["held"]:
        print(f"  {mib:>7.2f} MiB {count:>9,} blocks  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
