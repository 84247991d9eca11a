"""The first sheet of every workbook: who, what period, the key figures, charts, blocks.

Rows are written strictly top to bottom so the same code works in constant_memory mode.
Chart figures live on a hidden "Chart data" sheet written last (charts need cells to
point at); the numbers a manager reads are in the blocks and the detail sheets.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from amtui.reports.model import Cell, ChartSpec, Column, Report, Rule, SheetSpec
from amtui.reports.xlsx_cells import Widths, write_cell
from amtui.reports.xlsx_formats import Formats, header_format, money_format
from amtui.reports.xlsx_layout import (
    PAGE_AREA,
    column_pixels,
    header_height,
    paper_of,
    print_setup,
    row_height,
    text_lines,
)
from amtui.reports.xlsx_tables import col_letter, plain_totals, rule_formula

KPIS_PER_ROW = 4
KPI_WIDTH = 19  # characters: a KPI column fits "$123,456,789" in 16-point type
BLOCK_MAX_WIDTH = 28  # a block's column never widens the page beyond this
LISTED_FROM = 6  # a one-row block with more columns than this is written as a list
KEEP_ROWS = 3  # rows of a block kept on the page of its title
SPLIT_FROM = 12  # a block of more rows than this may continue on the next page
WRAP_WIDTH = 28  # a column that only a block's trailing wrapped text uses
CHART_WIDTH, CHART_HEIGHT = 440, 300  # pixels: two side by side fit a landscape page
CHARTS_PIXELS = 2 * CHART_WIDTH + 16
CHART_ROWS = 16  # rows of 20 px a row of charts takes, with a gap
CHART_DATA = "Chart data"
# every row on the Summary gets its height set: LibreOffice otherwise gives a row its own
# (12.8 points), and the page breaks worked out here would fall in other places
DEFAULT_ROW_POINTS = 15
MUTED = "#595959"
# the Summary's page breaks fall at this share of PAGE_AREA's height, itself 10 points
# short of the page: about 95% of every paper's page (it was 0.93 of a letter portrait
# page 30 points too tall, and of the others 10 points short: 92-97%)
PAGE_SAFETY = 0.96
NOTE_POINTS = 11  # no type smaller than the body's: over 8 points printed at 75%
CHART_FONT = {"size": 11}
DAILY = 31  # a chart of more categories than this has a point a day (the trend)

# The colour language (see model.ROLES): green is won / on track, blue is pipeline
# (darker for commit, lighter for best case), quota is a dark line, red only a miss.
WON, PIPELINE, COMMIT, BEST_CASE = "#548235", "#5B9BD5", "#2E75B6", "#BDD7EE"
QUOTA, MISS = "#404040", "#C0504D"
ROLE_COLOURS = {"won": WON, "pipeline": PIPELINE, "commit": COMMIT, "best case": BEST_CASE,
                "quota": QUOTA, "miss": MISS, "other": "#7F7F7F"}
# slices of one whole (won by kind): shades of its role's colour, never red
SHADES = {"won": ("#385723", "#548235", "#A9D18E", "#C5E0B4", "#E2F0D9"),
          "pipeline": ("#1F4E79", "#2E75B6", "#5B9BD5", "#9DC3E6", "#DEEBF7"),
          "other": ("#404040", "#7F7F7F", "#A6A6A6", "#BFBFBF", "#D9D9D9")}


def _holds(rule: Rule, value) -> bool:
    """A conditional-format rule worked out in Python, for a block written as a list."""
    if isinstance(value, Cell):
        value = value.value
    if rule.test == "equals":
        return value == rule.value
    if rule.test == "differs":
        return bool(value) and value != rule.value
    if value is None or isinstance(value, str):
        return False
    if rule.test in ("below", "before"):
        return value < rule.value
    if rule.test == "above":
        return value > rule.value
    return rule.test == "nonzero" and value > 0


def _listed(spec: SheetSpec) -> SheetSpec:
    """A one-row block of many columns (a year's figures), written as a list (header, value),
    so the Summary stays one readable page wide."""
    rows = list(spec.rows) if isinstance(spec.rows, list | tuple) else None
    if rows is None or len(rows) != 1 or len(spec.columns) <= LISTED_FROM or spec.totals:
        return spec
    out = []
    for column, value in zip(spec.columns, rows[0], strict=False):
        style = next((r.style for r in spec.conditional
                      if r.column == column.header and _holds(r, value)), "")
        if isinstance(value, Cell):
            out.append((column.header, value))
        else:
            out.append((column.header, Cell(value, column.kind, style)))
    # the labels' column as wide as the longest ("Expected % of quota (Q1–Q3)" of a year
    # with a quota on some quarters only): a label takes about 0.9 of a character width
    # a letter (proportional type), so 20 letters still fit the key figures' 19
    longest = max((len(c.header) for c in spec.columns), default=0)
    label_width = max(KPI_WIDTH, min(BLOCK_MAX_WIDTH, math.ceil(longest * 0.9)))
    return replace(spec, columns=[Column("", "text", label_width), Column("", "number")],
                   rows=out, conditional=[], as_table=False)


def _layout(report: Report, specs: list[SheetSpec]) -> tuple[list[int], int]:
    """The summary's column widths and its right edge (last column used).

    The first four columns hold the key figures; blocks below share the columns, so a
    column is as wide as its widest need (within a limit).  A block's trailing wrapped
    column (reasons, notes) spreads over the columns to the right edge instead.
    """
    edge = KPIS_PER_ROW - 1
    needs: dict[int, int] = {c: KPI_WIDTH for c in range(KPIS_PER_ROW)}
    for spec in specs:
        fit = Widths(spec.columns, report.currency, report.cents or spec.cents)
        for values in spec.rows:
            fit.see_row(values)
        fit.see_totals(spec.totals)
        for c, (column, width) in enumerate(zip(spec.columns, fit.result(), strict=True)):
            if column.kind == "wrap" and c == len(spec.columns) - 1:
                continue
            needs[c] = max(needs.get(c, 0), min(width, BLOCK_MAX_WIDTH))
        edge = max(edge, len(spec.columns) - 1)
    # a column only trailing wrapped text reaches (notes, next steps) gets room to read
    return [needs.get(c, KPI_WIDTH if c < KPIS_PER_ROW else WRAP_WIDTH)
            for c in range(edge + 1)], edge


class _Rows:
    """Row heights as set, and the sections (rows kept together on a page), so page
    breaks can fall between a block and the next rather than through one."""

    def __init__(self, ws):
        self.ws = ws
        self.heights: dict[int, float] = {}
        # each kept together on a page, or else split between its parts (a long block:
        # its title, header and first rows, then row by row, then its last row and totals)
        self.sections: list[tuple[int, int, list[tuple[int, int]]]] = []

    def set(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.ws.set_row(row, height)

    def section(self, start: int, end: int, parts: list[tuple[int, int]] | None = None) -> None:
        self.sections.append((start, end, parts or [(start, end)]))

    def points(self, first: int, last: int) -> float:
        """The height of rows first..last - 1 in points."""
        return sum(self.heights.get(r, DEFAULT_ROW_POINTS) for r in range(first, last))

    def page_breaks(self, page_points: float) -> list[int]:
        points = self.points
        breaks, y, page_start, done = [], 0.0, 0.0, 0
        for start, end, parts in self.sections:
            # a long block that fits on a page moves to the next whole, its header with it
            # (split, its last rows printed under no header); one taller splits by its parts
            for part_start, part_end in [(start, end)] if points(start, end) <= page_points else parts:
                y += points(done, part_start)
                height = points(part_start, part_end)
                if y - page_start + height > page_points and height <= page_points and y > page_start:
                    breaks.append(part_start)
                    page_start = y
                y += height
                while y - page_start > page_points:
                    page_start += page_points
                done = part_end
        return breaks


def _page_points(scale: float, paper: str, orientation: str) -> float:
    """A printed page's height in the sheet's points at the scale it prints at: printing
    one page wide shrinks a wide sheet, so more of its rows fit on a page."""
    # a little short of the page: if LibreOffice (or Excel) fills a page before these
    # breaks do, its own break plus ours leaves a page with a line or two on it
    return PAGE_SAFETY * PAGE_AREA[paper][orientation][1] / min(1.0, scale)


def _header_rows(ws, formats: Formats, report: Report, rows: _Rows) -> int:
    rows.set(0, 30)
    write_cell(ws, 0, 0, report.title, "text", formats, bold=True, font_size=18, indent=0)
    label = {"font_color": MUTED, "indent": 0}
    who = report.rep_name + (f", {report.company}" if report.company else "")
    lines = [("Prepared by", who, "text"), ("Period", report.period_label, "text"),
             ("Made on", report.made_on, "date")]
    for row, (name, value, kind) in enumerate(lines, start=1):
        rows.set(row, DEFAULT_ROW_POINTS)
        write_cell(ws, row, 0, name, "text", formats, **label)
        write_cell(ws, row, 1, value or "—", kind, formats, bold=True, align="left")
    end = len(lines) + 1
    if report.notice:  # under the heading, in bold, before any figure (a line a row)
        end += 1
        for line in report.notice.splitlines():
            rows.set(end, DEFAULT_ROW_POINTS)
            write_cell(ws, end, 0, line, "text", formats, bold=True, indent=0)
            end += 1
    rows.section(0, end)
    return end + 1


def _kpi_rows(ws, formats: Formats, report: Report, row: int, widths: list[int],
              rows: _Rows) -> int:
    for start in range(0, len(report.kpis), KPIS_PER_ROW):
        group = report.kpis[start : start + KPIS_PER_ROW]
        rows.set(row, DEFAULT_ROW_POINTS)
        rows.set(row + 1, 27)
        # notes are italic 11-point text, not indented, in a column of the sheet's own type size
        notes = max((text_lines(k.note, widths[c], indent=False) for c, k in enumerate(group)),
                    default=1)
        rows.set(row + 2, 15 * max(notes, 1) + 2)
        rows.section(row, row + 3)
        for col, kpi in enumerate(group):
            write_cell(ws, row, col, kpi.label, "text", formats, bold=True, font_color=MUTED,
                       indent=0)
        for col, kpi in enumerate(group):
            kind = "text" if kpi.kind == "text" else kpi.kind
            write_cell(ws, row + 1, col, kpi.value if kpi.value is not None else "—", kind,
                       formats, bold=True, font_size=16, align="left")
        for col, kpi in enumerate(group):
            write_cell(ws, row + 2, col, kpi.note, "wrap", formats, font_size=NOTE_POINTS,
                       italic=True, font_color=MUTED, indent=0)
        row += 4
    return row


def _chart_data_rows(charts: list[ChartSpec]) -> list[int]:
    """Where each chart's figures start on the chart-data sheet."""
    starts, row = [], 0
    for spec in charts:
        starts.append(row)
        row += len(spec.categories) + 2
    return starts


def _add_chart(workbook, formats: Formats, spec: ChartSpec, first: int):
    last = first + len(spec.categories)
    chart_type = {"type": spec.kind}
    if spec.stacked:
        chart_type["subtype"] = "stacked"
    chart = workbook.add_chart(chart_type)
    overlays: dict[str, object] = {}
    for i, series in enumerate(spec.series, start=1):
        target = chart
        if series.kind and series.kind != spec.kind:
            target = overlays.get(series.kind) or workbook.add_chart({"type": series.kind})
            overlays[series.kind] = target
        options: dict = {
            "name": [CHART_DATA, first, i],
            "categories": [CHART_DATA, first + 1, 0, last, 0],
            "values": [CHART_DATA, first + 1, i, last, i],
        }
        colour = ROLE_COLOURS.get(series.role, ROLE_COLOURS["other"])
        if series.colors:
            options["points"] = [{"fill": {"color": c}} for c in series.colors]
        elif spec.kind in ("pie", "doughnut"):
            shades = SHADES.get(series.role, SHADES["other"])
            options["points"] = [{"fill": {"color": shades[p % len(shades)]}}
                                 for p in range(len(spec.categories))]
        elif (series.kind or spec.kind) == "line":
            options["line"] = {"color": colour, "width": 2.25}
            options["marker"] = {"type": "dash" if len(spec.categories) < 4 else "circle",
                                 "size": 7, "fill": {"color": colour},
                                 "border": {"color": colour}}
            if len(spec.categories) > DAILY:  # a point a day: the line alone reads
                options["marker"] = {"type": "none"}
                options["line"]["width"] = 1.75
            if series.role == "quota":
                options["line"]["dash_type"] = "dash"
        else:
            options["fill"] = {"color": colour}
            options["border"] = {"none": True}
        if spec.kind in ("pie", "doughnut"):
            options["data_labels"] = {"value": True, "percentage": False, "leader_lines": True,
                                      "font": CHART_FONT}
        target.add_series(options)
    for overlay in overlays.values():
        chart.combine(overlay)
    chart.set_title({"name": spec.title, "name_font": {"size": 12, "bold": True}})
    chart.set_legend({"font": CHART_FONT})
    axis = {"money": money_format(formats.currency, decimals=False), "percent": "0%",
            "multiple": '0.0"x"'}.get(
        spec.value_kind, "#,##0"
    )
    if spec.kind not in ("pie", "doughnut"):
        values_axis = {"num_format": axis, "num_font": CHART_FONT,
                       "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        categories_axis = {"num_font": CHART_FONT}
        if spec.categories and isinstance(spec.categories[0], date):  # a point a day: a date every other week
            categories_axis.update(date_axis=True, major_unit=14, major_unit_type="days",
                                   num_format="d mmm")
            # a day the book was not opened is blank: "span" joins the days either side,
            # where "gap" left a day between two blanks (today after a weekend, or two
            # snapshots days apart) with no line at all; days to come still draw nothing,
            # a line ends at its last value
            chart.show_blanks_as("span")
        # a bar chart lies on its side: its values run along the x axis
        if spec.kind == "bar":
            chart.set_x_axis(values_axis)
            chart.set_y_axis(categories_axis)
        else:
            chart.set_y_axis(values_axis)
            chart.set_x_axis(categories_axis)
        if len(spec.series) == 1:
            chart.set_legend({"none": True})
        else:
            chart.set_legend({"position": "bottom", "font": CHART_FONT})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def _charts(ws, workbook, formats: Formats, charts: list[ChartSpec], row: int,
            rows: _Rows) -> int:
    if not charts:
        return row
    for pair in range((len(charts) + 1) // 2):
        rows.section(row + pair * CHART_ROWS, row + (pair + 1) * CHART_ROWS)
    starts = _chart_data_rows(charts)
    for i, (spec, first) in enumerate(zip(charts, starts, strict=True)):
        chart = _add_chart(workbook, formats, spec, first)
        chart_row = row + (i // 2) * CHART_ROWS
        x_offset = 0 if i % 2 == 0 else CHART_WIDTH + 16
        ws.insert_chart(chart_row, 0, chart, {"x_offset": x_offset, "y_offset": 4,
                                              "object_position": 3})
    return row + ((len(charts) + 1) // 2) * CHART_ROWS


def _block(ws, formats: Formats, report: Report, spec: SheetSpec, row: int,
           widths: list[int], edge: int, heights: _Rows) -> int:
    """A small table under the key figures: title, optional note, header, rows, totals.

    Written as plain cells (not an Excel table) so a trailing wrapped column can spread
    over the columns to its right; the rows are few and need no filter."""
    start = row
    formats = formats.with_cents(report.cents or spec.cents)
    heights.set(row, 20)
    rows = list(spec.rows)
    if not rows:
        # an empty section is its name and, under it, what it says instead of a table
        # (beside it, the note hid the end of a long name: "Renewals in the nex")
        write_cell(ws, row, 0, spec.name, "text", formats, bold=True, font_size=12, indent=0)
        heights.set(row + 1, DEFAULT_ROW_POINTS)
        write_cell(ws, row + 1, 0, spec.empty_text, "text", formats, italic=True,
                   font_color=MUTED, indent=0)
        heights.section(start, row + 2)
        return row + 3
    write_cell(ws, row, 0, spec.name, "text", formats, bold=True, font_size=12, indent=0)
    row += 1
    if spec.note:
        heights.set(row, DEFAULT_ROW_POINTS)
        write_cell(ws, row, 0, spec.note, "text", formats, italic=True, font_color=MUTED,
                   indent=0)
        row += 1
    columns = spec.columns
    last = len(columns) - 1
    spread = (columns[last].kind == "wrap" and last < edge and not report.constant_memory)
    col_widths = list(widths[: last + 1])
    if spread:
        col_widths[last] = sum(widths[last : edge + 1])
    if any(c.header for c in columns):
        heights.set(row, header_height(columns, col_widths) or DEFAULT_ROW_POINTS)
        for c, column in enumerate(columns):
            fmt = header_format(formats, column)
            if spread and c == last:
                ws.merge_range(row, c, row, edge, column.header, fmt)
            else:
                ws.write_string(row, c, column.header, fmt)
        row += 1
    first = row
    for values in rows:
        heights.set(row, row_height(values, columns, col_widths) or DEFAULT_ROW_POINTS)
        for c, (column, value) in enumerate(zip(columns, values, strict=False)):
            if spread and c == last:
                ws.merge_range(row, c, row, edge, "", formats.get("wrap", valign="top"))
            write_cell(ws, row, c, value, column.kind, formats, valign="top")
        row += 1
    for rule in spec.conditional:
        c = spec.column_index(rule.column)
        ws.conditional_format(first, c, row - 1, c, {
            "type": "formula",
            "criteria": rule_formula(rule, f"{col_letter(c)}{first + 1}"),
            "format": formats.style(rule.style),
        })
    if spec.totals:
        heights.set(row, DEFAULT_ROW_POINTS)
        plain_totals(ws, spec, formats, first, row - 1, spec.totals)
        row += 1
    if len(rows) <= SPLIT_FROM:  # a short block is never split over two pages
        heights.section(start, row)
        return row + 1
    # a long block taller than a page continues on the next, but its title, header and
    # first rows stay together, and so do its last row and its totals
    head = min(first + KEEP_ROWS, row)
    tail = row - 2 if spec.totals else row - 1
    parts = [(start, head), *((r, r + 1) for r in range(head, tail))]
    if head < row:
        parts.append((max(head, tail), row))
    heights.section(start, row, parts)
    return row + 1


def write_summary(workbook, formats: Formats, report: Report) -> Callable[[], None]:
    """Write the Summary sheet; returns the function that writes the chart figures
    (called last, so the hidden chart-data sheet comes after every other sheet)."""
    ws = workbook.add_worksheet("Summary")
    ws.hide_gridlines(2)
    blocks = [_listed(spec) for spec in report.summary]
    widths, edge = _layout(report, blocks)
    charts = [chart for chart in report.charts if chart.has_figures]
    if charts:  # an empty column after the others reaches to the charts' right edge
        short = CHARTS_PIXELS - column_pixels(widths)
        if short > 5:
            widths = [*widths, math.ceil((short - 5) / 7)]
            edge += 1  # where trailing wrapped text (reasons, notes) may spread to
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    rows = _Rows(ws)
    row = _header_rows(ws, formats, report, rows)
    row = _kpi_rows(ws, formats, report, row, widths, rows)
    row = _charts(ws, workbook, formats, charts, row, rows)
    for title, why in report.chart_notes:  # where the chart would be, as an empty block reads
        row = _block(ws, formats, report, SheetSpec(title, [], rows=[], empty_text=why),
                     row, widths, edge, rows)
    for spec in blocks:
        row = _block(ws, formats, report, spec, row, widths, edge, rows)
    orientation = "portrait" if report.portrait else "landscape"
    # its columns reach over the charts: their widths are the page's
    scale = print_setup(ws, report, repeat_header=False, orientation=orientation,
                        widths=widths, height=rows.points(0, row), across=False)
    # the page is the columns laid out here: a long note running on to the right would
    # otherwise widen what LibreOffice fits to the page (and shrink the type)
    ws.print_area(0, 0, max(row - 1, 0), len(widths) - 1)
    page = _page_points(scale, paper_of(report), orientation)
    ws.set_h_pagebreaks(rows.page_breaks(page))
    ws.activate()

    def write_chart_data() -> None:
        if not charts:
            return
        data = workbook.add_worksheet(CHART_DATA)
        data.hide()
        row = 0
        for spec in charts:
            data.write_string(row, 0, "")
            for i, series in enumerate(spec.series, start=1):
                data.write_string(row, i, series.name)
            for r, category in enumerate(spec.categories, start=row + 1):
                write_cell(data, r, 0, category, "date" if isinstance(category, date) else "text",
                           formats)
                for i, series in enumerate(spec.series, start=1):
                    value = series.values[r - row - 1]
                    if value is None and (series.kind or spec.kind) == "line":
                        # a blank: a gap in the line, not a drop to zero (a quota line
                        # over columns, too: a quarter without a quota has none, not $0)
                        continue
                    write_cell(data, r, i, value if value is not None else 0,
                               spec.value_kind, formats)
            row += len(spec.categories) + 2
        data.set_column(0, max(len(spec.series) for spec in charts), 18)

    return write_chart_data
