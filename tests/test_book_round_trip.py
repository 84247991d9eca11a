"""The way out: `export book --format csv` -> an empty book -> export again loses nothing.

Byte-identical files, the same number of every kind of record, the same `status --json`
and the same report data in both books; records that look alike stay two records.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from amtui import db
from amtui.cli import main
from amtui.core.periods import parse_period
from amtui.importers.book_csv import export_book_csv
from amtui.importers.book_format import BOOK, BOOK_FILES
from amtui.importers.run import import_file, import_files
from amtui.models import (
    ALL_MODELS,
    Client,
    CompPlan,
    DealState,
    ExportRecord,
    FollowUp,
    ForecastSnapshot,
    Interaction,
    Stage,
    StageChange,
    UndoAction,
    UndoRow,
)
from amtui.reports import REPORTS

TODAY = date(2026, 11, 27)


def plain(value):
    """A report as nested lists and dicts, generators drained, for comparing."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (str, bytes, int, Decimal, date, datetime, type(None), float)):
        return value
    if hasattr(value, "__iter__"):
        return [plain(v) for v in value]
    return value


def snapshot(capsys, whole_book: bool = True) -> dict:
    """What the open book says: record counts, status --json, report data (the book
    report, every record again, only when `whole_book`: it doubles a big book's time)."""
    counts = {m.__name__: m.select().count() for m in ALL_MODELS
              if m not in (ExportRecord, UndoAction, UndoRow)}
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    quarter = parse_period("2026-Q4")
    year = parse_period("FY2026")
    reports = {
        "status": plain(REPORTS["status"].build(today=TODAY)),
        "quarterly": plain(REPORTS["quarterly"].build(period=quarter, today=TODAY)),
        "last quarter": plain(REPORTS["quarterly"].build(period=parse_period("2026-Q3"), today=TODAY)),
        "forecast": plain(REPORTS["forecast"].build(period=year, today=TODAY)),
    }
    if whole_book:
        reports["book"] = plain(REPORTS["book"].build(today=TODAY))
    for client_id in [c for (c,) in Client.select(Client.id).order_by(Client.id).limit(3).tuples()]:
        reports[f"brief {client_id}"] = plain(REPORTS["brief"].build(client=client_id, today=TODAY))
    return {"counts": counts, "status": status, "reports": reports}


def round_trip(tmp_path: Path, capsys, whole_book: bool = True) -> None:
    before = snapshot(capsys, whole_book)
    first, second = tmp_path / "first", tmp_path / "second"
    paths = export_book_csv(first)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    result = import_file(first)
    assert result.ok, result.errors
    assert "keeps its id" in " ".join(result.notes)
    export_book_csv(second)
    for p in paths:
        assert (second / p.name).read_bytes() == p.read_bytes(), p.name
    after = snapshot(capsys, whole_book)
    assert after["counts"] == before["counts"]
    assert after["status"] == before["status"]
    for name, data in before["reports"].items():
        assert after["reports"][name] == data, name


def test_the_demo_book_crosses_whole(demo_book, tmp_path, capsys):
    assert StageChange.select().count() > 100 and CompPlan.select().count() >= 1
    round_trip(tmp_path, capsys)
    assert StageChange.select().count() > 100 and CompPlan.select().count() >= 1


def test_a_500_client_book_crosses_whole(book_path, tmp_path, capsys):
    from amtui import demo

    demo.build_demo_book(clients=500)
    round_trip(tmp_path, capsys, whole_book=False)


