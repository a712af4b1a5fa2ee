"""Writes whose outcome etcd never told us (issue 13, point 8): with etcd stopped after the
request was sent, `create` said `cannot reach etcd` (exit 1), and the set appeared when etcd
resumed. Every write now says the outcome is unknown, with its own exit code (3) and the
command that shows what happened; a read still says only that etcd cannot be reached."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest
from etcd_fixtures import Cluster
from hostile_support import Result, one_error_line

from skyshift_tui.cli.main import main
from skyshift_tui.core.errors import ExitCode
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import open_store
from skyshift_tui.store.etcd.client import EtcdClient, written_keys


@pytest.fixture
def etcd_stops_at_the_first_write(
    etcd: Cluster, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Cluster]:
    """The session's etcd, holding a set `web` in `dev`, stopped (SIGSTOP) just before the
    first transaction that writes is sent, and resumed after the test: it takes the request
    (the kernel queues it) and answers nothing, as a member stalled mid-request does."""
    store = open_store(etcd.url)
    store.create_endpoints(EndpointsForm(name="web", namespace="dev").to_endpoints())
    process = etcd.members[0].process
    assert process is not None
    original = EtcdClient.txn

    def stopping(self: EtcdClient, compare: Any, success: Any, failure: Any = None) -> Any:
        if written_keys(success):
            os.kill(process.pid, signal.SIGSTOP)
        return original(self, compare, success, failure)

    monkeypatch.setattr(EtcdClient, "txn", stopping)
    try:
        yield etcd
    finally:
        os.kill(process.pid, signal.SIGCONT)


def _run(etcd: Cluster, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    code = main(["--store", etcd.url, *args])
    captured = capsys.readouterr()
    return Result(code, captured.out.encode(), captured.err.encode())


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (("create", "endpoints", "api", "-n", "dev"), "skyctl get endpoints api -n dev"),
        (("scale", "endpoints", "web", "-n", "dev", "--replicas", "3"), "get endpoints web -n dev"),
        (("label", "endpoints", "web", "-n", "dev", "a=b"), "get endpoints web -n dev"),
        (("delete", "endpoints", "web", "-n", "dev"), "skyctl get endpoints web -n dev"),
        (("create", "namespace", "prod"), "skyctl get namespace prod"),
    ],
    ids=["create", "scale", "label", "delete", "create-namespace"],
)
def test_a_write_etcd_never_answered_is_reported_as_unknown(
    etcd_stops_at_the_first_write: Cluster,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    check: str,
) -> None:
    result = _run(etcd_stops_at_the_first_write, capsys, *args)
    line = one_error_line(result)
    assert result.code == ExitCode.UNKNOWN == 3, result
    assert "did not answer after the write was sent" in line, line
    assert "the write may have been applied" in line and f"{check}`" in line, line


def test_a_read_etcd_never_answers_is_only_unreachable(
    etcd: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    process = etcd.members[0].process
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)
    try:
        result = _run(etcd, capsys, "get", "endpoints", "-A")
    finally:
        os.kill(process.pid, signal.SIGCONT)
    assert result.code == 1 and "cannot reach etcd at" in one_error_line(result), result
