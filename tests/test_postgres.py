"""A book on a PostgreSQL server: choosing it, refusing what isn't a book, masking the
password, and `amtui copy` between files and servers.

The tests that need a server run with `--engine=postgresql` (or AMTUI_TEST_PG_URL); the
rest run on every engine.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from amtui import config, db, models, pgbook
from amtui.cli import main
from amtui.db import integrity, schema
from amtui.db.errors import BookError

needs_server = pytest.mark.pg_only


def test_a_password_in_a_url_is_masked_in_every_message():
    url = config.ServerURL("postgresql://rep:s3cret@db.example.com:5433/book")
    assert str(url) == "postgresql://rep:***@db.example.com:5433/book"
    assert "s3cret" not in repr(url)
    assert config.mask_url("postgresql://rep@db/book") == "postgresql://rep@db/book"


def test_the_book_comes_from_db_then_amtui_db_then_config_url(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[book]\nurl = "postgresql://rep@db.example.com/book"\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(cfg))
    monkeypatch.delenv("AMTUI_DB", raising=False)
    assert config.book_location() == config.ServerURL("postgresql://rep@db.example.com/book")
    monkeypatch.setenv("AMTUI_DB", str(tmp_path / "b.db"))
    assert config.book_location() == tmp_path / "b.db"
    assert config.book_location("postgres://x@h/d") == config.ServerURL("postgres://x@h/d")


@pytest.mark.parametrize("argv", [["status", "--line"], ["client", "add", "Acme"], []])
def test_a_config_toml_that_cant_be_read_is_refused_without_a_book_named(argv, capsys, tmp_path,
                                                                         monkeypatch):
    """It may name the rep's server book: the default file in its place would show an empty
    book (or take the rep's records) as if the server's were gone."""
    cfg = tmp_path / "config.toml"
    cfg.write_text('[book]\nurl = "postgresql://rep@db.example.com/book"\n[keys\n')
    monkeypatch.setenv("AMTUI_CONFIG", str(cfg))
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(argv) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"amtui: {cfg}: ") and line.endswith(
        "amtui can't tell which book to open: fix it, or name the book with --db (or AMTUI_DB)")
    assert not (tmp_path / "data").exists()  # no default book made in its place
    book = tmp_path / "named.db"  # a book named: the config's choice doesn't matter
    assert main(["client", "add", "Acme", "--db", str(book)]) == 0 and book.exists()


def test_a_password_in_the_url_is_refused_before_connecting(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "c.toml"))
    assert main(["clients", "--db", "postgresql://rep:hunter2@127.0.0.1:1/book"]) == 2
    err = capsys.readouterr().err
    assert "hunter2" not in err and "~/.pgpass or PGPASSWORD" in err
    assert len(err.strip().splitlines()) == 1


def test_without_the_driver_a_server_url_is_refused_in_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "c.toml"))
    monkeypatch.setattr(pgbook, "driver_missing", lambda: True)
    assert main(["clients", "--db", "postgresql://rep@127.0.0.1:1/book"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "amtui: postgresql://rep@127.0.0.1:1/book is a PostgreSQL book and the PostgreSQL "
        "driver is not installed: pip install 'amtui[postgres]'"
    )


def test_an_unreachable_server_is_one_line_with_the_password_masked(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "c.toml"))
    monkeypatch.setenv("PGPASSWORD", "hunter2")
    assert main(["doctor", "--db", "postgresql://rep@127.0.0.1:1/book"]) == 2
    err = capsys.readouterr().err
    assert "can't connect" in err and "hunter2" not in err
    assert len(err.strip().splitlines()) == 1


def test_copy_file_to_file_is_verified(demo_book, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert main(["copy", str(demo_book), str(target)]) == 0
    out = capsys.readouterr().out
    assert "verified: every count and every status figure is equal" in out
    assert "client" in out and "42 figures compared" in out
    assert target.stat().st_mode & 0o777 == 0o600


def test_copy_refuses_a_target_with_records_unless_forced(demo_book, tmp_path, capsys):
    target = tmp_path / "copy.db"
    assert main(["copy", str(demo_book), str(target)]) == 0
    capsys.readouterr()
    assert main(["copy", str(demo_book), str(target)]) == 1
    assert "already holds records" in capsys.readouterr().err
    assert main(["copy", str(demo_book), str(target), "--force"]) == 0


def test_copy_refuses_the_same_book_and_a_missing_source(book_path, tmp_path, capsys):
    assert main(["copy", str(book_path), str(book_path)]) == 1
    assert main(["copy", str(tmp_path / "none.db"), str(tmp_path / "x.db")]) == 2
    assert not (tmp_path / "x.db").exists()


@pytest.mark.sqlite_only(reason="a hard link to a book file")
def test_copy_refuses_a_hard_link_to_the_same_book(demo_book, tmp_path, capsys):
    """Another name for the same file: copying over it said the book was damaged (disk
    i/o error) and left -wal and -shm beside it."""
    link = tmp_path / "hard.db"
    os.link(demo_book, link)
    capsys.readouterr()
    assert main(["copy", str(demo_book), str(link), "--force"]) == 1
    assert "same book" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("hard")) == ["hard.db"]


def test_a_copied_book_takes_new_records_after_the_copied_ids(demo_book, tmp_path, capsys):
    """The copy writes ids itself: a server's id sequences must move past them."""
    from amtui.core import clients

    target = tmp_path / "copy.db"
    assert main(["copy", str(demo_book), str(target)]) == 0
    assert main(["copy", str(target), str(demo_book), "--force"]) == 0
    db.open_book(demo_book)
    assert clients.create_client("A brand new client") > 40


# --- on a server ---------------------------------------------------------------------
@needs_server
def test_a_database_with_other_tables_is_refused_untouched(pg_server):
    import psycopg

    url = pg_server.fresh_empty()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(BookError, match="not an amtui book"):
        db.open_book(url)
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]


