"""Undo for the TUI: the sets deleted in this session, restored exactly as they were.

No Textual here. Each delete made from the TUI pushes what the store returned (the last state
of every set it removed: one for `d`, all of a namespace's for a cascade); `restore` creates
them again through the store's ordinary create path, so spec, labels and annotations come back
as they were (the creation time and resource version are the store's, as for any create).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from skyshift_tui.core.errors import NotFoundError, SkyShiftError
from skyshift_tui.store.base import Object, Store, object_key


class UndoRefusedError(SkyShiftError):
    """Restoring would overwrite something created since: nothing is restored."""


def describe(group: list[Object]) -> str:
    """`endpoints/web in default`, or `3 sets in shop`, or `4 sets`."""
    if len(group) == 1:
        meta = group[0]["metadata"]
        return f"endpoints/{meta['name']} in {meta['namespace']}"
    namespaces = {obj["metadata"]["namespace"] for obj in group}
    where = f" in {next(iter(namespaces))}" if len(namespaces) == 1 else ""
    return f"{len(group)} sets{where}"


class UndoStep(ABC):
    """A write other than a delete that `u` can take back (a restore from the history): it
    says what it did, and how to undo it."""

    message: str
    """What the write did, for the notification."""
    undoable: bool
    """False when it changed nothing (there is nothing to take back)."""

    @abstractmethod
    def undo(self, store: Store) -> str:
        """Take the write back (version-checked); returns what was done."""


Undoable = list[Object] | UndoStep
"""What `u` takes back: the sets a delete removed, or another write's step."""


@dataclass
class UndoStack:
    """Groups of deleted sets (and other undoable writes), the latest last (bounded: the
    oldest go first)."""

    limit: int = 20
    groups: list[Undoable] = field(default_factory=list)

    def push(self, group: Undoable) -> None:
        if group:
            self.groups.append(group)
            del self.groups[: -self.limit]

    def pop(self) -> Undoable | None:
        return self.groups.pop() if self.groups else None


def restore(store: Store, group: Undoable) -> str:
    """Create every set of `group` again; refuses (UndoRefusedError, nothing written) when a
    name has been taken since. Returns what was restored, for the notification. A step of
    another write is undone as it says."""
    from skyshift_tui.core.models import Endpoints  # deferred: pydantic, write path only

    if isinstance(group, UndoStep):
        return group.undo(store)

    taken = [object_key(obj) for obj in group if _exists(store, obj)]
    if taken:
        shown = ", ".join(taken[:3]) + (f" and {len(taken) - 3} more" if len(taken) > 3 else "")
        raise UndoRefusedError(
            f"cannot undo the deletion of {describe(group)}: {shown} "
            f"{'was' if len(taken) == 1 else 'were'} created again since; nothing was restored"
        )
    for obj in group:
        store.create_endpoints(Endpoints.model_validate(obj))
    return f"restored {describe(group)}"


def _exists(store: Store, obj: Object) -> bool:
    meta = obj["metadata"]
    try:
        store.get_endpoints(meta["name"], meta["namespace"])
    except NotFoundError:
        return False
    return True
