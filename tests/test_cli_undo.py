"""Commands that write are undoable changes like the app's: `amtui log`, `amtui import`,
`amtui followup done/snooze/add`, the deal commands; `amtui undo` (or ctrl+z) puts back the
last one, whichever process made it.  On both engines."""

from __future__ import annotations

from pathlib import Path

import activity_fixtures as fx
import pytest

from amtui.cli import main
from amtui.core import undo
from amtui.models import Client, FollowUp, Holding, Interaction, Opportunity, StageChange

DATA = Path(__file__).resolve().parent.parent / "data"


def snapshot():
    """Every row a command can change, as plain tuples (less the row version, which an
    undo moves on like any save)."""
    def fields(model):
        return [f for f in model._meta.sorted_fields if f.name != "version"]

    return {model.__name__: sorted(model.select(*fields(model)).tuples()) for model in
            (Client, FollowUp, Holding, Interaction, Opportunity, StageChange)}


@pytest.fixture
def book(book_path):
    acme = fx.client("Acme Corp", tier="A")
    fx.client("Bolt Ltd")
    return {"acme": acme}


def run(*argv: str) -> int:
    return main(list(argv))


def test_log_with_its_next_follow_up_is_one_change(book, capsys):
    before = snapshot()
    assert run("log", "acme", "Talked renewal terms", "--next", "Send proposal", "--due", "fri") == 0
    assert Interaction.select().count() == 1 and FollowUp.select().count() == 1
    assert undo.history() == ["Logged: Call · Talked renewal terms (Acme Corp)"]
    capsys.readouterr()
    assert run("undo") == 0
    assert capsys.readouterr().out.strip() == "Undone: Logged: Call · Talked renewal terms (Acme Corp)."
    assert snapshot() == before
    assert run("undo") == 0
    assert capsys.readouterr().out.strip() == "Nothing to undo."


def test_follow_up_add_done_and_snooze_undo_one_at_a_time(book, capsys):
    states = [snapshot()]
    assert run("followup", "add", "acme", "Send deck", "--due", "mon") == 0
    states.append(snapshot())
    follow_up = FollowUp.get().id
    assert run("followup", "snooze", str(follow_up)) == 0
    states.append(snapshot())
    assert run("followup", "done", str(follow_up)) == 0
    assert FollowUp.get_by_id(follow_up).done_at is not None
    # named by the follow-up and its client, as the app names them, never by number
    assert undo.history() == ["Follow-up done: Send deck (Acme Corp)", "Follow-up snoozed: Send deck (Acme Corp)",
                              "Follow-up added: Send deck (Acme Corp)"]
    capsys.readouterr()
    assert run("undo", "--list") == 0
    assert capsys.readouterr().out.splitlines()[0].split(None, 1)[1] == "Follow-up done: Send deck (Acme Corp)"
    for _ in range(3):
        assert run("undo") == 0
        assert snapshot() == states.pop()


def test_deal_commands_undo_back_to_the_start(book):
    states = [snapshot()]
    assert run("deal", "add", "acme", "Analytics seats", "12k", "--close", "2026-12-15") == 0
    deal = Opportunity.get().id
    states.append(snapshot())
    for argv in (("deal", "move", str(deal), "next"), ("deal", "edit", str(deal), "--amount", "15k"),
                 ("deal", "won", str(deal)), ("deal", "reopen", str(deal)),
                 ("deal", "lost", str(deal), "--reason", "price"), ("deal", "delete", str(deal))):
        assert run(*argv) == 0, argv
        states.append(snapshot())
    assert Opportunity.select().count() == 0
    # each names the deal and its client ("Won: deal #5" told the rep nothing)
    named = "Analytics seats (Acme Corp)"
    assert undo.history()[:7] == [f"{verb}: {named}" for verb in (
        "Deleted", "Lost", "Reopened", "Won", "Deal edited", "Moved to Discover", "Deal added")]
    states.pop()
    while states:
        assert undo.undo_last() is not None
        assert snapshot() == states.pop()
    assert undo.last_change() is None


def test_a_refused_command_leaves_nothing_to_undo(book):
    assert run("log", "nobody at all", "Talked") == 1
    assert run("deal", "won", "999") == 1
    assert undo.last_change() is None


def test_an_import_is_one_change_and_a_dry_run_none(book):
    before = snapshot()
    assert run("import", str(DATA / "sample-clients.csv"), "--dry-run") == 0
    assert undo.last_change() is None
    assert run("import", str(DATA / "sample-clients.csv")) == 0
    assert Client.select().count() > 2
    assert undo.history() == ["Imported sample-clients.csv"]
    assert undo.undo_last() is not None
    assert snapshot() == before


def test_the_app_undoes_a_change_the_cli_made(book):
    """ctrl+z's core call, in a second connection as the app would have it."""
    from amtui import db
    from amtui.db.location import location_of

    assert run("log", "acme", "Called about pacing") == 0
    db.close_book()
    db.open_book(location_of(__import__("os").environ["AMTUI_DB"]))
    assert undo.last_change() == "Logged: Call · Called about pacing (Acme Corp)"
    assert undo.undo_last() == "Logged: Call · Called about pacing (Acme Corp)"
    assert Interaction.select().count() == 0


