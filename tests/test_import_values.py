"""The importer's value parsers, header matching, kind detection and file decoding."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amtui.core.errors import InvalidInput
from amtui.core.parse import parse_money
from amtui.core.stages import StageRow
from amtui.importers.deal_values import StageMatcher, parse_deal_kind, parse_status
from amtui.importers.detect import detect_kind
from amtui.importers.headers import map_headers, norm, parse_overrides
from amtui.importers.kinds import KINDS, kind_named
from amtui.importers.reading import decode, detect_delimiter, read_csv_bytes
from amtui.importers.rows import parse_done, parse_interaction_kind
from amtui.importers.values import (
    date_order,
    parse_bool_value,
    parse_choice_value,
    parse_date_value,
    parse_money_value,
    parse_percent_value,
    parse_timestamp_value,
    percent_column,
)

amounts = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2, allow_nan=False)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))


def local(y, m, d, hh=12, mm=0) -> datetime:
    """A local wall-clock time as the aware UTC moment the importer stores."""
    return datetime(y, m, d, hh, mm).astimezone().astimezone(UTC)


# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$24,000.00", "24000.00"),
        ("USD 12,500.50", "12500.50"),
        ("1.234,56", "1234.56"),
        ("1 234,56 €", "1234.56"),
        ("12.500,00 €", "12500.00"),
        ("€1.234.567", "1234567.00"),
        ("980,50", "980.50"),
        ("1,234", "1234.00"),  # English thousands stay thousands
        ("12.5k", "12500.00"),
        ("0.99", "0.99"),
    ],
)
def test_money_as_exports_write_it(text, expected):
    assert parse_money_value(text) == Decimal(expected)


def test_money_from_spreadsheet_numbers():
    assert parse_money_value(9800.5) == Decimal("9800.50")
    assert parse_money_value(15000) == Decimal("15000.00")


def test_money_refuses_what_is_not_an_amount():
    for text in ("1.234", "twelve", "1,2,3", "-5"):
        with pytest.raises(InvalidInput):
            parse_money_value(text)


def test_parse_money_keeps_its_english_behaviour():
    # the European reading is only for forms no English amount can take
    assert parse_money("12,500.50") == Decimal("12500.50")
    assert parse_money("1,234,567") == Decimal("1234567.00")
    with pytest.raises(InvalidInput):
        parse_money("1.234")


@given(amounts)
def test_money_round_trips_through_english_formatting(amount):
    assert parse_money_value(f"${amount:,.2f}") == amount
    assert parse_money_value(f"{amount:.2f}") == amount


@given(amounts)
def test_money_round_trips_through_european_formatting(amount):
    english = f"{amount:,.2f}"
    european = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    if "." not in european and "," not in european:
        return
    assert parse_money_value(f"{european} €") == amount


# --- percent, yes/no, choices -----------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [("25%", 25), ("25", 25), (0.25, 25), ("75.0", 75),
                                             ("12.5%", 13), (40, 40), (40.0, 40), ("0.5%", 1), ("1", 1)])
def test_probabilities(value, expected):
    assert parse_percent_value(value) == expected


@pytest.mark.parametrize("one", [1, 1.0])
def test_a_number_cell_holding_1_reads_as_its_column_says(one):
    """A cell formatted as a percentage holds 100% as 1: among 0.25s it is 100%, among
    25s it is 1%, and alone it is refused naming both (it was read as 1%)."""
    assert parse_percent_value(one, fractions=True) == 100
    assert parse_percent_value(one, fractions=False) == 1
    with pytest.raises(InvalidInput, match="could be 100%.*or 1%"):
        parse_percent_value(one)


@pytest.mark.parametrize("cells, settled", [([0.25, 1, "50%"], True), ([25, 1, None], False),
                                            ([1, 0, 1, "x"], None), ([], None), ([True, 0.5], True)])
def test_a_percent_column_is_settled_by_its_number_cells(cells, settled):
    assert percent_column(cells) is settled


@pytest.mark.parametrize("text, readings", [("0.25", "25% or 0.25%"), ("1.0", "100% or 1%"), (" .5 ", "50% or 0.5%")])
def test_a_fraction_as_text_is_refused_naming_both_readings(text, readings):
    """Text in a cell is what the rep wrote (a CSV's every cell): a spreadsheet's number
    cell 0.25 is a percent cell's 25%, the text `0.25` could be either."""
    with pytest.raises(InvalidInput, match=f"could be {readings}"):
        parse_percent_value(text)


@given(st.integers(min_value=0, max_value=100))
def test_whole_percentages_read_the_same_every_way(n):
    assert parse_percent_value(f"{n}%") == n
    assert parse_percent_value(str(n)) == n
    assert parse_percent_value(n / 100, fractions=True) == n  # a percent cell


def test_yes_no_and_task_status():
    assert parse_bool_value("Yes", field="x") is True
    assert parse_bool_value("one-time", field="x") is False
    assert parse_bool_value(1, field="x") is True
    assert parse_done("Completed") is True
    assert parse_done("Not Started") is False
    assert parse_done("Waiting on someone else") is False
    with pytest.raises(InvalidInput, match="neither done"):
        parse_done("maybe")


def test_choices_ignore_case_and_punctuation_and_know_synonyms():
    assert parse_choice_value("At-Risk", ("active", "at risk", "churned"), field="status") == "at risk"
    assert parse_choice_value("Hot", ("A", "B", "C"), {"hot": "A"}, field="tier") == "A"
    with pytest.raises(InvalidInput, match="not one of: A, B, C"):
        parse_choice_value("Z", ("A", "B", "C"), field="tier")


@pytest.mark.parametrize("text, kind", [("Call", "call"), ("Logged call", "call"), ("Sent email", "email"),
                                         ("Lunch", "meeting"), ("Site visit", "visit"), ("Task", "note")])
def test_interaction_kinds(text, kind):
    assert parse_interaction_kind(text) == kind


def test_deal_status_and_kind_synonyms():
    assert parse_status("Won") == "won"
    assert parse_status("closedlost") == "lost"
    assert parse_deal_kind("Existing Customer - Upgrade") == "upsell"
    assert parse_deal_kind("New Business") == "new"
    assert parse_deal_kind("newbusiness") == "new"
    with pytest.raises(InvalidInput):
        parse_deal_kind("Barter")


# --- stages -----------------------------------------------------------------------------------

DEFAULTS = [
    StageRow(1, "Qualify", 0, 10, "pipeline", 21, "open"),
    StageRow(2, "Discover", 1, 25, "pipeline", 30, "open"),
    StageRow(3, "Propose", 2, 50, "best case", 30, "open"),
    StageRow(4, "Negotiate", 3, 75, "best case", 21, "open"),
    StageRow(5, "Commit", 4, 90, "commit", 14, "open"),
    StageRow(6, "Won", 5, 100, "closed", None, "won"),
    StageRow(7, "Lost", 6, 0, "omitted", None, "lost"),
]


@pytest.mark.parametrize(
    "name, stage",
    [
        ("Prospecting", "Qualify"), ("Qualification", "Qualify"), ("Needs Analysis", "Discover"),
        ("Id. Decision Makers", "Discover"), ("Proposal/Price Quote", "Propose"),
        ("Negotiation/Review", "Negotiate"), ("Closed Won", "Won"), ("Closed Lost", "Lost"),
        ("appointmentscheduled", "Qualify"), ("qualifiedtobuy", "Discover"),
        ("presentationscheduled", "Propose"), ("decisionmakerboughtin", "Negotiate"),
        ("contractsent", "Commit"), ("closedwon", "Won"), ("closedlost", "Lost"),
        ("Lead In", "Qualify"), ("Proposal Made", "Propose"), ("Negotiations Started", "Negotiate"),
        ("negotiate", "Negotiate"), ("COMMIT", "Commit"),
    ],
)
def test_crm_stages_land_on_amtui_stages(name, stage):
    assert StageMatcher(DEFAULTS).match(name).name == stage


def test_renamed_stages_take_the_nearest_probability():
    renamed = [
        StageRow(1, "Intro", 0, 5, "pipeline", None, "open"),
        StageRow(2, "Demo", 1, 30, "pipeline", None, "open"),
        StageRow(3, "Paper", 2, 80, "commit", None, "open"),
        StageRow(4, "Signed", 3, 100, "closed", None, "won"),
        StageRow(5, "Gone", 4, 0, "omitted", None, "lost"),
    ]
    matcher = StageMatcher(renamed)
    assert matcher.match("Needs Analysis").name == "Demo"  # Discover's 25% -> 30%
    assert matcher.match("Negotiation/Review").name == "Paper"
    assert matcher.match("Closed Won").name == "Signed"
    assert matcher.match("paper").name == "Paper"


def test_unknown_stage_lists_the_books_stages():
    with pytest.raises(InvalidInput, match="Qualify, Discover, Propose"):
        StageMatcher(DEFAULTS).match("Waiting for Godot")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, order, expected",
    [
        ("2026-11-27", None, date(2026, 11, 27)),
        ("2026-11-27T14:30:00Z", None, date(2026, 11, 27)),
        ("11/27/2026", None, date(2026, 11, 27)),
        ("27/11/2026", None, date(2026, 11, 27)),
        ("27.11.2026", None, date(2026, 11, 27)),
        ("3.4.2026", None, date(2026, 4, 3)),  # dots are always day first
        ("03/04/2026", "dmy", date(2026, 4, 3)),
        ("03/04/2026", "mdy", date(2026, 3, 4)),
        ("1/29/27", "mdy", date(2027, 1, 29)),
        ("27 Nov 2026", None, date(2026, 11, 27)),
        ("Nov 27, 2026", None, date(2026, 11, 27)),
        ("November 27, 2026", None, date(2026, 11, 27)),
        ("9/1/2026 10:12 AM", "mdy", date(2026, 9, 1)),
    ],
)
def test_dates_as_exports_write_them(text, order, expected):
    assert parse_date_value(text, order) == expected


