"""Is a parsed store file shaped like a store? Valid JSON of the wrong shape is damage, said as
such (`store PATH is damaged: ...`, exit 1), not a KeyError from deep inside a command.

Only what readers rely on is checked: tables of objects keyed by document id, each object's
`metadata` with a string `name` (and `namespace` for endpoints), the mappings the table columns
read, and revisions that are whole numbers of 0 or more. ~1 us per object: ~10 ms at 10k.
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.errors import StoreCorruptError

Tables = dict[str, dict[str, Any]]
EVENT_TYPES = frozenset(("ADDED", "MODIFIED", "DELETED"))


def damaged(path: str, where: str, why: str) -> StoreCorruptError:
    return StoreCorruptError(
        f"store {path} is damaged: {where}: {why}; it was left untouched: repair it or move it "
        "away, or choose another store with --store"
    )


def _is_revision(value: Any) -> bool:
    return type(value) is int and value >= 0


def check_header(path: str, tables: Tables) -> None:
    """The `_meta` revision (and identity) and every `_events` entry."""
    meta = tables.get("_meta", {}).get("1")
    if meta is not None:
        if not isinstance(meta, dict) or not _is_revision(meta.get("revision")):
            raise damaged(path, "_meta", f"the revision is {_show(meta)}, not a whole number >= 0")
        if not isinstance(meta.get("id", ""), str):
            raise damaged(path, "_meta", "the store id is not a string")
    for key, entry in tables.get("_events", {}).items():
        where = f"_events[{key!r}]"
        if not key.isdigit() or int(key) < 1:
            raise damaged(path, where, "an event's revision is not a whole number >= 1")
        if not isinstance(entry, dict) or entry.get("type") not in EVENT_TYPES:
            raise damaged(path, where, "not an event (type ADDED, MODIFIED or DELETED)")
        obj = entry.get("object")
        kind = obj.get("kind") if isinstance(obj, dict) else None
        _check_object(path, where, obj, namespaced=kind == "Endpoints")


def check_tables(path: str, tables: Tables) -> None:
    """The header, and every namespace and endpoints object."""
    check_header(path, tables)
    for table, namespaced in (("namespaces", False), ("endpoints", True)):
        for key, obj in tables.get(table, {}).items():
            where = f"{table}[{key!r}]"
            if not key.isdigit():
                raise damaged(path, where, "a document id is not a whole number")
            _check_object(path, where, obj, namespaced)


def _check_object(path: str, where: str, obj: Any, namespaced: bool) -> None:
    if not isinstance(obj, dict):
        raise damaged(path, where, f"{_show(obj)} is not an object")
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        raise damaged(path, where, "metadata is missing or not a mapping")
    if not isinstance(meta.get("name"), str) or not meta["name"]:
        raise damaged(path, where, "metadata.name is missing or not a string")
    where = f"{where} ({meta['name'][:80]!r})"
    if namespaced and not isinstance(meta.get("namespace"), str):
        raise damaged(path, where, "metadata.namespace is missing or not a string")
    version = meta.get("resource_version")
    if version is not None and not _is_revision(version):
        raise damaged(
            path, where, f"metadata.resource_version is {_show(version)}, not a whole number >= 0"
        )
    for field in ("labels", "annotations"):
        if not _mapping_or_absent(meta.get(field)):
            raise damaged(path, where, f"metadata.{field} is not a mapping")
    for field in ("spec", "status"):
        if not _mapping_or_absent(obj.get(field)):
            raise damaged(path, where, f"{field} is not a mapping")
    if namespaced:
        _check_spec(path, where, obj.get("spec") or {})


def _check_spec(path: str, where: str, spec: dict[str, Any]) -> None:
    clusters = spec.get("endpoints")
    if not _mapping_or_absent(clusters) or not all(
        isinstance(entry, dict) and type(entry.get("num_endpoints", 0)) is int
        for entry in (clusters or {}).values()
    ):
        raise damaged(path, where, "spec.endpoints is not a mapping of cluster -> endpoints")
    if not _mapping_or_absent(spec.get("selector")):
        raise damaged(path, where, "spec.selector is not a mapping")
    if not isinstance(spec.get("primary_cluster", ""), (str, type(None))):
        raise damaged(path, where, "spec.primary_cluster is not a string")


def _mapping_or_absent(value: Any) -> bool:
    return value is None or isinstance(value, dict)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
