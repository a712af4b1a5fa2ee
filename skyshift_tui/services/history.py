"""A set's history for people, and going back to one of its revisions (`skyctl history`,
`skyctl rollback`, the TUI's `h`). No Textual here.

The revisions come from the store (`store/history.py`); here each one is told as what changed
since the one before it (`num_endpoints us-east 3 → 5`, `label team=a added`), and a restore
is a write of the old revision's spec, labels and annotations through the one write path of
`changes.py`, checked against the version the history was read at: a set changed since the list
was shown is refused, never overwritten. A deleted set is created again, only while its name is
still free. Each restore can be undone the same way (`RestoreUndo`, the TUI's `u`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skyshift_tui.core.errors import (
    AlreadyExistsError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    SkyShiftError,
)
from skyshift_tui.core.resources import ENDPOINTS
from skyshift_tui.render.formatting import age_since
from skyshift_tui.services.apply_plan import validate_one, without_store_fields
from skyshift_tui.services.changes import change_stored
from skyshift_tui.services.undo import UndoStep
from skyshift_tui.store.base import Object, Store
from skyshift_tui.store.history import HasHistory, History, Revision

HISTORY_COLUMNS = ("REVISION", "AGE", "CHANGE")
ARROW = "→"


class NoHistoryError(SkyShiftError):
    """The store keeps no history (a backend without the ability)."""


def read_history(store: Store, namespace: str, name: str, deleted: bool = False) -> History:
    """The set's revisions, newest first (NotFoundError when there are none to show)."""
    if not isinstance(store, HasHistory):
        raise NoHistoryError(f"{store.location} keeps no history of its sets")
    return store.history(namespace, name, deleted)


# -- what changed ----------------------------------------------------------------------------
def change_summary(older: Object | None, newer: Object | None) -> str:
    """What changed from `older` to `newer` in a few words: `created`, `deleted`,
    `num_endpoints us-east 3 → 5, label team=a added`; `no change` when nothing a user sets
    differs."""
    if newer is None:
        return "deleted"
    if older is None:
        return "created"
    parts = [
        *_cluster_changes(_spec(older).get("endpoints"), _spec(newer).get("endpoints")),
        *_value_change("primary_cluster", _spec(older), _spec(newer)),
        *_pair_changes("selector", _spec(older).get("selector"), _spec(newer).get("selector")),
        *_pair_changes("label", _meta(older).get("labels"), _meta(newer).get("labels")),
        *_pair_changes(
            "annotation", _meta(older).get("annotations"), _meta(newer).get("annotations")
        ),
    ]
    if not parts and older.get("status") != newer.get("status"):
        parts.append("status changed")
    return ", ".join(parts) or "no change"


def _spec(obj: Object) -> dict[str, Any]:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


