"""Fixtures of the TUI tests: a seeded store, frozen ages, and snapshots kept in snapshots/.

`seeded` and `store` are on each backend in turn, `file` and `etcd` (tests/conftest.py): the
app's behaviour (navigation, filter, create/delete, live updates, edit keys) is pinned on both.
Snapshot tests stay on the file (the header shows the store's location).

Snapshots: pytest-textual-snapshot's `snap_compare` stores SVGs through syrupy in
`__snapshots__/` beside the test file. The `snapshot` fixture here returns an assertion whose
extension writes and reads them in the repository's top-level `snapshots/` folder instead
(`--snapshot-update` writes there; a normal run compares against the files there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation
from tui_support import NOW, seed

from skyshift_tui.render import formatting
from skyshift_tui.store import Store, open_store

SNAPSHOTS_DIR = Path(__file__).resolve().parents[2] / "snapshots"


class TopLevelSVGExtension(SVGImageExtension):
    """pytest-textual-snapshot's SVG extension, writing
    `<repo>/snapshots/<test module>/<test name>.svg` (the module's folder lets syrupy tell
    which test a file belongs to, so it can report files no test uses any more)."""

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(SNAPSHOTS_DIR / test_location.basename)


class TopLevelSnapshotAssertion(SnapshotAssertion):
    """`snap_compare` asks for its own extension; this keeps ours, which differs only in the
    folder."""

    def use_extension(self, extension_class: Any = None) -> SnapshotAssertion:
        return self.with_defaults(extension_class=TopLevelSVGExtension)


@pytest.fixture
def snapshot(request: pytest.FixtureRequest) -> SnapshotAssertion:
    return TopLevelSnapshotAssertion(
        update_snapshots=request.config.option.update_snapshots,
        extension_class=TopLevelSVGExtension,
        test_location=PyTestLocation(request.node),
        session=request.session.config._syrupy,  # type: ignore[attr-defined]
    )


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Ages are drawn against this fixed instant, so screens are the same on every run."""
    monkeypatch.setattr(formatting, "utc_now", lambda: NOW)
    yield


@pytest.fixture
def seeded(store_url: str) -> Store:
    """SEED's six sets in `default` and `shop`, plus an empty `staging`, at fixed times."""
    return seed(store_url)


@pytest.fixture
def store(store_url: str) -> Store:
    """This test's store, empty."""
    return open_store(store_url)


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and crash logs go to the test's own folders, never the user's."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
