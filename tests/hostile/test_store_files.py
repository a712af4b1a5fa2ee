"""Store files under attack: the lock deleted mid-write, a read-only store, a symlinked store,
a directory given as the store (issue 8, points 3, 7, 8 and 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile_support import one_error_line, seeded, skyctl, state

from skyshift_tui.store.file.store import TinyDBStore

WRITES = 12
"""Sets each writer creates."""

WRITER = """
import sys
from skyshift_tui.core.errors import StoreError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store.file.store import TinyDBStore
store = TinyDBStore(sys.argv[1])
prefix, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    name = f"{prefix}-{i}"
    while True:  # a write refused because the lock went is retried, as a user would
        try:
            store.create_endpoints(EndpointsForm(name=name).to_endpoints())
            break
        except StoreError as error:
            print("refused:", error, file=sys.stderr, flush=True)
    print(name, flush=True)  # acknowledged: the write returned
"""


def test_lock_file_deleted_mid_write_loses_no_acknowledged_write(store_path: Path) -> None:
    """Point 7: a deleted lock file let two writers in at once (6 of 8 updates lost). Four
    writers of 12 sets each, the lock deleted every millisecond: before the fix this lost
    writes within a few dozen (it was 4 x 40 and took 20-120 s; the point needs no more)."""
    seeded(store_path)
    lock = Path(f"{store_path}.lock")
    stop = threading.Event()
    deletions = 0

    def delete_the_lock() -> None:
        nonlocal deletions
        while not stop.is_set():
            try:
                lock.unlink()
                deletions += 1
            except FileNotFoundError:
                pass
            stop.wait(0.001)

    deleter = threading.Thread(target=delete_the_lock)
    deleter.start()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store_path), f"w{n}", str(WRITES)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    acknowledged: set[str] = set()
    try:
        for writer in writers:
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
            acknowledged.update(out.split())
    finally:
        stop.set()
        deleter.join()
    assert deletions > 10
    stored = {obj["metadata"]["name"] for obj in TinyDBStore(store_path).list_endpoints()}
    assert len(acknowledged) == 4 * WRITES
    assert acknowledged <= stored


@pytest.mark.parametrize("how", ["mode 0400", "another owner"])
def test_read_only_store_is_refused_and_left_alone(store_path: Path, how: str) -> None:
    """Point 8: a 0400 store, or another user's, was replaced (mode and owner reset)."""
    seeded(store_path)
    if how == "mode 0400":
        store_path.chmod(0o400)
    else:
        os.chown(store_path, 4321, 4321)
    before = state(store_path)
    for args in (["create", "endpoints", "db"], ["delete", "endpoints", "web"]):
        result = skyctl(store_path, *args)
        assert result.code == 1, result
        assert f"store {store_path} is read-only" in one_error_line(result)
        assert state(store_path) == before
    assert skyctl(store_path, "get", "endpoints", "web").code == 0  # still readable


def test_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    store_path = folder / "store.json"
    seeded(store_path)
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK) and os.geteuid() == 0:
            pytest.skip("root writes in any folder; the mode-bit test above covers root")
        result = skyctl(store_path, "create", "endpoints", "db")
        assert result.code == 1 and "read-only" in one_error_line(result)
    finally:
        folder.chmod(0o700)


def test_symlinked_store_writes_through_to_its_target(tmp_path: Path) -> None:
    """Point 3: the first write through a link replaced the link with a regular file."""
    real = tmp_path / "real" / "store.json"
    real.parent.mkdir()
    seeded(real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert skyctl(link, "create", "endpoints", "via-link").code == 0
    assert skyctl(real, "create", "endpoints", "via-real").code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    names = {obj["metadata"]["name"] for obj in TinyDBStore(link).list_endpoints()}
    assert names == {"web", "via-link", "via-real"}
    assert not Path(f"{link}.lock").exists()  # one lock, the target's
    assert Path(f"{real}.lock").exists()


def test_directory_as_store_is_refused_without_a_stray_lock(tmp_path: Path) -> None:
    """Point 12: `--store DIR` left a `DIR.lock` behind."""
    folder = tmp_path / "adir"
    folder.mkdir()
    result = skyctl(folder, "create", "endpoints", "web")
    assert result.code == 1
    assert "is a directory" in one_error_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]


def test_store_in_a_missing_folder_is_said_to_be_missing(tmp_path: Path) -> None:
    """Point 12: `get` said "No resources found", `create` made the folders silently."""
    store_path = tmp_path / "not" / "yet" / "store.json"
    result = skyctl(store_path, "get", "endpoints")
    assert result.code == 0 and result.out == ""
    assert f"store {store_path} does not exist yet" in result.err
    assert not (tmp_path / "not").exists()
    created = skyctl(store_path, "create", "endpoints", "web")
    assert created.code == 0, created
    assert f"created the folder {store_path.parent}" in created.err
    again = skyctl(store_path, "create", "endpoints", "db")
    assert again.code == 0 and again.err == ""  # said once: the folder is there now
