"""Edit one stored set in the user's editor, as `kubectl edit` does: the one loop behind
`skyctl edit endpoints NAME` and the TUI's `E`.

The loop: write the set's YAML to a temporary file, run the editor, read the file back.
- emptied, unchanged, or changing nothing a user sets: "Edit cancelled, ...", nothing written;
- invalid (YAML, the rules of `documents.validate_document`, a new name, namespace or kind):
  on a terminal the editor opens again with the error as `#` comments at the top (saving that
  file untouched gives up); without one (`interactive=False`) the edit fails at once;
- valid: written by `change_object` with the resource_version the edit started from, never
  retried, so a set changed meanwhile is refused (with what changed) and nothing overwritten.
Every failure after the editor has run keeps the user's file and names it.

No Textual and no printing here: what differs between the faces is a parameter. `editor`
runs the editor (the TUI suspends the app around `run_editor`); the caller reports the result
(`Edited` on success, `EditFailed` raised otherwise) as stdout/stderr lines and an exit code, or
as a notification.
"""

from __future__ import annotations

import errno
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skyshift_tui.core.errors import ConflictError, ExitCode, InvalidInputError, SkyShiftError
from skyshift_tui.services.own_files import read_own_file
from skyshift_tui.store.base import Object, Store

HEADER = """\
# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures. The name and namespace cannot be changed.
#
"""
CANCELLED = "Edit cancelled, no changes made."
EMPTIED = "Edit cancelled, saved file was empty."
MAX_EDIT_BYTES = 4 * 1024 * 1024
"""A set is at most 1 MiB as JSON (rules.MAX_OBJECT_BYTES); its YAML, indented, can be a few
times that. A larger edited file is refused before it is read whole."""
FILE = "the edited file"
"""How errors name the file (`input_limits` messages start with it)."""

Editor = Callable[[Path], None]
"""Runs the editor on a file and waits; SkyShiftError when it cannot start or it fails."""


@dataclass(frozen=True)
class Edited:
    """An edit that ended well: saved (`object` is the set as written) or cancelled (None)."""

    message: str
    object: Object | None = None


class EditFailed(SkyShiftError):
    """An edit that saved nothing. Its message is one line (naming the file it kept, if any);
    `details` are more lines worth showing (what changed meanwhile)."""

    def __init__(
        self,
        message: str,
        kept: Path | None = None,
        details: Iterable[str] = (),
        exit_code: ExitCode = ExitCode.FAILURE,
    ) -> None:
        super().__init__(message)
        self.kept = kept
        self.details = tuple(details)
        self.exit_code = exit_code


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """`$VISUAL`, else `$EDITOR` (blank counts as unset; either may carry arguments:
    `code --wait`), else `vi`, split as a shell would split it."""
    environ = os.environ if environ is None else environ
    chosen = next((environ[v] for v in ("VISUAL", "EDITOR") if environ.get(v, "").strip()), "vi")
    try:
        return shlex.split(chosen)
    except ValueError as error:  # an unbalanced quote
        raise InvalidInputError(f"cannot read the editor command {chosen!r}: {error}") from None


def run_editor(path: Path) -> None:
    """Run the user's editor on `path` in this terminal and wait for it."""
    command = editor_command()
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        raise InvalidInputError(
            f"cannot start the editor {command[0]!r}: {error.strerror}; set $EDITOR"
        ) from None
    if done.returncode != 0:
        raise SkyShiftError(f"the editor {command[0]!r} exited with code {done.returncode}")


def editor_within(around: Callable[[], AbstractContextManager[object]]) -> Editor:
    """`run_editor` inside `around()` (the TUI's `App.suspend`), any error raised only once
    `around` has exited: Textual's suspend resumes the app only when its block ends normally."""

    def run(path: Path) -> None:
        failure: BaseException | None = None
        with around():
            try:
                run_editor(path)
            except BaseException as error:  # even ctrl+c: raised again below, once resumed
                failure = error
        if failure is not None:
            raise failure

    return run


def strip_comments(text: str) -> str:
    """The text without its `#` comment lines (the header, errors shown, the user's own).
    Only lines starting with `#`: an indented `#` line may be inside a block scalar."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def with_error(body: str, problem: str) -> str:
    """kubectl's way of showing why an edit failed: comments at the top of the reopened file."""
    notes = [f"# {line}\n" for line in problem.splitlines()]
    notes[0] = f"# error: {notes[0][2:]}"
    return "".join([HEADER, "# The edited object is invalid:\n", *notes, "#\n", body])


def parse_edit(body: str) -> Object:
    """The one object the edited file holds, read within `input_limits`' bounds (aliases,
    depth, integers); InvalidInputError saying what is wrong."""
    from skyshift_tui.services.input_limits import load_documents

    documents = load_documents(body.encode("utf-8"), FILE)
    if len(documents) != 1 or not isinstance(documents[0], dict):
        raise InvalidInputError(f"{FILE} must hold exactly one object (a mapping)")
    result: Object = documents[0]
    return result


