"""Undo (ctrl+z): each kind of change put back from the before-images the book's triggers
noted; the log survives a restart and keeps the last 50 changes."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal

import pytest
from conftest import make_version_1
from pilot_helpers import notifications, settle
from pipeline_fixtures import small_book  # noqa: F401  (fixture)

from amtui import db
from amtui.core import clients, contacts, deal_moves, followups, sql, undo
from amtui.core import pipeline as pl
from amtui.core.errors import InvalidInput
from amtui.db import schema
from amtui.models import Client, Contact, FollowUp, Holding, Opportunity, StageChange, UndoAction
from amtui.tui.app import AmtuiApp


def snapshot():
    """Every row a rep can change, as plain tuples; without the row's version, which undo
    moves on like any write (so a form opened before the undo sees it changed)."""
    def fields(model):
        return [f for f in model._meta.sorted_fields if f.name != "version"]

    return {model.__name__: sorted(model.select(*fields(model)).tuples()) for model in
            (Client, Contact, FollowUp, Holding, Opportunity, StageChange)}


@pytest.fixture
def deal(small_book):  # noqa: F811
    return deal_moves.create_deal(small_book["acme"], "Analytics seats", Decimal("12000"),
                                  product_id=small_book["analytics"], close_on=date(2026, 12, 15))


def test_a_win_is_put_back_with_its_holding_and_history(small_book, deal):  # noqa: F811
    before = snapshot()
    with undo.recording("Won: Analytics seats"):
        deal_moves.win_deal(deal)
    assert pl.deal(deal).status == "won" and Holding.select().count() == 1
    assert undo.last_change() == "Won: Analytics seats"
    assert undo.undo_last() == "Won: Analytics seats"
    assert snapshot() == before and undo.last_change() is None


def test_moves_edits_and_loss_undo_one_at_a_time(small_book, deal):  # noqa: F811
    states = [snapshot()]
    for label, change in (("Stage move", lambda: deal_moves.move_deal(deal, 1)),
                          ("Edit deal", lambda: deal_moves.update_deal(deal, title="Analytics for all")),
                          ("Lost", lambda: deal_moves.lose_deal(deal, "price"))):
        with undo.recording(label):
            change()
        states.append(snapshot())
    assert undo.history() == ["Lost", "Edit deal", "Stage move"]
    for label in ("Lost", "Edit deal", "Stage move"):
        states.pop()
        assert undo.undo_last() == label
        assert snapshot() == states[-1]
    assert undo.undo_last() is None


def test_a_deleted_client_comes_back_with_everything_that_went_with_it(small_book, deal):  # noqa: F811
    acme = small_book["acme"]
    contacts.add_contact(acme, "Jane Doe", is_primary=True)
    followups.add_follow_up(acme, title="Send deck", due_on=date(2026, 12, 1))
    before = snapshot()
    with undo.recording("Deleted: Acme Corp"):
        clients.delete_client(acme)
    assert not Client.select().where(Client.id == acme).exists()
    undo.undo_last()
    assert snapshot() == before


def test_done_snooze_and_archive_undo(small_book):  # noqa: F811
    acme = small_book["acme"]
    fu = followups.add_follow_up(acme, title="Send deck", due_on=date(2026, 11, 27)).id
    for label, change in (("Snoozed", lambda: followups.snooze_follow_up(fu)),
                          ("Done", lambda: followups.complete_follow_up(fu)),
                          ("Archived", lambda: clients.archive_client(acme))):
        before = snapshot()
        with undo.recording(label):
            change()
        assert snapshot() != before
        assert undo.undo_last() == label
        assert snapshot() == before


def test_a_refused_change_leaves_nothing_to_undo(small_book, deal):  # noqa: F811
    from amtui.core.errors import InvalidInput

    with pytest.raises(InvalidInput), undo.recording("Lost"):
        deal_moves.lose_deal(deal, "")  # no reason: refused
    assert undo.last_change() is None and UndoAction.select().count() == 0


def test_the_log_survives_a_restart_and_keeps_the_last_50(small_book, deal):  # noqa: F811
    for i in range(55):
        with undo.recording(f"Edit {i}"):
            deal_moves.update_deal(deal, title=f"Analytics {i}")
    db.close_book()
    db.open_book(small_book["path"])
    assert len(undo.history()) == undo.KEEP == 50
    assert undo.undo_last() == "Edit 54" and pl.deal(deal).title == "Analytics 53"


def test_a_version_1_book_is_migrated_to_2_with_the_undo_log(tmp_path, monkeypatch, frozen_today):
    path = tmp_path / "old.db"
    db.open_book(path)
    Client.create(name="Acme Corp", tier="A")
    db.close_book()
    make_version_1(path)
    db.open_book(path)
    try:
        assert schema.schema_version(models_db()) == schema.SCHEMA_VERSION
        acme = clients.find_client("Acme").id
        with undo.recording("Archived: Acme Corp"):
            clients.archive_client(acme)
        assert undo.undo_last() == "Archived: Acme Corp" and not clients.get_client(acme).archived
    finally:
        db.close_book()


def models_db():
    from amtui.models import database

    return database.obj


async def test_ctrl_z_on_the_pipeline_puts_a_won_deal_back_and_says_so(small_book, deal):  # noqa: F811
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("ctrl+s")  # won today at the deal's amount
        await pilot.pause()
        assert pl.deal(deal).status == "won"
        await pilot.press("ctrl+z")
        await settle(pilot, groups=("undo",))  # undone in a thread (tui/undo_key.py)
        assert pl.deal(deal).status == "open" and Holding.select().count() == 0
        # named by the deal, not the form ("Undone: Won the deal")
        assert any(n.message.startswith("Undone: Won: Analytics seats (Acme Corp)")
                   for n in notifications(app))


def _number_taken_since(small_book, deal):  # noqa: F811
    """A deal deleted (the last change), then its number given to a deal added by a write
    undo does not note: SQLite gives the highest id again once its row is gone."""
    if sql.on_postgres():
        pytest.skip("a server book's ids come from a sequence: a number is never given again")
    with undo.recording("Amount: Analytics seats"):
        deal_moves.update_deal(deal, amount=Decimal("13000"))
    with undo.recording("Deleted: Analytics seats"):
        deal_moves.delete_deal(deal)
    newcomer = deal_moves.create_deal(small_book["globex"], "Newcomer", Decimal("500"))
    assert newcomer == deal
    return newcomer


def test_a_deleted_deal_whose_number_was_given_since_is_not_put_over_it(small_book, deal):  # noqa: F811
    newcomer = _number_taken_since(small_book, deal)
    with pytest.raises(InvalidInput, match="“Deleted: Analytics seats” can't be put back: its deal "
                       "number has since been given") as refused:
        undo.undo_last()
    assert refused.value.field == "undo"
    # the newcomer stands; the amount change before it would overwrite it: gone too
    assert (pl.deal(newcomer).title, pl.deal(newcomer).amount) == ("Newcomer", Decimal("500"))
    assert undo.last_change() is None and undo.undo_last() is None


@asynccontextmanager
async def ctrl_z_refused(path, size):
    """The app on `path` after a ctrl+z that undo refused: (app, pilot, the line it said)."""
    app = AmtuiApp(db_path=path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await settle(pilot, groups=("undo",))
        said = [n.message for n in notifications(app) if n.title == "Could not undo"]
        assert said
        yield app, pilot, said[0]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_ctrl_z_says_a_deal_can_no_longer_be_put_back(small_book, deal, size):  # noqa: F811
    _number_taken_since(small_book, deal)
    async with ctrl_z_refused(small_book["path"], size) as (_app, _pilot, said):
        assert "“Deleted: Analytics seats” can't be put back" in said
        assert pl.deal(deal).title == "Newcomer"


# --- a write undo did not note, since the change: never written over (schema version 7) ---
def _edited_then_stage_moved_on(small_book, deal):  # noqa: F811
    """A deal edited (a change on the list), then its stage's probability changed by a
    write the list does not note: the deal's probability follows the stage's."""
    from amtui.core import stages

    with undo.recording("Follow-up added: Send deck"):
        other = followups.add_follow_up(small_book["globex"], title="Send deck",
                                        due_on=date(2026, 12, 1)).id
    with undo.recording("Edit deal"):
        deal_moves.update_deal(deal, amount=Decimal("20000"))
    stage = pl.deal(deal).stage
    stages.update_stage(stage, probability=33)
    assert pl.deal(deal).probability == 33
    return other


def test_undo_never_writes_over_a_later_write_it_did_not_note(small_book, deal):  # noqa: F811
    other = _edited_then_stage_moved_on(small_book, deal)
    after = snapshot()
    with pytest.raises(InvalidInput, match=f"“Edit deal” can't be undone: deal #{deal} was changed "
                       "since by a write that isn't on the undo list") as refused:
        undo.undo_last()
    assert refused.value.field == "undo"
    assert snapshot() == after  # the edit and the stage's probability both stand
    # only that change went: the one before it, which wrote other rows, still undoes
    assert undo.history() == ["Follow-up added: Send deck"]
    assert undo.undo_last() == "Follow-up added: Send deck"
    assert not FollowUp.select().where(FollowUp.id == other).exists()


def test_undo_never_brings_back_a_row_deleted_since_outside_the_list(small_book, deal):  # noqa: F811
    with undo.recording("Edit deal"):
        deal_moves.update_deal(deal, title="Renamed")
    Opportunity.delete().where(Opportunity.id == deal).execute()  # e.g. another program
    with pytest.raises(InvalidInput, match=f"deal #{deal} was changed since"):
        undo.undo_last()
    assert not Opportunity.select().where(Opportunity.id == deal).exists()
    assert undo.last_change() is None


def test_changes_on_the_list_still_undo_one_after_another(small_book, deal):  # noqa: F811
    """Each undo moves a row's version on; the change before it expects that version."""
    states = [snapshot()]
    for i in range(4):
        with undo.recording(f"Edit {i}"):
            deal_moves.update_deal(deal, amount=Decimal(13000 + i))
            if i % 2:
                deal_moves.move_deal(deal, 1)
        states.append(snapshot())
    for i in reversed(range(4)):
        states.pop()
        assert undo.undo_last() == f"Edit {i}"
        assert snapshot() == states[-1]


