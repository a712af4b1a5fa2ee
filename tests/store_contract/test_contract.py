"""What every backend promises through the Store interface (run once per backend).

Nothing here assumes one revision per object: on etcd one transaction (a set and the namespace
made for it, a batch of `apply`) is one revision.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from skyshift_tui.core.errors import (
    AlreadyExistsError,
    ConflictError,
    NamespaceNotEmptyError,
    NotFoundError,
    ProtectedNamespaceError,
)
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace, parse_object
from skyshift_tui.store import Store


def endpoints(name: str, namespace: str = "default", count: int = 1):
    return EndpointsForm(name=name, namespace=namespace, num_endpoints=count).to_endpoints()


def names(objects: list[dict]) -> list[str]:
    return sorted(obj["metadata"]["name"] for obj in objects)


def test_fresh_store_has_only_the_default_namespace(store: Store) -> None:
    assert names(store.list_namespaces()) == ["default"]
    assert store.get_namespace("default")["metadata"]["name"] == "default"
    assert store.list_endpoints() == []
    assert store.snapshot().endpoints == []


def test_create_get_delete(store: Store) -> None:
    result = store.create_endpoints(endpoints("web"))
    assert not result.namespace_created
    got = store.get_endpoints("web", "default")
    assert got == result.object
    assert got["metadata"]["resource_version"] == store.revision()
    datetime.fromisoformat(got["metadata"]["creation_timestamp"])
    deleted = store.delete_endpoints("web", "default")
    assert deleted["metadata"]["name"] == "web"
    assert deleted["spec"] == got["spec"]
    with pytest.raises(NotFoundError, match="does not exist"):
        store.get_endpoints("web", "default")
    with pytest.raises(NotFoundError, match="does not exist"):
        store.delete_endpoints("web", "default")


def test_create_makes_a_missing_namespace(store: Store) -> None:
    assert store.create_endpoints(endpoints("web", "team-a")).namespace_created
    assert not store.create_endpoints(endpoints("api", "team-a")).namespace_created
    assert names(store.list_namespaces()) == ["default", "team-a"]


def test_duplicate_is_refused_and_changes_nothing(store: Store) -> None:
    store.create_endpoints(endpoints("web"))
    before, revision = store.snapshot().endpoints, store.revision()
    with pytest.raises(AlreadyExistsError, match="already exists"):
        store.create_endpoints(endpoints("web", count=5))
    assert store.snapshot().endpoints == before
    assert store.revision() == revision


def test_namespaces_match_exactly(store: Store) -> None:
    """`dev` is not a prefix of `dev2` (SkyShift's own listing mixes them)."""
    store.create_endpoints(endpoints("web", "dev"))
    store.create_endpoints(endpoints("api", "dev"))
    store.create_endpoints(endpoints("web", "dev2"))
    assert names(store.list_endpoints("dev")) == ["api", "web"]
    assert names(store.list_endpoints("dev2")) == ["web"]
    assert len(store.list_endpoints()) == 3
    assert {o["metadata"]["namespace"] for o in store.find_endpoints("web")} == {"dev", "dev2"}
    assert store.find_endpoints("nope") == []
    store.delete_namespace("dev", cascade=True)
    assert names(store.list_endpoints("dev2")) == ["web"]


def test_update_bumps_resource_version_and_keeps_creation(store: Store) -> None:
    created = store.create_endpoints(endpoints("web")).object
    updated = store.update_endpoints(endpoints("web", count=7))
    assert updated["metadata"]["resource_version"] > created["metadata"]["resource_version"]
    assert updated["metadata"]["creation_timestamp"] == created["metadata"]["creation_timestamp"]
    stored = store.get_endpoints("web", "default")
    assert stored["spec"]["endpoints"]["auto"]["num_endpoints"] == 7
    assert stored["metadata"]["resource_version"] == updated["metadata"]["resource_version"]
    with pytest.raises(NotFoundError):
        store.update_endpoints(endpoints("nope"))


def test_stale_version_is_refused_and_nothing_written(store: Store) -> None:
    seen = store.create_endpoints(endpoints("web")).object["metadata"]["resource_version"]
    newer = store.update_endpoints(endpoints("web", count=2), expected_version=seen)
    now = newer["metadata"]["resource_version"]
    revision = store.revision()
    message = f'endpoints "web" was changed since version {seen} \\(now {now}\\); get it again'
    with pytest.raises(ConflictError, match=message):
        store.update_endpoints(endpoints("web", count=9), expected_version=seen)
    with pytest.raises(ConflictError, match=message):
        store.delete_endpoints("web", "default", expected_version=seen)
    assert store.revision() == revision
    assert store.get_endpoints("web", "default")["spec"]["endpoints"]["auto"]["num_endpoints"] == 2
    store.delete_endpoints("web", "default", expected_version=now)


def test_two_writers_from_one_read_lose_nothing(store: Store, open_handle) -> None:
    """Both read version V; the first write wins, the second is refused (no lost update)."""
    other = open_handle()
    seen = store.create_endpoints(endpoints("web")).object["metadata"]["resource_version"]
    store.update_endpoints(endpoints("web", count=2), expected_version=seen)
    with pytest.raises(ConflictError):
        other.update_endpoints(endpoints("web", count=3), expected_version=seen)
    assert other.get_endpoints("web", "default")["spec"]["endpoints"]["auto"]["num_endpoints"] == 2


def test_namespace_lifecycle(store: Store) -> None:
    store.create_namespace(new_namespace("dev"))
    with pytest.raises(AlreadyExistsError):
        store.create_namespace(new_namespace("dev"))
    with pytest.raises(AlreadyExistsError):
        store.create_namespace(new_namespace("default"))
    store.create_endpoints(endpoints("web", "dev"))
    with pytest.raises(NamespaceNotEmptyError, match="1 set of endpoints"):
        store.delete_namespace("dev")
    assert store.get_namespace("dev")["status"]["status"] == "ACTIVE"
    gone = store.delete_namespace("dev", cascade=True)
    assert names(gone) == ["web"]
    assert store.list_endpoints() == []
    with pytest.raises(NotFoundError):
        store.get_namespace("dev")
    with pytest.raises(NotFoundError):
        store.delete_namespace("dev")
    with pytest.raises(ProtectedNamespaceError):
        store.delete_namespace("default", cascade=True)


def test_empty_namespace_goes_without_cascade(store: Store) -> None:
    store.create_namespace(new_namespace("dev"))
    assert store.delete_namespace("dev") == []
    assert names(store.list_namespaces()) == ["default"]


def test_apply_creates_configures_and_leaves_unchanged(store: Store) -> None:
    def doc(count: int) -> dict:
        return {
            "kind": "Endpoints",
            "metadata": {"name": "web", "namespace": "prod"},
            "spec": {"endpoints": {"c1": {"num_endpoints": count}}},
        }

    first = store.apply(
        [parse_object(doc(1)), parse_object({"kind": "Namespace", "metadata": {"name": "ops"}})]
    )
    assert [(r.kind, r.name, r.action) for r in first] == [
        ("Namespace", "prod", "created"),
        ("Endpoints", "web", "created"),
        ("Namespace", "ops", "created"),
    ]
    assert names(store.list_namespaces()) == ["default", "ops", "prod"]
    version = store.get_endpoints("web", "prod")["metadata"]["resource_version"]
    assert store.apply([parse_object(doc(1))])[0].action == "unchanged"
    assert store.get_endpoints("web", "prod")["metadata"]["resource_version"] == version
    assert store.apply([parse_object(doc(2))])[0].action == "configured"
    after = store.get_endpoints("web", "prod")
    assert after["metadata"]["resource_version"] > version
    assert after["spec"]["endpoints"]["c1"]["num_endpoints"] == 2


def test_apply_same_object_twice_in_one_call(store: Store) -> None:
    store.create_endpoints(endpoints("old"))
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": "new"}}),
        parse_object(
            {"kind": "Endpoints", "metadata": {"name": "new"}, "spec": {"primary_cluster": "c9"}}
        ),
        parse_object(
            {"kind": "Endpoints", "metadata": {"name": "old"}, "spec": {"primary_cluster": "c8"}}
        ),
        parse_object({"kind": "Endpoints", "metadata": {"name": "fresh"}}),
    ]
    assert [r.action for r in store.apply(objects)] == [
        "created",
        "configured",
        "configured",
        "created",
    ]
    assert names(store.list_endpoints()) == ["fresh", "new", "old"]
    assert store.get_endpoints("new", "default")["spec"]["primary_cluster"] == "c9"
    assert store.get_endpoints("old", "default")["spec"]["primary_cluster"] == "c8"


