"""The TUI on etcd shows each key that holds no valid object, live, and lets the user delete it
(and nothing else): a row marked `⚠ invalid` in its namespace, the key, the reason and the fix
in the detail pane. Values are written with the etcd client directly, as another tool would.

etcd only: the file store cannot hold one invalid object (its damage is a whole-store error).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from etcd_fixtures import Cluster
from textual.pilot import Pilot
from tui_support import SIZE, add, loaded, seed, settled, shown_keys, wait_for

from skyshift_tui.core.terminal_text import MAX_SHOWN
from skyshift_tui.live.invalid_keys import MARKER
from skyshift_tui.store import Store, open_store
from skyshift_tui.store.etcd.client import b64
from skyshift_tui.store.etcd.store import EtcdStore
from skyshift_tui.tui.app import SkyShiftApp

WEB = "/sky_registry/endpoints/default/web"
BAD = {
    "not-json": b"{not json",
    "wrong-shape": json.dumps({"kind": "Endpoints", "metadata": {"name": "elsewhere"}}).encode(),
    "a-list": b"[1, 2, 3]",
    "huge": b"x" * 300_000,
    "hostile": "\x1b]0;pwned\x07\x1b[2J[red]markup[/red]\x00\x9b".encode(),
}


def put_raw(store: Store, key: str, value: bytes) -> None:
    """Write `value` at `key` as any etcd client would: no checks, no layout."""
    assert isinstance(store, EtcdStore)
    store.client.call("/v3/kv/put", {"key": b64(key), "value": b64(value)})


def delete_raw(store: Store, key: str) -> None:
    assert isinstance(store, EtcdStore)
    store.client.call("/v3/kv/deleterange", {"key": b64(key)})


def raw_value(store: Store, key: str) -> bytes | None:
    assert isinstance(store, EtcdStore)
    kvs = store.client.range(key).get("kvs", [])
    return __import__("base64").b64decode(kvs[0]["value"]) if kvs else None


def app_on(url: str) -> SkyShiftApp:
    return SkyShiftApp(open_store(url), None, poll_seconds=0.02)


def detail_text(app: SkyShiftApp) -> str:
    return app.main.detail.text


async def select(pilot: Pilot[None], key: str) -> None:
    app = pilot.app
    assert isinstance(app, SkyShiftApp)
    await wait_for(pilot, lambda: key in shown_keys(app), key)
    app.table.select(key)
    await wait_for(pilot, lambda: app.table.cursor_key == key, f"the cursor on {key}")


async def test_each_invalid_value_is_a_row_with_its_key_reason_and_fix(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    add(writer, "web")
    for name, value in BAD.items():
        put_raw(writer, f"/sky_registry/endpoints/shop/{name}", value)
    app = app_on(etcd.url)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        keys = sorted(shown_keys(app))
        assert keys == ["default/web", *sorted(f"shop/{name}" for name in BAD)]
        assert sorted(app.catalog.invalid) == sorted(f"shop/{name}" for name in BAD)
        assert "shop/huge" not in app.catalog.objects  # no action reads it as a set
        row = app.catalog.rows["shop/a-list"]
        assert row.cells[0] == "a-list" and MARKER in row.cells[3]
        assert MARKER in str(app.table.border_subtitle)
        assert app.ns_tree.names == ["default", "shop"]
        assert app.catalog.namespace_counts() == {"default": 1, "shop": len(BAD)}

        await select(pilot, "shop/not-json")
        text = detail_text(app)
        assert "/sky_registry/endpoints/shop/not-json" in text
        assert "not JSON" in text
        assert "skyctl delete endpoints not-json -n shop" in text

        await select(pilot, "shop/wrong-shape")
        assert "metadata.name is not 'wrong-shape'" in detail_text(app)

        await select(pilot, "shop/huge")
        text = detail_text(app)
        assert "of 300000 bytes" in text
        assert max(len(line) for line in text.splitlines()) < MAX_SHOWN + 100

        await select(pilot, "shop/hostile")
        text = detail_text(app)
        assert "\\x1b]0;pwned\\x07\\x1b[2J[red]markup[/red]\\x00\\x9b" in text  # data, escaped
        assert not any(ch in text for ch in "\x1b\x07\x00\x9b")
        drawn = "".join(
            "".join(segment.text for segment in app.table.render_line(y))
            for y in range(app.table.size.height)
        )
        assert "\x1b" not in drawn


async def test_invalid_keys_follow_the_store_and_a_reload_agrees(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    add(writer, "web")
    good = raw_value(writer, WEB)
    assert good is not None
    app = app_on(etcd.url)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await select(pilot, "default/web")
        put_raw(writer, WEB, b"garbage")  # a set turns bad: its row stays, marked
        await wait_for(pilot, lambda: "default/web" in app.catalog.invalid, "the bad value")
        assert app.table.cursor_key == "default/web"
        assert "not JSON" in detail_text(app)
        put_raw(writer, WEB, good)  # fixed: a set again
        await wait_for(pilot, lambda: not app.catalog.invalid, "the fixed value")
        assert "default/web" in app.catalog.objects
        assert "Endpoints:" in detail_text(app)

        put_raw(writer, "/sky_registry/endpoints/dev/later", b"[]")  # a new key, bad
        put_raw(writer, WEB, b"{}")
        await wait_for(pilot, lambda: len(app.catalog.invalid) == 2, "two bad keys")
        assert "dev" in app.ns_tree.names
        delete_raw(writer, "/sky_registry/endpoints/dev/later")  # deleted: gone
        await wait_for(pilot, lambda: "dev/later" not in shown_keys(app), "the deletion")
        assert "dev" not in app.ns_tree.names

        watched = {key: value.reason for key, value in app.catalog.invalid.items()}
        rows = {key: row.cells for key, row in app.catalog.rows.items()}
        loads = app.loads
        app.refresh_store()
        await wait_for(pilot, lambda: app.loads > loads, "the reload")
        assert {key: value.reason for key, value in app.catalog.invalid.items()} == watched
        assert {key: row.cells for key, row in app.catalog.rows.items()} == rows


async def test_d_deletes_the_invalid_key_only_as_it_was_seen(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    add(writer, "api")
    put_raw(writer, WEB, b"one bad value")
    app = app_on(etcd.url)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await select(pilot, "default/web")
        await pilot.press("d")
        await wait_for(pilot, lambda: app.screen is not app.main, "the confirmation")
        put_raw(writer, WEB, b"another bad value")  # written meanwhile: not what was seen
        await pilot.press("y")
        await wait_for(pilot, lambda: _notified(app, "was written since"), "the refusal")
        assert raw_value(writer, WEB) == b"another bad value"

        await wait_for(pilot, lambda: _reason_mentions(app, "default/web", "another"), "it")
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: raw_value(writer, WEB) is None, "the key deleted")
        await settled(pilot)
        assert shown_keys(app) == ["default/api"]
        assert _notified(app, f"deleted the etcd key {WEB}")


async def test_every_other_write_is_refused_on_an_invalid_row(etcd: Cluster) -> None:
    writer = open_store(etcd.url)
    put_raw(writer, WEB, b"bad")
    app = app_on(etcd.url)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await select(pilot, "default/web")
        for key, verb in [("e", "edit"), ("E", "edit"), ("plus", "scale"), ("minus", "scale")]:
            await pilot.press(key)
            await wait_for(pilot, lambda v=verb: _notified(app, f"nothing to {v}"), key)  # type: ignore[misc]
        await pilot.press("space")
        await wait_for(pilot, lambda: _notified(app, "nothing to mark"), "space")
        assert not app.main.marked
        await pilot.press("y")
        await wait_for(pilot, lambda: _notified(app, "nothing to copy"), "y")
        assert app.screen is app.main
        assert raw_value(writer, WEB) == b"bad"


async def test_an_invalid_namespace_key_is_shown_and_kept_while_sets_use_it(
    etcd: Cluster,
) -> None:
    writer = open_store(etcd.url)
    add(writer, "api", "dev")
    put_raw(writer, "/sky_registry/namespaces/dev", b'"a string"')
    app = app_on(etcd.url)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "dev" in app.ns_tree.names
        assert app.catalog.namespace_counts()["dev"] == 1  # the set; the key's row is no set
        await select(pilot, "/namespaces/dev")
        assert "not a valid namespace" in detail_text(app)
        assert "a JSON str, not an object" in detail_text(app)
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: _notified(app, "still holds 1 set"), "the refusal")
        assert raw_value(writer, "/sky_registry/namespaces/dev") is not None

        writer.delete_endpoints("api", "dev")
        await wait_for(pilot, lambda: "dev/api" not in shown_keys(app), "the set deleted")
        await select(pilot, "/namespaces/dev")
        await pilot.press("d", "y")
        await wait_for(pilot, lambda: "dev" not in app.ns_tree.names, "the namespace gone")
        assert raw_value(writer, "/sky_registry/namespaces/dev") is None


def _notified(app: SkyShiftApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def _reason_mentions(app: SkyShiftApp, key: str, text: str) -> bool:
    invalid = app.catalog.invalid.get(key)
    return invalid is not None and text in invalid.value


# -- the snapshot ----------------------------------------------------------------------------
@pytest.fixture
def fresh_etcd(tmp_path: Path) -> Iterator[Cluster]:
    """An etcd of its own: its revisions start at 1, so the screen is the same every run."""
    cluster = Cluster(tmp_path / "etcd", 1)
    (tmp_path / "etcd").mkdir()
    cluster.start()
    yield cluster
    cluster.stop()


def test_screen_with_an_invalid_key(snap_compare, fresh_etcd: Cluster) -> None:  # type: ignore[no-untyped-def]
    """The invalid key's row among the sets, selected: the detail says where, why, how to fix."""
    store = seed(fresh_etcd.url)
    put_raw(store, "/sky_registry/endpoints/default/broken", b'{"kind": "Endpoints", "spec": 3}')
    app = app_on(fresh_etcd.url)
    app.store.location = "etcd://127.0.0.1:2379"  # not the test's port

    async def select_it(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await select(pilot, "default/broken")

    assert snap_compare(app, terminal_size=(100, 30), run_before=select_it)
