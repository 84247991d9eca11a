"""Importing real exports into a book: each source, encodings, delimiters, xlsx, matching,
all or nothing, dry run, --no-create, and the CSV round trip of the whole book."""

from __future__ import annotations

import shutil
import stat
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from import_fixtures import FIXTURES, build_fixture_book

from amtui import db
from amtui.core.errors import InvalidInput
from amtui.importers.book_csv import export_book_csv
from amtui.importers.run import import_file
from amtui.models import (
    Client,
    Contact,
    FollowUp,
    Interaction,
    Opportunity,
    ServiceIssue,
    StageChange,
)


def local(y, m, d, hh=12, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm).astimezone().astimezone(UTC)


def deal(title: str) -> Opportunity:
    return Opportunity.get(Opportunity.title == title)


def counts(result, kind: str) -> tuple[int, int, int]:
    c = result.counts[kind]
    return c.new, c.updated, c.unchanged


# --- each source ----------------------------------------------------------------------------


def test_salesforce_opportunities_report(book_path):
    result = import_file(FIXTURES / "salesforce-opportunities-report.csv")
    assert result.ok, result.errors
    assert result.kind == "opportunities" and result.files[0].detected
    assert result.files[0].source == "Windows-1252, comma separated"
    assert counts(result, "opportunities") == (5, 0, 0)  # the report's footer is not a deal
    assert result.created == {"clients": 4, "products": 0, "contacts": 0}
    assert Client.get(Client.name_key == "café zürich gmbh").name == "Café Zürich GmbH"

    renewal = deal("Northwind - Fleet renewal 2027")
    assert (renewal.stage.name, renewal.status, renewal.amount) == ("Propose", "open", Decimal("24000.00"))
    assert (renewal.probability, renewal.probability_overridden) == (75, True)
    assert (renewal.forecast_category, renewal.kind) == ("best case", "upsell")
    assert renewal.close_on == renewal.original_close_on == date(2026, 12, 15)
    assert renewal.next_step == "Send revised pricing, then call"
    assert renewal.created_at == local(2026, 9, 1)

    won = deal("Contoso - Analytics add-on")
    assert (won.stage.name, won.status, won.closed_on, won.probability) == ("Won", "won", date(2026, 11, 20), 100)
    lost = deal("Fabrikam - Training")
    assert (lost.status, lost.closed_on, lost.kind) == ("lost", date(2026, 10, 15), "renewal")
    assert deal("Espresso analytics pilot").kind == "new"
    # every new deal starts its stage history
    assert StageChange.select().where(StageChange.change == "created").count() == 5


def test_salesforce_data_loader_accounts(book_path):
    result = import_file(FIXTURES / "salesforce-dataloader-accounts.csv")
    assert result.ok and result.kind == "clients"
    assert counts(result, "clients") == (3, 0, 0)
    northwind = Client.get(Client.name == "Northwind Traders")
    assert northwind.address == "1 Harbor Way\nSuite 400, Seattle, WA 98101, USA"  # a quoted newline
    assert (northwind.tier, northwind.industry) == ("A", "Transportation")  # Rating Hot
    assert northwind.notes == "Fleet of 400 trucks; renews every March"
    assert Client.get(Client.name == "Fabrikam, Inc.").tier == "C"


def test_salesforce_tasks_become_follow_ups(book_path):
    result = import_file(FIXTURES / "salesforce-tasks-report.csv")
    assert result.ok and result.kind == "followups"
    assert result.created["contacts"] == 1
    pricing = FollowUp.get(FollowUp.title == "Send revised pricing")
    assert (pricing.due_on, pricing.priority, pricing.done_at) == (date(2026, 12, 1), "high", None)
    assert pricing.contact.name == "Ana Trujillo" and pricing.notes == "They want 20 more units"
    assert FollowUp.get(FollowUp.title == "Confirm training dates").done_at is not None


def test_salesforce_cases_become_service_issues(book_path):
    result = import_file(FIXTURES / "salesforce-cases-report.csv")
    assert result.ok and result.kind == "issues"
    offline = ServiceIssue.get(ServiceIssue.title == "Tracker offline")
    assert (offline.status, offline.severity) == ("resolved", "high")
    assert offline.opened_at == local(2026, 11, 23, 8)
    assert offline.resolved_at == local(2026, 11, 24, 17, 45)
    assert offline.description == "Unit 114 stopped reporting on Monday\n\nCase number: 00001026"
    invoice = ServiceIssue.get(ServiceIssue.title == "Invoice shows the wrong PO")
    assert (invoice.status, invoice.resolved_at) == ("in progress", None)