def test_dates_from_spreadsheet_cells():
    assert parse_date_value(datetime(2026, 11, 27, 0, 0)) == date(2026, 11, 27)
    assert parse_date_value(date(2026, 11, 27)) == date(2026, 11, 27)
    assert parse_date_value(46353) == date(2026, 11, 27)  # an Excel serial number


def test_bad_and_ambiguous_dates_say_why():
    with pytest.raises(InvalidInput, match="not a real date"):
        parse_date_value("02/30/2026", "mdy")
    with pytest.raises(InvalidInput, match="could be day/month or month/day"):
        parse_date_value("03/04/2026", None)
    with pytest.raises(InvalidInput, match="not a date"):
        parse_date_value("soon")


@given(days)
def test_dates_round_trip_through_every_notation(day):
    assert parse_date_value(day.isoformat()) == day
    assert parse_date_value(f"{day.month}/{day.day}/{day.year}", "mdy") == day
    assert parse_date_value(f"{day.day}/{day.month}/{day.year}", "dmy") == day
    assert parse_date_value(f"{day.day:02d}.{day.month:02d}.{day.year}") == day
    assert parse_date_value(day.strftime("%d %b %Y")) == day


def test_date_order_is_settled_by_the_whole_file():
    assert date_order(["03/04/2026", "27/11/2026"]).order == "dmy"
    assert date_order(["03/04/2026", "11/27/2026"]).order == "mdy"
    assert date_order(["2026-11-27", "27.11.2026"]).order is None
    ambiguous = date_order(["03/04/2026", "05/06/2026"])
    assert ambiguous.order is None and ambiguous.ambiguous == "03/04/2026"
    conflict = date_order(["27/11/2026", "11/27/2026"])
    assert conflict.conflict and conflict.order is None
    assert date_order(["03/04/2026"], "dmy").order == "dmy"


