"""Today and now, in one place so tests, demos and benchmarks can freeze them.

`AMTUI_TODAY=2026-11-27` fixes today's date for the process and its thread workers;
`AMTUI_TODAY=2026-11-27T15:30` fixes the time of day too (local time).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def _frozen() -> datetime | None:
    value = os.environ.get("AMTUI_TODAY")
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if len(value) <= 10:  # a bare date: noon, so UTC and local agree on the day
        moment = moment.replace(hour=12)
    return moment.astimezone() if moment.tzinfo is None else moment


def now() -> datetime:
    """The current moment as an aware UTC datetime, seconds precision."""
    frozen = _frozen()
    moment = frozen if frozen is not None else datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def today() -> date:
    """The rep's local business date."""
    frozen = _frozen()
    if frozen is not None:
        return frozen.date()
    return date.today()


def local(moment: datetime) -> datetime:
    """A stored UTC timestamp in the rep's local time, for display."""
    return moment.astimezone()
