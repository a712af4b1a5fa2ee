"""editing.py: the edit form's values, what changed, scaling and deleting several, with the
CLI's rules and the store's version check (a real store, two handles)."""

from __future__ import annotations

import threading

import pytest

from skyshift_tui.core.errors import ConflictError, InvalidInputError, NotFoundError, SkyShiftError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.services.editing import (
    ClusterEntry,
    EndpointsEdit,
    Scaler,
    delete_all,
    describe_changes,
    scaled,
    update_checked,
)
from skyshift_tui.store.base import Object
from skyshift_tui.store.file.store import TinyDBStore


def create(store: TinyDBStore, name: str, count: str = "2", selector: str = "app=web") -> Object:
    form = EndpointsForm(name, "default", count, True, "us-east", selector)
    return store.create_endpoints(form.to_endpoints()).object


def test_the_form_round_trips_a_stored_set(store: TinyDBStore) -> None:
    web = create(store, "web")
    edit = EndpointsEdit.of(web)
    assert edit.clusters == [ClusterEntry("us-east", 2, True)]
    assert (edit.primary_cluster, edit.selector) == ("us-east", "app=web")
    assert edit.to_endpoints().model_dump(mode="json")["spec"] == web["spec"]


def test_rows_are_checked_by_the_cli_rules() -> None:
    edit = EndpointsEdit(
        "web",
        "default",
        [ClusterEntry("ok", "x"), ClusterEntry("bad name", 1), ClusterEntry("ok", 1)],
        primary_cluster="gone",
        selector="app",
    )
    problems = edit.errors()
    assert "whole number" in problems["count-0"]
    assert "invalid" in problems["cluster-1"]
    assert "listed twice" in problems["cluster-2"]
    assert "among the clusters" in problems["primary_cluster"]
    assert "KEY=VALUE" in problems["selector"]
    with pytest.raises(InvalidInputError):
        edit.to_endpoints()
    assert "at least one cluster" in EndpointsEdit("web", "default").errors()["clusters"]


def test_labels_and_annotations_are_kept() -> None:
    edit = EndpointsEdit(
        "web", "default", [ClusterEntry("a", 1)], "a", labels={"team": "x"}, annotations={"n": "y"}
    )
    meta = edit.to_endpoints().metadata
    assert (meta.labels, meta.annotations) == ({"team": "x"}, {"n": "y"})


def test_describe_changes_lists_each_field_once() -> None:
    before = {"spec": {"selector": {"app": "web"}, "endpoints": {"a": {"num_endpoints": 2}}}}
    after = {
        "metadata": {"resource_version": 9},
        "spec": {"selector": {}, "endpoints": {"a": {"num_endpoints": 5}, "b": {"x": True}}},
    }
    assert describe_changes(before, after) == [
        "spec.endpoints.a.num_endpoints: 2 → 5",
        "spec.endpoints.b.x: (none) → true",
        "spec.selector.app: web → (none)",
    ]
    many_before = {"spec": {str(i): i for i in range(30)}}
    lines = describe_changes(many_before, {"spec": {}}, limit=5)
    assert len(lines) == 5 and lines[-1] == "… and 26 more fields"


def test_update_checked_refuses_a_newer_version_and_says_what_changed(
    store: TinyDBStore,
) -> None:
    seen = create(store, "web")
    TinyDBStore(store.path).update_endpoints(
        EndpointsForm("web", "default", "7", True, "us-east", "app=web").to_endpoints()
    )
    mine = EndpointsEdit.of(seen)
    mine.selector = "app=mine"
    with pytest.raises(ConflictError) as caught:
        update_checked(store, mine.to_endpoints(), seen)
    assert "spec.endpoints.us-east.num_endpoints: 2 → 7" in str(caught.value)
    assert store.get_endpoints("web", "default")["spec"]["selector"] == {"app": "web"}


def test_scaled_never_goes_below_zero(store: TinyDBStore) -> None:
    web = create(store, "web", "1")
    endpoints, before, after = scaled(web, -3)
    assert (before, after) == (1, 0)
    assert endpoints.spec.endpoints["us-east"].num_endpoints == 0


def test_the_scaler_builds_on_its_own_writes_from_many_threads(store: TinyDBStore) -> None:
    seen = create(store, "web", "0")
    scaler = Scaler(store)
    threads = [threading.Thread(target=scaler.scale, args=(seen, 1)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get_endpoints("web", "default")["spec"]["endpoints"]["us-east"] == {
        "num_endpoints": 8,
        "exposed_to_cluster": True,
    }


def test_the_scaler_refuses_a_press_on_a_set_someone_else_changed(store: TinyDBStore) -> None:
    seen = create(store, "web", "2")
    TinyDBStore(store.path).update_endpoints(
        EndpointsForm("web", "default", "5", True, "us-east", "app=web").to_endpoints()
    )
    with pytest.raises(ConflictError):
        Scaler(store).scale(seen, 1)


def test_delete_all_keeps_what_changed_and_names_it(store: TinyDBStore) -> None:
    a, b, c = (create(store, name) for name in ("a", "b", "c"))
    TinyDBStore(store.path).update_endpoints(
        EndpointsForm("b", "default", "9", True, "us-east", "app=web").to_endpoints()
    )
    with pytest.raises(SkyShiftError) as caught:
        delete_all(store, [a, b, c])
    assert "deleted 2 of 3 sets; not deleted: default/b (" in str(caught.value)
    for name in ("a", "c"):
        with pytest.raises(NotFoundError):
            store.get_endpoints(name, "default")
    assert store.get_endpoints("b", "default")
