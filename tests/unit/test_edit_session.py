"""`edit_in_editor`: the $EDITOR loop behind the TUI's `E`, run with real editor scripts
(small Python programs set as $EDITOR) over a real store."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from skyshift_tui.edit_session import edit_in_editor, editor_command
from skyshift_tui.models import EndpointsForm
from skyshift_tui.store.base import Object
from skyshift_tui.store.tinydb_store import TinyDBStore


@pytest.fixture
def web(store: TinyDBStore) -> Object:
    form = EndpointsForm("web", "default", "2", False, "us-east", "app=web")
    return store.create_endpoints(form.to_endpoints()).object


def use_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> Path:
    """Make $EDITOR a Python script: `path` is the file to edit, `calls` counts rounds,
    `seen` collects every file the editor was shown."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"calls_file = pathlib.Path({str(tmp_path / 'calls')!r})\n"
        "calls = int(calls_file.read_text()) + 1 if calls_file.exists() else 1\n"
        "calls_file.write_text(str(calls))\n"
        f"with open({str(tmp_path / 'seen')!r}, 'a') as seen:\n"
        "    seen.write(path.read_text() + '\\n=====\\n')\n"
        "text = path.read_text()\n" + textwrap.dedent(body)
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return tmp_path / "seen"


Editor = Callable[[str], Path]


@pytest.fixture
def editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Editor:
    """`editor(body)` makes $EDITOR run `body` on the file; returns the log of what it saw."""
    return lambda body: use_editor(monkeypatch, tmp_path, body)


def count(store: TinyDBStore) -> int:
    return int(
        store.get_endpoints("web", "default")["spec"]["endpoints"]["us-east"]["num_endpoints"]
    )


def test_a_valid_edit_is_saved(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor(
        "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 6'))",
    )
    outcome = edit_in_editor(store, web)
    assert outcome.ok and outcome.message == "endpoints/web saved in default"
    assert count(store) == 6


def test_an_unchanged_file_changes_nothing(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    seen = editor("pass")
    revision = store.revision()
    outcome = edit_in_editor(store, web)
    assert outcome.ok and outcome.message == "endpoints/web unchanged"
    assert store.revision() == revision
    shown = seen.read_text()
    assert shown.startswith("# Edit the endpoints below")
    assert "kind: Endpoints" in shown and "num_endpoints: 2" in shown


def test_an_invalid_edit_reopens_with_the_error_on_top(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    seen = editor(
        """
        if calls == 1:
            path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -1'))
        else:
            path.write_text(text.replace('num_endpoints: -1', 'num_endpoints: 4'))
        """,
    )
    outcome = edit_in_editor(store, web)
    assert outcome.ok and count(store) == 4
    second = seen.read_text().split("=====\n")[1]
    lines = second.splitlines()
    assert lines[0].startswith("# error:")
    assert lines[1] == "# number of endpoints must be non-negative (got -1)"
    assert "num_endpoints: -1" in second  # what the user typed is kept


def test_saving_the_error_file_untouched_gives_up(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor(
        """
        if calls == 1:
            path.write_text(text.replace('name: web', 'name: renamed'))
        """,
    )
    revision = store.revision()
    outcome = edit_in_editor(store, web)
    assert outcome.ok and "given up" in outcome.message
    assert store.revision() == revision
    assert (tmp_path / "calls").read_text() == "2"


def test_broken_yaml_and_a_rename_are_errors_in_the_file(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    seen = editor(
        """
        if calls == 1:
            path.write_text(text + 'spec: [unclosed\\n')
        elif calls == 2:
            path.write_text(text.replace('spec: [unclosed', '').replace('name: web', 'name: x'))
        """,
    )
    edit_in_editor(store, web)
    rounds = seen.read_text().split("=====\n")
    assert "not valid YAML" in rounds[1].splitlines()[1]
    assert "name and namespace are fixed" in rounds[2]


def test_a_set_changed_meanwhile_is_not_overwritten(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    editor(
        f"""
        from skyshift_tui.models import EndpointsForm
        from skyshift_tui.store.tinydb_store import TinyDBStore
        other = TinyDBStore({str(store.path)!r})  # another process, while the editor is open
        theirs = EndpointsForm("web", "default", "9", False, "us-east", "app=web")
        other.update_endpoints(theirs.to_endpoints())
        path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 3'))
        """,
    )
    outcome = edit_in_editor(store, web)
    assert not outcome.ok
    assert 'endpoints "web" was changed since version' in outcome.message
    assert "spec.endpoints.us-east.num_endpoints: 2 → 9" in outcome.message
    assert count(store) == 9
    kept = Path(outcome.message.rsplit("kept in ", 1)[1].rstrip("."))
    assert "num_endpoints: 3" in kept.read_text()
    kept.unlink()


def test_an_emptied_file_or_a_failing_editor_changes_nothing(
    store: TinyDBStore, web: Object, editor: Editor, tmp_path: Path
) -> None:
    revision = store.revision()
    editor("path.write_text('')")
    assert "emptied" in edit_in_editor(store, web).message
    editor("sys.exit(3)")
    outcome = edit_in_editor(store, web)
    assert not outcome.ok and "status 3" in outcome.message
    assert store.revision() == revision


def test_visual_then_editor_then_vi() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano -w"}) == ["nano", "-w"]
    assert editor_command({"EDITOR": "  "}) == ["vi"]
    assert editor_command({}) == ["vi"]


def test_the_editing_modules_never_import_textual() -> None:
    """`skyctl edit` can reuse the loop without paying for (or depending on) the TUI."""
    import subprocess

    probe = (
        "import sys, skyshift_tui.edit_session, skyshift_tui.editing, skyshift_tui.clipboard\n"
        "print(sorted({m.partition('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
