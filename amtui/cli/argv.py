"""Command-line words argparse would misread.

argparse takes any word starting with `-` for an option, so `--when -2d` fails with
"expected one argument" (cpython issue #53580; `nargs=1` does not help before 3.13).
A relative date written with a minus (`-2d`, `-1w`, `-3m`, `-1y`) right after an option
is that option's value: we attach it (`--when=-2d`) before argparse sees it.
"""

from __future__ import annotations

from amtui.core.parse import CLI_RELATIVE


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
