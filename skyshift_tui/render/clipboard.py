"""What `y` and `Y` put on the clipboard (the app sends it to the terminal as OSC 52)."""

from __future__ import annotations

from typing import Literal

from skyshift_tui.core.objects import Object
from skyshift_tui.core.terminal_text import shown
from skyshift_tui.render.formatting import to_yaml

MAX_CLIPBOARD_CHARS = 100_000
"""OSC 52 goes through the terminal: some drop anything longer than ~100 kB."""


def clipboard_text(obj: Object, what: Literal["yaml", "name"] | str) -> tuple[str, str]:
    """(the text to copy, how to describe it): the set's YAML as `-o yaml` prints it, or
    its name."""
    meta = obj["metadata"]
    name = shown(meta["name"], 80)  # said in a notification: data, escaped
    label = f"endpoints/{name}"
    if what == "name":
        return meta["name"], f'the name "{name}"'
    text = to_yaml(obj)[:MAX_CLIPBOARD_CHARS]
    return text, f"the YAML of {label} ({len(text.splitlines())} lines)"
