"""Editor scripts shared by the tests of `skyctl edit` (tests/cli) and the TUI's `E`
(tests/tui): both run one loop (`edit_loop.py`), so the same editor must meet the same
behaviour and the same words in both. Each script is a small Python program set as $EDITOR;
`rounds` counts how many times it has been opened, `path` is the file and `text` its text.
"""

from __future__ import annotations

import sys
from pathlib import Path

INVALID_THEN_FIXED = """
if '# error:' in text:
    path.write_text(text.replace('num_endpoints: -4', 'num_endpoints: 6'))
else:
    path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -4'))
"""
"""A negative count first; once the error is shown at the top, a valid count."""

FAILS = "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 5'))\nsys.exit(3)"
"""Writes a change, then exits 3 (as vim's `:cq`): nothing may be saved."""

HUGE = "path.write_text(text + '#' + 'x' * (5 * 1024 * 1024) + '\\n')"
"""5 MiB more: over the loop's 4 MiB bound."""

BINARY = "path.write_bytes(bytes(range(256)) * 64)"
"""Not text at all."""

EMPTIES = "path.write_text('')"

REFORMATS = """
import yaml
path.write_text(yaml.safe_dump(yaml.safe_load(text), default_flow_style=True, sort_keys=True))
"""
"""The same object written another way (flow style, sorted): it changes nothing."""

RENAMES = """
if rounds == 1:
    path.write_text(text.replace('  name: NAME', '  name: renamed'))
"""
"""Renames the set, then saves the reopened file (the error on top) untouched: gives up."""

MOVES = """
if rounds == 1:
    path.write_text(text.replace('  namespace: default', '  namespace: elsewhere'))
"""
"""Moves the set to another namespace, then gives up as RENAMES does."""

FAILURES = {
    "editor-fails": (FAILS, "exited with code 3; nothing was saved, your edit is kept in "),
    "huge": (HUGE, "the edited file is larger than 4 MiB"),
    "binary": (BINARY, "the edited file is not UTF-8 text (byte 0x80 at offset 128)"),
}
"""Editors after which nothing may be saved, and what the one line says (the file is kept)."""

REFUSED = {"rename": (RENAMES, "metadata.name"), "move": (MOVES, "metadata.namespace")}
"""Editors that change what kubectl edit never lets change, and the field named."""

CANCELS = {
    "emptied": (EMPTIES, "Edit cancelled, saved file was empty."),
    "reformatted": (REFORMATS, "Edit cancelled, no changes made."),
}
"""Editors that leave nothing to save, and the line saying so."""


def other_writer(store_url: str, name: str, count: int) -> str:
    """Script lines: another process scales the set while the editor is open, then the
    editor changes the count it was shown (2) to 3."""
    command = [sys.executable, "-m", "skyctl", "--store", store_url]
    command += ["scale", "endpoints", name, "--num_endpoints", str(count)]
    return (
        "import subprocess\n"
        f"subprocess.run({command!r}, check=True, capture_output=True)\n"
        "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 3'))\n"
    )


def editor_command(tmp_path: Path, body: str, name: str = "web") -> str:
    """An $EDITOR command running `body` (NAME in it replaced by `name`) on the file it is
    given; every file it was shown is appended to tmp_path/seen, split by lines of `=====`."""
    script = tmp_path / "editor.py"
    calls = tmp_path / "rounds"
    seen = tmp_path / "seen"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"calls = pathlib.Path({str(calls)!r})\n"
        "rounds = int(calls.read_text()) + 1 if calls.exists() else 1\n"
        "calls.write_text(str(rounds))\n"
        "text = path.read_text()\n"
        f"with open({str(seen)!r}, 'a') as log:\n"
        "    log.write(text + '=====\\n')\n" + body.replace("NAME", name) + "\n"
    )
    return f"{sys.executable} {script}"


def shown(tmp_path: Path) -> list[str]:
    """Every file the editor was shown, in order."""
    return (tmp_path / "seen").read_text().split("=====\n")[:-1]


def kept_file(message: str) -> Path:
    """The file an edit that failed kept, named at the end of its message."""
    return Path(message.rsplit("kept in ", 1)[1].split()[0])
