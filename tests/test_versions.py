"""Two machines on one book (issue 18): every write moves the record's version, and a save
based on an older version is refused with what changed (theirs vs yours), never applied
over the other machine's write.  "Another machine" is a second connection to the same
book (a file, or a PostgreSQL database with --engine=postgresql)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from two_machines import elsewhere

from amtui import db
from amtui.cli import main
from amtui.core import clients, deal_moves, followups, interactions, service, undo, versions
from amtui.core import pipeline as pl
from amtui.core.errors import Change, ChangedElsewhere
from amtui.core.stages import open_stages
from amtui.models import Client, Opportunity


@pytest.fixture
def acme(book_path):
    return clients.create_client("Acme", tier="B", phone="555-0100")


def test_every_write_moves_the_version(book_path, acme):
    assert clients.get_client(acme).version == 1
    clients.update_client(acme, phone="555-0101")
    assert clients.get_client(acme).version == 2
    # a write that goes round save() (a bulk UPDATE, an older amtui) is bumped by the trigger
    Client.update(notes="bulk").where(Client.id == acme).execute()
    assert clients.get_client(acme).version == 3
    elsewhere(book_path, "UPDATE client SET industry = 'Retail' WHERE id = ?", acme)
    assert clients.get_client(acme).version == 4


def test_a_save_on_an_old_version_is_refused_with_what_changed(book_path, acme):
    mine = clients.get_client(acme)  # the rep opens the form
    elsewhere(book_path, "UPDATE client SET phone = '555-0199', tier = 'A' WHERE id = ?", acme)
    with pytest.raises(ChangedElsewhere) as caught:
        clients.update_client(acme, base=mine, phone="555-0142", notes="called")
    exc = caught.value
    assert not exc.deleted and exc.version == 2
    assert set(exc.changes) == {Change("phone", "555-0199", "555-0142"), Change("tier", "A", "B")}
    current = clients.get_client(acme)
    assert (current.phone, current.notes, current.version) == ("555-0199", "", 2)  # nothing written
    # keep mine: the same values saved over the version the conflict gave
    clients.update_client(acme, base=exc.version, phone="555-0142", notes="called")
    assert clients.get_client(acme).phone == "555-0142"
    assert clients.get_client(acme).version == 3


def test_a_save_on_the_version_read_goes_through(book_path, acme):
    mine = clients.get_client(acme)
    clients.update_client(acme, base=mine, phone="555-0142")
    assert clients.get_client(acme).version == mine.version + 1


def test_deleted_elsewhere_is_reported(book_path, acme):
    mine = clients.get_client(acme)
    elsewhere(book_path, "DELETE FROM client WHERE id = ?", acme)
    with pytest.raises(ChangedElsewhere) as caught:
        clients.update_client(acme, base=mine, phone="555-0142")
    assert caught.value.deleted and caught.value.version is None
    assert "deleted elsewhere" in str(caught.value)


def test_a_save_that_loses_the_race_without_a_base_is_refused_too(book_path, acme):
    """The optimistic UPDATE itself: a row read, then written elsewhere, then saved."""
    row = Client.get_by_id(acme)
    elsewhere(book_path, "UPDATE client SET phone = 'theirs' WHERE id = ?", acme)
    row.phone = "mine"
    with pytest.raises(Exception) as caught:
        row.save()
    assert type(caught.value).__name__ == "StaleRow"
    assert Client.get_by_id(acme).phone == "theirs"


@pytest.fixture
def deal(acme):
    return deal_moves.create_deal(acme, "Analytics seats", Decimal("12000"), close_on=date(2026, 12, 15))


def test_a_deal_edit_names_the_stage_theirs_and_yours(book_path, deal):
    mine = pl.deal(deal)
    deal_moves.move_deal(deal, 1)  # the other machine (same effect as another connection)
    negotiate = next(s for s in open_stages() if s.name == "Negotiate")
    with pytest.raises(ChangedElsewhere) as caught:
        deal_moves.update_deal(deal, base=mine, stage=negotiate.id, amount=Decimal("15000"))
    changes = {c.field: c for c in caught.value.changes}
    assert changes["stage"] == Change("stage", "Discover", "Negotiate")
    assert pl.deal(deal).amount == Decimal("12000")


def test_quick_actions_on_a_stale_row_do_nothing(book_path, deal):
    shown = pl.deal(deal)
    elsewhere(book_path, "UPDATE opportunity SET next_step = 'call CFO' WHERE id = ?", deal)
    with pytest.raises(ChangedElsewhere):
        deal_moves.move_deal(deal, 1, base=shown)
    with pytest.raises(ChangedElsewhere):
        deal_moves.win_deal(deal, base=shown)
    assert pl.deal(deal).stage == "Qualify" and pl.deal(deal).status == "open"
    deal_moves.move_deal(deal, 1, base=pl.deal(deal))  # on current data it moves
    assert pl.deal(deal).stage == "Discover"


def test_follow_ups_interactions_and_issues_check_their_version(book_path, acme):
    fid = followups.add_follow_up(acme, "Send the deck", date(2026, 12, 1)).id
    row = followups.get_follow_up(fid)
    elsewhere(book_path, "UPDATE follow_up SET title = 'Send the new deck' WHERE id = ?", fid)
    with pytest.raises(ChangedElsewhere) as caught:
        followups.update_follow_up(fid, base=row, title="Send the deck today")
    assert caught.value.changes == (Change("title", "Send the new deck", "Send the deck today"),)

    logged = interactions.log_interaction(acme, "Called about renewal")
    mine = logged.interaction
    interactions.update_interaction(mine.id, outcome="they will sign")
    with pytest.raises(ChangedElsewhere):
        interactions.update_interaction(mine.id, base=mine, summary="Called")

    issue = service.open_issue(acme, "Invoices late").id
    mine = service.get_issue(issue)
    elsewhere(book_path, "DELETE FROM service_issue WHERE id = ?", issue)
    with pytest.raises(ChangedElsewhere) as caught:
        service.update_issue(issue, base=mine, severity="high")
    assert caught.value.deleted


def test_undo_moves_the_version_on_never_back(book_path, acme):
    with undo.recording("Edit client"):
        clients.update_client(acme, phone="555-0101")
    assert clients.get_client(acme).version == 2
    undo.undo_last()
    restored = clients.get_client(acme)
    assert restored.phone == "555-0100" and restored.version > 2


def test_a_cli_edit_moves_the_version(book_path, acme, capsys):
    before = clients.get_client(acme)
    assert main(["client", "edit", "Acme", "--industry", "Retail"]) == 0
    db.open_book(book_path)
    after = clients.get_client(acme)
    assert after.version == before.version + 1 and after.industry == "Retail"
    with pytest.raises(ChangedElsewhere):
        clients.update_client(acme, base=before, notes="x")


def test_a_stale_save_in_the_cli_is_one_line(book_path, acme, capsys):
    exc = ChangedElsewhere("client", acme, version=3, changes=(Change("phone", "1", "2"),))
    assert str(exc) == "client: changed elsewhere (another window or machine) since you opened it; nothing was saved"
    assert versions.shown(Decimal("1234.5")) == "1,234.50"
    assert versions.shown(None) == "(blank)" and versions.label("close_on") == "close on"


def test_opportunity_rows_from_every_reader_carry_the_version(book_path, deal):
    Opportunity.update(next_step="x").where(Opportunity.id == deal).execute()
    assert pl.deal(deal).version == 2
    assert [d.version for d in pl.deals(client_id=pl.deal(deal).client_id)] == [2]


def test_quota_and_comp_plan_check_their_version(book_path):
    from amtui.core import comp_plan, quota
    from amtui.core.periods import parse_period

    q4 = parse_period("2026-Q4")
    mine = quota.set_quota(q4, Decimal("250000"))
    elsewhere(book_path, "UPDATE quota SET amount = 30000000 WHERE period = '2026-Q4'")
    with pytest.raises(ChangedElsewhere) as caught:
        quota.set_quota(q4, Decimal("260000"), base=mine)
    assert caught.value.changes == (Change("amount", Decimal("300000.00"), Decimal("260000")),)
    quota.set_quota(q4, Decimal("260000"), base=caught.value.current)  # keep mine
    assert quota.quotas()[0].amount == Decimal("260000.00")

    plan = comp_plan.set_plan(rate="10")
    elsewhere(book_path, "UPDATE comp_plan SET rate = '12'")
    with pytest.raises(ChangedElsewhere) as caught:
        comp_plan.set_plan(rate="11", effective_from=plan.effective_from, base=plan)
    assert [c.field for c in caught.value.changes] == ["rate"]
    assert comp_plan.current_plan().rate == Decimal("12")


def test_a_quota_or_plan_first_set_elsewhere_is_not_overwritten(book_path):
    """A form that read no quota (no plan) passes `unset_quota` (`unset_plan`): one set on
    another machine meanwhile is refused with what they set, never replaced."""
    from amtui.core import comp_plan, quota
    from amtui.core.periods import parse_period

    q4 = parse_period("2026-Q4")
    none_yet = quota.unset_quota(q4)
    elsewhere(book_path, "INSERT INTO quota (period, amount, set_by, notes) VALUES ('2026-Q4', 30000000, '', '')")
    with pytest.raises(ChangedElsewhere) as caught:
        quota.set_quota(q4, Decimal("260000"), base=none_yet)
    assert caught.value.changes == (Change("amount", Decimal("300000.00"), Decimal("260000")),)
    assert quota.quotas()[0].amount == Decimal("300000.00")
    assert quota.set_quota(parse_period("2027-Q1"), "1k", base=quota.unset_quota(parse_period("2027-Q1"))).version == 1

    start = comp_plan.default_plan_start()
    none_yet = comp_plan.unset_plan(start)
    comp_plan.set_plan(rate="12")  # the other machine's (same process: the same effect)
    with pytest.raises(ChangedElsewhere) as caught:
        comp_plan.set_plan(rate="11", effective_from=start, base=none_yet)
    assert "rate" in [c.field for c in caught.value.changes]
    assert comp_plan.current_plan().rate == Decimal("12")


def test_a_command_that_loses_the_race_says_so_in_one_line(book_path, acme, monkeypatch, capsys):
    """Another machine wrote the client between the command's read and its write (on a
    server book; a file book's write transaction holds the lock from its first read)."""
    def raced(client_id, **changes):
        raise ChangedElsewhere("client", client_id, version=2)

    monkeypatch.setattr(clients, "update_client", raced)
    assert main(["client", "edit", "Acme", "--industry", "Retail"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == ("amtui: client: changed elsewhere (another window or machine) since you opened it; "
                           "nothing was saved")
