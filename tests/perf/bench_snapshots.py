"""Snapshot and `changes` benchmark on a 5,000-client book; not collected by pytest.

    .venv/bin/python tests/perf/bench_snapshots.py [--db /tmp/changes5k.db]

Works on a copy of a book made by `amtui demo --clients 5000 --db PATH`.  Prints the
first snapshot (every open deal), a daily one after 30 deal changes, `changes --since
30d`, and the yearly growth of the snapshot tables estimated from the book's own rate
of change: one DealState row per deal and day with a StageChange in the last year
(an upper bound: category-only changes are rarer than stage changes), at the bytes a
row takes in the file.  Targets: a daily snapshot under 200 ms, `changes --since 30d`
under 1 s, growth under ~10 MB a year.  Run it once; the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 27)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/changes5k.db")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="amtui-bench-")) / "book.db"
    shutil.copy(args.db, work)
    os.environ["AMTUI_TODAY"] = TODAY.isoformat()
    from amtui import db
    from amtui.core import changes, snapshots
    from amtui.core.bookings import current_quarter
    from amtui.core.deal_moves import update_deal
    from amtui.models import Opportunity

    database = db.open_book(work)

    def timed(label, fn):
        started = time.perf_counter()
        result = fn()
        print(f"{label:<36}{time.perf_counter() - started:8.3f} s")
        return result

    def table_bytes(name: str) -> int:
        return database.execute_sql(
            "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name = ? OR name LIKE ?",
            (name, f"{name}_%"),
        ).fetchone()[0]

    first = timed("first snapshot (every open deal)", snapshots.take_snapshot)
    per_row = table_bytes("deal_state") / max(first.deals_written, 1)
    os.environ["AMTUI_TODAY"] = (TODAY + timedelta(days=1)).isoformat()
    ids = [o.id for o in Opportunity.select(Opportunity.id).where(Opportunity.status == "open").limit(30)]
    for deal_id in ids:
        update_deal(deal_id, amount=1234)
    timed("daily snapshot after 30 changes", snapshots.take_snapshot)
    os.environ["AMTUI_TODAY"] = TODAY.isoformat()
    timed("changes --since 30d", lambda: changes.changes_since(TODAY - timedelta(days=30), current_quarter()))
    year_ago = (TODAY - timedelta(days=365)).isoformat()
    rows = database.execute_sql(
        "SELECT COUNT(*) FROM (SELECT DISTINCT opportunity_id, substr(changed_at, 1, 10) "
        "FROM stage_change WHERE changed_at >= ?)", (year_ago,),
    ).fetchone()[0]
    figures = table_bytes("forecast_snapshot") / 4 * 730  # two rows a day, four stored so far
    growth = rows * per_row + figures
    print(f"deal rows a year (book's own rate)  {rows:8,}")
    print(f"bytes a deal row (with indexes)     {per_row:8.0f}")
    print(f"growth a year                       {growth / 1e6:8.1f} MB  (first snapshot "
          f"{table_bytes('deal_state') / 1e6:.1f} MB once)")
    db.close_book()
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
