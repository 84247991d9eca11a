"""`amtui demo`, `doctor`, `backup`, `settings`, `--version` and `--help`."""

from __future__ import annotations

import json
import sqlite3

import pytest

from amtui import __version__, db
from amtui.cli import main
from amtui.core import book
from amtui.core.settings import get_settings
from amtui.db import schema


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- demo ----------------------------------------------------------------------------
def test_demo_writes_the_demo_book(book_path, capsys):
    code, out, err = _run(capsys, "demo")
    assert code == 0 and err == ""
    assert out.startswith("Wrote a demo book of 40 clients (seed 7) to ") and str(book_path) in out
    assert book.counts()["clients"] == 40


def test_demo_refuses_a_book_with_clients_unless_forced(book_path, capsys):
    assert _run(capsys, "demo", "--clients", "10", "--seed", "3")[0] == 0
    before = book.counts()
    code, out, err = _run(capsys, "demo")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "already holds 10 clients" in err and "--force" in err
    assert book.counts() == before
    code, out, _ = _run(capsys, "demo", "--force", "--clients", "12")
    assert code == 0 and book.counts()["clients"] == 12
    assert book.counts()["quotas"] == 10 and book.counts()["comp_plans"] == 1


@pytest.mark.parametrize(("args", "says"), [
    (["--clients", "0"], "--clients: must be at least 1"),
    (["--clients", "lots"], "--clients"),
    (["--seed", "x"], "--seed"),
])
def test_demo_refuses_bad_numbers(book_path, capsys, args, says):
    code, out, err = _run(capsys, "demo", *args)
    assert code == 1 and says in err and err.count("\n") == 1
    assert book.is_empty()


def test_demo_into_a_new_file_given_with_db(tmp_path, capsys, frozen_today):
    path = tmp_path / "sub" / "demo.db"
    code, out, _ = _run(capsys, "demo", "--clients", "3", "--db", str(path))
    assert code == 0 and path.exists() and path.stat().st_mode & 0o777 == 0o600
    db.close_book()


# --- doctor --------------------------------------------------------------------------
@pytest.mark.sqlite_only(reason="doctor prints a file's path and SQLite integrity (the server's doctor: test_postgres.py)")
def test_doctor_reports_a_healthy_book(demo_book, capsys):
    code, out, err = _run(capsys, "doctor")
    assert code == 0 and err == ""
    lines = out.splitlines()
    config = demo_book.parent / "config.toml"
    assert lines[:4] == [f"path: {demo_book}", f"schema version: {schema.SCHEMA_VERSION}",
                         f"config: {config}: ok", "integrity: ok"]
    counts = dict(line.split(": ") for line in lines[4:])
    assert counts["clients"] == "40" and counts["products"] == "12" and counts["comp_plans"] == "1"
    assert list(counts) == list(book.counts())


def test_doctor_never_creates_a_missing_book(tmp_path, capsys):
    path = tmp_path / "nope.db"
    code, out, err = _run(capsys, "doctor", "--db", str(path))
    assert code == 2 and out == "" and "no book at" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_doctor_on_an_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.db"
    path.touch()
    code, _, err = _run(capsys, "doctor", "--db", str(path))
    assert code == 2 and "empty file" in err
    assert path.stat().st_size == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_doctor_finds_broken_links_between_records(tmp_path, capsys, frozen_today):
    path = tmp_path / "book.db"
    assert _run(capsys, "demo", "--clients", "3", "--db", str(path))[0] == 0
    db.close_book()
    con = sqlite3.connect(path)  # foreign keys are off by default in plain sqlite3
    con.execute("DELETE FROM client WHERE id = 1")
    con.commit()
    con.close()
    code, out, _ = _run(capsys, "doctor", "--db", str(path))
    db.close_book()
    assert code == 2
    assert "integrity: " in out and "points at a missing client" in out


# --- backup --------------------------------------------------------------------------
@pytest.mark.sqlite_only(reason="a server book's backup goes to the user data dir (test_postgres.py)")
def test_backup_writes_a_dated_copy_beside_the_book(demo_book, capsys):
    code, out, err = _run(capsys, "backup")
    assert code == 0 and err == ""
    copy = demo_book.parent / "backups" / "book-20261127-120000.db"
    assert out.strip() == str(copy)
    assert copy.stat().st_mode & 0o777 == 0o600
    assert copy.parent.stat().st_mode & 0o777 == 0o700
    assert schema.check_book(copy) == schema.SCHEMA_VERSION
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT COUNT(*) FROM client").fetchone()[0] == 40
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    # a second backup in the same second would collide: refused, nothing overwritten
    code, out, err = _run(capsys, "backup")
    assert code == 1 and "already exists" in err


@pytest.mark.sqlite_only(reason="SQLite's online backup API of a book file")
def test_backup_to_a_named_file_or_folder(demo_book, tmp_path, capsys):
    dest = tmp_path / "copies" / "monday.db"
    assert _run(capsys, "backup", str(dest))[0] == 0 and dest.exists()
    folder = tmp_path / "copies"
    code, out, _ = _run(capsys, "backup", str(folder))
    assert code == 0 and out.strip() == str(folder / "book-20261127-120000.db")


@pytest.mark.sqlite_only(reason="SQLite's online backup API of a book file")
def test_backup_never_overwrites(demo_book, tmp_path, capsys):
    dest = tmp_path / "keep.txt"
    dest.write_text("precious")
    code, out, err = _run(capsys, "backup", str(dest))
    assert code == 1 and "never overwrites" in err and dest.read_text() == "precious"
    code, _, err = _run(capsys, "backup", str(demo_book))
    assert code == 1 and book.counts()["clients"] == 40


