"""The stored last contact (schema version 6, amtui/last_contacts.py): after any writes,
whoever makes them (core, the importer, undo, a client's deletion, a bulk copy), each
client's stored value is the MAX of its interactions' times, and no client without
interactions has one.  The readers (past cadence, the contact gaps, the client list) read
it instead of a MAX per client."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from query_plans import plans_of

from amtui.core import clients, interactions, undo
from amtui.core.errors import ChangedElsewhere, InvalidInput, NotFound
from amtui.models import Client, Interaction, UndoAction, UndoRow, database

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def stored() -> dict[int, str]:
    return dict(database.execute_sql("SELECT client_id, last_contact FROM client_contact").fetchall())


def expected() -> dict[int, str]:
    return dict(database.execute_sql(
        "SELECT client_id, MAX(happened_at) FROM interaction GROUP BY client_id").fetchall())


def _import(tmp_path, n: int, client_names: list[str]) -> None:
    from amtui.importers.run import import_file

    path = tmp_path / f"activities{n}.csv"
    lines = ["Account Name,Date,Activity Type,Subject"]
    for i in range(1 + n % 7):
        name = client_names[(n + i) % len(client_names)] if client_names else f"Imported {n}"
        lines.append(f"{name},2025-{1 + (n + i) % 12:02d}-{1 + (n * i) % 27:02d} {1 + i % 11}:15,Call,Row {i}")
    path.write_text("\n".join(lines) + "\n")
    result = import_file(path)
    assert result.ok, result.errors


ACTIONS = st.lists(
    st.tuples(st.sampled_from(("client", "log", "log", "edit", "move", "delete", "delete_client",
                               "import", "undo", "undo")),
              st.integers(0, 30), st.integers(0, 400)),
    min_size=1, max_size=30,
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
@example(actions=[("client", 0, 0), ("log", 0, 5), ("log", 0, 9), ("delete_client", 0, 0),
                  ("undo", 0, 0)])  # a deleted client and its interactions put back
@example(actions=[("client", 0, 0), ("log", 0, 5), ("log", 0, 9), ("delete", 1, 0),
                  ("undo", 0, 0)])  # the latest interaction deleted, then put back
@example(actions=[("client", 0, 0), ("client", 1, 0), ("log", 0, 50), ("move", 0, 1),
                  ("undo", 0, 0)])  # an interaction moved to another client and back
@example(actions=[("client", 0, 0), ("import", 0, 3), ("undo", 0, 0), ("log", 0, 2)])
def test_the_stored_last_contact_is_always_the_latest_interaction(book_path, tmp_path, actions):
    """Random writes through every path that touches interactions, each recorded for undo as
    the app and the CLI record them, then undone in turn: the stored value is each client's
    MAX(happened_at) after every step."""
    # each example from nothing (a server book never gives a number twice: an earlier
    # example's undo list would name rows this one never had)
    UndoRow.delete().execute()
    UndoAction.delete().execute()
    Interaction.delete().execute()
    Client.delete().execute()
    for action, pick, n in actions:
        ids = [c.id for c in Client.select(Client.id).order_by(Client.id)]
        client = ids[pick % len(ids)] if ids else None
        logged = [i.id for i in Interaction.select(Interaction.id).order_by(Interaction.id)]
        interaction = logged[pick % len(logged)] if logged else None
        try:
            if action == "undo":
                undo.undo_last()
            elif action == "client" or client is None:
                with undo.recording("client"):
                    clients.create_client(f"Client {n} {len(ids)}")
            elif action == "import":
                with undo.recording("import"):
                    _import(tmp_path, n, [Client.get_by_id(c).name for c in ids])
            elif action == "log" or interaction is None:
                with undo.recording("log"):
                    interactions.log_interaction(client, f"Call {n}", when=START - timedelta(hours=n * 7))
            elif action == "edit":
                with undo.recording("edit"):
                    interactions.update_interaction(interaction, when=START - timedelta(hours=n * 5))
            elif action == "move":  # as a merge moves them: a bulk UPDATE of the client
                target = ids[n % len(ids)]
                with undo.recording("move"), database.atomic():
                    Interaction.update(client=target).where(Interaction.id == interaction).execute()
            elif action == "delete":
                with undo.recording("delete"):
                    interactions.delete_interaction(interaction)
            elif action == "delete_client":
                with undo.recording("delete client"):
                    clients.delete_client(client)
        except (InvalidInput, NotFound, ChangedElsewhere):
            pass  # e.g. undo of a record whose number was given since: refused, nothing written
        assert stored() == expected(), action


def test_a_new_book_and_the_demo_have_it(demo_book):
    assert stored() == expected() and len(stored()) > 10


def test_a_client_given_a_deleted_clients_number_starts_with_no_last_contact(book_path):
    """SQLite gives the highest number again once its client is deleted: the new client
    never inherits the old one's value."""
    first = clients.create_client("First")
    interactions.log_interaction(first, "Call", when=START)
    Client.delete().where(Client.id == first).execute()
    assert stored() == {}
    again = clients.create_client("Second")
    assert stored() == expected() == {}
    interactions.log_interaction(again, "Call", when=START - timedelta(days=3))
    assert stored() == expected()


