"""`skyctl history endpoints` and `skyctl rollback endpoints`, the real commands on both
backends: the revisions with what changed, a version-checked rollback, a deleted set brought
back, and bad input said in one line (exit 2) with nothing changed."""

from __future__ import annotations

import json
import uuid

import pytest
from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.store import Store


@pytest.fixture
def name() -> str:
    """etcd keeps the history of earlier tests' sets: each test's set is its own."""
    return f"web-{uuid.uuid4().hex[:6]}"


@pytest.fixture
def seeded(store: Store, name: str) -> Store:
    add_endpoints(store, name, "prod", num_endpoints=3, primary_cluster="us-east")
    store.modify_endpoints(name, "prod", lambda obj: _scaled(obj, 5))
    return store


def _scaled(obj: dict, count: int) -> dict:
    clusters = {"us-east": {"num_endpoints": count, "exposed_to_cluster": False}}
    labels = {**obj["metadata"]["labels"], "team": "a"}
    return {**obj, "metadata": {**obj["metadata"], "labels": labels},
            "spec": {**obj["spec"], "endpoints": clusters}}  # fmt: skip


def revisions(skyctl: Skyctl, name: str, *extra: str) -> list[dict]:
    done = skyctl("history", "endpoints", name, "-n", "prod", "-o", "json", *extra)
    assert done.code == 0, done.err
    return list(json.loads(done.out)["revisions"])


def test_history_lists_revisions_newest_first(skyctl: Skyctl, seeded: Store, name: str) -> None:
    done = skyctl("history", f"endpoints/{name}", "-n", "prod")
    assert done.code == 0, done.err
    header, newest, oldest = done.lines
    assert header.split() == ["REVISION", "AGE", "CHANGE"]
    assert newest.endswith("num_endpoints us-east 3 → 5, label team=a added")
    assert oldest.endswith("created")
    listed = revisions(skyctl, name)
    assert [r["object"]["spec"]["endpoints"]["us-east"]["num_endpoints"] for r in listed] == [5, 3]


def test_rollback_writes_the_revision_back(skyctl: Skyctl, seeded: Store, name: str) -> None:
    first = revisions(skyctl, name)[-1]["revision"]
    dry = skyctl("rollback", "endpoints", name, "-n", "prod", "--to-revision", str(first),
                 "--dry-run")  # fmt: skip
    assert dry.out == f"endpoints/{name} rolled back to revision {first} (dry run)\n"
    assert seeded.get_endpoints(name, "prod")["metadata"]["labels"] == {"team": "a"}
    done = skyctl("rollback", f"edp/{name}", "-n", "prod", "--to-revision", str(first))
    assert done.code == 0, done.err
    assert done.out == f"endpoints/{name} rolled back to revision {first}\n"
    now = seeded.get_endpoints(name, "prod")
    assert now["metadata"]["labels"] == {}
    assert now["spec"]["endpoints"]["us-east"]["num_endpoints"] == 3
    assert revisions(skyctl, name)[0]["change"] == (
        "num_endpoints us-east 5 → 3, label team removed"
    )


def test_a_deleted_set_is_brought_back(skyctl: Skyctl, seeded: Store, name: str) -> None:
    seeded.delete_endpoints(name, "prod")
    missing = skyctl("history", "endpoints", name, "-n", "prod")
    assert missing.code == 1 and "--deleted" in missing.err
    listed = revisions(skyctl, name, "--deleted")
    assert [r["change"] for r in listed][0] == "deleted"
    last = listed[1]["revision"]
    done = skyctl("rollback", "endpoints", name, "-n", "prod", "--to-revision", str(last))
    assert done.code == 0, done.err
    assert done.out == f"endpoints/{name} created from revision {last}\n"
    assert seeded.get_endpoints(name, "prod")["metadata"]["labels"] == {"team": "a"}


@pytest.mark.parametrize(
    "args, words",
    [
        (["--to-revision", "x"], "'x' is not a valid integer"),
        (["--to-revision", "0"], "--to-revision"),
        ([], "missing option '--to-revision'"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_changed(
    skyctl: Skyctl, seeded: Store, name: str, store_state: StoreState, args: list[str], words: str
) -> None:
    before = store_state()
    done = skyctl("rollback", "endpoints", name, "-n", "prod", *args)
    assert done.code == 2
    assert len(done.err.splitlines()) == 1 and words in done.err
    assert store_state() == before


def test_history_refuses_other_types_and_formats(skyctl: Skyctl, seeded: Store, name: str) -> None:
    for args in (["namespaces", "prod"], ["endpoints", name, "-n", "prod", "-o", "wide"]):
        done = skyctl("history", *args)
        assert done.code == 2 and len(done.err.splitlines()) == 1, done.err


def test_an_unknown_revision_changes_nothing(
    skyctl: Skyctl, seeded: Store, name: str, store_state: StoreState
) -> None:
    before = store_state()
    done = skyctl("rollback", "endpoints", name, "-n", "prod", "--to-revision", "999999")
    assert done.code == 1 and "has no revision 999999" in done.err
    assert store_state() == before
