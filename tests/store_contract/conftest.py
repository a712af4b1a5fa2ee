"""Every contract test runs against each backend, as harlequin runs every adapter through one
fixture: the embedded file and a real etcd (a member started for the session, emptied per test).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from skyshift_tui.store import Store, open_store

BACKENDS = ("file", "etcd")


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where this test's store lives: a file path, or the etcd:// URL of an emptied etcd."""
    if request.param == "file":
        return str(tmp_path / "store.json")
    return str(request.getfixturevalue("etcd").url)


@pytest.fixture
def open_handle(location: str) -> Callable[[], Store]:
    """Another handle on the same store, as another process would open it."""
    return lambda: open_store(location)


@pytest.fixture
def store(open_handle: Callable[[], Store]) -> Store:
    return open_handle()
