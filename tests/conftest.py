"""Shared test fixtures: every test gets its own store and an isolated environment.

Tests that ask for `backend` (directly, or through `store_url`) run once per store backend:
`file` (the embedded TinyDB file) and `etcd` (the session's real etcd member, emptied for the
test). A test about the store file itself is marked `@pytest.mark.file_store_only("why")` and
runs on `file` alone, under its plain id (so snapshot names stay), the reason in the source.

TUI tests (tests/tui) run on `file` only, unless marked `@pytest.mark.backend_matters("why")`:
a key, a form or a screen behaves the same over either store (the contract suite pins that the
stores answer alike); what does depend on the store (live updates, version-checked writes,
undo, a cascade delete, a hostile store's values) runs on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from etcd_fixtures import etcd, etcd_cluster, etcd_single  # noqa: F401  (real etcd fixtures)

from skyshift_tui.store.file.store import TinyDBStore

BACKENDS = ("file", "etcd")
FILE_ONLY = "file_store_only"
BACKEND_MATTERS = "backend_matters"
TUI_TESTS = Path(__file__).parent / "tui"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{FILE_ONLY}(reason): about the store file itself (bytes, mode, lock, folder, "
        "damage), so it runs on the file backend only; the reason is required",
    )
    config.addinivalue_line(
        "markers",
        f"{BACKEND_MATTERS}(reason): a TUI test whose behaviour depends on the store, so it "
        "runs on every backend (other TUI tests run on file only); the reason is required",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test that uses `backend` runs on every backend, or on `file` when marked so."""
    if "backend" not in metafunc.fixturenames:
        return
    only = metafunc.definition.get_closest_marker(FILE_ONLY)
    if only is not None and not (only.args or only.kwargs.get("reason")):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: {FILE_ONLY} needs a reason")
    if only is not None:
        return
    matters = metafunc.definition.get_closest_marker(BACKEND_MATTERS)
    if matters is not None and not (matters.args or matters.kwargs.get("reason")):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: {BACKEND_MATTERS} needs a reason")
    in_tui = TUI_TESTS in Path(str(metafunc.definition.path)).parents
    backends = ("file",) if in_tui and matters is None else BACKENDS
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """`file` or `etcd` as `pytest_generate_tests` chose; `file` for a file_store_only test."""
    return str(getattr(request, "param", "file"))


@pytest.fixture
def store_url(backend: str, store_path: Path, request: pytest.FixtureRequest) -> str:
    """This test's store location on `backend`: the file path, or the emptied etcd's URL."""
    if backend == "file":
        return str(store_path)
    cluster: Any = request.getfixturevalue("etcd")
    return str(cluster.url)


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
