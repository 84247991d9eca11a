"""A small line chart of the forecast day by day against quota, drawn in text.

Textual's Sparkline scales each series to its own range, so four of them could not be
read against one quota line; this draws every series on one scale, one column per day
(the last day of each bucket when there are more days than columns), a dot per series
and a dashed quota row, with a one-line legend.  The figures come from
`core.snapshots.trend`; this only draws them.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.widget import Widget

# series: attribute of a TrendPoint, legend label, colour (drawn in this order, so the
# last one wins where two meet: won is what matters most)
SERIES = (
    ("best_case", "best case", "cyan"),
    ("weighted", "expected", "magenta"),
    ("commit", "commit", "yellow"),
    ("won", "won", "green"),
)


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
        self.points: list = []
        self.title = ""

    def show(self, points: list, title: str = "") -> None:
        self.points, self.title = list(points), title
        self.refresh()

    def render(self) -> Text:
        width, height = max(self.content_size.width, 10), max(self.content_size.height, 4)
        if not self.points:
            return Text("No snapshots yet: the trend starts with the first day the book is opened "
                        "(amtui snapshot --backfill reconstructs this quarter).", style="dim")
        rows = height - 2  # a title line and a legend line
        columns = _buckets(self.points, width)
        quota = next((p.quota for p in reversed(self.points) if p.quota is not None), None)
        top = max([getattr(p, name) for p in columns for name, _, _ in SERIES] + [quota or Decimal(0)])
        top = top or Decimal(1)
        grid = [[(" ", "")] * len(columns) for _ in range(rows)]

        def row_of(value: Decimal) -> int:
            return rows - 1 - min(rows - 1, int(value * (rows - 1) / top))

        if quota is not None:
            q = row_of(quota)
            grid[q] = [("╌", "dim")] * len(columns)
        for x, point in enumerate(columns):
            for name, _, colour in SERIES:
                grid[row_of(getattr(point, name))][x] = ("•", colour)
        text = Text(self.title[:width] + "\n", style="bold")
        for line in grid:
            for char, style in line:
                text.append(char, style=style)
            text.append("\n")
        narrow = width < 48  # the legend in letters: w c e b q
        for _, label, colour in reversed(SERIES):
            text.append("•", style=colour)
            text.append(f"{label[0] if narrow else ' ' + label} ")
        if quota is not None:
            text.append("╌" + ("q" if narrow else " quota"), style="dim")
        return text


def _buckets(points: list, width: int) -> list:
    """At most `width` points: each column shows the last day of its bucket."""
    if len(points) <= width:
        return points
    step = len(points) / width
    return [points[min(len(points) - 1, int((i + 1) * step) - 1)] for i in range(width)]
