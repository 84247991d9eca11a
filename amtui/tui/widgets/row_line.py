"""The line under a table that cuts its text: the highlighted row whole.

On a narrow terminal a table's text columns share what the dates and amounts leave, so
a title ends in "…" and a column may make way altogether.  The screens put a `RowLine`
under such a table and show the highlighted row in it, whole, while the table cuts any
of its rows (`cuts`): so the line does not come and go as the cursor moves, and on a
wide terminal, where every cell reads whole, it takes no room.  Pipeline, What changed
and the client's record use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from amtui.tui.safe import SafeStatic, plain


def cuts(widths: Mapping[str, int], natural: Mapping[str, int]) -> bool:
    """Whether a table laid out at `widths` (the columns shown) cuts some cell: a column
    narrower than its widest cell (`natural`), or left out while a row has text in it."""
    return any(widths.get(key, 0) < widest for key, widest in natural.items())


def joined(parts: Iterable[object], separator: str = " · ") -> str:
    """The parts that have text, on one line (book text: never markup, no control
    characters, runs of white space made one)."""
    words = (" ".join(str(p).split()) for p in parts if p is not None)
    return separator.join(plain(w) for w in words if w)


class RowLine(SafeStatic):
    """The highlighted row whole, under its table (shown by `show_row`)."""

    DEFAULT_CSS = """
    RowLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, **kwargs):
        super().__init__("", **kwargs)
        self.display = False  # until a table cuts a row

    def show_row(self, content: object | None) -> None:
        """Show `content` (the row whole), or hide the line (None: nothing is cut)."""
        self.display = content is not None
        if content is not None:
            self.update(content)
