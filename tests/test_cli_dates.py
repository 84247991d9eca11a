"""Every listing command's human output on the demo book (frozen today 2026-11-27) uses
the one date style of core.dates_fmt: "Wed 2 Dec" this year, "2 Dec 2027" otherwise,
"16:05", relative forms.  ISO dates belong to --json and CSV only."""

from __future__ import annotations

import re

import pytest

from amtui.cli import main

# command lines that list or show records, with dates in them
COMMANDS = [
    ("clients",), ("clients", "--all"), ("client", "show", "Ashford"), ("client", "show", "Ridgeline"),
    ("followups",), ("followups", "--all"), ("deals",), ("deals", "--status", "all"),
    ("deal", "show", "7"), ("deal", "show", "8"), ("stages",), ("products",), ("quota", "list"),
    ("plan",), ("status",), ("changes",), ("changes", "--accuracy"), ("settings",), ("doctor",),
]
_DAY = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
OTHER_STYLES = {
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "slashed date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    "zero-padded day": re.compile(rf"\b0\d {_MONTH}\b"),
    "weekday with a year": re.compile(rf"\b{_DAY} \d{{1,2}} {_MONTH} (\d{{4}}|\d{{2}}(?![:\d]))"),
    "this year's day without its weekday": re.compile(rf"(?<!{_DAY} )(?<![–\d] )\b\d{{1,2}} {_MONTH}\b(?! \d{{4}})(?! –)"),
    "seconds": re.compile(r"\b\d{2}:\d{2}:\d{2}\b"),
}


def styles_in(text: str) -> list[str]:
    return [f"{name}: {m.group(0)!r}" for name, rx in OTHER_STYLES.items() for m in rx.finditer(text)]


def test_the_checker_tells_the_styles_apart():
    assert styles_in("Wed 2 Dec · 2 Dec 2027 · Fri 6 Nov 16:30 · 3d late · in 2 days · 5d ago") == []
    assert styles_in("2026-Q4 · 1 Oct – 31 Dec 2026") == []  # a period's span
    found = styles_in("2026-12-02 · 02 Dec · Thu 05 Nov 26 · Fri 20 Nov 2026 · (24 Nov) · 12/01/2026")
    assert {line.split(":")[0] for line in found} == set(OTHER_STYLES) - {"seconds"}
    assert styles_in("16:05:09") == ["seconds: '16:05:09'"]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_listing_commands_speak_one_date_style(demo_book, capsys, argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip()
    assert styles_in(out) == [], out
