"""The store interface: what the CLI and the TUI may ask of any backend.

Reads return plain dicts in the object shape (`kind`, `metadata`, `spec`, `status`): they were
validated when written, and re-validating 10k objects would cost 140-480 ms per read. Writes take
validated models, so nothing unchecked ever reaches a backend.

The TinyDB backend (`tinydb_store.py`) is the only implementation today; a networked one (etcd)
can sit beside it by implementing this class.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pydantic is imported by write paths only (it costs ~150 ms).
    from skyshift_tui.models import Endpoints, Namespace, SkyObject

EventType = Literal["ADDED", "MODIFIED", "DELETED"]
ApplyAction = Literal["created", "configured", "unchanged"]
Object = dict[str, Any]


def object_key(obj: Object) -> str:
    """`namespace/name` for namespaced objects, `name` for namespaces: unique per kind."""
    meta = obj["metadata"]
    namespace = meta.get("namespace")
    return f"{namespace}/{meta['name']}" if namespace else meta["name"]


@dataclass(frozen=True)
class WatchEvent:
    """One change: the object after it (or, for DELETED, its last state)."""

    type: EventType
    object: Object
    revision: int

    @property
    def kind(self) -> str:
        return str(self.object.get("kind", ""))

    def to_dict(self) -> Object:
        """`{"type": ..., "object": ...}` as `kubectl get -w -o json` prints it."""
        return {"type": self.type, "object": self.object}


@dataclass(frozen=True)
class ChangeBatch:
    """The changes after a revision, up to `revision`, oldest first.

    `expired` means the store's bounded change log no longer reaches back that far: the reader
    missed changes and must re-list (like etcd's "required revision has been compacted").
    """

    revision: int
    events: list[WatchEvent] = field(default_factory=list)
    expired: bool = False


@dataclass(frozen=True)
class Snapshot:
    """Everything in the store at one revision, read in one go (the TUI's reload)."""

    revision: int
    namespaces: list[Object]
    endpoints: list[Object]


@dataclass(frozen=True)
class CreateResult:
    """What `create_endpoints` stored, and whether it had to create the namespace too."""

    object: Object
    namespace_created: bool


@dataclass(frozen=True)
class ApplyResult:
    """One line of `skyctl apply`: `endpoints/NAME created`."""

    kind: str
    name: str
    namespace: str | None
    action: ApplyAction


class Store(ABC):
    """Create, get, list, update, delete and watch Endpoints and Namespaces."""

    location: str
    """Where the data lives, shown to users (a file path, a URL)."""

    # -- reads -----------------------------------------------------------------------------
    @abstractmethod
    def snapshot(self) -> Snapshot:
        """All namespaces and endpoints, and the revision they are at, from one read."""

    @abstractmethod
    def revision(self) -> int:
        """The store's revision: it counts every change ever made."""

    @abstractmethod
    def list_endpoints(self, namespace: str | None = None) -> list[Object]:
        """Endpoints in `namespace` (exactly that one), or in all namespaces when None."""

    @abstractmethod
    def get_endpoints(self, name: str, namespace: str) -> Object:
        """One set of endpoints; NotFoundError when it does not exist there."""

    @abstractmethod
    def find_endpoints(self, name: str) -> list[Object]:
        """Every set called `name`, whatever its namespace."""

    @abstractmethod
    def list_namespaces(self) -> list[Object]:
        """All namespaces; `default` always among them."""

    @abstractmethod
    def get_namespace(self, name: str) -> Object:
        """One namespace; NotFoundError when it does not exist."""

    # -- writes ----------------------------------------------------------------------------
    @abstractmethod
    def create_endpoints(self, endpoints: Endpoints) -> CreateResult:
        """Store a new set (creating its namespace if missing); AlreadyExistsError if taken."""

    @abstractmethod
    def update_endpoints(self, endpoints: Endpoints, expected_version: int | None = None) -> Object:
        """Replace the spec, labels and annotations of an existing set.

        With `expected_version` (the resource_version the caller read), refuse with
        ConflictError when the set has been written since: no lost update between two writers.
        """

    @abstractmethod
    def delete_endpoints(
        self, name: str, namespace: str, expected_version: int | None = None
    ) -> Object:
        """Remove a set and return its last state; NotFoundError when missing.

        `expected_version` as for `update_endpoints`.
        """

    @abstractmethod
    def create_namespace(self, namespace: Namespace) -> Object:
        """Store a new namespace; AlreadyExistsError if it exists."""

    @abstractmethod
    def delete_namespace(self, name: str, cascade: bool = False) -> list[Object]:
        """Remove a namespace; with `cascade`, its endpoints too (returned).

        Refuses `default` (ProtectedNamespaceError) and a namespace that still holds endpoints
        without `cascade` (NamespaceNotEmptyError).
        """

    @abstractmethod
    def apply(self, objects: list[SkyObject]) -> list[ApplyResult]:
        """Create what is new and update what differs, all in one write.

        Returns one result per object, plus a `created` result for each namespace created
        implicitly for endpoints, just before them.
        """

    # -- changes ---------------------------------------------------------------------------
    @abstractmethod
    def changes_since(self, revision: int) -> ChangeBatch:
        """The changes made after `revision`; cheap when nothing changed."""

    def watch(
        self,
        since: int,
        poll_interval: float = 0.02,
        stop: threading.Event | None = None,
    ) -> Iterator[ChangeBatch]:
        """Yield each non-empty batch of changes after `since`, forever or until `stop` is set.

        A backend with push notifications overrides this; the default polls `changes_since`.
        """
        revision = since
        stop = stop or threading.Event()
        while not stop.is_set():
            batch = self.changes_since(revision)
            if batch.events or batch.expired:
                revision = batch.revision
                yield batch
            elif batch.revision > revision:
                revision = batch.revision
            stop.wait(poll_interval)
