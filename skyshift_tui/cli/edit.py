"""`edit endpoints NAME`: change a set in $VISUAL / $EDITOR (else vi), as `kubectl edit` does.

The set is written to a temporary YAML file and the editor opened on it. On save it is
validated and written with the version it was read at, so a change made meanwhile is refused.
An invalid edit reopens the editor with the error as `#` comments at the top; without a
terminal (a script) the error is printed with where the edited file was kept, and exit is 1.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from skyshift_tui.cli.changes import change_object, read_object
from skyshift_tui.cli.context import complete_endpoints, namespace_option, open_cli_store
from skyshift_tui.cli.merging import Object
from skyshift_tui.cli.output import emit, note
from skyshift_tui.cli.resources import ENDPOINTS
from skyshift_tui.defaults import DEFAULT_NAMESPACE
from skyshift_tui.errors import (
    ConflictError,
    ExitCode,
    InvalidInputError,
    SkyShiftError,
    StoreError,
)

HEADER = """\
# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
"""


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi, split as a shell would split it."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return shlex.split(chosen) or ["vi"]
    except ValueError as error:  # an unbalanced quote
        raise InvalidInputError(f"cannot read the editor command {chosen!r}: {error}") from None


def run_editor(path: Path) -> None:
    """Open the editor on `path` and wait; StoreError-free failures become one-line errors."""
    command = [*editor_command(), str(path)]
    try:
        done = subprocess.run(command, check=False)
    except OSError as error:
        raise InvalidInputError(
            f"cannot start the editor {command[0]!r}: {error.strerror}; set $EDITOR"
        ) from None
    if done.returncode != 0:
        raise SkyShiftError(
            f"the editor {command[0]!r} exited with code {done.returncode}; "
            f"nothing was saved (your edit is kept in {path})"
        )


def strip_comments(text: str) -> str:
    """The text without its `#` comment lines (the header and any errors shown)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def parse_edit(text: str) -> Object:
    """The edited object, or InvalidInputError saying what is wrong with the YAML."""
    import yaml  # the editor round-trips YAML

    try:
        docs = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError as error:
        reason = " ".join(str(error).split())
        raise InvalidInputError(f"the edited file is not valid YAML: {reason}") from None
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise InvalidInputError("the edited file must hold exactly one object (a mapping)")
    result: dict[str, Any] = docs[0]
    return result


@click.command("endpoints")
@click.argument("name", shell_complete=complete_endpoints)
@namespace_option(DEFAULT_NAMESPACE, "Namespace of the endpoints.")
@click.pass_context
def edit_endpoints(ctx: click.Context, name: str, namespace: str) -> None:
    """Edit the set NAME in $VISUAL or $EDITOR (else vi), then save it with a version check.

    \b
    Example:
      EDITOR=nano skyctl edit endpoints web -n prod
    """
    from skyshift_tui.formatting import to_yaml

    store = open_cli_store(ctx)
    current = read_object(store, ENDPOINTS, name, namespace)
    original = HEADER + to_yaml(current)
    handle, raw_path = tempfile.mkstemp(prefix=f"skyctl-edit-{name}-", suffix=".yaml")
    path = Path(raw_path)
    with os.fdopen(handle, "w") as file:
        file.write(original)
    shown = original
    interactive = sys.stdin.isatty()
    while True:
        run_editor(path)
        edited = path.read_text()
        if strip_comments(edited) == strip_comments(original):
            path.unlink()
            note("Edit cancelled, no changes made.")
            return
        try:
            # retry=False: the person edited the version they saw; a newer one must be shown
            replacement = _replacement(strip_comments(edited))
            outcome = change_object(store, current, replacement, retry=False)
        except ConflictError as error:
            raise ConflictError(f"{error} (your edit is kept in {path})") from None
        except InvalidInputError as error:
            if not interactive or strip_comments(edited) == strip_comments(shown):
                failed = InvalidInputError(f"{error}; the edit was not saved, it is kept in {path}")
                failed.exit_code = ExitCode.FAILURE  # as kubectl edit exits
                raise failed from None
            shown = _with_error(strip_comments(edited), str(error))
            path.write_text(shown)
            continue
        except StoreError:
            note(f"your edit is kept in {path}")
            raise
        path.unlink()
        verb = "edited" if outcome.changed else "edited (no change)"
        emit(f"{ENDPOINTS.ref(name)} {verb}")
        return


def _replacement(text: str) -> Callable[[Object], Object]:
    """The change an edit makes: the whole object becomes what the file holds."""

    def replace(_current: Object) -> Object:
        return parse_edit(text)

    return replace


def _with_error(text: str, message: str) -> str:
    """kubectl's way of showing why an edit failed: comments at the top of the reopened file."""
    lines = [HEADER, "# The edited object is invalid:\n", f"# error: {message}\n", "#\n"]
    return "".join(lines) + text