def test_backup_of_a_missing_book(tmp_path, capsys):
    code, _, err = _run(capsys, "backup", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no book at" in err and list(tmp_path.iterdir()) == []


# --- settings ------------------------------------------------------------------------
def test_settings_show(demo_book, capsys):
    code, out, _ = _run(capsys, "settings")
    assert code == 0
    assert "rep_name: Dana Whitfield" in out.splitlines()
    assert "fy_start_month: 1 (January)" in out and "cadence.A: 14 days" in out
    code, out, _ = _run(capsys, "settings", "--json")
    data = json.loads(out)
    assert data["company"] == "Northwind Media Group" and data["cadence_days"]["C"] == 60


@pytest.mark.parametrize(("key", "value", "shown", "check"), [
    ("rep_name", "  Sam   Rivera ", "rep_name: Sam Rivera", lambda s: s.rep_name == "Sam Rivera"),
    ("company", "Contoso Media", "company: Contoso Media", lambda s: s.company == "Contoso Media"),
    ("currency", "eur", "currency: EUR", lambda s: s.currency == "EUR"),
    ("currency", " chf ", "currency: CHF", lambda s: s.currency == "CHF"),
    ("fy_start_month", "feb", "fy_start_month: 2 (February)", lambda s: s.fy_start_month == 2),
    ("fy_start_month", "10", "fy_start_month: 10 (October)", lambda s: s.fy_start_month == 10),
    ("cadence.a", "10", "cadence.A: 10 days", lambda s: s.cadence_days == {"A": 10, "B": 30, "C": 60}),
    ("reports_dir", "", "reports_dir: ", lambda s: s.reports_dir == ""),
])
def test_settings_set(book_path, capsys, key, value, shown, check):
    code, out, err = _run(capsys, "settings", "set", key, value)
    assert code == 0 and err == "" and out.rstrip("\n") == shown
    assert check(get_settings())


def test_settings_set_reports_dir_keeps_an_absolute_folder(book_path, tmp_path, capsys):
    assert _run(capsys, "settings", "set", "reports_dir", str(tmp_path))[0] == 0
    assert get_settings().reports_dir == str(tmp_path.resolve())


@pytest.mark.parametrize(("key", "value", "says"), [
    ("colour", "blue", "'colour' is not a setting"),
    ("fy_start_month", "13", "fy_start_month: must be at most 12"),
    ("fy_start_month", "spring", "fy_start_month"),
    ("currency", "dollars!", "currency: 'dollars!' is not an ISO 4217 currency code; write one such as USD, EUR or GBP"),
    # any three to five letters were taken: a book whose amounts all read "ZZZ 1,200.00"
    ("currency", "zzz", "currency: 'zzz' is not an ISO 4217 currency code; write one such as USD, EUR or GBP"),
    ("currency", "EURO", "currency: 'EURO' is not an ISO 4217 currency code"),
    ("currency", " ", "currency: is empty; write an ISO 4217 code such as USD, EUR or GBP"),
    ("cadence.D", "10", "not a setting"),
    ("cadence.B", "0", "cadence.B: must be at least 1"),
])
def test_settings_set_refuses_bad_values(book_path, capsys, key, value, says):
    before = get_settings()
    code, out, err = _run(capsys, "settings", "set", key, value)
    assert code == 1 and out == "" and says in err and err.count("\n") == 1
    assert get_settings() == before


def test_settings_set_refuses_a_file_as_reports_dir(book_path, tmp_path, capsys):
    path = tmp_path / "file.txt"
    path.write_text("x")
    code, _, err = _run(capsys, "settings", "set", "reports_dir", str(path))
    assert code == 1 and "is a file, not a folder" in err


# --- the command itself --------------------------------------------------------------
def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"amtui {__version__}"
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for command in ("demo", "doctor", "backup", "settings", "--demo", "--db"):
        assert command in out
    with pytest.raises(SystemExit):
        main(["backup", "--help"])
    assert "never overwritten" in " ".join(capsys.readouterr().out.split())


def test_demo_flag_refuses_db(capsys):
    code, _, err = _run(capsys, "--demo", "--db", "/tmp/x.db")
    assert code == 1 and "--demo" in err


def test_unknown_command_is_one_usage_error(capsys):
    # exit status 1, refused input: 2 means an unusable book
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and "invalid choice" in err and err.count("\n") == 1


def test_demo_flag_opens_a_throwaway_book_and_leaves_the_real_one_alone(tmp_path, monkeypatch, frozen_today):
    from amtui.cli import app as cli_app

    real = tmp_path / "real.db"
    monkeypatch.setenv("AMTUI_DB", str(real))
    seen = {}

    def fake_run(path):  # stands in for the TUI: look at the book it would open
        seen["path"] = path
        seen["clients"] = book.counts()["clients"]
        return 0

    monkeypatch.setattr(cli_app, "_run", fake_run)
    assert main(["--demo"]) == 0
    assert seen["clients"] == 40 and seen["path"].name == "demo.db"
    assert not real.exists()
    assert not seen["path"].parent.exists()  # the temp folder is gone after the app exits


@pytest.mark.parametrize("given", ["", "  ", "mysql://x", "sqlite:///tmp/x.db"])
def test_an_empty_or_foreign_db_is_refused_and_touches_no_book(book_path, tmp_path, monkeypatch, capsys, given):
    """`--db "$BOOK"` with BOOK unset wrote to the rep's own book; `--db mysql://x` made a
    folder `mysql:`."""
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    for command in (("status",), ("client", "add", "Acme")):
        code, out, err = _run(capsys, *command, "--db", given)
        assert code == 1 and out == "" and err.count("\n") == 1 and "--db" in err
    assert sorted(tmp_path.rglob("*")) == before
    db.open_book(book_path)
    assert book.counts()["clients"] == 0  # the default book ($AMTUI_DB here) untouched
