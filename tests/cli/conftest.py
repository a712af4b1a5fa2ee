"""Fixtures of the CLI tests: `skyctl` runs the real command on this test's store; `watch`
starts `skyctl get ... --watch` in the background and kills it at teardown.

Every test that uses these (or `store`, `store_state`) runs on both backends, `file` and
`etcd` (see tests/conftest.py): seed and inspect through `store`, the `Store` interface, never
the file, so the same test pins the same behaviour on each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_support import Result, Skyctl, StoreState, Watch, run_in_process, run_skyctl

from skyshift_tui.store import Store, open_store


@pytest.fixture
def store(store_url: str) -> Store:
    """A handle on this test's store, as another process would open it (the CLI's is its own)."""
    return open_store(store_url)


@pytest.fixture
def store_state(backend: str, store_path: Path, store: Store) -> StoreState:
    """`store_state()`: everything stored, to compare before and after a command that must
    change nothing. The file: its bytes (None while it does not exist: reads never create it).
    etcd: its revision, which every write moves, and every object."""

    def state() -> object:
        if backend == "file":
            return store_path.read_bytes() if store_path.exists() else None
        snapshot = store.snapshot()
        return snapshot.revision, snapshot.namespaces, snapshot.endpoints

    return state


@pytest.fixture
def skyctl(store_url: str) -> Skyctl:
    """`skyctl(*args, stdin=None)`: run `skyctl --store <this test's store> *args`, in this
    process (see cli_support)."""

    def run(*args: str, stdin: str | None = None) -> Result:
        return run_in_process(["--store", store_url, *args], stdin)

    return run


@pytest.fixture
def skyctl_process(store_url: str) -> Skyctl:
    """`skyctl_process(*args, stdin=None)`: as `skyctl`, as a subprocess: for what only a
    process shows, and one test per command family."""

    def run(*args: str, stdin: str | None = None) -> Result:
        return run_skyctl(["--store", store_url, *args], stdin)

    return run


@pytest.fixture
def watch(store_url: str) -> Iterator[Callable[..., Watch]]:
    """`watch(*args)` starts `skyctl get ARGS` in the background; killed at teardown."""
    started: list[Watch] = []

    def start(*args: str) -> Watch:
        started.append(Watch(list(args), store_url))
        return started[-1]

    yield start
    for process in started:
        process.close()
