"""The Today screen's rows: agenda records, the RowRef each row stands for, the columns
of each section and the cells (styled Rich Text) a row shows when it is drawn.  Plain
functions, so the screen module stays about behaviour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text

from amtui.core import dates_fmt
from amtui.core.choices import ISSUE_STATUSES
from amtui.core.money import fmt_short
from amtui.tui.colours import Colours
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec

if TYPE_CHECKING:
    from amtui.core.today import Agenda  # read in the worker: not imported for the first paint

PLAIN = Colours()  # outside an app: the terminal's own colours, in the same roles


def severity_style(severity: str, pal: Colours) -> str:
    """A service issue needs a look (amber), it is not a miss: red is kept for overdue."""
    return {"critical": f"bold {pal.attention}", "high": pal.attention, "low": pal.muted}.get(severity, "")


def group_style(group: str, pal: Colours) -> str:
    return {"Overdue": f"bold {pal.miss}", "Today": "bold", "Later": pal.muted}.get(group, "")


@dataclass(frozen=True)
class RowRef:
    """What a table row stands for: the keys act on it."""

    kind: str  # follow_up | cadence | issue | renewal | commitment
    record_id: int | None
    client_id: int
    client: str
    contact_id: int | None = None


def day_text(day: date, today: date) -> str:
    """'Fri 4 Dec' this year, '4 Jan 2027' otherwise (core.dates_fmt: one style everywhere)."""
    return dates_fmt.day(day, today)


def late_text(day: date, today: date, late: int) -> str:
    """'2d late': on an agenda how late matters more than the day (the row says which)."""
    return dates_fmt.due(day, today)


def due_text(day: date, today: date, late: int) -> str:
    """An agenda row's Due: '2d late', 'today', else the day ('Mon 7 Dec'); follow-ups
    and commitments say it alike (commitments had said 'Sat 5 Dec' for today)."""
    if late:
        return late_text(day, today, late)
    return "today" if day == today else day_text(day, today)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def section_title(key: str, title: str, a: Agenda, pal: Colours = PLAIN) -> Text:
    """'Follow-ups · 2 overdue · 1 today · 4 this week', counts in full."""
    c = a.counts
    if key == "follow_ups":
        detail = [
            (f"{n:,} {label}", style)
            for label, n, style in (
                ("overdue", c["overdue"], pal.miss),
                ("today", c["today"], "bold"),
                ("this week", c["week"], ""),
                ("later", c["later"], ""),
            )
            if n
        ]
    else:
        n = c[key]
        noun = {"cadence": _plural(n, "client"), "renewals": _plural(n, "renewal")}
        detail = [(noun.get(key, f"{n:,} open"), "")] if n else []
    text = Text(title, style="bold")
    for part, style in detail or [("none", "dim")]:
        text.append("  \u00b7  ", style="dim")
        text.append(part, style=style)
    return text


# Each section's columns (widgets/columns.py lays them out): days and amounts are sized to
# their widest cell and never cut; the client's name reads whole up to 26 characters
# (its least width) and the text columns share what is left.  On a table narrower than
# LEAVES says the follow-ups leave out the group label (the Due column's "3d late" /
# "today" already tells it), then the contact,
# then the priority (a high one's title is bold), so the title reads, and the line under
# the lists (`row_detail`) shows the highlighted row whole; on a narrower one still the
# cadence table's days-since (Last contact and Over tell it) and the tier go.
DATE = len("12 Jan 2027")
CLIENT = 26  # a client's name up to this long reads whole at 80 columns (its least width)
# section -> (column, the least room of table it is shown in: the terminal's width less
# the two scrollbars, so 130, 110 and 100 columns)
LEAVES = {"follow_ups": (("group", 128), ("contact", 108), ("priority", 98))}
COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "follow_ups": (
        ColumnSpec("group", "", len("This week"), drop=2),  # the label on a group's first row
        ColumnSpec("due", "Due", DATE),
        ColumnSpec("client", "Client", CLIENT, share=1, ideal=CLIENT),
        ColumnSpec("contact", "Contact", 10, share=1, drop=1, ideal=17),
        ColumnSpec("title", "Follow-up", 16, share=6, ideal=36),
        ColumnSpec("priority", "Priority", 6),
    ),
    "cadence": (
        ColumnSpec("client", "Client", CLIENT, share=1, ideal=CLIENT),
        ColumnSpec("tier", "Tier", 4, drop=2),
        ColumnSpec("last", "Last contact", DATE),
        ColumnSpec("since", "Days since", 4, drop=1, right=True),
        ColumnSpec("cadence", "Cadence", 4, right=True),
        ColumnSpec("over", "Over", 5, right=True),
    ),
    "issues": (
        ColumnSpec("severity", "Severity", 8),
        ColumnSpec("age", "Age", 4, right=True),
        ColumnSpec("client", "Client", CLIENT, share=1, ideal=CLIENT),
        ColumnSpec("title", "Issue", 16, share=3, ideal=30),
        ColumnSpec("status", "Status", 6, drop=1),
    ),
    "renewals": (
        ColumnSpec("renews", "Renews", DATE),
        ColumnSpec("in", "In", 4, right=True),
        ColumnSpec("client", "Client", CLIENT, share=1, ideal=CLIENT),
        ColumnSpec("what", "What", 14, share=3, ideal=24),
        ColumnSpec("value", "Value", 6, right=True),
    ),
    "commitments": (
        ColumnSpec("due", "Due", DATE),
        ColumnSpec("client", "Client", CLIENT, share=1, ideal=CLIENT),
        ColumnSpec("what", "Commitment", 16, share=3, ideal=30),
        ColumnSpec("made_by", "Made by", 10, share=1, drop=1),
    ),
}


def section_columns(key: str, room: int) -> tuple[ColumnSpec, ...]:
    """The columns a section shows in `room` cells of table."""
    leaves = {column for column, least in LEAVES.get(key, ()) if room < least}
    return tuple(spec for spec in COLUMNS[key] if spec.key not in leaves)


@dataclass(frozen=True)
class TodayRow:
    """One row of a section: its key (core.today.row_key: unique in the section), what
    the keys act on, the agenda record and, for a follow-up, the group label it opens."""

    key: int
    ref: RowRef
    record: Any
    group: str = ""


KINDS = {"follow_ups": "follow_up", "cadence": "cadence", "issues": "issue", "renewals": "renewal",
         "commitments": "commitment"}


def group_starts(a: Agenda) -> dict[int, str]:
    """The follow-ups' index where each group begins (its first row shows the label)."""
    starts, at = {}, 0
    for group, n in a.groups.items():
        if n:
            starts[at] = group
        at += n
    return starts


