"""Edit a set's YAML in the user's editor, as `kubectl edit` does: `$VISUAL`, else `$EDITOR`,
else `vi`. No Textual here: the TUI's `E` calls it while suspended, and `skyctl edit` can too.

The loop: write the YAML to a temporary file, run the editor, read the file back.
- unchanged (or emptied): nothing is written;
- invalid (YAML, the model's rules, a renamed set): the editor opens again with the error as
  `#` comments at the top; saving that file untouched gives up;
- valid: written with the resource_version the edit started from, so a set changed meanwhile
  is refused (what changed is reported, and the edit is kept in a file to re-apply).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skyshift_tui.editing import update_checked
from skyshift_tui.errors import ConflictError, InvalidInputError, SkyShiftError
from skyshift_tui.formatting import to_yaml
from skyshift_tui.store.base import Object, Store

HEADER = (
    "# Edit the endpoints below and save to apply; lines starting with '#' are ignored.\n"
    "# Save it unchanged, or empty, to change nothing. The name and namespace are fixed.\n"
)
MAX_FILE_BYTES = 1_000_000
"""A set's YAML is a few hundred bytes; an edited file larger than this is refused."""

Editor = Callable[[Path], int]
"""Runs the editor on a file and returns its exit status."""


@dataclass(frozen=True)
class EditOutcome:
    """How an edit ended, in one line to show the user."""

    ok: bool
    message: str
    object: Object | None = None
    """The stored set after a save."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """`$VISUAL`, else `$EDITOR` (either may carry arguments: `code --wait`), else `vi`."""
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    return ["vi"]


def run_editor(path: Path) -> int:
    """Run the user's editor on `path` in this terminal and wait for it."""
    command = editor_command()
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as error:
        raise SkyShiftError(
            f"cannot run the editor {command[0]!r} ({error.strerror}); set $EDITOR"
        ) from None


def _body(text: str) -> str:
    """The file without its comment lines (ours, and any the user added)."""
    return "".join(line for line in text.splitlines(True) if not line.lstrip().startswith("#"))


def _with_errors(problem: str, body: str) -> str:
    notes = "".join(f"# {line}\n" for line in problem.splitlines())
    first = "# error: the file could not be saved; fix it, or save it unchanged to give up\n"
    return f"{first}{notes}{HEADER}{body}"


def load_yaml(text: str) -> Any:
    """The file's data, or InvalidInputError saying where the YAML breaks."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidInputError(f"the file is not valid YAML: {error}") from None


def parse_edit(data: Any, seen: Object) -> Any:
    """The edited data as an Endpoints model, or InvalidInputError saying what is wrong."""
    from skyshift_tui.models import Endpoints, parse_object

    parsed = parse_object(data)
    if not isinstance(parsed, Endpoints):
        raise InvalidInputError("the file must hold the one Endpoints object it opened with")
    meta = seen["metadata"]
    if (parsed.metadata.name, parsed.metadata.namespace) != (meta["name"], meta["namespace"]):
        raise InvalidInputError(
            f"the name and namespace are fixed: keep metadata.name {meta['name']!r} and "
            f"metadata.namespace {meta['namespace']!r}"
        )
    return parsed


def edit_in_editor(store: Store, seen: Object, editor: Editor = run_editor) -> EditOutcome:
    """Edit `seen` (a stored set) in the editor until it is saved, unchanged, or given up."""
    meta = seen["metadata"]
    label = f"endpoints/{meta['name']}"
    original = to_yaml(seen)
    fd, name = tempfile.mkstemp(prefix=f"skyshift-{meta['name']}-", suffix=".yaml")
    path = Path(name)
    os.close(fd)
    keep_file = False
    try:
        shown = HEADER + original
        while True:
            path.write_text(shown, encoding="utf-8")
            status = editor(path)
            if status != 0:
                message = f"the editor exited with status {status}; {label} unchanged"
                return EditOutcome(False, message)
            if path.stat().st_size > MAX_FILE_BYTES:
                message = f"the edited file is over {MAX_FILE_BYTES} bytes; {label} unchanged"
                return EditOutcome(False, message)
            text = path.read_text(encoding="utf-8", errors="replace")
            body = _body(text)
            if not body.strip():
                return EditOutcome(True, f"the file was emptied; {label} unchanged")
            if text == shown and shown != HEADER + original:
                return EditOutcome(True, f"edit given up; {label} unchanged")
            try:
                data = load_yaml(body)
                if data == load_yaml(original):
                    return EditOutcome(True, f"{label} unchanged")
                endpoints = parse_edit(data, seen)
            except InvalidInputError as error:
                shown = _with_errors(str(error), body)
                continue
            try:
                stored = update_checked(store, endpoints, seen)
            except ConflictError as error:
                keep_file = True
                path.write_text(body, encoding="utf-8")
                return EditOutcome(False, f"{error}\nYour edit is kept in {path}.")
            except SkyShiftError as error:
                return EditOutcome(False, f"{label} not saved: {error}")
            return EditOutcome(True, f"{label} saved in {meta['namespace']}", stored)
    finally:
        if not keep_file:
            path.unlink(missing_ok=True)
