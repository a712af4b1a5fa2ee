"""`skyctl get --watch`: current state, then every change by any process, ended by a signal."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Watch, add_endpoints, run_skyctl

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import Store
from skyshift_tui.store.file.store import TinyDBStore

StartWatch = Callable[..., Watch]


def event(line: str) -> tuple[str, str, str]:
    data = json.loads(line)
    meta = data["object"]["metadata"]
    return data["type"], meta.get("namespace", ""), meta["name"]


def assert_quiet_exit(watch: Watch, signum: int = signal.SIGINT) -> None:
    result = watch.stop(signum)
    assert result.code == 0
    assert "Traceback" not in result.err and "Aborted" not in result.err


def test_json_events_from_other_writers(watch: StartWatch, store: Store, store_url: str) -> None:
    add_endpoints(store, "before", "dev")
    add_endpoints(store, "elsewhere", "dev2")
    watcher = watch("get", "endpoints", "-n", "dev", "-w", "-o", "json")
    assert event(watcher.line()) == ("ADDED", "dev", "before")
    # Another process writes: a real `skyctl create`.
    created = run_skyctl(["--store", store_url, "create", "endpoints", "new", "-n", "dev"])
    assert created.code == 0, created.err
    assert event(watcher.line()) == ("ADDED", "dev", "new")
    # Several changes between two looks, and one in dev2 that must not show.
    add_endpoints(store, "other", "dev2")
    store.update_endpoints(
        EndpointsForm(name="new", namespace="dev", num_endpoints=4).to_endpoints()
    )
    store.delete_endpoints("before", "dev")
    assert [event(line) for line in watcher.lines(2)] == [
        ("MODIFIED", "dev", "new"),
        ("DELETED", "dev", "before"),
    ]
    result = watcher.stop()
    assert result.code == 0 and result.out == ""  # nothing from dev2
    assert "Traceback" not in result.err and "Aborted" not in result.err


def test_named_watch_follows_that_set_alone(watch: StartWatch, store: Store) -> None:
    add_endpoints(store, "web", "dev")
    add_endpoints(store, "api", "dev")
    watcher = watch("get", "endpoints", "web", "-w", "-o", "json")  # found in dev, said on stderr
    assert event(watcher.line()) == ("ADDED", "dev", "web")
    store.delete_endpoints("api", "dev")
    store.delete_endpoints("web", "dev")
    assert event(watcher.line()) == ("DELETED", "dev", "web")
    result = watcher.stop(signal.SIGTERM)
    assert result.code == 0
    assert 'showing it from "dev"' in result.err
    assert result.out == ""  # nothing about api


def test_table_watch_and_all_namespaces(watch: StartWatch, store: Store) -> None:
    add_endpoints(store, "web", num_endpoints=3, primary_cluster="c1")
    watcher = watch("get", "endpoints", "-A", "--watch")
    header, first = watcher.lines(2)
    assert header.split()[:3] == ["EVENT", "NAME", "NAMESPACE"]
    assert first.split()[:3] == ["ADDED", "web", "default"]
    assert header.index("NAME") == first.index("web")
    add_endpoints(store, "api", "prod")
    assert watcher.line().split()[:3] == ["ADDED", "api", "prod"]
    assert_quiet_exit(watcher)


@pytest.mark.file_store_only(
    "the file's bounded event log; etcd's compacted history: "
    "tests/unit/test_etcd_store.py::test_compacted_history_means_relist"
)
def test_watcher_that_fell_behind_relists(
    watch: StartWatch, backend: str, store_path: Path
) -> None:
    small_log = TinyDBStore(store_path, event_log_limit=3)
    add_endpoints(small_log, "gone")
    add_endpoints(small_log, "kept")
    watcher = watch("get", "endpoints", "-w", "-o", "name")
    assert watcher.lines(2) == ["ADDED endpoints/gone", "ADDED endpoints/kept"]
    watcher.process.send_signal(signal.SIGSTOP)  # fall behind: more changes than the log holds
    try:
        small_log.delete_endpoints("gone", "default")
        for i in range(5):
            add_endpoints(small_log, f"new{i}")
    finally:
        watcher.process.send_signal(signal.SIGCONT)
    lines = watcher.lines(6)
    assert lines[0] == "DELETED endpoints/gone"
    assert sorted(lines[1:]) == [f"ADDED endpoints/new{i}" for i in range(5)]
    result = watcher.stop()
    assert result.code == 0 and "re-listed" in result.err


def test_namespace_watch(watch: StartWatch, store: Store) -> None:
    watcher = watch("get", "ns", "-w", "-o", "name")
    assert watcher.line() == "ADDED namespace/default"
    add_endpoints(store, "web", "dev")  # creates dev; the set itself is not a namespace event
    store.delete_namespace("dev", cascade=True)
    assert watcher.lines(2) == ["ADDED namespace/dev", "DELETED namespace/dev"]
    assert_quiet_exit(watcher)


def test_watch_for_a_set_not_created_yet(watch: StartWatch, store: Store) -> None:
    watcher = watch("get", "endpoints", "later", "-w")
    assert watcher.line().startswith("EVENT ")  # the (empty) current state: it is watching
    add_endpoints(store, "other")
    add_endpoints(store, "later")
    assert watcher.line().split()[:3] == ["ADDED", "later", "default"]
    result = watcher.stop()
    assert result.code == 0 and 'watching for it in namespace "default"' in result.err


def test_closed_stdout_ends_the_watch(watch: StartWatch) -> None:
    watcher = watch("get", "namespaces", "-w", "-o", "name")
    assert watcher.line() == "ADDED namespace/default"
    assert watcher.process.stdout is not None
    watcher.process.stdout.close()  # like `skyctl get -w | head -1` once head has its line
    assert watcher.process.wait(timeout=10) == 0  # no change needed to notice
    assert watcher.process.stderr is not None
    assert watcher.process.stderr.read() == b""
