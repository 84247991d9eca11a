"""The first sheet of every workbook: who, what period, the key figures, charts, blocks.

Rows are written strictly top to bottom so the same code works in constant_memory mode.
Chart figures live on a hidden "Chart data" sheet written last (charts need cells to
point at); the numbers a manager reads are in the blocks and the detail sheets.
"""

from __future__ import annotations

from collections.abc import Callable

from amtui.reports.model import ChartSpec, Report, SheetSpec
from amtui.reports.xlsx_cells import (
    Formats,
    Widths,
    col_letter,
    money_format,
    print_setup,
    rule_formula,
    table_columns,
    table_name,
    write_cell,
)

KPIS_PER_ROW = 4
KPI_WIDTH = 24  # characters: a KPI column fits "$1,234,567.00" in 16-point type
CHART_WIDTH, CHART_HEIGHT = 520, 300  # pixels
CHART_ROWS = 16  # rows of 20 px a row of charts takes, with a gap
CHART_DATA = "Chart data"
MUTED = "#595959"


class _Columns:
    """Widths for the summary's columns, the widest need of any block or KPI."""

    def __init__(self):
        self.widths: dict[int, int] = {c: KPI_WIDTH for c in range(KPIS_PER_ROW)}

    def need(self, col: int, width: int) -> None:
        self.widths[col] = max(self.widths.get(col, 0), width)

    def apply(self, ws) -> None:
        for col, width in sorted(self.widths.items()):
            ws.set_column(col, col, width)


def _header_rows(ws, formats: Formats, report: Report) -> int:
    ws.set_row(0, 30)
    write_cell(ws, 0, 0, report.title, "text", formats, bold=True, font_size=18)
    label = {"font_color": MUTED}
    who = report.rep_name + (f", {report.company}" if report.company else "")
    lines = [("Prepared by", who, "text"), ("Period", report.period_label, "text"),
             ("Made on", report.made_on, "date")]
    for row, (name, value, kind) in enumerate(lines, start=1):
        write_cell(ws, row, 0, name, "text", formats, **label)
        write_cell(ws, row, 1, value or "—", kind, formats, bold=True, align="left")
    return len(lines) + 2


