"""A `migrate` or `apply` that etcd stops part way (issue 13, point 9): killed after 61,419 of
100,021 objects, it said only `cannot reach etcd`. It now says how many were written and that
running the same command again completes it, and running it again does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_support import run_skyctl
from etcd_fixtures import Cluster
from hostile_support import Result, one_error_line

from skyshift_tui.cli.main import main
from skyshift_tui.core.models import parse_object
from skyshift_tui.store import open_store
from skyshift_tui.store.etcd.client import EtcdClient, written_keys
from skyshift_tui.store.file.store import TinyDBStore

SETS = 600
"""Five transactions of at most 128 objects; etcd is killed before the third."""


def _objects() -> list[dict[str, Any]]:
    return [{"kind": "Endpoints", "metadata": {"name": f"s{n:04d}"}} for n in range(SETS)]


@pytest.mark.parametrize("command", ["migrate", "apply"])
def test_a_half_done_write_says_how_far_it_got_and_is_completed_by_running_it_again(
    etcd: Cluster,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    source = tmp_path / "source.json"
    TinyDBStore(source).apply([parse_object(obj) for obj in _objects()])
    document = tmp_path / "sets.json"
    document.write_text(json.dumps(_objects()))
    args = (
        ["migrate", "--from", str(source), "--to", etcd.url]
        if command == "migrate"
        else ["--store", etcd.url, "apply", "-f", str(document)]
    )
    member = etcd.members[0]
    original = EtcdClient.txn
    writes: list[int] = []

    def killing(self: EtcdClient, compare: Any, success: Any, failure: Any = None) -> Any:
        if written_keys(success):
            writes.append(len(success))
            if len(writes) == 3:
                member.kill()
        return original(self, compare, success, failure)

    monkeypatch.setattr(EtcdClient, "txn", killing)
    try:
        code = main(args)
    finally:
        monkeypatch.undo()
        if member.process is None:
            member.start()
            member.wait_healthy()
    err = capsys.readouterr().err
    line = one_error_line(Result(code, b"", err.encode()))
    written = sum(writes[:2])
    assert code == 1, err
    assert line.startswith("error: cannot reach etcd at"), line
    assert f"; {written} of {SETS + 1} objects were written: " in line, line  # + `default`
    assert "running the same command again completes it" in line, line
    assert len(open_store(etcd.url).list_endpoints()) == written - 1

    again = run_skyctl(args)
    assert again.code == 0, again
    if command == "migrate":
        assert f"migrated {SETS + 1} objects to" in again.out, again
        assert f"{written - 1} unchanged" in again.out or f"{written} unchanged" in again.out
    else:
        assert again.out.count(" unchanged") == written - 1, again.out[:500]
    assert len(open_store(etcd.url).list_endpoints()) == SETS
