"""Restore: amtui's own book files (book_format.py) into an empty book, every record
under the id it had, so records that look alike stay apart and every reference holds.

Only an empty book (no clients, deals, activity, quotas or plans; the default stages
and settings don't count) takes ids as they are: in a book with records of its own the
ids would name other records, so there run.py matches rows on names like any file.
The first pass reads every cell and checks every id a row points at, touching nothing;
the second writes all files in order, inside the caller's one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from amtui.core.errors import InvalidInput
from amtui.core.periods import parse_period
from amtui.core.settings import set_settings
from amtui.core.text import refuse_controls
from amtui.core.years import in_range, out_of_range
from amtui.db import ids_written
from amtui.importers.batches import insert_all
from amtui.importers.book_format import BOOK, BookFile, Column
from amtui.importers.reading import Table
from amtui.importers.rows import RowError
from amtui.models import (
    BOOK_RECORDS,
    DEFAULT_SETTINGS,
    Client,
    Setting,
    Stage,
    column_values,
)


def book_is_empty() -> bool:
    return not any(model.select().exists() for model in BOOK_RECORDS)


@dataclass
class BookTable:
    path: Path
    book_file: BookFile
    table: Table


@dataclass
class Restored:
    path: Path
    book_file: BookFile
    rows: list[dict]


def _parse(text: str, column: Column):
    """A cell as amtui wrote it -> the value; ValueError with the reason."""
    kind = column.type
    if kind == "text":
        try:  # the same refusal as every other way in (NUL, ESC, C1, bidi, not UTF-8)
            refuse_controls(column.header, text)
        except InvalidInput as exc:
            raise ValueError(exc.reason) from None
        if column.choices and text not in column.choices:
            raise ValueError(f"'{text}' is not one of {', '.join(column.choices)}")
        return text
    if kind in ("id", "ref", "int"):
        try:
            number = int(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if kind != "int" and not 1 <= number < 2**63:
            raise ValueError(f"'{text}' is not a record id")
        return number
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a date like 2026-11-27") from None
        if not in_range(day.year):
            raise ValueError(out_of_range(text))
        return day
    if kind == "timestamp":
        # checked with the C parser and handed to the field as its stored text
        # ("2026-11-27 14:30:00"): strptime on every cell was most of a restore's time
        try:
            if len(text) != 20 or text[10] != "T" or text[19] != "Z":
                raise ValueError
            datetime.fromisoformat(text[:19])
        except ValueError:
            raise ValueError(f"'{text}' is not a UTC time like 2026-11-27T14:30:00Z") from None
        return f"{text[:10]} {text[11:19]}"
    if kind == "money":
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"'{text}' is not an amount like 1234.50") from None
        if not amount.is_finite() or abs(amount) >= Decimal(10) ** 15:
            raise ValueError(f"'{text}' is not an amount like 1234.50")
        return amount
    if kind == "bool":
        folded = text.casefold()
        if folded not in ("yes", "no"):
            raise ValueError(f"'{text}' is neither yes nor no")
        return folded == "yes"
    if kind == "decimal":
        _decimal(text)
        return text  # a plan's rate is kept as the exact text it was
    if kind in ("json", "pairs"):
        try:
            value = json.loads(text)
        except ValueError:
            raise ValueError(f"'{text[:40]}' is not JSON") from None
        if kind == "pairs":
            _pairs(value, text)
        return value
    raise AssertionError(kind)


def _decimal(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not a number") from None
    if not number.is_finite():
        raise ValueError(f"'{text}' is not a number")
    return number


def _pairs(value, text: str) -> None:
    """A plan's tiers or bonuses: [["100", "1.5"], ...], each a pair of decimal texts."""
    shape = isinstance(value, list) and all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in value
    )
    if not shape:
        raise ValueError(f"'{text[:40]}' is not a list of [attainment %, value] pairs")
    for pair in value:
        for v in pair:
            _decimal(v)


def _read(bt: BookTable, errors: list[RowError]) -> list[dict]:
    label = bt.path.name
    errors.extend(RowError(line, "", reason, label) for line, reason in bt.table.problems)
    columns = [(i, c) for i, c in enumerate(bt.book_file.columns) if c.read_back]
    rows = []
    for line, cells in bt.table.rows:
        values, bad = {"_line": line}, False
        for i, column in columns:
            raw = cells[i]
            text = "" if raw is None else str(raw)
            if text == "":
                if column.required:
                    errors.append(RowError(line, column.header, "is empty", label))
                    bad = True
                continue
            try:
                values[column.attr] = _parse(text, column)
            except ValueError as exc:
                errors.append(RowError(line, column.header, str(exc), label))
                bad = True
        if not bad:
            rows.append(values)
    return rows


