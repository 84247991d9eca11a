"""Money as `Decimal`, formatted for people.  Parsing what people type is in parse.py."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CAD": "$", "AUD": "$", "CHF": "CHF "}


def cents(value: Decimal) -> Decimal:
    """Round to whole cents, half up: the rounding every figure in amtui uses."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt_money(value: Decimal | None, currency: str = "USD", *, decimals: bool = True) -> str:
    """`$12,500.00`, or `$12,500` with decimals=False; negative as `-$12,500.00`."""
    if value is None:
        return ""
    symbol = SYMBOLS.get(currency, currency + " ")
    amount = cents(value) if decimals else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = f"{abs(amount):,.2f}" if decimals else f"{abs(amount):,.0f}"
    return f"{'-' if amount < 0 else ''}{symbol}{text}"


def fmt_amount(value: Decimal, currency: str = "USD") -> str:
    """`$12,500` or `$1,234.50`: `fmt_money` with the cents only when there are some, as
    a form's hint reads back what was typed beside the form's own `amount_text`."""
    whole = cents(value) == cents(value).to_integral_value()
    return fmt_money(value, currency, decimals=not whole)


def amount_text(value: Decimal) -> str:
    """`131,500` or `1,234.50`: an amount as an edit form shows it, the screens' figure
    without its symbol (another currency's code would not read back) and with its cents
    only when it has some; `parse_money` reads it back to the same value."""
    amount = cents(value)
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def fmt_short(value: Decimal | None) -> str:
    """Compact amounts for banners and boards: 950, 12.5k, 1.2m."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    if v >= 1_000_000:
        text = f"{(v / 1_000_000).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}m"
    elif v >= 1_000:
        text = f"{(v / 1_000).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}k"
    else:
        text = f"{v.quantize(Decimal(1), rounding=ROUND_HALF_UP)}"
    return sign + text.replace(".0k", "k").replace(".0m", "m")


def money_str(value: Decimal | None) -> str | None:
    """Money for JSON output: a string with two decimals, never a float."""
    return None if value is None else f"{cents(value):.2f}"
