"""The line under a table that cuts its text: the highlighted row whole.

On a narrow terminal a table's text columns share what the dates and amounts leave, so
a title ends in "…" and a column may make way altogether.  The screens put a `RowLine`
under such a table and show the highlighted row in it, whole: Today (while the screen is
narrow), the Pipeline, What changed and the client's record, each while its table cuts
a row (`cuts`), so on a wide terminal, where every cell reads whole, it takes no room.

Its height holds still while the cursor moves: the screen tells it the rows the cursor
walks (`hold`), and it takes the lines the tallest of them needs at its width, up to
`most`, so the list above it never grows or shrinks by a row under the rep's eye (only a
new fill or a resize may change it).  A row that needs more than that ends in "…".  A
list read a page at a time holds the rows it has read; a row further on that needs more
grows the line once, never shrinks it until the next `hold`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from amtui.tui.safe import SafeStatic, plain, shown

ELLIPSIS = "…"
# a word and the spaces after it; a " · " between parts stays with the word before it,
# so no wrapped line starts with a "·" (it reads as a bullet: "· normal priority")
WORD = re.compile(r"\S+(?:\s+·(?=\s|$))*\s*")


def cuts(widths: Mapping[str, int], natural: Mapping[str, int]) -> bool:
    """Whether a table laid out at `widths` (the columns shown) cuts some cell: a column
    narrower than its widest cell (`natural`), or left out while a row has text in it."""
    return any(widths.get(key, 0) < widest for key, widest in natural.items())


def joined(parts: Iterable[object], separator: str = " · ") -> str:
    """The parts that have text, on one line (book text: never markup, no control
    characters, runs of white space made one)."""
    words = (" ".join(str(p).split()) for p in parts if p is not None)
    return separator.join(plain(w) for w in words if w)


def _starts(line: str, width: int) -> list[int]:
    """Where the wrapped lines of `line` (one line of text) start, after its first: a
    word goes to the next line when it does not fit on this one; a word longer than a
    whole line is folded.  Worked out on the plain text (a line at a time when every
    character takes one cell, as in most rows): measuring every row of a list this way
    takes a small part of the time Rich's wrap would."""
    if cell_len(line) == len(line):  # one cell a character, as the sum tells (book text nearly always)
        return _single_cell_starts(line, width)
    starts: list[int] = []
    used = cell_len(line[:len(line) - len(line.lstrip())])
    for match in WORD.finditer(line):
        word, offset = match.group(), match.start()
        size = cell_len(word.rstrip())
        if used and used + size > width:
            starts.append(offset)
            used = 0
        while size > width:  # folded a line's width at a time
            fits = _fitting(word, width)
            word, offset = word[fits:], offset + fits
            starts.append(offset)
            size = cell_len(word.rstrip())
        used += cell_len(word)
    return starts


def _single_cell_starts(line: str, width: int) -> list[int]:
    """`_starts` for a line whose every character takes one cell: each wrapped line ends
    at the last space within the width (the spaces after it skipped), or is folded."""
    starts: list[int] = []
    start, end = 0, len(line.rstrip())  # spaces at the end need no line of their own
    while end - start > width:
        space = found = line.rfind(" ", start, start + width + 1)
        while found > start and _separator_after(line, found):
            found = line.rfind(" ", start, found)
        if found > start:  # else a line starting "· " beats a word folded
            space = found
        following = space + 1 if space > start else start + width  # no space: a word folded
        while line[following] == " ":  # a word follows before `end`
            following += 1
        starts.append(following)
        start = following
    return starts


def _separator_after(line: str, space: int) -> bool:
    """Whether the space at `space` comes before a lone "·" (a break there would start a
    line with it)."""
    return line.startswith("·", space + 1) and line[space + 2:space + 3] in ("", " ")


def _fitting(word: str, width: int) -> int:
    """How many characters of `word` fit in `width` cells (one at least)."""
    used = 0
    for index, char in enumerate(word):
        used += get_character_cell_size(char)
        if used > width:
            return max(index, 1)
    return len(word)


