"""A checkbox whose label wraps under itself, for a form's long labels.

Textual's Checkbox is one line: "Mark done: <a follow-up's title>" ended in "…" at
80x24, the rep ticking a follow-up they could not read whole.  This one draws the box,
then the label wrapped to the width it has, its next lines lined up under the first;
it is still a Checkbox (space or enter ticks it, a click too; Changed, `value`).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class WrappingCheckbox(Checkbox):
    DEFAULT_CSS = """
    WrappingCheckbox {
        height: auto;
    }
    """

    def _lines(self, width: int) -> list[Content]:
        """The box and its label as drawn `width` cells wide, a line each."""
        drawn = super().render()  # the box, then the label with a space either side
        box = len(self.BUTTON_LEFT + self.BUTTON_INNER + self.BUTTON_RIGHT)
        if len(drawn.plain) <= box + 2 or drawn.cell_length <= width:
            return [drawn]  # fits (or no label): as Textual draws it
        head, pad = drawn[:box], drawn[box:box + 1]  # the space keeps the label's look (focus)
        label = drawn[box + 1:len(drawn.plain) - 1]
        lines = label.wrap(max(1, width - box - 2))
        under = Content.blank(box)
        return [(head if i == 0 else under) + pad + line + pad for i, line in enumerate(lines)]

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))
