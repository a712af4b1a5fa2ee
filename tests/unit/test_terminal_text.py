"""Control characters in stored text are escaped wherever a table shows it (CLI and TUI)."""

from __future__ import annotations

from skyshift_tui.core.terminal_text import escape_control, safe_rows
from skyshift_tui.live.catalog import make_row


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


UNSAFE = (
    "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
    + "\u200e\u200f"
    + "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
)


def test_json_and_yaml_write_every_unsafe_character_as_an_escape_and_stay_exact() -> None:
    import json

    import yaml

    from skyshift_tui.core.terminal_text import escape_output
    from skyshift_tui.render.formatting import to_json, to_yaml

    data = {f"k{UNSAFE}": [UNSAFE, f"plain {chr(0x202E)}", "ünïcødé ✓"]}
    for text, load in ((to_json(data), json.loads), (to_yaml(data), yaml.safe_load)):
        assert load(text) == data
        assert escape_output(text) == text  # nothing left for the writer to escape
    assert "ünïcødé ✓" in to_yaml(data) and "ünïcødé ✓" in to_json(data)  # unicode stays


def test_the_writer_keeps_newlines_and_tabs_and_escapes_the_rest() -> None:
    from skyshift_tui.core.terminal_text import escape_output

    assert escape_output("a\tb\nc") == "a\tb\nc"
    assert escape_output("a\x1b[2J\r\x7f\n\u202eb") == "a\\x1b[2J\\r\\x7f\n\\u202eb"
    assert escape_output("ü\x9b") == "ü\\x9b"


def test_a_store_address_is_shown_without_its_password() -> None:
    from skyshift_tui.core.redaction import redact, store_address

    assert store_address("etcd://bob:B0bPass@h:1,g:2") == "etcd://bob:***@h:1,g:2"
    assert store_address("etcd://bob:p@ss@h:1") == "etcd://bob:***@h:1"
    assert store_address("etcd://bob@h:1") == "etcd://bob@h:1"
    assert store_address("/tmp/a@b/store.json") == "/tmp/a@b/store.json"
    assert redact("x 'etcds://u:pw@h:1' y") == "x 'etcds://u:***@h:1' y"
