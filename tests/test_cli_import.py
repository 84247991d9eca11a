"""`amtui import`: what it prints, its options, and its exit status."""

from __future__ import annotations

from import_fixtures import FIXTURES, build_fixture_book

from amtui.cli import main
from amtui.importers.book_csv import export_book_csv
from amtui.models import Client, Interaction, Opportunity


def test_import_prints_kind_columns_and_summary(book_path, capsys):
    assert main(["import", str(FIXTURES / "pipedrive-deals.csv")]) == 0
    out = capsys.readouterr().out
    assert "Read pipedrive-deals.csv (UTF-8, comma separated): 4 rows" in out
    assert "Kind: opportunities (told from the headers)" in out
    assert "Deal - Title                -> title" in out
    assert "Deal - Currency of value       ignored" in out
    assert "opportunities: 4 new, 0 updated, 0 unchanged" in out
    assert "created 3 clients named in the rows" in out
    assert "Imported in" in out
    assert Opportunity.select().count() == 4

    assert main(["import", str(FIXTURES / "pipedrive-deals.csv")]) == 0
    assert "opportunities: 0 new, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_dry_run(book_path, capsys):
    assert main(["import", str(FIXTURES / "hubspot-companies.csv"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "clients: would add 2, update 0, leave 0 unchanged" in out
    assert "Dry run: nothing was written." in out
    assert Client.select().count() == 0


def test_errors_go_to_stderr_with_exit_1(book_path, tmp_path, capsys):
    path = tmp_path / "deals.csv"
    path.write_text("Client,Deal,Value\n" + "".join(f"C{i},D{i},{'lots' if i % 2 else 5}\n" for i in range(120)))
    assert main(["import", str(path)]) == 1
    captured = capsys.readouterr()
    assert "60 problems; nothing was imported:" in captured.err
    assert "  line 3, Value: 'lots' is not an amount" in captured.err
    assert "  ... and 10 more" in captured.err
    assert "Kind: opportunities" in captured.out
    assert Opportunity.select().count() == 0


def test_ambiguous_dates_ask_for_date_format(book_path, capsys):
    path = FIXTURES / "plain-deals-ambiguous.csv"
    assert main(["import", str(path)]) == 1
    assert "Rerun with --date-format dmy or --date-format mdy." in capsys.readouterr().err
    assert main(["import", str(path), "--date-format", "mdy"]) == 0
    assert Opportunity.get(Opportunity.title == "Driver app").close_on.isoformat() == "2027-05-06"


def test_kind_and_map_options(book_path, tmp_path, capsys):
    path = tmp_path / "kontakte.csv"
    path.write_text("Kunde;Datum;Betreff;Intern\nMüller GmbH;27.10.2026;Anruf wegen Angebot;x\n", encoding="utf-8")
    assert main(["import", str(path)]) == 1
    assert "could not tell what these rows are" in capsys.readouterr().err
    args = ["import", str(path), "--kind", "interactions", "--map", "Kunde=client",
            "--map", "Datum=happened_at", "--map", "Betreff=summary", "--map", "Intern="]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Kind: interactions (as given)" in out
    assert "Kunde    -> client  (given with --map)" in out
    assert "Intern      ignored  (given with --map)" in out
    assert Interaction.get().summary == "Anruf wegen Angebot"


def test_bad_options_are_one_line_errors(book_path, tmp_path, capsys):
    assert main(["import", str(FIXTURES / "hubspot-deals.csv"), "--kind", "widgets"]) == 1
    assert capsys.readouterr().err.strip() == (
        "amtui: kind: 'widgets' is not a kind; kinds are clients, products, contacts, holdings, "
        "opportunities, interactions, issues, followups, quotas, commitments"
    )
    assert main(["import", str(tmp_path / "missing.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["import", str(old)]) == 1
    assert "save it as .xlsx or CSV first" in capsys.readouterr().err


def test_no_create(book_path, capsys):
    assert main(["import", str(FIXTURES / "hubspot-contacts.csv"), "--no-create"]) == 1
    err = capsys.readouterr().err
    assert "line 2, Company Name: no client named 'Northwind Traders' in the book (--no-create)" in err
    assert Client.select().count() == 0


def test_import_a_folder_and_the_db_option(book_path, tmp_path, capsys):
    build_fixture_book()
    export_book_csv(tmp_path / "book")
    other = tmp_path / "other.db"
    assert main(["import", str(tmp_path / "book"), "--db", str(other)]) == 0
    out = capsys.readouterr().out
    assert "clients.csv: clients, 3 rows" in out
    assert "opportunities: 3 new, 0 updated, 0 unchanged" in out
    assert "commitments: 1 new, 0 updated, 0 unchanged" in out


def test_map_alone_can_settle_the_kind(book_path, tmp_path, capsys):
    path = tmp_path / "kunden.csv"
    path.write_text("Kunde;Branche\nMüller GmbH;Maschinenbau\n", encoding="utf-8")
    assert main(["import", str(path), "--map", "Kunde=name", "--map", "Branche=industry"]) == 0
    assert "Kind: clients (told from the headers)" in capsys.readouterr().out
    assert Client.get().industry == "Maschinenbau"


def test_export_book_csv_then_import_gives_identical_files(book_path, tmp_path, capsys):
    build_fixture_book()
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["export", "book", "--format", "csv", "-o", str(first)]) == 0
    other = str(tmp_path / "other.db")
    assert main(["import", str(first), "--db", other]) == 0
    assert main(["export", "book", "--format", "csv", "-o", str(second), "--db", other]) == 0
    capsys.readouterr()
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir()) and "clients.csv" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
