"""The catalog's rows of keys that hold no valid object: from a snapshot and from events alike,
left out of `objects`, a namespace key's row not counted as a set."""

from __future__ import annotations

from skyshift_tui.live.catalog import Catalog, CatalogBuilder
from skyshift_tui.live.invalid_keys import MARKER
from skyshift_tui.store.base import InvalidValue, Snapshot, WatchEvent


def bad(name: str, namespace: str | None = "shop", revision: int = 5) -> InvalidValue:
    kind = "Endpoints" if namespace else "Namespace"
    where = f"endpoints/{namespace}/{name}" if namespace else f"namespaces/{name}"
    return InvalidValue(kind, name, namespace, f"/sky_registry/{where}", "not JSON", revision,
                        "{oops", 5)  # fmt: skip


def endpoints(name: str, namespace: str = "shop") -> dict[str, object]:
    return {
        "kind": "Endpoints",
        "metadata": {"name": name, "namespace": namespace, "resource_version": 1},
        "spec": {"endpoints": {"eu": {"num_endpoints": 2}}},
    }


def stub(invalid: InvalidValue) -> dict[str, object]:
    meta = {"name": invalid.name, **({"namespace": invalid.namespace} if invalid.namespace else {})}
    return {"kind": invalid.kind, "metadata": meta}


def test_a_snapshots_invalid_keys_are_rows_but_not_objects() -> None:
    snapshot = Snapshot(9, [], [endpoints("web")], invalid=[bad("broken"), bad("dev", None)])
    builder = CatalogBuilder()
    builder.add(snapshot.endpoints)
    catalog = builder.finish(snapshot)
    assert sorted(catalog.rows) == ["/namespaces/dev", "shop/broken", "shop/web"]
    assert list(catalog.objects) == ["shop/web"] and len(catalog.objects) == 1
    assert "shop/broken" not in catalog.objects
    assert MARKER in catalog.rows["shop/broken"].cells[3]
    assert catalog.namespace_counts() == {"dev": 0, "shop": 2}


def test_events_turn_a_set_invalid_and_back_in_place() -> None:
    catalog = Catalog.from_snapshot(Snapshot(1, [], [endpoints("web")]))
    gone = bad("web", revision=2)
    delta = catalog.apply([WatchEvent("DELETED", stub(gone), 2, gone)])
    assert delta.upserted == ["shop/web"] and not delta.removed
    assert "shop/web" in catalog.invalid and "shop/web" not in catalog.objects
    delta = catalog.apply([WatchEvent("MODIFIED", endpoints("web"), 3)])
    assert delta.upserted == ["shop/web"] and not catalog.invalid
    assert catalog.objects["shop/web"]["spec"]["endpoints"]["eu"]["num_endpoints"] == 2
    again = bad("web", revision=4)
    catalog.apply([WatchEvent("DELETED", stub(again), 4, again)])
    delta = catalog.apply([WatchEvent("DELETED", stub(again), 5)])  # the key deleted
    assert list(delta.removed) == ["shop/web"] and not catalog.rows and not catalog.invalid
    assert catalog.namespace_counts() == {}


def test_a_namespace_keys_row_goes_when_the_namespace_is_fixed() -> None:
    catalog = Catalog.from_snapshot(Snapshot(1, [], []))
    broken = bad("dev", None, revision=2)
    delta = catalog.apply([WatchEvent("DELETED", stub(broken), 2, broken)])
    assert delta.namespaces_changed and catalog.namespace_counts() == {"dev": 0}
    fixed = {"kind": "Namespace", "metadata": {"name": "dev"}}
    delta = catalog.apply([WatchEvent("MODIFIED", fixed, 3)])
    assert list(delta.removed) == ["/namespaces/dev"] and not catalog.invalid
    assert catalog.namespace_counts() == {"dev": 0}
