"""Shared test fixtures: every test gets its own store and an isolated environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from etcd_fixtures import etcd, etcd_cluster, etcd_single  # noqa: F401  (real etcd fixtures)

from skyshift_tui.store.tinydb_store import TinyDBStore


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test may touch the user's real store or data folder."""
    monkeypatch.setenv("SKYSHIFT_STORE", str(tmp_path / "env-store.json"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A path for a store file that does not exist yet."""
    return tmp_path / "store.json"


@pytest.fixture
def store(store_path: Path) -> TinyDBStore:
    """A fresh, empty TinyDB store."""
    return TinyDBStore(store_path)
