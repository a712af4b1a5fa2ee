"""`scale`, `label`, `annotate`, `patch` and `create --cluster`: each changes one thing, is
checked by the one model, refuses a stale `--resource-version`, and writes nothing dry."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.store import Store


@pytest.fixture
def web(store: Store) -> Store:
    """`web` in default: 2 endpoints in c1 (exposed), selector app=web, label team=a."""
    add_endpoints(
        store, "web", num_endpoints=2, exposed=True, primary_cluster="c1", selector=["app=web"]
    )
    store.apply([_labelled(store, team="a")])
    return store


def _labelled(store: Store, **labels: str):  # type: ignore[no-untyped-def]
    from skyshift_tui.core.models import parse_object

    current = store.get_endpoints("web", "default")
    meta = {k: v for k, v in current["metadata"].items() if k != "resource_version"}
    return parse_object({**current, "metadata": {**meta, "labels": labels}})


def spec(store: Store) -> dict:  # type: ignore[type-arg]
    return store.get_endpoints("web", "default")["spec"]


def version(store: Store) -> int:
    return int(store.get_endpoints("web", "default")["metadata"]["resource_version"])


def test_scale_primary_and_other_clusters(skyctl: Skyctl, web: Store) -> None:
    assert skyctl("scale", "endpoints", "web", "--num_endpoints", "5").lines == [
        "endpoints/web scaled"
    ]
    assert spec(web)["endpoints"]["c1"] == {"num_endpoints": 5, "exposed_to_cluster": True}
    added = skyctl("scale", "edp", "web", "--num-endpoints", "3", "--cluster", "c2", "--exposed")
    assert added.code == 0, added.err
    assert spec(web)["endpoints"]["c2"] == {"num_endpoints": 3, "exposed_to_cluster": True}
    skyctl("scale", "edp", "web", "--num_endpoints", "1", "--cluster", "c1", "--no-exposed")
    assert spec(web)["endpoints"]["c1"] == {"num_endpoints": 1, "exposed_to_cluster": False}
    assert spec(web)["selector"] == {"app": "web"}


def test_scale_refuses_bad_input_and_writes_nothing(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    before = store_state()
    for args, message in [
        (["--num_endpoints", "-1"], "must be non-negative"),
        (["--num_endpoints", "x"], "is not a valid integer"),
        (["--num_endpoints", "1", "--cluster", "bad name!"], "cluster name"),
        (["--num_endpoints", "1", "--resource-version", "0"], "resource-version"),
    ]:
        result = skyctl("scale", "endpoints", "web", *args)
        assert result.code == 2 and message in result.err, (args, result.err)
        assert len(result.err.splitlines()) == 1
    missing = skyctl("scale", "endpoints", "ghost", "--num_endpoints", "1")
    assert missing.code == 1 and 'endpoints "ghost" does not exist' in missing.err
    assert store_state() == before


@pytest.mark.parametrize(
    "args",
    [
        ["scale", "endpoints", "web", "--num_endpoints", "9"],
        ["label", "endpoints", "web", "x=y"],
        ["annotate", "endpoints", "web", "x=y"],
        ["patch", "endpoints", "web", "-p", '{"spec": {"primary_cluster": "c9"}}'],
    ],
)
def test_stale_resource_version_and_dry_run_write_nothing(
    skyctl: Skyctl, web: Store, store_state: StoreState, args: list[str]
) -> None:
    seen = version(web)
    before = store_state()
    dry = skyctl(*args, "--dry-run")
    assert dry.code == 0, dry.err
    assert dry.lines[0].startswith("endpoints/web ") and dry.lines[0].endswith(" (dry run)")
    assert store_state() == before
    stale = skyctl(*args, "--resource-version", str(seen - 1))
    assert stale.code == 1 and stale.out == ""
    assert stale.err == (
        f'error: endpoints "web" was changed since version {seen - 1} (now {seen}); '
        "get it again and retry\n"
    )
    assert store_state() == before
    fresh = skyctl(*args, "--resource-version", str(seen))
    assert fresh.code == 0, fresh.err
    assert version(web) > seen


def test_label_semantics_are_kubectls(skyctl: Skyctl, web: Store) -> None:
    taken = skyctl("label", "endpoints", "web", "team=a")  # even the same value
    assert taken.code == 2
    assert taken.err == "error: 'team' already has a value (a), and --overwrite is false\n"
    assert skyctl("label", "endpoints", "web", "team=b", "--overwrite").lines == [
        "endpoints/web labeled"
    ]
    assert skyctl("label", "edp", "web", "team=b", "--overwrite").lines == [
        "endpoints/web not labeled"
    ]
    both = skyctl("label", "edp", "web", "env=prod", "tier=db", "team-")
    assert both.lines == ["endpoints/web labeled"]
    labels = web.get_endpoints("web", "default")["metadata"]["labels"]
    assert labels == {"env": "prod", "tier": "db"}
    gone = skyctl("label", "edp", "web", "nope-")
    assert gone.lines == ["endpoints/web not labeled"] and 'label "nope" not found.' in gone.err
    for bad, message in [
        ("a=b=c", "invalid label spec"),
        ("justakey", "give at least one label change"),  # a second NAME, as in kubectl
        ("bad key!=x", "invalid"),
        ("k=bad value", "invalid"),
    ]:
        result = skyctl("label", "edp", "web", bad)
        assert result.code == 2 and message in result.err, (bad, result.err)
    clash = skyctl("label", "edp", "web", "a=b", "a-")
    assert clash.code == 2 and "both modify and remove" in clash.err
    assert skyctl("label", "edp", "web").code == 2


def test_label_and_annotate_namespaces(skyctl: Skyctl, web: Store) -> None:
    assert skyctl("create", "ns", "ops").code == 0
    assert skyctl("label", "ns", "ops", "tier=infra").lines == ["namespace/ops labeled"]
    assert skyctl("annotate", "namespace", "ops", "owner=me@example.com").lines == [
        "namespace/ops annotated"
    ]
    meta = web.get_namespace("ops")["metadata"]
    assert (meta["labels"], meta["annotations"]) == (
        {"tier": "infra"},
        {"owner": "me@example.com"},
    )
    again = skyctl("annotate", "ns", "ops", "owner=me@example.com")
    assert again.code == 2 and "--overwrite is false but found" in again.err
    assert skyctl("annotate", "ns", "ops", "owner-").lines == ["namespace/ops annotated"]
    assert skyctl("label", "ns", "default", "a=b").lines == ["namespace/default labeled"]


def test_patch_merge_and_json(skyctl: Skyctl, web: Store) -> None:
    merge = skyctl("patch", "endpoints", "web", "-p", '{"spec": {"selector": {"app": null}}}')
    assert merge.lines == ["endpoints/web patched"]
    assert spec(web)["selector"] == {}
    assert spec(web)["endpoints"]["c1"]["num_endpoints"] == 2
    ops = '[{"op": "replace", "path": "/spec/endpoints/c1/num_endpoints", "value": 4}]'
    assert skyctl("patch", "edp", "web", "--type", "json", "-p", ops).code == 0
    assert spec(web)["endpoints"]["c1"]["num_endpoints"] == 4
    same = skyctl("patch", "edp", "web", "--type", "json", "-p", ops)
    assert same.lines == ["endpoints/web patched (no change)"]
    versioned = '{"metadata": {"resource_version": 1}, "spec": {"primary_cluster": "c2"}}'
    assert skyctl("patch", "edp", "web", "-p", versioned).code == 1  # a version in the patch


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "{not json"], "not valid JSON"),
        (["-p", "[1]"], "must be a JSON object"),
        (["--type", "json", "-p", '{"op": "add"}'], "list of operations"),
        (["--type", "json", "-p", '[{"op": "remove", "path": "/spec/nope"}]'], "cannot be"),
        (["--type", "json", "-p", '[{"op": "frob", "path": "/spec"}]'], "JSON patch"),
        (["-p", '{"spec": {"endpoints": {"c1": {"num_endpoints": -3}}}}'], "non-negative"),
        (["-p", '{"spec": {"bogus": 1}}'], "spec.bogus"),
        (["-p", '{"metadata": {"name": "other"}}'], "metadata.name cannot be changed"),
        (["-p", '{"kind": "Namespace"}'], "kind cannot be changed"),
    ],
)
def test_bad_patches_are_one_line_exit_2(
    skyctl: Skyctl, web: Store, store_state: StoreState, args: list[str], message: str
) -> None:
    before = store_state()
    result = skyctl("patch", "endpoints", "web", *args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("error: ") and message in result.err, result.err
    assert len(result.err.splitlines()) == 1
    assert store_state() == before


def test_create_across_clusters(skyctl: Skyctl, store: Store) -> None:
    made = skyctl("create", "endpoints", "multi", "--cluster", "us=3:exposed", "--cluster", "eu=2")
    assert made.code == 0, made.err
    obj = store.get_endpoints("multi", "default")
    assert obj["spec"]["primary_cluster"] == "us"
    assert obj["spec"]["endpoints"] == {
        "us": {"num_endpoints": 3, "exposed_to_cluster": True},
        "eu": {"num_endpoints": 2, "exposed_to_cluster": False},
    }
    other = skyctl(
        "create",
        "edp",
        "p",
        "--primary_cluster",
        "home",
        "--num_endpoints",
        "1",
        "--cluster",
        "eu=2",
    )
    assert other.code == 0, other.err
    clusters = store.get_endpoints("p", "default")["spec"]["endpoints"]
    assert set(clusters) == {"home", "eu"} and clusters["home"]["num_endpoints"] == 1


def test_create_bad_cluster_and_dry_run(skyctl: Skyctl, store_state: StoreState) -> None:
    empty = store_state()
    for bad in ("us", "us=x", "us=-1", "us=2:public", "bad name!=2", "=3"):
        result = skyctl("create", "endpoints", "web", "--cluster", bad)
        assert result.code == 2 and result.err.startswith("error: "), (bad, result.err)
        assert len(result.err.splitlines()) == 1
    twice = skyctl("create", "edp", "web", "--cluster", "a=1", "--cluster", "a=2")
    assert twice.code == 2 and "twice" in twice.err
    assert store_state() == empty
    dry = skyctl("create", "endpoints", "web", "-n", "prod", "--cluster", "a=1", "--dry-run")
    assert dry.lines == ["namespace/prod created (dry run)", "endpoints/web created (dry run)"]
    assert store_state() == empty
    assert skyctl("create", "ns", "ops", "--dry-run").lines == ["namespace/ops created (dry run)"]
    assert store_state() == empty
    assert skyctl("create", "edp", "web").code == 0
    before = store_state()
    exists = skyctl("create", "edp", "web", "--dry-run")
    assert exists.code == 1 and "already exists" in exists.err
    assert store_state() == before


def test_scale_a_set_without_primary_cluster_needs_cluster(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    """Sets written through SkyShift's own API may have `primary_cluster: null`."""
    web.apply([_without_primary_cluster(web)])
    assert web.get_endpoints("web", "default")["spec"]["primary_cluster"] is None
    before = store_state()
    result = skyctl("scale", "endpoints", "web", "--num_endpoints", "4")
    assert result.code == 2 and "--cluster" in result.err
    assert store_state() == before


def _without_primary_cluster(store: Store):  # type: ignore[no-untyped-def]
    from skyshift_tui.core.models import parse_object

    current = store.get_endpoints("web", "default")
    return parse_object({**current, "spec": {**current["spec"], "primary_cluster": None}})