def _meta(obj: Object) -> dict[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _word(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_CLUSTER_FIELDS = (("num_endpoints", "num_endpoints", 0), ("exposed_to_cluster", "exposed", False))
"""A cluster's fields, the word the summary uses for each, and its default (the models')."""


def _cluster_changes(before: Any, after: Any) -> list[str]:
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    parts: list[str] = []
    for cluster in [*new, *(c for c in old if c not in new)]:
        was, now = old.get(cluster), new.get(cluster)
        if not isinstance(now, dict):
            parts.append(f"cluster {cluster} removed")
            continue
        if not isinstance(was, dict):
            parts.append(f"cluster {cluster} added ({_word(now.get('num_endpoints', 0))})")
            continue
        for field, label, default in _CLUSTER_FIELDS:
            old_value, new_value = was.get(field, default), now.get(field, default)
            if old_value != new_value:
                parts.append(f"{label} {cluster} {_word(old_value)} {ARROW} {_word(new_value)}")
    return parts


def _value_change(field: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    if before.get(field) == after.get(field):
        return []
    return [f"{field} {_word(before.get(field))} {ARROW} {_word(after.get(field))}"]


def _pair_changes(what: str, before: Any, after: Any) -> list[str]:
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    parts: list[str] = []
    for key in [*new, *(k for k in old if k not in new)]:
        if key not in old:
            parts.append(f"{what} {key}={_word(new[key])} added")
        elif key not in new:
            parts.append(f"{what} {key} removed")
        elif old[key] != new[key]:
            parts.append(f"{what} {key} {_word(old[key])} {ARROW} {_word(new[key])}")
    return parts


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history: a revision and what it changed."""

    revision: int
    time: str | None
    change: str
    object: Object | None

    def cells(self, now: datetime | None = None) -> tuple[str, str, str]:
        return str(self.revision), age_since(self.time, now) if self.time else "-", self.change


def history_rows(history: History) -> list[HistoryRow]:
    """The history's lines, newest first; the oldest revision listed is `created` unless the
    store no longer reaches back to the creation (`History.missing`)."""
    rows = []
    revisions = history.revisions
    for index, revision in enumerate(revisions):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        if older is not None:
            change = change_summary(older.object, revision.object)
        elif history.missing:
            change = "(oldest revision kept)"
        else:
            change = change_summary(None, revision.object)
        rows.append(HistoryRow(revision.revision, revision.time, change, revision.object))
    return rows


def history_document(history: History) -> dict[str, Any]:
    """`-o json|yaml`: the revisions, newest first, each with its change and object."""
    return {
        "kind": "EndpointsHistory",
        "metadata": {"name": history.name, "namespace": history.namespace},
        "revisions": [
            {
                "revision": row.revision,
                "time": row.time,
                "change": row.change,
                "deleted": row.object is None,
                "object": row.object,
            }
            for row in history_rows(history)
        ],
        "missing": history.missing or None,
    }


# -- going back ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Restored:
    """What a restore did: the line to say, and the set before and after (for undo)."""

    message: str
    changed: bool
    before: Object | None
    """The set as the history showed it now (None: it was deleted)."""
    after: Object | None
    """The set as written (None on a dry run or when nothing changed)."""


def target_revision(history: History, revision: int) -> Revision:
    """The revision to go back to; NotFoundError or InvalidInputError saying why not."""
    found = history.find(revision)
    ref = ENDPOINTS.ref(history.name)
    if found is None:
        listed = ", ".join(str(r.revision) for r in history.revisions[:8])
        raise NotFoundError(
            f'{ref} has no revision {revision} in namespace "{history.namespace}" '
            f"(listed: {listed}); `skyctl history endpoints {history.name} -n "
            f"{history.namespace}` shows them"
        )
    if found.object is None:
        raise InvalidInputError(
            f"revision {revision} of {ref} is its deletion; choose a revision before it"
        )
    return found


def restore(store: Store, history: History, revision: int, dry_run: bool = False) -> Restored:
    """Write revision `revision` of the set back, checked against the history's newest revision:
    refused (ConflictError) when the set changed since the history was read."""
    target = target_revision(history, revision)
    old = target.object
    assert old is not None  # target_revision refuses the deletion
    return write_back(store, history.current, old, f"revision {revision}", dry_run)


def write_back(
    store: Store, seen: Object | None, old: Object, what: str, dry_run: bool = False
) -> Restored:
    """`old`'s spec, labels and annotations over the set as it was `seen` (version-checked),
    or `old` created again when `seen` is None (only while the name is free)."""
    meta = old["metadata"]
    name, namespace = meta["name"], meta["namespace"]
    ref = ENDPOINTS.ref(name)
    suffix = " (dry run)" if dry_run else ""
    if seen is None:
        return _create_again(store, old, what, dry_run)
    version = int(seen["metadata"].get("resource_version") or 0)

    def back(current: Object) -> Object:
        changed = copy.deepcopy(current)
        changed["spec"] = copy.deepcopy(old.get("spec") or {})
        for field in ("labels", "annotations"):
            changed["metadata"][field] = copy.deepcopy(meta.get(field) or {})
        return changed

    try:
        outcome = change_stored(store, ENDPOINTS, name, namespace, back, version, dry_run)
    except ConflictError as error:
        raise ConflictError(f"{error}; nothing was restored") from None
    except NotFoundError:
        raise ConflictError(
            f'{ref} was deleted from namespace "{namespace}" since its history was read; '
            "read it again (--deleted) and retry; nothing was restored"
        ) from None
    if not outcome.changed:
        return Restored(f"{ref} unchanged: it is already as at {what}", False, seen, None)
    after = None if dry_run else outcome.object
    return Restored(f"{ref} rolled back to {what}{suffix}", True, seen, after)


def _create_again(store: Store, old: Object, what: str, dry_run: bool) -> Restored:
    meta = old["metadata"]
    ref = ENDPOINTS.ref(meta["name"])
    document = validate_one(without_store_fields(old), ref)
    taken = (
        f'{ref} exists again in namespace "{meta["namespace"]}" (created since its history was '
        "read); nothing was restored"
    )
    if dry_run:
        try:
            store.get_endpoints(meta["name"], meta["namespace"])
        except NotFoundError:
            return Restored(f"{ref} created from {what} (dry run)", True, None, None)
        raise ConflictError(taken)
    try:
        created = store.create_endpoints_document(document)
    except AlreadyExistsError:
        raise ConflictError(taken) from None
    return Restored(f"{ref} created from {what}", True, None, created.object)


class RestoreUndo(UndoStep):
    """Undo of a restore (the TUI's `u`): the set as it was before, written back over the
    restored one only if nobody changed it since (or the re-created set deleted again)."""

    def __init__(self, restored: Restored) -> None:
        self.restored = restored
        self.message = restored.message
        self.undoable = restored.after is not None

    def undo(self, store: Store) -> str:
        before, after = self.restored.before, self.restored.after
        if after is None:
            return "nothing to undo"
        meta = after["metadata"]
        ref = ENDPOINTS.ref(meta["name"])
        if before is None:
            version = int(meta.get("resource_version") or 0)
            try:
                store.delete_endpoints(meta["name"], meta["namespace"], version)
            except ConflictError as error:
                raise ConflictError(f"cannot undo the restore: {error}") from None
            return f"undid the restore: {ref} deleted again"
        revision = before["metadata"].get("resource_version")
        try:
            done = write_back(store, after, before, f"revision {revision}")
        except ConflictError as error:
            raise ConflictError(f"cannot undo the restore: {error}") from None
        return f"undid the restore: {done.message}"