def test_hubspot_companies_contacts_and_deals(book_path):
    assert import_file(FIXTURES / "hubspot-companies.csv").ok
    northwind = Client.get(Client.name == "Northwind Traders")
    assert (northwind.website, northwind.handed_over_by) == ("northwind.example", "Dana Whitfield")
    assert northwind.address == "Seattle, United States"

    contacts = import_file(FIXTURES / "hubspot-contacts.csv")
    assert counts(contacts, "contacts") == (3, 0, 0) and contacts.created["clients"] == 0
    chloe = Contact.get(Contact.email == "chloe@tailspintoys.example")
    assert (chloe.name, chloe.title, chloe.client.name) == ("Chloé Durand", "CFO", "Tailspin Toys")
    assert Contact.get(Contact.name == "Ben Ng").is_primary  # a client's first contact

    deals = import_file(FIXTURES / "hubspot-deals.csv")
    assert counts(deals, "opportunities") == (4, 0, 0)
    stages = {o.title: o.stage.name for o in Opportunity.select()}
    assert stages == {
        "Tailspin - Holiday campaign": "Qualify",  # Appointment Scheduled
        "Northwind - Driver app": "Commit",  # contractsent
        "Northwind - Spare units": "Won",  # Closed won
        "Tailspin - Loyalty app": "Discover",  # qualifiedtobuy
    }
    assert deal("Northwind - Driver app").amount == Decimal("9800.50")
    assert deal("Northwind - Spare units").closed_on == date(2026, 11, 18)


def test_pipedrive_deals(book_path, frozen_today):
    result = import_file(FIXTURES / "pipedrive-deals.csv")
    assert result.ok and counts(result, "opportunities") == (4, 0, 0)
    won = deal("Analytics add-on")  # status won, though the stage says Negotiations Started
    assert (won.status, won.closed_on, won.close_on) == ("won", date(2026, 11, 20), date(2026, 11, 30))
    lost = deal("Training package")
    assert (lost.status, lost.closed_on, lost.lost_reason) == ("lost", date(2026, 10, 15), "Price")
    app = deal("Driver app")  # no expected close date: a month out, as a deal added by hand
    assert app.close_on == date(2026, 12, 27)
    assert (app.stage.name, app.probability, app.probability_overridden) == ("Discover", 40, True)


def test_pipedrive_people_keep_every_email(book_path):
    assert import_file(FIXTURES / "pipedrive-people.csv").ok
    ana = Contact.get(Contact.name == "Ana Trujillo")
    assert ana.email == "ana@northwind.example"
    assert ana.notes == "Other email: ana.t@gmail.example"


def test_pipedrive_activities_need_a_kind_then_join_date_and_time(book_path):
    path = FIXTURES / "pipedrive-activities.csv"
    with pytest.raises(InvalidInput, match="fit interactions and followups equally"):
        import_file(path)
    result = import_file(path, kind="interactions")
    assert result.ok and counts(result, "interactions") == (2, 0, 0)
    call = Interaction.get(Interaction.summary == "Kick-off call")
    assert (call.kind, call.happened_at, call.outcome) == ("call", local(2026, 11, 23, 14, 30), "Agreed the rollout plan")
    assert call.contact.name == "Ana Trujillo"
    assert Interaction.get(Interaction.summary == "Lunch with the CFO").kind == "meeting"


def test_plain_semicolon_sheet_in_windows_1252_with_european_dates(book_path):
    result = import_file(FIXTURES / "plain-clients-semicolon.csv")
    assert result.ok and result.files[0].source == "Windows-1252, semicolon separated"
    muller = Client.get(Client.name == "Müller & Söhne KG")
    assert muller.renewal_on == date(2027, 1, 15)
    assert Client.get(Client.name == "Østergaard A/S").tier == "C"
    ignored = [c.header for c in result.files[0].columns if c.field is None]
    assert ignored == ["Annual value"]


def test_plain_us_deals(book_path):
    assert import_file(FIXTURES / "plain-deals-us.csv").ok
    assert deal("Holiday campaign").probability == 50
    assert deal("Catalog refresh").amount == Decimal("12500.00")  # 12.5k
    assert deal("Driver app").close_on == date(2026, 12, 5)


