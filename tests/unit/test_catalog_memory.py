"""The catalog keeps rows and compact JSON, not decoded sets: what it hands out is still whole."""

from __future__ import annotations

import copy

import pytest

from skyshift_tui.live import catalog as catalog_module
from skyshift_tui.live.catalog import Catalog, CatalogBuilder
from skyshift_tui.store.base import Object, Snapshot, WatchEvent


def endpoints(name: str, namespace: str = "team", version: int = 1) -> Object:
    return {
        "kind": "Endpoints",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"tier": "web"},
            "annotations": {"note": "ünïcødé"},
            "creation_timestamp": "2024-01-01T00:00:00",
            "resource_version": version,
        },
        "spec": {
            "selector": {"app": name},
            "endpoints": {"eu": {"num_endpoints": 2, "exposed_to_cluster": True}},
            "primary_cluster": "eu",
        },
        "status": {"conditions": [{"type": "Ready", "extra": [1, 2.5, None]}]},
    }


def snapshot_of(objects: list[Object]) -> Snapshot:
    return Snapshot(9, [{"metadata": {"name": "team"}}], objects)


def test_objects_come_back_whole_and_fresh_and_the_snapshot_is_emptied() -> None:
    originals = [endpoints(f"s{i}") for i in range(5)]
    given = copy.deepcopy(originals)
    catalog = Catalog.from_snapshot(snapshot_of(given))
    assert given == []  # freed as the rows were built
    assert [catalog.objects[f"team/s{i}"] for i in range(5)] == originals
    catalog.objects["team/s0"]["spec"]["endpoints"].clear()  # a copy: the catalog keeps its own
    assert catalog.objects["team/s0"] == originals[0]
    assert "team/s9" not in catalog.objects and catalog.objects.get("team/s9") is None
    assert len(catalog.objects) == 5 and catalog.counts["team"] == 5


def test_pages_and_a_whole_read_build_the_same_catalog_with_shared_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog_module, "PAGE", 3)  # 7 sets at once: the two-pass way
    builder = CatalogBuilder()
    for start in range(0, 7, 3):
        builder.add([endpoints(f"s{i}") for i in range(start, min(7, start + 3))])
    paged = builder.finish(snapshot_of([]))
    whole = Catalog.from_snapshot(snapshot_of([endpoints(f"s{i}") for i in range(7)]))
    assert whole.objects["team/s6"] == endpoints("s6")
    assert {k: r.cells for k, r in paged.rows.items()} == {
        k: r.cells for k, r in whole.rows.items()
    }
    for catalog in (paged, whole):
        first, second = catalog.rows["team/s0"], catalog.rows["team/s6"]
        assert first.namespace is second.namespace and first.cells[1] is second.cells[1]
    assert paged.revision == 9 and set(paged.namespaces) == {"team"}


def test_a_deleted_set_comes_back_whole_for_undo() -> None:
    catalog = Catalog.from_snapshot(snapshot_of([endpoints("gone", version=3)]))
    delta = catalog.apply([WatchEvent("DELETED", endpoints("gone", version=4), 10)])
    assert delta.removed == {"team/gone": endpoints("gone", version=3)}
    assert "team/gone" not in catalog.rows and catalog.counts["team"] == 0


def test_a_page_of_rows_is_what_each_set_makes_alone() -> None:
    """Rows are built a page at a time (cells made safe at once, the filter's text joined in
    C): a page must give each set the row it has alone, odd sets too."""
    odd = endpoints("odd")
    odd["metadata"]["labels"] = {"team": 7, "Tier": "Web"}  # not text: written by another tool
    odd["spec"]["selector"] = {}
    odd["spec"]["primary_cluster"] = None
    odd["spec"]["endpoints"] = {
        "eu": {"num_endpoints": 2, "exposed_to_cluster": True},
        "us\x1b[2J": {"num_endpoints": 5},  # a control character: escaped in the cells
    }
    bare = {"kind": "Endpoints", "metadata": {"name": "bare", "namespace": "team"}, "spec": {}}
    page = [endpoints("a"), odd, bare, endpoints("b", version=7)]
    now = catalog_module.formatting.utc_now()
    alone = [catalog_module.row_record(obj, now) for obj in page]
    assert catalog_module.row_records(page, now) == alone
    rows = [catalog_module.row_of(record) for record in alone]
    assert alone[1][4] is None  # the filter's text is made when a filter first asks
    assert alone[1][2] == 7 and rows[1].haystack == "odd\nteam\n\neu\nus\x1b[2j\nteam=7\ntier=web"
    assert (
        "\x1b" not in "".join(alone[1][0])
        and rows[0].haystack == "a\nteam\neu\neu\napp=a\ntier=web"
    )