def test_a_bulk_write_keeps_it(book_path):
    """A bulk write (the text index paused: on a server book the stored values' triggers
    too, every value worked out once at the end) leaves every value true, and the
    triggers work again afterwards."""
    from amtui.undo_schema import text_index_paused

    c = clients.create_client("Acme")
    with database.atomic(), text_index_paused(database.obj):
        Interaction.insert_many([
            {"client": c, "kind": "call", "happened_at": START - timedelta(days=d), "summary": "x"}
            for d in range(5)]).execute()
    assert stored() == expected() == {c: "2026-06-01 09:00:00"}
    interactions.log_interaction(c, "Later", when=START + timedelta(days=1))
    assert stored() == expected() == {c: "2026-06-02 09:00:00"}


# --- the readers: the stored value, read once per client, no MAX over interactions ----------
def _reads(run) -> list[str]:
    """The SQL of every SELECT `run()` sends (either engine)."""
    from playhouse.test_utils import count_queries

    with count_queries() as queries:
        run()
    return [q.msg[0] for q in queries.get_queries() if q.msg[0].lstrip().upper().startswith("SELECT")]


def _readers():
    from amtui.core import cadence, client_list

    return {
        "overdue_list": lambda: cadence.overdue_list().rows(10),
        "gaps": lambda: cadence.gaps(),
        "client_page": lambda: client_list.client_page(limit=20),
        "client_page_by_last_contact": lambda: client_list.client_page(sort="last_contact", limit=20),
        "client_ids_by_last_contact": lambda: client_list.client_ids(sort="last_contact"),
    }


def test_the_readers_read_the_stored_last_contact_once_and_no_interaction(demo_book, monkeypatch):
    """Past cadence (its whole list, read once for its pages), the contact gaps and the
    client list (a page, a page and the ids sorted by last contact): each reading query
    names the stored value's table once (one join) and never the interactions."""
    from amtui.core import health

    for name, run in _readers().items():
        monkeypatch.setattr(health, "_book_cache", None)  # the list reads the gaps' columns
        reads = [q for q in _reads(run) if '"client"' in q]
        assert reads, name
        for query in reads:
            assert '"interaction"' not in query, (name, query)
            assert query.count('"client_contact"') <= 1, (name, query)
        assert any('"client_contact"' in q for q in reads), name


@pytest.mark.sqlite_only(reason="SQLite's EXPLAIN QUERY PLAN")
def test_the_stored_last_contact_is_found_by_its_key(demo_book):
    """SQLite's plans: the stored value is looked up by the client's number (the table's
    integer key), never scanned per client, and the interactions' index is not read."""
    for name, run in _readers().items():
        for sql, plan in plans_of(run):
            if "client_contact" not in sql:
                continue
            lines = [line for line in plan if " t" in line or "client_contact" in line]
            assert not any("interaction" in line for line in plan), (name, plan)
            assert any("INTEGER PRIMARY KEY" in line for line in lines) or any(
                "SCAN" in line and "client_contact" in line for line in plan), (name, plan)


def test_the_past_cadence_first_page_costs_the_same_queries_at_any_size(demo_book):
    """The list and its first page: the settings and one query, with the stored value joined."""
    from playhouse.test_utils import count_queries

    from amtui.core import cadence

    with count_queries() as queries:
        cadence.overdue_list().rows(10)
    assert queries.count == 2
