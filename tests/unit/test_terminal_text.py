"""Control characters in stored text are escaped wherever a table shows it (CLI and TUI)."""

from __future__ import annotations

from skyshift_tui.live.catalog import make_row
from skyshift_tui.render.terminal_text import escape_control, safe_rows


def test_escape_control_writes_escapes() -> None:
    assert escape_control("a\x1b]0;t\x07b\n\t\x9b\u202e") == "a\\x1b]0;t\\x07b\\n\\t\\x9b\\u202e"
    assert escape_control("plain ünïcødé ✓") == "plain ünïcødé ✓"


def test_safe_rows_keeps_clean_rows_as_they_are() -> None:
    rows = [("a", "b"), ("c", "d")]
    assert safe_rows(rows) is rows
    assert safe_rows([("a", "b\x1b")]) == [("a", "b\\x1b")]


def test_tui_rows_are_escaped() -> None:
    obj = {
        "kind": "Endpoints",
        "metadata": {"name": "web", "namespace": "default", "labels": {"k": "v\x1b[2J"}},
        "spec": {"primary_cluster": "c\x07", "endpoints": {}, "selector": {}},
    }
    row = make_row(obj)
    assert not any("\x1b" in cell or "\x07" in cell for cell in row.cells)
