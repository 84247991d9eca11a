"""The Quota deals list's first lines, drawn in a worker before the lists join the screen.

On a first visit the lists are shown a frame after the chart (QuotaScreen._fill_lists),
filled as they join it: their first lines were drawn on the screen's thread in the frame
that lays them out and paints them, the longest step of the visit.  They are not laid out
until then, so `deals_plan` works out the room the deals list will have when the lists are
stacked (the chart's width, the height `_size_lists` gave the deals' box), and a worker
draws the lines for that room (ready_lines.prepare).  A guess that comes out otherwise costs
nothing but the lines: the list lays itself out for the room it got and draws them
itself (VirtualTable.show, render_lines).
"""

from __future__ import annotations

from textual.screen import Screen

from amtui.tui.widgets.ready_lines import Plan
from amtui.tui.widgets.virtual_table import VirtualTable

TITLE_LINES = 1  # the deals' title above the list


def deals_plan(screen: Screen, table: VirtualTable) -> Plan | None:
    """Where the deals list will stand once the lists show (the top, no row moved to),
    or None when the chart above it is not laid out yet or the lists go side by side."""
    chart = screen.query_one("#quota-trend")
    if not chart.region:
        return None
    lists, box = screen.query_one("#quota-lists"), screen.query_one("#quota-deals-box")
    if not lists.has_class("-stacked"):
        # beside the history, the deals' box gets less than the chart's width less the
        # history's (two cells at 200x60, from Textual's layout of the lists' row): the
        # list draws its first lines itself, as before, rather than on a guess
        return None
    height = box.styles.height
    if height is None or not height.is_cells:
        return None
    # stacked, the deals are as wide as the chart above them, as high as their box
    width = chart.region.width - box.styles.padding.width - table.styles.scrollbar_size_vertical
    lines = int(height.value) - TITLE_LINES
    plan = table.plan()
    header = plan.header
    if width <= 0 or lines <= header:
        return None
    return plan._replace(frame=plan.frame._replace(width=width, left=0), room=width, top=0,
                         body_lines=lines - header, view_lines=lines, cursor=0)
