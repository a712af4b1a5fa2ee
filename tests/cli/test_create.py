"""`skyctl create endpoints|namespace`: options, aliases, and the rules the model enforces."""

from __future__ import annotations

import pytest
from cli_support import Skyctl, StoreState

from skyshift_tui.store import Store


def test_defaults_aliases_and_alternative_spellings(skyctl: Skyctl, store: Store) -> None:
    assert skyctl("create", "edp", "plain").lines == ["endpoints/plain created"]
    result = skyctl(
        "create", "endpoint", "spelled", "--num-endpoints", "2", "--primary-cluster", "c1",
        "-s", "a=b,c=d", "--selector", "e=f",
    )  # fmt: skip
    assert result.code == 0, result.err
    plain = store.get_endpoints("plain", "default")["spec"]
    assert plain == {
        "selector": {},
        "endpoints": {"auto": {"num_endpoints": 0, "exposed_to_cluster": False}},
        "primary_cluster": "auto",
    }
    spelled = store.get_endpoints("spelled", "default")["spec"]
    assert spelled["selector"] == {"a": "b", "c": "d", "e": "f"}
    assert spelled["endpoints"] == {"c1": {"num_endpoints": 2, "exposed_to_cluster": False}}


def test_existing_namespace_is_not_announced(skyctl: Skyctl) -> None:
    assert skyctl("create", "ns", "dev").lines == ["namespace/dev created"]
    assert skyctl("create", "edps", "web", "-n", "dev").lines == ["endpoints/web created"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad/name"], "is invalid"),
        (["-bad"], "no such option"),
        (["x" * 64], "64 characters"),
        (["ok", "--num_endpoints", "-1"], "must be non-negative"),
        (["ok", "--num_endpoints=-1"], "must be non-negative"),
        (["ok", "--num_endpoints", "three"], "whole number"),
        (["ok", "-s", "novalue"], "malformed"),
        (["ok", "-s", "bad key=v"], "selector key"),
        (["ok", "-n", "bad_ns_"], "namespace"),
        (["ok", "--primary_cluster", "no/such"], "primary cluster"),
    ],
)
def test_invalid_input_is_a_usage_error(
    skyctl: Skyctl, store_state: StoreState, args: list[str], message: str
) -> None:
    empty = store_state()
    result = skyctl("create", "endpoints", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("error: ") and message in result.err
    assert len(result.err.splitlines()) == 1
    assert "Traceback" not in result.err
    assert store_state() == empty  # nothing written


def test_duplicate_is_a_failure(skyctl: Skyctl, store_state: StoreState) -> None:
    assert skyctl("create", "endpoints", "web").code == 0
    before = store_state()
    result = skyctl("create", "endpoints", "web")
    assert result.code == 1
    assert "already exists" in result.err
    assert store_state() == before
    assert skyctl("create", "namespace", "default").err.count("already exists") == 1


def test_create_namespace_validates_its_name(skyctl: Skyctl) -> None:
    result = skyctl("create", "namespace", "no/slash")
    assert result.code == 2 and "namespace" in result.err
