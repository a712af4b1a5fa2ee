"""Terminal escapes in stored text (issue 8, point 6): a namespace `status` holding OSC and CSI
sequences set the terminal's title and cleared the screen on `skyctl get ns`. Every text the
CLI prints in table, wide, name and watch lines has its control characters escaped; JSON and
YAML stay exact."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Watch
from hostile_support import seeded, skyctl

TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x9b2J"
EVIL = f"ok{TITLE}{CLEAR}\u202eevil\r\n"


def plant(store_path: Path) -> None:
    """A store (edited by hand, or by an older version) holding control characters in every
    text field the tables show."""
    seeded(store_path)
    tables = json.loads(store_path.read_text())
    tables["namespaces"]["99"] = {
        "kind": "Namespace",
        "metadata": {"name": f"ns{TITLE}", "resource_version": 1},
        "status": {"status": EVIL},
    }
    web = next(iter(tables["endpoints"].values()))
    web["metadata"]["name"] = f"web{CLEAR}"
    web["metadata"]["labels"] = {"k": EVIL}
    web["spec"]["primary_cluster"] = EVIL
    web["spec"]["selector"] = {EVIL: EVIL}
    web["spec"]["endpoints"] = {EVIL: {"num_endpoints": 1}}
    store_path.write_text(json.dumps(tables))


def assert_printable(text: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\r", "\u202e"):
        assert char not in text, repr(text)


def test_status_set_through_apply_is_printed_escaped(store_path: Path) -> None:
    seeded(store_path)
    doc = json.dumps(
        {"kind": "Namespace", "metadata": {"name": "evil"}, "status": {"status": EVIL}}
    )
    assert skyctl(store_path, "apply", "-f", "-", stdin=doc).code == 0
    shown = skyctl(store_path, "get", "namespaces")
    assert shown.code == 0
    assert_printable(shown.out)
    assert "ok\\x1b]0;pwned\\x07" in shown.out
    exact = json.loads(skyctl(store_path, "get", "namespaces", "evil", "-o", "json").out)
    assert exact["status"]["status"] == EVIL  # JSON stays exact


def test_every_table_and_name_line_is_escaped(store_path: Path) -> None:
    plant(store_path)
    for args in (
        ["get", "namespaces"],
        ["get", "namespaces", "-o", "wide"],
        ["get", "namespaces", "-o", "name"],
        ["get", "endpoints", "-A"],
        ["get", "endpoints", "-A", "-o", "wide"],
        ["get", "endpoints", "-A", "-o", "name"],
    ):
        result = skyctl(store_path, *args)
        assert result.code == 0, (args, result)
        assert_printable(result.out + result.err)
        assert len(result.out.splitlines()) == (3 if "namespaces" in args else 2) - (
            "name" in args
        ), (args, result.out)


def test_watch_lines_are_escaped(store_path: Path) -> None:
    plant(store_path)
    for args in (["-A"], ["-A", "-o", "name"]):
        watch = Watch(["get", "endpoints", *args, "-w"], store_path)
        try:
            lines = [watch.line(), *([watch.line()] if "name" not in args else [])]
        finally:
            watch.close()
        for line in lines:
            assert_printable(line)
    watch = Watch(["get", "namespaces", "-w"], store_path)
    try:
        lines = [watch.line() for _ in range(3)]
    finally:
        watch.close()
    assert_printable("".join(lines))


def test_error_lines_escape_what_was_typed(store_path: Path) -> None:
    """A name given on the command line comes back in the error line: escaped, one line."""
    seeded(store_path)
    for args in (
        ["get", "endpoints", f"x{TITLE}"],
        ["delete", "endpoints", f"x{CLEAR}"],
        ["get", "namespaces", "x\nerror: forged"],
    ):
        result = skyctl(store_path, *args)
        assert result.code in (1, 2), result
        assert_printable(result.err)
        assert result.err.count("\n") == 1 and result.err.startswith("error: "), result
