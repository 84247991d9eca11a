"""Dates and times for people: one style on every screen and in every command.

"Wed 2 Dec" within the current year, "2 Dec 2027" otherwise (the weekday helps plan a
week; another year needs its number more); times as "16:05" in local time; relative forms
("3d late", "in 2 days", "today", "5d ago") where a screen is about urgency.  Workbooks keep
real dates (Excel formats them); this module is for text.  English names, not strftime's
%a/%b: the locale must not change what a rep reads.
"""

from __future__ import annotations

from datetime import date, datetime

from amtui.core import clock

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | None, today: date | None = None) -> str:
    """'Wed 2 Dec' within today's year, '2 Dec 2027' in another; '' for no date."""
    if value is None:
        return ""
    today = today or clock.today()
    if value.year == today.year:
        return f"{_DAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]}"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def time(moment: datetime) -> str:
    """'16:05', local time of a stored UTC timestamp."""
    return f"{clock.local(moment):%H:%M}"


def moment(value: datetime | None, today: date | None = None) -> str:
    """'Wed 2 Dec 16:05' (local): when something happened."""
    if value is None:
        return ""
    local = clock.local(value)
    return f"{day(local.date(), today)} {local:%H:%M}"


def due(value: date, today: date | None = None) -> str:
    """How urgent a due date is: '3d late', 'today', 'tomorrow', 'in 2 days'."""
    days = (value - (today or clock.today())).days
    if days < 0:
        return f"{-days}d late"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def ago(days: int | None) -> str:
    """How long since something happened: 'today', 'yesterday', '5d ago'; 'never'."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days}d ago"


def open_for(days: int) -> str:
    """How long an issue has been open: 'opened today', 'open 1 day', 'open 12 days'."""
    if days == 0:
        return "opened today"
    return f"open {days} day" + ("" if days == 1 else "s")


def since(value: date, today: date | None = None) -> str:
    return ago(((today or clock.today()) - value).days)


def day_and_due(value: date, today: date | None = None) -> str:
    """'Fri 4 Dec (in 7 days)', 'Tue 24 Nov (3 days ago)': a date with how far it is, as
    forms echo what was typed (neutral words: the field may be when something happened)."""
    days = (value - (today or clock.today())).days
    if days >= 0:
        return f"{day(value, today)} ({due(value, today)})"
    return f"{day(value, today)} ({'yesterday' if days == -1 else f'{-days} days ago'})"