def _unique(restored: Restored, errors: list[RowError]) -> None:
    """Ids, and the names the schema keeps unique (a client's, a stage's, a quota's
    period), each once per file."""
    book_file, label = restored.book_file, restored.path.name
    keys = ["id"] if book_file.has_id else []
    keys += [f.name for f in book_file.model._meta.sorted_fields if f.unique and not f.primary_key]
    for key in keys:
        seen: dict = {}
        for row in restored.rows:
            value = Client.key_for(row["name"]) if key == "name_key" else row.get(key)
            if value is None:
                continue
            if value in seen:
                header = "name" if key == "name_key" else key
                errors.append(RowError(row["_line"], header,
                                       f"line {seen[value]} has the same {header}", label))
            else:
                seen[value] = row["_line"]


def _known_ids(restored: dict[str, Restored]) -> dict[str, set[int]]:
    """Per file name: the ids a row may point at (the file's, else the book's own)."""
    known = {}
    for name, book_file in BOOK.items():
        if not book_file.has_id:
            continue
        if name in restored:
            known[name] = {row["id"] for row in restored[name].rows}
        else:
            model = book_file.model
            known[name] = set(column_values(model.select(model.id)))
    return known


def _check_refs(restored: dict[str, Restored], errors: list[RowError]) -> None:
    known = _known_ids(restored)
    for r in restored.values():
        for header, target in r.book_file.points_at.items():
            attr = next(c.attr for c in r.book_file.columns if c.header == header)
            ids, noun = known[target], BOOK[target].noun
            missing = [row for row in r.rows if row.get(attr) is not None and row[attr] not in ids]
            if not missing:
                continue
            if target in restored:
                errors += [RowError(row["_line"], header, f"no {noun} with id {row[attr]} in {target}.csv",
                                    r.path.name) for row in missing]
                continue
            # the file came without the one it points at: say so once, not per row
            more = f" (and {len(missing) - 1} more rows)" if len(missing) > 1 else ""
            errors.append(RowError(
                missing[0]["_line"], header,
                f"no {noun} with id {missing[0][attr]} in the book{more}; import {target}.csv "
                "with it (or the whole export folder)", r.path.name,
            ))


def _check_values(restored: dict[str, Restored], errors: list[RowError]) -> None:
    """Rules beyond one cell: a quota's period is stored in its canonical form."""
    quotas = restored.get("quotas")
    if quotas is None:
        return
    for row in quotas.rows:
        try:
            label = parse_period(row["period"]).label
        except InvalidInput as exc:
            errors.append(RowError(row["_line"], "period", exc.reason, quotas.path.name))
            continue
        if label != row["period"]:
            errors.append(RowError(row["_line"], "period", f"write it as {label}", quotas.path.name))


def read_book(tables: list[BookTable]) -> tuple[list[Restored], list[RowError]]:
    """The first pass: every file converted and every id checked; nothing written."""
    errors: list[RowError] = []
    by_name: dict[str, Restored] = {}
    for bt in tables:
        if bt.book_file.name in by_name:
            raise InvalidInput("file", f"{bt.path.name} and {by_name[bt.book_file.name].path.name} "
                                       f"are both {bt.book_file.filename}; give one of them")
        by_name[bt.book_file.name] = Restored(bt.path, bt.book_file, _read(bt, errors))
    for restored in by_name.values():
        _unique(restored, errors)
    _check_refs(by_name, errors)
    _check_values(by_name, errors)
    ordered = [by_name[name] for name in BOOK if name in by_name]
    return ordered, errors


def _settings(restored: Restored) -> list[RowError]:
    errors = []
    for row in restored.rows:
        key, value = row["key"], row.get("value")
        try:
            if key in DEFAULT_SETTINGS:
                set_settings(**{key: value})  # the same checks as `amtui settings set`
            else:  # a setting this version doesn't know: kept as it was
                Setting.insert(key=key, value=value).on_conflict(
                    conflict_target=[Setting.key], update={Setting.value: value}).execute()
        except InvalidInput as exc:
            errors.append(RowError(row["_line"], "value", f"{key}: {exc.reason}", restored.path.name))
        except (TypeError, AttributeError, ValueError):  # the right JSON, the wrong shape
            errors.append(RowError(row["_line"], "value", f"{key}: is not a valid value", restored.path.name))
    return errors


def write_book(restored: list[Restored]) -> list[RowError]:
    """The second pass, inside the caller's transaction; returns refusals (the caller
    rolls back when there are any)."""
    errors: list[RowError] = []
    for r in restored:
        model = r.book_file.model
        if model is Setting:
            errors += _settings(r)
            continue
        rows = [{k: v for k, v in row.items() if k != "_line"} for row in r.rows]
        if model is Stage:
            Stage.delete().execute()  # the new book's default stages give way to the rep's
        if model is Client:
            for row in rows:
                row["name_key"] = Client.key_for(row["name"])
        insert_all(model, rows, keep_ids=True)
    ids_written()  # the rows kept their ids: a server book's id sequences move past them
    return errors
