"""Several events may share one revision (one etcd transaction): the catalog applies them all."""

from __future__ import annotations

from skyshift_tui.live.catalog import Catalog
from skyshift_tui.store.base import WatchEvent


def endpoints(name: str, version: int) -> dict[str, object]:
    return {
        "kind": "Endpoints",
        "metadata": {"name": name, "namespace": "default", "resource_version": version},
        "spec": {"endpoints": {}, "selector": {}},
    }


def test_events_sharing_a_revision_are_all_applied_once() -> None:
    catalog = Catalog(revision=4)
    batch = [
        WatchEvent("ADDED", endpoints("a", 5), 5),
        WatchEvent("ADDED", endpoints("b", 5), 5),
        WatchEvent("DELETED", endpoints("a", 6), 6),
        WatchEvent("ADDED", endpoints("c", 6), 6),
    ]
    delta = catalog.apply(batch)
    assert sorted(catalog.rows) == ["default/b", "default/c"]
    assert sorted(delta.upserted) == ["default/b", "default/c"]
    assert catalog.revision == 6
    again = catalog.apply(batch)  # a batch seen before changes nothing
    assert again.upserted == [] and sorted(catalog.rows) == ["default/b", "default/c"]
