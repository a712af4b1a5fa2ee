"""A set's revisions, as a store keeps them: an optional ability (`HasHistory`) both backends
have. The file store keeps a bounded change log in its file (`file/change_log.py`); etcd has
its own MVCC history (`etcd/history.py`), until compaction removes the older revisions.

Only what the store holds is here; what changed between two revisions, and going back to one,
is `services/history.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from skyshift_tui.core.errors import NotFoundError
from skyshift_tui.store.base import Object

COMPACTED = "older revisions were compacted"
"""What `History.missing` says on etcd when compaction removed what came before."""


@dataclass(frozen=True)
class Revision:
    """One state of a set: the object as it was at `revision`, or its deletion."""

    revision: int
    time: str | None
    """When it was written (ISO 8601), when the store knows: etcd keeps no times, so there
    only a set's creation has one (its `creation_timestamp`)."""
    object: Object | None
    """The set as stored at `revision` (resource_version = revision); None: deleted then."""

    @property
    def deleted(self) -> bool:
        return self.object is None


@dataclass(frozen=True)
class History:
    """A set's revisions, newest first, from its creation (or as far back as the store
    reaches) to now, or to its deletion."""

    namespace: str
    name: str
    revisions: list[Revision] = field(default_factory=list)
    missing: str = ""
    """Why older revisions are not listed ("" when the list reaches the set's creation)."""

    @property
    def deleted(self) -> bool:
        """Whether the set is deleted now (its newest revision is the deletion)."""
        return bool(self.revisions) and self.revisions[0].deleted

    @property
    def current(self) -> Object | None:
        """The set as it is now (None when deleted)."""
        return self.revisions[0].object if self.revisions else None

    def find(self, revision: int) -> Revision | None:
        return next((r for r in self.revisions if r.revision == revision), None)


@runtime_checkable
class HasHistory(Protocol):
    """A store that can list a set's revisions."""

    def history(self, namespace: str, name: str, deleted: bool = False) -> History:
        """The revisions of set `name` in `namespace`, newest first.

        Without `deleted`, the set must exist (NotFoundError naming `--deleted` otherwise);
        with it, a set deleted now is listed too, up to its deletion (an existing one as
        without it).
        """


def not_found(namespace: str, name: str, deleted: bool) -> NotFoundError:
    """The one wording of "no such set" for a history, pointing at --deleted when it helps."""
    if deleted:
        return NotFoundError(
            f'endpoints "{name}" has no revisions in namespace "{namespace}": it does not '
            "exist, and the store keeps no record of it"
        )
    return NotFoundError(
        f'endpoints "{name}" does not exist in namespace "{namespace}"; '
        "add --deleted for the history of a deleted set"
    )