def test_apply_of_many_objects(store: Store) -> None:
    """More than one etcd transaction holds (128 operations): every object lands."""
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": f"e{i}", "namespace": "bulk"}})
        for i in range(300)
    ]
    results = store.apply(objects)
    assert [r.action for r in results].count("created") == 301
    assert len(store.list_endpoints("bulk")) == 300
    assert all(r.action == "unchanged" for r in store.apply(objects))


def test_skyshift_rest_answers_apply(store: Store) -> None:
    """SkyShift's `primary_cluster: null` and namespace `spec`/`status.conditions` load."""
    namespace = {
        "kind": "Namespace",
        "metadata": {"name": "ns1", "labels": {}, "annotations": {}},
        "spec": {},
        "status": {"conditions": [], "status": "ACTIVE"},
    }
    ep = {
        "kind": "Endpoints",
        "metadata": {"name": "ep3", "namespace": "ns1"},
        "spec": {"selector": {"app": "api"}, "primary_cluster": None},
        "status": {"conditions": []},
    }
    results = store.apply([parse_object(namespace), parse_object(ep)])
    assert [r.action for r in results] == ["created", "created"]
    assert store.get_endpoints("ep3", "ns1")["spec"]["primary_cluster"] is None
    assert [r.action for r in store.apply([parse_object(namespace)])] == ["unchanged"]


