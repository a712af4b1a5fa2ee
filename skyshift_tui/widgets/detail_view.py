"""The detail pane: the selected set described (clusters first), or its full YAML (`v`), as
`skyctl get endpoints NAME -o yaml` prints it. Focusable (`tab`, or `enter` in the table) and
scrollable with the usual keys. Every line passes `safe_strips` on its way in (`_set_lines`):
stored text is shown escaped, whichever view made it.

A Line API widget: showing another set repaints this pane only. (A Static in a scroll
container re-lays-out the whole screen on each update: ~34 ms a cursor move at 160x45.)
"""

from __future__ import annotations

import re

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from skyshift_tui.core.terminal_text import shown
from skyshift_tui.live.invalid_keys import MARKER, describe_invalid
from skyshift_tui.render.describe import describe
from skyshift_tui.render.formatting import to_yaml
from skyshift_tui.store.base import InvalidValue, Object, object_key
from skyshift_tui.widgets.safe_text import safe_strips, safe_text

_KEY = re.compile(r"^(\s*(?:- )?)([^:'\"]+:)(?=\s|$)")
_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_ERROR = Style(bold=True, color="red")
NOTHING_SELECTED = "Select a set of endpoints to see all its fields."


def highlight_yaml(text: str) -> list[list[Segment]]:
    """Keys in bold, the rest plain: enough to scan, and no pygments import (~60 ms)."""
    lines = []
    for line in text.splitlines():
        match = _KEY.match(line)
        if match:
            lines.append(
                [
                    Segment(match.group(1)),
                    Segment(match.group(2), _BOLD),
                    Segment(line[match.end() :]),
                ]
            )
        else:
            lines.append([Segment(line)])
    return lines


class DetailView(ScrollView, can_focus=True):
    """Shows one object, described or as YAML; `show(None)` says that nothing is selected.

    | Key | Action |
    | --- | --- |
    | up / down, pageup / pagedown, home / end | scroll |
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Object | None = None
        self._invalid: InvalidValue | None = None
        self.lines: list[Strip] = []
        self.yaml = False
        """Whether the full YAML is shown instead of the description."""

    def toggle_yaml(self) -> None:
        """Switch between the description and the full YAML."""
        self.yaml = not self.yaml
        if self._invalid is not None:
            return  # it has no YAML: the same text in both views
        obj, self._shown = self._shown, None
        self.show(obj)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text."""
        return "\n".join(strip.text for strip in self.lines)

    def show(self, obj: Object | None, keep_scroll: bool = False) -> None:
        """Show `obj` (a stored set of endpoints); cheap when it is the one already shown.
        `keep_scroll`: the same set again (changed, or older): stay where the reader is."""
        if obj is self._shown and self.lines and self._invalid is None:
            return
        self._shown, self._invalid = obj, None
        if obj is None:
            self.border_subtitle = ""
            lines = [[Segment(NOTHING_SELECTED, _DIM)]]
        else:
            self.border_subtitle = safe_text(
                shown(object_key(obj))
            )  # never markup, never a command
            lines = highlight_yaml(to_yaml(obj) if self.yaml else describe(obj))
        self._set_lines(lines, keep_scroll)

    def refresh_age(self) -> None:
        """Draw the description again if its "(… ago)" moved on: called each second, with
        the table's AGE column, from the same clock (`formatting.utc_now`)."""
        if self.yaml or self._shown is None or self._invalid is not None:
            return
        lines = safe_strips(highlight_yaml(describe(self._shown)))
        if [strip.text for strip in lines] != [strip.text for strip in self.lines]:
            self._set_lines(highlight_yaml(describe(self._shown)), keep_scroll=True)

    def show_invalid(self, invalid: InvalidValue) -> None:
        """Show a key that holds no valid object: where, why, and how to fix it (both
        views: it has no YAML)."""
        self._shown, self._invalid = None, invalid
        self.border_subtitle = safe_text(f"{MARKER} · {shown(invalid.key, 80)}")
        first, _, rest = describe_invalid(invalid).partition("\n")
        self._set_lines([[Segment(first, _ERROR)], *highlight_yaml(rest)])

    def _set_lines(self, lines: list[list[Segment]], keep_scroll: bool = False) -> None:
        """The pane's one way in: stored text is escaped here, whatever view made it."""
        self.lines = safe_strips(lines)
        width = max((strip.cell_length for strip in self.lines), default=0)
        self.virtual_size = Size(width, len(self.lines))
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        style = self.rich_style
        index = scroll_y + y
        strip = self.lines[index] if index < len(self.lines) else Strip.blank(0)
        return strip.apply_style(style).crop_extend(scroll_x, scroll_x + self.size.width, style)
