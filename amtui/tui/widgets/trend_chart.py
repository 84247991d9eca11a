"""A small line chart of the forecast day by day against quota, drawn in text.

Textual's Sparkline scales each series to its own range, so four of them could not be
read against one quota line; this draws every series on one scale, one column per day
(the last day of each bucket when there are more days than columns), a dot per series
and a dashed quota row, with its legend spelt out (on two lines when narrow).  The
figures come from `core.snapshots.trend` (the workbooks' line charts draw the same); this
only draws them,
in the colour roles of `tui.colours` (won green, the pipeline's figures blue, quota a line).
The title says up to which day the figures are reconstructed from stage history.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.widget import Widget

from amtui.core import clock, dates_fmt
from amtui.core.money import fmt_short
from amtui.tui.colours import Colours, colours

# series: attribute of a TrendPoint, legend label, colour role (drawn in this order, so
# the last one wins where two meet: won is what matters most)
SERIES = (
    ("best_case", "best case", "best_case"),
    ("weighted", "expected", "pipeline"),
    ("commit", "commit", "commit"),
    ("won", "won", "won"),
)
MARKS = {"best_case": "·", "weighted": "•", "commit": "▪", "won": "●"}  # told apart without colour


class TrendChart(Widget):
    DEFAULT_CSS = """
    TrendChart {
        height: 1fr;
        min-height: 4;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.trend = None
        self.title = ""

    def show(self, trend, title: str = "") -> None:
        """Draw a `core.snapshots.Trend` under `title` (its reconstructed days noted)."""
        self.trend, self.title = trend, title
        self.refresh()

    @property
    def points(self) -> list:
        return self.trend.points if self.trend is not None else []

    def render(self) -> Text:
        width, height = max(self.content_size.width, 10), max(self.content_size.height, 3)
        pal = colours(self)
        if not self.points:
            return Text(self._none_yet(), style="dim")
        quota = self.trend.quota
        title = self.title
        if quota is not None:
            title += f" · quota {fmt_short(quota)}"
        if self.trend.short_note():
            title += f" · {self.trend.short_note()}"
        # the legend spelt out as on the Quota screen, on as many lines as the width needs
        # (What changed gives the chart half of 80 columns: `●w ▪c` read as nothing)
        key_lines = legend(pal, width=width, quota=quota is not None)
        rows = max(height - 1 - len(key_lines), 1)  # a title line and the legend's lines
        columns = _columns(self.trend, width)
        shown = [p for p in columns if p is not None]
        top = max([getattr(p, name) for p in shown for name, _, _ in SERIES] + [quota or Decimal(0)])
        top = top or Decimal(1)
        grid = [[(" ", "")] * len(columns) for _ in range(rows)]

        def row_of(value: Decimal) -> int:
            return rows - 1 - min(rows - 1, int(value * (rows - 1) / top))

        if quota is not None:
            grid[row_of(quota)] = [("╌", pal.quota)] * len(columns)
        for x, point in enumerate(columns):
            if point is None:  # a day to come, or one the book was not opened
                continue
            for name, _, role in SERIES:
                grid[row_of(getattr(point, name))][x] = (MARKS[name], getattr(pal, role))
        text = Text(title[:width] + "\n", style="bold")
        for line in grid:
            for run, style in _runs(line):  # a span a run of one style, not one a cell
                text.append(run, style=style)
            text.append("\n")
        key = key_lines[-1]
        period = self.trend.period
        span = f"{period.start:%-d %b} → {period.end:%-d %b}"
        if key.cell_len + len(span) + 2 <= min(width, len(columns)):  # the days the columns run over
            key.append(" " * (min(width, len(columns)) - key.cell_len - len(span)) + span, style=pal.muted)
        text.append_text(Text("\n").join(key_lines))
        return text


    def _none_yet(self) -> str:
        """Why there is no line: a period to come has no days yet (the book being opened
        has nothing to do with it), a past one had none kept, else none is stored yet."""
        period = self.trend.period if self.trend is not None else None
        if period is not None and period.is_future(clock.today()):
            return (f"{period.label} starts {dates_fmt.day(period.start)} "
                    f"({dates_fmt.due(period.start)}): its trend starts then.")
        if period is not None and period.is_past(clock.today()):
            # the book wasn't opened in it (a book started later, or an imported history)
            return (f"No day of {period.label} was kept: amtui wasn't opened then "
                    "(amtui snapshot --backfill reconstructs the days from the deals' history).")
        return ("No snapshots yet: the trend starts with the first day the book is opened "
                "(amtui snapshot --backfill reconstructs the days before).")


def _runs(line: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A row of (character, style) cells as runs of one style."""
    runs: list[tuple[str, str]] = []
    for char, style in line:
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + char, style)
        else:
            runs.append((char, style))
    return runs


def legend(pal: Colours, *, width: int, quota: bool) -> list[Text]:
    """`● won ▪ commit • expected · best case ╌ quota`, spelt out always: wrapped between
    its entries onto as many lines as `width` needs."""
    entries = [Text.assemble((MARKS[name], getattr(pal, role)), f" {label}") for name, label, role in reversed(SERIES)]
    if quota:
        entries.append(Text("╌ quota", style=pal.quota))
    lines = [Text()]
    for entry in entries:
        if lines[-1].cell_len and lines[-1].cell_len + 1 + entry.cell_len > width:
            lines.append(Text())
        if lines[-1].cell_len:
            lines[-1].append(" ")
        lines[-1].append_text(entry)
    return lines


def _columns(trend, width: int) -> list:
    """The period's days (`Trend.days`) in at most `width` columns (days to come stay
    empty, so the chart reads as "so far"): each column shows the last stored day of its
    bucket, or None."""
    days = [point for _, point in trend.days()]
    count = min(len(days), width)
    out = []
    for i in range(count):
        bucket = days[i * len(days) // count:(i + 1) * len(days) // count]
        out.append(next((p for p in reversed(bucket) if p is not None), None))
    stretch = max(1, width // max(len(out), 1))  # a wide terminal: each day two columns or more
    return [p for p in out for _ in range(stretch)]
