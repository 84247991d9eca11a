"""Clients core: CRUD with validation, contacts, holdings, deletion, the paged list, detail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from amtui.core import (
    client_list,
    clients,
    commitments,
    contacts,
    followups,
    health,
    holdings,
    interactions,
    service,
)
from amtui.core.client_detail import client_detail
from amtui.core.deal_moves import create_deal, lose_deal, win_deal
from amtui.core.errors import InvalidInput, NotFound
from amtui.core.products import create_product, products
from amtui.models import Client, Contact, Holding, Interaction, Opportunity, StageChange

TODAY = date(2026, 11, 27)


def days_ago(n: int) -> datetime:
    return datetime(2026, 11, 27, 12, tzinfo=UTC) - timedelta(days=n)


# --- creating and editing clients --------------------------------------------------------------


def test_create_client_defaults_and_fields(book_path):
    cid = clients.create_client(
        "  Acme   Corp ", tier="a", industry="Manufacturing", cadence_days="21",
        renewal_on="2027-03-31", handed_over_by="Dana (BD)", needs="Faster reporting",
    )
    c = clients.get_client(cid)
    assert (c.name, c.tier, c.industry, c.status) == ("Acme Corp", "A", "Manufacturing", "active")
    assert c.cadence_days == 21
    assert c.renewal_on == date(2027, 3, 31)
    assert c.handed_over_by == "Dana (BD)" and c.needs == "Faster reporting"
    assert c.archived is False


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"name": "  "}, "name", "is required"),
        ({"name": "X", "tier": "D"}, "tier", "'D' is not one of: A, B, C"),
        ({"name": "X", "status": "dormant"}, "status", "is not one of"),
        ({"name": "X", "cadence_days": 0}, "cadence_days", "must be at least 1 day"),
        ({"name": "X", "cadence_days": "soon"}, "cadence_days", "is not a whole number"),
        ({"name": "X", "cadence_days": 5000}, "cadence_days", "at most 3650"),
        ({"name": "X", "renewal_on": "someday"}, "renewal_on", "is not a date"),
        ({"name": "x" * 201}, "name", "is too long"),
    ],
)
def test_create_client_refuses_bad_input_naming_the_field(book_path, kwargs, field, reason):
    name = kwargs.pop("name")
    with pytest.raises(InvalidInput) as err:
        clients.create_client(name, **kwargs)
    assert err.value.field == field
    assert reason in err.value.reason
    assert Client.select().count() == 0  # nothing half-written


def test_client_names_are_unique_case_and_space_insensitively(book_path):
    clients.create_client("Acme")
    with pytest.raises(InvalidInput) as err:
        clients.create_client(" ACME ")
    assert (err.value.field, err.value.reason) == ("name", "a client named 'Acme' already exists")
    other = clients.create_client("Globex")
    with pytest.raises(InvalidInput, match="a client named 'Acme' already exists"):
        clients.update_client(other, name="acme")
    # renaming a client to a new spelling of its own name is fine
    acme = clients.find_client("acme").id
    clients.update_client(acme, name="ACME")
    assert clients.get_client(acme).name == "ACME"
    assert clients.check_name("Initech") == "Initech"
    with pytest.raises(InvalidInput):
        clients.check_name("globex")
    assert clients.check_name("globex", other) == "globex"


def test_update_client_changes_only_what_is_given_and_refuses_unknown_fields(book_path):
    cid = clients.create_client("Acme", tier="A", industry="Retail", cadence_days=10)
    clients.update_client(cid, industry="Logistics", cadence_days=None)
    c = clients.get_client(cid)
    assert (c.tier, c.industry, c.cadence_days) == ("A", "Logistics", None)
    with pytest.raises(InvalidInput) as err:
        clients.update_client(cid, colour="red")
    assert err.value.field == "colour"
    with pytest.raises(InvalidInput):
        clients.update_client(cid, industry="Banking", tier="Z")
    assert clients.get_client(cid).industry == "Logistics"  # all or nothing
    with pytest.raises(NotFound):
        clients.update_client(9999, industry="x")


def test_archive_hides_a_client_from_find_and_the_list_until_unarchived(book_path):
    cid = clients.create_client("Acme")
    clients.archive_client(cid)
    assert clients.get_client(cid).archived
    with pytest.raises(NotFound):
        clients.find_client("Acme")
    assert clients.find_client("Acme", include_archived=True).id == cid
    assert client_list.client_count() == 0
    assert client_list.client_count(include_archived=True) == 1
    clients.archive_client(cid, archived=False)
    assert clients.find_client("acme").id == cid


# --- contacts ----------------------------------------------------------------------------------


def test_first_contact_is_primary_and_one_primary_per_client(book_path):
    acme = clients.create_client("Acme")
    globex = clients.create_client("Globex")
    jane = contacts.add_contact(acme, "Jane Doe", title="CFO", email="jane@acme.com")
    bob = contacts.add_contact(acme, "Bob Roe")
    other = contacts.add_contact(globex, "Gil Primary")
    assert [c.name for c in contacts.client_contacts(acme)] == ["Jane Doe", "Bob Roe"]
    assert contacts.get_contact(jane).is_primary and not contacts.get_contact(bob).is_primary

    contacts.update_contact(bob, is_primary=True)
    assert [c.name for c in contacts.client_contacts(acme) if c.is_primary] == ["Bob Roe"]
    ann = contacts.add_contact(acme, "Ann Lee", is_primary=True)
    assert [c.id for c in contacts.client_contacts(acme) if c.is_primary] == [ann]
    assert contacts.get_contact(other).is_primary  # another client's primary is untouched


def test_a_client_has_one_contact_by_a_name(book_path):
    """Two 'Ava Xu' at one client: `log --contact "Ava Xu"` could pick neither."""
    acme, globex = clients.create_client("Acme"), clients.create_client("Globex")
    ava = contacts.add_contact(acme, "Ava Xu")
    for same in ("Ava Xu", "ava xu", "  AVA   XU "):
        with pytest.raises(InvalidInput, match="already a contact of this client") as err:
            contacts.add_contact(acme, same)
        assert err.value.field == "name"
    contacts.add_contact(globex, "Ava Xu")  # another client's may share it
    bob = contacts.add_contact(acme, "Bob Roe")
    with pytest.raises(InvalidInput, match="already a contact"):
        contacts.update_contact(bob, name="ava xu")
    contacts.update_contact(ava, name="Ava  Xu")  # her own name, respaced: fine
    assert [c.name for c in contacts.client_contacts(acme)] == ["Ava Xu", "Bob Roe"]  # spaces tidied


def test_contact_validation_and_delete(book_path):
    acme = clients.create_client("Acme")
    with pytest.raises(InvalidInput) as err:
        contacts.add_contact(acme, "Jane", email="jane at acme")
    assert err.value.field == "email" and "does not look like an email" in err.value.reason
    with pytest.raises(InvalidInput, match="name: is required"):
        contacts.add_contact(acme, " ")
    with pytest.raises(NotFound):
        contacts.add_contact(9999, "Nobody")
    assert Contact.select().count() == 0
    jane = contacts.add_contact(acme, "Jane", email="jane@acme.com")
    contacts.update_contact(jane, title="CFO", email="")
    assert (contacts.get_contact(jane).title, contacts.get_contact(jane).email) == ("CFO", "")
    with pytest.raises(InvalidInput):
        contacts.update_contact(jane, email="@nope")
    contacts.delete_contact(jane)
    assert contacts.client_contacts(acme) == []
    with pytest.raises(NotFound):
        contacts.delete_contact(jane)


# --- holdings ---------------------------------------------------------------------------------


def test_holdings_add_edit_end_and_refuse_slips(book_path):
    acme = clients.create_client("Acme")
    analytics = create_product("Analytics Pro", "Analytics", Decimal("12000"))
    support = create_product("Premium Support", "Services", Decimal("6000"))
    hid = holdings.add_holding(acme, analytics, since=date(2026, 1, 1), annual_value="12.5k",
                               ends_on=date(2026, 12, 31))
    row = holdings.get_holding(hid)
    assert (row.product, row.annual_value, row.status) == ("Analytics Pro", Decimal("12500.00"), "active")

    with pytest.raises(InvalidInput) as err:
        holdings.add_holding(acme, analytics)
    assert err.value.field == "product" and "already holds Analytics Pro" in err.value.reason
    with pytest.raises(InvalidInput) as err:
        holdings.add_holding(acme, support, since=date(2026, 6, 1), ends_on=date(2026, 5, 1))
    assert err.value.field == "ends_on"
    with pytest.raises(InvalidInput, match="annual_value: must not be negative"):
        holdings.add_holding(acme, support, annual_value=Decimal("-1"))
    with pytest.raises(InvalidInput, match="product"):
        holdings.add_holding(acme, 9999)

    holdings.update_holding(hid, annual_value=Decimal("13000"))
    assert holdings.get_holding(hid).annual_value == Decimal("13000.00")
    holdings.end_holding(hid)
    ended = holdings.get_holding(hid)
    assert (ended.status, ended.ends_on) == ("ended", TODAY)
    # once ended, the product can be taken up again
    again = holdings.add_holding(acme, analytics)
    assert [h.id for h in holdings.client_holdings(acme)] == [again, hid]  # active first
    holdings.delete_holding(again)
    assert [h.id for h in holdings.client_holdings(acme)] == [hid]
    assert [p.name for p in products()] == ["Analytics Pro", "Premium Support"]


# --- deleting ---------------------------------------------------------------------------------


def _full_client(name: str) -> int:
    cid = clients.create_client(name)
    contact = contacts.add_contact(cid, "Jane Doe")
    interactions.log_interaction(cid, "Called", contact_id=contact, next_title="Send deck", next_due=TODAY)
    interactions.log_interaction(cid, "Emailed", kind="email")
    deal = create_deal(cid, "Renewal", Decimal("5000"))
    followups.add_follow_up(cid, "Chase the deal", TODAY, opportunity_id=deal)
    service.open_issue(cid, "Invoices wrong", severity="high")
    product = create_product(f"Product of {name}", "Family", Decimal("100"))
    holdings.add_holding(cid, product)
    commitments.add_commitment(cid, "Quarterly review")
    return cid


def test_deletion_summary_says_what_goes_and_delete_takes_it_all(book_path):
    acme = _full_client("Acme")
    globex = _full_client("Globex")
    summary = clients.deletion_summary(acme)
    assert summary == {
        "contacts": 1, "interactions": 2, "follow-ups": 2, "deals": 1,
        "service issues": 1, "holdings": 1, "commitments": 1,
    }
    assert clients.describe_deletion(summary) == (
        "1 contact, 2 interactions, 2 follow-ups, 1 deal, 1 service issue, 1 holding and 1 commitment"
    )
    assert clients.describe_deletion(dict.fromkeys(summary, 0)) == "nothing else"

    assert clients.delete_client(acme) == summary
    with pytest.raises(NotFound):
        clients.get_client(acme)
    for model in (Contact, Interaction, Opportunity, Holding):
        assert model.select().where(model.client == acme).count() == 0
    assert StageChange.select().join(Opportunity).where(Opportunity.client == acme).count() == 0
    assert clients.deletion_summary(globex)["interactions"] == 2  # the other client is untouched


# --- the list -----------------------------------------------------------------------------------


@pytest.fixture
def small_list(book_path):
    """Four clients with known contact, follow-ups, deals and issues (today 2026-11-27)."""
    ids = {}
    ids["acme"] = clients.create_client("Acme Corp", tier="A", industry="Manufacturing")
    ids["globex"] = clients.create_client("Globex", tier="B", industry="Retail")
    ids["initech"] = clients.create_client("Initech", tier="C", industry="Software")
    ids["umbrella"] = clients.create_client("Umbrella", tier="B", industry="Pharma", cadence_days=7)
    contacts.add_contact(ids["globex"], "Wendy Tanaka")
    interactions.log_interaction(ids["acme"], "QBR", when=TODAY - timedelta(days=3))
    interactions.log_interaction(ids["globex"], "Call", when=TODAY - timedelta(days=40))
    interactions.log_interaction(ids["umbrella"], "Call", when=TODAY - timedelta(days=10))
    followups.add_follow_up(ids["acme"], "Send deck", TODAY + timedelta(days=5))
    followups.add_follow_up(ids["acme"], "Earlier", TODAY + timedelta(days=2))
    done = followups.add_follow_up(ids["globex"], "Old", TODAY - timedelta(days=9))
    followups.complete_follow_up(done.id)
    followups.add_follow_up(ids["initech"], "Intro call", TODAY - timedelta(days=1))
    create_deal(ids["acme"], "Big", Decimal("50000"))
    create_deal(ids["acme"], "Small", Decimal("2500.50"))
    won = create_deal(ids["globex"], "Won one", Decimal("90000"))
    win_deal(won, TODAY)
    lost = create_deal(ids["globex"], "Lost one", Decimal("70000"))
    lose_deal(lost, "price")
    create_deal(ids["initech"], "Mid", Decimal("10000"))
    service.open_issue(ids["initech"], "Broken", severity="critical")
    service.open_issue(ids["initech"], "Slow", severity="low")
    fixed = service.open_issue(ids["umbrella"], "Fixed", severity="low")
    service.update_issue(fixed.id, status="resolved", resolution="patched")
    return ids


def names(rows) -> list[str]:
    return [r.name for r in rows]


def test_list_rows_carry_every_column(small_list):
    rows = {r.name: r for r in client_list.client_page()}
    acme, globex, initech, umbrella = (rows[n] for n in ("Acme Corp", "Globex", "Initech", "Umbrella"))
    assert acme.open_pipeline == Decimal("52500.50") and acme.next_follow_up == TODAY + timedelta(days=2)
    assert (acme.days_since_contact, acme.cadence_days, acme.past_cadence) == (3, 14, False)
    assert (globex.open_pipeline, globex.next_follow_up) == (Decimal("0.00"), None)  # won/lost, done
    assert (globex.days_since_contact, globex.past_cadence) == (40, True)
    assert (initech.last_contact, initech.days_since_contact, initech.open_issues) == (None, None, 2)
    assert (umbrella.open_issues, umbrella.cadence_days, umbrella.past_cadence) == (0, 7, True)
    scores = health.health_for(list(small_list.values()))
    for row in rows.values():
        assert (row.health, row.band) == (scores[row.id].score, scores[row.id].band)


def test_list_filters_on_name_industry_and_contact_names(small_list):
    assert names(client_list.client_page("glo")) == ["Globex"]
    assert names(client_list.client_page("SOFT")) == ["Initech"]
    assert names(client_list.client_page("tanaka")) == ["Globex"]  # a contact's name
    assert names(client_list.client_page("retail wendy")) == ["Globex"]  # every word must match
    assert names(client_list.client_page("retail acme")) == []
    assert names(client_list.client_page("%")) == []  # no LIKE wildcards
    assert client_list.client_count("b") == 2  # Globex, Umbrella
    clients.archive_client(small_list["globex"])
    assert client_list.client_page("tanaka") == []
    assert names(client_list.client_page("tanaka", include_archived=True)) == ["Globex"]
    assert client_list.client_page("tanaka", include_archived=True)[0].archived


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Acme Corp", "Globex", "Initech", "Umbrella"]),
        ("tier", ["Acme Corp", "Globex", "Umbrella", "Initech"]),
        ("industry", ["Acme Corp", "Umbrella", "Globex", "Initech"]),
        # by days since contact: most recent first, never contacted last
        ("last_contact", ["Acme Corp", "Umbrella", "Globex", "Initech"]),
        # soonest first, none last
        ("next_follow_up", ["Initech", "Acme Corp", "Globex", "Umbrella"]),
        ("open_pipeline", ["Globex", "Umbrella", "Initech", "Acme Corp"]),
        ("open_issues", ["Acme Corp", "Globex", "Umbrella", "Initech"]),
    ],
)
def test_list_sorts_by_each_column_both_ways(small_list, sort, expected):
    assert names(client_list.client_page(sort=sort)) == expected
    reverse = names(client_list.client_page(sort=sort, descending=True))
    if sort == "next_follow_up":  # clients with no follow-up stay last either way
        assert reverse == ["Acme Corp", "Initech", "Globex", "Umbrella"]
    elif sort in ("name", "last_contact"):
        assert reverse == expected[::-1]
    else:
        assert reverse[0] == expected[-1]


def test_health_sort_orders_by_score_and_pages_stably(small_list):
    scores = health.health_for(list(small_list.values()))
    worst_first = names(client_list.client_page(sort="health"))
    got = [scores[clients.find_client(n).id].score for n in worst_first]
    assert got == sorted(got)
    best_first = names(client_list.client_page(sort="health", descending=True))
    assert [scores[clients.find_client(n).id].score for n in best_first] == sorted(got, reverse=True)
    order = client_list.health_order()
    assert names(client_list.client_rows(order)) == worst_first
    assert names(client_list.client_page(sort="health", offset=1, limit=2)) == worst_first[1:3]


def test_list_pages_without_overlap_or_gaps(book_path):
    for i in range(25):
        clients.create_client(f"Client {i:02d}", industry="Retail" if i % 2 else "Banking")
    pages = [client_list.client_page(offset=o, limit=10) for o in (0, 10, 20, 30)]
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    assert names(sum(pages, [])) == [f"Client {i:02d}" for i in range(25)]
    assert client_list.client_count("retail") == 12
    assert len(client_list.client_page("retail", sort="tier", offset=10, limit=10)) == 2
    with pytest.raises(ValueError, match="unknown sort"):
        client_list.client_page(sort="colour")


# --- the detail -----------------------------------------------------------------------------------


def test_client_detail_gathers_every_part(small_list):
    acme = small_list["acme"]
    jane = contacts.add_contact(acme, "Jane Doe", email="jane@acme.com")
    commitments.add_commitment(acme, "Monthly report", due_on=TODAY + timedelta(days=3))
    product = create_product("Analytics Pro", "Analytics", Decimal("12000"))
    holdings.add_holding(acme, product, annual_value=Decimal("12000"))
    interactions.log_interaction(acme, "Latest", contact_id=jane)
    d = client_detail(acme)
    assert d.client.name == "Acme Corp" and d.health.score == health.client_health(acme).score
    assert [c.name for c in d.contacts] == ["Jane Doe"] and d.primary_contact.name == "Jane Doe"
    assert [i.summary for i in d.timeline] == ["Latest", "QBR"]  # newest first
    assert [f.title for f in d.follow_ups] == ["Earlier", "Send deck"]
    assert [x.title for x in d.deals] == ["Big", "Small"]
    assert d.deals[0].weighted == Decimal("5000.00")  # 10% in the first stage
    assert d.open_pipeline == Decimal("52500.50") and d.weighted_pipeline == Decimal("5250.05")
    assert [h.product for h in d.holdings] == ["Analytics Pro"] and d.annual_value_held == Decimal("12000.00")
    assert [c.what for c in d.commitments] == ["Monthly report"]
    assert (d.days_since_contact, d.cadence_days, d.days_over_cadence) == (0, 14, 0)
    globex = client_detail(small_list["globex"])
    assert sorted(x.status for x in globex.deals) == ["lost", "won"]
    assert globex.open_pipeline == Decimal("0.00")
    with pytest.raises(NotFound):
        client_detail(9999)


def test_find_contact_by_exact_name_prefix_or_part(book_path):
    acme = clients.create_client("Acme")
    contacts.add_contact(acme, "Jane Doe")
    contacts.add_contact(acme, "Janet Roe")
    assert contacts.find_contact(acme, "jane doe").name == "Jane Doe"
    assert contacts.find_contact(acme, "roe").name == "Janet Roe"
    with pytest.raises(NotFound, match="matches Jane Doe, Janet Roe"):
        contacts.find_contact(acme, "jan")
    with pytest.raises(NotFound, match="no contact named 'bob'"):
        contacts.find_contact(acme, "bob")


def test_a_new_client_is_stamped_by_the_frozen_clock_and_owed_a_first_call_today(
    book_path, monkeypatch
):
    from amtui.core import cadence, clock
    from amtui.core.clients import create_client
    from amtui.models import Client

    monkeypatch.setenv("AMTUI_TODAY", "2027-03-01")
    stored = Client.get_by_id(create_client("Acme"))
    assert stored.created_at == stored.updated_at == clock.now()
    # never contacted: on the cadence list from the day it entered the book, 0 days over
    [row] = cadence.overdue_contacts()
    assert (row.entered_on, row.days_since, row.days_over) == (date(2027, 3, 1), 0, 0)
