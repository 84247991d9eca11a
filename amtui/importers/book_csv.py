"""The book as CSV files, one per kind (book_format.py), that `amtui import` reads back
into an empty book as the same records, ids and all.

Money is a plain decimal (`1234.50`), dates ISO (`2026-11-27`), timestamps ISO UTC
(`2026-11-27T14:30:00Z`), yes/no for flags, JSON for settings and a plan's tiers.
Rows are in id order, so export -> import into an empty book -> export gives
byte-identical files.

Files are UTF-8 with a BOM (so Excel shows accents right), mode 0600 (client data).
They are written into a fresh private folder beside the target (tempfile.mkdtemp: a
random name, mode 0700, so nobody can plant a link where amtui writes), which is then
renamed into place: a full disk or a kill leaves the old folder or the new one, never
half of an export.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from amtui.core.errors import InvalidInput
from amtui.core.text import encodable
from amtui.importers.book_format import BOOK, BOOK_FILES, BookFile, Column


def cell(value, type_: str = "") -> str:
    if type_ == "json":
        # encodable: a setting an older amtui stored with a byte that isn't UTF-8 (a lone
        # surrogate) is written as U+FFFD; a UTF-8 file can't hold the surrogate
        return "" if value is None else encodable(json.dumps(value, sort_keys=True, ensure_ascii=False))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Names:
    """id -> name lookups for the name columns, each loaded once per export."""

    def __init__(self):
        self._loaded: dict = {}

    def of(self, column: Column) -> dict[int, str]:
        model, field = column.names
        key = (model, field)
        if key not in self._loaded:
            self._loaded[key] = dict(model.select(model.id, getattr(model, field)).tuples())
        return self._loaded[key]


def _formatter(column: Column, field):
    """Raw database value -> cell text.  Reading raw values and formatting them here
    skips peewee's conversions (strptime on every timestamp was most of an export)."""
    kind = column.type
    if kind == "timestamp":
        def stamp(value):
            if value is None:
                return ""
            if isinstance(value, str) and len(value) == 19:  # stored "2026-11-27 14:30:00"
                return f"{value[:10]}T{value[11:]}Z"
            return cell(field.python_value(value))
        return stamp
    if kind == "money":
        def money(value):
            if value is None:
                return ""
            sign = "-" if value < 0 else ""
            whole, cents = divmod(abs(int(value)), 100)
            return f"{sign}{whole}.{cents:02d}"
        return money
    if kind == "bool":
        return lambda value: "" if value is None else ("yes" if value else "no")
    if kind == "date":
        return lambda value: "" if value is None else (value if isinstance(value, str) else value.isoformat())
    if kind == "json":
        return lambda value: cell(field.python_value(value), "json")
    return lambda value: "" if value is None else str(value)


def book_rows(book_file: BookFile, names: _Names | None = None) -> list[list[str]]:
    """One file's rows as text, in id order (settings: by key)."""
    names = names or _Names()
    model = book_file.model
    fields = model._meta.fields
    order = model.id if book_file.has_id else model._meta.primary_key
    attrs = list(dict.fromkeys(c.attr for c in book_file.columns))
    position = {attr: i for i, attr in enumerate(attrs)}
    plan = []
    for c in book_file.columns:
        if c.names:
            lookup = names.of(c)
            plan.append((position[c.attr], lambda v, lookup=lookup: "" if v is None else lookup.get(v, "")))
        else:
            plan.append((position[c.attr], _formatter(c, fields[c.attr])))
    query = model.select(*[fields[a] for a in attrs]).order_by(order)
    cursor = model._meta.database.execute(query)
    return [[fmt(raw[i]) for i, fmt in plan] for raw in cursor]


def book_text(book_file: BookFile, names: _Names | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(book_file.headers)
    writer.writerows(book_rows(book_file, names))
    return buffer.getvalue()


def _write_new(path: Path, text: str) -> None:
    """`path`, in amtui's own private folder, written through a mkstemp file (O_EXCL, a
    random name: nothing planted is ever written through) and renamed to its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _make_parents(folder: Path) -> None:
    """The folders above the export, created 0700 whatever the umask (client data)."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir(mode=0o700, exist_ok=True)
        os.chmod(parent, 0o700)


def _check_target(target: Path, force: bool) -> bool:
    """Whether `target` is an existing folder to replace; refuses what it must not touch."""
    if target.is_symlink():
        raise InvalidInput("folder", f"{target} is a symbolic link; give a real folder for the CSV files")
    if not target.exists():
        return False
    if not target.is_dir():
        raise InvalidInput("folder", f"{target} is a file; give a folder for the CSV files")
    entries = list(target.iterdir())
    if not entries:
        return True
    if not force:
        raise InvalidInput("folder", f"{target} is not empty; use --force to replace the book export there")
    ours = {f.filename for f in BOOK_FILES}
    foreign = sorted(e.name for e in entries if e.name not in ours or e.is_symlink() or not e.is_file())
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise InvalidInput(
            "folder", f"{target} holds more than a book export ({shown}); give a new folder"
        )
    return True


def _move_into_place(staged: Path, target: Path, replace: bool) -> None:
    if not replace:
        os.rename(staged, target)
        return
    # the old folder goes into a private folder first, so the target name is free for
    # the rename and the old export comes back if the rename fails
    trash = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    old = trash / "old"
    os.rename(target, old)
    try:
        os.rename(staged, target)
    except BaseException:
        os.rename(old, target)
        raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def export_book_csv(directory: Path | str, *, force: bool = False) -> list[Path]:
    """Write settings.csv, stages.csv, clients.csv ... as the folder `directory`;
    returns the paths in import order.  An existing empty folder is filled; one holding
    a book export is replaced only with `force`."""
    target = Path(directory).expanduser().absolute()
    replace = _check_target(target, force)
    _make_parents(target.parent)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        names = _Names()
        for book_file in BOOK_FILES:
            _write_new(staged / book_file.filename, book_text(book_file, names))
        _sync_folder(staged)
        _move_into_place(staged, target, replace)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _sync_folder(target.parent)
    return [target / BOOK[f.name].filename for f in BOOK_FILES]


def _sync_folder(folder: Path) -> None:
    """The renames survive a power cut (a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
