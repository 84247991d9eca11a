"""Book text on screen: always Rich `Text` (never markup), control characters made visible.

A client named "Evil\\x1b]0;PWNED\\x07\\x1b[2J" retitled the terminal and cleared the
screen, and one named "[/]" would raise a MarkupError: Textual reads a plain `str` cell,
Static or notification as markup and passes ESC through.  Screens build what they show
with `text()` / `cell()`, tables are `SafeTable`s (safe_table.py: every cell goes through
`cell()` on the way in), and the app's `notify` shows messages as plain text.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Label, Static

from amtui.core.text import is_printable, printable


def plain(value: object) -> str:
    """Book text as a one-line str safe to put inside a Text or a markup=False widget."""
    return printable(value)


def markup(value: object) -> str:
    """Book text as Textual markup that reads back as exactly that text, for the few
    places that only take markup (the command palette's help line): control characters
    visible, every "[" escaped.  (textual.markup.escape leaves a "[" that doesn't look
    like a tag, such as "[2J", and the parser then takes the escapes after it as text.)"""
    return printable(value).replace("[", "\\[")


def text(value: object, style: str = "", **kwargs) -> Text:
    """Book text as a Text: never read as markup, control characters visible."""
    return Text(printable(value), style=style, **kwargs)


def cell(value: object, *, keep_newlines: bool = False) -> object:
    """A table cell made safe: a str becomes Text (not markup), a Text loses its control
    characters (one stand-in per character, so its styled spans stay in place).  With
    keep_newlines a newline stays one: a cell of a table whose rows are several lines
    high (the board's cards), built line by line from `plain()` parts."""
    if isinstance(value, str):
        # DataTable reads a str cell as markup: only text that can't be markup stays a str
        # (callers and tests read such cells back as the str they put in)
        if "[" not in value and is_printable(value, keep_newlines=keep_newlines):
            return value
        return Text(printable(value, keep_newlines=keep_newlines))
    if isinstance(value, Text) and not is_printable(value.plain, keep_newlines=keep_newlines):
        safe = value.copy()
        safe.plain = printable(value.plain, keep_newlines=keep_newlines, same_length=True)
        return safe
    return value


def shown(content: object) -> object:
    """What a Static may show of `content`: a str as plain Text (newlines kept), a Text
    without control characters; other renderables are built from safe parts already."""
    if isinstance(content, str):
        return Text(printable(content, keep_newlines=True))
    if isinstance(content, Text) and not is_printable(content.plain):
        safe = content.copy()
        safe.plain = printable(content.plain, keep_newlines=True, same_length=True)
        return safe
    return content


class SafeStatic(Static):
    """A Static for book text: what it shows is never markup and never a control code."""

    def __init__(self, content: object = "", **kwargs):
        kwargs["markup"] = False
        super().__init__(shown(content), **kwargs)

    def update(self, content: object = "", **kwargs) -> None:
        super().update(shown(content), **kwargs)


class SafeLabel(Label):
    """A Label for book text (a form's title naming the client): see SafeStatic."""

    def __init__(self, content: object = "", **kwargs):
        kwargs["markup"] = False
        super().__init__(shown(content), **kwargs)

    def update(self, content: object = "", **kwargs) -> None:
        super().update(shown(content), **kwargs)
