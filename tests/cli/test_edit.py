"""`skyctl edit endpoints NAME` driven by an EDITOR script: changed, unchanged, invalid (kept
and reported without a terminal; reopened with the error on one), and refused when stale."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from cli_support import SKYCTL, StoreState, add_endpoints, run_skyctl

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
    env = {**os.environ, "EDITOR": editor(tmp_path, body)}
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*SKYCTL, "--store", store_url, "edit", "endpoints", "web"],
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0, output
    os.close(primary)
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
