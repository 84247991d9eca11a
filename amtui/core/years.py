"""The years amtui accepts in any date or period a person types: 1900 to 2200.

Date arithmetic near year 1 or year 9999 overflows (`+1m` from 9999-12-31, a fiscal year
ending in 10000); no book of business needs those years, so they are refused in one
line where they are typed instead.  parse_date and parse_period both pass through here.
"""

from __future__ import annotations

import functools
from datetime import date

from amtui.core.errors import InvalidInput

MIN_YEAR = 1900
MAX_YEAR = 2200


def out_of_range(text: str) -> str:
    return f"'{' '.join(str(text).split())}' is outside the years amtui accepts ({MIN_YEAR}–{MAX_YEAR})"


def in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def check_year(year: int, *, field: str, text: str) -> None:
    if not in_range(year):
        raise InvalidInput(field, out_of_range(text))


def within_years(default_field: str):
    """Decorate a parser of dates or periods taking (text, ..., field=...): its result
    must lie in MIN_YEAR..MAX_YEAR, and overflowing date arithmetic on the way becomes
    the same one-line refusal."""

    def decorate(parse):
        @functools.wraps(parse)
        def checked(text, *args, **kwargs):
            field = kwargs.get("field", default_field)
            try:
                result = parse(text, *args, **kwargs)
            except InvalidInput:
                raise
            except (OverflowError, ValueError):  # date(0, ...), date(10000, ...)
                raise InvalidInput(field, out_of_range(text)) from None
            first, last = (result, result) if isinstance(result, date) else (result.start, result.end)
            check_year(first.year, field=field, text=text)
            check_year(last.year, field=field, text=text)
            return result

        return checked

    return decorate
