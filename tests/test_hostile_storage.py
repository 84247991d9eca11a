"""Failing disks and hostile paths (issue 10 parts 3-8, issue 11 "Backups and files").

Every subcommand against a locked, read-only, damaged and missing book, and with paths
that run through files or into folders it can't write: one line, a documented exit
status (0 ok, 1 refused input, 2 unusable book, 3 busy or out of space), no traceback,
nothing half-written.  Tests run as root, so "no permission" is made with `chattr +i`
(or skipped with the reason when the file system refuses it).
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peewee
import pytest
from file_events import wait_for_file
from pilot_helpers import wait_for

from amtui import db, files
from amtui.cli import build_parser, main
from amtui.core.errors import InvalidInput
from amtui.db import integrity, read_only
from amtui.db.errors import describe_storage_error, latest_backup

PYTHON = sys.executable
MAIN = "import sys; from amtui.cli import main; sys.exit(main(sys.argv[1:]))"
TODAY = "2026-11-27"
CLIENT = "Ridgeline Motors"  # in the demo book (seed 7) with open deal 7


# --- the demo book, built once and copied per test ------------------------------------
@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    from amtui import demo

    path = tmp_path_factory.mktemp("demo") / "book.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AMTUI_TODAY", TODAY)
        db.open_book(path)
        demo.build_demo_book()
        db.close_book()
    return path


@pytest.fixture
def env(tmp_path, monkeypatch, frozen_today):
    """A clean environment: no AMTUI_DB, a config in tmp, short busy timeouts."""
    monkeypatch.delenv("AMTUI_DB", raising=False)
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setitem(db.PRAGMAS, "busy_timeout", 50)
    monkeypatch.setitem(read_only.READ_ONLY_PRAGMAS, "busy_timeout", 50)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    db.close_book()


@pytest.fixture
def book(env, demo_file) -> Path:
    folder = env / "books"
    folder.mkdir()
    path = folder / "book.db"
    shutil.copy(demo_file, path)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse: usage errors and --help
        code = exit_.code
    finally:
        db.close_book()
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") <= 1, err
    assert err == "" or err.startswith("amtui"), err


def _chattr(path: Path, flag: str) -> None:
    try:
        subprocess.run(["chattr", flag, str(path)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"chattr {flag} not permitted here ({exc}); can't make a read-only book as root")


@pytest.fixture
def immutable(request):
    """chattr +i paths for the test; always undone (rm can't remove them otherwise)."""
    done: list[Path] = []

    def make(path: Path) -> Path:
        _chattr(path, "+i")
        done.append(path)
        return path

    yield make
    for path in reversed(done):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16384:16384 + 8192] = b"\xab" * 8192  # 8 KiB of garbage in the middle
    path.write_bytes(bytes(data))


# --- every subcommand --------------------------------------------------------------------
# name -> (arguments after --db, whether it writes the book)
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "demo": (["demo", "--force", "--clients", "3"], True),
    "doctor": (["doctor"], False),
    "backup": (["backup", "{tmp}/copies/"], False),
    "clients": (["clients"], False),
    "client add": (["client", "add", "Zed Holdings"], True),
    "client edit": (["client", "edit", CLIENT, "--industry", "Cars"], True),
    "client show": (["client", "show", CLIENT], False),
    "client archive": (["client", "archive", CLIENT], True),
    "client delete": (["client", "delete", CLIENT, "--yes"], True),
    "contact add": (["contact", "add", CLIENT, "Jo Park"], True),
    "log": (["log", CLIENT, "Called about the renewal"], True),
    "undo": (["undo"], True),
    "followups": (["followups"], False),
    "followup add": (["followup", "add", CLIENT, "Send the deck", "--due", "+1w"], True),
    "followup done": (["followup", "done", "71"], True),
    "followup snooze": (["followup", "snooze", "79"], True),
    "deals": (["deals"], False),
    "deal add": (["deal", "add", CLIENT, "Fleet wraps", "12k", "--close", "2026-12-20"], True),
    "deal move": (["deal", "move", "7", "Commit"], True),
    "deal won": (["deal", "won", "7"], True),
    "deal lost": (["deal", "lost", "7", "--reason", "price"], True),
    "deal reopen": (["deal", "reopen", "46"], True),
    "deal delete": (["deal", "delete", "7"], True),
    "deal show": (["deal", "show", "7"], False),
    "deal edit": (["deal", "edit", "7", "--amount", "41k"], True),
    "stages": (["stages"], False),
    "stage set": (["stage", "set", "Commit", "--rot", "20"], True),
    "stage add": (["stage", "add", "Verbal", "--probability", "85"], True),
    "products": (["products"], False),
    "product add": (["product", "add", "Podcast Pack", "--family", "Audio", "--price", "9k"], True),
    "product edit": (["product", "edit", "Social Amplification", "--price", "25k"], True),
    "quota": (["quota"], False),
    "quota set": (["quota", "set", "2027-Q1", "300k"], True),
    "quota list": (["quota", "list"], False),
    "quota delete": (["quota", "delete", "2024-Q4"], True),
    "plan": (["plan"], False),
    "plan set": (["plan", "set", "--rate", "9%"], True),
    "plan show": (["plan", "show"], False),
    "status": (["status"], False),
    "changes": (["changes", "--since", "30d"], False),
    "snapshot": (["snapshot"], True),
    "export": (["export", "status", "-o", "{tmp}/status.xlsx"], False),
    "import": (["import", "{data}/sample-clients.csv"], True),
    "settings": (["settings"], False),
    "settings set": (["settings", "set", "rep_name", "Dana"], True),
    "copy": (["copy", "{tmp}/copied.db"], False),  # the --db book into a new file
}
DATA = Path(__file__).resolve().parents[1] / "data"


