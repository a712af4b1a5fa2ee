"""The Textual-free core of the TUI: catalog deltas, table order and filters, the watcher."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest
from tui_support import add

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.live.catalog import Catalog
from skyshift_tui.live.table_model import TableModel
from skyshift_tui.live.watcher import StoreWatcher
from skyshift_tui.store.base import ChangeBatch
from skyshift_tui.store.file.store import TinyDBStore


def model_of(catalog: Catalog) -> TableModel:
    model = TableModel()
    model.load(catalog.rows)
    return model


def test_catalog_applies_events_once_and_reports_what_changed(seeded: TinyDBStore) -> None:
    catalog = Catalog.from_snapshot(seeded.snapshot())
    revision = catalog.revision
    add(seeded, "new")
    seeded.delete_endpoints("web", "default")
    add(seeded, "brief")  # created and deleted within one batch: never shown
    seeded.delete_endpoints("brief", "default")
    batch = seeded.changes_since(revision)
    delta = catalog.apply(batch.events)
    assert delta.upserted == ["default/new"]
    assert list(delta.removed) == ["default/web"]
    assert delta.namespaces_changed  # counts changed
    assert catalog.counts["default"] == 3
    assert catalog.apply(batch.events).upserted == []  # applied twice: nothing changes
    assert catalog.revision == batch.revision


def test_table_model_orders_filters_and_finds_keys(seeded: TinyDBStore) -> None:
    catalog = Catalog.from_snapshot(seeded.snapshot())
    model = model_of(catalog)
    assert model.keys(0, 3) == ["default/api", "default/cache", "shop/checkout"]
    model.set_sort(0, reverse=True)
    assert model.key_at(0) == "default/web" and model.index_of("default/api") == 5
    model.set_sort(1)  # NAMESPACE, ties by key
    model.set_filter("shop", "")
    assert model.keys(0, 10) == ["shop/checkout", "shop/payments", "shop/search"]
    model.set_filter("shop", "pay")
    assert model.keys(0, 10) == ["shop/payments"]
    assert model.index_of("default/web") is None and "default/web" not in model


def test_table_model_updates_in_place(seeded: TinyDBStore) -> None:
    catalog = Catalog.from_snapshot(seeded.snapshot())
    model = model_of(catalog)
    revision = catalog.revision
    add(seeded, "aardvark")
    seeded.delete_endpoints("cache", "default")
    seeded.update_endpoints(EndpointsForm("api", "default", "1").to_endpoints())
    delta = catalog.apply(seeded.changes_since(revision).events)
    model.update(delta.upserted, delta.removed)
    assert model.keys(0, 10) == [
        "default/aardvark",
        "default/api",
        "shop/checkout",
        "shop/payments",
        "shop/search",
        "default/web",
    ]


def test_age_sorts_youngest_first(seeded: TinyDBStore) -> None:
    model = model_of(Catalog.from_snapshot(seeded.snapshot()))
    model.set_sort(6)
    assert model.key_at(0) == "shop/search" and model.key_at(5) == "default/web"


@pytest.mark.file_store_only("the file damaged, then replaced by another store")
def test_watcher_loads_then_reports_batches_then_errors(store_path: Path) -> None:
    store = TinyDBStore(store_path)
    add(store, "one")
    watcher = StoreWatcher(store, poll_seconds=0.01, retry_seconds=0.01)
    seen: list[object] = []
    done = threading.Event()

    def on_catalog(catalog: Catalog) -> None:
        seen.append(catalog)
        if len(seen) == 1:
            add(store, "two")
        else:
            done.set()

    def on_changes(batch: ChangeBatch) -> None:
        seen.append(batch)
        store_path.write_text("garbage")

    def on_error(message: str) -> None:
        seen.append(message)
        store_path.unlink()  # another store moved in: the watcher recovers and shows it
        add(TinyDBStore(store_path), "three")

    thread = threading.Thread(target=watcher.run, args=(on_catalog, on_changes, on_error))
    thread.start()
    assert done.wait(10)
    watcher.stop()
    thread.join(5)
    assert not thread.is_alive()
    first, batch, error, reloaded = seen
    assert isinstance(first, Catalog) and list(first.rows) == ["default/one"]
    assert isinstance(batch, ChangeBatch) and batch.events[-1].object["metadata"]["name"] == "two"
    assert isinstance(error, str) and "cannot be read" in error
    assert isinstance(reloaded, Catalog) and list(reloaded.rows) == ["default/three"]


@pytest.mark.file_store_only("an object of a bad shape written into the file")
def test_watcher_reports_an_object_of_an_unexpected_shape(store_path: Path) -> None:
    store = TinyDBStore(store_path)
    add(store, "one")
    tables = orjson.loads(store_path.read_bytes())
    tables["endpoints"]["1"]["metadata"] = "not a mapping"  # edited by hand, say
    store_path.write_bytes(orjson.dumps(tables))
    errors: list[str] = []
    watcher = StoreWatcher(store, poll_seconds=0.01, retry_seconds=0.01)

    def on_error(message: str) -> None:
        errors.append(message)
        watcher.stop()

    watcher.run(lambda catalog: None, lambda batch: None, on_error)
    assert errors and "is damaged: endpoints" in errors[0]  # the store says where
