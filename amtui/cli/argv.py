"""Command-line words argparse would misread.

argparse takes any word starting with `-` for an option, so `--when -2d` fails with
"expected one argument" (cpython issue #53580; `nargs=1` does not help before 3.13).
A relative date written with a minus (`-2d`, `-1w`, `-3m`, `-1y`) right after an option
is that option's value: we attach it (`--when=-2d`) before argparse sees it.

A byte that isn't UTF-8 (`$(printf '\\xe9')` in a C locale, a name from a Latin-1 file)
reaches Python as a lone surrogate ('\\udce9').  Such a word is refused where argparse
reads it, naming the argument (`text_argument`, every argument's default type), since a
name, a note or a lookup can't hold it; a path may (Linux file names are bytes), so
the arguments that take one say so with `type=path_argument`.
"""

from __future__ import annotations

import argparse

from amtui.core.parse import CLI_RELATIVE
from amtui.core.text import NOT_UTF8, encodable


def attach_dash_dates(argv: list[str]) -> list[str]:
    out: list[str] = []
    for word in argv:
        previous = out[-1] if out else ""
        takes_value = previous.startswith("-") and previous != "--" and "=" not in previous
        if takes_value and CLI_RELATIVE.match(word) and "--" not in out:
            out[-1] = f"{previous}={word}"
        else:
            out.append(word)
    return out


def text_argument(word: str) -> str:
    """A word given for text (a name, a note, an amount, a lookup): refused when it holds
    a byte that isn't UTF-8."""
    if encodable(word) != word:
        raise argparse.ArgumentTypeError(NOT_UTF8)
    return word


def path_argument(word: str) -> str:
    """A word given for a file or folder: taken as it is, bytes that aren't UTF-8 too
    (os.fsencode gives the file system the bytes typed)."""
    return word
