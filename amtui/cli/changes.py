"""`amtui changes` (what changed since a date and how the forecast moved) and
`amtui snapshot` (the day's forecast snapshot those changes are measured from)."""

from __future__ import annotations

import argparse

from amtui.cli.common import db_parent, open_book, print_json
from amtui.core import backfill, dates_fmt, snapshots
from amtui.core import changes as ch
from amtui.core.accuracy import forecast_accuracy
from amtui.core.bookings import to_period
from amtui.core.counts import plural
from amtui.core.errors import InvalidInput
from amtui.core.money import fmt_money, money_str
from amtui.core.settings import get_settings

WALK_TITLES = {"commit": "Commit (won + commit)", "weighted": "Expected (won + weighted pipeline)"}
KIND_TITLES = {
    "added": "Added", "won": "Won", "lost": "Lost", "reopened": "Reopened", "deleted": "Deleted",
    "advanced": "Advanced", "moved back": "Moved back", "pulled in": "Pulled into the period",
    "pushed out": "Pushed out of the period", "category": "Category changed",
    "amount up": "Amount up", "amount down": "Amount down",
}


def register(sub) -> None:
    parent = db_parent()
    p = sub.add_parser(
        "changes", parents=[parent], help="what changed in the deals since a date, and how the forecast moved",
        description="The deals added, advanced, moved back, pushed out of or pulled into the period, "
        "changed in amount or category, won, lost, reopened or deleted since a date, and a walk of "
        "the commit and expected forecast from then to now whose steps add up to the difference. "
        "Exit status 0, 1 on bad input.",
    )
    p.add_argument("--since", metavar="WHEN", default="7d",
                   help="7d, 2w, 1m, a date (2026-11-20, yesterday, mon) or last-export (default: 7d)")
    p.add_argument("--period", metavar="PERIOD", help="2026-Q4, FY2026, next quarter ... (default: this quarter)")
    p.add_argument("--accuracy", action="store_true",
                   help="instead: the commit called --weeks before the end of each of the last four "
                   "quarters against what was won")
    p.add_argument("--weeks", type=int, default=4, metavar="N", help="with --accuracy: weeks before the end (default 4)")
    p.add_argument("--json", action="store_true", help="print it as JSON")
    p.set_defaults(handler=show_changes)

    p = sub.add_parser(
        "snapshot", parents=[parent], help="take today's forecast snapshot (once a day)",
        description="Store today's forecast figures and the deals that changed since the last "
        "snapshot. The app and every command that changes deals do this on the day's first "
        "use; a second snapshot the same day writes nothing. --backfill reconstructs the "
        "days before the first snapshot, back to the start of last fiscal year, from the deals' "
        "stage history (marked reconstructed; the charts and `amtui changes` say where).",
    )
    p.add_argument("--backfill", action="store_true", help="also reconstruct the days before the first snapshot "
                   "(this fiscal year and the one before)")
    p.set_defaults(handler=take_snapshot)


def show_changes(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    if args.accuracy:
        return show_accuracy(args)
    period = to_period(args.period)
    since = ch.parse_since(args.since)
    changes = ch.changes_since(since, period)
    trend = snapshots.trend(period)
    if args.json:
        # the daily figures' last reconstructed day (a backfill), as the text's "Daily
        # figures reconstructed from stage history to ..." says: null when none is
        last = trend.last_reconstructed
        print_json({**ch.as_dict(changes),
                    "reconstructed_up_to": last.isoformat() if last is not None else None})
        return 0
    currency = get_settings().currency
    where = " (reconstructed from the deals' stage history)" if changes.source == "reconstructed" else ""
    print(f"What changed in {period.label} since {dates_fmt.day(since)}{where}")
    rebuilt = trend.note()
    print(f"Daily figures {rebuilt}.\n" if rebuilt else "")
    for walk in (changes.commit, changes.weighted):
        print(f"{WALK_TITLES[walk.figure]:<40}{fmt_money(walk.start, currency):>16}")
        for step in walk.steps:
            if step.amount:
                label = f"  {step.label} ({step.deals})"
                print(f"{label:<40}{_signed(step.amount, currency):>16}")
        print(f"{'  now':<40}{fmt_money(walk.now, currency):>16}   ({_signed(walk.change, currency)})\n")
    if not changes.lines:
        print("No deal in the period changed.")
        return 0
    kind = None
    for line in changes.lines:
        if line.kind != kind:
            kind = line.kind
            print(f"{KIND_TITLES[kind]} ({changes.count(kind)})")
        arrow = f"{line.before} → {line.after}" if line.before and line.after else line.before or line.after
        when = f"  ({dates_fmt.day(line.when)})" if line.when else ""
        print(f"  {line.deal} · {line.client}: {arrow}{when}")
    return 0


def _signed(amount, currency: str) -> str:
    return ("+" if amount > 0 else "") + fmt_money(amount, currency)


def take_snapshot(args: argparse.Namespace) -> int:
    open_book(args, create=False)
    taken = snapshots.take_snapshot()
    if taken is None:
        print("Today's snapshot was already taken.")
    else:
        print(f"Snapshot of {', '.join(taken.periods)} taken; {plural(taken.deals_written, 'deal')} "
              "new or changed since the last one.")
    if args.backfill:
        days = backfill.backfill()
        print(f"Reconstructed {plural(days, 'earlier day')} from the stage history."
              if days else "No earlier day to reconstruct.")
    return 0


def show_accuracy(args: argparse.Namespace) -> int:
    if not 1 <= args.weeks <= 12:
        raise InvalidInput("weeks", "must be from 1 to 12")
    rows = forecast_accuracy(weeks=args.weeks)
    if args.json:
        print_json([
            {"quarter": r.quarter.label, "called_on": r.called_on.isoformat(), "commit": money_str(r.commit),
             "weighted": money_str(r.weighted), "won": money_str(r.won),
             "won_pct_of_commit": float(r.won_pct_of_commit) if r.won_pct_of_commit is not None else None,
             "source": r.source}
            for r in rows
        ])
        return 0
    currency = get_settings().currency
    print(f"Commit called {plural(args.weeks, 'week')} before each quarter's end, against what was won\n")
    print(f"{'Quarter':<9}{'Called on':<12}{'Commit':>16}{'Expected':>16}{'Won':>16}{'Won/commit':>12}")
    for r in rows:
        pct = f"{r.won_pct_of_commit}%" if r.won_pct_of_commit is not None else "–"
        mark = "  (reconstructed)" if r.source == "reconstructed" else ""
        print(f"{r.quarter.label:<9}{dates_fmt.day(r.called_on):<12}{fmt_money(r.commit, currency):>16}"
              f"{fmt_money(r.weighted, currency):>16}{fmt_money(r.won, currency):>16}{pct:>12}{mark}")
    return 0
