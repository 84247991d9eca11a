"""Opening the book: constraints, money, file mode, pragmas, migrations, refusals, and
two writers at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import IntegrityError, fn

from amtui import db
from amtui.cli import main
from amtui.core.clock import now as stamp_now
from amtui.db import backups, integrity, schema
from amtui.db.errors import BookError
from amtui.models import (
    Client,
    Contact,
    Holding,
    Interaction,
    Opportunity,
    Product,
    Quota,
    Stage,
    database,
)

PYTHON = sys.executable


def _client(name: str = "Acme Corp") -> Client:
    return Client.create(name=name, industry="Media", tier="A")


def _deal(client: Client, stage: Stage, amount: str = "100.00") -> Opportunity:
    return Opportunity.create(
        client=client, title="Deal", amount=Decimal(amount), stage=stage,
        probability=stage.probability, forecast_category=stage.forecast_category,
        close_on=date(2026, 12, 15), original_close_on=date(2026, 12, 15),
    )


def _snapshot(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(os.listdir(path.parent))


# --- model constraints ---------------------------------------------------------------
def test_client_names_are_unique_ignoring_case_and_spacing(book_path):
    _client("Acme Corp")
    with pytest.raises(IntegrityError), database.atomic():
        _client("  ACME   corp ")
    assert Client.get().name_key == "acme corp"


def test_deleting_a_client_takes_its_records_with_it(book_path):
    client = _client()
    contact = Contact.create(client=client, name="Ana Ruiz")
    Interaction.create(client=client, contact=contact, happened_at=stamp_now(), summary="Call")
    _deal(client, Stage.get(Stage.name == "Qualify"))
    client.delete_instance()
    assert Contact.select().count() == Interaction.select().count() == Opportunity.select().count() == 0


def test_deleting_a_contact_keeps_the_interaction(book_path):
    client = _client()
    contact = Contact.create(client=client, name="Ana Ruiz")
    interaction = Interaction.create(client=client, contact=contact, happened_at=stamp_now(), summary="Call")
    contact.delete_instance()
    assert Interaction.get_by_id(interaction.id).contact_id is None


def test_a_product_in_use_or_a_stage_with_deals_cannot_be_deleted(book_path):
    client = _client()
    product = Product.create(name="Podcast Sponsorship", list_price=Decimal("30000"))
    Holding.create(client=client, product=product, annual_value=Decimal("25000"))
    stage = Stage.get(Stage.name == "Propose")
    _deal(client, stage)
    with pytest.raises(IntegrityError), database.atomic():
        product.delete_instance()
    with pytest.raises(IntegrityError), database.atomic():
        stage.delete_instance()
    assert Product.select().count() == 1 and Stage.get_by_id(stage.id)


# --- money -----------------------------------------------------------------------------
@pytest.mark.sqlite_only(reason="SQLite's typeof() storage classes")
def test_money_is_integer_cents_and_sums_exactly_in_sql(book_path):
    for i, price in enumerate(("0.10", "0.20", "0.30")):
        Product.create(name=f"p{i}", list_price=Decimal(price))
    total_cents = database.execute_sql("SELECT SUM(list_price) FROM product").fetchone()[0]
    assert total_cents == 60
    # peewee leaves SUM uncoerced (raw cents); .coerce(True) applies MoneyField's conversion
    assert Product.select(fn.SUM(Product.list_price)).scalar() == 60
    assert Product.select(fn.SUM(Product.list_price).coerce(True)).scalar() == Decimal("0.60")
    kinds = {r[0] for r in database.execute_sql("SELECT typeof(list_price) FROM product")}
    assert kinds == {"integer"}


@pytest.mark.parametrize(
    ("given", "stored", "back"),
    [
        (Decimal("12500"), 1250000, Decimal("12500.00")),
        (Decimal("0.005"), 1, Decimal("0.01")),  # half up
        (Decimal("12.344"), 1234, Decimal("12.34")),
        (Decimal("-3.50"), -350, Decimal("-3.50")),
        ("99.99", 9999, Decimal("99.99")),
    ],
)
def test_money_round_trips(book_path, given, stored, back):
    Quota.create(period="2026-Q4", amount=given)
    raw = database.execute_sql("SELECT amount FROM quota").fetchone()[0]
    assert raw == stored
    assert Quota.get().amount == back


# --- the file ---------------------------------------------------------------------------
@pytest.mark.sqlite_only(reason="the book file's mode")
def test_a_new_book_is_readable_only_by_its_owner(book_path):
    _client()
    assert book_path.stat().st_mode & 0o777 == 0o600
    wal = book_path.with_name(book_path.name + "-wal")
    assert wal.exists() and wal.stat().st_mode & 0o777 == 0o600


def test_a_new_book_is_created_in_a_new_folder(tmp_path):
    path = tmp_path / "deep" / "er" / "book.db"
    try:
        db.open_book(path)
        assert schema.schema_version(database.obj) == schema.SCHEMA_VERSION
        assert path.parent.stat().st_mode & 0o777 == 0o700
    finally:
        db.close_book()


@pytest.mark.sqlite_only(reason="SQLite pragmas")
def test_pragmas_apply_to_every_connection_including_other_threads(book_path):
    wanted = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": 2}
    seen = {}

    def read():
        try:
            for name in wanted:
                seen[name] = database.execute_sql(f"PRAGMA {name}").fetchone()[0]
            seen["thread connection"] = id(database.connection())
        finally:
            database.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert {k: seen[k] for k in wanted} == wanted
    assert seen["thread connection"] != id(database.connection())


# --- migrations ---------------------------------------------------------------------------
def _v1_book(path: Path) -> None:
    db.open_book(path)
    _client("Harborview Capital")
    db.close_book()


def _book_before_snapshots(path: Path) -> None:
    """A book as schema version 1 left it as far as issue 17 goes: no snapshot tables."""
    database_ = db.open_book(path)
    _client("Harborview Capital")
    database_.execute_sql("DROP TABLE deal_state")
    database_.execute_sql("DROP TABLE forecast_snapshot")
    database_.execute_sql("PRAGMA user_version = 1")
    db.close_book()


def test_a_version_1_book_gets_the_snapshot_tables(tmp_path):
    path = tmp_path / "book.db"
    _book_before_snapshots(path)
    try:
        database_ = db.open_book(path)
        assert schema.schema_version(database_) == schema.SCHEMA_VERSION
        assert {"forecast_snapshot", "deal_state"} <= set(database_.get_tables())
        assert database_.execute_sql("SELECT name FROM client").fetchall() == [("Harborview Capital",)]
    finally:
        db.close_book()


# the migration machinery, tried on a step past the current version
NOW = schema.SCHEMA_VERSION


def test_an_older_book_is_backed_up_then_migrated_in_one_transaction(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    _v1_book(path)

    def to_v2(database_):
        database_.execute_sql("ALTER TABLE client ADD COLUMN nickname VARCHAR(40) DEFAULT ''")
        database_.execute_sql("UPDATE client SET nickname = 'Harbor'")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NOW + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {NOW + 1: to_v2})
    try:
        database_ = db.open_book(path)
        assert schema.schema_version(database_) == NOW + 1
        assert database_.execute_sql("SELECT nickname FROM client").fetchone()[0] == "Harbor"
    finally:
        db.close_book()
    assert schema.check_book(path) == NOW + 1  # the header says so: another process sees it
    (copy,) = tmp_path.glob(f"book.db.v{NOW}-*.bak")
    assert copy.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(copy) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == NOW
        assert old.execute("SELECT name FROM client").fetchall() == [("Harborview Capital",)]
        columns = [row[1] for row in old.execute("PRAGMA table_info(client)")]
        assert "nickname" not in columns


def test_a_failing_migration_leaves_the_book_at_its_version(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    _v1_book(path)

    def broken(database_):
        database_.execute_sql("ALTER TABLE client ADD COLUMN nickname VARCHAR(40)")
        raise RuntimeError("disk said no")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", NOW + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {NOW + 1: broken})
    with pytest.raises(BookError, match="failed .*disk said no.*unchanged"):
        db.open_book(path)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NOW)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == NOW
        assert "nickname" not in [row[1] for row in con.execute("PRAGMA table_info(client)")]
        assert con.execute("SELECT name FROM client").fetchall() == [("Harborview Capital",)]


def test_a_missing_migration_step_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "book.db"
    _v1_book(path)
    before = _snapshot(path)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NOW + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", {})
    with pytest.raises(BookError, match=f"no migration to version {NOW + 1}"):
        db.open_book(path)
    assert _snapshot(path) == before


# --- refusals -----------------------------------------------------------------------------
def _not_sqlite(path: Path) -> None:
    path.write_text("name,amount\nAcme,100\n")


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT)")
    con.execute("INSERT INTO recipe (title) VALUES ('soup')")
    con.commit()
    con.close()


def _newer_book(path: Path) -> None:
    _v1_book(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()  # the last connection checkpoints: the header now says 99
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)


REFUSED = [
    (_not_sqlite, "not a SQLite database"),
    (_foreign_sqlite, "another application"),
    (_newer_book, "schema version 99, newer"),
]


@pytest.mark.parametrize(("make", "says"), REFUSED)
def test_a_file_that_is_not_our_book_is_refused_and_left_alone(tmp_path, make, says):
    path = tmp_path / "other.db"
    make(path)
    before = _snapshot(path)
    with pytest.raises(BookError, match=says):
        db.open_book(path)
    with pytest.raises(BookError, match=says):
        backups.backup(path, tmp_path / "copy.db")
    assert _snapshot(path) == before  # byte for byte, and nothing created beside it


@pytest.mark.parametrize(("make", "says"), REFUSED)
def test_doctor_refuses_with_one_line_and_status_2(tmp_path, capsys, make, says):
    path = tmp_path / "other.db"
    make(path)
    before = _snapshot(path)
    assert main(["doctor", "--db", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and says in err and err.startswith("amtui: ")
    assert _snapshot(path) == before


@pytest.mark.parametrize(("make", "says"), REFUSED)
def test_opening_the_app_on_a_foreign_file_refuses_before_textual_starts(tmp_path, make, says):
    path = tmp_path / "other.db"
    make(path)
    before = _snapshot(path)
    script = (
        "import sys; from amtui.cli import main; rc = main(sys.argv[1:]); "
        "print('textual loaded' if 'textual' in sys.modules else 'no textual'); sys.exit(rc)"
    )
    result = subprocess.run([PYTHON, "-c", script, "--db", str(path)], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "AMTUI_DB": ""})
    assert result.returncode == 2
    assert result.stdout.strip() == "no textual"
    assert result.stderr.count("\n") == 1 and says in result.stderr
    assert _snapshot(path) == before


def test_a_folder_or_an_unwritable_place_is_refused_in_one_line(tmp_path):
    with pytest.raises(BookError, match="is a folder"):
        db.open_book(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BookError, match="cannot create"):
        db.open_book(blocker / "book.db")


def test_an_empty_file_is_a_damaged_book_not_a_new_one(tmp_path):
    """A book truncated to 0 bytes must not quietly become an empty book."""
    path = tmp_path / "book.db"
    path.touch()
    with pytest.raises(BookError, match=r"is damaged \(an empty file, 0 bytes\)") as refused:
        db.open_book(path)
    assert refused.value.code == 2
    assert path.stat().st_size == 0 and list(tmp_path.iterdir()) == [path]


def test_damage_inside_the_file_is_found_by_the_checks(tmp_path):
    path = tmp_path / "book.db"
    db.open_book(path)
    for i in range(300):
        _client(f"Client {i:03d} " + "x" * 200)
    db.close_book()
    data = bytearray(path.read_bytes())
    data[8192:8192 + 2048] = b"\xff" * 2048  # garbage over pages 3 and 4
    path.write_bytes(bytes(data))
    try:
        problems = integrity.integrity_problems(db.open_book(path))
    except BookError:
        return  # refused outright: also a correct answer
    finally:
        db.close_book()
    assert problems


# --- two writers ----------------------------------------------------------------------
WRITER = """
import sys
from amtui import db
from amtui.core.clock import now
from amtui.models import Client, Interaction, database
db.open_book(sys.argv[1])
client = Client.get()
for i in range(int(sys.argv[2])):
    with database.atomic():
        # read, then write: the pattern that fails under deferred transactions
        n = Interaction.select().where(Interaction.client == client).count()
        Interaction.create(client=client, happened_at=now(), summary=f"{sys.argv[3]} {n}")
print("done")
"""


def test_two_processes_writing_at_once_both_succeed(book_path):
    _client()
    db.close_book()
    runs = [
        subprocess.Popen([PYTHON, "-c", WRITER, str(book_path), "150", name],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("left", "right")
    ]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    db.open_book(book_path)
    assert Interaction.select().count() == 300


def test_the_demo_writes_while_the_app_writes(book_path):
    from amtui.core.settings import get_settings, set_settings

    db.close_book()
    demo = subprocess.Popen([PYTHON, "-m", "amtui", "demo", "--clients", "600", "--db", str(book_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db.open_book(book_path)
    writes = 0
    while demo.poll() is None:  # write back to back until the demo has finished
        set_settings(currency="EUR" if writes % 2 else "USD")
        writes += 1
    out, err = demo.communicate()
    assert demo.returncode == 0, err
    assert writes > 5 and get_settings().currency in ("EUR", "USD")
    assert Client.select().count() == 600
