"""The book file moved, replaced or deleted while amtui has it open (amtui/db/book_file.py):
nothing is written into a deleted file, no empty book appears at the old path, a copy of
what was open is kept beside it, and a file put back at the path is written to."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from pilot_helpers import listening_app, settle
from textual.widgets import Input

from amtui import models
from amtui.core import clients
from amtui.db.errors import StorageError, describe_storage_error
from amtui.tui.dialogs.form import FormScreen
from amtui.tui.forms.activity import LogInteractionForm

pytestmark = pytest.mark.sqlite_only(reason="a book file on disk")


def _remove(path: Path) -> None:
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
        (path.parent / name).unlink(missing_ok=True)


def _clients_in(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA quick_check").fetchone() == ("ok",)
        return [name for (name,) in con.execute("SELECT name FROM client ORDER BY id")]
    finally:
        con.close()


def test_a_write_to_a_deleted_book_is_refused_and_the_book_is_copied_beside_it(book_path):
    clients.create_client("Acme Corp")
    _remove(book_path)
    with pytest.raises(StorageError) as refused:
        clients.create_client("Globex")
    code, line = describe_storage_error(refused.value)
    [copy] = book_path.parent.glob(f"{book_path.name}.rescued-*.db")
    assert code == 2 and line.startswith(f"the book file {book_path} is gone (moved or deleted")
    assert f"copied the book as it had it open to {copy}" in line
    assert not book_path.exists()  # no empty book made where it was
    assert _clients_in(copy) == ["Acme Corp"] and copy.stat().st_mode & 0o777 == 0o600
    with pytest.raises(StorageError):  # a second try: refused again, copied once
        clients.create_client("Globex")
    assert len(list(book_path.parent.glob("*.rescued-*"))) == 1
    copy.rename(book_path)  # the rep puts it back: written there
    clients.create_client("Globex")
    models.database.close()
    assert _clients_in(book_path) == ["Acme Corp", "Globex"]


def test_a_new_connection_never_makes_an_empty_book_where_it_was(book_path):
    _remove(book_path)
    failed: list[BaseException] = []

    def read_in_a_worker() -> None:
        try:
            models.Client.select().count()
        except BaseException as exc:  # noqa: BLE001  (the test looks at it)
            failed.append(exc)
        finally:
            models.database.close()

    worker = threading.Thread(target=read_in_a_worker)
    worker.start()
    worker.join()
    assert failed and not book_path.exists()
    code, line = describe_storage_error(failed[0])
    assert (code, line) == (2, f"the book file {book_path} is gone (moved or deleted while "
                               "amtui had it open); open it where it is now with --db")


def test_a_book_replaced_under_the_app_is_written_where_it_is_now(book_path, tmp_path):
    clients.create_client("Acme Corp")
    other = tmp_path / "restored.db"
    con = sqlite3.connect(book_path)
    con.backup(sqlite3.connect(other))
    con.close()
    other.replace(book_path)  # a backup restored over it, or a sync
    clients.create_client("Globex")
    models.database.close()
    assert _clients_in(book_path) == ["Acme Corp", "Globex"]


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_a_save_after_the_book_was_deleted_keeps_the_typing_and_says_where_it_went(
        book_path, size):
    acme = clients.create_client("Acme Corp")
    async with listening_app(book_path, size) as (app, pilot):
        app.push_screen(LogInteractionForm(acme))
        await settle(pilot)
        app.screen.query_one("#field-summary", Input).focus()
        await pilot.press(*"Called about renewal")
        _remove(book_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-summary", Input).value == "Called about renewal"
        said = " | ".join(app.said)
        assert f"the book file {book_path} is gone" in said and ".rescued-" in said
        [copy] = book_path.parent.glob(f"{book_path.name}.rescued-*.db")
        copy.rename(book_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert [i.summary for i in models.Interaction.select()] == ["Called about renewal"]


def test_a_key_that_writes_after_the_book_went_says_so_once(book_path):
    """The line says nothing was saved and what to do: no "Not saved:" before it."""
    from amtui.db.book_file import BookGone, gone_message
    from amtui.tui.errors import write_failed

    said = write_failed(BookGone(gone_message(book_path, None)))
    assert said.startswith(f"the book file {book_path} is gone") and "Not saved" not in said
    assert "amtui could not copy it beside the old path" in said
