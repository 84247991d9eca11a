"""A file path in the room a screen has, cut where it hurts least.

The file name says which workbook it is, so it stays whole; the home folder becomes `~`,
then the folders nearest the root give way to `…`, keeping the nearest ones:
`/home/ana/work/reports/status-2026-Q4.xlsx` -> `~/…/reports/status-2026-Q4.xlsx`.
Only a file name longer than the whole room is itself cut, in the middle, keeping its
end (`.xlsx`) and its start.
"""

from __future__ import annotations

from pathlib import Path

ELLIPSIS = "\u2026"


def home_relative(path: str, home: Path | None = None) -> str:
    """`path` with the home folder written as `~`."""
    home_text = str(home if home is not None else Path.home()).rstrip("/")
    if home_text and (path == home_text or path.startswith(home_text + "/")):
        return "~" + path[len(home_text):]
    return path


def middle_cut(text: str, width: int) -> str:
    """`text` in `width` cells, its middle replaced by `…` (the start and the end stay)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + ELLIPSIS + text[len(text) - tail:]


def short_path(path: str, width: int, home: Path | None = None) -> str:
    """`path` in at most `width` cells, the file name whole whenever it fits."""
    text = home_relative(path, home)
    if len(text) <= width:
        return text
    folder, _, name = text.rpartition("/")
    if len(name) + 2 > width:  # not even `…/name`: the name alone, cut in its middle
        return middle_cut(name, width)
    parts = folder.split("/") if folder else []
    head = parts[0] + "/" if parts and parts[0] in ("~", "") else ""  # keep `~/` or `/`
    kept: list[str] = []
    for part in reversed(parts[1:] if head else parts):
        candidate = "/".join([part, *kept, name])
        if len(head) + len(ELLIPSIS) + 1 + len(candidate) > width:
            break
        kept.insert(0, part)
    tail = "/".join([*kept, name])
    shown = f"{head}{ELLIPSIS}/{tail}"
    return shown if len(shown) <= width else f"{ELLIPSIS}/{tail}"
