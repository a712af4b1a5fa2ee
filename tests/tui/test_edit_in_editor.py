"""`E`: the TUI hands the set's YAML to $EDITOR (a real editor script) and saves it checked.

The headless test driver cannot give the terminal away, so `App.suspend` is a no-op here;
everything else (the editor process, the file, the store) is real.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from edit_scenarios import (
    CANCELS,
    FAILURES,
    INVALID_THEN_FIXED,
    REFUSED,
    editor_command,
    kept_file,
    other_writer,
    shown,
)
from edit_support import notifications
from tui_support import running, settled

from skyshift_tui.store import Store
from skyshift_tui.store.file.store import TinyDBStore

pytestmark = pytest.mark.backend_matters("the editor's save is version-checked by each store")


@contextmanager
def no_terminal_to_give() -> Iterator[None]:
    yield


def editor_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text(f"import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n{body}\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


async def test_capital_e_saves_what_the_editor_wrote(
    seeded: TinyDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_script(
        tmp_path,
        monkeypatch,
        "path.write_text(path.read_text().replace('num_endpoints: 2', 'num_endpoints: 8'))",
    )
    async with running(seeded) as (app, pilot):
        monkeypatch.setattr(app, "suspend", no_terminal_to_give)
        await pilot.press("E")
        await settled(pilot)
        spec = seeded.get_endpoints("api", "default")["spec"]
        assert spec["endpoints"]["us-east"]["num_endpoints"] == 8
        assert "endpoints/api saved in default" in notifications(app)
        assert app.catalog.rows["default/api"].cells[3] == "us-east: 8"


async def test_capital_e_with_an_unchanged_file_changes_nothing(
    seeded: TinyDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor_script(tmp_path, monkeypatch, "pass")
    async with running(seeded) as (app, pilot):
        monkeypatch.setattr(app, "suspend", no_terminal_to_give)
        revision = seeded.revision()
        await pilot.press("E")
        assert seeded.revision() == revision
        assert "Edit cancelled, no changes made." in notifications(app)  # as skyctl edit says


@pytest.mark.parametrize("starts", [True, False], ids=["exits-3", "cannot-start"])
async def test_the_app_resumes_after_an_editor_that_fails(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, starts: bool
) -> None:
    """Textual's `suspend` resumes only when its block ends normally (no try/finally): an
    editor's failure must be raised after it, or the app stays suspended on a blank screen."""
    steps: list[str] = []

    @contextmanager
    def suspend_as_textual_does() -> Iterator[None]:
        steps.append("suspended")
        yield
        steps.append("resumed")

    monkeypatch.delenv("VISUAL", raising=False)
    failing = editor_command(tmp_path, FAILURES["editor-fails"][0], name="api")
    monkeypatch.setenv("EDITOR", failing if starts else str(tmp_path / "no-such-editor"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    async with running(seeded) as (app, pilot):
        monkeypatch.setattr(app, "suspend", suspend_as_textual_does)
        await pilot.press("E")
        assert steps == ["suspended", "resumed"]
        assert "nothing was saved" in notifications(app)[0]


async def test_a_terminal_that_cannot_suspend_is_told_not_crashed(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("E")  # the headless driver cannot suspend
        assert app.is_running
        assert any("cannot hand over to an editor" in m for m in notifications(app))


def test_capital_e_in_a_real_terminal(
    seeded: TinyDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end in a pseudo-terminal: the app really suspends, the editor (a script) runs
    on the terminal, the app comes back, and the store holds the edit."""
    import os
    import pty
    import subprocess
    import threading
    import time

    editor_script(
        tmp_path,
        monkeypatch,
        "path.write_text(path.read_text().replace('num_endpoints: 2', 'num_endpoints: 8'))",
    )
    master, slave = pty.openpty()
    child = (
        "import sys\nfrom skyshift_tui.store import open_store\n"
        "from skyshift_tui.tui.app import run_tui\nrun_tui(open_store(sys.argv[1]), None)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child, str(seeded.location)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)
    output = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            output.extend(data)

    threading.Thread(target=drain, daemon=True).start()

    def until(condition: object, what: str) -> None:
        deadline = time.monotonic() + 30
        while not condition():  # type: ignore[operator]
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.05)

    def api_count() -> int:
        spec = seeded.get_endpoints("api", "default")["spec"]
        return int(spec["endpoints"]["us-east"]["num_endpoints"])

    try:
        until(lambda: b"6 sets" in output, "the table")
        os.write(master, b"E")
        until(lambda: api_count() == 8, "the edit in the store")
        until(lambda: b"saved in default" in output, "the notification")
        os.write(master, b"q")
        assert process.wait(15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


# -- the same editors as tests/cli/test_edit.py meet, through `E` (one loop: edit_loop.py) ----
def api_count(store: Store) -> int:
    return int(
        store.get_endpoints("api", "default")["spec"]["endpoints"]["us-east"]["num_endpoints"]
    )


async def press_capital_e(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> list[str]:
    """Run `body` as $EDITOR through `E` on the selected set (api); the notifications."""
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_command(tmp_path, body, name="api"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    async with running(store) as (app, pilot):
        monkeypatch.setattr(app, "suspend", no_terminal_to_give)
        await pilot.press("E")
        await settled(pilot)
        return notifications(app)


async def nothing_written(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> str:
    """`press_capital_e` that must write nothing and say one thing: what it says."""
    revision = store.revision()
    [message] = await press_capital_e(store, tmp_path, monkeypatch, body)
    assert store.revision() == revision
    return message


async def test_capital_e_reopens_an_invalid_edit_until_it_is_fixed(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = await press_capital_e(seeded, tmp_path, monkeypatch, INVALID_THEN_FIXED)
    assert "endpoints/api saved in default" in said
    assert api_count(seeded) == 6
    second = shown(tmp_path)[1]
    assert second.startswith("# Please edit")
    assert "# error: " in second and "non-negative" in second


async def test_capital_e_refuses_a_set_changed_meanwhile_and_keeps_the_edit(
    seeded: Store, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = await press_capital_e(seeded, tmp_path, monkeypatch, other_writer(store_url, "api", 9))
    assert api_count(seeded) == 9
    [message] = said
    lines = message.splitlines()
    assert 'endpoints "api" was changed since version' in lines[0]
    assert lines[1:] == ["Changed meanwhile:", "  spec.endpoints.us-east.num_endpoints: 2 → 9"]
    assert "num_endpoints: 3" in kept_file(message).read_text()


@pytest.mark.parametrize(("body", "problem"), FAILURES.values(), ids=FAILURES.keys())
async def test_capital_e_saves_nothing_when_the_editor_or_file_fails(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, problem: str
) -> None:
    message = await nothing_written(seeded, tmp_path, monkeypatch, body)
    assert problem in message and len(message.splitlines()) == 1
    assert kept_file(message).exists()


@pytest.mark.parametrize(("body", "field"), REFUSED.values(), ids=REFUSED.keys())
async def test_capital_e_refuses_a_new_name_or_namespace(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, field: str
) -> None:
    """As kubectl: reopened with the error; saved untouched, the edit gives up, kept."""
    message = await nothing_written(seeded, tmp_path, monkeypatch, body)
    assert f"{field} cannot be changed" in message
    assert f"# error: {field} cannot be changed" in shown(tmp_path)[1]
    kept_file(message).unlink()


@pytest.mark.parametrize(("body", "said"), CANCELS.values(), ids=CANCELS.keys())
async def test_capital_e_with_nothing_to_save_says_cancelled(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, said: str
) -> None:
    revision = seeded.revision()
    assert await press_capital_e(seeded, tmp_path, monkeypatch, body) == [said]
    assert seeded.revision() == revision
    assert not list(tmp_path.glob("skyctl-edit-*"))  # nothing left behind
