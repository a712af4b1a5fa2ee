"""The settings file (`~/.config/skyshift/tui.json`, the theme) is the program's own, but
anything may be there (issue 13, point 6): 70,000 `[` stopped the TUI at launch, a FIFO hung it
on a blank screen that ignored q and Ctrl-C. Whatever is wrong is said once and ignored."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tui_support import running, seed, wait_for

from skyshift_tui.tui.user_files import read_own_file, settings_path

BROKEN = {
    "nested-70000": (b"[" * 70_000, "larger than 65536 bytes"),
    "nested-60000": (b"[" * 60_000, "nested too deep"),
    "not-json": (b'{"theme": ', "not JSON"),
    "not-utf8": (b'{"theme": "\xff"}', "not JSON"),
    "a-list": (b'["nord"]', "not a JSON object"),
}


@pytest.mark.parametrize(("content", "why"), BROKEN.values(), ids=BROKEN.keys())
async def test_a_broken_settings_file_is_said_once_and_ignored(
    store_path: Path, content: bytes, why: str
) -> None:
    seeded = seed(store_path)  # (the store's kind does not matter here)
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    async with running(seeded) as (app, pilot):
        said = [n.message for n in app._notifications if "settings file" in n.message]
        assert said == [f"settings file {path} ignored: {said[0].split(': ', 1)[1]}"]
        assert why in said[0] and said[0].endswith("; fix or remove it")
        assert app.theme == "textual-dark"
        app.theme = "nord"  # not written over a file the user has to look at
        await pilot.pause()
        assert app.is_running
    assert path.read_bytes() == content


async def test_a_fifo_as_the_settings_file_is_said_and_ignored(store_path: Path) -> None:
    seeded = seed(store_path)
    path = settings_path()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    async with running(seeded) as (app, pilot):
        await wait_for(pilot, lambda: app._notifications, "the notice")
        said = [n.message for n in app._notifications]
        assert said == [f"settings file {path} ignored: not a regular file; fix or remove it"]


def test_read_own_file_reads_only_regular_files_within_the_bound(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "ok").write_bytes(b"x" * 10)
    (tmp_path / "folder").mkdir()
    assert read_own_file(tmp_path / "ok", 10) == b"x" * 10
    for path, limit, why in [
        (tmp_path / "fifo", 10, "not a regular file"),
        (tmp_path / "folder", 10, "not a regular file"),
        (Path(os.devnull), 10, "not a regular file"),
        (tmp_path / "ok", 9, "larger than 9 bytes"),
    ]:
        with pytest.raises(OSError) as refused:
            read_own_file(path, limit)
        assert refused.value.strerror == why
    with pytest.raises(FileNotFoundError):
        read_own_file(tmp_path / "missing", 10)


def test_skyctl_tui_with_a_fifo_as_settings_quits_on_q(store_path: Path, tmp_path: Path) -> None:
    """The real program on a terminal: it draws its screen (the selected set) and quits
    on q. (It waited forever for a writer to open the FIFO, on a blank screen.)"""
    seeded = seed(store_path)
    config = tmp_path / "xdg-config"
    (config / "skyshift").mkdir(parents=True)
    os.mkfifo(config / "skyshift" / "tui.json")
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "TERM": "xterm-256color"}
    main, child = os.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "skyctl", "--store", seeded.location, "tui"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
    )
    os.close(child)
    try:
        screen = b""
        deadline = time.monotonic() + 60  # a hang detector, not a speed bound
        while b"default/api" not in screen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no notice on the screen: {screen[-2000:]!r}"
            if select.select([main], [], [], remaining)[0]:
                screen += os.read(main, 65536)
        os.write(main, b"q")
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
