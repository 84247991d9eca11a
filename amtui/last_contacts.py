"""Schema version 6: each client's last contact, stored (issue 14).

`client_contact` holds one row per client that has at least one interaction: the latest
`happened_at` of its interactions (UTC text, as stored).  Today's past cadence, the
contact gaps and the client list read it with a join (one row of a 20,000-row table per
client, from the table alone) instead of a MAX seek into the interactions' index per
client, and the local day of the last contact is worked out from the one value read.

Triggers keep it true on every write path, whoever writes (core, the importer's
executemany, undo putting rows back in any order, a merge moving interactions, a second
process, an older amtui of version 6): an inserted interaction raises the value if it is
later; a deleted one, or one moved to another client or time, makes its clients' values
be worked out again from MAX(happened_at) (a seek on the (client, happened_at) index), so
the order rows come and go in never matters.  A new client's row is worked out at once
(an undo can put a client's interactions back before the client; SQLite gives a deleted
client's number again), and a deleted client's row goes with it.  The table has no
foreign key: an interaction deleted by a client's cascade may be worked out after the
client's row went, and finds nothing left.

It is not among `models.ALL_MODELS`: undo, the row versions, the change counter and the
copies between books leave it alone; the triggers fill it as the interactions are written.
On a server book a bulk write (the demo, a copy) pauses them with the text index
(pg_schema.text_index_paused) and rebuilds the whole table once at the end; a file's
stay on (an added interaction costs its upsert, 4-5 µs).
"""

from __future__ import annotations

from peewee import Database, SqliteDatabase

TABLE = "client_contact"
PG_FUNCTION = "amtui_last_contact"
PG_PAUSED = "amtui.contact_paused"  # set to '1': the triggers do nothing (a bulk write)

CREATE_TABLE = (f"CREATE TABLE IF NOT EXISTS {TABLE} "
                "(client_id INTEGER PRIMARY KEY, last_contact TEXT NOT NULL)")
REBUILD = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (client_id, last_contact) "
    "SELECT client_id, MAX(happened_at) FROM interaction GROUP BY client_id",
]


def _recompute(client: str) -> str:
    """SQL (either engine): the client's value from its interactions, or no row."""
    return (
        f"INSERT INTO {TABLE} (client_id, last_contact) SELECT {client}, MAX(happened_at) "
        f"FROM interaction WHERE client_id = {client} HAVING MAX(happened_at) IS NOT NULL "
        "ON CONFLICT (client_id) DO UPDATE SET last_contact = excluded.last_contact; "
        f"DELETE FROM {TABLE} WHERE client_id = {client} "
        f"AND NOT EXISTS (SELECT 1 FROM interaction WHERE client_id = {client});"
    )


def _raise_to(client: str, stamp: str) -> str:
    """SQL (either engine): an interaction added: the value raised to its time if later."""
    return (
        f"INSERT INTO {TABLE} (client_id, last_contact) VALUES ({client}, {stamp}) "
        "ON CONFLICT (client_id) DO UPDATE SET last_contact = excluded.last_contact "
        f"WHERE excluded.last_contact > {TABLE}.last_contact;"
    )


SQLITE_TRIGGERS = {
    "contact_interaction_insert": "AFTER INSERT ON interaction BEGIN "
    + _raise_to("NEW.client_id", "NEW.happened_at") + " END",
    "contact_interaction_delete": "AFTER DELETE ON interaction BEGIN "
    + _recompute("OLD.client_id") + " END",
    "contact_interaction_update": "AFTER UPDATE OF client_id, happened_at ON interaction BEGIN "
    + _recompute("OLD.client_id") + " " + _recompute("NEW.client_id") + " END",
    "contact_client_insert": "AFTER INSERT ON client BEGIN " + _recompute("NEW.id") + " END",
    "contact_client_delete": f"AFTER DELETE ON client BEGIN DELETE FROM {TABLE} "
    "WHERE client_id = OLD.id; END",
}


def _pg_function() -> str:
    return f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF current_setting('{PG_PAUSED}', true) = '1' THEN
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'client' THEN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM {TABLE} WHERE client_id = OLD.id;
        ELSE
            {_recompute("NEW.id")}
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        {_raise_to("NEW.client_id", "NEW.happened_at")}
        RETURN NULL;
    END IF;
    {_recompute("OLD.client_id")}
    IF TG_OP = 'UPDATE' AND NEW.client_id <> OLD.client_id THEN
        {_recompute("NEW.client_id")}
    END IF;
    RETURN NULL;
END
$fn$"""


PG_TRIGGERS = {
    # "zz": after the foreign keys' own triggers (RI_...): a client's cascade first
    "zz_contact_interaction": "AFTER INSERT OR DELETE OR UPDATE OF client_id, happened_at "
    "ON interaction",
    "zz_contact_client": "AFTER INSERT OR DELETE ON client",
}


def trigger_names(db: Database) -> list[str]:
    return list(SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else PG_TRIGGERS)


def create_triggers(db: Database) -> None:
    if isinstance(db, SqliteDatabase):
        for name, body in SQLITE_TRIGGERS.items():
            db.execute_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        return
    db.execute_sql(_pg_function())
    for name, when in PG_TRIGGERS.items():
        db.execute_sql(f"CREATE OR REPLACE TRIGGER {name} {when} FOR EACH ROW "
                       f"EXECUTE FUNCTION {PG_FUNCTION}()")


def rebuild(db: Database) -> None:
    """Every client's value from the interactions (a migrated book, after a bulk write)."""
    for statement in REBUILD:
        db.execute_sql(statement)


def create(db: Database) -> None:
    """A new book, and MIGRATIONS[6] (inside the caller's transaction): the table, its
    rows for the interactions already there, the triggers."""
    db.execute_sql(CREATE_TABLE)
    rebuild(db)
    create_triggers(db)


def present(db: Database) -> bool:
    """Whether the book has the table (a copy made by another path may lack it)."""
    if isinstance(db, SqliteDatabase):
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    else:
        query = "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s"
    return db.execute_sql(query, (TABLE,)).fetchone() is not None


def pause(db: Database) -> None:
    """A server book's bulk write: the triggers do nothing until `resume`."""
    db.execute_sql("SELECT set_config(%s, '1', false)", (PG_PAUSED,))


def resume(db: Database) -> None:
    """After a server book's bulk write: the triggers work again, every value worked out
    once."""
    db.execute_sql("SELECT set_config(%s, '', false)", (PG_PAUSED,))
    rebuild(db)


def add_missing(db: Database) -> bool:
    """On opening a book already at version 6 or later: a book that lacks the table (a
    SQLite copy of a server book written through the models alone, as a migration's
    backup is) gets it, filled, with its triggers.  One read when it has it."""
    if present(db):
        return False
    with db.atomic():
        create(db)
    return True
