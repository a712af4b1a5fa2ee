"""SkyShift's layout in etcd: keys, values, names, and turning key-values into our objects.

Measured on SkyShift's own API server (../shared/skyshift/etcd-layout.md): keys
`/sky_registry/endpoints/<ns>/<name>` and `/sky_registry/namespaces/<name>`; values are the
whole object as Python's `json.dumps` writes it; `resource_version` is the key's `mod_revision`
(the stored field means nothing); timestamps are naive UTC to the second. One value holding a
name outside SkyShift's rule breaks its listing of a whole namespace, so we never write one.
"""

from __future__ import annotations

import json
import re
from binascii import a2b_base64
from datetime import datetime, timezone
from typing import Any

import orjson

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.store.base import (
    INVALID_VALUE_SHOWN,
    InvalidValue,
    Object,
    invalid_key_problem,
)
from skyshift_tui.store.etcd.client import b64, unb64

PREFIX = "/sky_registry/"
ENDPOINTS_PREFIX = PREFIX + "endpoints/"
NAMESPACES_PREFIX = PREFIX + "namespaces/"
STORED_RESOURCE_VERSION = -1
"""What SkyShift stores in the field after a create; every read replaces it."""

SKYSHIFT_NAME_MAX = 63
_SKYSHIFT_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
SKYSHIFT_NAME_RULE = (
    "SkyShift reads only lower-case letters, digits and '-', starting and ending with a letter "
    f"or digit, at most {SKYSHIFT_NAME_MAX} characters (one other name breaks its listing of "
    "the whole namespace)"
)


class BadValue(Exception):
    """A key whose value is not a valid object: reported for that key, skipped in lists."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(invalid_key_problem(key, reason))
        self.key = key
        self.reason = reason


def endpoints_key(namespace: str, name: str) -> str:
    return f"{ENDPOINTS_PREFIX}{namespace}/{name}"


def namespace_key(name: str) -> str:
    return f"{NAMESPACES_PREFIX}{name}"


def namespace_prefix(namespace: str) -> str:
    """With the trailing slash: `dev/` must not match `dev2`'s sets (SkyShift's own bug)."""
    return f"{ENDPOINTS_PREFIX}{namespace}/"


def check_skyshift_name(name: str, what: str) -> None:
    """Refuse (exit 2) a name SkyShift could not read back."""
    if len(name) > SKYSHIFT_NAME_MAX or not _SKYSHIFT_NAME.fullmatch(name):
        raise InvalidInputError(
            f'{what} "{name}" cannot be stored in etcd: {SKYSHIFT_NAME_RULE}; '
            "choose a name such as "
            f'"{_suggest(name)}"'
        )


def _suggest(name: str) -> str:
    text = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")[:SKYSHIFT_NAME_MAX].strip("-")
    return text or "my-name"


def now_naive_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def timestamp(moment: datetime) -> str:
    """Naive UTC to the second: SkyShift's CLI crashes on an offset."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat(timespec="seconds")


def encode(obj: Object) -> str:
    """The value SkyShift writes: json.dumps with its default separators, version -1."""
    stored = {**obj, "metadata": {**obj["metadata"]}}
    stored["metadata"]["resource_version"] = STORED_RESOURCE_VERSION
    return b64(json.dumps(stored))


def skyshift_namespace(doc: Object) -> Object:
    """A Namespace in SkyShift's full shape: `spec: {}`, `status.conditions`."""
    status = doc.get("status") or {}
    return {
        "kind": "Namespace",
        "metadata": doc["metadata"],
        "spec": doc.get("spec") or {},
        "status": {"conditions": status.get("conditions") or [], **status},
    }


def namespace_doc(name: str, created: str | None, resource_version: int | None = None) -> Object:
    """A new namespace as SkyShift writes one."""
    metadata: dict[str, Any] = {
        "name": name,
        "labels": {},
        "annotations": {},
        "creation_timestamp": created,
        "resource_version": resource_version,
    }
    return skyshift_namespace({"metadata": metadata, "status": {"status": "ACTIVE"}})


def default_namespace() -> Object:
    """`default` before anyone stored it: it always exists (resource_version 0 = not stored)."""
    return namespace_doc("default", None, 0)


def key_of(kv: dict[str, Any]) -> str:
    return unb64(kv["key"]).decode("utf-8", "replace")


def parse_key(key: str) -> tuple[str, str | None, str] | None:
    """(kind, namespace, name) of one of our keys; None for any other key under the prefix."""
    if key.startswith(ENDPOINTS_PREFIX):
        namespace, slash, name = key[len(ENDPOINTS_PREFIX) :].partition("/")
        if slash and namespace and name and "/" not in name:
            return "Endpoints", namespace, name
    elif key.startswith(NAMESPACES_PREFIX):
        name = key[len(NAMESPACES_PREFIX) :]
        if name and "/" not in name:
            return "Namespace", None, name
    return None


