"""Text from a store or a user on its way into a TUI widget: the one place it is made safe.

Textual writes a widget's text to the terminal as it is, and strips only BEL, BS, VT, FF and
CR: an annotation holding `ESC ] 0 ;` set the terminal's title and one holding OSC 52 wrote the
clipboard of whoever opened the TUI (its detail pane showed the first set at launch). Every
widget that shows stored or typed text takes it through here: `safe_text` for a label, a
title, a dialog's message or a tree node, `safe_strips` for the Line API panes (the detail
view). The escapes are terminal_text's (`\\x1b`, `\\u202e`), the same the CLI prints; a Rich
`Text` is never read as markup either.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from skyshift_tui.core.redaction import redact
from skyshift_tui.core.terminal_text import escape_control, escape_output


def safe_text(text: str, style: str | Style = "") -> Text:
    """`text` as one line of Rich text, its unsafe characters (newlines too) escaped."""
    return Text(escape_control(text), style=style)


def safe_message(text: str) -> str:
    """A message of several lines (a notification): unsafe characters escaped, its newlines
    kept (Textual reads a notification as plain text when given `markup=False`), and any
    password masked (redaction.py)."""
    return escape_output(redact(text))


def safe_strips(lines: Iterable[Iterable[Segment]]) -> list[Strip]:
    """Lines of segments as strips, every segment's text escaped (a segment is one line)."""
    return [
        Strip([Segment(escape_control(text), style) for text, style, _ in segments])
        for segments in lines
    ]