def test_records_that_look_alike_stay_apart(book_path, tmp_path):
    """The demo's Bluepoint case: an open overdue follow-up and a done one share a
    title and a due date; two calls on one day share a summary."""
    acme = Client.create(name="Acme")
    for done in (None, datetime(2026, 11, 21, 9, 0, tzinfo=UTC)):
        FollowUp.create(client=acme, title="Share proposal", due_on=date(2026, 11, 20),
                        priority="high", done_at=done)
    for _ in range(2):
        Interaction.create(client=acme, kind="call", summary="Called", happened_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    assert import_file(folder).ok
    assert FollowUp.select().count() == 2 and Interaction.select().count() == 2
    assert FollowUp.select().where(FollowUp.done_at.is_null()).count() == 1


def test_every_column_of_every_record_is_exported():
    """A field added to a model must be added to the book files, or this fails."""
    derived = {("Client", "name_key")}
    exported = {f.model.__name__: {c.attr for c in f.columns} for f in BOOK_FILES}
    for model in ALL_MODELS:
        if model in (ExportRecord, UndoAction, UndoRow):  # recent workbooks, the undo log:
            continue  # not the rep's records
        if model in (ForecastSnapshot, DealState):  # history the book derives, not records:
            continue  # a book rebuilt from its files starts its own daily snapshots
        # a row's version only tells two machines apart: a rebuilt book starts at 1
        fields = {f.name for f in model._meta.sorted_fields} - {"version"}
        missing = {f for f in fields if (model.__name__, f) not in derived} - exported[model.__name__]
        assert not missing, f"{model.__name__}: {missing}"


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig")


def test_a_bad_id_or_value_writes_nothing(demo_book, tmp_path):
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    lines = (folder / "followups.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    client_id = header.index("client_id")
    row = next(line for line in lines[1:] if line.count(",") == len(header) - 1)
    cells = row.split(",")
    cells[client_id] = "99999"
    _rewrite(folder / "followups.csv", row, ",".join(cells))
    result = import_file(folder)
    assert not result.ok
    assert "no client with id 99999 in clients.csv" in str(result.errors[0])
    assert result.errors[0].file == "followups.csv"
    assert Client.select().count() == 0 and StageChange.select().count() == 0


def test_a_dry_run_of_a_book_export_writes_nothing(demo_book, tmp_path, capsys):
    folder = tmp_path / "out"
    export_book_csv(folder)
    other = str(tmp_path / "other.db")
    assert main(["import", str(folder), "--dry-run", "--db", other]) == 0
    out = capsys.readouterr().out
    assert "clients: would add 40, update 0, leave 0 unchanged" in out
    assert "Dry run: nothing was written." in out
    db.close_book()
    db.open_book(Path(other))
    assert Client.select().count() == 0 and [s.name for s in Stage.select()][0] == "Qualify"


def test_settings_and_stages_come_across(book_path, tmp_path):
    from amtui.core.settings import get_settings, set_settings

    set_settings(rep_name="Robin", fy_start_month=4, cadence_days={"A": 7, "B": 21, "C": 45})
    Stage.update(name="Qualified").where(Stage.name == "Qualify").execute()
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    assert import_file(folder).ok
    settings = get_settings()
    assert (settings.rep_name, settings.fy_start_month, settings.cadence_days["A"]) == ("Robin", 4, 7)
    assert Stage.select().where(Stage.name == "Qualified").exists()


def test_a_bad_setting_is_refused_by_name(book_path, tmp_path):
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    _rewrite(folder / "settings.csv", "fy_start_month,1", "fy_start_month,13")
    result = import_file(folder)
    assert not result.ok and "fy_start_month: must be a month number" in str(result.errors[0])


def test_book_files_list_import_order():
    names = [f.name for f in BOOK_FILES]
    assert names.index("clients") < names.index("contacts") < names.index("opportunities")
    assert names.index("opportunities") < names.index("stage_changes") < names.index("followups")
    assert names.index("issues") < names.index("followups")
    assert set(BOOK) == set(names)


@pytest.mark.parametrize("order", [1, -1])
def test_several_files_in_any_order_are_one_run(book_path, order, capsys):
    data = Path(__file__).parents[1] / "data"
    files = sorted(str(p) for p in data.glob("*.csv"))[::order]
    assert main(["import", *files, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would create" not in out.split("clients:")[0]  # the clients file comes first
    assert "Dry run: nothing was written." in out
    assert Client.select().count() == 0
    assert main(["import", *files]) == 0
    out = capsys.readouterr().out
    assert "clients:" in out and "opportunities:" in out and "interactions:" in out
    assert Client.select().count() > 0


def test_a_bad_row_in_the_last_file_writes_none_of_the_files(book_path, tmp_path, capsys):
    clients = tmp_path / "a.csv"
    clients.write_text("Name,Industry\nAcme,Tools\nBeta,Food\n")
    deals = tmp_path / "b.csv"
    deals.write_text("Client,Deal,Value\nAcme,Big one,lots\n")
    assert main(["import", str(deals), str(clients)]) == 1
    captured = capsys.readouterr()
    assert "b.csv: line 2, Value" in captured.err
    assert Client.select().count() == 0


def test_kind_and_map_are_for_one_file(book_path, tmp_path, capsys):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("Name\nAcme\n")
    b.write_text("Name\nBeta\n")
    assert main(["import", str(a), str(b), "--kind", "clients"]) == 1
    assert "--kind: is for one file" in capsys.readouterr().err


# --- writing the export safely -----------------------------------------------------------


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def test_the_export_is_private_even_under_umask_000(book_path, tmp_path):
    import os
    import stat

    old = os.umask(0)
    try:
        paths = export_book_csv(tmp_path / "new" / "deeper" / "out")
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", tmp_path / "new" / "deeper" / "out"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert _leftovers(tmp_path / "new" / "deeper") == []


def test_a_full_disk_leaves_no_file_of_the_export(book_path, tmp_path, monkeypatch):
    import errno

    from amtui.importers import book_csv

    Client.create(name="Acme")
    real, written = book_csv._write_new, []

    def fill_up(path, text):
        if len(written) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        real(path, text)

    monkeypatch.setattr(book_csv, "_write_new", fill_up)
    with pytest.raises(OSError):
        export_book_csv(tmp_path / "out")
    assert not (tmp_path / "out").exists() and _leftovers(tmp_path) == []
    # an earlier export being replaced stays as it was
    monkeypatch.setattr(book_csv, "_write_new", real)
    export_book_csv(tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    Client.create(name="Beta")
    written.clear()
    monkeypatch.setattr(book_csv, "_write_new", fill_up)
    with pytest.raises(OSError):
        export_book_csv(tmp_path / "out", force=True)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    assert _leftovers(tmp_path) == []


def test_a_planted_link_is_never_written_through(book_path, tmp_path, capsys):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("mine")
    link = tmp_path / "out"
    link.symlink_to(victim)
    assert main(["export", "book", "--format", "csv", "-o", str(link), "--force"]) == 1
    assert "is a symbolic link" in capsys.readouterr().err
    assert [p.name for p in victim.iterdir()] == ["precious.txt"] and link.is_symlink()
    # a link planted where an old scheme wrote its temp file changes nothing either
    target = tmp_path / "target.txt"
    target.write_text("untouched")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / ".clients.csv.tmp").symlink_to(target)
    assert main(["export", "book", "--format", "csv", "-o", str(tmp_path / "book"), "--force"]) == 1
    assert "holds more than a book export" in capsys.readouterr().err
    assert main(["export", "book", "--format", "csv", "-o", str(tmp_path / "fresh")]) == 0
    assert target.read_text() == "untouched"


def test_force_replaces_a_book_export_but_never_other_files(book_path, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "book", "--format", "csv", "-o", str(out)]) == 0
    assert main(["export", "book", "--format", "csv", "-o", str(out)]) == 1
    assert "is not empty; use --force" in capsys.readouterr().err
    Client.create(name="Acme")
    assert main(["export", "book", "--format", "csv", "-o", str(out), "--force"]) == 0
    assert "Acme" in (out / "clients.csv").read_text(encoding="utf-8-sig")
    desktop = tmp_path / "desktop"
    desktop.mkdir()
    (desktop / "notes.txt").write_text("keep me")
    assert main(["export", "book", "--format", "csv", "-o", str(desktop), "--force"]) == 1
    assert "holds more than a book export (notes.txt)" in capsys.readouterr().err
    assert [p.name for p in desktop.iterdir()] == ["notes.txt"]
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(("file", "old", "new", "said"), [
    ("settings.csv", 'cadence_days,"{""A"": 14, ""B"": 30, ""C"": 60}"', "cadence_days,7",
     "cadence_days: is not a valid value"),
    ("comp_plans.csv", '[[""0"", ""0.5""]', '[[""0""]', "is not a list of [attainment %, value] pairs"),
    ("quotas.csv", "2026-Q4,", "2026-q4,", "write it as 2026-Q4"),
    ("clients.csv", ",no,", ",maybe,", "'maybe' is neither yes nor no"),
])
def test_a_hand_edited_value_is_refused_by_file_line_and_column(demo_book, tmp_path, file, old, new, said):
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    _rewrite(folder / file, old, new)
    result = import_file(folder)
    assert not result.ok and said in str(result.errors[0]) and result.errors[0].file == file
    assert Client.select().count() == 0


def test_one_book_file_without_the_files_it_points_at_says_so_once(demo_book, tmp_path):
    folder = tmp_path / "out"
    export_book_csv(folder)
    db.close_book()
    db.open_book(tmp_path / "empty.db")
    result = import_file(folder / "followups.csv")
    assert not result.ok and result.error_count == 4  # client, contact, deal, issue ids
    assert "import clients.csv with it (or the whole export folder)" in str(result.errors[0])
    assert FollowUp.select().count() == 0
    assert import_files([folder / "clients.csv", folder / "contacts.csv"]).ok
