"""The colour language of every screen, the same as the workbooks' (reports/model.ROLES).

One meaning per colour, wherever it shows:
- won: won deals, on track, quota made, a Green band (the theme's `success`: green)
- pipeline: open pipeline, commit, best case, expected (the theme's `primary`: blue in
  the default theme; commit darker, best case lighter)
- quota: a line, not a colour (dim foreground)
- miss: red, only for a miss (a quarter below quota, a Red band, a run of misses) and
  for what is overdue (a date passed, a contact past its cadence, a broken commitment)
- attention: amber, for what needs a look but has not failed yet (behind pace, short
  coverage, a critical service issue, a stale deal, a Yellow band)
- muted: what matters least (lost deals, notes)

Screens and widgets ask this module for a role's colour and never name a colour or a
theme variable themselves; a test scans every rendered screen for red used anywhere else.
Input errors in forms and a book that could not be read keep the theme's error colour:
they are not figures.
"""

from __future__ import annotations

from dataclasses import dataclass

# role -> (theme variable, what it falls back to outside an app)
ROLE_VARIABLES = {
    "won": ("success", "green"),
    "pipeline": ("primary", "blue"),
    "commit": ("primary-darken-1", "blue"),
    "best_case": ("primary-lighten-2", "bright_blue"),
    "miss": ("error", "red"),
    "attention": ("warning", "yellow"),
    "quota": ("", "dim"),  # a style, not a colour: readable on every theme
    "muted": ("", "dim"),
}


@dataclass(frozen=True)
class Colours:
    """Each role's colour in the current theme (a Rich colour string)."""

    won: str = "green"
    pipeline: str = "blue"
    commit: str = "blue"
    best_case: str = "bright_blue"
    miss: str = "red"
    attention: str = "yellow"
    quota: str = "dim"
    muted: str = "dim"

    def band(self, band: str) -> str:
        """A health band's colour: it names its colour (green, yellow, red)."""
        return {"green": self.won, "yellow": self.attention}.get(band.lower(), self.miss)


def colours_of(variables: dict[str, str] | None) -> Colours:
    """The roles' colours from a theme's variables (`app.theme_variables`)."""
    variables = variables or {}
    return Colours(**{role: variables.get(name, fallback) if name else fallback
                      for role, (name, fallback) in ROLE_VARIABLES.items()})


def colours(node) -> Colours:
    """The roles' colours for a widget or screen, in its app's theme."""
    try:
        variables = node.app.theme_variables
    except Exception:  # noqa: BLE001 - not mounted yet: the plain terminal colours
        variables = None
    return colours_of(variables)