def test_excel_unicode_text_utf16_tabs_quoted_newlines(book_path):
    result = import_file(FIXTURES / "plain-activity-utf16.txt")
    assert result.ok and result.files[0].source == "UTF-16, tab separated"
    review = Interaction.get(Interaction.summary == "Quarterly review")
    assert review.happened_at == local(2026, 11, 2)  # 02/11: day first, settled by 23/11
    assert review.outcome == 'Asked about "SSO"\nand the API'
    assert review.kind == "meeting"


def test_ambiguous_dates_are_reported_not_guessed(book_path):
    path = FIXTURES / "plain-deals-ambiguous.csv"
    result = import_file(path)
    assert not result.ok and result.date_format_needed
    assert result.error_count == 1
    error = result.errors[0]
    assert (error.line, error.column) == (2, "Close")
    assert "--date-format dmy" in error.reason
    assert Opportunity.select().count() == 0
    assert import_file(path, date_format="dmy").ok
    assert deal("Holiday campaign").close_on == date(2027, 4, 3)


def test_a_probability_typed_as_a_fraction_in_a_csv_is_refused_naming_both_readings(book_path, tmp_path):
    """A CSV cell is text the rep typed: `1.0` could be 100% or 1%, as on the command line
    (it was read as 100%, a long shot made a certainty); a workbook's number cell 0.6 is a
    percent cell's 60%, but the same text typed into a text cell is refused too."""
    path = tmp_path / "deals.csv"
    path.write_text("Client,Deal,Value,Probability\n"
                    "Tailspin Toys,Holiday campaign,15000,1.0\n"
                    "Northwind Traders,Driver app,9800,0.6\n"
                    "Contoso Ltd,Add-on,8500,60\n"
                    "Fabrikam,Training,3200,12.5%\n")
    result = import_file(path)
    assert not result.ok and Opportunity.select().count() == 0
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (2, "Probability", "'1.0' could be 100% or 1%: write 100% or 1%"),
        (3, "Probability", "'0.6' could be 60% or 0.6%: write 60% or 0.6%"),
    ]
    book = tmp_path / "deals.xlsx"
    write_workbook(book, {"Deals": [["Client", "Deal", "Value", "Probability"],
                                    ["Tailspin Toys", "Holiday campaign", 15000, 0.6],
                                    ["Northwind Traders", "Driver app", 9800, "0.6"]]})
    result = import_file(book)
    assert [(e.line, e.column) for e in result.errors] == [(3, "Probability")]
    path.write_text("Client,Deal,Value,Probability\nTailspin Toys,Holiday campaign,15000,100%\n")
    assert import_file(path).ok and deal("Holiday campaign").probability == 100


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_every_encoding_and_delimiter_reads_the_same(book_path, tmp_path, encoding, delimiter):
    rows = [["Client", "Industry", "Notes"], ["Café Zürich", "Hospitality", "Crème, brûlée"]]
    text = "\r\n".join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c else c for c in row) for row in rows
    ) + "\r\n"
    path = tmp_path / "clients.csv"
    path.write_bytes(text.encode(encoding))
    assert import_file(path).ok
    client = Client.get()
    assert (client.name, client.industry, client.notes) == ("Café Zürich", "Hospitality", "Crème, brûlée")


# --- Excel ----------------------------------------------------------------------------------


