"""Everything a command prints passes through `printable` (issue 10: terminal injection).

Commands print book text in many places (lists, details, confirmations, error lines).
Rather than trusting each print site, `printable_output()` wraps stdout and stderr for
the length of a command: whatever is written has its control characters replaced by
visible stand-ins (ESC shows as ␛), keeping only newline and tab, which the commands'
own layout uses.  `--json` output is escaped by `json_text` before it gets there, so
the wrapper finds nothing left to change in it and JSON stays exact data.
"""

from __future__ import annotations

import functools
import gc
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from amtui.core.money import money_str
from amtui.core.text import escape_json_controls, printable


class PrintableStream(io.TextIOBase):
    """A text stream that writes `printable(text)` to the stream it wraps."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text, keep_newlines=True))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self):
        return getattr(self.stream, "encoding", "utf-8")

    def writable(self) -> bool:
        return True


@contextmanager
def printable_output() -> Iterator[None]:
    """stdout and stderr print only printable text until the block ends."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        except (BrokenPipeError, ValueError):
            pass
        sys.stdout, sys.stderr = out, err


def json_text(value) -> str:
    """JSON of `value`, non-ASCII kept readable, every control character \\u-escaped
    (json.dumps leaves C1 controls, DEL, U+2028/2029 and bidi overrides raw).

    A list is written one item to a line: json.dumps indents in pure Python (2 s for
    5,000 clients here) but writes a line without indenting in C (0.1 s)."""
    if isinstance(value, list):
        encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every item
        return json_lines_text(list(map(encode, value)))
    return escape_json_controls(json.dumps(value, indent=2, ensure_ascii=False))


def json_lines_text(items: list[str]) -> str:
    """A JSON list of items already encoded (one to a line, as `json_text` lays a list
    out), every control character \\u-escaped.  A long list's items can then be written
    by a command's own encoder (`clients --json`: an f-string a row, a third of the C
    encoder's time, and tested to give what it gives)."""
    return escape_json_controls("[\n  " + ",\n  ".join(items) + "\n]" if items else "[]")


encode_text = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept: the C encoder's own
JSON_BOOL = {True: "true", False: "false"}  # a bool as a JSON line writes it


def json_day(day) -> str:
    """A date as a JSON line writes it (`"2026-11-27"`)."""
    return f'"{day.isoformat()}"'


# money as `--json` writes it (`money_str`), for lines written by hand: amounts repeat
# row after row (no pipeline: 0.00), and a cached one costs a twentieth of the quantize
# and format
money_text = functools.lru_cache(maxsize=4096)(money_str)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a whole list is read and written
    (`clients --json`, `deals --json`): every object the list makes is kept until it is
    printed, so a collection frees nothing, yet the collector ran some 250 times over a
    20,000-client list, each full pass walking every object made so far (about a tenth
    of the list's time).  Resumed at the end; a command exits soon after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def raw_stream(stream):
    """The stream under a PrintableStream: for amtui's own control sequences (the
    progress line's carriage return), never for book text."""
    return stream.stream if isinstance(stream, PrintableStream) else stream
