"""`amtui clients`, `amtui client ...` and `amtui contact add` from the shell."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from amtui.cli import main
from amtui.core import clients, contacts, followups, interactions
from amtui.core.deal_moves import create_deal

TODAY = date(2026, 11, 27)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def book(book_path):
    acme = clients.create_client("Acme Corp", tier="A", industry="Manufacturing")
    globex = clients.create_client("Globex", industry="Retail")
    contacts.add_contact(globex, "Wendy Tanaka")
    interactions.log_interaction(acme, "QBR", when=TODAY - timedelta(days=3))
    followups.add_follow_up(acme, "Send deck", TODAY + timedelta(days=4))
    create_deal(acme, "Expansion", Decimal("12500.50"))
    return {"acme": acme, "globex": globex}


def test_clients_json_rows(book, capsys):
    code, out, _ = run(capsys, "clients", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["Acme Corp", "Globex"]
    acme = rows[0]
    assert acme["open_pipeline"] == "12500.50"
    assert acme["next_follow_up"] == "2026-12-01"
    assert acme["days_since_contact"] == 3 and acme["last_contact"].startswith("2026-11-24")
    assert acme["band"] in ("green", "yellow", "red") and isinstance(acme["health"], int)
    assert rows[1]["last_contact"] is None and rows[1]["open_issues"] == 0


def test_clients_table_filter_sort_and_archived(book, capsys):
    code, out, _ = run(capsys, "clients")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["ID", "CLIENT", "TIER"]
    assert "Acme Corp" in lines[1] and "$12,501" in lines[1] and "Tue 1 Dec" in lines[1]
    assert "never" in lines[2]
    _, out, _ = run(capsys, "clients", "--filter", "tanaka")
    assert "Globex" in out and "Acme" not in out
    _, out, _ = run(capsys, "clients", "--sort", "pipeline", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Acme Corp", "Globex"]
    _, out, _ = run(capsys, "clients", "--sort", "pipeline", "--reverse", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Globex", "Acme Corp"]
    run(capsys, "client", "archive", "glob")
    _, out, _ = run(capsys, "clients", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Acme Corp"]
    _, out, _ = run(capsys, "clients", "--all")
    assert "Globex (archived)" in out
    _, out, _ = run(capsys, "clients", "--filter", "nobody")
    assert out.strip() == "No clients match."


def test_client_add_prints_the_id_and_refuses_a_duplicate(book_path, capsys):
    code, out, _ = run(capsys, "client", "add", "Initech", "--tier", "c", "--industry", "Software",
                       "--cadence", "45", "--renewal", "2027-06-30")
    assert code == 0
    record = clients.get_client(int(out.strip()))
    assert (record.name, record.tier, record.industry, record.cadence_days, record.renewal_on) == (
        "Initech", "C", "Software", 45, date(2027, 6, 30))
    code, out, err = run(capsys, "client", "add", "initech")
    assert code == 1 and out == ""
    assert err.strip() == "amtui: name: a client named 'Initech' already exists"
    code, _, err = run(capsys, "client", "add", "Hooli", "--cadence", "0")
    assert code == 1 and err.startswith("amtui: cadence: must be at least 1 day")  # was cadence_days:
    code, _, err = run(capsys, "client", "add", "Hooli", "--renewal", "someday")
    assert code == 1 and "renewal: 'someday' is not a date" in err


def test_client_edit_show_and_contact_add(book, capsys):
    code, out, _ = run(capsys, "contact", "add", "acme", "Jane Doe", "--title", "CFO",
                       "--email", "jane@acme.com", "--primary")
    assert code == 0 and int(out.strip()) > 0
    code, _, err = run(capsys, "contact", "add", "acme", "Bad", "--email", "nope")
    assert code == 1 and "email: 'nope' does not look like an email address" in err
    code, _, err = run(capsys, "client", "edit", "acme", "--cadence", "0")
    assert code == 1 and err.strip() == (
        "amtui: cadence: must be at least 1 day (leave it empty for the tier's default)")  # was cadence_days:
    code, out, _ = run(capsys, "client", "edit", "acme", "--needs", "Faster reporting", "--cadence", "default")
    assert code == 0 and out.strip() == "Saved Acme Corp"
    code, out, _ = run(capsys, "client", "show", "acme")
    assert code == 0
    assert out.startswith("Acme Corp  (id ")
    assert "* Jane Doe, CFO, jane@acme.com" in out
    assert "Needs: Faster reporting" in out
    assert "Tue 1 Dec   Send deck" in out
    assert "Expansion  Qualify  $12,501  10%" in out
    code, out, _ = run(capsys, "client", "show", "acme", "--json")
    data = json.loads(out)
    assert data["client"]["needs"] == "Faster reporting" and data["client"]["cadence_days"] is None
    assert data["open_pipeline"] == "12500.50" and data["weighted_pipeline"] == "1250.05"
    assert data["deals"][0]["amount"] == "12500.50"
    assert [c["name"] for c in data["contacts"]] == ["Jane Doe"]
    assert data["timeline"][0]["summary"] == "QBR"
    code, _, err = run(capsys, "client", "edit", "acme")
    assert code == 1 and "nothing to change" in err


def test_unknown_or_ambiguous_client_lists_candidates(book, capsys):
    clients.create_client("Acme Labs")
    code, _, err = run(capsys, "client", "show", "acm")
    assert code == 1 and "matches 2 clients: Acme Corp, Acme Labs" in err
    code, _, err = run(capsys, "client", "show", "zzz")
    assert code == 1 and "no client named 'zzz'" in err


def test_client_delete_needs_yes_and_says_what_goes(book, capsys):
    code, _, err = run(capsys, "client", "delete", "acme")
    assert code == 1
    assert "also deletes 1 interaction, 1 follow-up and 1 deal; run again with --yes" in err
    assert clients.find_client("acme")
    code, out, _ = run(capsys, "client", "delete", "acme", "--yes")
    assert code == 0 and out.strip() == "Deleted Acme Corp and 1 interaction, 1 follow-up and 1 deal"
    code, _, _ = run(capsys, "client", "show", "acme")
    assert code == 1


def test_archive_and_undo(book, capsys):
    code, out, _ = run(capsys, "client", "archive", "globex")
    assert (code, out.strip()) == (0, "Globex archived")
    assert clients.get_client(book["globex"]).archived
    code, out, _ = run(capsys, "client", "archive", "globex", "--undo")
    assert (code, out.strip()) == (0, "Globex is back in the book")
    assert not clients.get_client(book["globex"]).archived
