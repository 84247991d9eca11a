"""Column widths measured a column at a time (`Widths.see_rows`) are the widths measured
value by value (`see_row`), whatever the values: plain ones take the fast path, mixed
ones (a Cell, text in a number column, None) the slow one."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from amtui.reports.model import Cell, Column
from amtui.reports.xlsx_cells import Widths

KINDS = ("text", "wrap", "money", "int", "number", "percent", "date", "datetime")
amounts = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False)
VALUES = {
    "text": st.text(max_size=80),
    "wrap": st.text(max_size=200),
    "money": amounts,
    "int": st.integers(-10**12, 10**12),
    "number": st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False)),
    "percent": st.decimals(0, 200, places=1, allow_nan=False),
    "date": st.dates(),
    "datetime": st.datetimes(),
}
ODD = st.one_of(st.none(), st.text(max_size=20), st.builds(Cell, st.text(max_size=30)),
                st.builds(Cell, amounts, st.just("money")))
NUMBERS = st.one_of(st.integers(), st.booleans())  # odd in any column but an amount's


def odd(kind: str):
    return ODD if kind == "money" else st.one_of(ODD, NUMBERS)


@st.composite
def sheets(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=6))
    columns = [Column(draw(st.text(min_size=1, max_size=25)), kind,
                      draw(st.one_of(st.none(), st.integers(5, 40)))) for kind in kinds]
    mixed = draw(st.lists(st.booleans(), min_size=len(kinds), max_size=len(kinds)))
    rows = []
    for _ in range(draw(st.integers(0, 30))):
        row = tuple(draw(st.one_of(VALUES[k], odd(k)) if mixed_in else st.one_of(st.none(), VALUES[k]))
                    for k, mixed_in in zip(kinds, mixed, strict=True))
        rows.append(row)
    return columns, rows


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_widths_by_column_are_the_widths_value_by_value(sheet):
    columns, rows = sheet
    one, whole = Widths(columns), Widths(columns)
    for row in rows:
        one.see_row(row)
    whole.see_rows(rows)
    assert whole.result() == one.result()


def test_a_short_row_is_measured_as_far_as_it_goes():
    columns = [Column("Client"), Column("Won", "money"), Column("Day", "date")]
    rows = [("A very long client name indeed", Decimal("-1234567.89")), ("B", Decimal("5"), date(2026, 1, 2)),
            ("C", None, datetime(2026, 1, 2, 3, 4))]
    one, whole = Widths(columns), Widths(columns)
    for row in rows:
        one.see_row(row)
    whole.see_rows(rows)
    assert whole.result() == one.result()
