"""Render a `Report` to an .xlsx workbook: the only module that imports xlsxwriter.

What a manager gets: a "Summary" sheet first (title, rep, period, date made, key figures
in large type, charts, small tables), then one sheet per table (Excel tables with
filters, banded rows, a frozen header, fitted widths, currency / percent / date formats,
totals, colours for what needs attention), a "Definitions" sheet, document properties,
and print settings (landscape, one page wide, header and page numbers).

Text from the database is never a formula: the workbook is opened with the string
conversions off, every text goes through `write_string`, and text that starts like a
formula gets a quote prefix so it stays text even after someone edits the cell.

The book report is written in constant_memory mode (rows stream to disk, in order):
there `add_table` does not work, so its sheets get an autofilter and a frozen header.
"""

from __future__ import annotations

from pathlib import Path

from amtui.core import clock
from amtui.files import temp_beside
from amtui.reports.model import Column, Progress, Report, SheetSpec
from amtui.reports.xlsx_cells import Widths, column_writer
from amtui.reports.xlsx_formats import Formats, header_format
from amtui.reports.xlsx_layout import (
    LINE_POINTS,
    TALL_MIN_SCALE,
    fit_scale,
    header_height,
    narrowed,
    paper_of,
    print_setup,
    runs_past_a_page,
    wrapped_heights,
)
from amtui.reports.xlsx_summary import write_summary
from amtui.reports.xlsx_tables import (
    col_letter,
    plain_totals,
    rule_formula,
    table_columns,
    table_name,
    total_cells,
    total_formula,
)

TABLE_STYLE = "TableStyleMedium2"
PROGRESS_EVERY = 500  # rows between progress reports
WIDTH_SAMPLE = 2000  # streamed rows measured for column widths; the rest fit or are cut


class RowCounter:
    """Counts rows written and reports progress every few hundred rows."""

    def __init__(self, total: int, progress: Progress | None):
        self.done, self.total, self.progress = 0, max(total, 1), progress

    def tick(self) -> None:
        self.done += 1
        if self.progress and self.done % PROGRESS_EVERY == 0:
            self.progress(min(self.done, self.total), self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total, self.total)


def write_sheet(workbook, formats: Formats, report: Report, spec: SheetSpec, counter) -> int:
    """One detail sheet: header row, rows, totals, table or autofilter, rules, print setup."""
    ws = workbook.add_worksheet(spec.name)
    columns = spec.columns
    as_table = spec.as_table and not report.constant_memory
    cents = report.cents or spec.cents
    formats = formats.with_cents(cents)
    fit = Widths(columns, report.currency, cents)
    # rows held in a list are measured first, so wrapped rows get the height they need;
    # streamed rows (the book) are measured as they go and keep one line's height
    listed = isinstance(spec.rows, list | tuple)
    if listed:
        fit.see_rows(spec.rows)
        fit.see_totals(spec.totals)
        columns, widths, heights = _laid_out(spec, columns, fit.result(), report)
    else:
        widths = fit.result()  # the headers' widths: rows are measured as they stream
    height = header_height(columns, widths)
    if height:
        ws.set_row(0, height)
    points = height or LINE_POINTS  # the sheet's height, for the print scale
    if not as_table:
        for c, column in enumerate(columns):
            ws.write_string(0, c, column.header, header_format(formats, column))
    writers = [column_writer(ws, column, formats, valign="top") for column in columns]
    if listed:
        _write_listed(ws, spec.rows, writers, heights, counter)
        points += sum(height or LINE_POINTS for height in heights)
        rows = len(heights)
    else:
        rows = _write_streamed(spec.rows, writers, fit, counter)
        points += rows * LINE_POINTS
        widths = fit.result()
    last_data = max(rows, 1)  # an empty table still needs one (blank) row
    totals = spec.totals if rows else None
    name = table_name(spec.name)
    if as_table:
        ws.add_table(
            0, 0, last_data + (1 if totals else 0), len(columns) - 1,
            {
                "name": name,
                "style": TABLE_STYLE,
                "banded_rows": True,
                "autofilter": True,
                "total_row": bool(totals),
                "columns": table_columns(spec, formats, name, totals),
            },
        )
        if totals:
            # written again over the table's own totals row: same formulas and values,
            # in bold, which LibreOffice shows (it ignores table styles)
            total_cells(ws, spec, formats, last_data + 1, totals,
                        lambda c, header: total_formula(name, header))
    else:
        ws.autofilter(0, 0, last_data, len(columns) - 1)
        if totals:
            plain_totals(ws, spec, formats, 1, last_data, totals)
    if rows:
        for rule in spec.conditional:
            c = spec.column_index(rule.column)
            ws.conditional_format(
                1, c, rows, c,
                {
                    "type": "formula",
                    "criteria": rule_formula(rule, f"{col_letter(c)}2"),
                    "format": formats.style(rule.style),
                },
            )
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, spec.freeze_cols)
    print_setup(ws, report, repeat_header=True, widths=widths, fit=report.printable,
                height=points + (LINE_POINTS if totals else 0))
    return rows


