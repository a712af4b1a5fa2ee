"""A set's history, from each backend: the file store's change log and etcd's MVCC history.

etcd's member lives for the session and only its keys are wiped between tests, so its history
holds earlier tests' sets: every name here is this file's own.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store import Store, open_store
from skyshift_tui.store.file import change_log
from skyshift_tui.store.history import COMPACTED, HasHistory


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def create(store: Store, name: str, count: int = 3, namespace: str = "default") -> None:
    form = EndpointsForm(name=name, namespace=namespace, num_endpoints=count, primary_cluster="c1")
    store.create_endpoints(form.to_endpoints())


def scale(store: Store, name: str, count: int, namespace: str = "default") -> dict[str, Any]:
    def change(obj: dict[str, Any]) -> Any:
        spec = {**obj["spec"], "endpoints": {"c1": {"num_endpoints": count}}}
        return {**obj, "spec": spec}

    return store.modify_endpoints(name, namespace, change)


def counts(history: Any) -> list[int | None]:
    return [
        None if r.object is None else r.object["spec"]["endpoints"]["c1"]["num_endpoints"]
        for r in history.revisions
    ]


def test_both_backends_have_the_ability(store: Store) -> None:
    assert isinstance(store, HasHistory)


def test_revisions_newest_first_each_as_stored(store: Store) -> None:
    name = unique("web")
    create(store, name, 3)
    scale(store, name, 4)
    latest = scale(store, name, 5)
    history = store.history("default", name)  # type: ignore[attr-defined]
    assert counts(history) == [5, 4, 3]
    versions = [r.revision for r in history.revisions]
    assert versions == sorted(versions, reverse=True)
    assert versions[0] == latest["metadata"]["resource_version"]
    for revision in history.revisions:
        assert revision.object["metadata"]["resource_version"] == revision.revision
    created = history.revisions[-1]
    assert created.time == created.object["metadata"]["creation_timestamp"]
    assert history.missing == ""


def test_a_deleted_set_is_listed_with_deleted_only(store: Store) -> None:
    name = unique("gone")
    create(store, name, 3)
    scale(store, name, 7)
    store.delete_endpoints(name, "default")
    with pytest.raises(NotFoundError, match="--deleted"):
        store.history("default", name)  # type: ignore[attr-defined]
    history = store.history("default", name, deleted=True)  # type: ignore[attr-defined]
    assert history.deleted
    assert counts(history) == [None, 7, 3]
    assert history.revisions[0].revision > history.revisions[1].revision


def test_a_set_created_again_starts_a_new_history(store: Store) -> None:
    name = unique("again")
    create(store, name, 3)
    scale(store, name, 4)
    store.delete_endpoints(name, "default")
    create(store, name, 9)
    assert counts(store.history("default", name)) == [9]  # type: ignore[attr-defined]


def test_no_record_at_all(store: Store) -> None:
    with pytest.raises(NotFoundError, match="keeps no record"):
        store.history("default", unique("never"), deleted=True)  # type: ignore[attr-defined]


def test_etcd_says_older_revisions_were_compacted(etcd: Any) -> None:
    store = open_store(etcd.url)
    name = unique("old")
    create(store, name, 1)
    scale(store, name, 2)
    kept = scale(store, name, 3)["metadata"]["resource_version"]
    scale(store, name, 4)
    etcd.etcdctl("compaction", str(kept))
    history = store.history("default", name)  # type: ignore[attr-defined]
    assert counts(history) == [4, 3]
    assert history.missing == COMPACTED
    store.delete_endpoints(name, "default")
    gone = store.history("default", name, deleted=True)  # type: ignore[attr-defined]
    assert counts(gone) == [None, 4, 3]
    assert gone.missing == COMPACTED


@pytest.mark.file_store_only("the file store's own change log")
def test_the_file_keeps_the_last_revisions_of_each_set(store: Store) -> None:
    create(store, "busy", 0)
    for count in range(1, 31):
        scale(store, "busy", count)
    history = store.history("default", "busy")  # type: ignore[attr-defined]
    assert counts(history) == list(range(30, 30 - change_log.KEEP - 1, -1))
    assert "last 20" in history.missing


@pytest.mark.file_store_only("the file store's own change log")
def test_the_file_keeps_the_sets_deleted_last(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_log, "DELETED_KEPT", 2)
    for name in ("a", "b", "c"):
        create(store, name)
        store.delete_endpoints(name, "default")
    with pytest.raises(NotFoundError):
        store.history("default", "a", deleted=True)  # type: ignore[attr-defined]
    for name in ("b", "c"):
        assert counts(store.history("default", name, deleted=True)) == [None, 3]  # type: ignore[attr-defined]


@pytest.mark.file_store_only("the file store's own change log")
def test_the_log_is_in_the_same_file_write_as_the_change(store: Store, location: str) -> None:
    from skyshift_tui.store.file.json_file import read_tables

    create(store, "web", 3)
    scale(store, "web", 4)
    tables = read_tables(location)
    assert tables is not None
    entry = tables[change_log.HISTORY_TABLE]["default/web"]
    assert (
        entry["revisions"][-1]["revision"]
        == tables["endpoints"]["1"]["metadata"]["resource_version"]
    )
    assert Path(location).read_bytes().count(b"\n") == len(tables)  # one table a line


@pytest.mark.file_store_only("the file store's own change log")
def test_a_namespace_deleted_with_its_sets_keeps_their_history(store: Store) -> None:
    create(store, "web", 2, namespace="shop")
    scale(store, "web", 6, namespace="shop")
    store.delete_namespace("shop", cascade=True)
    history = store.history("shop", "web", deleted=True)  # type: ignore[attr-defined]
    assert counts(history) == [None, 6, 2]
