"""`label`, `annotate` and `scale` on several NAMEs, `-l` or `--all` (`-A`): one store write,
all or nothing, one line per object."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, StoreState

from skyshift_tui.core.models import new_namespace, parse_object
from skyshift_tui.store import Store


@pytest.fixture
def fleet(store: Store) -> Store:
    """web (app=web), api (app=api), db in default; web (app=web) in dev."""
    seeded = [
        ("web", "default", {"app": "web"}),
        ("api", "default", {"app": "api"}),
        ("db", "default", {}),
        ("web", "dev", {"app": "web"}),
    ]
    store.apply(
        [
            parse_object(
                {
                    "kind": "Endpoints",
                    "metadata": {"name": n, "namespace": ns, "labels": labels},
                    "spec": {"endpoints": {"c1": {"num_endpoints": 1}}, "primary_cluster": "c1"},
                }
            )
            for n, ns, labels in seeded
        ]
    )
    return store


def labels(store: Store) -> dict[str, dict[str, str]]:
    return {
        f"{o['metadata']['namespace']}/{o['metadata']['name']}": o["metadata"].get("labels") or {}
        for o in store.list_endpoints()
    }


def one_write(store: Store, revision: int, backend: str) -> bool:
    """Whether everything since `revision` came from one write: etcd gives one transaction's
    events one revision; the file store numbers each event of its one write."""
    events = store.changes_since(revision).events
    if backend == "etcd":
        return len({event.revision for event in events}) == 1
    return store.revision() == revision + len(events)


def test_label_several_names_in_one_write(skyctl: Skyctl, fleet: Store, backend: str) -> None:
    revision = fleet.revision()
    result = skyctl("label", "endpoints", "web", "api", "team=a")
    assert (result.code, result.lines) == (0, ["endpoints/web labeled", "endpoints/api labeled"])
    assert labels(fleet)["default/web"] == {"app": "web", "team": "a"}
    assert labels(fleet)["default/api"] == {"app": "api", "team": "a"}
    assert labels(fleet)["dev/web"] == {"app": "web"}
    assert one_write(fleet, revision, backend)


def test_label_by_selector_in_every_namespace(skyctl: Skyctl, fleet: Store) -> None:
    result = skyctl("label", "endpoints", "-l", "app=web", "-A", "tier=front")
    assert result.lines == ["endpoints/web labeled", "endpoints/web labeled"]
    assert {key for key, value in labels(fleet).items() if "tier" in value} == {
        "default/web",
        "dev/web",
    }


def test_annotate_all_and_namespaces(skyctl: Skyctl, fleet: Store) -> None:
    result = skyctl("annotate", "endpoints", "--all", "owner=sre")
    assert result.lines == [
        "endpoints/api annotated",
        "endpoints/db annotated",
        "endpoints/web annotated",
    ]
    fleet.create_namespace(new_namespace("prod"))
    spaces = skyctl("annotate", "namespace/dev", "namespace/prod", "owner=sre")
    assert spaces.lines == ["namespace/dev annotated", "namespace/prod annotated"]
    assert fleet.get_namespace("prod")["metadata"]["annotations"] == {"owner": "sre"}


def test_scale_several(skyctl: Skyctl, fleet: Store, backend: str) -> None:
    revision = fleet.revision()
    result = skyctl("scale", "endpoints/web", "endpoints/db", "--replicas", "4")
    assert result.lines == ["endpoints/web scaled", "endpoints/db scaled"]
    counts = {
        o["metadata"]["name"]: o["spec"]["endpoints"]["c1"]["num_endpoints"]
        for o in fleet.list_endpoints("default")
    }
    assert counts == {"web": 4, "db": 4, "api": 1}
    assert one_write(fleet, revision, backend)


def test_one_refused_object_changes_none(
    skyctl: Skyctl, fleet: Store, store_state: StoreState
) -> None:
    """api already has `app`: without --overwrite the whole label is refused (exit 2)."""
    before = store_state()
    result = skyctl("label", "endpoints", "web", "db", "api", "app=x")
    assert result.code == 2 and result.out == ""
    assert result.err.splitlines() == [
        "error: 'app' already has a value (web), and --overwrite is false"
    ]
    missing = skyctl("scale", "endpoints", "web", "ghost", "--replicas", "9")
    assert missing.code == 1
    assert missing.err.splitlines() == [
        'error: endpoints "ghost" does not exist in namespace "default"'
    ]
    assert store_state() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["label", "endpoints", "team=a"], "name the sets to label"),
        (["label", "endpoints", "web", "--all", "team=a"], "not both"),
        (["annotate", "endpoints", "web", "-A", "a=b"], "-A annotates by -l or --all only"),
        (
            ["scale", "endpoints", "a", "b", "--replicas", "1", "--resource-version", "3"],
            "exactly one NAME",
        ),
    ],
)
def test_bad_requests_exit_2(
    skyctl: Skyctl, fleet: Store, store_state: StoreState, args: list[str], message: str
) -> None:
    before = store_state()
    result = skyctl(*args)
    assert result.code == 2 and message in result.err and len(result.err.splitlines()) == 1
    assert store_state() == before
