"""How the deal screen and `amtui deal show` word a deal's stage, probability, forecast
category, close date and next step, so the two say the same thing.

An open deal's close date is ahead of the rep (how far, and whether it has been pushed);
a won or lost deal's is history: the day it closed, then the day it was expected, with
no "in 6 days" — nothing is pending.  Its next step is what was next when it closed, and
is labelled so ("Was next"), not as work still to do.
"""

from __future__ import annotations

from datetime import date

from amtui.core import dates_fmt
from amtui.core.counts import plural
from amtui.core.pipeline import DealRow


def stage_words(d: DealRow, today: date | None = None) -> str:
    """'Commit, 7 days' (how long in it), 'Commit, since today', 'Won on Sat 5 Dec'."""
    if d.status != "open":
        return f"{d.stage} on {dates_fmt.day(d.closed_on, today)}" if d.closed_on else d.stage
    days = d.days_in_stage
    return f"{d.stage}, since today" if days <= 0 else f"{d.stage}, {plural(days, 'day')}"


OVERRIDDEN = " (overridden)"  # a figure the rep set over the stage's default


def probability_words(d: DealRow) -> str:
    """'80%', or '80% (overridden)' when the rep set it over the stage's default."""
    return f"{d.probability}%{OVERRIDDEN if d.probability_overridden else ''}"


def category_words(d: DealRow) -> str:
    """'best case', or 'best case (overridden)' when the rep set it over the stage's."""
    return f"{d.forecast_category}{OVERRIDDEN if d.category_overridden else ''}"


def close_words(d: DealRow, today: date | None = None) -> str:
    """'Fri 11 Dec (in 6 days)', 'Sat 5 Dec · expected Fri 11 Dec', then how the expected
    day moved: 'first Sun 22 Nov, pushed 2x' when pushed out of its quarter, 'moved from
    Sun 22 Nov' when it moved within it (not a push: never "pushed 0x")."""
    day = dates_fmt.day
    if d.status == "open":
        said = dates_fmt.day_and_due(d.close_on, today)
    elif d.closed_on is None:
        said = f"expected {day(d.close_on, today)}"
    elif d.closed_on == d.close_on:
        said = f"{day(d.closed_on, today)}, as expected"
    else:
        said = f"{day(d.closed_on, today)} · expected {day(d.close_on, today)}"
    first = d.original_close_on
    if d.push_count:
        said += f" · first {day(first, today)}, pushed {d.push_count}x"
    elif first is not None and first != d.close_on:
        said += f" · moved from {day(first, today)}"
    return said


def next_step_label(d: DealRow) -> str:
    """'Next step' on an open deal; 'Was next' on a closed one (what was next when it closed)."""
    return "Next step" if d.status == "open" else "Was next"