def lines_needed(text: str, width: int, *, wrap: bool = True) -> int:
    """How many lines `text` takes at `width` (`laid_out`'s, without laying it out)."""
    width = max(width, 1)
    lines = text.split("\n")
    if not wrap:
        return len(lines)
    return sum(1 if cell_len(line) <= width else 1 + len(_starts(line, width)) for line in lines)


def laid_out(text: Text, width: int, *, wrap: bool = True) -> list[Text]:
    """`text` in lines of at most `width` cells: wrapped between words, or (`wrap` off)
    each of its own lines cut to the width with "…"."""
    width = max(width, 1)
    lines = []
    for line in text.split("\n", allow_blank=True):
        if not wrap:
            line.truncate(width, overflow="ellipsis")
            lines.append(line)
            continue
        for piece in line.divide(_starts(line.plain, width)) if line.cell_len > width else [line]:
            piece.rstrip()
            lines.append(piece)
    return lines


def cut_to(lines: list[Text], height: int, width: int) -> Text:
    """The first `height` of `lines`, the last ending in "…" when some are left out."""
    kept = [line.copy() for line in lines[:max(height, 1)]]
    if len(lines) > len(kept):
        last = kept[-1]
        last.rstrip()
        if last.cell_len >= width:
            last.truncate(max(width - 1, 0))
            last.rstrip()
        last.append(ELLIPSIS)
    return Text("\n").join(kept)


class RowLine(SafeStatic):
    """The highlighted row whole, under its table: `show_row` shows it, `hold` says which
    rows the cursor walks (the line keeps the height the tallest needs, up to `most`
    lines).  `wrap` off: each line of a row is cut to the width on its own (a row in
    lines of set meaning, such as a deal and its next step)."""

    DEFAULT_CSS = """
    RowLine {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, most: int = 2, *, wrap: bool = True, **kwargs):
        super().__init__("", **kwargs)
        self.most, self.wrap = most, wrap
        self.row = Text()
        self.held: tuple[frozenset[str], int] = (frozenset(), 1)  # the last hold (the same again: no change)
        self.least = 1
        self.rows: set[str] = set()  # the rows held and those shown since, as the line says them
        self.tallest: dict[int, int] = {}  # width -> lines the tallest of `rows` needs there
        self.display = False  # until a table cuts a row

    def hold(self, rows: Iterable[object] = (), *, lines: int = 1) -> None:
        """Keep the height the tallest of `rows` (each in the line's words) needs at the
        line's width, at least `lines` and at most `most`: the cursor walks these rows.
        Called again with the same rows, it changes nothing."""
        texts = frozenset(_as_text(row).plain for row in rows)
        if (texts, lines) == self.held:
            return
        self.held, self.least = (texts, lines), min(lines, self.most)
        self.rows = set(texts)
        self.tallest.clear()
        self.refresh(layout=True)

    def show_row(self, content: object | None) -> None:
        """Show `content` (the row whole), or hide the line (None: nothing is cut)."""
        if content is None:
            self.display = False
            return
        self.row = _as_text(content)
        grows = False
        if self.row.plain not in self.rows:  # a row not held (read since): the line may grow for it
            self.rows.add(self.row.plain)
            for width, tallest in self.tallest.items():
                needs = self._lines_needed(self.row.plain, width)
                grows = grows or needs > tallest
                self.tallest[width] = max(tallest, needs)
        grows = grows or not self.display
        self.display = True
        self.update(self.row, layout=grows)

    def lines_held(self, width: int) -> int:
        """The line's height at `width` (its content's width): the tallest row's lines,
        between `least` and `most`."""
        if width not in self.tallest:
            self.tallest[width] = max((self._lines_needed(t, width) for t in self.rows), default=1)
        return max(self.least, min(self.most, self.tallest[width]))

    def _lines_needed(self, text: str, width: int) -> int:
        return lines_needed(text, width, wrap=self.wrap)

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.lines_held(width)

    def render(self) -> Text:
        width, height = self.content_size
        if width <= 0:
            return self.row
        return cut_to(laid_out(self.row, width, wrap=self.wrap), height, width)


def _as_text(content: object) -> Text:
    """A row as Text safe to show (book text: never markup, no control characters)."""
    text = shown(content)
    return text if isinstance(text, Text) else Text(str(text))
