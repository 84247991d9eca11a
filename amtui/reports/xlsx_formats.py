"""Number formats and the xlsxwriter formats of every cell kind, each made once.

The renderer (xlsx.py) passes in the workbook; nothing here imports xlsxwriter.
"""

from __future__ import annotations

from amtui.core.money import SYMBOLS
from amtui.reports.model import Column

# Text starting with one of these is read as a formula (or a field separator) by
# spreadsheets when typed or pasted: it gets a quote prefix.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")

# Right-aligned figures end with `_)`: the width of a ")" as padding, so a figure never
# touches the text of the cell to its right ("19 Red", not "19Red"); text gets an indent
# on the left for the same reason.
PAD = "_)"
NUMBER_FORMATS = {
    "percent": "0.0%" + PAD,
    "int": "#,##0" + PAD,
    "number": "#,##0.0" + PAD,
    "multiple": '0.0"x"' + PAD,
    "date": "d mmm yyyy" + PAD,
    "datetime": "d mmm yyyy hh:mm" + PAD,
    "text": "@",
    "wrap": "@",
}
TEXT_INDENT = 1
NUMERIC = ("money", "percent", "int", "number", "multiple")

STYLES = {
    "bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
    "warn": {"font_color": "#9C5700", "bg_color": "#FFEB9C"},
    "good": {"font_color": "#006100", "bg_color": "#C6EFCE"},
}


def money_format(currency: str, *, decimals: bool = True) -> str:
    """Excel number format for the rep's currency: `$#,##0.00`, `"€"#,##0.00`, ...
    (whole units with decimals=False), padded on the right like every figure."""
    digits = "#,##0.00" if decimals and currency != "JPY" else "#,##0"
    symbol = SYMBOLS.get(currency)
    if symbol == "$":
        return f"${digits}{PAD};-${digits}{PAD}"
    if symbol:
        return f'"{symbol}"{digits}{PAD};-"{symbol}"{digits}{PAD}'
    return f'{digits} "{currency}"{PAD};-{digits} "{currency}"{PAD}'


def needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_START)


class Formats:
    """xlsxwriter formats made once each, by kind and extras (bold, size, quote prefix).

    `cents`: money with cents (per-item amounts: deal lists, the commission statement)
    or in whole units (summary figures); `with_cents` gives the other flavour, sharing
    the formats already made."""

    def __init__(self, workbook, currency: str, cents: bool = False, cache=None):
        self.workbook = workbook
        self.currency = currency
        self.cents = cents
        self._cache: dict[tuple, object] = {} if cache is None else cache

    def with_cents(self, cents: bool) -> Formats:
        if cents == self.cents:
            return self
        return Formats(self.workbook, self.currency, cents, self._cache)

    def get(self, kind: str | None = None, **extra):
        key = (kind, self.cents and kind == "money", tuple(sorted(extra.items())))
        fmt = self._cache.get(key)
        if fmt is None:
            props = dict(extra)
            if kind == "money":
                props["num_format"] = money_format(self.currency, decimals=self.cents)
            elif kind in NUMBER_FORMATS:
                props["num_format"] = NUMBER_FORMATS[kind]
            if kind == "wrap":
                props.setdefault("text_wrap", True)
                props.setdefault("valign", "top")
            if kind in ("text", "wrap") and "align" not in props:
                props.setdefault("indent", TEXT_INDENT)
            if props.get("indent"):
                # LibreOffice applies an indent only to an explicitly aligned cell
                props.setdefault("align", "left")
            fmt = self._cache[key] = self.workbook.add_format(props)
        return fmt

    def style(self, name: str):
        return self.get(None, **STYLES[name])



HEADER = {"bold": True, "bg_color": "#DCE6F1", "bottom": 1, "text_wrap": True, "valign": "top"}


def header_format(formats: Formats, column: Column):
    """Header cells: bold on a pale fill, right-aligned over figures so they line up."""
    if column.kind in (*NUMERIC, "date", "datetime"):
        return formats.get(None, **HEADER, align="right", indent=TEXT_INDENT)
    return formats.get(None, **HEADER, indent=TEXT_INDENT)

