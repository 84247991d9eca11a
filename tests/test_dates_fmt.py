"""One date style for people, worked by hand on a frozen Friday, 27 Nov 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amtui.core import dates_fmt

TODAY = date(2026, 11, 27)


def test_days_this_year_carry_the_weekday_and_others_the_year():
    assert dates_fmt.day(date(2026, 12, 2), TODAY) == "Wed 2 Dec"
    assert dates_fmt.day(date(2027, 12, 2), TODAY) == "2 Dec 2027"
    assert dates_fmt.day(date(2025, 1, 5), TODAY) == "5 Jan 2025"
    assert dates_fmt.day(None, TODAY) == ""


def test_relative_forms_say_how_urgent():
    assert dates_fmt.due(TODAY - timedelta(days=3), TODAY) == "3d late"
    assert dates_fmt.due(TODAY, TODAY) == "today"
    assert dates_fmt.due(TODAY + timedelta(days=1), TODAY) == "tomorrow"
    assert dates_fmt.due(TODAY + timedelta(days=2), TODAY) == "in 2 days"
    assert [dates_fmt.ago(n) for n in (None, 0, 1, 5)] == ["never", "today", "yesterday", "5d ago"]
    assert dates_fmt.day_and_due(date(2026, 12, 4), TODAY) == "Fri 4 Dec (in 7 days)"


def test_times_are_local_hours_and_minutes(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    moment = datetime(2026, 11, 24, 16, 5, tzinfo=UTC)
    assert dates_fmt.time(moment) == "16:05"
    assert dates_fmt.moment(moment, TODAY) == "Tue 24 Nov 16:05"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_is_never_longer_than_11_characters(day):
    # the width date columns are sized to
    assert len(dates_fmt.day(day, TODAY)) <= 11


def test_how_long_an_issue_has_been_open():
    """An issue opened today read "open 0 days" (health's reason, the resolve form)."""
    assert [dates_fmt.open_for(n) for n in (0, 1, 12)] == ["opened today", "open 1 day", "open 12 days"]