def test_a_change_noted_by_an_older_amtui_is_put_back_as_before(small_book, deal):  # noqa: F811
    from amtui.models import UndoRow

    with undo.recording("Edit deal"):
        deal_moves.update_deal(deal, title="Renamed")
    UndoRow.update(after_version=None).execute()  # as a version 6 amtui noted it
    Opportunity.update(next_step="Call").where(Opportunity.id == deal).execute()
    assert undo.undo_last() == "Edit deal" and pl.deal(deal).title == "Analytics seats"


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_ctrl_z_says_a_change_was_written_over_since(small_book, deal, size):  # noqa: F811
    _edited_then_stage_moved_on(small_book, deal)
    async with ctrl_z_refused(small_book["path"], size) as (app, pilot, said):
        assert f"“Edit deal” can't be undone: deal #{deal} was changed since" in said
        assert pl.deal(deal).amount == Decimal("20000") and pl.deal(deal).probability == 33
        await pilot.press("ctrl+z")  # the change before it
        await settle(pilot, groups=("undo",))
        assert any("Follow-up added: Send deck" in n.message for n in notifications(app)
                   if n.title != "Could not undo")


# a second app window: another process that says it is the app and edits the deal
ANOTHER_WINDOW = """
import sys
from decimal import Decimal
from amtui import db
from amtui.core import deal_moves, undo
db.open_book(sys.argv[1])
undo.made_in("app")
with undo.recording("Deal edited: Analytics seats (Acme Corp)"):
    deal_moves.update_deal(int(sys.argv[2]), amount=Decimal("15000"))
"""


