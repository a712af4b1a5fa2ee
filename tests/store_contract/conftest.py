"""Every contract test runs against each backend, as harlequin runs every adapter through one
fixture: the embedded file and a real etcd (a member started for the session, emptied per test).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from skyshift_tui.store import Store, open_store


@pytest.fixture
def location(store_url: str) -> str:
    """Where this test's store lives, once per backend (tests/conftest.py's one BACKENDS): a
    file path, or the etcd:// URL of an emptied etcd."""
    return store_url


@pytest.fixture
def open_handle(location: str) -> Callable[[], Store]:
    """Another handle on the same store, as another process would open it."""
    return lambda: open_store(location)


@pytest.fixture
def store(open_handle: Callable[[], Store]) -> Store:
    return open_handle()
