"""Input that isn't text: bytes that aren't UTF-8 on the command line (Python's lone
surrogates, '\\udce9'), refused in one line naming the argument, never a crash; paths
holding them work; a value an older amtui stored with one never crashes an export nor
reaches the terminal as a raw byte."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import TODAY
from peewee import CharField, TextField
from test_hostile_cli import assert_printable

from amtui import models
from amtui.cli import main
from amtui.core import (
    clients,
    commitments,
    contacts,
    deal_moves,
    followups,
    interactions,
    products,
    quota,
    service,
    stages,
)
from amtui.core.errors import InvalidInput
from amtui.core.periods import parse_period
from amtui.core.settings import set_settings
from amtui.core.text import encodable, escape_json_controls, printable, refuse_controls
from amtui.models.base import JSONField, UTCDateTimeField

# what `$(printf '\xe9')` and `$(printf '\x9b')` (a one-byte CSI) arrive as in sys.argv
E_ACUTE, CSI = "\udce9", "\udc9b"


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse's refusals end the process as `amtui` would
        code = exit_.code
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_no_surrogate(text: str) -> None:
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), ascii(text)


def assert_one_line_refusal(code: int, out: str, err: str, argument: str) -> None:
    assert code == 1, (out, err)
    assert "this is a bug" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert f"{argument}: holds a byte that isn't UTF-8 text" in err
    assert_no_surrogate(out + err)
    assert_printable(out + err)


# --- the helpers ----------------------------------------------------------------------------


def test_printable_shows_a_byte_that_is_not_utf8_as_its_escape():
    assert printable("c" + CSI) == "c\\x9b"
    assert printable("N" + E_ACUTE, keep_newlines=True) == "N\\xe9"
    assert printable("a\ud800b") == "a\\ud800b"
    assert printable("c" + CSI, same_length=True) == "c\ufffd"
    for code in range(0xD800, 0xE000):
        assert_no_surrogate(printable(chr(code)))
        printable(chr(code)).encode("utf-8")  # never a UnicodeEncodeError


def test_json_escape_writes_a_surrogate_as_an_escape():
    document = escape_json_controls(json.dumps({"company": "c" + CSI}, ensure_ascii=False))
    document.encode("utf-8")
    assert json.loads(document) == {"company": "c" + CSI}  # the same data


def test_refuse_controls_refuses_a_byte_that_is_not_utf8():
    with pytest.raises(InvalidInput) as exc:
        refuse_controls("name", "N" + E_ACUTE)
    assert exc.value.field == "name"
    assert "holds a byte that isn't UTF-8 text" in exc.value.reason


def test_encodable_replaces_only_surrogates():
    assert encodable("Zoë " + CSI) == "Zoë \ufffd"
    assert encodable("plain") == "plain"


def test_core_refuses_a_name_holding_one(book_path):
    with pytest.raises(InvalidInput, match="name: holds a byte that isn't UTF-8 text"):
        clients.create_client("N" + E_ACUTE)
    assert models.Client.select().count() == 0


# --- text arguments are refused in one line ------------------------------------------------


@pytest.fixture
def acme_book(book_path, capsys):
    assert run(capsys, "client", "add", "Acme")[0] == 0
    assert run(capsys, "deal", "add", "Acme", "Expansion", "1000")[0] == 0
    return book_path


TEXT_ARGUMENTS = [
    (("client", "add", "N" + E_ACUTE), "NAME"),
    (("client", "show", "N" + E_ACUTE), "CLIENT"),
    (("client", "edit", "Acme", "--needs", "x" + CSI), "--needs"),
    (("deal", "add", "Acme", "T" + E_ACUTE, "100"), "TITLE"),
    (("deal", "add", "Acme" + E_ACUTE, "T", "100"), "CLIENT"),
    (("log", "Acme", "Called" + CSI), "SUMMARY"),
    (("deal", "lost", "1", "--reason", "price" + CSI), "--reason"),
    (("quota", "set", "2027-Q1", "100", "--notes", "n" + CSI), "--notes"),
    (("quota", "set", "2027-Q1", "100", "--set-by", "D" + E_ACUTE), "--set-by"),
    (("settings", "set", "company", "c" + CSI), "VALUE"),
    (("settings", "set", "reports_dir", "/tmp/r" + CSI), "VALUE"),
    (("clients", "--filter", "a" + E_ACUTE), "--filter"),
]


@pytest.mark.parametrize("argv, argument", TEXT_ARGUMENTS, ids=lambda a: " ".join(a)[:28] if isinstance(a, tuple) else a)
def test_a_text_argument_with_a_byte_that_is_not_utf8_is_refused(acme_book, capsys, argv, argument):
    before = {m.__name__: m.select().count() for m in (models.Client, models.Opportunity, models.Quota,
                                                       models.Interaction)}
    settings_before = list(models.Setting.select().tuples())
    assert_one_line_refusal(*run(capsys, *argv), argument)
    assert {m.__name__: m.select().count() for m in (models.Client, models.Opportunity, models.Quota,
                                                     models.Interaction)} == before
    assert list(models.Setting.select().tuples()) == settings_before
    assert models.Opportunity.get_by_id(1).status == "open"


# --- paths may hold such bytes ---------------------------------------------------------------


def test_export_to_a_path_that_is_not_utf8_works(acme_book, tmp_path, capsys):
    target = str(tmp_path / ("o" + CSI + ".xlsx"))
    code, out, err = run(capsys, "export", "status", "-o", target)
    assert code == 0, err
    assert os.path.exists(os.fsencode(target))
    assert tmp_path.joinpath(os.fsdecode(b"o\x9b.xlsx")).exists()
    assert_no_surrogate(out + err)
    assert "o\\x9b.xlsx" in out


def test_book_csv_export_to_a_folder_that_is_not_utf8_works(acme_book, tmp_path, capsys):
    code, out, err = run(capsys, "export", "book", "--format", "csv", "-o", str(tmp_path / ("b" + CSI)))
    assert code == 0, err
    assert_no_surrogate(out + err)


def test_import_from_a_path_that_is_not_utf8_works(book_path, tmp_path, capsys):
    path = tmp_path / ("x" + CSI + ".csv")
    path.write_text("Client,Industry\nInitech,Software\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert_no_surrogate(out + err)
    assert models.Client.get().name == "Initech"


def test_a_book_at_a_path_that_is_not_utf8_works(tmp_path, capsys, monkeypatch, frozen_today):
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "config.toml"))
    db_path = str(tmp_path / ("d" + CSI + ".db"))
    try:
        code, out, err = run(capsys, "client", "add", "Initech", "--db", db_path)
        assert code == 0, err
        code, out, err = run(capsys, "clients", "--db", db_path)
    finally:
        from amtui import db

        db.close_book()
    assert code == 0, err
    assert "Initech" in out
    assert_no_surrogate(out + err)


# --- a value an older amtui stored -----------------------------------------------------------


@pytest.fixture
def stored_surrogate(acme_book):
    """`settings set company` took such a byte before this fix: JSON keeps it as \\udc9b."""
    models.Setting.update(value="c" + CSI).where(models.Setting.key.in_(["company", "rep_name"])).execute()
    return acme_book


def test_settings_show_a_stored_surrogate_escaped(stored_surrogate, capsys):
    code, out, err = run(capsys, "settings")
    assert code == 0, err
    assert "company: c\\x9b" in out
    assert_no_surrogate(out + err)
    code, out, err = run(capsys, "settings", "--json")
    assert code == 0, err
    assert_no_surrogate(out)
    assert json.loads(out)["company"] == "c" + CSI


@pytest.mark.parametrize("report", ["status", "quarterly", "forecast", "commission"])
def test_a_stored_surrogate_never_fails_a_workbook(stored_surrogate, tmp_path, capsys, report):
    code, out, err = run(capsys, "export", report, "-o", str(tmp_path / f"{report}.xlsx"))
    assert code == 0, err
    assert (tmp_path / f"{report}.xlsx").exists()


def test_a_stored_surrogate_never_fails_the_book_csv(stored_surrogate, tmp_path, capsys):
    code, out, err = run(capsys, "export", "book", "--format", "csv", "-o", str(tmp_path / "csv"))
    assert code == 0, err
    text = (tmp_path / "csv" / "settings.csv").read_text(encoding="utf-8-sig")
    assert 'company,"""c\ufffd"""' in text


# --- every free-text field of the book refuses control characters -----------------------------
# (issue: deal lost --reason, quota --set-by / --notes and the text settings took ESC)

# Text columns that hold no free text: a fixed choice, a parsed value, or one amtui
# derives itself; each is checked by its own parser (or never typed).
NOT_FREE_TEXT = {
    ("Client", "name_key"), ("Client", "tier"), ("Client", "status"), ("Holding", "status"),
    ("Interaction", "kind"), ("ServiceIssue", "severity"), ("ServiceIssue", "status"),
    ("Opportunity", "kind"), ("Opportunity", "status"), ("Opportunity", "forecast_category"),
    ("StageChange", "change"), ("FollowUp", "priority"), ("Commitment", "status"),
    ("Quota", "period"), ("CompPlan", "rate"),
}


def _writers(client: int, deal: int, issue: int) -> dict[tuple[str, str], object]:
    """(model, field) -> a core call writing `text` into that field."""
    due = TODAY + timedelta(days=3)
    q = parse_period("2027-Q1")

    def client_field(field):
        return lambda text: clients.create_client("Other", **{field: text})

    def contact_field(field):
        if field == "name":
            return lambda text: contacts.add_contact(client, text)
        return lambda text: contacts.add_contact(client, "Wendy", **{field: text})

    return {
        ("Client", "name"): lambda text: clients.create_client(text),
        **{("Client", f): client_field(f) for f in (
            "industry", "handed_over_by", "handover_notes", "needs", "website", "phone", "address",
            "notes")},
        **{("Contact", f): contact_field(f) for f in ("name", "title", "email", "phone", "notes")},
        ("Product", "name"): lambda text: products.create_product(text, "Software", Decimal(1)),
        ("Product", "family"): lambda text: products.create_product("P", text, Decimal(1)),
        ("Interaction", "summary"): lambda text: interactions.log_interaction(client, text),
        ("Interaction", "outcome"): lambda text: interactions.log_interaction(client, "QBR", outcome=text),
        ("ServiceIssue", "title"): lambda text: service.open_issue(client, text),
        ("ServiceIssue", "description"): lambda text: service.open_issue(client, "Down", description=text),
        ("ServiceIssue", "resolution"): lambda text: service.update_issue(issue, resolution=text),
        ("Opportunity", "title"): lambda text: deal_moves.create_deal(client, text, Decimal(1)),
        ("Opportunity", "next_step"): lambda text: deal_moves.create_deal(
            client, "D", Decimal(1), next_step=text),
        ("Opportunity", "lost_reason"): lambda text: deal_moves.lose_deal(deal, "other", text),
        ("FollowUp", "title"): lambda text: followups.add_follow_up(client, text, due),
        ("FollowUp", "notes"): lambda text: followups.add_follow_up(client, "Call", due, notes=text),
        ("Commitment", "what"): lambda text: commitments.add_commitment(client, text),
        ("Commitment", "made_by"): lambda text: commitments.add_commitment(client, "Deck", made_by=text),
        ("Quota", "set_by"): lambda text: quota.set_quota(q, Decimal(100), set_by=text),
        ("Quota", "notes"): lambda text: quota.set_quota(q, Decimal(100), notes=text),
        ("CompPlan", "tiers"): None,  # JSON of decimals, parsed by comp_plan
        ("CompPlan", "bonuses"): None,
    }


def _text_columns():
    for model in models.BOOK_RECORDS:
        for f in model._meta.sorted_fields:
            if isinstance(f, CharField | TextField) and not isinstance(f, UTCDateTimeField):
                if (model.__name__, f.name) not in NOT_FREE_TEXT:
                    yield model.__name__, f.name, isinstance(f, JSONField)


def test_every_free_text_column_has_a_checked_writer(book_path):
    written = _writers(0, 0, 0)
    missing = [(m, f) for m, f, _json in _text_columns() if (m, f) not in written]
    assert not missing, f"a text column no test writes: {missing} (add it here, checked in core)"


HOSTILE = ["a\x1b[2Jb", "a\x00b", "x\x9b31m", "r\u202eev", "N" + E_ACUTE]


@pytest.mark.parametrize("text", HOSTILE, ids=ascii)
def test_every_free_text_field_refuses_control_characters(book_path, text):
    acme = clients.create_client("Acme")
    deal = deal_moves.create_deal(acme, "Expansion", Decimal(1000))
    issue = service.open_issue(acme, "Outage")
    issue = issue if isinstance(issue, int) else issue.id
    counts = {m.__name__: m.select().count() for m in models.BOOK_RECORDS}
    for (model, field), write in _writers(acme, deal, issue).items():
        if write is None:
            continue
        with pytest.raises(InvalidInput) as exc:
            write(text)
        assert exc.value.field in (field, field.replace("_", " "), "detail"), (model, field, exc.value.field)
        assert "contains a" in exc.value.reason or "isn't UTF-8" in exc.value.reason, (model, field)
    assert {m.__name__: m.select().count() for m in models.BOOK_RECORDS} == counts
    assert models.Opportunity.get_by_id(deal).status == "open"
    assert models.ServiceIssue.get_by_id(issue).resolution == ""
    assert stages.stages()  # untouched


@pytest.mark.parametrize("key", ["rep_name", "company", "currency", "reports_dir"])
@pytest.mark.parametrize("text", HOSTILE, ids=ascii)
def test_text_settings_refuse_control_characters(book_path, key, text):
    with pytest.raises(InvalidInput) as exc:
        set_settings(**{key: text})
    assert exc.value.field == key


@pytest.mark.parametrize("argv, option", [
    (("deal", "lost", "1", "--reason", "a\x1b[2Jb"), "--reason"),
    (("deal", "lost", "1", "--reason", "competitor: a\x1b[2Jb"), "--reason"),
    (("deal", "lost", "1", "--reason", "price", "--detail", "a\x07"), "--detail"),
    (("quota", "set", "2027-Q1", "100", "--set-by", "\x1b]0;x\x07"), "--set-by"),
    (("quota", "set", "2027-Q1", "100", "--notes", "n\x1b[2J"), "--notes"),
    (("settings", "set", "rep_name", "D\x1b[2J"), "rep_name"),
    (("settings", "set", "company", "c\x9b"), "company"),
    (("settings", "set", "reports_dir", "/tmp/r\x1b[2J"), "reports_dir"),
])
def test_cli_refuses_control_characters_naming_the_option(acme_book, capsys, argv, option):
    settings_before = list(models.Setting.select().tuples())
    code, out, err = run(capsys, *argv)
    assert code == 1, err
    assert err.startswith(f"amtui: {option}: contains a control character"), err
    assert_printable(out + err)
    assert models.Opportunity.get_by_id(1).status == "open"
    assert models.Quota.select().count() == 0
    assert list(models.Setting.select().tuples()) == settings_before


def test_restoring_a_book_export_refuses_control_characters(acme_book, tmp_path, capsys):
    run(capsys, "deal", "lost", "1", "--reason", "price")
    assert run(capsys, "export", "book", "--format", "csv", "-o", str(tmp_path / "csv"))[0] == 0
    deals = tmp_path / "csv" / "opportunities.csv"
    deals.write_text(deals.read_text(encoding="utf-8-sig").replace("price", "price\x1b[2J"),
                     encoding="utf-8-sig")
    code, out, err = run(capsys, "import", str(tmp_path / "csv"), "--db", str(tmp_path / "new.db"))
    assert code == 1
    assert "opportunities.csv: line 2, lost_reason: contains a control character (␛)" in out + err
    assert_printable(out + err)
