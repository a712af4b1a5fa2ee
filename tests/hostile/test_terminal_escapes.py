"""Terminal escapes in stored text (issue 8, point 6): a namespace `status` holding OSC and CSI
sequences set the terminal's title and cleared the screen on `skyctl get ns`. Every text the
CLI prints in table, wide, name and watch lines has its control characters escaped; JSON and
YAML stay exact."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Watch
from hostile_support import seeded, skyctl, skyctl_on_terminal

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


HOSTILE = f"{TITLE}\x1b]52;c;SGFja2Vk\x07\x1b[2J\x9b2J\u202eevil\x7f\u2066"
"""A terminal title, a clipboard write (OSC 52), a screen clear, C1 CSI, a right-to-left
override, DEL and an isolate."""
RAW = [TITLE, "\x1b[2J", "\x9b", "\u202e", "\x7f", "\u2066", "\r"]
"""What must never reach a terminal as it is (as UTF-8 bytes: `\\x9b` is C1 CSI)."""


def assert_nothing_raw(output: bytes) -> None:
    for char in [*RAW, "\x1b"]:
        assert char.encode() not in output, (char, output[:3000])


def planted_victim(store_path: Path) -> None:
    """A set named `victim` whose annotation, label and name hold every kind of unsafe
    character, written with the ordinary commands (an annotation is any text)."""
    plant(store_path)  # a hand-edited set whose name and label hold them too
    assert skyctl(store_path, "create", "endpoints", "victim").code == 0
    assert skyctl(store_path, "annotate", "endpoints", "victim", f"note={HOSTILE}").code == 0


def test_every_listing_flag_is_escaped_on_a_terminal(store_path: Path) -> None:
    """`-o name` with `--sort-by`, `--no-headers` or `--show-labels` took the slower listing
    path, which printed names raw; every listing now passes the one writer."""
    planted_victim(store_path)
    for flags in (
        ["-o", "name"],
        ["-o", "name", "--sort-by", ".metadata.name"],
        ["-o", "name", "--no-headers"],
        ["-o", "name", "--show-labels"],
        ["--show-labels"],
        ["--no-headers", "--sort-by", ".metadata.name"],
        ["-o", "wide", "--show-labels"],
        ["-o", "custom-columns=NOTE:.metadata.annotations.note"],
    ):
        shown = skyctl_on_terminal(store_path, "get", "endpoints", "-A", *flags)
        assert_nothing_raw(shown)
        assert b"\\x1b" in shown or b"web\\x1b" in shown, (flags, shown)
        piped = skyctl(store_path, "get", "endpoints", "-A", *flags)
        assert piped.code == 0, (flags, piped)
        assert_printable(piped.out)


def test_json_and_yaml_are_exact_and_escaped_piped_or_not(store_path: Path) -> None:
    """The data stays exact (it parses back to the same text) and every unsafe character is
    the format's own escape (`\\u202e` in JSON, `\\x9b` in YAML's double-quoted form)."""
    import yaml

    planted_victim(store_path)
    note = skyctl(store_path, "get", "endpoints", "victim", "-o", "json")
    stored = json.loads(note.out)["metadata"]["annotations"]["note"]
    assert "\u202e" in stored and "\x9b" in stored and "\x1b]52;" in stored
    for output, load in (("json", json.loads), ("yaml", yaml.safe_load)):
        for shown in (
            skyctl_on_terminal(store_path, "get", "endpoints", "victim", "-o", output),
            skyctl(store_path, "get", "endpoints", "victim", "-o", output).out.encode(),
        ):
            assert_nothing_raw(shown)
            assert load(shown.decode())["metadata"]["annotations"]["note"] == stored
        assert b"\\u202e" in shown, shown
    assert b"\\x9B2J" in skyctl_on_terminal(store_path, "get", "endpoints", "victim", "-o", "yaml")
    listed = skyctl(store_path, "get", "endpoints", "-A", "-o", "yaml").out
    assert_printable(listed)
    notes = [obj["metadata"].get("annotations") for obj in yaml.safe_load(listed)["objects"]]
    assert {"note": stored} in notes
