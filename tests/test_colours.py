"""One colour language (issue 16): red only for misses and what is overdue.

Every screen of the demo book is drawn and each cell's colours read back; a cell in the
theme's red (text or background) must say a miss or something overdue (a date gone by,
"late", "overdue", a contact past its cadence, a Red band, a quarter below quota, a
stale deal), or sit on a line where such a cell is red (a late follow-up's whole row) of the same widget."""

from __future__ import annotations

import colorsys
import re

import pytest
from pilot_helpers import settle
from rich.color import Color

from amtui.tui.app import AmtuiApp
from amtui.tui.colours import ROLE_VARIABLES, colours_of

MISS_OR_OVERDUE = re.compile(
    r"""^(
      (Mon|Tue|Wed|Thu|Fri|Sat|Sun)?\s?\d{1,2}\s[A-Z][a-z]{2}(\s\d{4})?   # a date gone by
    | \d+d\ late | \+\d+d | \d+\ days?\ (late|over|ago) | yesterday      # how late
    | (\d+\ )?overdue | Overdue | never( contacted.*)?                  # overdue, never called
    | last\ contact.* | \d+d\ ago | Red | red | \d+\ Red                # past cadence, a Red band
    | ✗\ \d+% | Missed.* | PROBATION\ RISK.* | this\ quarter's\ number\.? # misses
    | \d+\ quarters?\ in\ a\ row.* | \(?\d{4}-Q\d.* | broken
    | .*\(limit\ \d+\) | .*days\ in\ .*                                  # stale: past a limit
    )$""",
    re.VERBOSE,
)


def reddish(color: Color | None) -> bool:
    """The theme's red, also dimmed or blended into a background (a hue near red)."""
    if color is None or color.triplet is None:
        return False
    hue, light, saturation = colorsys.rgb_to_hls(*color.triplet.normalized)
    return saturation > 0.3 and 0.08 < light < 0.92 and (hue > 0.9 or hue < 0.03)


def red_cells(app) -> list[tuple[tuple[int, int], str]]:
    """((screen line, widget id), text) of each run of text drawn in red."""
    runs = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x, start, run = 0, 0, ""
        for seg in strip:
            style = seg.style
            if style and (reddish(style.color) or reddish(style.bgcolor)):
                start, run = (x, run + seg.text) if not run else (start, run + seg.text)
            elif run:
                runs.append((start, y, run))
                run = ""
            x += seg.cell_length
        if run:
            runs.append((start, y, run))
    out = []
    for x, y, text in runs:
        if text.strip():
            widget, _ = app.screen.get_widget_at(x, y)
            out.append(((y, id(widget)), " ".join(text.split())))
    return out


def stale_clients() -> set[str]:
    """Clients of the stale open deals (a close date gone by, or longer in a stage than
    its limit: overdue), whose names the pipeline shows in red."""
    from amtui.core.pipeline import deals

    return {d.client for d in deals(status="open") if d.stale_reason}


def allowed(text: str, stale: set[str]) -> bool:
    cut = text.rstrip("…")
    # part of a stale client's name: cut, or wrapped onto a board card's second line
    return bool(MISS_OR_OVERDUE.match(text)) or any(cut in name for name in stale if cut)


def misused(app, stale: set[str]) -> list[str]:
    cells = red_cells(app)
    # a red run is fine beside a red miss or overdue mark on the same line of the same
    # widget (a late follow-up's whole row), not beside one in another card
    ok_lines = {where for where, text in cells if allowed(text, stale)}
    return [text for where, text in cells if not allowed(text, stale) and where not in ok_lines]


# (name, keys pressed from the screen before): each screen a rep sees
SCREENS = [
    ("Today", ["1"]), ("Clients", ["2"]), ("Client", ["enter"]), ("Pipeline", ["escape", "3"]),
    ("Pipeline board", ["v"]), ("White space", ["v", "W"]), ("Quota", ["escape", "4"]),
    ("Changes", ["C"]), ("Reports", ["escape", "5"]),
]


@pytest.mark.parametrize("size", [(160, 50)])
async def test_red_means_a_miss_or_overdue_on_every_screen(demo_book, size):
    app = AmtuiApp(db_path=demo_book)
    seen_red = 0
    async with app.run_test(size=size) as pilot:
        await settle(pilot, 3)
        stale = stale_clients()
        found = {}
        for name, keys in SCREENS:
            for key in keys:
                await pilot.press(key)
                await settle(pilot, 3)
            seen_red += len(red_cells(app))
            wrong = misused(app, stale)
            if wrong:
                found[name] = wrong
        assert found == {}  # nothing on any screen is red but a miss or something overdue
    assert seen_red > 0  # the demo book has overdue and missed things: the scan sees red


def test_every_role_maps_to_a_theme_variable_and_red_is_only_miss():
    assert {name for name, _ in ROLE_VARIABLES.values() if name == "error"} == {"error"}
    assert [role for role, (name, _) in ROLE_VARIABLES.items() if name == "error"] == ["miss"]
    pal = colours_of({"success": "#00ff00", "error": "#ff0000", "warning": "#ffaa00", "primary": "#0000ff"})
    assert (pal.won, pal.miss, pal.attention, pal.pipeline) == ("#00ff00", "#ff0000", "#ffaa00", "#0000ff")
    assert pal.band("Red") == pal.miss and pal.band("green") == pal.won and pal.band("yellow") == pal.attention
