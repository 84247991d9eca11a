"""config.toml's [keys]: every binding id is known, checked, and documented in README."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import close_welcome, notifications

from amtui.cli import main
from amtui.tui import keymap
from amtui.tui.app import AmtuiApp

README = Path(__file__).resolve().parent.parent / "README.md"


def test_binding_ids_are_collected_from_every_screen_and_widget():
    known = keymap.binding_ids()
    assert len(known) > 100
    assert known["app.export"].key == "x"
    assert {"app.quit", "clients.filter", "client.log"} <= set(known)


def test_readme_documents_every_binding_id_with_its_default_key():
    section = keymap.readme_section(README.read_text())
    assert section is not None, "README lost its binding-ids markers"
    assert section == keymap.readme_table(), (
        "README's binding-id table is out of date: "
        "run .venv/bin/python -m amtui.tui.keymap --write README.md")


def test_an_unknown_id_and_a_key_that_is_not_text_are_named():
    known = keymap.binding_ids()
    problems = keymap.keymap_problems(
        {"app.export": "e", "app.exprot": "e", "app.quit": 5}, known)
    assert len(problems) == 2
    assert "'app.exprot' is not a binding id" in problems[0]
    assert "'app.quit' needs a key name" in problems[1]
    assert keymap.keymap_problems({}, known) == []
    assert keymap.keymap_problems("e", known) == [
        '[keys] must be a table of binding id = "key" lines']


def test_an_unquoted_dotted_id_means_the_binding_it_spells():
    # TOML reads `app.export = "e"` as the table app = {export = "e"}
    keys = {"app": {"export": "e"}, "clients.filter": "f3"}
    assert keymap.keymap(keys) == {"app.export": "e", "clients.filter": "f3"}
    assert keymap.keymap_problems(keys, keymap.binding_ids()) == []


async def test_the_app_warns_about_unknown_ids_and_still_applies_the_rest(book_path, tmp_path):
    (tmp_path / "config.toml").write_text('[keys]\n"app.quota" = "f4"\n"app.qouta" = "f5"\n')
    app = AmtuiApp(db_path=book_path)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [n.message for n in notifications(app)]
        assert any("'app.qouta' is not a binding id" in n for n in notes), notes
        await close_welcome(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        assert app.current_mode == "quota"


async def test_a_good_keymap_brings_no_warning(book_path, tmp_path):
    (tmp_path / "config.toml").write_text('[keys]\n"app.quota" = "f4"\n')
    app = AmtuiApp(db_path=book_path)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(n.title == "config.toml" for n in notifications(app))


def test_doctor_lists_unknown_binding_ids(book_path, tmp_path, capsys):
    (tmp_path / "config.toml").write_text('[keys]\n"app.exprot" = "e"\n')
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "config.toml: 1 warning" in out
    assert "'app.exprot' is not a binding id" in out


def test_doctor_says_ok_for_a_good_config(book_path, tmp_path, capsys):
    (tmp_path / "config.toml").write_text('[keys]\n"app.export" = "e"\n')
    assert main(["doctor"]) == 0
    assert "config.toml: ok" in capsys.readouterr().out
