"""The Quota screen's parts: what goes in each card and table, as Rich text.

Pure functions of the figures core computed (no queries), so the screen stays short and
a light theme stays readable: colours are the roles of tui/colours.py in the theme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN

from rich.text import Text

from amtui.core import dates_fmt
from amtui.core.comp_plan import Plan, number_text
from amtui.core.counts import plural
from amtui.core.gap_deals import DealPay, GapList
from amtui.core.money import fmt_money
from amtui.core.quota import QuotaStatus
from amtui.core.snapshots import Trend
from amtui.core.track_record import QuarterResult
from amtui.tui.colours import Colours
from amtui.tui.safe import plain
from amtui.tui.widgets.columns import ColumnSpec

# Dates and money are sized to their widest cell and never cut.  The client (a name up
# to 26 characters) and the deal read whole (their ideal widths) before Amount goes, then
# Stage: what each deal pays, and whether winning it makes quota, is the point.
DEAL_COLUMNS = (
    ColumnSpec("close", "Close", 10),
    ColumnSpec("client", "Client", 16, share=2, ideal=26),
    ColumnSpec("deal", "Deal", 16, share=3, ideal=40),
    ColumnSpec("stage", "Stage", 13, drop=2),
    ColumnSpec("amount", "Amount", 9, drop=1, right=True),
    ColumnSpec("pays", "Pays you", 9, right=True),
    ColumnSpec("running", "Total if won", 12, right=True),  # what winning down to this deal pays
)
HISTORY_COLUMNS = (
    ColumnSpec("quarter", "Quarter", 7),
    ColumnSpec("quota", "Quota", 8, drop=1, right=True),  # the result's % already says how it went
    ColumnSpec("won", "Won", 8, right=True),
    ColumnSpec("result", "Result", 7),
)


FAR = 10  # rows: a longer deal list says how many it holds, and where ✓ is past them

# colours: the roles of tui/colours.py -- red only for a miss (a period over below quota,
# a run of misses) and for what is overdue; behind pace or short coverage is amber
Palette = Colours


@dataclass(frozen=True)
class QuotaView:
    """Everything the Quota screen shows, loaded together in a thread worker."""

    status: QuotaStatus
    deals: GapList  # the open deals in order; their rows come a page at a time
    history: list[QuarterResult]
    plan: Plan | None
    currency: str
    trend: Trend | None = None  # the period day by day (core.snapshots.trend)
    # each table column's widest cell (`natural_widths`, measured in the worker)
    deal_widths: dict[str, int] = field(default_factory=dict)
    history_widths: dict[str, int] = field(default_factory=dict)


def _m(view: QuotaView, value) -> str:
    return fmt_money(value, view.currency, decimals=False)


def _line(label: str, value: str | Text, style: str = "", width: int = 18) -> Text:
    out = Text()  # the label dim, not the whole line (a base style would dim the figure too)
    out.append(f"{label:<{width}}", style="dim")
    out.append(value if isinstance(value, Text) else Text(value, style=style))
    return out


def header(view: QuotaView) -> Text:
    s = view.status
    p = s.period
    when = "past" if p.end < s.today else "to come" if p.start > s.today else "now"
    out = Text(f"{p.label}", style="bold")
    out.append(f"  {p.span()}  ·  ")
    if when == "now":
        out.append(f"day {s.elapsed_days} of {s.days} · {s.business_days_left} business days left")
    else:
        out.append(f"{'over' if when == 'past' else 'not started'}", style="dim")
    return out


def probation(view: QuotaView) -> str:
    s = view.status
    if not s.probation_risk:
        return ""
    missed = [r.period.label for r in view.history if r.hit is False][-s.misses_in_a_row :]
    p = s.period
    # the call to act only where it can still be acted on: a past quarter's is history
    act = ("" if p.end < s.today else f" Make {p.label}'s number." if p.start > s.today
           else " Make this quarter's number.")
    return (
        f"PROBATION RISK: {s.misses_in_a_row} quarters in a row below quota "
        f"({', '.join(missed)}).{act}"
    )


def attainment_lines(view: QuotaView, pal: Palette) -> Text:
    s = view.status
    if s.quota is None:
        return Text.assemble(
            (f"No quota for {s.period.label} yet.\n", "bold"),
            "Press q to set it.\n",
            (f"Won so far {_m(view, s.won)}", "dim"),
        )
    cover = s.quota_cover
    # a year with a quota on some quarters only: those quarters' won against their quota
    # (the year's won is the forecast card's ladder); the labels say which quarters
    within = f" ({cover.short})" if cover.partial else ""
    out = _line(f"Won in {cover.short}" if cover.partial else "Won", _m(view, s.quota_won))
    out.append("\n")
    out.append_text(_line(f"Quota{within}", _m(view, s.quota)))
    out.append("\n")
    if s.gap:
        out.append_text(_line(f"Gap{within}", _m(view, s.gap), pal.attention))
    else:
        out.append_text(_line("Exceeded by", _m(view, s.exceeded_by), pal.won))
    return out


def pace_lines(view: QuotaView, pal: Palette) -> Text:
    s = view.status
    if s.quota is None or s.quota_cover.partial:
        # a partial year has no pace (see quota.quota_status): its quarters each have theirs
        why = (f"{s.quota_cover.note}:\nsee each quarter's pace." if s.quota is not None
               else "Pace needs a quota.")
        return Text.assemble(
            _line("Run rate ends at", _m(view, s.run_rate_projection) if s.run_rate_projection is not None else "—"),
            "\n",
            (why, "dim"),
        )
    if s.period.end < s.today:  # over: the result, not the pace
        if s.gap:
            result = _line("Missed by", _m(view, s.gap), pal.miss)
        else:
            result = _line("Beat quota by", _m(view, s.exceeded_by), pal.won)
        return Text("\n").join([Text("The period is over.", style="dim"), result])
    if s.elapsed_days == 0:
        where = _line("Starts in", plural((s.start - s.today).days, "day"), "dim")
    elif s.behind_by:
        where = _line("Behind by", _m(view, s.behind_by), pal.attention)  # not missed yet
    elif s.ahead_by:
        where = _line("Ahead by", _m(view, s.ahead_by), pal.won)
    else:
        where = _line("Pace", "on pace", pal.won)
    run_rate = s.run_rate_projection
    run_style = pal.won if run_rate is not None and run_rate >= s.quota else pal.attention
    per_day = s.required_per_business_day
    return Text("\n").join(
        [
            _line("Expected by today", _m(view, s.expected_to_date)),
            where,
            _line("Run rate ends at", _m(view, run_rate) if run_rate is not None else "—", run_style),
            # made: nothing more is needed ("Needed a work day nothing: made" read as a slip)
            _line("Needed a work day", "—" if per_day is None else _m(view, per_day) if per_day
                  else "none, quota made", pal.won if per_day == 0 else ""),
        ]
    )


def forecast_title(view: QuotaView) -> str:
    return "Final result" if view.status.period.end < view.status.today else "Forecast and coverage"


def forecast_lines(view: QuotaView, pal: Palette) -> Text:
    s = view.status
    if s.period.end < s.today:  # over: coverage means nothing now; how it ended does
        return final_lines(view, pal)
    cov = "—" if s.coverage is None else f"{s.coverage}x"
    within = f" ({s.quota_cover.short})" if s.quota_cover.partial else ""  # a partial year's
    # no coverage is enough when every deal of the last four quarters was lost
    need = "no wins yet" if s.coverage_needed is None else f"{s.coverage_needed}x"
    short = s.coverage is not None and (s.coverage_needed is None or s.coverage < s.coverage_needed)
    if s.win_rate is not None:
        basis = f"{s.win_rate}% won"
    else:
        basis = "no history: 3x" if s.coverage_needed is not None else "all lost"
    open_line = Text(f"{s.open_count:,} open {_m(view, s.open_pipeline)} · {basis}", style="dim")
    # overdue on a line of its own: red, and never wrapped away from its count
    overdue = Text(f"{s.overdue_count:,} overdue", style=pal.miss) if s.overdue_count else None
    # the ladder only goes up; the weighted forecast is the expected value beside it
    return Text("\n").join(
        [
            _line("Won + commit", _m(view, s.forecast_commit), width=20),
            _line("+ best case", _m(view, s.forecast_best_case), width=20),
            _line("+ all open", _m(view, s.forecast_ceiling), width=20),
            _line("Expected (weighted)", _m(view, s.forecast_weighted), "dim", width=20),
            Text.assemble((f"Coverage{within} ", "dim"), (cov, pal.attention if short else pal.won),
                          f" · need {need}"),
            open_line,
            *([overdue] if overdue else []),
        ]
    )


def final_lines(view: QuotaView, pal: Palette) -> Text:
    """How a period that is over ended, and what it left behind."""
    s = view.status
    lines = [_line("Won", _m(view, s.won), "bold")]
    if s.attainment_pct is None:
        lines.append(Text("No quota was set for it.", style="dim"))
    elif s.gap:
        lines.append(Text(f"Missed: {s.attainment_pct}% of quota", style=pal.miss))
    else:
        lines.append(Text(f"Made it: {s.attainment_pct}% of quota", style=pal.won))
    # open deals dated in it count as overdue in the current period instead
    lines.append(Text("Only what was won counts once a period is over.", style="dim"))
    return Text("\n").join(lines)


def pay_lines(view: QuotaView, pal: Palette) -> Text:
    s, plan = view.status, view.plan
    if plan is None:
        return Text.assemble(("No comp plan yet.\n", "bold"), "Press c to set rate, tiers, bonuses and cap.")
    lines = []
    if s.commission is None:
        lines.append(Text(s.commission_note, style=pal.attention))
    else:
        # as earned, then capped: the cap never hides a bonus that was reached
        lines.append(_line("Commission earned", _m(view, s.commission)))
        lines.append(_line("Bonuses earned", _m(view, s.bonus)))
        if s.capped_by:
            lines.append(_line("Cut by the cap", _m(view, -s.capped_by), pal.attention))
        label = "Total paid" if s.period.end < s.today else "Paid so far"
        lines.append(_line(label, _m(view, s.total_pay), "bold"))
    kind = "retroactive" if plan.retroactive else "marginal"
    lines.append(Text(f"{number_text(plan.rate)}% {kind}, tiers {plan.tiers_text}", style="dim"))
    extras = [f"{_m(view, b.amount)} at {number_text(b.threshold)}%" for b in plan.bonuses]
    if plan.cap is not None:
        extras.append(f"cap {_m(view, plan.cap)}")
    extras.append(f"base {_m(view, plan.base_salary)}/yr")
    lines.append(Text(" · ".join(extras), style="dim"))
    return Text("\n").join(lines)


def _money_width(view: QuotaView, values) -> int:
    values = [v for v in values if v is not None]
    return max((len(_m(view, v)) for v in (max(values), min(values))), default=0) if values else 0


def natural_widths(view: QuotaView) -> tuple[dict[str, int], dict[str, int]]:
    """Each column's widest cell in the deals and the history tables, without building the
    cells (a quarter may hold thousands of open deals, read a page at a time): from what
    core says the widest are made of (`GapList.widest`: money's widest is the largest or
    the smallest figure's, a date's the widest of the distinct days)."""
    deal_widths = {}
    if len(view.deals):
        w = view.deals.widest
        deal_widths = {
            "close": max(len(dates_fmt.day(day)) for day in w.days),
            "client": w.client,
            "deal": w.title,
            "stage": max(len(plain(stage)) for stage in w.stages),
            "amount": _money_width(view, w.amounts),
            "pays": max(_money_width(view, w.pays), 1),
            "running": _money_width(view, w.pays_together) + 2,  # "✓ "
        }
    history = view.history
    history_widths = {}
    if history:
        history_widths = {
            "quarter": max(len(r.period.label) for r in history),
            "quota": max(_money_width(view, (r.quota for r in history)), 1),
            "won": _money_width(view, (r.won for r in history)),
            "result": max(len(_result(r)[0]) for r in history),
        }
    return deal_widths, history_widths


def _stage(d: DealPay) -> str:
    return d.stage_line


def deal_cells(d: DealPay, view: QuotaView, pal: Palette) -> dict[str, object]:
    """A deal's cells: Rich Text for the figures; book text as str (the table shows it as
    plain text, cut with … where its column ends)."""
    close = Text(dates_fmt.day(d.close_on), style=pal.miss if d.overdue else "")
    pays = Text("—" if d.pays is None else _m(view, d.pays), justify="right", style="bold" if d.pays else "")
    # what winning this deal and every deal above it pays together (`pays_together`)
    running = Text(_m(view, d.pays_together), justify="right")
    if d.makes_quota:
        running = Text(f"✓ {_m(view, d.pays_together)}", justify="right", style=pal.won)
    return {
        "close": close,
        "client": d.client,
        "deal": d.title,
        "stage": _stage(d),
        "amount": Text(_m(view, d.amount), justify="right"),
        "pays": pays,
        "running": running,
    }


def deals_title(view: QuotaView) -> str:
    """The deal list's title: what it holds, and where the deal that makes quota is when
    it is further down than the first screenful (the whole list scrolls)."""
    s = view.status
    label = s.period.label
    if not len(view.deals):
        if s.period.end < s.today:
            return f"{label} is over: it holds only what was won"
        return f"No open deals closing in {label}"
    late = f" · {view.deals.overdue:,} overdue" if view.deals.overdue else ""
    title = f"Open deals in {label}{late}, best paying first (✓ makes quota)"
    count = len(view.deals)
    if count > FAR:
        title = f"{count:,} open deals in {label}{late}, best paying first (✓ makes quota)"
        makes = view.deals.makes_at
        if makes is not None and makes >= FAR:
            title += f" · ✓ at #{makes + 1:,}"
    if view.deals.capped_total is not None:
        # else a deal that "pays you" 4,350 under a flat "Total if won" reads as a fault
        title += f" · the cap stops the total at {_m(view, view.deals.capped_total)}"
    return title


def _result(r: QuarterResult) -> tuple[str, str]:
    """A quarter's result and its role: made (won), missed (miss) or no quota (dim)."""
    pct = "" if r.attainment_pct is None else f"{r.attainment_pct.to_integral_value(rounding=ROUND_DOWN)}%"
    if r.hit is None:
        return "no quota", "dim"
    return (f"✓ {pct}", "won") if r.hit else (f"✗ {pct}", "miss")


def history_cells(r: QuarterResult, view: QuotaView, pal: Palette) -> dict[str, Text]:
    result, role = _result(r)
    return {
        "quarter": Text(r.period.label),
        "quota": Text("—" if r.quota is None else _m(view, r.quota), justify="right"),
        "won": Text(_m(view, r.won), justify="right"),
        "result": Text(result, style="dim" if role == "dim" else getattr(pal, role)),
    }


def history_note(view: QuotaView) -> str:
    n = view.status.misses_in_a_row
    if n == 0:
        return "No misses in a row."
    if view.status.probation_risk:
        after = ": probation risk"
    elif view.status.run_ended:  # made this quarter: the run ends with it
        after = ", ended by this quarter's number"
    else:
        after = ""
    return f"{n} miss{'es' if n != 1 else ''} in a row{after}"
