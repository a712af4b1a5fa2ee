"""Live: changes written by another store handle show up by themselves, calmly."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import add, running, settled, shown_keys, wait_for

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace
from skyshift_tui.store.file.store import TinyDBStore
from skyshift_tui.widgets.detail_view import DetailView

pytestmark = pytest.mark.backend_matters("live updates come from each store's own watch")


def warnings(app: object) -> list[str]:
    return [n.message for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_set_created_elsewhere_appears_and_the_cursor_stays(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("j", "j")
        assert app.table.cursor_key == "shop/checkout"
        add(seeded, "aaa-first")  # sorts above the cursor
        await wait_for(pilot, lambda: "default/aaa-first" in shown_keys(app), "the new set")
        assert app.table.cursor_key == "shop/checkout"  # by key, not by row number
        assert shown_keys(app)[0] == "default/aaa-first"
        assert app.table.scroll_offset.y == 0  # at the top, the new set is in view
        assert app.ns_tree.names == ["default", "shop", "staging"]


async def test_a_change_elsewhere_updates_the_row_and_the_detail(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        assert app.table.cursor_key == "default/api"
        changed = EndpointsForm("api", "default", "9", True, "ap-south", "app=api")
        seeded.update_endpoints(changed.to_endpoints())
        await wait_for(
            pilot, lambda: app.catalog.rows["default/api"].cells[2] == "ap-south", "the update"
        )
        detail = app.query_one(DetailView).text
        assert "ap-south" in detail and "ap-south *  9" in detail


async def test_the_selected_set_deleted_elsewhere_moves_the_cursor_and_says_so(
    seeded: TinyDBStore,
) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("j")
        assert app.table.cursor_key == "default/cache"
        seeded.delete_endpoints("cache", "default")
        await wait_for(pilot, lambda: "default/cache" not in shown_keys(app), "the deletion")
        assert app.table.cursor_key == "shop/checkout"
        assert any('"cache"' in m and "deleted elsewhere" in m for m in warnings(app))


async def test_namespaces_come_and_go_by_themselves(seeded: TinyDBStore) -> None:
    async with running(seeded, namespace="staging") as (app, pilot):
        seeded.create_namespace(new_namespace("ops"))
        await wait_for(pilot, lambda: "ops" in app.ns_tree.names, "ops in the tree")
        assert app.ns_tree.names == ["default", "ops", "shop", "staging"]
        assert app.ns_tree.chosen == "staging"  # the cursor stayed on its namespace
        seeded.delete_namespace("staging")
        await wait_for(pilot, lambda: "staging" not in app.ns_tree.names, "staging gone")
        assert app.ns_tree.chosen is None
        assert any('"staging" was deleted elsewhere' in m for m in warnings(app))


async def test_counts_follow_creates_and_deletes(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        add(seeded, "one", "staging")
        add(seeded, "two", "staging")
        seeded.delete_endpoints("web", "default")
        await settled(pilot)
        assert app.catalog.namespace_counts() == {"default": 2, "shop": 3, "staging": 2}
        labels = {" ".join(str(node.label).split()) for node in app.ns_tree.root.children}
        assert labels == {"default 2", "shop 3", "staging 2"}
        assert " ".join(str(app.ns_tree.root.label).split()) == "all namespaces 7"


@pytest.mark.file_store_only("the file's bounded change log")
async def test_a_burst_beyond_the_change_log_reloads_everything(store_path: Path) -> None:
    store = TinyDBStore(store_path, event_log_limit=5)
    add(store, "first")
    async with running(store) as (app, pilot):
        store.apply([EndpointsForm(f"burst-{i}").to_endpoints() for i in range(20)])
        await wait_for(pilot, lambda: len(shown_keys(app)) == 21, "all 21 sets")
        assert app.loads == 2  # the log no longer reached back: a full reload


@pytest.mark.file_store_only("a damaged file; etcd going away: test_etcd_app's banner test")
async def test_an_unreadable_store_shows_a_banner_and_recovers(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        path = Path(seeded.path)
        good = path.read_bytes()
        path.write_bytes(b"{ this is not json")
        banner = app.query_one("#error-banner")
        await wait_for(pilot, lambda: banner.display, "the error banner")
        assert "cannot be read" in str(banner.render())
        assert len(shown_keys(app)) == 6  # the last good state stays on screen
        await pilot.press("j")  # and the app still answers
        assert app.table.cursor_key == "default/cache"
        path.write_bytes(good)
        await wait_for(pilot, lambda: not banner.display, "the banner to go")
        assert app.table.cursor_key == "default/cache"


async def test_r_reloads_and_keeps_the_cursor(seeded: TinyDBStore) -> None:
    async with running(seeded) as (app, pilot):
        await pilot.press("G")
        assert app.table.cursor_key == "default/web"
        await pilot.press("r")
        await wait_for(pilot, lambda: app.loads == 2, "the reload")
        assert app.table.cursor_key == "default/web"


async def test_scrolled_down_the_rows_on_screen_stay_put_when_sets_arrive_above(
    seeded: TinyDBStore,
) -> None:
    seeded.apply([EndpointsForm(f"bulk-{i:02d}").to_endpoints() for i in range(60)])
    async with running(seeded) as (app, pilot):
        await pilot.press("pagedown", "pagedown", "j")
        key, top = app.table.cursor_key, app.table.scroll_offset.y
        assert top > 0
        add(seeded, "aaa-new")
        await wait_for(pilot, lambda: "default/aaa-new" in shown_keys(app), "the new set")
        assert app.table.cursor_key == key
        assert app.table.scroll_offset.y == top + 1  # the view moved with its rows
