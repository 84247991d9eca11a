"""RowLine, the line under a table that cuts its text: its height holds still while the
cursor moves (the tallest of the rows it holds, up to `most` lines), and a row cut to
that height ends in "…".  Seen in an audit: the line took 1 to 3 lines as each row
needed, so the list above it grew and shrank by a row as the cursor moved, and the
client record's line cut its text with nothing to say there was more."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from amtui.tui.widgets.row_line import RowLine, cut_to, laid_out, lines_needed

SHORT = "Acme Corp · Renewal"
TWO = "Acme Corp · " + "a long title that wraps " * 2  # 59 cells: two lines at 40
LONG = "Acme Corp · " + "word " * 40  # four lines and more at 40


def test_a_row_is_laid_out_in_lines_of_the_width():
    lines = laid_out(Text(LONG), 40)
    assert len(lines) > 3 and all(line.cell_len <= 40 for line in lines)
    assert " ".join(" ".join(line.plain for line in lines).split()) == " ".join(LONG.split())
    # a hard line break starts a line; Today's no_wrap Text is wrapped all the same
    assert [t.plain for t in laid_out(Text("deal · client\nLost: price"), 40)] == ["deal · client", "Lost: price"]
    assert len(laid_out(Text(LONG, no_wrap=True, overflow="ellipsis"), 40)) == len(lines)


@pytest.mark.parametrize("width", [1, 2, 7, 12, 40, 78])
def test_lines_needed_says_how_many_lines_laid_out_takes(width):
    """The screens measure every row of a list with `lines_needed` (on the plain text,
    quickly) and the line shows the highlighted one with `laid_out`: they agree, as Rich
    would wrap it, a word longer than the line folded."""
    console = Console(width=200)
    rows = [SHORT, TWO, LONG, "", "x", "Bolt Ltd · " + "Z" * 30 + " · tier A", "deal · client\nLost: price",
            "Acme   Corp  ·  spaced   out ", "日本語のクライアント · 東京 · 大阪支店の更新", "a\n\nb"]
    for row in rows:
        lines = laid_out(Text(row), width)
        assert lines_needed(row, width) == len(lines), (row, width)
        assert all(line.cell_len <= max(width, 2) for line in lines), (row, width)  # a wide character: 2 cells
        assert "".join(row.split()) == "".join("".join(line.plain for line in lines).split())
        if "\n" not in row and row.strip() and width > 2:
            assert len(lines) == len(Text(row).wrap(console, width)), (row, width)
    assert lines_needed(TWO + "\nNext step: call", 40, wrap=False) == 2


def test_without_wrap_each_line_is_cut_on_its_own():
    lines = laid_out(Text(LONG + "\nNext step: call"), 40, wrap=False)
    assert [line.plain for line in lines] == [LONG[:39] + "…", "Next step: call"]


def test_a_row_cut_to_its_height_ends_in_an_ellipsis():
    lines = laid_out(Text(LONG), 40)
    cut = cut_to(lines, 2, 40).plain.split("\n")
    assert len(cut) == 2 and cut[0] == lines[0].plain
    assert cut[1].endswith("…") and len(cut[1]) <= 40
    assert cut[1][:-1].rstrip() == lines[1].plain.rstrip()[:39].rstrip()
    whole = cut_to(lines, len(lines), 40).plain
    assert "…" not in whole and whole.split("\n") == [line.plain for line in lines]
    # a short line cut after it: the ellipsis follows its text
    assert cut_to([Text("deal · client"), Text("Lost: price")], 1, 40).plain == "deal · client…"


class LineApp(App):
    CSS = "#list { height: 1fr; }"

    def __init__(self, line: RowLine):
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        yield Static("the list", id="list")
        yield self.line


async def test_the_line_keeps_the_tallest_rows_height_as_the_cursor_moves():
    line = RowLine(most=3)
    async with LineApp(line).run_test(size=(42, 12)) as pilot:  # 40 cells inside the padding
        listed = pilot.app.query_one("#list")
        line.hold([SHORT, TWO, SHORT])
        heights = set()
        for row in (SHORT, TWO, SHORT, TWO):
            line.show_row(row)
            await pilot.pause()
            heights.add((listed.region.height, line.region.height))
            assert " ".join(str(line.render()).split()) == " ".join(row.split())  # whole
        assert heights == {(10, 2)}  # the tallest row's two lines, for the short rows too
        # capped: a row that needs more ends in …, and the list keeps its room
        line.hold([SHORT, LONG])
        line.show_row(LONG)
        await pilot.pause()
        assert line.region.height == 3 and listed.region.height == 9
        shown = str(line.render()).split("\n")
        assert len(shown) == 3 and shown[-1].endswith("…")
        line.show_row(SHORT)
        await pilot.pause()
        assert line.region.height == 3 and str(line.render()) == SHORT
        # a row not held (a page read since) grows the line once; it never shrinks back
        line.hold([SHORT])
        line.show_row(SHORT)
        await pilot.pause()
        assert line.region.height == 1
        line.show_row(TWO)
        await pilot.pause()
        assert line.region.height == 2
        line.show_row(SHORT)
        await pilot.pause()
        assert line.region.height == 2
        line.show_row(None)
        await pilot.pause()
        assert not line.display and listed.region.height == 12


async def test_a_resize_lays_the_held_rows_out_again():
    line = RowLine(most=3)
    async with LineApp(line).run_test(size=(42, 12)) as pilot:
        line.hold([SHORT, TWO])
        line.show_row(SHORT)
        await pilot.pause()
        assert line.region.height == 2
        await pilot.resize_terminal(100, 12)
        await pilot.pause()
        assert line.region.height == 1  # TWO reads on one line there


async def test_without_wrap_the_line_holds_what_it_is_told():
    line = RowLine(most=2, wrap=False)
    async with LineApp(line).run_test(size=(42, 12)) as pilot:
        line.hold(lines=2)
        line.show_row(LONG)
        await pilot.pause()
        assert line.region.height == 2  # room for a next step the highlighted deal has not
        assert str(line.render()) == LONG[:39] + "…"
        line.show_row(SHORT + "\nNext step: " + "call " * 20)
        await pilot.pause()
        first, second = str(line.render()).split("\n")
        assert line.region.height == 2 and first == SHORT and second.endswith("…") and len(second) == 40


async def test_book_text_never_reaches_the_terminal_as_markup_or_control_codes():
    line = RowLine()
    async with LineApp(line).run_test(size=(42, 12)) as pilot:
        line.hold(["[bold]Evil\x1b[2J"])
        line.show_row("[bold]Evil\x1b[2J")
        await pilot.pause()
        said = str(line.render())
        assert said.startswith("[bold]Evil") and "\x1b" not in said


@given(parts=st.lists(st.lists(st.text("abcdeé日", min_size=1, max_size=8), min_size=1, max_size=4)
                      .map(" ".join), min_size=1, max_size=6),
       width=st.integers(min_value=20, max_value=80))
def test_no_wrapped_line_starts_with_a_separator(parts, width):
    """Seen by a helper at 80 columns: Today's line wrapped before a " · " and its next
    line read "· normal priority", like a bullet.  The separator stays with the part
    before it, and measuring and drawing still agree."""
    row = " · ".join(parts)
    lines = laid_out(Text(row), width)
    assert lines_needed(row, width) == len(lines)
    assert not any(line.plain.startswith("·") for line in lines)
    assert all(line.cell_len <= width for line in lines)
    assert " ".join(line.plain for line in lines).split() == row.split()
