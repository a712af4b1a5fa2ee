"""Is a parsed store file shaped like a store? Valid JSON of the wrong shape is damage, said as
such (`store PATH is damaged: ...`, exit 1), not a KeyError from deep inside a command.

Only what readers rely on is checked: tables of objects keyed by document id, each object's
`metadata` with a string `name` (and `namespace` for endpoints), the mappings the table columns
read, and revisions that are whole numbers of 0 or more. ~1 us per object: ~10 ms at 10k.
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.core.errors import StoreCorruptError

Tables = dict[str, dict[str, Any]]
EVENT_TYPES = frozenset(("ADDED", "MODIFIED", "DELETED"))


def damaged(path: str, where: str, why: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"store {path} is damaged: {where}: {why}; it was left untouched: repair it or move it "
        "away, or choose another store with --store"
    )


def _is_revision(value: Any) -> bool:
    return type(value) is int and value >= 0


def check_meta(path: str, tables: Tables) -> None:
    """The `_meta` revision (and identity)."""
    meta = tables.get("_meta", {}).get("1")
    if meta is not None:
        if not isinstance(meta, dict) or not _is_revision(meta.get("revision")):
            raise damaged(path, "_meta", f"the revision is {_show(meta)}, not a whole number >= 0")
        if not isinstance(meta.get("id", ""), str):
            raise damaged(path, "_meta", "the store id is not a string")


def check_header(path: str, tables: Tables) -> None:
    """The `_meta` revision (and identity) and every `_events` entry."""
    check_meta(path, tables)
    for key, entry in tables.get("_events", {}).items():
        where = f"_events[{key!r}]"
        if not key.isdigit() or int(key) < 1:
            raise damaged(path, where, "an event's revision is not a whole number >= 1")
        if not isinstance(entry, dict) or entry.get("type") not in EVENT_TYPES:
            raise damaged(path, where, "not an event (type ADDED, MODIFIED or DELETED)")
        obj = entry.get("object")
        kind = obj.get("kind") if isinstance(obj, dict) else None
        _check(path, where, obj, namespaced=kind == "Endpoints")


def check_tables(path: str, tables: Tables) -> None:
    """The header, and every namespace and endpoints object."""
    check_header(path, tables)
    for table, namespaced in (("namespaces", False), ("endpoints", True)):
        for key, obj in tables.get(table, {}).items():
            if not key.isdigit():
                raise damaged(path, f"{table}[{key!r}]", "a document id is not a whole number")
            why = _problem(obj, namespaced)
            if why is not None:  # where is spelled out only for the one that is damaged
                raise damaged(path, _where(f"{table}[{key!r}]", obj), why)


def _check(path: str, where: str, obj: Any, namespaced: bool) -> None:
    why = _problem(obj, namespaced)
    if why is not None:
        raise damaged(path, _where(where, obj), why)


def _where(where: str, obj: Any) -> str:
    meta = obj.get("metadata") if isinstance(obj, dict) else None
    name = meta.get("name") if isinstance(meta, dict) else None
    return f"{where} ({name[:80]!r})" if isinstance(name, str) else where


def _problem(obj: Any, namespaced: bool) -> str | None:
    """What is wrong with one stored object, or None. Kept to plain type() tests and dict
    lookups: it runs for every object on every read (10k: ~20 ms on a quiet machine)."""
    if type(obj) is not dict:
        return f"{_show(obj)} is not an object"
    meta = obj.get("metadata")
    if type(meta) is not dict:
        return "metadata is missing or not a mapping"
    name = meta.get("name")
    if type(name) is not str or not name:
        return "metadata.name is missing or not a string"
    if namespaced and type(meta.get("namespace")) is not str:
        return "metadata.namespace is missing or not a string"
    version = meta.get("resource_version")
    if version is not None and (type(version) is not int or version < 0):
        return f"metadata.resource_version is {_show(version)}, not a whole number >= 0"
    for field in ("labels", "annotations"):
        value = meta.get(field)
        if value is not None and type(value) is not dict:
            return f"metadata.{field} is not a mapping"
    created = meta.get("creation_timestamp")
    if created is not None and type(created) is not str:
        return "metadata.creation_timestamp is not text"
    spec = obj.get("spec")
    status = obj.get("status")
    if spec is not None and type(spec) is not dict:
        return "spec is not a mapping"
    if status is not None and type(status) is not dict:
        return "status is not a mapping"
    if namespaced and spec:
        return _spec_problem(spec)
    return None


def _spec_problem(spec: dict[str, Any]) -> str | None:
    clusters = spec.get("endpoints")
    if clusters is not None:
        if type(clusters) is not dict:
            return "spec.endpoints is not a mapping of cluster -> endpoints"
        for entry in clusters.values():
            if type(entry) is not dict or type(entry.get("num_endpoints", 0)) is not int:
                return "spec.endpoints is not a mapping of cluster -> endpoints"
    selector = spec.get("selector")
    if selector is not None and type(selector) is not dict:
        return "spec.selector is not a mapping"
    cluster = spec.get("primary_cluster")
    if cluster is not None and type(cluster) is not str:
        return "spec.primary_cluster is not a string"
    return None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