def section_row(key: str, r, group: str = "") -> TodayRow:
    """A section's row for one agenda record (a follow-up's first of a group has the label)."""
    from amtui.core.today import row_key as agenda_key  # loaded by the worker calling this

    contact = getattr(r, "contact_id", None) if key in ("follow_ups", "issues") else None
    record = {"cadence": None, "renewals": getattr(r, "holding_id", None)}.get(key, getattr(r, "id", None))
    ref = RowRef(KINDS[key], record, r.client_id, r.client, contact)
    return TodayRow(agenda_key(key, r), ref, r, group)


def _text(value: str, style: str = "", **kwargs) -> Text:
    """Book text on one line: never markup, control characters visible, cut with …"""
    return Text(plain(" ".join(str(value).split())), style=style, no_wrap=True, overflow="ellipsis", **kwargs)


def follow_up_cells(row: TodayRow, today: date, pal: Colours = PLAIN) -> dict[str, Text]:
    r = row.record
    late = r.days_late(today)
    due = due_text(r.due_on, today, late)
    style = pal.miss if late else ""
    priority_style = "bold" if r.priority == "high" else "dim" if r.priority == "low" else ""
    return {
        "group": Text(row.group, style=group_style(row.group, pal)),
        "due": Text(due, style=style),
        "client": _text(r.client, style),
        "contact": _text(r.contact, style),
        "title": _text(r.title, f"{style} bold" if r.priority == "high" else style),
        "priority": Text(r.priority, style=priority_style),
    }


