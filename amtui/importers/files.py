"""Which files an import reads: files as given, folders opened.

A folder written by `amtui export book --format csv` is read as its known files
(clients.csv, deals ...); any other folder gives every .csv and .xlsx file in it.
"""

from __future__ import annotations

from pathlib import Path

from amtui.core.errors import InvalidInput
from amtui.importers.book_format import BOOK_FILES
from amtui.importers.kinds import KINDS

SUFFIXES = (".csv", ".xlsx", ".xlsm")


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder: amtui's own CSVs in it (clients.csv, ...), else every
    .csv and .xlsx file in it.  A file named twice is read once."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += _folder_files(path)
        elif not path.exists():
            raise InvalidInput("file", f"{path} does not exist")
        else:
            files.append(path)
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    if not unique:
        raise InvalidInput("file", "name a file or folder to import")
    return unique


def _folder_files(path: Path) -> list[Path]:
    ours = [path / f.filename for f in BOOK_FILES if (path / f.filename).is_file()]
    if ours:
        return ours
    found = sorted(p for p in path.iterdir()
                   if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUFFIXES)
    if not found:
        listing = ", ".join(f"{name}.csv" for name in KINDS)
        raise InvalidInput("file", f"{path} holds no .csv or .xlsx files (an amtui export holds {listing})")
    return found
