"""`edit_loop`: the $EDITOR loop behind both `skyctl edit` and the TUI's `E`, run with real
editor scripts (small Python programs set as $EDITOR) over a real store. What the two faces
show is pinned in tests/cli/test_edit.py and tests/tui/test_edit_in_editor.py; here, the
loop's own rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from edit_scenarios import editor_command, kept_file, shown

from skyshift_tui.core.errors import ExitCode, InvalidInputError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.services.edit_loop import (
    CANCELLED,
    HEADER,
    EditFailed,
    edit_loop,
    strip_comments,
    with_error,
)
from skyshift_tui.services.edit_loop import editor_command as chosen_editor
from skyshift_tui.store.base import Object
from skyshift_tui.store.file.store import TinyDBStore

Editor = Callable[[str], None]


@pytest.fixture
def web(store: TinyDBStore) -> Object:
    form = EndpointsForm("web", "default", "2", False, "us-east", "app=web")
    return store.create_endpoints(form.to_endpoints()).object


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Editor:
    """`editor(body)` makes $EDITOR run `body` (edit_scenarios' variables) on the file."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))

    def use(body: str) -> None:
        monkeypatch.setenv("EDITOR", editor_command(tmp_path, body))

    return use


def negative_first(then: str) -> str:
    """An editor body: a negative count in the first round, `then` in the next."""
    first = "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -1'))"
    return f"if rounds == 1:\n    {first}\nelse:\n    {then}\n"


def count(store: TinyDBStore) -> int:
    spec = store.get_endpoints("web", "default")["spec"]
    return int(spec["endpoints"]["us-east"]["num_endpoints"])


def test_a_valid_edit_is_saved_and_nothing_left_behind(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor("path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 6'))")
    done = edit_loop(store, web)
    assert done.message == "endpoints/web edited" and done.object is not None
    assert count(store) == 6
    assert shown(tmp_path)[0].startswith(HEADER)
    assert not list(tmp_path.glob("skyctl-edit-*"))


def test_without_a_terminal_an_invalid_edit_fails_at_once(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor("path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -1'))")
    revision = store.revision()
    with pytest.raises(EditFailed) as failed:
        edit_loop(store, web, interactive=False)
    assert failed.value.exit_code == ExitCode.FAILURE  # as kubectl edit exits
    assert "non-negative" in str(failed.value) and "\n" not in str(failed.value)
    assert failed.value.kept == kept_file(str(failed.value))
    assert "num_endpoints: -1" in failed.value.kept.read_text()
    assert (tmp_path / "rounds").read_text() == "1"
    assert store.revision() == revision


def test_the_error_goes_on_top_one_comment_line_per_line() -> None:
    text = with_error("kind: Endpoints\n", "first\nsecond")
    assert text.startswith(HEADER)
    assert text[len(HEADER) :] == (
        "# The edited object is invalid:\n# error: first\n# second\n#\nkind: Endpoints\n"
    )
    assert strip_comments(text) == "kind: Endpoints\n"


def test_indented_hash_lines_are_data_not_comments(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    """A block scalar may hold lines starting with `#`: only column-0 `#` lines are ours."""
    editor(
        "path.write_text(text.replace('annotations: {}',"
        " 'annotations:\\n    notes: |\\n      # not a comment\\n      kept'))"
    )
    edit_loop(store, web)
    notes = store.get_endpoints("web", "default")["metadata"]["annotations"]["notes"]
    assert notes == "# not a comment\nkept\n"


def test_a_yaml_alias_bomb_is_refused_quickly(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    """The edited file is read within the same bounds as `apply -f` (input_limits)."""
    bomb = "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9) if n else 'x'}]\\n" for n in range(10)
    )
    editor(f"path.write_text(text.replace('status:', '{bomb}status:'))")
    with pytest.raises(EditFailed, match="expands to more than"):
        edit_loop(store, web, interactive=False)


def test_a_version_changed_in_the_file_is_checked(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    """As `apply`: a resource_version the file carries is the one the write is checked at."""
    editor("path.write_text(text.replace('resource_version: ', 'resource_version: 1'))")
    with pytest.raises(EditFailed, match="was changed since version"):
        edit_loop(store, web)


def test_a_new_kind_is_refused(store: TinyDBStore, web: Object, editor: Editor) -> None:
    editor("path.write_text(text.replace('kind: Endpoints', 'kind: Namespace'))")
    with pytest.raises(EditFailed, match="kind cannot be changed"):
        edit_loop(store, web, interactive=False)


def test_reverting_to_the_original_after_an_error_is_a_cancel(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    editor(negative_first("path.write_text(text.replace('num_endpoints: -1', 'num_endpoints: 2'))"))
    assert edit_loop(store, web).message == CANCELLED


def test_an_editor_that_cannot_start_is_a_usage_error_leaving_no_file(
    store: TinyDBStore, web: Object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    with pytest.raises(EditFailed, match="cannot start the editor") as failed:
        edit_loop(store, web)
    assert failed.value.exit_code == ExitCode.USAGE and failed.value.kept is None
    assert not list(tmp_path.glob("skyctl-edit-*"))


def test_an_editor_that_fails_without_changing_the_file_keeps_nothing(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor("sys.exit(1)")
    with pytest.raises(EditFailed, match="exited with code 1; nothing was saved$") as failed:
        edit_loop(store, web)
    assert failed.value.kept is None
    assert not list(tmp_path.glob("skyctl-edit-*"))


def test_visual_then_editor_then_vi() -> None:
    assert chosen_editor({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert chosen_editor({"VISUAL": " ", "EDITOR": "nano -w"}) == ["nano", "-w"]
    assert chosen_editor({"EDITOR": "  "}) == ["vi"]
    assert chosen_editor({}) == ["vi"]
    with pytest.raises(InvalidInputError, match="cannot read the editor command"):
        chosen_editor({"EDITOR": "vim '"})


def test_the_editing_modules_never_import_textual() -> None:
    """`skyctl edit` runs the same loop as `E` without paying for (or depending on) the TUI."""
    probe = (
        "import sys, skyshift_tui.services.edit_loop, skyshift_tui.services.editing\n"
        "import skyshift_tui.render.clipboard\n"
        "import skyshift_tui.cli.edit, skyshift_tui.services.changes\n"
        "print(sorted({m.partition('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_an_editor_that_removes_the_file_is_one_clear_error(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    editor("path.unlink()")
    with pytest.raises(EditFailed, match="cannot read the edited file .*: No such file") as failed:
        edit_loop(store, web)
    assert failed.value.kept is None


def test_a_temporary_folder_that_cannot_be_used_is_one_clear_error(
    store: TinyDBStore, web: Object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    with pytest.raises(EditFailed, match="cannot make a file to edit in .*missing"):
        edit_loop(store, web)


def test_an_editor_failing_on_the_reopened_file_keeps_the_earlier_edit(
    store: TinyDBStore, web: Object, editor: Editor
) -> None:
    editor(negative_first("sys.exit(1)"))
    with pytest.raises(EditFailed, match="exited with code 1; nothing was saved, your") as failed:
        edit_loop(store, web)
    assert failed.value.kept is not None
    assert "num_endpoints: -1" in failed.value.kept.read_text()
