"""Issue 10, part 1: text from the book or an imported file never reaches the terminal as
control characters, in any human-readable command output; --json keeps it as escaped data;
NUL and control characters are refused on the way in."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from conftest import TODAY

from amtui import models
from amtui.cli import main
from amtui.core import clients, contacts, followups, interactions, products, stages
from amtui.core.deal_moves import create_deal
from amtui.core.errors import InvalidInput
from amtui.core.text import escape_json_controls, printable, refuse_controls

# Retitles the terminal window, clears the screen, a one-byte CSI, a bidi override.
EVIL = "Evil\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202eer\u2028x\x7f"


def assert_printable(text: str) -> None:
    bad = [hex(ord(c)) for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
           or c in "\u2028\u2029\u202e"]
    assert not bad, f"control characters reached the terminal: {bad}"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def evil_book(book_path):
    """A book whose text was written by another tool (or an older amtui): core refuses
    these names today, so they go straight into the tables."""
    acme = clients.create_client("Acme", tier="A")
    contact = contacts.add_contact(acme, "Wendy")
    followups.add_follow_up(acme, "Send deck", TODAY - timedelta(days=2))
    followups.add_follow_up(acme, "Later one", TODAY + timedelta(days=9))
    interactions.log_interaction(acme, "QBR", when=TODAY - timedelta(days=3))
    deal = create_deal(acme, "Expansion", Decimal("1000"))
    products.create_product("Widgets", "Software", Decimal("10"))
    models.Client.update(name=EVIL, industry=EVIL, notes=EVIL).execute()
    models.Contact.update(name=EVIL, title=EVIL).where(models.Contact.id == contact).execute()
    models.FollowUp.update(title=EVIL).execute()
    models.Interaction.update(summary=EVIL).execute()
    models.Opportunity.update(title=EVIL, next_step=EVIL).execute()
    models.Product.update(name=EVIL).execute()
    models.Stage.update(name=EVIL).where(models.Stage.id == stages.open_stages()[0].id).execute()
    models.Product.update(family=EVIL).execute()
    models.Setting.update(value=EVIL).where(models.Setting.key.in_(["rep_name", "company"])).execute()
    return {"client": acme, "deal": deal}


COMMANDS = [
    ("clients",),
    ("clients", "--all"),
    ("client", "show", "Evil"),
    ("followups",),
    ("followups", "--all"),
    ("deals",),
    ("deals", "--status", "all"),
    ("stages",),
    ("products",),
    ("quota",),
    ("plan",),
    ("status",),
    ("settings",),
    ("doctor",),
    ("log", "Evil", "Called about the renewal"),
    ("client", "show", "no such " + EVIL),  # the error line names what was typed
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a)[:30])
def test_every_list_command_prints_no_control_character(evil_book, capsys, argv):
    code, out, err = run(capsys, *argv)
    assert "Traceback" not in err
    assert_printable(out)
    assert_printable(err)
    assert "\x1b" not in out + err


def test_deal_show_escapes_title_and_next_step(evil_book, capsys):
    code, out, _ = run(capsys, "deal", "show", str(evil_book["deal"]))
    assert code == 0
    assert_printable(out)
    assert "Evil␛]0;PWNED␇␛[2J" in out  # visible, not swallowed


def test_json_keeps_the_text_as_escaped_data(evil_book, capsys):
    code, out, _ = run(capsys, "clients", "--json")
    assert code == 0
    assert_printable(out)
    assert json.loads(out)[0]["name"] == EVIL  # the same data, only written safely
    code, out, _ = run(capsys, "deals", "--json")
    assert_printable(out)
    assert json.loads(out)[0]["title"] == EVIL


def test_import_error_list_is_printable(book_path, tmp_path, capsys):
    path = tmp_path / "clients.csv"
    path.write_text(f"Client,Email\nGood,a@b.example\nBad\x00Name,x\n{EVIL},{EVIL}\n", encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code != 0
    assert_printable(out + err)
    assert "line 3, Client: contains a NUL character" in out + err
    assert "line 4, Client: contains a control character" in out + err
    assert models.Client.select().count() == 0  # all or nothing


def test_add_refuses_a_nul_naming_the_field(book_path, capsys):
    code, out, err = run(capsys, "client", "add", "Bad\x00Name")
    assert code == 1
    assert "name: contains a NUL character" in err
    assert models.Client.select().count() == 0


# --- the helpers themselves ---------------------------------------------------------------


def test_printable_makes_every_control_visible():
    assert printable("a\x1b[2Jb\x07") == "a␛[2Jb␇"
    assert printable("\x9b\x85\x7f") == "\\x9b\\x85␡"
    assert printable("x\u202ey\u2066") == "x\\u202ey\\u2066"
    assert printable("one\ntwo\tthree") == "one␊two␉three"
    assert printable("one\ntwo\tthree", keep_newlines=True) == "one\ntwo\tthree"
    assert printable("Zoë Müller 日本 👍") == "Zoë Müller 日本 👍"
    assert printable(None) == ""
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        shown = printable(chr(code))
        assert all(
            not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e")
            for c in shown
        ), hex(code)


def test_json_escape_keeps_the_data():
    value = {"name": EVIL + "\x85"}
    document = escape_json_controls(json.dumps(value, ensure_ascii=False))
    assert_printable(document)
    assert json.loads(document) == value


@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\x9bb", "a\u202eb", "a\x07"])
def test_refuse_controls(text):
    with pytest.raises(InvalidInput) as exc:
        refuse_controls("name", text)
    assert exc.value.field == "name"


def test_refuse_controls_lets_ordinary_text_through():
    assert refuse_controls("notes", "line one\r\nline\ttwo é 👍") == "line one\r\nline\ttwo é 👍"


def test_core_writers_refuse_controls(book_path):
    acme = clients.create_client("Acme")
    for write in (
        lambda: clients.create_client("Bad\x00"),
        lambda: contacts.add_contact(acme, "W\x1b[2J"),
        lambda: interactions.log_interaction(acme, "called\x00"),
        lambda: followups.add_follow_up(acme, "x\x9b", TODAY),
        lambda: create_deal(acme, "Deal\x1b]0;x\x07", Decimal("1")),
        lambda: products.create_product("P\x00", "Software", Decimal("1")),
    ):
        with pytest.raises(InvalidInput, match="contains a"):
            write()
    assert models.Client.select().count() == 1
