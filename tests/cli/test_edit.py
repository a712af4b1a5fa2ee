"""`skyctl edit endpoints NAME` driven by an EDITOR script: changed, unchanged, invalid (kept
and reported without a terminal; reopened with the error on one), and refused when stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import SKYCTL, StoreState, add_endpoints, run_on_a_terminal, run_skyctl
from edit_scenarios import (
    CANCELS,
    FAILURES,
    REFUSED,
    editor_command,
    kept_file,
    other_writer,
    shown,
)

from skyshift_tui.store import Store


def editor(tmp_path: Path, body: str) -> str:
    """An EDITOR command: a Python script whose `body` gets `path` (the file) and `text`."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text()\n" + body + "\n"
    )
    return f"{sys.executable} {script}"


def edit(
    store_url: str, tmp_path: Path, command: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run `skyctl edit endpoints web` with no terminal; its temporary files in edits/."""
    edits = tmp_path / "edits"
    edits.mkdir(exist_ok=True)
    env = {**os.environ, "EDITOR": command, "TMPDIR": str(edits)}
    env.pop("VISUAL", None)
    return subprocess.run(
        [*SKYCTL, "--store", store_url, "edit", "endpoints", "web", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def edit_on_a_terminal(store_url: str, command: str) -> tuple[int, bytes]:
    """Run `skyctl edit endpoints web` on a pseudo-terminal; its exit code and all it wrote."""
    env = {**os.environ, "EDITOR": command}
    env.pop("VISUAL", None)
    return run_on_a_terminal(["--store", store_url, "edit", "endpoints", "web"], env)


def test_changed_edit_is_saved(tmp_path: Path, store: Store, store_url: str) -> None:
    add_endpoints(store, "web", num_endpoints=2, selector=["app=web"])
    done = edit(
        store_url,
        tmp_path,
        editor(tmp_path, "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 7'))"),
    )
    assert (done.returncode, done.stdout) == (0, "endpoints/web edited\n"), done.stderr
    obj = store.get_endpoints("web", "default")
    assert obj["spec"]["endpoints"]["auto"]["num_endpoints"] == 7
    assert obj["spec"]["selector"] == {"app": "web"}
    assert not list((tmp_path / "edits").iterdir())  # nothing left behind


def test_unchanged_edit_is_cancelled(
    tmp_path: Path, store: Store, store_url: str, store_state: StoreState
) -> None:
    add_endpoints(store, "web")
    before = store_state()
    done = edit(store_url, tmp_path, editor(tmp_path, "pass"))
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == "Edit cancelled, no changes made.\n"
    assert store_state() == before


def test_invalid_edit_without_terminal_keeps_the_file(
    tmp_path: Path, store: Store, store_url: str, store_state: StoreState
) -> None:
    add_endpoints(store, "web", num_endpoints=2)
    before = store_state()
    done = edit(
        store_url,
        tmp_path,
        editor(tmp_path, "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -4'))"),
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: ") and "non-negative" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    kept = Path(done.stderr.rsplit("kept in ", 1)[1].strip())
    assert "num_endpoints: -4" in kept.read_text()
    kept.unlink()
    assert store_state() == before


def test_stale_edit_is_refused(tmp_path: Path, store: Store, store_url: str) -> None:
    add_endpoints(store, "web", num_endpoints=2)
    other = f"{SKYCTL[0]} -m skyctl --store {store_url} scale endpoints web --num_endpoints 5"
    body = (
        "import subprocess\n"
        f"subprocess.run({other!r}.split(), check=True, capture_output=True)\n"
        "path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: 3'))"
    )
    done = edit(store_url, tmp_path, editor(tmp_path, body))
    assert done.returncode == 1 and "was changed since version" in done.stderr
    assert store.get_endpoints("web", "default")["spec"]["endpoints"]["auto"]["num_endpoints"] == 5
    Path(done.stderr.rsplit("kept in ", 1)[1].strip().rstrip(")")).unlink()


def test_invalid_edit_on_a_terminal_reopens_with_the_error(
    tmp_path: Path, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web", num_endpoints=2)
    log = tmp_path / "seen.txt"
    body = (
        f"log = pathlib.Path({str(log)!r})\n"
        "log.write_text(log.read_text() + '=====\\n' + text if log.exists() else text)\n"
        "if '# error:' in text:\n"
        "    path.write_text(text.replace('num_endpoints: -4', 'num_endpoints: 6'))\n"
        "else:\n"
        "    path.write_text(text.replace('num_endpoints: 2', 'num_endpoints: -4'))\n"
    )
    code, output = edit_on_a_terminal(store_url, editor(tmp_path, body))
    assert code == 0, output
    assert b"endpoints/web edited" in output
    second = log.read_text().split("=====\n")[1]
    assert second.startswith("# Please edit")
    assert "# error: " in second and "non-negative" in second  # the reason, as a comment
    assert store.get_endpoints("web", "default")["spec"]["endpoints"]["auto"]["num_endpoints"] == 6


def test_missing_set_and_bad_editor(tmp_path: Path, store: Store, store_url: str) -> None:
    missing = run_skyctl(["--store", store_url, "edit", "endpoints", "ghost"])
    assert missing.code == 1 and "does not exist" in missing.err
    add_endpoints(store, "web")
    nowhere = edit(store_url, tmp_path, str(tmp_path / "no-such-editor"))
    assert nowhere.returncode == 2 and "cannot start the editor" in nowhere.stderr


# -- the same editors as tests/tui/test_edit_in_editor.py meet through `E` (one loop); an
# invalid edit fixed on the reopened file is test_invalid_edit_on_a_terminal_reopens_with_the_error
def test_a_conflict_says_what_changed_meanwhile(
    tmp_path: Path, store: Store, store_url: str
) -> None:
    add_endpoints(store, "web", num_endpoints=2)
    done = edit(store_url, tmp_path, editor_command(tmp_path, other_writer(store_url, "web", 5)))
    assert done.returncode == 1 and done.stdout == ""
    *before, last = done.stderr.splitlines()
    assert before == ["Changed meanwhile:", "  spec.endpoints.auto.num_endpoints: 2 → 5"]
    assert last.startswith('error: endpoints "web" was changed since version')
    assert "num_endpoints: 3" in kept_file(last).read_text()


@pytest.mark.parametrize(("body", "problem"), FAILURES.values(), ids=FAILURES.keys())
def test_a_failing_editor_or_file_saves_nothing(
    tmp_path: Path,
    store: Store,
    store_url: str,
    store_state: StoreState,
    body: str,
    problem: str,
) -> None:
    add_endpoints(store, "web", num_endpoints=2)
    before = store_state()
    done = edit(store_url, tmp_path, editor_command(tmp_path, body))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: ") and problem in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert kept_file(done.stderr).exists()
    assert store_state() == before


@pytest.mark.parametrize(("body", "field"), REFUSED.values(), ids=REFUSED.keys())
def test_a_new_name_or_namespace_is_refused(
    tmp_path: Path, store: Store, store_url: str, store_state: StoreState, body: str, field: str
) -> None:
    add_endpoints(store, "web")
    before = store_state()
    done = edit(store_url, tmp_path, editor_command(tmp_path, body))
    assert done.returncode == 1 and f"error: {field} cannot be changed" in done.stderr
    assert store_state() == before
    again = tmp_path / "on-a-terminal"
    again.mkdir()
    code, output = edit_on_a_terminal(store_url, editor_command(again, body))
    assert code == 1 and f"{field} cannot be changed".encode() in output  # reopened, given up
    assert f"# error: {field} cannot be changed" in shown(again)[1]
    assert store_state() == before
    kept_file(output.decode()).unlink()


@pytest.mark.parametrize(("body", "said"), CANCELS.values(), ids=CANCELS.keys())
def test_nothing_to_save_is_cancelled(
    tmp_path: Path,
    store: Store,
    store_url: str,
    store_state: StoreState,
    body: str,
    said: str,
) -> None:
    add_endpoints(store, "web")
    before = store_state()
    done = edit(store_url, tmp_path, editor_command(tmp_path, body))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", said + "\n")
    assert store_state() == before
    assert not list((tmp_path / "edits").iterdir())