@needs_server
def test_a_newer_book_is_refused_untouched(book_path):
    database = db.models.database.obj
    database.execute_sql("UPDATE amtui_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(BookError, match="schema version 99, newer"):
        db.open_book(book_path)
    assert database.execute_sql("SELECT value FROM amtui_meta").fetchone()[0] == "99"


@needs_server
def test_an_empty_database_becomes_a_book(pg_server):
    url = pg_server.fresh_empty()
    database = db.open_book(url)
    assert schema.schema_version(database) == schema.SCHEMA_VERSION
    assert integrity.integrity_problems(database) == []


@needs_server
def test_copy_server_to_file_and_back(demo_book, tmp_path, capsys):
    back = tmp_path / "back.db"
    assert main(["copy", str(demo_book), str(back)]) == 0
    assert main(["copy", str(back), str(demo_book), "--force"]) == 0
    assert "verified" in capsys.readouterr().out


@needs_server
def test_backup_of_a_server_book_is_a_verified_file_copy(demo_book, tmp_path, capsys):
    dest = tmp_path / "backup.db"
    assert main(["backup", str(dest)]) == 0
    assert capsys.readouterr().out.strip() == str(dest)
    schema.check_book(dest)
    assert db.open_book(dest) is not None


@needs_server
def test_doctor_on_a_server_book_masks_the_url_and_counts(demo_book, capsys, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "hunter2")
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[:3] == [f"server: {demo_book}", "connection: ok", f"schema version: {schema.SCHEMA_VERSION}"]
    assert "clients: 40" in lines and "hunter2" not in out


@needs_server
def test_text_has_no_length_limit_on_a_server_as_on_a_file(book_path):
    """SQLite never enforces varchar(255): neither may the server."""
    database = db.models.database.obj
    varchar = database.execute_sql(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
        "AND data_type = 'character varying'").fetchone()[0]
    assert varchar == 0


@needs_server
def test_a_v2_server_book_made_before_undo_and_text_gets_them_on_open(book_path):
    from amtui import pg_schema
    from amtui.core import search, undo
    from amtui.models import Client, database

    Client.create(name="Acme Corp", tier="A")
    for table in [m._meta.table_name for m in models.ALL_MODELS]:
        database.execute_sql(f'DROP TRIGGER IF EXISTS zz_undo_{table} ON "{table}"')
        database.execute_sql(f'DROP TRIGGER IF EXISTS zz_change_{table} ON "{table}"')
    database.execute_sql(f"DROP FUNCTION {pg_schema.UNDO_FUNCTION}")
    database.execute_sql(f"DROP TABLE {pg_schema.TEXT_TABLE}, {pg_schema.CHANGE_TABLE} CASCADE")
    assert not pg_schema.installed(database.obj)
    db.close_book()
    db.open_book(book_path)
    assert pg_schema.installed(database.obj)
    with undo.recording("Renamed"):
        Client.update(name="Acme Group").execute()
    from amtui.core import followups

    followups.add_follow_up(Client.get().id, title="Pacing check", due_on=date(2026, 12, 1))
    assert [h.help for h in search.search_text("pacing")] == ["Follow-up · due Tue 1 Dec"]
    assert undo.undo_last() == "Renamed" and Client.get().name == "Acme Corp"


@needs_server
def test_two_processes_recording_at_once_keep_their_changes_apart(book_path):
    """The open change is a transaction-local setting: a second connection writing while
    this one records notes nothing into this change."""
    import psycopg

    from amtui.core import undo
    from amtui.models import Client

    acme = Client.create(name="Acme Corp", tier="A").id
    Client.create(name="Bolt Ltd", tier="B")
    with psycopg.connect(book_path.url) as other, undo.recording("Renamed"):
        Client.update(name="Acme Group").where(Client.id == acme).execute()
        other.execute("UPDATE client SET notes = 'from the desktop' WHERE name = 'Bolt Ltd'")
        other.commit()
    assert undo.undo_last() == "Renamed"
    assert sorted((c.name, c.notes) for c in Client.select()) == [
        ("Acme Corp", ""), ("Bolt Ltd", "from the desktop")]


@needs_server
def test_a_copied_server_book_has_the_planners_statistics(demo_book, pg_server, tmp_path, capsys):
    """A bulk-written book has none until autovacuum comes round, and the client list's
    page query then took 60 ms instead of 5: `amtui copy` (as the demo) ANALYZEs."""
    import psycopg

    file = tmp_path / "book.db"
    assert main(["copy", str(demo_book), str(file)]) == 0
    target = pg_server.fresh_empty()
    assert main(["copy", str(file), target]) == 0
    db.close_book()
    with psycopg.connect(target) as conn:
        analyzed = {name for (name,) in conn.execute(
            "SELECT DISTINCT tablename FROM pg_stats WHERE schemaname = 'public'")}
    assert {"client", "interaction", "opportunity", "book_text"} <= analyzed


@needs_server
def test_a_read_after_the_server_restarted_answers_on_a_new_connection(demo_book, pg_server):
    before = models.Client.select().count()
    pg_server.cut_off(demo_book.url)
    # no error: the read runs again on a new connection
    assert models.Client.select().count() == before > 0


@needs_server
def test_a_save_while_the_server_is_down_changes_nothing_and_works_once_it_is_back(book_path, pg_server):
    from amtui.core import clients
    from amtui.db.errors import StorageError, describe_storage_error

    url = book_path.url
    pg_server.cut_off(url, refuse=True)
    try:
        with pytest.raises(StorageError) as failed:
            clients.create_client("Acme Corp")
        code, line = describe_storage_error(failed.value)
        assert code == 2 and line.startswith(f"can't reach the server of the book {book_path} (")
        assert line.endswith("nothing was changed, try again once it answers")
    finally:
        pg_server.let_in(url)
    clients.create_client("Acme Corp")  # the same connection object, a new connection
    assert [c.name for c in models.Client.select()] == ["Acme Corp"]


@needs_server
def test_a_write_outside_a_transaction_is_never_run_twice_on_a_new_connection(book_path, pg_server):
    """It may have reached the server before the connection died: it fails once, said."""
    from amtui.db.errors import StorageError

    pg_server.cut_off(book_path.url)
    with pytest.raises(StorageError):
        models.database.execute_sql("UPDATE setting SET value = value WHERE key = 'currency'")
    models.database.execute_sql("UPDATE setting SET value = value WHERE key = 'currency'")
