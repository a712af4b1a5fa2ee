"""`apply` merges into what is stored, refuses stale versions; `replace` and `diff`;
`--dry-run` writes nothing; `-o json|yaml` lists keep their shape when empty."""

from __future__ import annotations

import json

import pytest
import yaml
from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.store import Store


@pytest.fixture
def web(store: Store) -> Store:
    """`web` in default: 2 endpoints in c1 (exposed), selector app=web."""
    add_endpoints(
        store, "web", num_endpoints=2, exposed=True, primary_cluster="c1", selector=["app=web"]
    )
    return store


def test_partial_apply_keeps_the_fields_the_file_leaves_out(skyctl: Skyctl, web: Store) -> None:
    partial = (
        "kind: Endpoints\nmetadata: {name: web}\nspec:\n  endpoints: {c1: {num_endpoints: 5}}\n"
    )
    result = skyctl("apply", "-f", "-", stdin=partial)
    assert (result.code, result.lines) == (0, ["endpoints/web configured"]), result.err
    spec = web.get_endpoints("web", "default")["spec"]
    assert spec["selector"] == {"app": "web"}  # the data loss: wiped before
    assert spec["primary_cluster"] == "c1"
    assert spec["endpoints"] == {"c1": {"num_endpoints": 5, "exposed_to_cluster": True}}


def test_null_removes_a_field_and_resets_it(skyctl: Skyctl, web: Store) -> None:
    patch = {
        "kind": "Endpoints",
        "metadata": {"name": "web"},
        "spec": {"selector": None, "primary_cluster": None, "endpoints": {"c2": {}}},
    }
    result = skyctl("apply", "-f", "-", stdin=json.dumps(patch))
    assert result.code == 0, result.err
    spec = web.get_endpoints("web", "default")["spec"]
    assert spec["selector"] == {}
    assert spec["primary_cluster"] == "auto"  # the model's default
    assert set(spec["endpoints"]) == {"c1", "c2"}  # maps merge key by key


def test_an_unchanged_export_of_a_null_primary_cluster_applies_unchanged(
    skyctl: Skyctl, store: Store, store_state: StoreState
) -> None:
    """SkyShift's API stores `primary_cluster: null`; `get -o yaml | apply -f -` of it must
    change nothing (a null over a null is no removal), not turn it into `auto`."""
    from skyshift_tui.core.models import parse_object

    store.apply([parse_object({
        "kind": "Endpoints",
        "metadata": {"name": "ep3", "namespace": "ns1"},
        "spec": {"endpoints": {"c2": {"num_endpoints": 1}}, "primary_cluster": None},
    })])  # fmt: skip
    for output in ("yaml", "json"):
        exported = skyctl("get", "endpoints", "ep3", "-n", "ns1", "-o", output).out
        before = store_state()
        assert skyctl("diff", "-f", "-", stdin=exported).code == 0
        applied = skyctl("apply", "-f", "-", stdin=exported)
        assert (applied.code, applied.lines) == (0, ["endpoints/ep3 unchanged"]), applied.err
        assert store_state() == before
    assert store.get_endpoints("ep3", "ns1")["spec"]["primary_cluster"] is None


