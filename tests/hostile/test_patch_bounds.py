"""A JSON patch cannot build an object without limit, nor hold the store's lock while it works
(issue 13, point 5): 22 `copy` operations of `/spec` into itself took 46 s and 3.4 GB, holding
the write lock, and a concurrent `create` failed with "store is locked"."""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest
from hostile_support import SKYCTL, TIMEOUT, Result, one_error_line, seeded, state

from skyshift_tui.cli import json_patch
from skyshift_tui.cli.main import main
from skyshift_tui.core.errors import StoreError
from skyshift_tui.store.file.locking import FileLock

DOUBLING = json.dumps([{"op": "copy", "from": "/spec", "path": f"/spec/x{n}"} for n in range(22)])
MEMORY_LIMIT = 1024 * 1024 * 1024


def _limited_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_doubling_patch_is_refused_at_the_operation_that_breaks_the_limit(
    store_path: Path,
) -> None:
    """Within 1 GiB of address space (main ran out of it: `unexpected MemoryError`, exit 1)."""
    seeded(store_path)
    before = state(store_path)
    args = ["--store", str(store_path), "patch", "endpoints", "web", "--type", "json"]
    done = subprocess.run(
        [*SKYCTL, *args, "-p", DOUBLING],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        preexec_fn=_limited_memory,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    assert result.code == 2, result
    line = one_error_line(result)
    assert "operation 1" in line and '"/spec/x1' in line and "1 MiB" in line, line
    assert state(store_path) == before


def _patch(store_path: Path, operations: list[object], capsys: pytest.CaptureFixture[str]) -> str:
    """`patch endpoints web --type json` in-process (a 250 KB value is past argv's 128 KiB);
    the one error line, with the store checked unchanged, or "" when it applied."""
    before = state(store_path)
    args = ["patch", "endpoints", "web", "--type", "json", "-p", json.dumps(operations)]
    code = main(["--store", str(store_path), *args])
    err = capsys.readouterr().err
    if code == 0:
        return ""
    assert code == 2 and state(store_path) == before, err
    return one_error_line(Result(code, b"", err.encode()))


def _condition(n: int) -> dict[str, object]:
    return {"op": "add", "path": "/status/conditions/-", "value": {"n": n, "blob": "a" * 250_000}}


def test_copying_and_removing_over_and_over_is_bounded(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The object stays small, but each copy is work: what copies copy is bounded in all."""
    seeded(store_path)
    start = [{"op": "add", "path": "/status", "value": {"conditions": []}}, _condition(0)]
    assert _patch(store_path, start, capsys) == ""
    again = [
        {"op": "copy", "from": "/status/conditions/0", "path": "/status/conditions/-"},
        {"op": "remove", "path": "/status/conditions/1"},
    ]
    line = _patch(store_path, again * 6, capsys)
    assert "operation 9 " in line and "copy operations may copy at most" in line, line


def test_a_patch_that_passes_near_the_limit_still_applies(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removals count: 5 such conditions would pass 1 MiB, but never more than 4 are there."""
    seeded(store_path)
    ops: list[object] = [{"op": "add", "path": "/status", "value": {"conditions": []}}]
    ops += [_condition(n) for n in range(4)]
    ops += [{"op": "remove", "path": "/status/conditions/0"} for _ in range(4)]
    ops += [_condition(n) for n in range(4)]
    assert _patch(store_path, ops, capsys) == ""
    line = _patch(store_path, [_condition(5)], capsys)
    assert "operation 1 " in line and "larger than 1048576 bytes" in line, line


def test_a_json_patch_is_computed_without_the_write_lock(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the patch works, another writer can take the lock (it is written afterwards,
    checked against the version it was computed on)."""
    seeded(store_path)
    applied = json_patch.apply_json_patch
    lock_was_free: list[bool] = []

    def probing(obj: object, operations: list[object]) -> object:
        try:
            with FileLock(f"{store_path}.lock", timeout=0):
                lock_was_free.append(True)
        except StoreError:
            lock_was_free.append(False)
        return applied(obj, operations)

    monkeypatch.setattr(json_patch, "apply_json_patch", probing)
    ops = json.dumps([{"op": "add", "path": "/metadata/labels", "value": {"a": "b"}}])
    args = ["patch", "endpoints", "web", "--type", "json", "-p", ops]
    assert main(["--store", str(store_path), *args]) == 0
    assert lock_was_free == [True]
