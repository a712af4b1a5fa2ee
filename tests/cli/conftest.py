"""Fixtures of the CLI tests: `skyctl` runs the real command on this test's store; `watch`
starts `skyctl get ... --watch` in the background and kills it at teardown."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_support import Result, Skyctl, Watch, run_skyctl


@pytest.fixture
def skyctl(store_path: Path) -> Skyctl:
    """`skyctl(*args, stdin=None)`: run `skyctl --store <tmp store> *args`."""

    def run(*args: str, stdin: str | None = None) -> Result:
        return run_skyctl(["--store", str(store_path), *args], stdin)

    return run


@pytest.fixture
def watch(store_path: Path) -> Iterator[Callable[..., Watch]]:
    """`watch(*args)` starts `skyctl get ARGS` in the background; killed at teardown."""
    started: list[Watch] = []

    def start(*args: str) -> Watch:
        started.append(Watch(list(args), store_path))
        return started[-1]

    yield start
    for process in started:
        process.close()
