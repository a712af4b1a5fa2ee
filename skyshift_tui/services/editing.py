"""Changing sets that exist: the edit form's values, scaling, deleting several, and what
changed between two versions of a set. No Textual here, so `skyctl` can use it too.

Every change is checked by the shared rules of `models.py` (the CLI's) and written with the
resource_version it was read at, so a newer version in the store is never overwritten.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from skyshift_tui.core.errors import ConflictError, InvalidInputError, SkyShiftError
from skyshift_tui.core.forms import _parse_count  # the create form's own reading of a count
from skyshift_tui.core.models import (
    Endpoints,
    check_name,
    format_selector,
    parse_selector,
)
from skyshift_tui.core.terminal_text import escape_control, shown
from skyshift_tui.store.base import Object, Store, object_key

MAX_CHANGES_SHOWN = 12
"""A diff longer than this is cut, saying how many more fields changed."""
_UNCOMPARED = {"metadata.resource_version", "metadata.creation_timestamp"}
"""Fields the store sets on every write: their change says nothing to a person."""


def version_of(obj: Object) -> int | None:
    """The resource_version a set was read at (None for one never stored)."""
    version = obj.get("metadata", {}).get("resource_version")
    return int(version) if version is not None else None


@dataclass
class ClusterEntry:
    """One row of the edit form: a cluster, how many endpoints it holds, whether exposed."""

    cluster: str = ""
    count: str | int = 0
    exposed: bool = False


@dataclass
class EndpointsEdit:
    """The edit form's values, as text, for a set that exists (name and namespace fixed).

    `errors()` keys: `cluster-I` / `count-I` (row I), `clusters`, `primary_cluster`,
    `selector`, and `set` for a rule no field breaks (the object's size); labels and
    annotations are kept as they were.
    """

    name: str
    namespace: str
    clusters: list[ClusterEntry] = field(default_factory=list)
    primary_cluster: str = ""
    selector: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, obj: Object) -> EndpointsEdit:
        """The form prefilled with a stored set's values, as text a terminal shows as it is:
        a stored value may break the rules (SkyShift's API server, another tool, a hand edit
        wrote it), and the form marks it. Control characters are escaped and a name is cut
        (neither can be in a valid value, so this changes no valid one)."""
        meta, spec = obj["metadata"], obj.get("spec") or {}
        return cls(
            name=meta["name"],
            namespace=meta["namespace"],
            clusters=[
                ClusterEntry(
                    shown(cluster),
                    int(entry.get("num_endpoints", 0)),
                    bool(entry.get("exposed_to_cluster")),
                )
                for cluster, entry in (spec.get("endpoints") or {}).items()
            ],
            primary_cluster=shown(spec.get("primary_cluster") or ""),
            selector=escape_control(format_selector(spec.get("selector") or {})),
            labels=dict(meta.get("labels") or {}),
            annotations=dict(meta.get("annotations") or {}),
        )

    def errors(self) -> dict[str, str]:
        """Field -> what is wrong with it; empty when the set can be saved."""
        return self._build()[1]

    def to_endpoints(self) -> Endpoints:
        """The validated set, or InvalidInputError naming the first problem."""
        endpoints, problems = self._build()
        if endpoints is None:
            raise InvalidInputError(next(iter(problems.values())))
        return endpoints

    def _build(self) -> tuple[Endpoints | None, dict[str, str]]:
        problems: dict[str, str] = {}
        clusters: dict[str, dict[str, Any]] = {}
        for index, entry in enumerate(self.clusters):
            cluster = entry.cluster.strip()
            try:
                check_name(cluster, "cluster name")
                if cluster in clusters:
                    raise ValueError(f"cluster {cluster!r} is listed twice; remove one row")
            except ValueError as error:
                problems[f"cluster-{index}"] = str(error)
            try:
                count = _parse_count(entry.count)
            except ValueError as error:
                problems[f"count-{index}"] = str(error)
                count = 0
            clusters.setdefault(
                cluster, {"num_endpoints": count, "exposed_to_cluster": entry.exposed}
            )
        if not self.clusters:
            problems["clusters"] = "add at least one cluster (ctrl+n)"
        primary = self.primary_cluster.strip()
        if self.clusters and primary not in clusters:
            problems["primary_cluster"] = "choose the primary cluster among the clusters above"
        try:
            selector = parse_selector(self.selector)
        except ValueError as error:
            problems["selector"] = str(error)
        if problems:
            return None, problems
        document = self._document()
        document["spec"] = {"selector": selector, "endpoints": clusters, "primary_cluster": primary}
        try:
            return Endpoints.model_validate(document), {}
        except InvalidInputError as error:  # labels, annotations, size: no field of the form's
            return None, {"set": str(error)}

    def _document(self) -> Object:
        """The set without its spec: what the form keeps as it was read."""
        meta = {"name": self.name, "namespace": self.namespace}
        return {
            "kind": "Endpoints",
            "metadata": {**meta, "labels": self.labels, "annotations": self.annotations},
        }

    def fixed_problem(self) -> str | None:
        """What breaks a rule in the fields the form shows but cannot change (name,
        namespace, labels, annotations), or None: no typing could make the set savable."""
        try:
            Endpoints.model_validate(self._document())
        except InvalidInputError as error:
            return str(error)
        return None


def use_the_editor(obj: Object, cannot: str, problem: str) -> InvalidInputError:
    """One line for a key that cannot change a stored set breaking a rule: which set, what is
    wrong, and the key that can fix it (E: the whole YAML in $EDITOR)."""
    return InvalidInputError(
        f"endpoints/{shown(object_key(obj), 130)} cannot be {cannot}: {problem}; "
        "E edits its YAML in $EDITOR"
    )


# -- what changed ---------------------------------------------------------------------------
def _flatten(value: Any, path: str, into: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), into)
    else:
        into[path] = value
    return into


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return str(value).lower()
    if value == {}:
        return "{}"
    return str(value)


def describe_changes(before: Object, after: Object, limit: int = MAX_CHANGES_SHOWN) -> list[str]:
    """One line per field that differs, `spec.endpoints.eu.num_endpoints: 3 → 5`, in the
    newer object's field order; the store's own bookkeeping fields are left out, and so is a
    mapping that merely appeared or emptied (its keys have their own lines)."""
    old, new = _flatten(before, "", {}), _flatten(after, "", {})
    paths = [*new, *(path for path in old if path not in new)]
    lines = [
        f"{path}: {_shown(old.get(path))} → {_shown(new.get(path))}"
        for path in paths
        if path not in _UNCOMPARED
        and old.get(path) != new.get(path)
        and {_shown(old.get(path)), _shown(new.get(path))} != {"(none)", "{}"}
    ]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], f"… and {len(lines) - limit + 1} more fields"]
    return lines


def changed_meanwhile(seen: Object, current: Object | None) -> list[str]:
    """What another writer did to a set since it was `seen` (`current`: None when deleted)."""
    if current is None:
        return ["It has been deleted meanwhile."]
    changes = describe_changes(seen, current) or ["(no field you can edit)"]
    return ["Changed meanwhile:", *(f"  {line}" for line in changes)]


def conflict_report(error: ConflictError, seen: Object, current: Object | None) -> str:
    """The conflict in kubectl's words, then what the other writer changed."""
    return "\n".join([str(error), *changed_meanwhile(seen, current), "Nothing was written."])


def update_checked(store: Store, endpoints: Endpoints, seen: Object) -> Object:
    """Write `endpoints` if the stored set is still the one `seen`; on a conflict raise it
    again with what changed meanwhile, so the person can decide."""
    try:
        return store.update_endpoints(endpoints, expected_version=version_of(seen))
    except ConflictError as error:
        meta = seen["metadata"]
        try:
            current: Object | None = store.get_endpoints(meta["name"], meta["namespace"])
        except SkyShiftError:
            current = None
        raise ConflictError(conflict_report(error, seen, current)) from None


# -- scale ----------------------------------------------------------------------------------
def scaled(obj: Object, delta: int) -> tuple[Endpoints, int, int]:
    """The set with `delta` more endpoints on its primary cluster (never below 0), and the
    count before and after. A primary cluster with no row yet gets one."""
    data = {key: obj[key] for key in ("kind", "metadata", "spec", "status") if key in obj}
    spec = dict(data.get("spec") or {})
    clusters = {name: dict(entry) for name, entry in (spec.get("endpoints") or {}).items()}
    primary = spec.get("primary_cluster") or ""
    if not primary:  # SkyShift's API makes sets without one: say so, as `skyctl scale` does
        raise InvalidInputError(
            f"{shown(object_key(obj), 130)} has no primary cluster to scale; "
            "edit the set (e) to change one of its clusters"
        )
    entry = clusters.setdefault(primary, {"num_endpoints": 0, "exposed_to_cluster": False})
    before = int(entry.get("num_endpoints", 0))
    after = max(0, before + delta)
    entry["num_endpoints"] = after
    spec["endpoints"] = clusters
    data["spec"] = spec
    try:
        return Endpoints.model_validate(data), before, after
    except InvalidInputError as error:  # a stored set that breaks a rule
        raise use_the_editor(obj, "scaled", str(error)) from None


class Scaler:
    """`+` `+` `+` pressed quickly is +3, not two conflicts: writes are serialised, and each
    builds on our own previous write to that set when the press saw an older version. A write
    by anyone else in between is still a conflict, reported and not overwritten."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._written: dict[str, Object] = {}

    def scale(self, seen: Object, delta: int) -> str:
        """Scale the set by `delta` and say what was done (runs in a worker thread)."""
        key = object_key(seen)
        with self._lock:
            own = self._written.get(key)
            base = seen
            if own is not None and (version_of(own) or 0) > (version_of(seen) or 0):
                base = own
            endpoints, before, after = scaled(base, delta)
            cluster = endpoints.spec.primary_cluster
            if before == after:
                return f"endpoints/{key} has 0 endpoints on {cluster}: nothing to remove"
            self._written[key] = update_checked(self.store, endpoints, base)
        return f"endpoints/{key} scaled on {cluster}: {before} → {after}"


# -- delete several -------------------------------------------------------------------------
def delete_all(store: Store, seen: Iterable[Object]) -> list[Object]:
    """Delete every set as it was seen (a set changed since is kept); returns what went.

    Goes on after a refusal, then raises one SkyShiftError naming what was kept and why."""
    deleted: list[Object] = []
    kept: list[str] = []
    for obj in seen:
        meta = obj["metadata"]
        try:
            deleted.append(store.delete_endpoints(meta["name"], meta["namespace"], version_of(obj)))
        except SkyShiftError as error:
            kept.append(f"{object_key(obj)} ({error})")
    if kept:
        total = len(deleted) + len(kept)
        raise SkyShiftError(
            f"deleted {len(deleted)} of {total} sets; not deleted: " + "; ".join(kept)
        )
    return deleted