def test_stale_version_in_file_is_refused_and_store_untouched(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    exported = skyctl("get", "endpoints", "web", "-o", "yaml").out
    seen = yaml.safe_load(exported)["metadata"]["resource_version"]
    assert skyctl("scale", "endpoints", "web", "--num_endpoints", "9").code == 0  # another writer
    now = web.get_endpoints("web", "default")["metadata"]["resource_version"]
    before = store_state()
    stale = exported.replace("num_endpoints: 2", "num_endpoints: 3")
    for command in ("apply", "replace"):
        result = skyctl(command, "-f", "-", stdin=stale)
        assert result.code == 1 and result.out == ""
        assert result.err == (
            f'error: endpoints "web" was changed since version {seen} (now {now}); '
            "get it again and retry\n"
        )
        assert store_state() == before
    fresh = skyctl("get", "endpoints", "web", "-o", "yaml").out.replace(
        "num_endpoints: 9", "num_endpoints: 4"
    )
    assert skyctl("apply", "-f", "-", stdin=fresh).lines == ["endpoints/web configured"]


def test_one_stale_object_refuses_the_whole_file(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    version = web.get_endpoints("web", "default")["metadata"]["resource_version"]
    objects = [
        {"kind": "Endpoints", "metadata": {"name": "new"}},
        {"kind": "Endpoints", "metadata": {"name": "web", "resource_version": version + 50}},
    ]
    before = store_state()
    result = skyctl("apply", "-f", "-", stdin=json.dumps(objects))
    assert result.code == 1 and "was changed since version" in result.err
    assert store_state() == before


def test_bad_resource_version_is_a_usage_error(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    before = store_state()
    bad = '{"kind": "Endpoints", "metadata": {"name": "web", "resource_version": "seven"}}'
    result = skyctl("apply", "-f", "-", stdin=bad)
    assert result.code == 2 and "resource_version" in result.err
    assert len(result.err.splitlines()) == 1
    assert store_state() == before


def test_dry_run_writes_nothing(skyctl: Skyctl, web: Store, store_state: StoreState) -> None:
    before = store_state()
    objects = [
        {"kind": "Endpoints", "metadata": {"name": "web"}, "spec": {"primary_cluster": "c9"}},
        {"kind": "Endpoints", "metadata": {"name": "api", "namespace": "prod"}},
    ]
    result = skyctl("apply", "-f", "-", "--dry-run", stdin=json.dumps(objects))
    assert result.code == 0, result.err
    assert result.lines == [
        "endpoints/web configured (dry run)",
        "namespace/prod created (dry run)",
        "endpoints/api created (dry run)",
    ]
    server = skyctl("apply", "-f", "-", "--dry-run=server", stdin=json.dumps(objects[:1]))
    assert server.lines == ["endpoints/web configured (dry run)"]
    invalid = {"kind": "Endpoints", "metadata": {"name": "-bad-"}}
    refused = skyctl("apply", "-f", "-", "--dry-run", stdin=json.dumps(invalid))
    assert refused.code == 2  # validated all the same
    assert store_state() == before


def test_replace_is_a_full_replacement_of_an_existing_object(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    whole = "kind: Endpoints\nmetadata: {name: web}\nspec:\n  endpoints: {c1: {num_endpoints: 5}}\n"
    before = store_state()
    dry = skyctl("replace", "-f", "-", "--dry-run", stdin=whole)
    assert dry.lines == ["endpoints/web replaced (dry run)"]
    assert store_state() == before
    assert skyctl("replace", "-f", "-", stdin=whole).lines == ["endpoints/web replaced"]
    spec = web.get_endpoints("web", "default")["spec"]
    assert spec["selector"] == {} and spec["primary_cluster"] == "auto"  # left out: defaults
    missing = skyctl("replace", "-f", "-", stdin=whole.replace("web", "ghost"))
    assert missing.code == 1 and 'endpoints "ghost" does not exist' in missing.err


def test_diff_shows_what_apply_would_change(
    skyctl: Skyctl, web: Store, store_state: StoreState
) -> None:
    before = store_state()
    same = skyctl("get", "endpoints", "web", "-o", "yaml").out
    unchanged = skyctl("diff", "-f", "-", stdin=same)
    assert (unchanged.code, unchanged.out) == (0, "")
    changed = skyctl("diff", "-f", "-", stdin=same.replace("num_endpoints: 2", "num_endpoints: 6"))
    assert changed.code == 1
    assert "--- live/endpoints/default/web" in changed.out
    assert "-      num_endpoints: 2" in changed.lines and "+      num_endpoints: 6" in changed.lines
    new = skyctl("diff", "-f", "-", stdin='{"kind": "Namespace", "metadata": {"name": "ops"}}')
    assert new.code == 1 and "+kind: Namespace" in new.lines
    broken = skyctl("diff", "-f", "-", stdin="kind: [unclosed\n")
    assert broken.code == 2 and broken.err.startswith("error: ")
    stale = skyctl(
        "diff", "-f", "-", stdin=same.replace("resource_version: ", "resource_version: 9")
    )
    assert stale.code == 2 and "was changed since" in stale.err  # >1: an error, not "differs"
    assert store_state() == before


def test_lists_keep_their_shape_when_empty(skyctl: Skyctl) -> None:
    as_json = skyctl("get", "endpoints", "-A", "-o", "json")
    assert json.loads(as_json.out) == {"kind": "EndpointsList", "objects": []}
    assert as_json.err == ""
    as_yaml = skyctl("get", "endpoints", "-n", "void", "-o", "yaml")
    assert yaml.safe_load(as_yaml.out) == {"kind": "EndpointsList", "objects": []}
    assert as_yaml.err == ""
    table = skyctl("get", "endpoints", "-A")
    assert (table.out, table.err) == ("", "No resources found.\n")
