"""Excel tables, totals rows and conditional-format rules: formulas and their options.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from amtui.reports.model import Rule, SheetSpec
from amtui.reports.xlsx_formats import TEXT_INDENT, Formats, header_format


def col_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table_name(sheet_name: str) -> str:
    """An Excel table name from a sheet name: letters, digits and underscores."""
    return "t_" + re.sub(r"\W", "_", sheet_name, flags=re.ASCII)


def total_formula(table: str, header: str) -> str:
    """SUBTOTAL(109, Table[Column]): a sum that skips filtered-out rows.

    A table's built-in total function writes `SUBTOTAL(109,[Column])`, which
    LibreOffice shows as #NAME?; the table-qualified reference works in both.
    """
    escaped = re.sub(r"(['#\[\]])", r"'\1", header)
    return f"=SUBTOTAL(109,{table}[{escaped}])"


def _excel_literal(value) -> str:
    if isinstance(value, date):
        return f"DATE({value.year},{value.month},{value.day})"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def rule_formula(rule: Rule, cell: str) -> str:
    """The conditional-format formula for a rule, relative to the column's first cell."""
    literal = _excel_literal(rule.value)
    if rule.test == "equals":
        return f"={cell}={literal}"
    if rule.test == "differs":
        return f'=AND({cell}<>"",{cell}<>{literal})'
    if rule.test in ("below", "before"):
        return f"=AND(ISNUMBER({cell}),{cell}<{literal})"
    if rule.test == "above":
        return f"=AND(ISNUMBER({cell}),{cell}>{literal})"
    if rule.test == "nonzero":
        return f"=AND(ISNUMBER({cell}),{cell}>0)"
    raise ValueError(f"unknown rule test {rule.test!r}")


def table_columns(spec: SheetSpec, formats: Formats, name: str, totals) -> list[dict]:
    options = []
    for c, column in enumerate(spec.columns):
        option: dict = {"header": column.header, "header_format": header_format(formats, column)}
        if column.kind != "text":
            option["format"] = formats.get(column.kind)
        if totals and c == 0:
            option["total_string"] = "Total"
        elif totals and totals.get(column.header) is not None:
            # the figure computed in Python is the cached value, so viewers that
            # don't recalculate (previews, openpyxl) show it rather than 0
            option["total_function"] = total_formula(name, column.header)
            option["total_value"] = float(totals[column.header])
        options.append(option)
    return options



TOTAL = {"bold": True, "top": 1}


def total_cells(ws, spec: SheetSpec, formats: Formats, row: int, totals: dict,
                formula) -> None:
    """The totals row: "Total", then each total as a SUBTOTAL formula whose cached value
    is the figure computed in Python (viewers that don't recalculate show it, not 0).
    `formula(col, header)` gives the formula of a column."""
    ws.write_string(row, 0, "Total", formats.get(None, **TOTAL, indent=TEXT_INDENT))
    for c, column in enumerate(spec.columns[1:], start=1):
        fmt = formats.get(column.kind, **TOTAL)
        if totals.get(column.header) is None:
            ws.write_blank(row, c, None, fmt)
        else:
            ws.write_formula(row, c, formula(c, column.header), fmt,
                             float(totals[column.header]))


def plain_totals(ws, spec: SheetSpec, formats: Formats, first_data: int, last_data: int,
                 totals: dict) -> None:
    """A totals row under rows that are not an Excel table: SUBTOTAL over the range."""

    def formula(c: int, header: str) -> str:
        letter = col_letter(c)
        return f"=SUBTOTAL(109,{letter}{first_data + 1}:{letter}{last_data + 1})"

    total_cells(ws, spec, formats, last_data + 1, totals, formula)