def _laid_out(spec: SheetSpec, columns: list[Column], widths: list[int], report: Report
              ) -> tuple[list[Column], list[int], list[float | None]]:
    """A listed sheet's columns, widths and row heights (None: one line).  A printable
    sheet is narrowed to print one page wide at MIN_SCALE, or at TALL_MIN_SCALE when its
    rows run past a page (LibreOffice then prints it 2% smaller: see xlsx_layout.NUDGE)."""
    rows = spec.rows
    if not report.printable:
        return columns, widths, _heights(rows, columns, widths)
    paper = paper_of(report)
    cols, ws = narrowed(columns, widths, paper, rows=rows)
    heights = _heights(rows, cols, ws)
    points = ((header_height(cols, ws) or LINE_POINTS) + (LINE_POINTS if spec.totals else 0)
              + sum(height or LINE_POINTS for height in heights))
    if runs_past_a_page(points, ws, paper) and fit_scale(ws, paper) < TALL_MIN_SCALE:
        # narrowed on (unchanged if wrapping cannot get it there: print_setup then sets
        # the scale it fits at)
        tall_cols, tall_ws = narrowed(cols, ws, paper, TALL_MIN_SCALE, rows)
        if tall_ws is not ws:
            cols, ws, heights = tall_cols, tall_ws, _heights(rows, tall_cols, tall_ws)
    return cols, ws, heights


def _heights(rows, columns: list[Column], widths: list[int]) -> list[float | None]:
    """Each row's height: as tall as its wrapped text needs, None for one line."""
    wrapped = [(c, width) for c, (column, width) in enumerate(zip(columns, widths, strict=True))
               if column.kind == "wrap"]
    if not wrapped:
        return [None] * len(rows)
    return wrapped_heights(rows, wrapped)


def _write_listed(ws, rows, writers, heights: list[float | None], counter) -> None:
    """A listed sheet's rows, each as tall as `heights` has it."""
    columns_at = range(len(writers))
    tick = counter.tick
    for row, (values, height) in enumerate(zip(rows, heights, strict=True), start=1):
        if height:
            ws.set_row(row, height)
        for c, write, value in zip(columns_at, writers, values, strict=False):
            write(row, c, value)
        tick()


def _write_streamed(rows, writers, fit: Widths, counter) -> int:
    """A streamed sheet's rows (the book: millions of cells): one line each, no row
    heights worked out (the text wraps within its column when a cell is opened), the
    first WIDTH_SAMPLE rows measured for the column widths.  Returns the rows written."""
    columns = range(len(writers))
    tick = counter.tick
    row = 0
    sample = []  # measured a column at a time once sampled (`Widths.see_rows`: the same widths)
    for row, values in enumerate(rows, start=1):
        for c, write, value in zip(columns, writers, values, strict=False):
            write(row, c, value)
        if row <= WIDTH_SAMPLE:
            sample.append(values)
            if row == WIDTH_SAMPLE:
                fit.see_rows(sample)
        tick()
    if row < WIDTH_SAMPLE:
        fit.see_rows(sample)
    return row


def _rows_expected(report: Report) -> int:
    total = 0
    for spec in report.sheets:
        if spec.count is not None:
            total += spec.count
        elif isinstance(spec.rows, list | tuple):
            total += len(spec.rows)
    return total


def definitions_sheet(report: Report) -> SheetSpec:
    return SheetSpec(
        "Definitions",
        [Column("Term", "text", 28), Column("How it is computed", "wrap", 110)],
        rows=list(report.definitions),
    )


def write_workbook(
    report: Report,
    path: Path | str,
    progress: Progress | None = None,
    constant_memory: bool | None = None,
    replace: bool = True,
) -> Path:
    """Write the report to `path` through a temp file beside it, mode 0600 (client data).

    constant_memory: stream rows to disk (None: as the report asks; the book report does).
    replace=False: a file at `path` by the time the workbook is complete (another export
    that finished first) is kept, and FileExistsError raised.
    """
    import xlsxwriter  # ~120 ms to import: only when a workbook is written

    path = Path(path)
    if constant_memory is not None:
        report.constant_memory = constant_memory
    # a random 0600 temp name beside it (mkstemp: a planted symlink can't redirect it),
    # moved over `path` only once the workbook is complete (a full disk leaves no half file)
    with temp_beside(path, replace=replace) as tmp:
        workbook = xlsxwriter.Workbook(
            str(tmp),
            {
                # database text stays text: no formulas, numbers or links made from it
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": report.constant_memory,
            },
        )
        workbook.set_properties(
            {
                "title": report.title,
                "subject": f"{report.title}: {report.period_label}",
                "author": report.rep_name,
                "company": report.company,
                "comments": "Made with amtui",
                "created": clock.now().replace(tzinfo=None),
            }
        )
        formats = Formats(workbook, report.currency, report.cents)
        write_chart_data = write_summary(workbook, formats, report)
        counter = RowCounter(_rows_expected(report), progress)
        for spec in report.sheets:
            write_sheet(workbook, formats, report, spec, counter)
        write_sheet(workbook, formats, report, definitions_sheet(report), RowCounter(0, None))
        write_chart_data()
        workbook.close()
        counter.finish()
    return path