def _kpi_rows(ws, formats: Formats, report: Report, row: int) -> int:
    for start in range(0, len(report.kpis), KPIS_PER_ROW):
        group = report.kpis[start : start + KPIS_PER_ROW]
        ws.set_row(row + 1, 27)
        if any(k.note for k in group):
            ws.set_row(row + 2, 27)
        for col, kpi in enumerate(group):
            write_cell(ws, row, col, kpi.label, "text", formats, bold=True, font_color=MUTED)
        for col, kpi in enumerate(group):
            kind = "text" if kpi.kind == "text" else kpi.kind
            write_cell(ws, row + 1, col, kpi.value if kpi.value is not None else "—", kind,
                       formats, bold=True, font_size=16, align="left")
        for col, kpi in enumerate(group):
            write_cell(ws, row + 2, col, kpi.note, "wrap", formats, font_size=9,
                       italic=True, font_color=MUTED)
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
        if series.colors:
            options["points"] = [{"fill": {"color": c}} for c in series.colors]
        if spec.kind in ("pie", "doughnut"):
            options["data_labels"] = {"value": True, "percentage": False, "leader_lines": True}
        if series.kind == "line":
            options["line"] = {"width": 2.25}
            options["marker"] = {"type": "circle", "size": 5}
        target.add_series(options)
    for overlay in overlays.values():
        chart.combine(overlay)
    chart.set_title({"name": spec.title, "name_font": {"size": 12, "bold": True}})
    axis = {"money": money_format(formats.currency, decimals=False), "percent": "0%",
            "multiple": '0.0"x"'}.get(
        spec.value_kind, "#,##0"
    )
    if spec.kind not in ("pie", "doughnut"):
        chart.set_y_axis({"num_format": axis, "major_gridlines": {"visible": True,
                          "line": {"color": "#D9D9D9"}}})
        if len(spec.series) == 1:
            chart.set_legend({"none": True})
        else:
            chart.set_legend({"position": "bottom"})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def _charts(ws, workbook, formats: Formats, report: Report, row: int) -> int:
    if not report.charts:
        return row
    starts = _chart_data_rows(report.charts)
    for i, (spec, first) in enumerate(zip(report.charts, starts, strict=True)):
        chart = _add_chart(workbook, formats, spec, first)
        chart_row = row + (i // 2) * CHART_ROWS
        x_offset = 0 if i % 2 == 0 else CHART_WIDTH + 16
        ws.insert_chart(chart_row, 0, chart, {"x_offset": x_offset, "y_offset": 4,
                                              "object_position": 3})
    return row + ((len(report.charts) + 1) // 2) * CHART_ROWS


def _block(ws, formats: Formats, report: Report, spec: SheetSpec, row: int, index: int,
           widths: _Columns) -> int:
    ws.set_row(row, 20)
    write_cell(ws, row, 0, spec.name, "text", formats, bold=True, font_size=12)
    row += 1
    if spec.note:
        write_cell(ws, row, 0, spec.note, "text", formats, italic=True, font_color=MUTED)
        row += 1
    rows = list(spec.rows)
    if not rows:
        write_cell(ws, row, 0, spec.empty_text, "text", formats, italic=True)
        return row + 2
    fit = Widths(spec.columns, report.currency)
    as_table = spec.as_table and not report.constant_memory
    # a block of labelled lines (headers all blank) has no header row
    header = row if any(c.header for c in spec.columns) else row - 1
    if not as_table and header == row:
        fmt = formats.get(None, bold=True, bg_color="#DCE6F1", bottom=1)
        for c, column in enumerate(spec.columns):
            ws.write_string(header, c, column.header, fmt)
    for r, values in enumerate(rows, start=header + 1):
        for c, (column, value) in enumerate(zip(spec.columns, values, strict=False)):
            write_cell(ws, r, c, value, column.kind, formats)
            fit.see(c, value)
    last = header + len(rows)
    if as_table:
        name = f"{table_name(spec.name)}_{index}"
        totals = spec.totals
        ws.add_table(header, 0, last + (1 if totals else 0), len(spec.columns) - 1, {
            "name": name, "style": "TableStyleLight9", "banded_rows": True,
            "autofilter": False, "total_row": bool(totals),
            "columns": table_columns(spec, formats, name, totals),
        })
        last += 1 if totals else 0
    for rule in spec.conditional:
        c = spec.column_index(rule.column)
        ws.conditional_format(header + 1, c, header + len(rows), c, {
            "type": "formula",
            "criteria": rule_formula(rule, f"{col_letter(c)}{header + 2}"),
            "format": formats.style(rule.style),
        })
    for c, width in enumerate(fit.result()):
        widths.need(c, width)
    return last + 2


def write_summary(workbook, formats: Formats, report: Report) -> Callable[[], None]:
    """Write the Summary sheet; returns the function that writes the chart figures
    (called last, so the hidden chart-data sheet comes after every other sheet)."""
    ws = workbook.add_worksheet("Summary")
    ws.hide_gridlines(2)
    widths = _Columns()
    row = _header_rows(ws, formats, report)
    row = _kpi_rows(ws, formats, report, row)
    row = _charts(ws, workbook, formats, report, row)
    for index, spec in enumerate(report.summary, start=1):
        row = _block(ws, formats, report, spec, row, index, widths)
    widths.apply(ws)
    print_setup(ws, report, repeat_header=False)
    ws.activate()

    def write_chart_data() -> None:
        if not report.charts:
            return
        data = workbook.add_worksheet(CHART_DATA)
        data.hide()
        row = 0
        for spec in report.charts:
            data.write_string(row, 0, "")
            for i, series in enumerate(spec.series, start=1):
                data.write_string(row, i, series.name)
            for r, category in enumerate(spec.categories, start=row + 1):
                write_cell(data, r, 0, category, "text", formats)
                for i, series in enumerate(spec.series, start=1):
                    value = series.values[r - row - 1]
                    write_cell(data, r, i, value if value is not None else 0,
                               spec.value_kind, formats)
            row += len(spec.categories) + 2
        data.set_column(0, len(max(report.charts, key=lambda s: len(s.series)).series), 18)

    return write_chart_data
