"""Text from the book or an imported file is data, never a terminal control sequence.

A client named "Evil\\x1b]0;PWNED\\x07\\x1b[2J" retitled the terminal and cleared the
screen when printed raw.  `printable` is the one place that turns such text into
something safe to show: every human-readable CLI line and every TUI cell goes through
it.  `refuse_controls` is the matching check on the way in: a name or a note never
needs an escape character, and a NUL byte truncates text in many tools.
"""

from __future__ import annotations

import re

from amtui.core.errors import InvalidInput

# Characters that steer a terminal or reorder what the eye reads:
#   C0 controls and DEL (ESC starts every escape sequence; BEL ends OSC titles),
#   C1 controls 0x80-0x9f (0x9b is a one-byte CSI on some terminals),
#   line / paragraph separators (a "newline" json.dumps leaves raw),
#   bidi embeddings, overrides and isolates (Trojan Source: text that reads backwards),
#   lone surrogates: Python's stand-ins for bytes that aren't UTF-8 (a command-line
#   argument's \xe9 arrives as '\udce9'); written out they are either the raw byte again
#   (0x9b, a one-byte CSI) or a UnicodeEncodeError, so no surrogate is ever shown or kept.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")
_UNSAFE_KEEP_NEWLINES = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode control pictures: ␀ ␇ ␛ ...
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte that wasn't UTF-8, as \xe9
    return f"\\u{code:04x}"


def _one_char(match: re.Match[str]) -> str:
    shown = _visible(match)
    return shown if len(shown) == 1 else "\ufffd"  # �


def printable(text: object, *, keep_newlines: bool = False, same_length: bool = False) -> str:
    """`text` with every control character replaced by a visible stand-in.

    ESC shows as ␛, BEL as ␇, a C1 control as the literal text \\x9b, a bidi override as
    \\u202e, a byte that wasn't UTF-8 (a lone surrogate '\\udce9') as the text \\xe9.  With keep_newlines, newline and tab stay (a note shown over several lines);
    otherwise they too become ␊ / ␉ so a table cell stays one line.  With same_length
    each character has a one-character stand-in (� for C1 and bidi), so offsets into
    the text (styled spans) stay valid.
    """
    text = "" if text is None else str(text)
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(_one_char if same_length else _visible, text)


def is_printable(text: str, *, keep_newlines: bool = True) -> bool:
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.search(text) is None


# What a person may type into a field: tab, newline and carriage return (a pasted
# paragraph); single-line fields collapse them to spaces after this check.
_REFUSED = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_SURROGATES}]")
NOT_UTF8 = "holds a byte that isn't UTF-8 text; retype it (is the terminal's locale UTF-8?)"


def refuse_controls(field: str, text: str) -> str:
    """`text` unchanged, or InvalidInput naming the field when it holds a NUL byte, a
    control character (ESC, BEL, C1, a bidi override) or a byte that isn't UTF-8 (a lone
    surrogate).  Every text a person or a file gives for the book passes through here."""
    if "\x00" in text:
        raise InvalidInput(field, "contains a NUL character")
    if _SURROGATE.search(text):
        raise InvalidInput(field, NOT_UTF8)
    found = _REFUSED.search(text)
    if found:
        raise InvalidInput(
            field, f"contains a control character ({_visible(found)}); retype it without"
        )
    return text


def one_line_of(text: str) -> str:
    """`text` as one line: each run of spaces, tabs or newlines one space, none at
    either end ("Send   deck" is "Send deck", as a title reads and is found)."""
    return " ".join(text.split())


def clean_title(field: str, value, *, limit: int | None = None) -> str:
    """A one-line title (a follow-up's, an issue's, a commitment's) as typed, given to a
    command or read from a file: `clean_text`, required, on one line.  Titles are matched
    by name on import and searched, so a double space typed by mistake must not make two."""
    return clean_text(field, value, required=True, limit=limit, one_line=True)


def clean_text(
    field: str, value, *, required: bool = False, limit: int | None = None, one_line: bool = False
) -> str:
    """A text field of the book as typed or read from a file, trimmed: InvalidInput naming
    the field when it holds a control character or a byte that isn't UTF-8
    (`refuse_controls`), is required and empty, or is longer than `limit`.  Every free-text
    field core writes goes through here (tests/test_hostile_input.py walks them).
    `one_line`: a single-line field, its runs of white space made one space (`one_line_of`)."""
    text = refuse_controls(field, "" if value is None else str(value).strip())
    if one_line:
        text = one_line_of(text)
    if required and not text:
        raise InvalidInput(field, "is required")
    if limit is not None and len(text) > limit:
        raise InvalidInput(field, f"is too long ({len(text)} characters; at most {limit})")
    return text


# json.dumps escapes C0 controls but leaves these raw; outside JSON strings they never
# occur, so each can be replaced by its \u escape anywhere in a JSON document.
_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}{_SURROGATES}]")


def escape_json_controls(document: str) -> str:
    """A JSON document with DEL, C1 controls, line separators and bidi overrides written
    as \\u escapes: the same data, safe to print to a terminal."""
    if document.isascii() and "\x7f" not in document:
        return document  # nothing to escape (two C scans instead of a regex: 7 MB in 1 ms)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def encodable(text: str) -> str:
    """`text` with any lone surrogate (a byte that wasn't UTF-8, kept by an older amtui)
    as U+FFFD: what a file written as UTF-8 (a workbook, a CSV) can hold."""
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text
