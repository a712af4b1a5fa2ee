"""Store additions for the CLI's day-two commands: `apply` with expected versions (all checked
before anything is written) and `delete_endpoints_many` (one write, all or nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from skyshift_tui.core.errors import ConflictError, NotFoundError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace
from skyshift_tui.store.base import ABSENT, EndpointsRef
from skyshift_tui.store.file.store import TinyDBStore


def endpoints(name: str, namespace: str = "default", count: int = 1):
    return EndpointsForm(name=name, namespace=namespace, num_endpoints=count).to_endpoints()


def version(store: TinyDBStore, name: str, namespace: str = "default") -> int:
    return int(store.get_endpoints(name, namespace)["metadata"]["resource_version"])


def test_apply_checks_every_version_before_writing(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("web"))
    seen = version(store, "web")
    store.apply([endpoints("web", count=2)], [seen])
    now = version(store, "web")
    before = Path(store.path).read_bytes()
    with pytest.raises(ConflictError, match=f"since version {seen} \\(now {now}\\)"):
        store.apply([endpoints("fresh"), endpoints("web", count=3)], [ABSENT, seen])
    assert Path(store.path).read_bytes() == before  # the fresh set was not written either
    with pytest.raises(ConflictError, match="was created since it was read"):
        store.apply([endpoints("web", count=4)], [ABSENT])
    store.delete_endpoints("web", "default")
    with pytest.raises(ConflictError, match=f"does not exist at version {now}: it was deleted"):
        store.apply([endpoints("web", count=4)], [now])
    results = store.apply([endpoints("web"), new_namespace("ops")], [ABSENT, None])
    assert [r.action for r in results] == ["created", "created"]


def test_namespace_versions_are_checked_too(store: TinyDBStore) -> None:
    store.create_namespace(new_namespace("ops"))
    seen = store.get_namespace("ops")["metadata"]["resource_version"]
    assert store.apply([new_namespace("ops")], [seen])[0].action == "unchanged"
    with pytest.raises(
        ConflictError, match=f'namespace "ops" was changed since version {seen + 1}'
    ):
        store.apply([new_namespace("ops")], [seen + 1])


def test_delete_many_is_one_write_all_or_nothing(store: TinyDBStore) -> None:
    for name in ("a", "b", "c"):
        store.create_endpoints(endpoints(name, "dev"))
    revision = store.revision()
    before = Path(store.path).read_bytes()
    with pytest.raises(NotFoundError, match='"ghost"'):
        store.delete_endpoints_many([EndpointsRef("a", "dev"), EndpointsRef("ghost", "dev")])
    stale = version(store, "b", "dev") - 1
    with pytest.raises(ConflictError, match='endpoints "b" was changed'):
        store.delete_endpoints_many([EndpointsRef("a", "dev"), EndpointsRef("b", "dev", stale)])
    assert Path(store.path).read_bytes() == before
    gone = store.delete_endpoints_many(
        [EndpointsRef("b", "dev", version(store, "b", "dev")), EndpointsRef("a", "dev")]
    )
    assert [obj["metadata"]["name"] for obj in gone] == ["b", "a"]
    assert [obj["metadata"]["name"] for obj in store.list_endpoints()] == ["c"]
    batch = store.changes_since(revision)
    assert [(e.type, e.object["metadata"]["name"]) for e in batch.events] == [
        ("DELETED", "b"),
        ("DELETED", "a"),
    ]
    assert store.delete_endpoints_many([]) == []