def test_revision_grows_with_every_write(store: Store) -> None:
    revisions = [store.revision()]
    store.create_endpoints(endpoints("a"))
    revisions.append(store.revision())
    store.update_endpoints(endpoints("a", count=2))
    revisions.append(store.revision())
    store.delete_endpoints("a", "default")
    revisions.append(store.revision())
    assert revisions == sorted(set(revisions))
    assert store.snapshot().revision == revisions[-1]


def test_changes_since_reports_each_change_in_order(store: Store) -> None:
    store.create_namespace(new_namespace("seed"))  # the file store adds `default` on its first
    start = store.revision()
    store.create_endpoints(endpoints("a", "dev"))
    store.update_endpoints(endpoints("a", "dev", count=3))
    store.delete_endpoints("a", "dev")
    batch = store.changes_since(start)
    assert not batch.expired
    assert [(e.type, e.kind) for e in batch.events] == [
        ("ADDED", "Namespace"),
        ("ADDED", "Endpoints"),
        ("MODIFIED", "Endpoints"),
        ("DELETED", "Endpoints"),
    ]
    revisions = [e.revision for e in batch.events]
    assert revisions == sorted(revisions) and revisions[-1] == batch.revision == store.revision()
    assert batch.events[2].object["spec"]["endpoints"]["auto"]["num_endpoints"] == 3
    assert batch.events[3].object["metadata"]["name"] == "a"
    assert store.changes_since(batch.revision).events == []


def test_changes_since_sees_another_handles_write(store: Store, open_handle) -> None:
    writer = open_handle()
    writer.create_namespace(new_namespace("seed"))
    start = store.revision()
    assert store.changes_since(start).events == []
    writer.create_endpoints(endpoints("a", "dev"))
    assert [e.type for e in store.changes_since(start).events] == ["ADDED", "ADDED"]


def test_a_revision_from_the_future_is_expired(store: Store) -> None:
    store.create_endpoints(endpoints("a"))
    assert store.changes_since(store.revision() + 10).expired


def test_watch_yields_each_batch_of_another_handle(store: Store, open_handle) -> None:
    writer = open_handle()
    writer.create_namespace(new_namespace("seed"))
    stop = threading.Event()
    start = store.revision()
    writer.create_endpoints(endpoints("a", "dev"))
    batches = store.watch(since=start, poll_interval=0.01, stop=stop)
    seen = [e.type for e in next(batches).events]
    while len(seen) < 2:
        seen += [e.type for e in next(batches).events]
    assert seen == ["ADDED", "ADDED"]
    writer.delete_endpoints("a", "dev")
    batch = next(batches)
    assert [(e.type, e.object["metadata"]["name"]) for e in batch.events] == [("DELETED", "a")]
    assert batch.revision == writer.revision()
    stop.set()


def test_reads_return_plain_dicts_that_yaml_accepts(store: Store) -> None:
    from skyshift_tui.render.formatting import to_yaml

    store.create_endpoints(endpoints("web", "dev"))
    reads = [
        *store.list_endpoints(),
        *store.list_endpoints("dev"),
        store.get_endpoints("web", "dev"),
        *store.find_endpoints("web"),
        *store.list_namespaces(),
        *store.snapshot().endpoints,
        *store.snapshot().namespaces,
    ]
    assert all(type(obj) is dict for obj in reads)
    assert "name: web" in to_yaml(reads)


def test_snapshot_each_hands_over_every_set_by_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skyshift_tui.store.etcd import client as etcd_client

    monkeypatch.setattr(etcd_client, "SCAN_PAGE", 3)  # several pages on etcd
    store.apply([endpoints(f"e{i:02d}", "dev") for i in range(8)])
    whole = store.snapshot()
    pages: list[list[dict]] = []
    paged = store.snapshot_each(lambda page: pages.append(list(page)))

    def by_key(objects: list[dict]) -> list[dict]:  # pages may come in any order (etcd)
        return sorted(objects, key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"]))

    assert by_key([o for page in pages for o in page]) == by_key(whole.endpoints)
    assert (paged.revision, paged.namespaces, paged.endpoints) == (
        whole.revision,
        whole.namespaces,
        [],
    )
