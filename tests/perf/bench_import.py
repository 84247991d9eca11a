"""Benchmark: import 50,000 interactions from a CSV (the issue's bar: under 15 s here).

Writes a CSV the way a CRM export looks (500 clients, US dates with times, quoted notes
with commas), imports it into a fresh temp book, then imports it again (every row
unchanged), and prints both timings.

    .venv/bin/python tests/perf/bench_import.py [ROWS]
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

from amtui import db
from amtui.importers.run import import_file
from amtui.models import Interaction

KINDS = ("Call", "Email", "Meeting", "Note", "Visit")


def write_csv(path: Path, rows: int, clients: int = 500) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Account Name", "Date", "Activity Type", "Subject", "Comments"])
        for i in range(rows):
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            hour, minute = rng.randint(8, 17), rng.choice((0, 15, 30, 45))
            out.writerow([
                f"Client {i % clients:04d}",
                f"{month}/{day}/2025 {hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
                rng.choice(KINDS),
                f"Touch point {i}",
                "Talked pricing, timing and next steps" if i % 3 else "",
            ])


def main(rows: int = 50_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "activities.csv"
        write_csv(source, rows)
        db.open_book(Path(tmp) / "bench.db")
        started = time.perf_counter()
        first = import_file(source)
        took = time.perf_counter() - started
        assert first.ok, first.errors
        assert Interaction.select().count() == rows
        print(f"import {rows:,} interactions: {took:.2f} s  ({first.summary()[0]}; {first.summary()[1]})")
        started = time.perf_counter()
        again = import_file(source)
        print(f"import them again:          {time.perf_counter() - started:.2f} s  ({again.summary()[0]})")
        db.close_book()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
