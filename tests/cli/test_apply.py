"""`skyctl apply -f`: YAML and JSON in every shape, created/configured/unchanged, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import Skyctl, StoreState, add_endpoints

from skyshift_tui.store import Store

MULTI_DOC = """\
kind: Namespace
metadata: {name: ops}
---
kind: Endpoints
metadata:
  name: web
  namespace: prod
  creation_timestamp: "2001-01-01T00:00:00+00:00"
spec:
  selector: {app: web}
  endpoints: {c1: {num_endpoints: 2, exposed_to_cluster: true}}
  primary_cluster: c1
---
kind: Endpoints
metadata: {name: api}
"""


def test_yaml_documents_created_then_unchanged_then_configured(
    skyctl: Skyctl, store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "objects.yaml"
    source.write_text(MULTI_DOC)
    first = skyctl("apply", "-f", str(source))
    assert first.code == 0, first.err
    assert first.lines == [
        "namespace/ops created",
        "namespace/prod created",  # created for web, as `create` does
        "endpoints/web created",
        "endpoints/api created",
    ]
    web = store.get_endpoints("web", "prod")
    assert web["spec"]["endpoints"] == {"c1": {"num_endpoints": 2, "exposed_to_cluster": True}}
    assert not web["metadata"]["creation_timestamp"].startswith("2001")
    assert store.get_endpoints("api", "default")["spec"]["primary_cluster"] == "auto"

    again = skyctl("apply", "-f", str(source))
    assert again.lines == [
        "namespace/ops unchanged",
        "endpoints/web unchanged",
        "endpoints/api unchanged",
    ]

    source.write_text(MULTI_DOC.replace("num_endpoints: 2", "num_endpoints: 5"))
    changed = skyctl("apply", "--filename", str(source))
    assert changed.lines == [
        "namespace/ops unchanged",
        "endpoints/web configured",
        "endpoints/api unchanged",
    ]
    after = store.get_endpoints("web", "prod")
    assert after["spec"]["endpoints"]["c1"]["num_endpoints"] == 5
    assert after["metadata"]["resource_version"] > web["metadata"]["resource_version"]
    assert after["metadata"]["creation_timestamp"] == web["metadata"]["creation_timestamp"]


def test_json_list_and_wrapped_list_from_stdin(skyctl: Skyctl, store: Store) -> None:
    objects = [
        {"kind": "Endpoints", "metadata": {"name": f"e{i}", "namespace": "bulk"}} for i in range(3)
    ]
    listed = skyctl("apply", "-f", "-", stdin=json.dumps(objects))
    assert listed.code == 0, listed.err
    assert listed.lines == ["namespace/bulk created"] + [
        f"endpoints/e{i} created" for i in range(3)
    ]
    wrapped = {"kind": "EndpointsList", "objects": objects}
    assert skyctl("apply", "-f", "-", stdin=json.dumps(wrapped)).lines == [
        f"endpoints/e{i} unchanged" for i in range(3)
    ]
    assert len(store.list_endpoints("bulk")) == 3


def test_get_output_applies_back_unchanged(skyctl: Skyctl, store: Store) -> None:
    add_endpoints(store, "web", "dev", num_endpoints=3, selector=["app=web"])
    for output in ("json", "yaml"):
        exported = skyctl("get", "endpoints", "-A", "-o", output).out
        assert skyctl("apply", "-f", "-", stdin=exported).lines == ["endpoints/web unchanged"]


def test_invalid_object_rejects_the_whole_file(
    skyctl: Skyctl, store: Store, store_state: StoreState
) -> None:
    add_endpoints(store, "keep")
    before = store_state()
    objects = [
        {"kind": "Endpoints", "metadata": {"name": "fine"}},
        {
            "kind": "Endpoints",
            "metadata": {"name": "neg"},
            "spec": {"endpoints": {"c": {"num_endpoints": -1}}},
        },
    ]
    result = skyctl("apply", "-f", "-", stdin=json.dumps(objects))
    assert result.code == 2 and result.out == ""
    assert "object 2 of 2" in result.err and '"neg"' in result.err
    assert "must be non-negative" in result.err
    assert store_state() == before


def test_bad_input_files(skyctl: Skyctl, tmp_path: Path, store_state: StoreState) -> None:
    before = store_state()
    unknown = skyctl("apply", "-f", "-", stdin='{"kind": "Pod", "metadata": {"name": "x"}}')
    assert unknown.code == 2 and "kind 'Pod' is not supported" in unknown.err
    typo = skyctl("apply", "-f", "-", stdin="kind: Endpoints\nmetadata: {name: x}\nspek: {}\n")
    assert typo.code == 2 and "spek" in typo.err
    broken = skyctl("apply", "-f", "-", stdin="kind: [unclosed\n")
    assert broken.code == 2 and "neither valid JSON nor YAML" in broken.err
    empty = skyctl("apply", "-f", "-", stdin="")
    assert empty.code == 2 and "no objects" in empty.err
    missing = skyctl("apply", "-f", str(tmp_path / "nope.yaml"))
    assert missing.code == 2 and "cannot read" in missing.err
    no_file = skyctl("apply")
    assert no_file.code == 2 and "-f" in no_file.err
    assert store_state() == before  # on the file: still None, nothing created
