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

Schema version 5, measured on the 20,000-client demo book (79k deals, 54k follow-ups,
26k of them open), SQLite 3.40:
- Opportunity (status, closed_on, amount, client) replaces version 4's index without the
  client: health's won-in-12-months per client reads the index alone, 67 -> 18 ms
  (`won_in` stays covering).
- Opportunity (status, close_on): the open deals in close order, 68 -> 41 ms for their ids.
- Opportunity (client, status, amount): the client list's open pipeline, a covering seek
  per client, 90 -> 37 ms for every client.
- FollowUp (done_at, due_on, client): Today's first page of follow-ups (`follow_up_agenda.agenda_first`)
  reads the first open ones in due order instead of sorting all 26k, 23 -> 1.3 ms;
  health's overdue counts and `status --line`'s due count from the index alone
  (27 -> 12 ms, 9 -> 5 ms).  The client list's per-client subquery still seeks
  (client, done_at, due_on): with both indexes SQLite prefers the one with two equality
  terms, and the plan tests hold it there (a partial index WHERE done_at IS NULL was not
  used by SQLite 3.40 for the agenda at all).
- The single-column indexes these start with (opportunity client, opportunity status,
  follow-up done_at) are dropped: every query they served is served by the longer one.
- Opportunity (updated_at), measured on the 5,000-client book: the changes walk reads
  the past rows of only the deals written to since its snapshot (a seek, 0.3 ms, instead
  of every deal's last row, 10 ms), and the deals created since (5 ms scan -> 0.1 ms);
  the daily snapshot seeks the deals closed or written since the last one.  Added to
  version 5 before it shipped: `add_missing` gives it to a book already at 5.
"""

from __future__ import annotations

from peewee import Database, PostgresqlDatabase

from amtui.models import FollowUp, Opportunity

INDEXED_MODELS = (Opportunity, FollowUp)


OLD_BOOKINGS_INDEX = "opportunity_status_closed_on"  # versions 2 and 3
# what version 5 replaces by longer indexes that start with the same columns
SUPERSEDED_IN_5 = (
    "opportunity_status_closed_on_amount",  # version 4's bookings index: now with the client
    "opportunity_status",
    "opportunity_client_id",
    "follow_up_done_at",
)


def add_indexes(db: Database) -> None:
    """Migration step: create the indexes these models declare and the book lacks."""
    # safe=True: CREATE TABLE / INDEX IF NOT EXISTS; the tables exist, so only the
    # missing indexes are made
    db.create_tables(INDEXED_MODELS, safe=True)


def declared_names() -> set[str]:
    """The names of the indexes these models declare."""
    return {index._name for model in INDEXED_MODELS for index in model._meta.fields_to_index()}


def add_missing(db: Database) -> bool:
    """On opening a book already at the current version: make the declared indexes it lacks
    (one read of the index names; a write only when one is missing).  A book made at
    version 5 before version 5 gained an index gets it this way.  True if any was made."""
    if isinstance(db, PostgresqlDatabase):
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
    have = {name for (name,) in db.execute_sql(query).fetchall()}
    if declared_names() <= have:
        return False
    with db.atomic():
        add_indexes(db)
    return True


def cover_bookings(db: Database) -> None:
    """Migration step to version 4: bookings' index also holds the amount (a covering
    index), and replaces the (status, closed_on) one it extends."""
    add_indexes(db)
    db.execute_sql(f"DROP INDEX IF EXISTS {OLD_BOOKINGS_INDEX}")


def index_version_5(db: Database) -> None:
    """Migration step to version 5: the open deals', the per-client pipeline's and the open
    follow-ups' indexes, the bookings index with the client, and the shorter indexes they
    supersede dropped."""
    add_indexes(db)
    for name in SUPERSEDED_IN_5:
        db.execute_sql(f"DROP INDEX IF EXISTS {name}")
