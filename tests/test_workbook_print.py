"""Workbooks as a manager prints them: a long client name keeps the status report's Clients
sheet one page wide, every sheet of the forecast prints one page wide, at 75% or more as
LibreOffice prints it (a long book's sheets too), its open deals' figures no wider than
they are, each row as tall as its wrapped text and text narrowed where that adds the
fewest lines, an empty section's title reads whole, a long block that fits on a page
moves to the next whole, headers never break inside a word, and an empty book's workbook
says why it is empty."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from reports_fixtures import column_widths, load

from amtui.core.clients import create_client
from amtui.core.periods import parse_period
from amtui.reports import common, forecast
from amtui.reports.export import EMPTY_BOOK, plan_export, run_export
from amtui.reports.model import Column, Report, SheetSpec
from amtui.reports.xlsx import write_workbook
from amtui.reports.xlsx_cells import Widths
from amtui.reports.xlsx_layout import (
    COMFORTABLE,
    FIRST_NARROWEST,
    LINE_POINTS,
    MIN_SCALE,
    NUDGE,
    PAGE_AREA,
    TALL_MIN_SCALE,
    fit_scale,
    narrowed,
    printed_pixels,
    runs_past_a_page,
    text_lines,
)
from amtui.reports.xlsx_summary import DEFAULT_ROW_POINTS, _Rows

LONG_NAME = "Northern Lights Regional Broadcasting Cooperative"


def export(name: str, folder, **kwargs):
    job = plan_export(name, output=folder / f"{name}.xlsx", **kwargs)
    return load(run_export(job))


def test_a_long_client_name_wraps_and_the_clients_sheet_stays_one_page_wide(demo_book, tmp_path):
    create_client(LONG_NAME)
    ws = export("status", tmp_path)["Clients"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage  # one page wide, not over two at 78%
    [row] = [r for r in ws.iter_rows(min_row=2) if r[0].value == LONG_NAME]
    assert row[0].alignment.wrap_text and ws.row_dimensions[row[0].row].height >= 30  # two lines


def sheet_points(ws) -> float:
    """A sheet's height in points: its rows' heights, a line's where none is set."""
    return sum(ws.row_dimensions[r].height or LINE_POINTS for r in range(1, ws.max_row + 1))


def printed_percent(ws) -> int:
    """The scale LibreOffice prints a sheet at: the scale set, or the largest whole percent
    that fits it one page wide, 2% less for a sheet that runs past a page (NUDGE)."""
    setup = ws.page_setup
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return int(setup.scale or 100)
    widths = column_widths(ws)
    paper = {1: "letter", 9: "a4"}[int(setup.paperSize)]
    percent = math.floor(100 * fit_scale(widths, paper, setup.orientation))
    if runs_past_a_page(sheet_points(ws), widths, paper, setup.orientation):
        percent = int(percent * NUDGE)
    return percent


def assert_one_page_wide(wb, *, across: tuple[str, ...] = ()) -> None:
    """Every sheet prints one page wide (fit to width, as many pages tall as it takes, or
    at a scale set that fits it) at MIN_SCALE or more as LibreOffice prints it, its
    header row on each page and no header word broken.  `across`: sheets too wide for a
    page, printed over several at MIN_SCALE or more, their first column on each."""
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        setup = ws.page_setup
        if ws.title in across:
            assert ws.print_title_cols == "$A:$A" and printed_percent(ws) >= MIN_SCALE * 100
            continue
        assert printed_percent(ws) >= MIN_SCALE * 100, (ws.title, printed_percent(ws))
        widths = column_widths(ws)
        paper = {1: "letter", 9: "a4"}[int(setup.paperSize)]
        # at the scale it prints at, its columns fit the paper's printable width
        assert printed_pixels(widths) * printed_percent(ws) / 100 <= PAGE_AREA[paper][setup.orientation][0], (
            ws.title, widths)
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            assert setup.fitToWidth in (None, 1), ws.title  # 1 is the default, left out
            assert setup.fitToHeight == 0, ws.title
        else:
            assert ws.print_title_cols is None, ws.title  # one page wide: nothing repeated
        if ws.title == "Summary":  # its own layout (blocks, charts)
            continue
        assert ws.print_title_rows == "$1:$1", ws.title
        for cell, width in zip(ws[1], widths, strict=True):
            assert all(text_lines(word, width, bold=True) == 1 for word in cell.value.split()), (
                ws.title, cell.value, width)


@pytest.mark.parametrize("year", ["FY2026", "FY2027"])
def test_every_sheet_of_the_forecast_prints_one_page_wide(demo_book, tmp_path, year):
    # By month and By quarter printed two pages across (13 columns), Open deals three
    # (11 columns, two of long text): each is two sheets now that fit a page each
    assert_one_page_wide(export("forecast", tmp_path, period=year))


