"""A writer given what a record holds already writes nothing: no new version, nothing for
undo to put back, on either engine (`VersionedModel.changed_since`, one rule for every
writer).  The audit: `amtui client edit acme --tier B` on a tier-B client made a
"Client edited" change that undo then "undid" to the same values."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from amtui.cli import main
from amtui.core import (
    clients,
    clock,
    commitments,
    contacts,
    followups,
    holdings,
    interactions,
    products,
    service,
    undo,
)


@pytest.fixture
def acme(book_path, monkeypatch):
    # a second passes at every look at the clock: a write that stamped the time (a
    # client's updated_at) would differ from the row as read, as it did when a command
    # ran a second after the last one (the frozen day alone stops the clock)
    ticks = itertools.count()
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=next(ticks)))
    return clients.create_client("Acme", tier="B", industry="Retail", renewal_on=date(2027, 3, 31))


def _writers(acme: int):
    """(what, its version now, the same values again, a real change) for each kind."""
    contact = contacts.add_contact(acme, "Dana Reyes", title="CFO")
    follow_up = followups.add_follow_up(acme, "Send the deck", date(2026, 12, 4)).id
    commitment = commitments.add_commitment(acme, "Quarterly review", due_on=date(2027, 1, 15)).id
    issue = service.open_issue(acme, "Invoice wrong", severity="high").id
    interaction = interactions.log_interaction(acme, "Called about renewal", when=date(2026, 11, 20)).interaction.id
    product = products.create_product("Seats", "Software", Decimal("1200"))
    holding = holdings.add_holding(acme, product, since=date(2026, 1, 1), annual_value=Decimal("1200"))
    return [
        ("client", lambda: clients.get_client(acme).version,
         lambda: clients.update_client(acme, tier="B", industry="Retail", renewal_on=date(2027, 3, 31)),
         lambda: clients.update_client(acme, tier="A")),
        ("contact", lambda: contacts.get_contact(contact).version,
         lambda: contacts.update_contact(contact, name="Dana Reyes", title="CFO"),
         lambda: contacts.update_contact(contact, title="CEO")),
        ("follow-up", lambda: followups.get_follow_up(follow_up).version,
         lambda: followups.update_follow_up(follow_up, title="Send  the deck", due_on=date(2026, 12, 4)),
         lambda: followups.update_follow_up(follow_up, priority="high")),
        ("commitment", lambda: commitments.get_commitment(commitment).version,
         lambda: commitments.update_commitment(commitment, what="Quarterly review", due_on=date(2027, 1, 15)),
         lambda: commitments.update_commitment(commitment, due_on=None)),
        ("issue", lambda: service.get_issue(issue).version,
         lambda: service.update_issue(issue, title="Invoice wrong", severity="high"),
         lambda: service.update_issue(issue, severity="critical")),
        ("interaction", lambda: interactions.get_interaction(interaction).version,
         lambda: interactions.update_interaction(interaction, summary="Called about renewal", kind="call"),
         lambda: interactions.update_interaction(interaction, outcome="Agreed terms")),
        ("holding", lambda: holdings.get_holding(holding).version,
         lambda: holdings.update_holding(holding, annual_value=Decimal("1200.00"), since=date(2026, 1, 1)),
         lambda: holdings.update_holding(holding, annual_value=Decimal("1500"))),
    ]


def test_the_same_values_again_write_nothing_and_a_change_still_writes(acme):
    for kind, version, same, change in _writers(acme):
        before, changes = version(), len(undo.history())
        with undo.recording(f"{kind} edited"):
            same()
        assert version() == before, kind
        assert len(undo.history()) == changes, kind  # no change recorded for nothing
        with undo.recording(f"{kind} edited"):
            change()
        assert version() == before + 1, kind
        assert undo.history()[0] == f"{kind} edited", kind


def test_update_client_and_contact_say_whether_they_wrote(acme):
    assert clients.update_client(acme, tier="B") is False
    assert clients.update_client(acme, tier="C") is True
    dana = contacts.add_contact(acme, "Dana Reyes")
    assert contacts.update_contact(dana, name="Dana Reyes") is False
    assert contacts.update_contact(dana, email="dana@acme.example") is True


def test_client_edit_with_what_the_client_holds_says_nothing_changed(acme, capsys):
    assert main(["client", "edit", "acme", "--tier", "B", "--industry", "Retail"]) == 0
    assert capsys.readouterr().out == "Nothing changed: Acme holds that already\n"
    assert undo.history() == []
    assert main(["client", "edit", "acme", "--tier", "A"]) == 0
    assert capsys.readouterr().out == "Saved Acme\n"
    assert undo.history() == ["Client edited: Acme"]


def test_a_moment_read_back_is_the_same_moment(acme):
    # an interaction's time is compared as read (aware UTC) with what the edit gives
    logged = interactions.log_interaction(acme, "Met", when=datetime(2026, 11, 20, 15, 30)).interaction.id
    before = interactions.get_interaction(logged)
    interactions.update_interaction(logged, when=before.happened_at)
    assert interactions.get_interaction(logged).version == before.version


def test_the_rule_lives_in_the_save_every_writer_makes(acme):
    """`versions.expect` keeps the row as read; `save()` writes nothing while it holds
    that, and after a write compares with what the book then holds."""
    from amtui.core import versions
    from amtui.models import Client

    row = Client.get_by_id(acme)
    versions.expect(row, None)
    row.tier = "B"
    assert row.save() == 0 and Client.get_by_id(acme).version == row.version == 1
    row.tier = "A"
    assert row.save() == 1 and Client.get_by_id(acme).version == 2
    row.tier = "A"
    assert row.save() == 0 and Client.get_by_id(acme).version == 2
    fresh = Client.get_by_id(acme)  # read without expect: saved as before
    assert fresh.save() == 1 and Client.get_by_id(acme).version == 3


def test_archiving_an_archived_client_writes_nothing(acme):
    clients.archive_client(acme)
    version = clients.get_client(acme).version
    clients.archive_client(acme)
    assert clients.get_client(acme).version == version
    clients.archive_client(acme, archived=False)
    assert clients.get_client(acme).version == version + 1
