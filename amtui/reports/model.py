"""A workbook as plain data: what the TUI preview shows and what xlsx.py renders.

A report builder gathers figures from core and describes the workbook with these
records (named tuples for the immutable ones: a dataclass costs about 1 ms to create at
import, a cost every export pays); it never formats a cell.  The renderer decides how each `kind` looks
(money in the rep's currency, percentages, dates), so a figure has one value whether
it is previewed on screen or printed from Excel.

Values are plain Python: `str`, `int`, `Decimal` (money, or a percentage as a fraction:
`Decimal("0.85")` is 85%, or a multiple: `Decimal("2.4")` is 2.4x coverage), `date`,
aware `datetime` (shown in local time), or `None` for an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

# Cell kinds a column (or a key figure) can have.
KINDS = ("text", "wrap", "money", "percent", "int", "number", "multiple", "date", "datetime")

# progress(done, total): builders and the renderer report how far they are.
Progress = Callable[[int, int], None]


class Kpi(NamedTuple):
    """A key figure shown in large type on the first sheet and in the TUI preview."""

    label: str
    value: Any
    kind: str = "number"  # money | percent | number | int | multiple | date | text
    note: str = ""


class Cell(NamedTuple):
    """A value whose kind differs from its column's (a table of mixed figures), or
    that is coloured by itself: style "bad" | "warn" | "good"."""

    value: Any
    kind: str = "text"
    style: str = ""


class Column(NamedTuple):
    header: str
    kind: str = "text"
    width: int | None = None  # characters; None fits the column to its contents


class Rule(NamedTuple):
    """Conditional formatting: colour a column's cells that need attention.

    test: "equals" / "differs" (text equal to value, or a non-empty text that is not),
    "below" / "above" (a number below / above
    value), "before" (a date before value, e.g. overdue), "nonzero" (a count above 0).
    style: "bad" (red), "warn" (amber) or "good" (green).
    """

    column: str
    test: str
    value: Any = None
    style: str = "bad"


@dataclass
class SheetSpec:
    """One table of rows: a detail sheet, or a block on the first sheet.

    `rows` may be a generator for big sheets (written once, in order); then `count`
    gives the number of rows ahead of time for the progress bar, if known.
    `totals` maps a column header to its total (computed by the builder, written as a
    SUBTOTAL formula whose cached value is this figure); the first column says "Total".
    """

    name: str
    columns: list[Column]
    rows: Iterable[tuple] = ()
    totals: dict[str, Any] | None = None
    conditional: list[Rule] = field(default_factory=list)
    as_table: bool = True
    count: int | None = None
    freeze_cols: int = 0
    cents: bool = False  # money with cents (per-item amounts), else whole units
    note: str = ""  # one line written above a block on the first sheet
    empty_text: str = "None."  # what a block on the first sheet says when it has no rows

    def column_index(self, header: str) -> int:
        for i, column in enumerate(self.columns):
            if column.header == header:
                return i
        raise KeyError(f"{self.name}: no column {header!r}")

    def part(self, name: str, headers: list[str]) -> SheetSpec:
        """Sheet `name`: this table's columns named in `headers` (in that order, the one
        naming the row first), with their rows, totals and rules.  A table too wide to
        print one page wide at a readable scale is split into parts that each print so,
        the row's name on each.  Rows are a list here, never a generator read once."""
        at = [self.column_index(header) for header in headers]
        kept = set(headers)
        return SheetSpec(
            name, [self.columns[i] for i in at],
            rows=[tuple(row[i] for i in at) for row in self.rows],
            totals=({h: v for h, v in self.totals.items() if h in kept}
                    if self.totals is not None else None),
            conditional=[rule for rule in self.conditional if rule.column in kept],
            as_table=self.as_table, freeze_cols=self.freeze_cols, cents=self.cents,
            note=self.note, empty_text=self.empty_text,
        )


# The one colour language of every chart (xlsx_summary maps a role to its colour):
# won / on track, pipeline, commit and best case (shades of the pipeline's), quota (a
# line), miss (red: misses and overdue only), other (categories with no meaning).
ROLES = ("won", "pipeline", "commit", "best case", "quota", "miss", "other")


class Series(NamedTuple):
    name: str
    values: list[Any]
    kind: str | None = None  # draw this series as another kind, e.g. "line" for quota
    colors: tuple[str, ...] = ()  # one colour per point (pie slices, health bands)
    role: str = "other"  # its colour, one of ROLES


class ChartSpec(NamedTuple):
    title: str
    kind: str  # column | bar | line | pie | doughnut
    categories: list[str] | list[date]  # dates: a point a day, drawn on a date axis
    series: list[Series]
    value_kind: str = "money"  # money | int | percent
    stacked: bool = False  # columns stacked on each other (won + weighted = forecast)

    @property
    def has_figures(self) -> bool:
        """False when every value is zero or missing: such a chart says nothing."""
        return any(v for series in self.series for v in series.values)


@dataclass
class Report:
    name: str  # registry key: status | quarterly | forecast | brief | commission | book
    title: str
    rep_name: str
    company: str
    period_label: str
    made_on: date
    currency: str = "USD"
    kpis: list[Kpi] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    # (title, why): one line each under the charts, for a chart left out (not drawable yet)
    chart_notes: list[tuple[str, str]] = field(default_factory=list)
    summary: list[SheetSpec] = field(default_factory=list)  # small tables on the first sheet
    sheets: list[SheetSpec] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)
    constant_memory: bool = False  # the book report: stream rows, no Excel tables
    cents: bool = False  # every money figure with cents (commission statement, the book)
    portrait: bool = False  # the Summary prints portrait (the brief: a tall, narrow page)
    printable: bool = True  # False: a data dump; sheets print at 100%, headers only
    notice: str = ""  # lines under the Summary's heading that matter more than any figure

    def sheet(self, name: str) -> SheetSpec:
        for sheet in [*self.summary, *self.sheets]:
            if sheet.name == name:
                return sheet
        raise KeyError(f"{self.title}: no sheet {name!r}")

    def kpi(self, label: str) -> Kpi:
        for kpi in self.kpis:
            if kpi.label == label:
                return kpi
        raise KeyError(f"{self.title}: no key figure {label!r}")


def fraction(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """part / whole as a fraction for a percent cell; None when whole is 0 or unknown."""
    if part is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))