def test_a_forecast_a_hundred_times_the_demos_still_prints_one_page_wide(demo_book, tmp_path):
    """Nine-figure totals and eight-figure deals: the widest money columns a rep's year
    has still fit (the figures only widen the money columns)."""
    report = forecast.build(parse_period("FY2026"))
    for spec in report.sheets:
        money = [column.kind == "money" for column in spec.columns]
        spec.rows = [tuple(v * 100 if is_money and isinstance(v, Decimal) else v
                           for v, is_money in zip(row, money, strict=True)) for row in spec.rows]
        spec.totals = {h: v * 100 if isinstance(v, Decimal) else v
                       for h, v in (spec.totals or {}).items()}
    assert max(spec.totals.get("+ all open (ceiling)", 0) for spec in report.sheets) >= 10**8
    assert_one_page_wide(load(write_workbook(report, tmp_path / "big.xlsx")))


def test_the_first_column_narrows_last_and_no_further_than_its_least():
    columns = [Column("Client"), *(Column(f"Figure {i}", "money") for i in range(8)),
               Column("Needs attention", "wrap")]
    widths = [46, *[11] * 8, 34]
    cols, narrow = narrowed(columns, widths, "letter")
    assert fit_scale(narrow, "letter") >= MIN_SCALE
    # the others to a comfortable width first, then the first
    assert narrow[-1] == COMFORTABLE and FIRST_NARROWEST <= narrow[0] < 46
    assert cols[0].kind == "wrap" and narrow[1:-1] == widths[1:-1]  # numbers keep their width
    fits = [30, *[10] * 8, 20]  # fits already: unchanged
    assert narrowed(columns, fits, "letter") == (columns, fits)


def test_a_header_never_breaks_inside_a_word():
    widths = Widths([Column("When", "date"), Column("Commitments overdue", "int"), Column("Amount", "money")])
    assert widths.result() == [8, 16, 10]  # the longest word, bold, and the filter button


def test_an_empty_sections_title_is_alone_on_its_line(demo_book, tmp_path):
    create_client("Quiet Co")  # nothing logged, no issue, no deal
    ws = export("brief", tmp_path, client="Quiet Co")["Summary"]
    cells = list(ws.iter_rows())
    [at] = [i for i, r in enumerate(cells) if r[0].value == "Open service issues"]
    assert all(c.value is None for c in cells[at][1:])  # nothing beside it to hide its end
    assert cells[at + 1][0].value and cells[at + 1][0].font.i


def test_a_long_block_that_fits_a_page_moves_to_the_next_whole():
    class Sheet:
        def set_row(self, row, height):
            pass

    rows = _Rows(Sheet())
    rows.section(0, 20)  # 20 rows of the page's 30
    # a block of 16 rows (title, header, 13 rows, totals) that may split between its parts
    parts = [(20, 25), *((r, r + 1) for r in range(25, 34)), (34, 36)]
    rows.section(20, 36, parts)
    assert rows.page_breaks(30 * DEFAULT_ROW_POINTS) == [20]
    # taller than a page: it starts where it is and splits between its parts
    rows = _Rows(Sheet())
    rows.section(0, 20)
    parts = [(20, 25), *((r, r + 1) for r in range(25, 58)), (58, 60)]
    rows.section(20, 60, parts)
    assert rows.page_breaks(30 * DEFAULT_ROW_POINTS) == [30]


@pytest.mark.parametrize("name", ["status", "quarterly", "forecast", "commission"])
def test_an_empty_books_workbook_says_why_it_is_empty(book_path, tmp_path, name):
    cells = [c.value for row in export(name, tmp_path)["Summary"].iter_rows(max_row=8) for c in row]
    for line in EMPTY_BOOK.splitlines():
        assert line in cells


def test_a_books_workbook_has_no_such_notice(demo_book, tmp_path):
    cells = [c.value for row in export("status", tmp_path)["Summary"].iter_rows(max_row=8) for c in row]
    assert not set(EMPTY_BOOK.splitlines()) & set(cells)


@pytest.mark.sqlite_only(reason="printing doesn't depend on the engine")
def test_a_long_books_sheets_print_at_75_percent_or_more_in_libreoffice(book_path, tmp_path):
    """A book of 400 clients: sheets several pages long, which LibreOffice prints 2%
    under their fit when that saves a page (75% became 73%), print at 75% or more."""
    from amtui import demo

    demo.build_demo_book(clients=400, seed=3)
    for name in ("status", "quarterly", "forecast", "commission"):
        wb = export(name, tmp_path)
        tall = [ws.title for ws in wb.worksheets
                if ws.sheet_properties.pageSetUpPr.fitToPage and ws.title != "Summary"
                and sheet_points(ws) * MIN_SCALE > PAGE_AREA["letter"]["landscape"][1]]
        assert tall, name  # the case in point: sheets that run past a page
        assert_one_page_wide(wb, across=("Client detail",))


