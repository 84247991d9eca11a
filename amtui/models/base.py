"""What every model stands on: the `database` proxy that `amtui.db.open_book()` points at
the real book, the column types (money as integer cents that come back as `Decimal`,
timestamps as UTC text that come back as aware datetimes, JSON) and `BaseModel`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from peewee import CharField, DatabaseProxy, IntegerField, Model, TextField

database = DatabaseProxy()

CENT = Decimal("0.01")


def to_cents(value: Decimal | int | str) -> int:
    """Exact conversion of a money amount to integer cents, rounding half up."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


class MoneyField(IntegerField):
    """Integer minor units in the database, `Decimal` in Python.

    Peewee's DecimalField lands as REAL in SQLite and sums inexactly; integers don't.
    """

    def db_value(self, value):
        if value is None:
            return None
        return to_cents(value)

    def python_value(self, value):
        if value is None:
            return None
        return from_cents(int(value))


class UTCDateTimeField(CharField):
    """An aware UTC datetime stored as sortable ISO text (`2026-11-27 09:30:00`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 19)
        super().__init__(*args, **kwargs)

    def db_value(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC timestamp field")
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")

    def python_value(self, value):
        if value is None:
            return None
        # fromisoformat reads the stored form ~10x faster than strptime (whole-book reads)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


class JSONField(TextField):
    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
