"""Imports of many rows: cells converted once per distinct text and rows inserted in one
statement must still name every bad line, and write nothing when anything is wrong."""

from __future__ import annotations

import pytest

from amtui.core.errors import InvalidInput
from amtui.importers.run import import_file
from amtui.models import Client, Interaction, database


def activities(path, rows: int, bad: dict[int, str] | None = None) -> None:
    """A CRM export of `rows` activities over 40 clients; `bad` maps a row to its Date."""
    lines = ["Account Name,Date,Activity Type,Subject"]
    for i in range(rows):
        when = (bad or {}).get(i, f"{i % 12 + 1}/{i % 28 + 1}/2025 {i % 12 + 1}:{(i % 4) * 15:02d} PM")
        lines.append(f"Client {i % 40},{when},Call,Touch point {i}")
    path.write_text("\n".join(lines) + "\n")


def test_a_bad_row_in_the_middle_of_a_batch_names_its_line_and_writes_nothing(book_path, tmp_path):
    path = tmp_path / "activities.csv"
    activities(path, 4000, bad={2000: "3/4/2025 25:00 PM"})
    result = import_file(path)
    assert not result.ok and not result.written
    assert [(e.line, e.column) for e in result.errors] == [(2002, "Date")]
    assert "is not a time of day" in result.errors[0].reason
    assert Interaction.select().count() == 0 and Client.select().count() == 0


def test_one_bad_text_on_many_lines_is_reported_on_each(book_path, tmp_path):
    # the converted value of a text is remembered, so is its error: every line still counts
    path = tmp_path / "activities.csv"
    activities(path, 3000, bad={10: "2/30/2025 9:00 AM", 2500: "2/30/2025 9:00 AM"})
    result = import_file(path)
    assert [(e.line, e.column, e.reason) for e in result.errors] == [
        (12, "Date", "'2/30/2025 9:00 AM' is not a real date"),
        (2502, "Date", "'2/30/2025 9:00 AM' is not a real date"),
    ]
    assert result.error_count == 2 and Interaction.select().count() == 0


@pytest.mark.sqlite_only(reason="a SQLite TEMP trigger stands in for the book refusing a row")
def test_the_book_refusing_a_row_mid_insert_rolls_every_row_back(book_path, tmp_path):
    path = tmp_path / "activities.csv"
    activities(path, 3000)
    # a rule the plan cannot know about, hit by the 1,501st row of the one INSERT
    database.execute_sql(
        "CREATE TEMP TRIGGER refuse_one AFTER INSERT ON interaction "
        "WHEN NEW.summary = 'Touch point 1500' BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    try:
        with pytest.raises(InvalidInput, match="nothing was written"):
            import_file(path)
    finally:
        database.execute_sql("DROP TRIGGER refuse_one")
    assert Interaction.select().count() == 0 and Client.select().count() == 0


def test_many_rows_land_with_their_clients_and_times(book_path, tmp_path):
    path = tmp_path / "activities.csv"
    activities(path, 2500)
    result = import_file(path)
    assert result.ok and result.written
    assert Interaction.select().count() == 2500 and Client.select().count() == 40
    assert result.created["clients"] == 40
    row = Interaction.get(Interaction.summary == "Touch point 1234")
    assert row.client.name == "Client 34"
    assert row.happened_at.tzinfo is not None
    assert len({i.created_at for i in Interaction.select(Interaction.created_at)}) == 1
