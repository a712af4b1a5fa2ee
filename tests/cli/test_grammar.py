"""kubectl's grammar from the real `skyctl`: TYPE/NAME arguments (as `-o name` prints them)
for every verb, several at once and of several types; the type after options."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Skyctl, StoreState, add_endpoints, run_skyctl

from skyshift_tui.store import Store


@pytest.fixture
def prod(store: Store) -> Store:
    """web and api in prod, web in default, the namespace staging."""
    add_endpoints(store, "web", "prod", num_endpoints=2, primary_cluster="us-east")
    add_endpoints(store, "api", "prod", primary_cluster="us-east")
    add_endpoints(store, "web", primary_cluster="us-east")
    store.create_namespace(_namespace("staging"))
    return store


def _namespace(name: str):  # type: ignore[no-untyped-def]
    from skyshift_tui.core.models import new_namespace

    return new_namespace(name)


def names(store: Store) -> list[str]:
    return sorted(
        f"{o['metadata']['namespace']}/{o['metadata']['name']}" for o in store.list_endpoints()
    )


def test_get_names_piped_into_delete(skyctl: Skyctl, prod: Store) -> None:
    """`skyctl get endpoints -n prod -o name | xargs skyctl delete -n prod`: one write."""
    listed = skyctl("get", "endpoints", "-n", "prod", "-o", "name")
    assert listed.lines == ["endpoints/api", "endpoints/web"]
    deleted = skyctl("delete", "-n", "prod", *listed.lines)
    assert (deleted.code, deleted.lines) == (0, ["endpoints/api deleted", "endpoints/web deleted"])
    assert names(prod) == ["default/web"]


def test_type_slash_name_for_every_verb(skyctl: Skyctl, prod: Store) -> None:
    got = skyctl("get", "edp/web", "endpoints/api", "-n", "prod", "-o", "name")
    assert got.lines == ["endpoints/api", "endpoints/web"]
    assert skyctl("label", "edp/web", "-n", "prod", "team=a").lines == ["endpoints/web labeled"]
    assert skyctl("annotate", "namespace/staging", "owner=sre").lines == [
        "namespace/staging annotated"
    ]
    assert skyctl("scale", "-n", "prod", "endpoints/api", "--replicas", "4").lines == [
        "endpoints/api scaled"
    ]
    patched = skyctl(
        "patch", "endpoints/api", "-n", "prod", "-p", '{"spec": {"selector": {"a": "b"}}}'
    )
    assert patched.lines == ["endpoints/api patched"]
    api = prod.get_endpoints("api", "prod")
    assert api["spec"]["endpoints"]["us-east"]["num_endpoints"] == 4
    assert api["spec"]["selector"] == {"a": "b"}
    assert prod.get_endpoints("web", "prod")["metadata"]["labels"] == {"team": "a"}
    assert prod.get_namespace("staging")["metadata"]["annotations"] == {"owner": "sre"}


def test_several_types_in_one_command(skyctl: Skyctl, prod: Store) -> None:
    got = skyctl("get", "namespace/staging", "edp/web", "ns/prod", "-o", "name")
    assert got.lines == ["namespace/prod", "namespace/staging", "endpoints/web"]
    deleted = skyctl("delete", "endpoints/web", "namespace/staging")
    assert deleted.lines == ["endpoints/web deleted", "namespace/staging deleted"]
    assert names(prod) == ["prod/api", "prod/web"]


def test_the_type_after_options(skyctl: Skyctl, prod: Store) -> None:
    assert skyctl("get", "-n", "prod", "-o", "name", "edp").lines == [
        "endpoints/api",
        "endpoints/web",
    ]


def test_a_verb_without_that_type_says_which_it_takes(
    skyctl: Skyctl, prod: Store, store_state: StoreState
) -> None:
    before = store_state()
    result = skyctl("edit", "namespace/prod")
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: 'edit' does not apply to namespaces; it takes: endpoints; see 'skyctl edit --help'"
    ]
    empty = skyctl("delete", "endpoints/")
    assert empty.code == 2 and "'endpoints/' names no object" in empty.err
    assert store_state() == before


def test_global_flags_before_or_after_the_verb(store_url: str, prod: Store) -> None:
    """`--store` and `-n` wherever they stand, as kubectl's global flags."""
    wanted = ["endpoints/api", "endpoints/web"]
    assert run_skyctl(["-n", "prod", "--store", store_url, "get", "edp", "-o", "name"]).lines == (
        wanted
    )
    assert run_skyctl(["get", "-n", "prod", "edp", "--store", store_url, "-o", "name"]).lines == (
        wanted
    )
    shown = run_skyctl(["get", "edp", "web", "-o", "yaml", "-n", "prod", f"--store={store_url}"])
    assert "namespace: prod" in shown.out
    # A command's own -n wins over one given before the verb.
    assert (
        run_skyctl(["-n", "prod", "get", "edp", "-n", "default", "--store", store_url])
        .lines[1]
        .startswith("web ")
    )
    assert run_skyctl(
        ["-n", "prod", "get", "ns", "staging", "--store", store_url, "-o", "name"]
    ).lines == ["namespace/staging"]  # namespaces live in none: -n is ignored, as kubectl does


def test_a_global_namespace_where_none_applies(
    store_url: str, prod: Store, store_state: StoreState, tmp_path: Path
) -> None:
    before = store_state()
    source = tmp_path / "web.yaml"
    source.write_text("kind: Endpoints\nmetadata: {name: new}\n")
    result = run_skyctl(["-n", "prod", "apply", "-f", str(source), "--store", store_url])
    assert result.code == 2
    assert result.err.splitlines() == [
        "error: -n/--namespace does not apply to 'skyctl apply'; drop it; see 'skyctl apply --help'"
    ]
    assert store_state() == before
