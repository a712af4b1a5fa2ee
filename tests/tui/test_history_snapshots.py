"""Snapshots of the history view (`h`) and of one revision (`enter` there), at 80x24 and
120x30. Update with `--snapshot-update`, then look at the SVGs (`rsvg-convert`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from test_history_view import history_shown, scaled
from test_snapshots import app_over
from textual.pilot import Pilot
from tui_support import loaded, wait_for

from skyshift_tui.screens.history_view import RevisionScreen
from skyshift_tui.store.file.store import TinyDBStore

SnapCompare = Callable[..., bool]
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 30)], ids=["80x24", "120x30"])

pytestmark = pytest.mark.file_store_only(
    "snapshots: the header shows the store's location; the app on etcd is pinned by Pilot tests"
)


@pytest.fixture
def changed(seeded: TinyDBStore) -> TinyDBStore:
    """`web` changed three times by the seed's clock (37 minutes a write)."""
    scaled(seeded, "web", "default", 5, team="payments")
    scaled(seeded, "web", "default", 8)
    scaled(seeded, "web", "default", 8, tier="frontend-canary-with-a-long-value")
    return seeded


async def history_of_web(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    assert app.table.select("default/web")  # type: ignore[attr-defined]
    await pilot.press("h")
    await history_shown(pilot, 4)
    await pilot.pause()


@SIZES
def test_history_view(
    snap_compare: SnapCompare, changed: TinyDBStore, size: tuple[int, int]
) -> None:
    """REVISION, AGE and CHANGE newest first, the breadcrumb, the keys under the table."""
    assert snap_compare(app_over(changed), terminal_size=size, run_before=history_of_web)


@SIZES
def test_revision_view(
    snap_compare: SnapCompare, changed: TinyDBStore, size: tuple[int, int]
) -> None:
    """One revision: what differs from it to now, then its YAML."""

    async def run(pilot: Pilot[None]) -> None:
        await history_of_web(pilot)
        await pilot.press("j", "j", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, RevisionScreen), "revision")
        await pilot.pause()

    assert snap_compare(app_over(changed), terminal_size=size, run_before=run)