def test_undo_of_a_deal_whose_number_was_given_since_is_one_line(book, capsys):
    from decimal import Decimal

    from amtui.core import deal_moves, sql

    if sql.on_postgres():
        pytest.skip("a server book's ids come from a sequence: a number is never given again")
    assert run("deal", "add", "acme", "Analytics seats", "12k") == 0
    deal = Opportunity.get().id
    assert run("deal", "delete", str(deal)) == 0
    # added by a write undo does not note: SQLite gives the highest id again
    assert deal_moves.create_deal(book["acme"], "Newcomer", Decimal("500")) == deal
    capsys.readouterr()
    assert run("undo") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "can't be put back: its deal number has since been given" in err[0]
    assert Opportunity.get_by_id(deal).title == "Newcomer" and undo.last_change() is None


def test_stage_quota_product_plan_and_setting_commands_are_changes_too(book, capsys):
    """The commands that change the book's set-up are on the list: a stage's defaults
    move its deals' probabilities, so an edit before them undoes only after them."""
    from amtui.core import pipeline as pl
    from amtui.core.settings import get_settings

    assert run("deal", "add", "acme", "Seats", "10k") == 0
    deal = Opportunity.get().id
    assert run("deal", "edit", str(deal), "--amount", "20k") == 0
    stage = pl.deal(deal).stage
    writes = [("stage", "set", stage, "--probability", "30%"), ("stage", "add", "Pilot", "--probability", "40%"),
              ("product", "add", "Seats", "--family", "Core", "--price", "100"),
              ("quota", "set", "2026-Q4", "100k"), ("settings", "set", "currency", "EUR")]
    for argv in writes:
        assert run(*argv) == 0
    assert pl.deal(deal).probability == 30 and get_settings().currency == "EUR"
    assert undo.history()[:6] == ["Setting: currency", "Quota set: 2026-Q4 at $100,000", "Product added: Seats",
                                  "Stage added: Pilot", f"Stage changed: {stage}", "Deal edited: Seats (Acme Corp)"]
    for _ in writes:
        assert run("undo") == 0
    assert pl.deal(deal).probability != 30 and get_settings().currency == "USD"
    assert run("undo") == 0  # the edit, now that nothing written after it stands
    assert pl.deal(deal).amount == 10000


def test_undo_over_a_write_not_on_the_list_is_one_line(book, capsys):
    from amtui.core import pipeline as pl
    from amtui.core import stages

    assert run("deal", "add", "acme", "Seats", "10k") == 0
    deal = Opportunity.get().id
    assert run("deal", "edit", str(deal), "--amount", "20k") == 0
    stages.update_stage(pl.deal(deal).stage, probability=30)  # e.g. an older amtui
    capsys.readouterr()
    assert run("undo") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"can't be undone: deal #{deal} was changed since" in err[0]
    assert (pl.deal(deal).amount, pl.deal(deal).probability) == (20000, 30)
    assert undo.history()[0] == "Deal added: Seats (Acme Corp)"


def test_client_and_set_up_changes_are_named_as_the_book_has_them(book, capsys):
    """What the rep typed to find a record ("acme", "this quarter") is not its name."""
    from amtui.core.bookings import current_quarter

    for argv in (("client", "edit", "acme", "--tier", "B"), ("client", "archive", "acme"),
                 ("client", "archive", "acme", "--undo"), ("contact", "add", "acme", " Jane Doe "),
                 ("quota", "set", "this quarter", "100k"),
                 ("product", "add", "Seats", "--family", "Core", "--price", "100"),
                 ("product", "edit", "seats", "--price", "120"),
                 ("client", "delete", "bolt", "--yes")):
        assert run(*argv) == 0, argv
    assert undo.history()[:8] == [
        "Deleted: Bolt Ltd", "Product edited: Seats", "Product added: Seats",
        f"Quota set: {current_quarter().label} at $100,000", "Contact added: Jane Doe (Acme Corp)",
        "Unarchived: Acme Corp", "Archived: Acme Corp", "Client edited: Acme Corp"]


def test_the_shell_says_when_it_undoes_the_apps_change(book, capsys):
    from amtui.core import interactions

    undo.made_in("app")  # as the app does once its book is open
    with undo.recording("Log an interaction with Acme Corp"):
        interactions.log_interaction(book["acme"], "Quarterly review")
    assert run("log", "bolt", "Called about pacing") == 0
    capsys.readouterr()
    assert run("undo", "--list") == 0
    assert capsys.readouterr().out.splitlines() == [
        "  1  Logged: Call · Called about pacing (Bolt Ltd)",
        "  2  Log an interaction with Acme Corp  (made in the app)"]
    assert run("undo") == 0 and run("undo") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Undone: Logged: Call · Called about pacing (Bolt Ltd).",
        "Undone (made in the app): Log an interaction with Acme Corp."]
    assert Interaction.select().count() == 0


def test_a_change_recorded_by_a_process_that_said_nowhere_is_named_plainly(book, capsys):
    """An older amtui's changes (and core's in tests) carry no ending: no claim is made."""
    from amtui.core import interactions
    from amtui.models import UndoAction

    with undo.recording("Logged: Renewal call"):
        interactions.log_interaction(book["acme"], "Renewal call")
    assert UndoAction.get().label == "Logged: Renewal call"
    assert run("undo") == 0
    assert capsys.readouterr().out == "Undone: Logged: Renewal call.\n"