def check_command(keys: list[str]) -> str:
    """The `skyctl get` that shows what a write to `keys` did: the sets it wrote (one by name,
    several by namespace), else the namespaces."""
    import shlex

    parsed = [found for found in map(parse_key, keys) if found is not None]
    sets = [(namespace, name) for kind, namespace, name in parsed if kind == "Endpoints"]
    if len(sets) == 1:
        namespace, name = sets[0]
        return f"`skyctl get endpoints {shlex.quote(name)} -n {shlex.quote(str(namespace))}`"
    if sets:
        namespaces = {namespace for namespace, _ in sets}
        where = f"-n {shlex.quote(str(sets[0][0]))}" if len(namespaces) == 1 else "-A"
        return f"`skyctl get endpoints {where}`"
    names = [name for _, _, name in parsed]
    return (
        f"`skyctl get namespace {shlex.quote(names[0])}`"
        if len(names) == 1
        else ("`skyctl get namespaces`")
    )


def stub(key: str) -> Object | None:
    """The least object a key names: what a DELETED event carries when the value is gone."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    kind, namespace, name = parsed
    metadata: dict[str, Any] = {"name": name}
    if namespace is not None:
        metadata["namespace"] = namespace
    return {"kind": kind, "metadata": metadata, "spec": {}, "status": {}}


def invalid_value(kv: dict[str, Any], error: BadValue) -> InvalidValue | None:
    """What the TUI shows of a key that `decode` refused; None for a key outside our layout
    (`endpoints/NS/NAME`, `namespaces/NAME`), which the watch does not report either."""
    place = parse_key(error.key)
    if place is None:
        return None
    kind, namespace, name = place
    raw = a2b_base64(kv.get("value", ""))
    return InvalidValue(
        kind=kind,
        name=name,
        namespace=namespace,
        key=error.key,
        reason=error.reason,
        revision=int(kv.get("mod_revision", 0)),
        value=raw[: INVALID_VALUE_SHOWN * 4].decode("utf-8", "replace")[:INVALID_VALUE_SHOWN],
        size=len(raw),
    )


def decode(kv: dict[str, Any]) -> Object:
    """The object in one key-value, resource_version set to its mod_revision; else BadValue.

    Runs once per object of every list (100k at a time), so it checks with `type() is` and
    no generators: ~7 us per object here.
    """
    key = a2b_base64(kv["key"]).decode("utf-8", "replace")
    parsed = parse_key(key)
    if parsed is None:
        raise BadValue(key, "not an endpoints or namespace key")
    kind, namespace, name = parsed
    try:
        obj = orjson.loads(a2b_base64(kv.get("value", "")))
    except (orjson.JSONDecodeError, ValueError) as error:
        raise BadValue(key, f"not JSON: {error}") from None
    problem = _shape_problem(obj, kind, namespace, name)
    if problem:
        raise BadValue(key, problem)
    obj["metadata"]["resource_version"] = int(kv.get("mod_revision", 0))
    return obj  # type: ignore[no-any-return]


def _shape_problem(obj: Any, kind: str, namespace: str | None, name: str) -> str | None:
    """What keeps `obj` from being shown (the fields every view reads), or None; fills in
    the fields a reader may leave out."""
    if type(obj) is not dict:
        return f"a JSON {type(obj).__name__}, not an object"
    if obj.setdefault("kind", kind) != kind:
        return f"kind {obj.get('kind')!r} under a {kind} key"
    meta = obj.get("metadata")
    if type(meta) is not dict or meta.get("name") != name:
        return f"metadata.name is not {name!r}"
    if namespace is not None and meta.setdefault("namespace", namespace) != namespace:
        return f"metadata.namespace is not {namespace!r}"
    if type(meta.setdefault("labels", {})) is not dict:
        return "metadata.labels is not a mapping"
    if type(meta.setdefault("annotations", {})) is not dict:
        return "metadata.annotations is not a mapping"
    created = meta.get("creation_timestamp")
    if created is not None and type(created) is not str:
        return "metadata.creation_timestamp is not text"
    if type(obj.setdefault("status", {})) is not dict:
        return "status is not a mapping"
    if kind == "Endpoints":
        return _endpoints_spec_problem(obj.setdefault("spec", {}))
    return None


def _endpoints_spec_problem(spec: Any) -> str | None:
    if type(spec) is not dict:
        return "spec is not a mapping"
    selector = spec.setdefault("selector", {})
    if type(selector) is not dict:
        return "spec.selector is not a mapping"
    for value in selector.values():
        if type(value) is not str:
            return "spec.selector holds a value that is not text"
    clusters = spec.setdefault("endpoints", {})
    if type(clusters) is not dict:
        return "spec.endpoints is not a mapping"
    for cluster, entry in clusters.items():
        if type(entry) is not dict or type(entry.get("num_endpoints", 0)) is not int:
            return f"spec.endpoints.{cluster}.num_endpoints is not a whole number"
    primary = spec.setdefault("primary_cluster", None)
    if primary is not None and type(primary) is not str:
        return "spec.primary_cluster is not text"
    return None