async def test_ctrl_z_says_where_a_change_it_did_not_make_was_made(small_book, deal):  # noqa: F811
    import subprocess
    import sys

    from amtui.cli import main

    assert main(["deal", "won", str(deal)]) == 0  # in the shell, before the app opened
    app = AmtuiApp(db_path=small_book["path"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert pl.deal(deal).status == "won"
        with undo.recording("Reopened: Analytics seats (Acme Corp)"):  # this window's own
            deal_moves.reopen_deal(deal)
        subprocess.run([sys.executable, "-c", ANOTHER_WINDOW, str(small_book["path"]), str(deal)],
                       check=True)
        for _ in range(3):
            await pilot.press("ctrl+z")
            await settle(pilot, groups=("undo",))
        said = [n.message for n in notifications(app) if n.title == "Undo"]
        other = "another window or machine" if sql.on_postgres() else "another window"
        assert said == [f"Undone (made in {other}): Deal edited: Analytics seats (Acme Corp)",
                        "Undone: Reopened: Analytics seats (Acme Corp)",
                        "Undone (made in the shell): Won: Analytics seats (Acme Corp)"]
        assert pl.deal(deal).status == "open" and pl.deal(deal).amount == Decimal("12000")


def test_a_change_adding_many_rows_is_undone_in_a_few_statements(small_book):  # noqa: F811
    """An import adds thousands of rows in one change; undoing it deletes them a few
    hundred a statement (their triggers still keep the text index and the last contact
    right), and rows of other tables noted between them are put back in their turn."""
    from playhouse.test_utils import count_queries

    from amtui.core import search
    from amtui.models import Interaction

    before = snapshot()
    acme = small_book["acme"]
    with undo.recording("Imported calls.csv"):
        Interaction.insert_many(
            [{"client": acme, "kind": "call", "summary": f"Pricing call {i}", "outcome": "",
              "happened_at": f"2026-11-{1 + i % 20:02d} 10:00:00"} for i in range(2_000)]).execute()
        clients.update_client(acme, name="Acme Holdings")  # another table between them
        Interaction.create(client=acme, kind="email", summary="Pricing sheet", outcome="",
                           happened_at="2026-11-25 09:00:00")
    assert Interaction.select().count() == 2_001
    with count_queries() as counted:
        assert undo.undo_last() == "Imported calls.csv"
    assert counted.count < 30  # 2,001 rows one by one would be over 2,000 statements
    assert snapshot() == before and Interaction.select().count() == 0
    assert not search.search_text("pricing")  # the text index let go of every row
