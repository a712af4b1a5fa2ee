"""services/history.py: what changed between revisions, and going back to one (version-checked,
undoable), on a real store file."""

from __future__ import annotations

from typing import Any

import pytest

from skyshift_tui.core.errors import ConflictError, InvalidInputError, NotFoundError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.services.history import (
    RestoreUndo,
    change_summary,
    history_rows,
    read_history,
    restore,
)
from skyshift_tui.store.file.store import TinyDBStore


def obj(clusters: dict[str, Any], labels: dict[str, str] | None = None, **spec: Any) -> Any:
    return {
        "kind": "Endpoints",
        "metadata": {"name": "web", "namespace": "default", "labels": labels or {}},
        "spec": {"endpoints": clusters, **spec},
    }


def test_change_summary_says_what_changed_in_few_words() -> None:
    before = obj({"us-east": {"num_endpoints": 3}, "eu-west": {"exposed_to_cluster": False}})
    after = obj(
        {"us-east": {"num_endpoints": 5}, "eu-west": {"exposed_to_cluster": True}},
        labels={"team": "a"},
    )
    assert change_summary(before, after) == (
        "num_endpoints us-east 3 → 5, exposed eu-west false → true, label team=a added"
    )
    assert change_summary(None, after) == "created"
    assert change_summary(after, None) == "deleted"
    assert change_summary(after, after) == "no change"
    moved = obj({"ap": {"num_endpoints": 2}}, labels={"team": "b"}, primary_cluster="ap")
    assert change_summary(after, moved) == (
        "cluster ap added (2), cluster us-east removed, cluster eu-west removed, "
        "primary_cluster none → ap, label team a → b"
    )


def seeded(tmp_path: Any) -> TinyDBStore:
    store = TinyDBStore(tmp_path / "store.json")
    form = EndpointsForm(name="web", num_endpoints=3, primary_cluster="c1", selector="app=web")
    store.create_endpoints(form.to_endpoints())
    scale(store, 5, labels={"team": "a"})
    return store


def scale(store: TinyDBStore, count: int, labels: dict[str, str] | None = None) -> Any:
    def change(current: dict[str, Any]) -> Any:
        meta = {**current["metadata"], "labels": labels or current["metadata"]["labels"]}
        spec = {**current["spec"], "endpoints": {"c1": {"num_endpoints": count}}}
        return {**current, "metadata": meta, "spec": spec}

    return store.modify_endpoints("web", "default", change)


def count(store: TinyDBStore) -> int:
    return int(store.get_endpoints("web", "default")["spec"]["endpoints"]["c1"]["num_endpoints"])


def test_rows_newest_first_with_their_change(tmp_path: Any) -> None:
    rows = history_rows(read_history(seeded(tmp_path), "default", "web"))
    assert [row.change for row in rows] == [
        "num_endpoints c1 3 → 5, label team=a added",
        "created",
    ]
    assert rows[0].cells()[0] == str(rows[0].revision)


def test_restore_writes_the_old_revision_back_and_undo_returns(tmp_path: Any) -> None:
    store = seeded(tmp_path)
    history = read_history(store, "default", "web")
    first = history.revisions[-1].revision
    done = restore(store, history, first)
    assert done.message == f"endpoints/web rolled back to revision {first}"
    now = store.get_endpoints("web", "default")
    assert count(store) == 3 and now["metadata"]["labels"] == {}
    assert now["spec"]["selector"] == {"app": "web"}
    assert RestoreUndo(done).undo(store).startswith("undid the restore")
    assert count(store) == 5
    assert store.get_endpoints("web", "default")["metadata"]["labels"] == {"team": "a"}


def test_restore_is_refused_when_the_set_changed_since_the_list(tmp_path: Any) -> None:
    store = seeded(tmp_path)
    history = read_history(store, "default", "web")
    scale(store, 9)  # another writer, after the list was shown
    with pytest.raises(ConflictError, match="nothing was restored"):
        restore(store, history, history.revisions[-1].revision)
    assert count(store) == 9


def test_undo_is_refused_when_the_set_changed_since_the_restore(tmp_path: Any) -> None:
    store = seeded(tmp_path)
    history = read_history(store, "default", "web")
    done = restore(store, history, history.revisions[-1].revision)
    scale(store, 7)
    with pytest.raises(ConflictError, match="cannot undo the restore"):
        RestoreUndo(done).undo(store)
    assert count(store) == 7


def test_a_deleted_set_comes_back_once_and_only_while_its_name_is_free(tmp_path: Any) -> None:
    store = seeded(tmp_path)
    store.delete_endpoints("web", "default")
    history = read_history(store, "default", "web", deleted=True)
    last = history.revisions[1].revision
    with pytest.raises(InvalidInputError, match="its deletion"):
        restore(store, history, history.revisions[0].revision)
    assert restore(store, history, last, dry_run=True).after is None
    with pytest.raises(NotFoundError):
        store.get_endpoints("web", "default")
    done = restore(store, history, last)
    assert done.message == f"endpoints/web created from revision {last}"
    assert count(store) == 5
    with pytest.raises(ConflictError, match="exists again"):
        restore(store, history, last)
    assert RestoreUndo(done).undo(store) == "undid the restore: endpoints/web deleted again"
    with pytest.raises(NotFoundError):
        store.get_endpoints("web", "default")


def test_an_unknown_revision_names_the_ones_there_are(tmp_path: Any) -> None:
    store = seeded(tmp_path)
    history = read_history(store, "default", "web")
    with pytest.raises(NotFoundError, match="has no revision 99"):
        restore(store, history, 99)