def never_text(r, today: date) -> str:
    """'never contacted · handed over Thu 12 Nov': an inherited client still owed a first call."""
    since = r.handed_over_on or r.entered_on
    if since is None:
        return "never contacted"
    return (f"never contacted \u00b7 {'handed over' if r.handed_over_on else 'added'} "
            f"{day_text(since, today)}")


def cadence_cells(row: TodayRow, today: date, pal: Colours = PLAIN) -> dict[str, Text]:
    r = row.record
    if r.last_contact:
        last = Text(day_text(r.last_contact.astimezone().date(), today))
    else:
        last = Text(never_text(r, today), style="bold")
    return {
        "client": _text(r.client),
        "tier": _text(r.tier),
        "last": last,
        "since": Text(str(r.days_since), justify="right"),
        "cadence": Text(f"{r.cadence_days}d", justify="right"),
        "over": Text(f"+{r.days_over}d", style=pal.miss, justify="right"),  # contact overdue
    }


def issue_cells(row: TodayRow, today: date, pal: Colours = PLAIN) -> dict[str, Text]:
    r = row.record
    return {
        "severity": Text(r.severity, style=severity_style(r.severity, pal)),
        "age": Text(f"{r.age_days(today)}d", justify="right"),
        "client": _text(r.client),
        "title": _text(r.title),
        "status": Text(r.status, style="dim" if r.status != "open" else ""),
    }


def renewal_cells(row: TodayRow, today: date, pal: Colours = PLAIN) -> dict[str, Text]:
    r = row.record
    return {
        "renews": Text(day_text(r.renews_on, today)),
        "in": Text("today" if r.days_left == 0 else f"{r.days_left}d", justify="right"),
        "client": _text(r.client),
        "what": _text(r.what),
        "value": Text(fmt_short(r.annual_value) if r.annual_value is not None else "", justify="right"),
    }


def commitment_cells(row: TodayRow, today: date, pal: Colours = PLAIN) -> dict[str, Text]:
    r = row.record
    late = r.days_late(today)
    style = pal.miss if late else ""
    return {
        "due": Text(due_text(r.due_on, today, late), style=style),
        "client": _text(r.client, style),
        "what": _text(r.what, style),
        "made_by": _text(r.made_by),
    }


CELLS: dict[str, Callable[[TodayRow, date, Colours], dict[str, Text]]] = {
    "follow_ups": follow_up_cells,
    "cadence": cadence_cells,
    "issues": issue_cells,
    "renewals": renewal_cells,
    "commitments": commitment_cells,
}


def row_detail(row: TodayRow | None, today: date) -> Text:
    """The highlighted row whole, for the line under the lists (a narrow table cuts its
    text; the line wraps it)."""
    if row is None:
        return Text()
    r, parts = row.record, []
    if row.ref.kind == "follow_up":
        parts = [r.title, r.contact, r.client, f"{r.priority} priority"]
    elif row.ref.kind == "issue":
        parts = [r.title, f"{r.severity} \u00b7 {r.status}", r.client]
    elif row.ref.kind == "commitment":
        parts = [r.what, f"made by {r.made_by}" if r.made_by else "", r.client]
    elif row.ref.kind == "renewal":
        parts = [r.what, r.client, f"renews {day_text(r.renews_on, today)}"]
    else:
        parts = [r.client, r.tier and f"tier {r.tier}"]
    return Text(plain(" \u00b7 ".join(" ".join(str(p).split()) for p in parts if p)))


def fixed_widths(key: str, rows: list[TodayRow], today: date, *, every_row: bool = False) -> dict[str, int]:
    """The widest cell of each fixed column (days, amounts, states) over `rows`: the text
    columns share what is left.  With `every_row` the rows are the whole section and a
    column is as wide as its widest cell ("10d late" needs 8, not a date's 11); else the
    screen passes the rows it read first, and each column is at least its own width (a
    date's widest form), so a later page never needs more."""
    fixed = {spec.key: 0 if every_row else spec.width for spec in COLUMNS[key] if not spec.share}
    if key == "issues":
        fixed["status"] = max(len(s) for s in ISSUE_STATUSES if s != "resolved")
    cells = CELLS[key]
    for row in rows:
        for column, text in cells(row, today, PLAIN).items():
            if column in fixed:
                fixed[column] = max(fixed[column], text.cell_len)
    return fixed
