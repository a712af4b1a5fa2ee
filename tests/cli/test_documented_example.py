"""The three commands of SkyShift's endpoints docs page, verbatim, on a fresh store.

On etcd the page's own names are refused (exit 2, nothing written): SkyShift's API server
cannot list a namespace holding a key such as `myEndpoints`. There the same commands run with
the names it suggests, `myendpoints` in `mynamespace`.
"""

from __future__ import annotations

import json

import pytest
from cli_support import Skyctl, StoreState

CREATE = (
    "create endpoints myEndpoints --namespace myNamespace --num_endpoints 3 --exposed "
    "--primary_cluster myCluster -s key1=value1"
)


@pytest.fixture
def create(backend: str, skyctl: Skyctl, store_state: StoreState) -> str:
    """The docs page's `create`, as this backend takes it: verbatim on the file; on etcd, the
    verbatim command is refused first, then its names are the ones etcd's refusal suggests."""
    if backend == "file":
        return CREATE
    before = store_state()
    refused = skyctl(*CREATE.split())
    assert (refused.code, refused.out) == (2, "")
    assert refused.err.startswith('error: endpoints name "myEndpoints" cannot be stored in etcd')
    assert refused.err.endswith('; choose a name such as "myendpoints"\n')
    assert len(refused.err.splitlines()) == 1
    assert store_state() == before
    return CREATE.replace("myEndpoints", "myendpoints").replace("myNamespace", "mynamespace")


def test_documented_create_get_delete(skyctl: Skyctl, create: str) -> None:
    ep, ns = create.split()[2], create.split()[4]
    created = skyctl(*create.split())
    assert created.code == 0, created.err
    assert created.lines == [f"namespace/{ns} created", f"endpoints/{ep} created"]
    assert created.err == ""

    got = skyctl("get", "endpoints", ep)
    assert got.code == 0, got.err
    header, row = got.lines
    assert header.split()[:3] == ["NAME", "NAMESPACE", "PRIMARY"]
    for column in ("NAME", "NAMESPACE", "PRIMARY CLUSTER", "ENDPOINTS", "EXPOSED", "SELECTOR"):
        assert column in header
    assert row.split()[:6] == [ep, ns, "myCluster", "myCluster:", "3", "true"]
    assert "key1=value1" in row
    assert got.err == f'endpoints "{ep}" is not in namespace "default"; showing it from "{ns}"\n'

    refused = skyctl("delete", "endpoints", ep)
    assert refused.code == 1
    assert refused.out == ""
    assert refused.err.startswith("error: ")
    assert f"skyctl delete endpoints {ep} --namespace {ns}" in refused.err

    deleted = skyctl("delete", "endpoints", ep, "--namespace", ns)
    assert deleted.code == 0, deleted.err
    assert deleted.lines == [f"endpoints/{ep} deleted"]
    gone = skyctl("get", "endpoints", ep)
    assert gone.code == 1 and "does not exist" in gone.err


def test_created_object_has_skyshift_shape(skyctl: Skyctl, create: str) -> None:
    ep, ns = create.split()[2], create.split()[4]
    assert skyctl(*create.split()).code == 0
    got = skyctl("get", "endpoints", ep, "-n", ns, "-o", "json")
    obj = json.loads(got.out)
    assert obj["kind"] == "Endpoints"
    assert obj["metadata"]["name"] == ep
    assert obj["metadata"]["namespace"] == ns
    assert obj["spec"] == {
        "selector": {"key1": "value1"},
        "endpoints": {"myCluster": {"num_endpoints": 3, "exposed_to_cluster": True}},
        "primary_cluster": "myCluster",
    }
