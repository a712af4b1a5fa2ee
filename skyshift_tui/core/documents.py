"""Validate an object without importing pydantic (~150 ms, most of a CLI write at 10k sets).

`validate_document(data)` returns what `models.parse_object(data).model_dump(mode="json")`
returns, or raises its InvalidInputError. The common case, an object whose every field has its
exact JSON type, is checked here with the same `rules.py` functions the models call; anything
this module is not sure of (a wrong type, an unknown field, a condition, a large object, a
refused name) goes to the models, which decide and name the problem. So this module only
ever accepts, never refuses: the rules and their messages stay in one place, and the CLI, `apply`
and the TUI keep refusing exactly the same input (`tests/unit/test_documents.py` checks that
both give the same answer on generated input).
"""

from __future__ import annotations

from typing import Any, NewType

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE, DEFAULT_PRIMARY_CLUSTER
from skyshift_tui.core.rules import (
    MAX_OBJECT_BYTES,
    check_annotations,
    check_labels,
    check_name,
    check_num_endpoints,
)

ValidDocument = NewType("ValidDocument", dict[str, Any])
"""An object as the model dumps it (`model_dump(mode="json")`): validated, every default set."""

_OBJECT_KEYS = frozenset(("kind", "metadata", "spec", "status"))
_META_KEYS = frozenset(("name", "labels", "annotations", "creation_timestamp", "resource_version"))
_NAMESPACED_META_KEYS = _META_KEYS | {"namespace"}
_SPEC_KEYS = frozenset(("selector", "endpoints", "primary_cluster"))
_CLUSTER_KEYS = frozenset(("num_endpoints", "exposed_to_cluster"))
_STATUS_KEYS = frozenset(("conditions",))
_NAMESPACE_STATUS_KEYS = frozenset(("conditions", "status"))

SURELY_SMALL_BYTES = MAX_OBJECT_BYTES // 6
"""Below this many bytes (orjson's) an object is under the models' limit (characters of
pydantic's JSON) however the two escape it: an escape is at most 6 characters per byte."""


class _Unsure(Exception):
    """This module cannot tell: the models decide."""


def validate_document(data: Any) -> ValidDocument:
    """`data` validated, as the model dumps it; InvalidInputError (from the models) if not."""
    document = fast_document(data)
    if document is not None:
        return document
    from skyshift_tui.core.models import parse_object  # pydantic: only for what is unusual

    return ValidDocument(parse_object(data).model_dump(mode="json"))


def fast_document(data: Any) -> ValidDocument | None:
    """`data` as the model would dump it when it is surely valid, else None (never raises)."""
    try:
        if type(data) is not dict or not data.keys() <= _OBJECT_KEYS:
            return None
        kind = data.get("kind")
        if kind == "Endpoints":
            document = _endpoints(data)
        elif kind == "Namespace":
            document = _namespace(data)
        else:
            return None
        if not _surely_small(document):
            return None
        return ValidDocument(document)
    except (_Unsure, ValueError, KeyError):  # ValueError: a rule refused it, the models will say
        return None


def _endpoints(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "Endpoints",
        "metadata": _metadata(data.get("metadata"), namespaced=True),
        "spec": _spec(data.get("spec", {})),
        "status": {"conditions": _no_conditions(_mapping(data.get("status", {}), _STATUS_KEYS))},
    }


def _namespace(data: dict[str, Any]) -> dict[str, Any]:
    spec = data.get("spec", {})
    if type(spec) is not dict or spec:  # free-form: only `{}` (SkyShift's) is sure
        raise _Unsure
    status = _mapping(data.get("status", {}), _NAMESPACE_STATUS_KEYS)
    return {
        "kind": "Namespace",
        "metadata": _metadata(data.get("metadata"), namespaced=False),
        "spec": {},
        "status": {
            "conditions": _no_conditions(status),
            "status": _text(status.get("status", "ACTIVE")),
        },
    }


def _metadata(value: Any, namespaced: bool) -> dict[str, Any]:
    meta = _mapping(value, _NAMESPACED_META_KEYS if namespaced else _META_KEYS)
    result: dict[str, Any] = {"name": check_name(_string(meta["name"]))}
    if namespaced:
        result["namespace"] = check_name(
            _string(meta.get("namespace", DEFAULT_NAMESPACE)), "namespace"
        )
    result["labels"] = check_labels(_pairs(meta.get("labels", {})), "label")
    annotations = _pairs(meta.get("annotations", {}))
    for text in annotations.values():
        _text(text)
    result["annotations"] = check_annotations(annotations)
    timestamp = meta.get("creation_timestamp")
    result["creation_timestamp"] = None if timestamp is None else _text(timestamp)
    version = meta.get("resource_version")
    if version is not None and type(version) is not int:
        raise _Unsure
    result["resource_version"] = version
    return result


def _spec(value: Any) -> dict[str, Any]:
    spec = _mapping(value, _SPEC_KEYS)
    clusters = spec.get("endpoints", {})
    if type(clusters) is not dict:
        raise _Unsure
    endpoints: dict[str, Any] = {}
    for cluster, entry in clusters.items():
        check_name(_string(cluster), "cluster name")
        entry = _mapping(entry, _CLUSTER_KEYS)
        count = entry.get("num_endpoints", 0)
        exposed = entry.get("exposed_to_cluster", False)
        if type(count) is not int or type(exposed) is not bool:
            raise _Unsure
        endpoints[cluster] = {
            "num_endpoints": check_num_endpoints(count),
            "exposed_to_cluster": exposed,
        }
    primary = spec.get("primary_cluster", DEFAULT_PRIMARY_CLUSTER)
    if primary is not None:
        check_name(_string(primary), "primary cluster")
    return {
        "selector": check_labels(_pairs(spec.get("selector", {}))),
        "endpoints": endpoints,
        "primary_cluster": primary,
    }


def _mapping(value: Any, allowed: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= allowed:
        raise _Unsure
    return value


def _no_conditions(status: dict[str, Any]) -> list[Any]:
    conditions = status.get("conditions", [])
    if type(conditions) is not list or conditions:  # free-form JSON: the models check it
        raise _Unsure
    return []


def _pairs(value: Any) -> dict[str, str]:
    """A fresh copy of a str -> str mapping."""
    if type(value) is not dict:
        raise _Unsure
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise _Unsure
    return dict(value)


def _string(value: Any) -> str:
    if type(value) is not str:
        raise _Unsure
    return value


def _text(value: Any) -> str:
    """Free-form text: a str that UTF-8 can hold (pydantic refuses lone surrogates)."""
    if type(value) is not str:
        raise _Unsure
    if not value.isascii():
        value.encode()  # UnicodeEncodeError is a ValueError: unsure
    return value


def _surely_small(document: dict[str, Any]) -> bool:
    meta, spec = document["metadata"], document["spec"]
    entries = len(meta["labels"]) + len(spec.get("selector", ())) + len(spec.get("endpoints", ()))
    status = document["status"].get("status", "")
    if not meta["annotations"] and entries <= 64 and len(status) <= 1024:
        return True  # names are at most 63 characters: far below the limit
    import orjson

    return len(orjson.dumps(document)) <= SURELY_SMALL_BYTES
