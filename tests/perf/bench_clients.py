"""The `clients_list` figure: how fast the client list answers on a 5,000-client book.

    .venv/bin/python tests/perf/bench_clients.py [--db BOOK] [--clients 5000]

Without --db it builds a throwaway book of N clients (3 contacts, 8 interactions, a
follow-up, a deal and some issues each) in a temp folder.  Prints timings; asserts
nothing (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("AMTUI_TODAY", "2026-11-27")

from amtui import db  # noqa: E402
from amtui.core import client_list  # noqa: E402
from amtui.models import (  # noqa: E402
    Client,
    Contact,
    FollowUp,
    Interaction,
    Opportunity,
    ServiceIssue,
    Stage,
    database,
)

WORDS = "Acme Beta Cobalt Delta Ember Falcon Granite Harbor Indigo Juniper Keystone Lumen".split()
INDUSTRIES = ["Retail", "Manufacturing", "Healthcare", "Logistics", "Software", "Banking"]
FIRST = "Anna Ben Carla Dev Elena Femi Grace Hiro Ines Jon Kemal Lina".split()
LAST = "Smith Okafor Tanaka Rossi Meyer Silva Novak Haddad Kim Costa".split()


def build(n: int) -> None:
    rng = random.Random(7)
    today = date(2026, 11, 27)
    stage = Stage.select().where(Stage.outcome == "open").first()
    stamp = datetime(2026, 11, 27, 12, tzinfo=UTC)
    with database.atomic():
        names = [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}" for i in range(n)]
        Client.insert_many(
            [
                {
                    "name": name,
                    "name_key": Client.key_for(name),
                    "tier": "ABC"[i % 3],
                    "industry": rng.choice(INDUSTRIES),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for i, name in enumerate(names)
            ]
        ).execute()
        ids = [c.id for c in Client.select(Client.id)]
        contacts, interactions, follow_ups, deals, issues = [], [], [], [], []
        for cid in ids:
            for _ in range(3):
                contacts.append({"client": cid, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "created_at": stamp})
            for _ in range(8):
                when = stamp - timedelta(days=rng.randint(0, 200), hours=rng.randint(0, 20))
                interactions.append({"client": cid, "happened_at": when, "summary": "call", "created_at": stamp})
            follow_ups.append(
                {"client": cid, "title": "check in", "due_on": today + timedelta(days=rng.randint(-20, 40)), "created_at": stamp}
            )
            close = today + timedelta(days=rng.randint(0, 120))
            deals.append(
                {
                    "client": cid, "title": "deal", "amount": rng.randint(1, 500) * 1000, "stage": stage.id,
                    "probability": stage.probability, "forecast_category": stage.forecast_category,
                    "close_on": close, "original_close_on": close, "stage_entered_at": stamp,
                    "created_at": stamp, "updated_at": stamp,
                }
            )
            if rng.random() < 0.3:
                issues.append({"client": cid, "title": "broken", "severity": rng.choice(["low", "high"]), "opened_at": stamp})
        for model, rows in (
            (Contact, contacts), (Interaction, interactions), (FollowUp, follow_ups),
            (Opportunity, deals), (ServiceIssue, issues),
        ):
            for start in range(0, len(rows), 500):
                model.insert_many(rows[start : start + 500]).execute()


def timed(label: str, fn, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    size = len(result) if isinstance(result, list) else result
    print(f"clients_list  {label:<38} {best * 1000:8.1f} ms  ({size})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing book (default: build a throwaway one)")
    parser.add_argument("--clients", type=int, default=5000)
    args = parser.parse_args()
    if args.db:
        db.open_book(args.db)
    else:
        path = Path(tempfile.mkdtemp(prefix="amtui-bench-")) / "clients.db"
        db.open_book(path)
        started = time.perf_counter()
        build(args.clients)
        print(f"built {args.clients} clients in {time.perf_counter() - started:.1f} s at {path}")
    total = client_list.client_count()
    print(f"{total} clients in the book")
    timed("first page (name)", lambda: client_list.client_page())
    timed("count", lambda: client_list.client_count())
    # words from the book itself, so a demo book and the built one both find something
    name_word = Client.select(Client.name).order_by(Client.id).first().name.split()[0][:4].lower()
    contact = Contact.select(Contact.name).order_by(Contact.id).first()
    contact_word = contact.name.split()[-1].lower() if contact else "smith"
    timed("filter keystroke 'a'", lambda: client_list.client_page("a"))
    timed(f"filter keystroke '{name_word}'", lambda: client_list.client_page(name_word))
    timed(f"filter count '{name_word}'", lambda: client_list.client_count(name_word))
    timed(f"filter by contact '{contact_word}'", lambda: client_list.client_page(contact_word))
    for sort in client_list.SORTS[1:]:
        timed(f"sort change: {sort}", lambda s=sort: client_list.client_page(sort=s, descending=True))
    timed("last page (name)", lambda: client_list.client_page(offset=max(0, total - 100)))
    timed("page 10 (health)", lambda: client_list.client_page(sort="health", offset=900))


if __name__ == "__main__":
    main()