@given(st.lists(days, min_size=1, max_size=20))
def test_a_file_with_a_day_above_12_is_read_day_first(dates):
    texts = [f"{d.day}/{d.month}/{d.year}" for d in dates] + ["27/11/2026"]
    order = date_order(texts)
    assert order.order == "dmy"
    assert [parse_date_value(t, order.order) for t in texts[:-1]] == dates


# --- timestamps -------------------------------------------------------------------------------


def test_timestamps():
    assert parse_timestamp_value("2026-11-27T14:30:00Z") == datetime(2026, 11, 27, 14, 30, tzinfo=UTC)
    assert parse_timestamp_value("2026-11-27T14:30:00+01:00") == datetime(2026, 11, 27, 13, 30, tzinfo=UTC)
    assert parse_timestamp_value("2026-11-27 14:30") == local(2026, 11, 27, 14, 30)
    assert parse_timestamp_value("11/27/2026 2:30 PM", "mdy") == local(2026, 11, 27, 14, 30)
    assert parse_timestamp_value("27.11.2026 14:30") == local(2026, 11, 27, 14, 30)
    assert parse_timestamp_value("2026-11-27") == local(2026, 11, 27, 12)  # a bare date: noon
    assert parse_timestamp_value("2026-11-23", at="14:30") == local(2026, 11, 23, 14, 30)
    assert parse_timestamp_value(datetime(2026, 11, 27, 9, 15)) == local(2026, 11, 27, 9, 15)
    assert parse_timestamp_value(datetime(2026, 11, 27), at=time(8, 0)) == local(2026, 11, 27, 8)
    with pytest.raises(InvalidInput, match="not a time of day"):
        parse_timestamp_value("2026-11-27", at="25:00")


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
def test_exported_timestamps_read_back_exactly(moment):
    moment = moment.replace(microsecond=0, tzinfo=UTC)
    assert parse_timestamp_value(moment.strftime("%Y-%m-%dT%H:%M:%SZ")) == moment


# --- headers and kinds -------------------------------------------------------------------------


def test_header_normalisation():
    assert norm("Probability (%)") == "probability"
    assert norm(" E-mail ") == "email"
    assert norm("\ufeffClose_Date") == "closedate"
    assert norm("Date/Time Opened") == "datetimeopened"