def test_the_open_deals_figures_are_as_wide_as_their_figures_and_the_deal_gets_the_room(
        demo_book, tmp_path):
    """"Probability" took 16 characters for figures of 6 ("75.0%") while the deal's name
    wrapped onto four lines in 16: "Prob." is as wide as its figures, the deal has the room."""
    wb = export("forecast", tmp_path, period="FY2026")
    ws = wb["Open deals"]
    headers = [c.value for c in ws[1]]
    widths = dict(zip(headers, map(round, column_widths(ws)), strict=True))
    assert widths["Prob."] == 9  # "100.0%" and its padding
    assert widths["Deal"] >= 22 > 16
    assert ("Prob.", common.PROBABILITY) in [tuple(r) for r in wb["Definitions"].iter_rows(
        min_row=2, values_only=True)]
    assert all(text_lines(word, widths[h], bold=True) == 1 for h in headers for word in h.split())


@pytest.mark.parametrize("sheet", ["Open deals", "Next steps", "Renewals", "Definitions"])
def test_each_row_is_as_tall_as_its_wrapped_text(demo_book, tmp_path, sheet):
    """A row's height is a line's (15 points) for each line its most wrapped cell takes
    in its column, as Excel wraps it (the viewer's own one-line height when one does)."""
    ws = export("forecast", tmp_path, period="FY2026")[sheet]
    widths = [round(width) for width in column_widths(ws)]
    seen = 0
    for row in ws.iter_rows(min_row=2):
        lines = max((text_lines(c.value, widths[c.column - 1]) for c in row
                     if c.alignment.wrap_text and isinstance(c.value, str)), default=1)
        height = ws.row_dimensions[row[0].row].height
        assert height == (LINE_POINTS * lines if lines > 1 else None), (row[0].value, lines, height)
        seen += lines > 1
    assert seen or sheet == "Renewals"


def test_narrowing_wraps_the_column_that_adds_the_fewest_lines():
    """Of two text columns, the one whose narrowing adds lines to fewer rows is narrowed:
    the deals (every row) stay on one line and the client's one long name wraps, where
    narrowing the others first (to COMFORTABLE) wrapped every deal."""
    columns = [Column("Client"), Column("Deal"), *(Column(f"Figure {i}", "money") for i in range(6))]
    rows = [("Northern Lights Regional Broadcasting", "Programmatic display for spring", *[Decimal(1)] * 6),
            *((f"Client {n}", f"Video pre-roll bundle for campaign {n}", *[Decimal(1)] * 6)
              for n in range(20))]
    widths = [40, 40, *[11] * 6]

    def heights(ws: list[int]) -> list[int]:
        return [max(text_lines(row[0], ws[0]), text_lines(row[1], ws[1])) for row in rows]

    cols, narrow = narrowed(columns, widths, "letter", rows=rows)
    assert fit_scale(narrow, "letter") >= MIN_SCALE
    assert heights(narrow) == [2] + [1] * 20 and cols[0].kind == "wrap"
    # without rows, the old order: the others to COMFORTABLE first, every deal wrapped
    _, blind = narrowed(columns, widths, "letter")
    assert blind[0] == 40 and heights(blind)[1:] == [2] * 20


@pytest.mark.parametrize("rows", [5, 200])
def test_a_long_sheet_that_fits_at_75_percent_is_set_to_it(tmp_path, rows):
    """A sheet that fits one page wide at 75-76% with nothing to wrap: fit to the page when
    it is one page long; at that scale, set, when it runs past a page (LibreOffice would
    print it 2% smaller, at 73-74%, wherever that saves a page)."""
    columns = [Column("Period", "text", 20), *(Column(f"Figure {i}", "money", 11) for i in range(10))]
    widths = [20] + [11] * 10
    assert MIN_SCALE <= fit_scale(widths, "letter") < TALL_MIN_SCALE
    report = Report("forecast", "Figures", "Dana", "Acme", "FY2026", date(2026, 11, 27))
    report.sheets = [SheetSpec("Figures", columns,
                               rows=[(f"Row {r}", *[Decimal(r)] * 10) for r in range(rows)])]
    ws = load(write_workbook(report, tmp_path / "figures.xlsx"))["Figures"]
    if rows == 5:
        assert ws.sheet_properties.pageSetUpPr.fitToPage and printed_percent(ws) == 75
    else:
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.scale == 75 and ws.print_title_cols is None  # one page wide


@pytest.mark.parametrize(("paper", "inches"), [("letter", (8.5, 11)), ("a4", (8.27, 11.69))])
def test_each_page_area_is_its_paper_less_the_margins(paper, inches):
    """Found in an audit: letter portrait's height was 727 points where 11 inches less
    the margins hold 695 (the brief's Summary breaks its pages by it)."""
    short, long = inches
    across, down = 0.4 + 0.4, 0.75 + 0.6  # print_setup's margins
    for orientation, (width, height) in (("landscape", (long, short)), ("portrait", (short, long))):
        px, pt = PAGE_AREA[paper][orientation]
        assert px == round((width - across) * 96)
        assert abs(pt - ((height - down) * 72 - 10)) < 1  # 10 points the header and footer may take