def read_edited(path: Path) -> str:
    """The file's text, read within MAX_EDIT_BYTES; InvalidInputError if larger or not text."""
    try:
        raw = read_own_file(path, MAX_EDIT_BYTES)
    except OSError as error:  # the editor removed it, or left a folder or a FIFO in its place
        if error.errno == errno.EFBIG:
            raise InvalidInputError(
                f"{FILE} is larger than {MAX_EDIT_BYTES // (1024 * 1024)} MiB "
                "(a set is at most 1 MiB)"
            ) from None
        raise InvalidInputError(f"cannot read {FILE} {path}: {error.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = raw[error.start]
        raise InvalidInputError(
            f"{FILE} is not UTF-8 text (byte 0x{bad:02x} at offset {error.start})"
        ) from None


def reason(error: Exception) -> str:
    """An error's text without apply's ending, which the edit's own ending replaces."""
    return str(error).removesuffix("; nothing was applied")


def edit_loop(
    store: Store, seen: Object, editor: Editor = run_editor, interactive: bool = True
) -> Edited:
    """Edit `seen` (a stored set, as read) until it is saved, cancelled or given up; raises
    EditFailed when nothing was saved. `interactive`: an invalid edit may reopen the editor."""
    prefix = f"skyctl-edit-{seen['metadata']['name']}-"
    try:
        handle, name = tempfile.mkstemp(prefix=prefix, suffix=".yaml")
    except OSError as error:
        folder = tempfile.gettempdir()
        raise EditFailed(f"cannot make a file to edit in {folder}: {error.strerror}") from None
    os.close(handle)
    path = Path(name)
    kept = False
    try:
        return _edit(store, seen, path, editor, interactive)
    except EditFailed as failed:
        kept = failed.kept is not None
        raise
    finally:
        if not kept:
            path.unlink(missing_ok=True)


def _edit(store: Store, seen: Object, path: Path, editor: Editor, interactive: bool) -> Edited:
    from skyshift_tui.render.formatting import to_yaml
    from skyshift_tui.services.changes import change_object

    original = HEADER + to_yaml(seen)
    shown = original
    while True:
        path.write_text(shown, encoding="utf-8")
        try:
            editor(path)
        except SkyShiftError as error:
            kept = path if _changed(path, original) else None  # an earlier round's edit too
            raise _failed(reason(error), kept, exit_code=error.exit_code) from None
        try:
            body = strip_comments(read_edited(path))
        except InvalidInputError as error:
            raise _failed(str(error), path if path.is_file() else None) from None
        if not body.strip():
            return Edited(EMPTIED)
        if body == strip_comments(original):
            return Edited(CANCELLED)
        try:
            # retry=False: the person edited the version they saw; a newer one must be shown
            outcome = change_object(store, seen, _replacement(body), retry=False)
        except InvalidInputError as error:
            if not interactive or body == strip_comments(shown):
                raise _failed(reason(error), path) from None
            shown = with_error(body, reason(error))
            continue
        except ConflictError as error:
            raise _failed(str(error), path, _changed_meanwhile(store, seen)) from None
        except SkyShiftError as error:  # the store cannot be used: the edit is kept for later
            raise _failed(str(error), path, exit_code=error.exit_code) from None
        if not outcome.changed:
            return Edited(CANCELLED)
        return Edited(f"endpoints/{seen['metadata']['name']} edited", outcome.object)


def _replacement(body: str) -> Callable[[Object], Object]:
    """The change an edit makes: the whole object becomes what the file holds."""

    def replace(_current: Object) -> Object:
        return parse_edit(body)

    return replace


def _failed(
    problem: str,
    kept: Path | None,
    details: Iterable[str] = (),
    exit_code: ExitCode = ExitCode.FAILURE,
) -> EditFailed:
    where = f", your edit is kept in {kept}" if kept is not None else ""
    return EditFailed(f"{problem}; nothing was saved{where}", kept, details, exit_code)


def _changed(path: Path, original: str) -> bool:
    """Whether the file differs from what the editor was first given (read within bounds)."""
    try:
        return read_own_file(path, MAX_EDIT_BYTES) != original.encode("utf-8")
    except OSError as error:
        return error.errno == errno.EFBIG  # larger than anything we wrote


def _changed_meanwhile(store: Store, seen: Object) -> list[str]:
    """What the other writer changed, to show beside the conflict."""
    from skyshift_tui.services.editing import changed_meanwhile

    meta = seen["metadata"]
    try:
        current: Any = store.get_endpoints(meta["name"], meta["namespace"])
    except SkyShiftError:
        current = None
    return changed_meanwhile(seen, current)
