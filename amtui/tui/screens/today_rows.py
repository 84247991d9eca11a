"""The Today screen's rows: agenda records turned into table cells (styled Rich Text)
and the RowRef each row stands for.  Plain functions, so the screen module stays about
behaviour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text

from amtui.core import dates_fmt
from amtui.core.money import fmt_short
from amtui.core.today import Agenda
from amtui.tui.colours import Colours

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


def fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "\u2026"


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
        counted = {"Overdue": "overdue", "Today": "today", "This week": "week", "Later": "later"}
        cut = [len(rows) for group, rows in a.follow_ups.items() if c[counted[group]] > len(rows)]
        if cut:
            detail.append((f"first {max(cut)} of a group shown", "dim"))
    else:
        n, shown = c[key], len(getattr(a, key))
        noun = {"cadence": _plural(n, "client"), "renewals": _plural(n, "renewal")}
        detail = [(noun.get(key, f"{n:,} open"), "")] if n else []
        if n > shown:
            detail.append(
                (f"worst {shown} shown" if key == "cadence" else f"first {shown} shown", "dim")
            )
    text = Text(title, style="bold")
    for part, style in detail or [("none", "dim")]:
        text.append("  \u00b7  ", style="dim")
        text.append(part, style=style)
    return text


def follow_up_rows(a: Agenda, w: dict[str, int], pal: Colours = PLAIN) -> list:
    out = []
    for group, rows in a.follow_ups.items():
        for i, r in enumerate(rows):
            late = r.days_late(a.today)
            due = "today" if r.due_on == a.today else day_text(r.due_on, a.today)
            if late:
                due = late_text(r.due_on, a.today, late)
            style = pal.miss if late else ""
            label = Text(group if i == 0 else "", style=group_style(group, pal))
            priority = Text(
                r.priority,
                style="bold" if r.priority == "high" else "dim" if r.priority == "low" else "",
            )
            cells = (
                label,
                Text(due, style=style),
                Text(fit(r.client, w["client"]), style=style),
                Text(fit(r.contact, w["contact"]), style=style),
                Text(fit(r.title, w["text"]), style=style),
                priority,
            )
            out.append((RowRef("follow_up", r.id, r.client_id, r.client, r.contact_id), cells))
    return out


def never_text(r, today: date) -> str:
    """'never contacted · handed over 12 Nov': an inherited client still owed a first call."""
    since = r.handed_over_on or r.entered_on
    if since is None:
        return "never contacted"
    day = f"{since.day} {since:%b}" if since.year == today.year else f"{since.day} {since:%b %Y}"
    return f"never contacted \u00b7 {'handed over' if r.handed_over_on else 'added'} {day}"


def cadence_rows(a: Agenda, w: dict[str, int], pal: Colours = PLAIN) -> list:
    out = []
    for r in a.cadence:
        if r.last_contact:
            last = Text(day_text(r.last_contact.astimezone().date(), a.today))
        else:
            last = Text(never_text(r, a.today), style="bold")
        cells = (
            fit(r.client, w["client"]),
            r.tier,
            last,
            Text(str(r.days_since), justify="right"),
            Text(f"{r.cadence_days}d", justify="right"),
            Text(f"+{r.days_over}d", style=pal.miss, justify="right"),  # contact overdue
        )
        out.append((RowRef("cadence", None, r.client_id, r.client), cells))
    return out


def issue_rows(a: Agenda, w: dict[str, int], pal: Colours = PLAIN) -> list:
    out = []
    for r in a.issues:
        cells = (
            Text(r.severity, style=severity_style(r.severity, pal)),
            Text(f"{r.age_days(a.today)}d", justify="right"),
            fit(r.client, w["client"]),
            fit(r.title, w["text"]),
            Text(r.status, style="dim" if r.status != "open" else ""),
        )
        out.append((RowRef("issue", r.id, r.client_id, r.client, r.contact_id), cells))
    return out


def renewal_rows(a: Agenda, w: dict[str, int]) -> list:
    out = []
    for r in a.renewals:
        cells = (
            day_text(r.renews_on, a.today),
            Text("today" if r.days_left == 0 else f"{r.days_left}d", justify="right"),
            fit(r.client, w["client"]),
            fit(r.what, w["text"]),
            Text(fmt_short(r.annual_value) if r.annual_value is not None else "", justify="right"),
        )
        out.append((RowRef("renewal", r.holding_id, r.client_id, r.client), cells))
    return out


def commitment_rows(a: Agenda, w: dict[str, int], pal: Colours = PLAIN) -> list:
    out = []
    for r in a.commitments:
        late = r.days_late(a.today)
        due = late_text(r.due_on, a.today, late) if late else day_text(r.due_on, a.today)
        style = pal.miss if late else ""
        cells = (
            Text(due, style=style),
            Text(fit(r.client, w["client"]), style=style),
            Text(fit(r.what, w["text"]), style=style),
            fit(r.made_by, w["contact"]),
        )
        out.append((RowRef("commitment", r.id, r.client_id, r.client), cells))
    return out
