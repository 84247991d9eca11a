"""Benchmark: import 50,000 interactions from a CSV, against csv + sqlite3 executemany.

Writes a CSV the way a CRM export looks (500 clients, US dates with times, quoted notes
with commas) and two fresh books holding those 500 clients.  Then, in this process:
- amtui: `import_file` into the first book (reading, checking every cell, matching the
  clients, one transaction);
- the baseline: a plain script into the second book: `csv.reader`, `strptime` for the
  moment, client ids from a dict, one `executemany` in one transaction;
and amtui again on the same file (every row unchanged).  Figures are CPU seconds (the
machine is shared); the ratio is amtui's over the baseline's.

    .venv/bin/python tests/perf/bench_import.py [ROWS] [--json]
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from amtui import db
from amtui.importers.run import import_file
from amtui.models import Interaction

KINDS = ("Call", "Email", "Meeting", "Note", "Visit")
CLIENTS = 500


def write_csv(path: Path, rows: int, clients: int = CLIENTS) -> None:
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


def _book_with_clients(path: Path, folder: Path) -> None:
    clients = folder / "clients.csv"
    with clients.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Account Name", "Industry"])
        out.writerows([f"Client {i:04d}", "Retail"] for i in range(CLIENTS))
    db.open_book(path)
    assert import_file(clients).ok
    db.close_book()


def baseline(source: Path, book: Path) -> int:
    """What a plain script does: read the CSV, convert, one executemany, one commit."""
    con = sqlite3.connect(book)
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA synchronous = FULL")  # as amtui writes a book of record
    ids = dict(con.execute("SELECT name, id FROM client"))
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    rows = []
    with source.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for name, when, kind, subject, comments in reader:
            moment = datetime.strptime(when, "%m/%d/%Y %I:%M %p").astimezone(UTC)
            rows.append((ids[name], kind.lower(), moment.strftime("%Y-%m-%d %H:%M:%S"),
                         subject, comments, now))
    with con:
        con.executemany(
            "INSERT INTO interaction (client_id, kind, happened_at, summary, outcome, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.close()
    return len(rows)


def _cpu(work) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(rows: int = 50_000) -> dict:
    with tempfile.TemporaryDirectory(prefix="amtui-import-") as tmp:
        folder = Path(tmp)
        source = folder / "activities.csv"
        write_csv(source, rows)
        ours, theirs = folder / "amtui.db", folder / "baseline.db"
        _book_with_clients(ours, folder)
        _book_with_clients(theirs, folder)
        base_wall, base_cpu, written = _cpu(lambda: baseline(source, theirs))
        assert written == rows
        db.open_book(ours)
        wall, cpu, first = _cpu(lambda: import_file(source))
        assert first.ok, first.errors[:3]
        assert Interaction.select().count() == rows
        again_wall, again_cpu, again = _cpu(lambda: import_file(source))
        assert again.ok
        db.close_book()
    return {"rows": rows, "amtui": {"wall": wall, "cpu": cpu}, "baseline": {"wall": base_wall, "cpu": base_cpu},
            "again": {"wall": again_wall, "cpu": again_cpu}, "ratio": cpu / base_cpu,
            "summary": first.summary()[0], "again_summary": again.summary()[0]}


def main(argv: list[str]) -> None:
    rows = int(next((a for a in argv if a.isdigit()), 50_000))
    figures = measure(rows)
    if "--json" in argv:
        print(json.dumps(figures, indent=1))
        return
    a, b, c = figures["amtui"], figures["baseline"], figures["again"]
    print(f"import {rows:,} interactions: {a['cpu']:.2f} s CPU ({a['wall']:.2f} s wall; {figures['summary']})")
    print(f"csv + sqlite3 executemany:    {b['cpu']:.2f} s CPU ({b['wall']:.2f} s wall)   ratio {figures['ratio']:.2f}")
    print(f"import them again:            {c['cpu']:.2f} s CPU ({c['wall']:.2f} s wall; {figures['again_summary']})")


if __name__ == "__main__":
    main(sys.argv[1:])