def write_workbook(path, sheets: dict[str, list[list]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)


def test_xlsx_with_date_cells_and_sheets(book_path, tmp_path):
    path = tmp_path / "pipeline.xlsx"
    write_workbook(path, {
        "Notes": [["Just", "notes"]],
        "Deals": [
            ["Account Name", "Opportunity Name", "Amount", "Close Date", "Stage", "Probability (%)"],
            ["Northwind Traders", "Fleet renewal", 24000, datetime(2026, 12, 15), "Proposal/Price Quote", 0.6],
            ["Contoso Ltd", "Add-on", 8500.5, date(2027, 1, 31), "Qualification", None],
            [None, None, None, None, None, None],
        ],
    })
    with pytest.raises(InvalidInput, match="could not tell"):
        import_file(path)  # the first sheet holds no records
    with pytest.raises(InvalidInput, match="no sheet named 'Pipeline'; sheets are Notes, Deals"):
        import_file(path, sheet="Pipeline")
    result = import_file(path, sheet="deals")
    assert result.ok and result.files[0].source == "Excel workbook, sheet Deals"
    fleet = deal("Fleet renewal")
    assert (fleet.close_on, fleet.amount, fleet.probability) == (date(2026, 12, 15), Decimal("24000.00"), 60)
    assert deal("Add-on").amount == Decimal("8500.50")


def test_xlsx_first_sheet_by_default(book_path, tmp_path):
    path = tmp_path / "clients.xlsx"
    write_workbook(path, {"Clients": [["Client", "Renewal", "Phone"], ["Acme", datetime(2027, 3, 31), 5550100]]})
    assert import_file(path).ok
    acme = Client.get()
    assert (acme.renewal_on, acme.phone) == (date(2027, 3, 31), "5550100")


# --- matching: idempotent, updates --------------------------------------------------------------


def test_importing_twice_changes_nothing(book_path):
    path = FIXTURES / "salesforce-opportunities-report.csv"
    import_file(path)
    again = import_file(path)
    assert counts(again, "opportunities") == (0, 0, 5)
    assert again.created == {"clients": 0, "products": 0, "contacts": 0}
    assert Opportunity.select().count() == 5 and StageChange.select().count() == 5


def test_a_changed_row_updates_its_record(book_path, tmp_path):
    source = FIXTURES / "hubspot-deals.csv"
    import_file(source)
    changed = tmp_path / "deals.csv"
    text = source.read_text().replace("Appointment Scheduled,2026-12-20,Dana Whitfield,15000",
                                      "Presentation Scheduled,2026-12-20,Dana Whitfield,18000")
    changed.write_text(text)
    result = import_file(changed)
    assert counts(result, "opportunities") == (0, 1, 3)
    holiday = deal("Tailspin - Holiday campaign")
    assert (holiday.amount, holiday.stage.name, holiday.probability) == (Decimal("18000.00"), "Propose", 50)
    history = StageChange.select().where(StageChange.opportunity == holiday).order_by(StageChange.id)
    assert [h.change for h in history] == ["created", "stage,amount"]


def test_clients_match_by_name_case_or_website_domain(book_path, tmp_path):
    Client.create(name="Northwind Traders", website="https://www.northwind.example/")
    Client.create(name="Contoso", website="")
    path = tmp_path / "accounts.csv"
    path.write_text("Account Name,Website,Industry\nNORTHWIND TRADERS,,Transport\n"
                    "Northwind Holdings,northwind.example,Logistics\ncontoso,,Tech\n")
    result = import_file(path)
    assert counts(result, "clients") == (0, 3, 0)
    assert Client.select().count() == 2
    northwind = Client.get(Client.name == "NORTHWIND TRADERS")  # matched by name: the file's spelling
    # matched again by website: the name stays, the rest follows the file
    assert (northwind.industry, northwind.website) == ("Logistics", "northwind.example")


def test_same_record_twice_in_a_file_is_one_record(book_path, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("Company,Name,Email,Title\nAcme,Ana,ana@acme.example,COO\nAcme,Ana T.,ANA@acme.example,CEO\n")
    result = import_file(path)
    assert counts(result, "contacts") == (1, 1, 0)
    assert Contact.get().title == "CEO"


# --- all or nothing -----------------------------------------------------------------------------


def many_deals(path, n: int, bad_at: int | None = None) -> None:
    lines = ["Client,Deal,Value,Close"]
    for i in range(n):
        close = "2026-02-30" if i == bad_at else "2026-12-15"
        lines.append(f"Client {i % 7},Deal {i},{1000 + i},{close}")
    path.write_text("\n".join(lines) + "\n")


def test_one_bad_row_among_many_writes_nothing(book_path, tmp_path):
    path = tmp_path / "deals.csv"
    many_deals(path, 300, bad_at=149)
    result = import_file(path)
    assert not result.ok and not result.written
    assert result.error_count == 1
    error = result.errors[0]
    assert (error.line, error.column, error.reason) == (151, "Close", "'2026-02-30' is not a real date")
    assert Opportunity.select().count() == 0 and Client.select().count() == 0


def test_errors_list_the_first_fifty_then_count(book_path, tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("Client,Deal,Value\n" + "".join(f"C{i},D{i},lots\n" for i in range(80)))
    result = import_file(path)
    assert result.error_count == 80 and len(result.errors) == 50
    assert result.errors[0].line == 2 and "'lots' is not an amount" in result.errors[0].reason


def test_dry_run_writes_nothing(book_path):
    result = import_file(FIXTURES / "salesforce-opportunities-report.csv", dry_run=True)
    assert result.ok and result.dry_run and not result.written
    assert counts(result, "opportunities") == (5, 0, 0) and result.created["clients"] == 4
    assert Opportunity.select().count() == 0 and Client.select().count() == 0


def test_no_create_refuses_unknown_clients(book_path):
    Client.create(name="Northwind Traders")
    result = import_file(FIXTURES / "salesforce-opportunities-report.csv", create_clients=False)
    assert not result.ok
    assert {(e.column, e.reason) for e in result.errors} >= {
        ("Account Name", "no client named 'Contoso Ltd' in the book (--no-create)")
    }
    assert [e.line for e in result.errors] == [3, 4, 5]
    assert Opportunity.select().count() == 0 and Client.select().count() == 1


def test_follow_ups_must_name_deals_that_exist(book_path, tmp_path):
    path = tmp_path / "tasks.csv"
    path.write_text("Client,Title,Due,Deal\nAcme,Call back,2026-12-01,Big deal\n")
    result = import_file(path)
    assert result.errors[0].reason == "Acme has no deal 'Big deal'; import the deals first"
    assert Client.select().count() == 0


def test_future_interactions_are_refused(book_path, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Client,Date,Summary\nAcme,2026-11-27,Today is fine\nAcme,2026-11-28,Tomorrow is not\n")
    result = import_file(path)
    assert [(e.line, e.column) for e in result.errors] == [(3, "Date")]


def test_missing_columns_name_what_is_needed(book_path, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Client,Amount\nAcme,5\n")
    with pytest.raises(InvalidInput, match="importing opportunities needs a column for title"):
        import_file(path, kind="deals")
    assert import_file(path, kind="deals", mapping={"Client": "client", "Amount": "title"}).ok


# --- the CSV round trip ----------------------------------------------------------------------------


def round_trip(tmp_path) -> None:
    first = tmp_path / "first"
    paths = export_book_csv(first)
    assert [p.name for p in paths][:4] == ["settings.csv", "stages.csv", "clients.csv", "products.csv"]
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    result = import_file(first)
    assert result.ok, result.errors
    second = tmp_path / "second"
    export_book_csv(second)
    for p in paths:
        assert (second / p.name).read_bytes() == p.read_bytes(), p.name
    again = import_file(first)  # into a book with records: matched by name, nothing new
    assert again.ok and again.counts and "ids ignored" in " ".join(again.notes)
    assert all(c.new == 0 and c.updated == 0 for c in again.counts.values())


def test_csv_round_trip_of_the_fixture_book(book_path, tmp_path):
    build_fixture_book()
    round_trip(tmp_path)
    assert Client.get(Client.name == "=Old Co").archived
    assert Contact.get(Contact.name == "Ana Trujillo").is_primary
    assert not Contact.get(Contact.name == "Bob Li").is_primary


def test_csv_round_trip_of_the_demo_book(demo_book, tmp_path):
    round_trip(tmp_path)


def test_a_folder_dry_run_writes_nothing(book_path, tmp_path):
    build_fixture_book()
    folder = tmp_path / "book"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "other.db")
    (folder / "quotas.csv").unlink()
    result = import_file(folder, dry_run=True)
    assert result.ok and counts(result, "followups") == (2, 0, 0)
    assert "quotas" not in result.counts
    assert Client.select().count() == 0 and FollowUp.select().count() == 0


def test_a_bad_file_in_a_folder_writes_none_of_them(book_path, tmp_path):
    build_fixture_book()
    folder = tmp_path / "book"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "other.db")
    text = (folder / "followups.csv").read_text(encoding="utf-8-sig")
    (folder / "followups.csv").write_text(text.replace("Fleet expansion", "No such deal"), encoding="utf-8")
    Client.create(name="Someone")  # a book with records: rows are matched by name
    result = import_file(folder)
    assert not result.ok and result.errors[0].file == "followups.csv"
    assert Client.select().count() == 1


def test_export_replaces_files_atomically(book_path, tmp_path):
    build_fixture_book()
    folder = tmp_path / "out"
    export_book_csv(folder)
    (folder / "clients.csv").write_text("stale")
    export_book_csv(folder, force=True)
    assert (folder / "clients.csv").read_text(encoding="utf-8-sig").startswith("id,name,industry,tier")
    assert not list(tmp_path.glob(".*"))
    shutil.rmtree(folder)


def test_the_shipped_sample_files_import_cleanly_in_order(book_path):
    data = FIXTURES.parents[2] / "data"
    results = [
        import_file(data / name)
        for name in ("sample-clients.csv", "sample-contacts-hubspot.csv", "sample-deals-pipedrive.csv",
                     "sample-activity.csv")
    ]
    assert all(r.ok for r in results), [r.errors for r in results]
    assert [r.kind for r in results] == ["clients", "contacts", "opportunities", "interactions"]
    assert sum(r.created["clients"] for r in results[1:]) == 0  # every file names the same clients
    assert deal("Quillon - EU rollout").status == "won"


def test_one_primary_contact_per_client(book_path, tmp_path):
    acme = Client.create(name="Acme")
    Contact.create(client=acme, name="Old Primary", email="old@acme.example", is_primary=True)
    path = tmp_path / "contacts.csv"
    path.write_text("Company,Name,Email,Primary\nAcme,Ana,ana@acme.example,yes\nAcme,Bob,bob@acme.example,no\n"
                    "Beta,Cy,cy@beta.example,\nBeta,Di,di@beta.example,\n")
    assert import_file(path).ok
    primary = {c.name for c in Contact.select().where(Contact.is_primary == True)}  # noqa: E712
    assert primary == {"Ana", "Cy"}  # the file's choice; else a new client's first contact


def test_a_follow_up_keeps_its_deal_when_the_client_has_two_of_that_title(book_path, tmp_path):
    """A yearly renewal repeats its title; re-importing an export must not relink."""
    from amtui.core import clients, deal_moves, followups

    client_id = clients.create_client("Acme")
    first = deal_moves.create_deal(client_id, "Annual renewal", Decimal("1000"))
    deal_moves.create_deal(client_id, "Annual renewal", Decimal("1200"))
    followups.add_follow_up(client_id, "Send terms", date(2026, 12, 1), opportunity_id=first)
    folder = tmp_path / "out"
    export_book_csv(folder)
    result = import_file(folder)
    assert counts(result, "followups") == (0, 0, 1)
    assert FollowUp.get().opportunity_id == first


def test_a_deal_dated_ahead_is_never_written_before_it_was_created(book_path, tmp_path):
    """A file may date a deal's creation after today; its updated_at is then that day, not
    before it, which the changes walk relies on to find deals created since a day."""
    path = tmp_path / "deals.csv"
    path.write_text("Client,Deal,Value,Stage,Close,Created Date\n"
                    "Tailspin Toys,Ahead,1000,Propose,12/20/2027,6/1/2027\n"
                    "Tailspin Toys,Behind,1000,Propose,12/20/2027,6/1/2025\n")
    assert import_file(path).ok
    ahead, behind = deal("Ahead"), deal("Behind")
    assert ahead.created_at == local(2027, 6, 1) == ahead.updated_at
    assert behind.created_at == local(2025, 6, 1) < behind.updated_at


def test_a_workbooks_100_percent_cell_is_100_percent(book_path, tmp_path):
    """A cell formatted as a percentage holds 100% as the number 1: it was imported as 1%,
    a certain deal weighted as a long shot.  Its column settles it: among 0.25s it is
    100%, among 25s it is 1%, and a column of 0s and 1s is refused naming both."""
    path = tmp_path / "deals.xlsx"
    write_workbook(path, {"Deals": [["Client", "Deal", "Value", "Probability"],
                                    ["Tailspin Toys", "Holiday campaign", 15000, 1],
                                    ["Northwind Traders", "Driver app", 9800, 0.25]]})
    assert import_file(path).ok
    assert (deal("Holiday campaign").probability, deal("Driver app").probability) == (100, 25)
    write_workbook(path, {"Deals": [["Client", "Deal", "Value", "Probability"],
                                    ["Contoso Ltd", "Long shot", 5000, 1],
                                    ["Fabrikam", "Training", 3200, 40]]})
    assert import_file(path).ok and deal("Long shot").probability == 1
    write_workbook(path, {"Deals": [["Client", "Deal", "Value", "Probability"],
                                    ["Litware", "Renewal", 7000, 1]]})
    result = import_file(path)
    assert not result.ok and [(e.line, e.column) for e in result.errors] == [(2, "Probability")]
    assert "could be 100%" in result.errors[0].reason and "'100% or '1%" in result.errors[0].reason
