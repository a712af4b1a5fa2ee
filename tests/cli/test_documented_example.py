"""The three commands of SkyShift's endpoints docs page, verbatim, on a fresh store."""

from __future__ import annotations

import json

from cli_support import Skyctl

CREATE = (
    "create endpoints myEndpoints --namespace myNamespace --num_endpoints 3 --exposed "
    "--primary_cluster myCluster -s key1=value1"
)


def test_documented_create_get_delete(skyctl: Skyctl) -> None:
    created = skyctl(*CREATE.split())
    assert created.code == 0, created.err
    assert created.lines == ["namespace/myNamespace created", "endpoints/myEndpoints created"]
    assert created.err == ""

    got = skyctl("get", "endpoints", "myEndpoints")
    assert got.code == 0, got.err
    header, row = got.lines
    assert header.split()[:3] == ["NAME", "NAMESPACE", "PRIMARY"]
    for column in ("NAME", "NAMESPACE", "PRIMARY CLUSTER", "ENDPOINTS", "EXPOSED", "SELECTOR"):
        assert column in header
    assert row.split()[:6] == ["myEndpoints", "myNamespace", "myCluster", "myCluster:", "3", "true"]
    assert "key1=value1" in row
    assert got.err == (
        'endpoints "myEndpoints" is not in namespace "default"; showing it from "myNamespace"\n'
    )

    refused = skyctl("delete", "endpoints", "myEndpoints")
    assert refused.code == 1
    assert refused.out == ""
    assert refused.err.startswith("error: ")
    assert "skyctl delete endpoints myEndpoints --namespace myNamespace" in refused.err

    deleted = skyctl("delete", "endpoints", "myEndpoints", "--namespace", "myNamespace")
    assert deleted.code == 0, deleted.err
    assert deleted.lines == ["endpoints/myEndpoints deleted"]
    gone = skyctl("get", "endpoints", "myEndpoints")
    assert gone.code == 1 and "does not exist" in gone.err


def test_created_object_has_skyshift_shape(skyctl: Skyctl) -> None:
    assert skyctl(*CREATE.split()).code == 0
    got = skyctl("get", "endpoints", "myEndpoints", "-n", "myNamespace", "-o", "json")
    obj = json.loads(got.out)
    assert obj["kind"] == "Endpoints"
    assert obj["metadata"]["name"] == "myEndpoints"
    assert obj["metadata"]["namespace"] == "myNamespace"
    assert obj["spec"] == {
        "selector": {"key1": "value1"},
        "endpoints": {"myCluster": {"num_endpoints": 3, "exposed_to_cluster": True}},
        "primary_cluster": "myCluster",
    }