def test_pipedrive_prefix_of_the_kind_being_imported_is_dropped():
    deals = map_headers(["Deal - Value", "Deal - Organization", "Organization - Name", "Person - Name"],
                        KINDS["opportunities"])
    fields = [c.field for c in deals.columns]
    assert fields == ["amount", "client", "client", None]
    # two columns for the client: the better spelling leads, the other fills in
    lead, other = deals.sources["client"]
    assert {lead, other} == {1, 2}
    assert deals.columns[other].note == f"fills in where {deals.columns[lead].header} is empty"


def test_fallback_columns_fill_in_where_the_best_is_empty():
    contacts = map_headers(["Company", "Name", "Phone", "Mobile"], KINDS["contacts"])
    assert contacts.sources["phone"] == [2, 3]


def test_map_overrides_and_their_errors():
    overrides = parse_overrides(["Kunde=client", "Betrag=amount", "Intern="], KINDS["opportunities"])
    assert overrides == {"kunde": "client", "betrag": "amount", "intern": None}
    with pytest.raises(InvalidInput, match="not a field of opportunities"):
        parse_overrides(["Kunde=customer"], KINDS["opportunities"])
    with pytest.raises(InvalidInput, match="should look like"):
        parse_overrides(["Kunde"], KINDS["opportunities"])


def test_kind_names_and_aliases():
    assert kind_named("deals").name == "opportunities"
    assert kind_named("Tasks").name == "followups"
    with pytest.raises(InvalidInput, match="kinds are clients"):
        kind_named("widgets")


@pytest.mark.parametrize(
    "headers, kind",
    [
        (["Account Name", "Industry", "Website", "Phone"], "clients"),
        (["Client", "Deal", "Value", "Close"], "opportunities"),
        (["First Name", "Last Name", "Email", "Company Name", "Job Title"], "contacts"),
        (["Client", "Date", "Summary"], "interactions"),
        (["Client", "Title", "Due"], "followups"),
        (["Case Number", "Subject", "Account Name", "Status"], "issues"),
        (["Product Name", "Product Family", "List Price"], "products"),
        (["Period", "Quota"], "quotas"),
        (["client", "product", "since", "annual_value"], "holdings"),
    ],
)
def test_kind_detection(headers, kind):
    assert detect_kind(headers)[0].name == kind


def test_kind_detection_errors_say_which_kinds_fit():
    with pytest.raises(InvalidInput, match="fit opportunities and issues equally; say which with --kind opportunities or --kind issues"):
        detect_kind(["Client", "Title"])
    with pytest.raises(InvalidInput, match="could not tell what these rows are"):
        detect_kind(["Foo", "Bar"])


# --- decoding and delimiters ---------------------------------------------------------------------


def test_encodings():
    text = "Client,Notes\nCafé Zürich,Crème brûlée\n"
    assert decode(text.encode("utf-8")) == (text, "UTF-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "UTF-8 with BOM")
    assert decode(text.encode("utf-16")) == (text, "UTF-16")
    assert decode(text.encode("utf-16-le")) == (text, "UTF-16")
    assert decode(text.encode("cp1252")) == (text, "Windows-1252")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter):
    text = delimiter.join(["Client", "Value", "Close"]) + "\n" + delimiter.join(["Acme", "1,5", "2026-12-01"])
    assert detect_delimiter(text) == delimiter


def test_a_comma_inside_quotes_in_the_header_is_not_a_delimiter():
    assert detect_delimiter('"Name, full";Email;Phone\nAna;a@x.example;1\n') == ";"


def test_quoted_fields_with_commas_and_newlines_and_crlf_keep_their_line_numbers():
    data = b'Client,Notes\r\n"Acme, Inc.","two\r\nlines"\r\nBeta,one\r\n'
    table = read_csv_bytes(data)
    assert table.rows == [(2, ["Acme, Inc.", "two\r\nlines"]), (4, ["Beta", "one"])]


def test_rows_wider_than_the_header_are_reported():
    table = read_csv_bytes(b"Client,Value\nAcme,1,200\nBeta,5\n")
    assert table.problems and table.problems[0][0] == 2
    assert [line for line, _cells in table.rows] == [3]



def test_a_salesforce_footer_is_dropped_but_a_one_column_list_keeps_every_line():
    report = read_csv_bytes(b'Account,Amount\nAcme,5\n\n"Copyright (c) 2000-2026 salesforce.com"\n"Acme Sales"\n')
    assert [cells for _line, cells in report.rows] == [["Acme", "5"]]
    names = read_csv_bytes(b"Client\nAcme\n\nBeta\nGamma\n")
    assert [cells for _line, cells in names.rows] == [["Acme"], ["Beta"], ["Gamma"]]
