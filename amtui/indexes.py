"""Indexes added for career-sized books (issue 14), and the migration step that adds them
to a book made before them.

The indexes themselves are declared on the models (so a new book gets them from
`create_tables`); the step only asks peewee to create the models' missing indexes, which
it does with CREATE INDEX IF NOT EXISTS, so running it twice or on a new book is harmless.
Measured on a 5,000-client demo book (19.9k deals, 13k follow-ups):
- Opportunity (status, closed_on): bookings in a period (`won_in`, called about 15 times
  by a Quota load) 12 ms -> 1.2 ms; the won-in-12-months part of health.  Schema
  version 4 makes it (status, closed_on, amount), a covering index: the sum is read from
  the index alone, 0.9 ms -> 0.13 ms a quarter (`cover_bookings`).
- FollowUp (client, done_at, due_on): a client's next open follow-up, a covering seek
  per client for the client list.  Led by the client on purpose: an index led by
  done_at was preferred by SQLite for the list's per-client subquery and scanned every
  open follow-up for each client (a 5,000-client list went from 0.6 s to 22 s);
  tests/test_perf_schema.py checks the plans.
"""

from __future__ import annotations

from peewee import Database

from amtui.models import FollowUp, Opportunity

INDEXED_MODELS = (Opportunity, FollowUp)


OLD_BOOKINGS_INDEX = "opportunity_status_closed_on"  # versions 2 and 3


def add_indexes(db: Database) -> None:
    """Migration step: create the indexes these models declare and the book lacks."""
    # safe=True: CREATE TABLE / INDEX IF NOT EXISTS; the tables exist, so only the
    # missing indexes are made
    db.create_tables(INDEXED_MODELS, safe=True)


def cover_bookings(db: Database) -> None:
    """Migration step to version 4: bookings' index also holds the amount (a covering
    index), and replaces the (status, closed_on) one it extends."""
    add_indexes(db)
    db.execute_sql(f"DROP INDEX IF EXISTS {OLD_BOOKINGS_INDEX}")
