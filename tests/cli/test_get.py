"""`skyctl get endpoints|namespaces`: tables, every -o format, namespaces found or refused."""

from __future__ import annotations

import json

import pytest
import yaml
from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.store import Store


@pytest.fixture
def seeded(store: Store) -> Store:
    """web in default; api in dev; web2 in dev2; shared in dev and dev2."""
    add_endpoints(store, "web", num_endpoints=2, primary_cluster="c1", selector=["app=web"])
    add_endpoints(store, "api", "dev", exposed=True)
    add_endpoints(store, "web2", "dev2")
    add_endpoints(store, "shared", "dev")
    add_endpoints(store, "shared", "dev2")
    return store


def names(lines: list[str]) -> list[tuple[str, str]]:
    """(name, namespace) of each table row after the header."""
    return [tuple(line.split()[:2]) for line in lines[1:]]  # type: ignore[misc]


def test_table_of_default_namespace(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("get", "endpoints")
    assert result.code == 0
    header, row = result.lines
    assert header.startswith("NAME ")
    for column in ("NAMESPACE", "PRIMARY CLUSTER", "ENDPOINTS", "EXPOSED", "SELECTOR", "AGE"):
        assert column in header
    assert row.split()[:6] == ["web", "default", "c1", "c1:", "2", "false"]
    assert header.index("SELECTOR") == row.index("app=web")  # columns line up


def test_namespaces_are_exact(skyctl: Skyctl, seeded: Store) -> None:
    assert names(skyctl("get", "edp", "-n", "dev").lines) == [("api", "dev"), ("shared", "dev")]
    assert names(skyctl("get", "edp", "-n", "dev2").lines) == [
        ("shared", "dev2"),
        ("web2", "dev2"),
    ]


def test_all_namespaces_sorted_by_namespace_then_name(skyctl: Skyctl, seeded: Store) -> None:
    assert names(skyctl("get", "edps", "-A").lines) == [
        ("web", "default"),
        ("api", "dev"),
        ("shared", "dev"),
        ("shared", "dev2"),
        ("web2", "dev2"),
    ]
    assert names(skyctl("get", "endpoints", "shared", "--all-namespaces").lines) == [
        ("shared", "dev"),
        ("shared", "dev2"),
    ]


def test_output_formats(skyctl: Skyctl, seeded: Store) -> None:
    one = json.loads(skyctl("get", "endpoints", "web", "-o", "json").out)
    assert one["kind"] == "Endpoints" and one["metadata"]["name"] == "web"
    many = json.loads(skyctl("get", "endpoints", "-n", "dev", "-o", "json").out)
    assert many["kind"] == "EndpointsList"
    assert [o["metadata"]["name"] for o in many["objects"]] == ["api", "shared"]
    as_yaml = yaml.safe_load(skyctl("get", "endpoints", "-n", "dev", "-o", "yaml").out)
    assert as_yaml == many
    assert yaml.safe_load(skyctl("get", "endpoints", "web", "-o", "yaml").out) == one
    assert skyctl("get", "endpoints", "-A", "-o", "name").lines == [
        "endpoints/web",
        "endpoints/api",
        "endpoints/shared",
        "endpoints/shared",
        "endpoints/web2",
    ]
    wide = skyctl("get", "endpoints", "web", "-o", "wide").lines
    assert "RESOURCE VERSION" in wide[0] and "LABELS" in wide[0]


def test_name_found_in_one_other_namespace(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("get", "endpoints", "api", "-o", "name")
    assert result.code == 0
    assert result.lines == ["endpoints/api"]
    assert 'showing it from "dev"' in result.err


def test_ambiguous_name_names_the_namespaces(skyctl: Skyctl, seeded: Store) -> None:
    result = skyctl("get", "endpoints", "shared")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("error: ")
    assert '"dev"' in result.err and '"dev2"' in result.err
    exact = skyctl("get", "endpoints", "shared", "-n", "dev2", "-o", "name")
    assert exact.lines == ["endpoints/shared"]


def test_missing_names_and_empty_namespaces(skyctl: Skyctl, seeded: Store) -> None:
    nowhere = skyctl("get", "endpoints", "nope")
    assert nowhere.code == 1 and "does not exist" in nowhere.err
    not_here = skyctl("get", "endpoints", "web", "-n", "dev")
    assert not_here.code == 1 and 'namespace "dev"' in not_here.err
    empty = skyctl("get", "endpoints", "-n", "void")
    assert (empty.code, empty.out) == (0, "")
    assert empty.err == "No resources found in void namespace.\n"


def test_empty_store_has_default_namespace(skyctl: Skyctl, store_state: StoreState) -> None:
    empty = store_state()
    assert skyctl("get", "endpoints").err == "No resources found in default namespace.\n"
    result = skyctl("get", "ns")
    assert result.lines[0].split() == ["NAME", "STATUS", "ENDPOINTS", "AGE"]
    assert result.lines[1].split()[:3] == ["default", "ACTIVE", "0"]
    assert store_state() == empty  # reads never create the store (nor `default`)


def test_get_namespaces(skyctl: Skyctl, seeded: Store) -> None:
    rows = [line.split()[:3] for line in skyctl("get", "namespaces").lines[1:]]
    assert rows == [["default", "ACTIVE", "1"], ["dev", "ACTIVE", "2"], ["dev2", "ACTIVE", "2"]]
    assert skyctl("get", "namespace", "-o", "name").lines == [
        "namespace/default",
        "namespace/dev",
        "namespace/dev2",
    ]
    one = json.loads(skyctl("get", "ns", "dev", "-o", "json").out)
    assert one["kind"] == "Namespace" and one["metadata"]["name"] == "dev"
    listed = yaml.safe_load(skyctl("get", "ns", "-o", "yaml").out)
    assert listed["kind"] == "NamespaceList" and len(listed["objects"]) == 3
    missing = skyctl("get", "ns", "nope")
    assert missing.code == 1 and 'namespace "nope" does not exist' in missing.err