def _subcommands() -> set[str]:
    """Every leaf subcommand the parser knows, as "group command" names."""
    found: set[str] = set()

    def walk(parser, prefix):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if prefix and (not subs or not subs[0].required):
            found.add(" ".join(prefix))
        for action in subs:
            for name, child in action.choices.items():
                walk(child, [*prefix, name])

    walk(build_parser(), [])
    return found


def test_the_table_covers_every_subcommand():
    # a new subcommand gets a row in COMMANDS, so it is tried against every failure below
    assert _subcommands() <= set(COMMANDS), sorted(_subcommands() - set(COMMANDS))


def _argv(name: str, tmp: Path, path: Path) -> list[str]:
    args = [a.format(tmp=tmp, data=DATA) for a in COMMANDS[name][0]]
    return [*args, "--db", str(path)]


READS = sorted(n for n, (_, writes) in COMMANDS.items() if not writes)
WRITES = sorted(n for n, (_, writes) in COMMANDS.items() if writes)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_on_a_healthy_book_works(book, capsys, name):
    code, out, err = run(capsys, *_argv(name, book.parent.parent, book))
    one_line(err)
    assert code == 0, err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_on_a_locked_book(book, capsys, name):
    holder = sqlite3.connect(book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another amtui in the middle of a write
    try:
        code, out, err = run(capsys, *_argv(name, book.parent.parent, book))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_line(err)
    if COMMANDS[name][1]:
        assert code == 3 and "busy" in err and "nothing was changed" in err
    else:  # readers never wait for a writer under WAL
        assert code == 0, err


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_on_a_read_only_book(book, capsys, immutable, name):
    immutable(book)
    before = sorted(p.name for p in book.parent.iterdir())
    code, out, err = run(capsys, *_argv(name, book.parent.parent, book))
    one_line(err)
    if COMMANDS[name][1]:
        assert code == 2 and "read-only" in err
    else:
        assert code == 0, err
    assert sorted(p.name for p in book.parent.iterdir()) == before  # no -wal, no -shm


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_on_a_damaged_book(book, capsys, name):
    _damage(book)
    code, out, err = run(capsys, *_argv(name, book.parent.parent, book))
    one_line(err)
    if name == "doctor":  # the one command that reports on damage instead of refusing
        assert code == 2 and out.startswith("path: ") and "integrity: " in out
        return
    assert code == 2 and "damaged" in err and "amtui doctor" in err


@pytest.mark.parametrize("name", READS)
def test_commands_that_only_read_never_create_a_book(env, capsys, name):
    typo = env / "typo.db"
    code, out, err = run(capsys, *_argv(name, env, typo))
    one_line(err)
    assert code == 2 and out == ""
    assert err == (f"amtui: no book at {typo} (amtui creates one when you open the app, "
                   "run amtui demo, or add the first record)\n")
    assert sorted(p.name for p in env.iterdir()) == []


@pytest.mark.parametrize("name", READS)
def test_commands_that_only_read_in_a_missing_folder_create_nothing(env, capsys, name):
    code, out, err = run(capsys, *_argv(name, env, env / "no" / "such" / "book.db"))
    one_line(err)
    assert code == 2 and "no book at" in err
    assert list(env.iterdir()) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_book_path_through_a_file_is_refused(env, capsys, name):
    blocker = env / "notes.txt"
    blocker.write_text("not a folder")
    code, out, err = run(capsys, *_argv(name, env, blocker / "book.db"))
    one_line(err)
    assert code == 2 and str(blocker) in err
    assert sorted(p.name for p in env.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_book_in_a_folder_amtui_may_not_write(env, capsys, immutable, name):
    folder = env / "locked"
    folder.mkdir()
    immutable(folder)
    code, out, err = run(capsys, *_argv(name, env, folder / "book.db"))
    one_line(err)
    assert code == 2
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", READS)
def test_commands_that_only_read_work_in_a_read_only_folder(book, capsys, immutable, name):
    immutable(book.parent)
    code, out, err = run(capsys, *_argv(name, book.parent.parent, book))
    one_line(err)
    assert code == 0, err
    assert sorted(p.name for p in book.parent.iterdir()) == ["book.db"]


# --- a command that is refused leaves no new book; an empty file is a damaged one --------
@pytest.mark.parametrize("name", WRITES)
def test_a_write_on_a_missing_book_keeps_it_only_if_it_succeeds(env, capsys, name):
    """A command that adds a record creates the book; one that is refused (no such
    client, deal, follow-up... in a new book) leaves nothing behind, folders included."""
    path = env / "new" / "typo.db"
    code, out, err = run(capsys, *_argv(name, env, path))
    one_line(err)
    if code == 0:
        assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    else:  # refused (1), or a command that never creates one (2: undo, snapshot)
        assert code == 1 or (code == 2 and "no book at" in err), err
        assert list(env.iterdir()) == [], err


@pytest.mark.parametrize("argv", [
    ["client", "add", ""],
    ["deal", "won", "5"],
    ["client", "edit", "X", "--tier", "A"],
    ["quota", "delete", "2026-Q4"],
    ["log", "Nobody", "hi"],
    ["import", "{tmp}/bad.csv"],
])
def test_a_refused_command_creates_no_book(env, capsys, argv):
    """A command that can only act on a record already in a book (won, edit, log) says
    the book is missing (exit 2); one that could start a book and is refused (exit 1)
    keeps none."""
    (env / "bad.csv").write_text("a,b\n1,2\n")
    code, out, err = run(capsys, *[a.format(tmp=env) for a in argv], "--db", str(env / "miss.db"))
    one_line(err)
    needs_a_record = argv[0] in ("deal", "log") or argv[:2] == ["client", "edit"]
    assert (code, "no book at" in err) == ((2, True) if needs_a_record else (1, False)), err
    assert sorted(p.name for p in env.iterdir()) == ["bad.csv"]


def test_a_dry_run_creates_no_book(env, capsys):
    code, out, err = run(capsys, "import", str(DATA / "sample-clients.csv"), "--dry-run",
                         "--db", str(env / "dry.db"))
    assert code == 0 and "Dry run: nothing was written." in out, err
    assert list(env.iterdir()) == []


def test_adding_the_first_record_still_creates_the_book(env, capsys):
    for argv, path in ((["client", "add", "Zed Holdings"], env / "a" / "new.db"),
                       (["demo", "--clients", "3"], env / "demo.db")):
        code, out, err = run(capsys, *argv, "--db", str(path))
        assert code == 0, err
        assert path.stat().st_mode & 0o777 == 0o600
        assert run(capsys, "doctor", "--db", str(path))[0] == 0


def test_a_new_book_someone_else_uses_is_never_discarded(env):
    """discard_new_book removes only a book nobody else has touched."""
    written = env / "written.db"
    database = db.open_book(written)
    other = sqlite3.connect(written)
    other.execute("UPDATE setting SET value = value")  # another program's commit
    other.commit()
    other.close()
    assert not db.discard_new_book(database) and written.exists()
    held = env / "held.db"
    database = db.open_book(held)
    other = sqlite3.connect(held)
    other.execute("SELECT count(*) FROM setting").fetchall()  # open, reading
    try:
        assert not db.discard_new_book(database) and held.exists()
    finally:
        other.close()
    untouched = env / "sub" / "untouched.db"
    assert db.discard_new_book(db.open_book(untouched))
    assert not (env / "sub").exists()
    assert not db.discard_new_book(db.open_book(written))  # not created by this open


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_an_empty_file_is_a_damaged_book_not_a_new_one(env, capsys, name):
    path = env / "empty.db"
    path.touch()
    code, out, err = run(capsys, *_argv(name, env, path))
    one_line(err)
    assert code == 2 and out == ""
    assert err == (f"amtui: the book {path} is damaged (an empty file, 0 bytes); "
                   f"run `amtui doctor --db {path}` and restore your latest backup\n")
    assert path.stat().st_size == 0 and sorted(p.name for p in env.iterdir()) == ["empty.db"]


# --- describe_storage_error: the one classification ------------------------------------
def _wrapped(message: str) -> Exception:
    """An error as peewee raises it: its own class wrapping sqlite3's."""
    try:
        try:
            raise sqlite3.OperationalError(message)
        except sqlite3.OperationalError as inner:
            raise peewee.OperationalError(inner, *inner.args) from inner
    except peewee.OperationalError as exc:
        return exc


@pytest.mark.parametrize(("error", "code", "says"), [
    (_wrapped("database is locked"), 3, "is busy"),
    (_wrapped("database or disk is full"), 3, "no space left on the disk holding"),
    (OSError(errno.ENOSPC, "No space left on device", "/x/out.xlsx"), 3,
     "no space left on the disk holding /x/out.xlsx"),
    (_wrapped("attempt to write a readonly database"), 2, "read-only"),
    (_wrapped("database disk image is malformed"), 2, "is damaged"),
    (sqlite3.DatabaseError("file is not a database"), 2, "is damaged"),
    (_wrapped("unable to open database file"), 2, "can't open"),
])
def test_storage_errors_are_told_apart(error, code, says, tmp_path):
    (tmp_path / "book.db").touch()  # there: "unable to open" a missing one is "gone"
    got_code, message = describe_storage_error(error, tmp_path / "book.db")
    assert got_code == code and says in message and "\n" not in message


def test_a_failed_rollback_does_not_hide_the_real_error(tmp_path):
    real = _wrapped("database or disk is full")
    try:
        try:
            raise real
        except peewee.OperationalError:
            raise peewee.OperationalError("cannot rollback - no transaction is active") from None
    except peewee.OperationalError as exc:
        hidden = exc
    assert hidden.__context__ is real
    code, message = describe_storage_error(hidden, tmp_path / "book.db")
    assert code == 3 and "no space left" in message


def test_damage_names_the_latest_backup(book, capsys):
    assert run(capsys, "backup", "--db", str(book))[0] == 0
    copy = latest_backup(book)
    _damage(book)
    code, _, err = run(capsys, "clients", "--db", str(book))
    assert code == 2 and str(copy) in err and "amtui doctor" in err


def test_a_damaged_book_is_never_backed_up(book, capsys):
    """Its copy would fail integrity_check and become "the latest backup" to restore."""
    assert run(capsys, "backup", "--db", str(book))[0] == 0
    good = latest_backup(book)
    _damage(book)
    code, _, said = run(capsys, "status", "--db", str(book))
    assert code == 2 and str(good) in said
    copies = book.parent.parent / "copies"
    for dest in ([], [f"{copies}/"], [str(copies / "x.db")]):
        code, out, err = run(capsys, "backup", *dest, "--db", str(book))
        one_line(err)
        assert (code, out, err) == (2, "", said)  # the line every command gives on it
    assert not copies.exists()
    assert [p.name for p in (book.parent / "backups").iterdir()] == [good.name]
    assert latest_backup(book) == good


def test_a_damaged_older_book_is_neither_copied_nor_upgraded(book, capsys):
    """The copy a migration writes first is checked like any backup."""
    _damage(book)
    data = bytearray(book.read_bytes())
    data[60:64] = (5).to_bytes(4, "big")  # schema version 5: the open would upgrade it
    book.write_bytes(bytes(data))
    code, out, err = run(capsys, "clients", "--db", str(book))
    one_line(err)
    assert code == 2 and "is damaged" in err
    assert sorted(p.name for p in book.parent.iterdir()) == ["book.db"]
    assert book.read_bytes() == bytes(data)


def test_a_backup_gives_up_on_a_book_another_program_holds_locked(book, capsys, monkeypatch):
    """A rollback-journal book under another program's write lock: sqlite3's backup
    retried SQLITE_BUSY forever.  Now it waits the busy timeout (5 s; 0.5 here)."""
    from amtui.db import backups

    monkeypatch.setattr(backups, "BUSY_WAIT_SECONDS", 0.5)
    con = sqlite3.connect(book)
    assert con.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    con.close()
    holder = sqlite3.connect(book, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE setting SET value = value")
    copies = book.parent.parent / "copies"
    started = time.monotonic()
    try:
        code, out, err = run(capsys, "backup", f"{copies}/", "--db", str(book))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    one_line(err)
    assert code == 3 and err == (f"amtui: the book {book} is busy: another amtui is writing "
                                 "to it; nothing was changed, try again in a moment\n")
    assert 0.5 <= time.monotonic() - started < 3
    assert not copies.exists()  # no temp file, no folder
    assert run(capsys, "backup", f"{copies}/", "--db", str(book))[0] == 0  # once it is free


def test_a_backup_leaves_nothing_beside_the_book(book, capsys):
    assert run(capsys, "backup", "--db", str(book))[0] == 0
    assert sorted(p.name for p in book.parent.iterdir()) == ["backups", "book.db"]


def test_an_unexpected_error_is_one_line_and_debug_shows_it(book, capsys, monkeypatch):
    def broken(args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("amtui.cli.build_parser", lambda *_argv: _parser_with(broken))
    code, out, err = run(capsys, "clients", "--db", str(book))
    one_line(err)
    assert code == 4 and "kaboom" in err and "AMTUI_DEBUG=1" in err
    monkeypatch.setenv("AMTUI_DEBUG", "1")
    with pytest.raises(RuntimeError, match="kaboom"):
        main(["clients", "--db", str(book)])


def _parser_with(handler):
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            action.choices["clients"].set_defaults(handler=handler)
    return parser


# --- temp files nobody can hijack ------------------------------------------------------
def _names_first(monkeypatch, *names: str) -> None:
    """mkstemp tries `names` first (where links are planted), then random names."""
    random_names = tempfile._get_candidate_names()

    def candidates():
        yield from names
        yield from random_names

    sequence = candidates()
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: sequence)


def _planted(folder: Path, monkeypatch) -> tuple[Path, list[Path]]:
    """Symlinks at the names a temp file could take, all pointing at a victim file."""
    victim = folder.parent / "victim.txt"
    victim.write_text("precious")
    _names_first(monkeypatch, "planted1", "planted2")
    links = []
    for name in ("planted1", "planted2"):
        for prefix in (".status.xlsx.", ".copy.db."):
            link = folder / f"{prefix}{name}.tmp"
            link.symlink_to(victim)
            links.append(link)
    return victim, links


def test_a_symlink_planted_at_a_temp_name_is_never_followed(book, capsys, monkeypatch):
    out_dir = book.parent.parent / "out"
    out_dir.mkdir()
    victim, links = _planted(out_dir, monkeypatch)
    code, _, err = run(capsys, "backup", str(out_dir / "copy.db"), "--db", str(book))
    assert code == 0, err
    _names_first(monkeypatch, "planted1", "planted2")
    code, _, err = run(capsys, "export", "status", "-o", str(out_dir / "status.xlsx"),
                       "--db", str(book))
    assert code == 0, err
    assert victim.read_text() == "precious"
    assert all(link.is_symlink() for link in links)
    for made in ("copy.db", "status.xlsx"):
        assert (out_dir / made).stat().st_mode & 0o777 == 0o600
        assert not (out_dir / made).is_symlink()


def test_the_old_predictable_temp_names_are_harmless(book, capsys):
    out_dir = book.parent.parent / "out"
    out_dir.mkdir()
    victim = out_dir.parent / "victim.txt"
    victim.write_text("precious")
    for name in (".copy.db.tmp", f".status.xlsx.{os.getpid()}.tmp"):
        (out_dir / name).symlink_to(victim)
    assert run(capsys, "backup", str(out_dir / "copy.db"), "--db", str(book))[0] == 0
    assert run(capsys, "export", "status", "-o", str(out_dir / "status.xlsx"),
               "--db", str(book))[0] == 0
    assert victim.read_text() == "precious"


def test_folders_amtui_creates_are_private_under_umask_000(book, capsys):
    old = os.umask(0)
    try:
        dest = book.parent.parent / "a" / "b" / "c"
        code, out, _ = run(capsys, "backup", f"{dest}/", "--db", str(book))
        reports = book.parent.parent / "r1" / "r2"
        assert run(capsys, "settings", "set", "reports_dir", str(reports), "--db", str(book))[0] == 0
        assert run(capsys, "export", "status", "--db", str(book))[0] == 0
    finally:
        os.umask(old)
    assert code == 0
    for folder in (dest.parent.parent, dest.parent, dest, reports.parent, reports):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert [p.stat().st_mode & 0o777 for p in dest.iterdir()] == [0o600]
    assert [p.stat().st_mode & 0o777 for p in reports.iterdir()] == [0o600]


def test_private_folder_refuses_a_path_through_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    with pytest.raises(NotADirectoryError):
        files.private_folder(tmp_path / "f" / "g")


# --- backup folders (issue 11) -----------------------------------------------------------
def test_backup_to_a_new_folder_with_a_trailing_slash(book, capsys):
    folder = book.parent.parent / "new" / "folder"
    code, out, err = run(capsys, "backup", f"{folder}/", "--db", str(book))
    assert code == 0 and folder.is_dir()
    copy = Path(out.strip())
    assert copy.parent == folder and copy.name.startswith("book-") and copy.suffix == ".db"
    # the next backup into that folder, by file name, works too
    code, out, err = run(capsys, "backup", str(folder / "x.db"), "--db", str(book))
    assert code == 0 and (folder / "x.db").exists()
    # and into the existing folder without a slash
    (folder / copy.name).rename(folder / "older.db")
    assert run(capsys, "backup", str(folder), "--db", str(book))[0] == 0


@pytest.mark.parametrize("dest", ["{f}/x.db", "{f}/", "{f}/sub/x.db"])
def test_backup_through_a_file_is_refused(book, capsys, dest):
    blocker = book.parent.parent / "notes.txt"
    blocker.write_text("keep")
    before = sorted(book.parent.parent.rglob("*"))
    code, out, err = run(capsys, "backup", dest.format(f=blocker), "--db", str(book))
    one_line(err)
    assert code == 1 and "is a file, not a folder" in err
    assert sorted(book.parent.parent.rglob("*")) == before and blocker.read_text() == "keep"


@pytest.mark.parametrize("output", ["{f}/x.xlsx", "{f}/", "{tmp}/missing/x.xlsx", "{tmp}/missing/"])
def test_export_into_a_folder_that_is_not_one(book, capsys, output):
    tmp = book.parent.parent
    blocker = tmp / "notes.txt"
    blocker.write_text("keep")
    before = sorted(tmp.rglob("*"))
    code, out, err = run(capsys, "export", "status", "-o", output.format(f=blocker, tmp=tmp),
                         "--db", str(book))
    one_line(err)
    assert code == 1
    assert sorted(tmp.rglob("*")) == before


def test_backup_into_a_folder_it_may_not_write(book, capsys, immutable):
    folder = book.parent.parent / "shut"
    folder.mkdir()
    immutable(folder)
    code, out, err = run(capsys, "backup", f"{folder}/", "--db", str(book))
    one_line(err)
    assert code == 1 and list(folder.iterdir()) == []


def test_doctor_on_a_read_only_book_leaves_nothing_beside_it(book, capsys, immutable):
    immutable(book)
    code, out, err = run(capsys, "doctor", "--db", str(book))
    assert code == 0 and "integrity: ok" in out
    assert sorted(p.name for p in book.parent.iterdir()) == ["book.db"]


# --- boundary values ------------------------------------------------------------------
@pytest.mark.parametrize("period", ["0001-Q1", "0000-Q1", "9999-Q4", "FY9999", "2201-Q1", "1899-Q4"])
def test_a_quota_outside_the_years_is_refused_and_stores_nothing(book, capsys, period):
    before = run(capsys, "quota", "--json", "--db", str(book))[1]
    code, out, err = run(capsys, "quota", "set", period, "100k", "--db", str(book))
    one_line(err)
    assert code == 1 and "1900–2200" in err and out == ""
    assert run(capsys, "quota", "--json", "--db", str(book))[1] == before
    assert run(capsys, "quota", "delete", "2024-Q4", "--db", str(book))[0] == 0


@pytest.mark.parametrize("argv", [
    ["log", CLIENT, "hi", "--when", "0001-01-01"],
    ["log", CLIENT, "hi", "--when", "1899-12-31"],
    ["deal", "add", CLIENT, "x", "10k", "--close", "9999-12-31"],
    ["deal", "edit", "7", "--close", "2201-01-01"],
    ["deals", "--period", "9999-Q4"],
    ["status", "--period", "FY9999"],
    ["export", "quarterly", "--period", "0000-Q1"],
    ["plan", "set", "--rate", "9%", "--from", "0001-01-01"],
])
def test_years_outside_1900_2200_are_one_line(book, capsys, argv):
    code, out, err = run(capsys, *argv, "--db", str(book))
    one_line(err)
    assert code == 1 and "1900–2200" in err


def test_the_years_at_the_edges_are_accepted():
    from datetime import date

    from amtui.core.parse import parse_date
    from amtui.core.periods import parse_period

    assert parse_date("1900-01-01", tense="past") == date(1900, 1, 1)
    assert parse_date("2200-12-31", tense="future") == date(2200, 12, 31)
    assert parse_period("FY2200").label == "FY2200"
    assert parse_period("1900-Q1").label == "1900-Q1"
    with pytest.raises(InvalidInput, match="1900–2200"):
        parse_date("+300y", tense="future")


@pytest.mark.parametrize("argv", [
    ["deal", "show", "99999999999999999999"],
    ["deal", "won", "99999999999999999999"],
    ["deal", "delete", "-99999999999999999999"],
    ["followup", "done", "99999999999999999999"],
    ["log", CLIENT, "hi", "--done", "99999999999999999999"],
])
def test_ids_beyond_sqlite_integers_are_no_record(book, capsys, argv):
    code, out, err = run(capsys, *argv, "--db", str(book))
    one_line(err)
    kind = "follow-up" if "followup" in argv or "--done" in argv else "deal"
    assert code == 1 and f"no {kind} {argv[-1] if kind == 'follow-up' else argv[2]}" in err


def test_huge_rot_days_and_long_folder_names_are_one_line(book, capsys):
    code, out, err = run(capsys, "stage", "set", "Commit", "--rot", "99999999999999999999",
                         "--db", str(book))
    one_line(err)
    assert code == 1 and "rot days" in err
    code, out, err = run(capsys, "settings", "set", "reports_dir", "x" * 300, "--db", str(book))
    one_line(err)
    assert code == 1 and "reports_dir" in err and "255" in err


def test_usage_errors_are_one_line_with_status_1(book, capsys):
    code, out, err = run(capsys, "deal", "show", "--db", str(book))
    one_line(err)
    assert code == 1


# --- demo --force is all or nothing ------------------------------------------------------
@pytest.mark.parametrize("wal_bytes", [0, 1, 1_000_000, 3_000_000])
def test_a_killed_demo_force_leaves_the_old_book_or_the_new(book, wal_bytes):
    """SIGKILL once the write-ahead log holds `wal_bytes` (0: as soon as it starts, 1:
    at the first page written, then deep into the build), so the kill lands mid-write."""
    env = {**os.environ, "AMTUI_TODAY": TODAY, "AMTUI_DB": ""}
    wal = book.with_name(book.name + "-wal")
    proc = subprocess.Popen(
        [PYTHON, "-c", MAIN, "demo", "--force", "--clients", "400", "--seed", "3", "--db", str(book)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    if wal_bytes:  # woken by each write to the WAL, not by polling it
        wait_for_file(wal, lambda f: f.exists() and f.stat().st_size >= wal_bytes, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    result = _cli("doctor", "--db", str(book))
    assert result.returncode == 0, result.stderr
    clients = int(next(line for line in result.stdout.splitlines()
                       if line.startswith("clients:")).split(":")[1])
    assert clients in (40, 400)


# --- out of space ----------------------------------------------------------------------
def _mounted(tmp_path: Path, size: str):
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                       check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"can't mount a small tmpfs here ({exc}); ENOSPC is injected elsewhere")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.fixture
def tiny_disk(tmp_path):
    yield from _mounted(tmp_path, "1m")


@pytest.fixture
def small_disk(tmp_path):
    """Room for a small book and its closing checkpoint (1 MiB is not: the demo's -wal
    and -shm stay), then filled by the test."""
    yield from _mounted(tmp_path, "2m")


def _fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cli(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AMTUI_TODAY": TODAY, "AMTUI_DB": ""}
    return subprocess.run([PYTHON, "-c", MAIN, *argv], env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_full_disk_says_so_and_changes_nothing(tiny_disk, env, capsys):
    path = tiny_disk / "book.db"
    assert run(capsys, "demo", "--clients", "3", "--db", str(path))[0] == 0
    before = run(capsys, "clients", "--json", "--db", str(path))[1]
    _fill(tiny_disk)
    for argv in (["log", "Ashford Wealth Partners", "y" * 3000],
                 ["backup", str(tiny_disk / "copies") + "/"],
                 ["demo", "--force", "--clients", "30"]):
        code, out, err = run(capsys, *argv, "--db", str(path))
        one_line(err)
        assert code == 3 and "no space left on the disk holding" in err, (argv, err)
        assert "nothing was" in err and "damaged" not in err
    # in a process of its own: a failed workbook's zip file must not print a traceback
    # when it is collected at exit
    result = _cli("export", "status", "-o", str(tiny_disk / "s.xlsx"), "--db", str(path))
    assert result.returncode == 3 and result.stderr == (
        f"amtui: no space left on the disk holding {tiny_disk / 's.xlsx'}; nothing was changed\n")
    (tiny_disk / "filler").unlink()
    assert sorted(p.name for p in tiny_disk.iterdir()
                  if not p.name.startswith("book.db")) == []  # no half files, no temp files
    assert run(capsys, "clients", "--json", "--db", str(path))[1] == before
    assert run(capsys, "doctor", "--db", str(path))[0] == 0


def test_a_full_disk_still_lets_the_book_be_read(tiny_disk, env):
    path = tiny_disk / "book.db"
    assert _cli("demo", "--clients", "3", "--db", str(path)).returncode == 0
    _fill(tiny_disk)
    result = _cli("clients", "--db", str(path))
    assert result.returncode == 0 and "Ashford" in result.stdout


def test_a_full_disk_under_the_book_lets_it_be_backed_up_elsewhere(small_disk, env, capsys):
    """Reading, and a backup to another disk, work; a write says "no space left" (exit
    3), not "read-only"; and nothing is left beside the book (no stub -wal or -shm)."""
    tiny_disk = small_disk
    path = tiny_disk / "book.db"
    assert _cli("demo", "--clients", "3", "--db", str(path)).returncode == 0
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["book.db"]
    _fill(tiny_disk)
    elsewhere = env / "elsewhere"
    for argv in (["status", "--line"], ["backup", f"{elsewhere}/"], ["clients"]):
        code, out, err = run(capsys, *argv, "--db", str(path))
        assert code == 0, (argv, err)
    [copy] = elsewhere.iterdir()
    assert run(capsys, "doctor", "--db", str(copy))[0] == 0
    for argv in (["undo"], ["snapshot"], ["log", "Ashford Wealth Partners", "again"]):
        code, out, err = run(capsys, *argv, "--db", str(path))
        one_line(err)
        assert code == 3 and err == (f"amtui: no space left on the disk holding {path}; "
                                     "nothing was changed\n"), (argv, err)
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["book.db", "filler"]


def test_enospc_while_writing_a_workbook(book, capsys, monkeypatch):
    import xlsxwriter

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", full)
    out_dir = book.parent.parent / "out"
    out_dir.mkdir()
    code, out, err = run(capsys, "export", "status", "-o", str(out_dir / "s.xlsx"), "--db", str(book))
    one_line(err)
    assert code == 3 and f"no space left on the disk holding {out_dir / 's.xlsx'}" in err
    assert list(out_dir.iterdir()) == []


def test_enospc_while_writing_a_backup(book, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    out_dir = book.parent.parent / "out"
    out_dir.mkdir()
    monkeypatch.setattr(files, "_move_no_clobber", full)
    code, out, err = run(capsys, "backup", f"{out_dir}/", "--db", str(book))
    one_line(err)
    assert code == 3 and "no space left" in err
    assert list(out_dir.iterdir()) == []


# --- the TUI checks a big book after its first paint ---------------------------------------
async def test_the_app_checks_a_big_book_for_damage_after_first_paint(book, monkeypatch):
    from amtui.tui.app import AmtuiApp

    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", 0)  # every book counts as big
    seen = []

    def find_damage(path):
        seen.append(path)
        return f"the book {path} is damaged (test); run amtui doctor"

    monkeypatch.setattr(integrity, "find_damage", find_damage)
    app = AmtuiApp(db_path=book)
    said = []
    monkeypatch.setattr(app, "notify", lambda message, **kwargs: said.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        # once Today's first load is on screen (tests/test_today_start.py: never beside it)
        await wait_for(pilot, lambda: any("damaged" in str(message) for message in said),
                       "the damage said on screen")
        assert seen == [book]


def test_find_damage_reads_without_writing(book, immutable):
    assert integrity.find_damage(book) is None
    _damage(book)
    immutable(book)
    message = integrity.find_damage(book)
    assert message and "damaged" in message and "amtui doctor" in message
    assert sorted(p.name for p in book.parent.iterdir()) == ["book.db"]


def test_the_first_launch_still_creates_the_book_on_the_default_path(env, capsys, monkeypatch):
    from amtui import config
    from amtui.cli import app as cli_app

    home = env / "data"
    monkeypatch.setattr(config, "data_dir", lambda: home / "amtui")
    default = home / "amtui" / "book.db"
    code, out, err = run(capsys, "status", "--line")
    assert code == 2 and "no book at" in err and not home.exists()
    monkeypatch.setattr(cli_app, "_run", lambda path: 0)  # stands in for the TUI
    assert run(capsys)[0] == 0
    assert default.exists() and default.stat().st_mode & 0o777 == 0o600
    assert (home / "amtui").stat().st_mode & 0o777 == 0o700
    assert run(capsys, "status", "--line")[0] == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_export_leaves_no_temp_file(book, tmp_path, signum):
    """`kill` (or a closed terminal) mid-export unwinds as ctrl+c does: the half-written
    workbook's temp file goes, the status is 128 + the signal's number."""
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "AMTUI_TODAY": TODAY, "AMTUI_DB": ""}
    proc = subprocess.Popen([PYTHON, "-c", MAIN, "export", "book", "-o", str(out / "book.xlsx"),
                             "--db", str(book)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    def writing(_file) -> bool:  # stopped mid-write: once the temp file holds some of it
        try:
            return any(p.suffix == ".tmp" and p.stat().st_size > 0 for p in out.iterdir())
        except FileNotFoundError:  # moved into place meanwhile
            return True

    started = wait_for_file(out / "book.xlsx", writing, proc)
    assert started, proc.communicate()[1]
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the export finished before the signal landed")
    assert proc.returncode == 128 + signum and "Traceback" not in err
    # no half-written file: nothing, or (the signal landing after the workbook was moved
    # into place, while the export was being recorded) the whole workbook
    left = list(out.iterdir())
    assert left in ([], [out / "book.xlsx"])
    if left:
        import openpyxl

        assert openpyxl.load_workbook(left[0], read_only=True).sheetnames
