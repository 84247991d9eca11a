"""The app's stylesheet: parsed again only for what changed.

Textual refreshes the CSS when a section is first shown (twice: once when its screen is
made, once when it becomes the current one) and `Stylesheet.reparse` then tokenises every
source again from scratch (the app's 630 lines and every widget's DEFAULT_CSS): about
20 ms each time on the screen's thread, for rules that come out the same.  This stylesheet
parses every source again only when the CSS variables (the theme) changed since its last
parse; otherwise it parses with its cache of each source's rules (a new widget's source
is parsed once, when it is added).  Public Textual API only
(`App.stylesheet`, `Stylesheet.set_variables` / `reparse` / `parse`);
tests/test_textual_internals.py checks Textual still reparses through them.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class KeptStylesheet(Stylesheet):
    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._kept_variables = dict(variables or {})  # as the cached rules were parsed with
        self.full_parses = 0  # how many times every source was tokenised again (tests read it)
        self._stale = True  # nothing parsed with these variables yet

    def set_variables(self, variables: dict[str, str]) -> None:
        if dict(variables) == self._kept_variables:
            return  # the same theme: the rules parsed so far still hold (and stay cached)
        self._kept_variables = dict(variables)
        super().set_variables(variables)
        self._stale = True

    def reparse(self) -> None:
        # Textual's reparse tokenises every source in a new Stylesheet; parse() reads each
        # source's rules from the cache, which set_variables emptied if the theme changed
        # (so a new theme is still parsed in full).  Errors are raised as reparse raises them.
        if self._stale:
            self.full_parses += 1
            self._stale = False
        self.parse()
