"""The TUI when etcd is started afresh at its address: it re-lists and shows the new etcd's
sets, however the new one compares with the old (etcd_fixtures' REPLACEMENTS)."""

from __future__ import annotations

from pathlib import Path

import pytest
from etcd_fixtures import REPLACEMENTS, started_with_replacement
from tui_support import SIZE, add, loaded, shown_keys, wait_for

from skyshift_tui.store import open_store
from skyshift_tui.tui.app import SkyShiftApp


@pytest.mark.parametrize("kind", REPLACEMENTS)
async def test_the_app_shows_the_etcd_now_at_its_address(tmp_path: Path, kind: str) -> None:
    first, replacement = started_with_replacement(tmp_path, kind)
    url = f"etcd://{first.endpoint}"
    try:
        add(open_store(url), "old", "shop")
        app = SkyShiftApp(open_store(url), None, poll_seconds=0.02)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot)
            assert shown_keys(app) == ["shop/old"]
            loads = app.loads
            first.kill()
            replacement.start()
            add(open_store(url), "new")
            await wait_for(pilot, lambda: shown_keys(app) == ["default/new"], "the new etcd")
            assert app.loads > loads  # re-listed, not followed from the old revision
            assert app.ns_tree.names == ["default"]
    finally:
        first.kill()
        replacement.member.kill()
