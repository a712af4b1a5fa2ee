"""The detail pane: every field of the selected set, as `skyctl get endpoints NAME -o yaml`."""

from __future__ import annotations

import re

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from skyshift_tui.formatting import to_yaml
from skyshift_tui.store.base import Object, object_key

_KEY = re.compile(r"^(\s*(?:- )?)([^:'\"]+:)(?=\s|$)")


def highlight_yaml(text: str) -> Text:
    """Keys in bold, the rest plain: enough to scan, and no pygments import (~60 ms)."""
    result = Text()
    for line in text.splitlines(keepends=True):
        match = _KEY.match(line)
        if match:
            result.append(match.group(1))
            result.append(match.group(2), "bold")
            result.append(line[match.end() :])
        else:
            result.append(line)
    result.rstrip()
    return result


class DetailView(VerticalScroll, can_focus=False):
    """Shows one object's YAML; `show(None)` says there is nothing selected."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Object | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("", id="detail-text")

    def show(self, obj: Object | None) -> None:
        """Show `obj` (a stored set of endpoints); cheap when it is the one already shown."""
        if obj is self._shown and obj is not None:
            return
        self._shown = obj
        text = self.query_one("#detail-text", Static)
        if obj is None:
            self.border_subtitle = ""
            text.update(Text("Select a set of endpoints to see all its fields.", "dim"))
            return
        self.border_subtitle = object_key(obj)
        text.update(highlight_yaml(to_yaml(obj)))
