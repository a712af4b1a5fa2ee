"""Watchers under attack (issue 8, points 5, 10 and 11): another store moved over the one in
use, the store deleted, garbage moved in for a moment, and DELETED events going back in time."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import threading
from pathlib import Path

from cli_support import Watch
from hostile_support import seeded

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.live.catalog import Catalog
from skyshift_tui.live.watcher import StoreWatcher
from skyshift_tui.store.file.store import TinyDBStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tui"))


def add(store: TinyDBStore, name: str, count: int = 0) -> None:
    store.create_endpoints(EndpointsForm(name=name, num_endpoints=count).to_endpoints())


def replace_atomically(source: Path, target: Path) -> None:
    """`mv source target`, keeping source: copy beside the target, then rename over it."""
    temporary = target.with_name(".incoming")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def other_store(tmp_path: Path, *names: str, writes: int = 0) -> Path:
    """Another store, at a revision at least as high as the one it will replace."""
    path = tmp_path / "other" / "store.json"
    path.parent.mkdir(exist_ok=True)
    store = TinyDBStore(path)
    for name in names:
        add(store, name, count=7)
    for i in range(writes):
        add(store, f"pad{i}")
        store.delete_endpoints(f"pad{i}", "default")
    return path


def test_replaced_store_is_relisted_by_get_w(store_path: Path, tmp_path: Path) -> None:
    """Point 5: another store moved in at the same or a higher revision went unnoticed."""
    seeded(store_path, "web", "db")
    watcher = Watch(["get", "endpoints", "-w", "-o", "name"], store_path)
    try:
        assert sorted([watcher.line(), watcher.line()]) == [
            "ADDED endpoints/db",
            "ADDED endpoints/web",
        ]
        replace_atomically(other_store(tmp_path, "web", "cache", writes=3), store_path)
        lines = sorted([watcher.line(), watcher.line(), watcher.line()])
        assert lines == ["ADDED endpoints/cache", "DELETED endpoints/db", "MODIFIED endpoints/web"]
    finally:
        result = watcher.stop()
    assert "replaced by another store" in result.err and "Traceback" not in result.err


def test_deleted_store_is_said_and_the_watch_resumes(store_path: Path, tmp_path: Path) -> None:
    """Points 5 and 10: a deleted store read as empty; garbage moved in ended `get -w` (exit 1)."""
    seeded(store_path, "web")
    keep = tmp_path / "keep.json"
    shutil.copyfile(store_path, keep)
    watcher = Watch(["get", "endpoints", "-w", "-o", "name"], store_path)
    try:
        assert watcher.line() == "ADDED endpoints/web"
        store_path.unlink()
        assert watcher.process.stderr is not None
        said = watcher.process.stderr.readline().decode()
        assert "was deleted" in said, said
        garbage = tmp_path / "garbage.json"
        garbage.write_text("{not json")
        replace_atomically(garbage, store_path)
        said = watcher.process.stderr.readline().decode()
        assert "cannot be read" in said, said
        replace_atomically(keep, store_path)  # the good file is back
        add(TinyDBStore(store_path), "after")
        assert watcher.line() == "ADDED endpoints/after"
    finally:
        result = watcher.stop()
    assert result.code == 0 and "Traceback" not in result.err
    assert "re-listed" in result.err


def test_tui_watcher_says_a_deleted_store_is_deleted(store_path: Path) -> None:
    """Point 5: the TUI showed a deleted store as an empty one."""
    seeded(store_path, "web")
    watcher = StoreWatcher(TinyDBStore(store_path), poll_seconds=0.01, retry_seconds=0.01)
    catalogs: list[int] = []
    errors: list[str] = []
    said = threading.Event()

    def on_catalog(catalog: object) -> None:
        assert isinstance(catalog, Catalog)
        catalogs.append(len(catalog.rows))
        if len(catalogs) == 1:
            store_path.unlink()

    def on_error(message: str) -> None:
        errors.append(message)
        said.set()

    thread = threading.Thread(target=watcher.run, args=(on_catalog, lambda b: None, on_error))
    thread.start()
    try:
        assert said.wait(10)
    finally:
        watcher.stop()
        thread.join(10)
    assert catalogs == [1]  # never an empty catalog in its place
    assert "was deleted" in errors[0]


async def test_tui_banner_names_a_deleted_store(store_path: Path) -> None:
    from tui_support import make_app, wait_for

    store = seeded(store_path, "web")
    app = make_app(store)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(pilot, lambda: app.loads == 1, "the first load")
        store_path.unlink()
        banner = app.query_one("#error-banner")
        await wait_for(pilot, lambda: banner.display, "the error banner")
        assert "was deleted" in str(banner.render())
        assert app.catalog.rows  # the last good state stays
        add(TinyDBStore(store_path), "new")  # a new store: shown as it is
        await wait_for(pilot, lambda: not banner.display, "the banner to go")
        await asyncio.sleep(0)
        assert list(app.catalog.rows) == ["default/new"]


def test_deleted_events_carry_the_revision_of_the_deletion(store_path: Path) -> None:
    """Point 11: DELETED events carried the object's old version (52 went backwards in a run)."""
    store = seeded(store_path, "a", "b")
    start = store.revision()
    store.delete_endpoints("a", "default")
    add(store, "c")
    store.delete_endpoints("b", "default")
    events = store.changes_since(start).events
    versions = [event.object["metadata"]["resource_version"] for event in events]
    assert versions == [event.revision for event in events] == sorted(versions)
    assert [event.type for event in events] == ["DELETED", "ADDED", "DELETED"]


def test_tui_watcher_relists_a_replaced_store(store_path: Path, tmp_path: Path) -> None:
    """Point 5: the TUI stayed stale until `r` when another store moved in."""
    seeded(store_path, "web", "db")
    other = other_store(tmp_path, "cache", writes=3)
    watcher = StoreWatcher(TinyDBStore(store_path), poll_seconds=0.01, retry_seconds=0.01)
    catalogs: list[list[str]] = []
    reloaded = threading.Event()

    def on_catalog(catalog: Catalog) -> None:
        catalogs.append(sorted(catalog.rows))
        if len(catalogs) == 1:
            replace_atomically(other, store_path)
        else:
            reloaded.set()

    thread = threading.Thread(target=watcher.run, args=(on_catalog, lambda b: None, lambda m: None))
    thread.start()
    try:
        assert reloaded.wait(10)
    finally:
        watcher.stop()
        thread.join(10)
    assert catalogs == [["default/db", "default/web"], ["default/cache"]]
