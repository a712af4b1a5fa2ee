"""The store interface: what the CLI and the TUI may ask of any backend.

Reads return plain dicts in the object shape (`kind`, `metadata`, `spec`, `status`): they were
validated when written, and re-validating 10k objects would cost 140-480 ms per read. Writes take
validated models, or documents validated by `documents.validate_document` (typed
`ValidDocument`: made by that module, or cast from a model's dump), so nothing unchecked
reaches a backend.

Two backends implement it: the store file (`file/store.py`, TinyDB's layout) and etcd
(`etcd/store.py`); `open_store` in `__init__.py` picks one for a location.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from skyshift_tui.core.errors import ConflictError, SkyShiftError, conflict
from skyshift_tui.core.objects import Object as Object  # re-exported: the contract's object type

if TYPE_CHECKING:  # pydantic is imported by write paths only (it costs ~150 ms).
    from skyshift_tui.core.documents import ValidDocument
    from skyshift_tui.core.models import Endpoints, Namespace, SkyObject

EventType = Literal["ADDED", "MODIFIED", "DELETED"]
ApplyAction = Literal["created", "configured", "unchanged"]


def object_key(obj: Object) -> str:
    """`namespace/name` for namespaced objects, `name` for namespaces: unique per kind."""
    meta = obj["metadata"]
    namespace = meta.get("namespace")
    return f"{namespace}/{meta['name']}" if namespace else meta["name"]


@dataclass(frozen=True)
class InvalidValue:
    """A key that holds no valid object (etcd: a value written by hand or by another tool).

    Lists skip it and say so; the TUI shows it as a row of its own, so a user sees it and can
    delete it (`Store.delete_invalid`, checked against `revision`). Every text here came from
    the store: bounded (`value` is the start of it), and to be shown as data, escaped.
    """

    kind: str
    """"Endpoints" or "Namespace", from where the key is."""
    name: str
    namespace: str | None
    key: str
    """Where it is, as the store names it (`/sky_registry/endpoints/NS/NAME`)."""
    reason: str
    revision: int
    """The key's version (etcd's `mod_revision`): a delete of it compares this."""
    value: str
    """The start of the value (INVALID_VALUE_SHOWN characters at most)."""
    size: int
    """The whole value's length in bytes."""

    @property
    def problem(self) -> str:
        """What is wrong, as the warning about it says it."""
        return invalid_key_problem(self.key, self.reason)


def invalid_key_problem(key: str, reason: str) -> str:
    """`etcd key K does not hold a valid object (REASON)`: the one wording of it."""
    return f"etcd key {key} does not hold a valid object ({reason})"


INVALID_VALUE_SHOWN = 200
"""How much of an invalid value is kept to show (one may be megabytes)."""


@dataclass(frozen=True)
class WatchEvent:
    """One change: the object after it (or, for DELETED, its last state)."""

    type: EventType
    object: Object
    revision: int
    invalid: InvalidValue | None = None
    """Set on a DELETED event whose key still exists but holds no valid object any more:
    readers that only list valid objects treat it as deleted (as `get -w` does); the TUI shows
    the key as invalid."""

    @property
    def kind(self) -> str:
        return str(self.object.get("kind", ""))


@dataclass(frozen=True)
class ChangeBatch:
    """The changes after a revision, up to `revision`, oldest first.

    Several events may share one revision (one transaction, as etcd numbers them): apply them
    all, in order. Two flags, at most one set:

    `expired`: the reader must re-list (take a `snapshot`) and start a new watch from it: the
    store's bounded change log no longer reaches back that far (etcd's "required revision has
    been compacted"), the store was replaced by another one, or it was unreadable for a while.
    `reason` says which, for the user.

    `problem`: the store cannot be watched right now (deleted, unreadable, damaged): show the
    message, keep the last good state. The watch goes on trying; when the store is good again
    its next batch is `expired`.
    """

    revision: int
    events: list[WatchEvent] = field(default_factory=list)
    expired: bool = False
    problem: str | None = None
    reason: str = ""
    identity: str = ""
    """The store's identity as of this batch, when the backend tells (see Snapshot)."""


@dataclass(frozen=True)
class Snapshot:
    """Everything in the store at one revision, read in one go (the TUI's reload)."""

    revision: int
    namespaces: list[Object]
    endpoints: list[Object]
    identity: str = ""
    """Which store this is (the file backend's random id, written at creation; "" when the
    store does not exist yet; etcd's cluster id). Pass it to `watch`, which re-lists when it
    changes."""
    invalid: list[InvalidValue] = field(default_factory=list)
    """The keys that hold no valid object (left out of `namespaces` and `endpoints`)."""


@dataclass(frozen=True)
class CreateResult:
    """What `create_endpoints` stored, and whether it had to create the namespace too."""

    object: Object
    namespace_created: bool


@dataclass(frozen=True)
class EndpointsRef:
    """One set to delete in `delete_endpoints_many`, with the version its caller read."""

    name: str
    namespace: str
    expected_version: int | None = None


ABSENT = 0
"""An expected version meaning "the caller saw no such object": a write carrying it is refused
when the object exists by then (a store's resource versions start at 1)."""


def check_expected_version(
    kind: str, name: str, current: Object | None, expected: int | None
) -> None:
    """Refuse (ConflictError) a write made from a read older than what is stored now.

    `expected` None: no check (last writer wins). ABSENT: the object must not exist. A positive
    version: the object must exist at exactly that version. `kind` is the word users see
    (`endpoints`, `namespace`). Every backend calls this, so all word conflicts alike.
    """
    if expected is None:
        return
    if current is None:
        if expected != ABSENT:
            raise ConflictError(
                f'{kind} "{name}" does not exist at version {expected}: it was deleted since, '
                "or never existed here; get it again and retry (or write it without a version)"
            )
        return
    stored = int(current["metadata"].get("resource_version") or 0)
    if expected == ABSENT:
        raise ConflictError(
            f'{kind} "{name}" was created since it was read (now version {stored}); '
            "get it again and retry"
        )
    if stored != expected:
        raise conflict(kind, name, expected, stored)


_CONTENT_KEYS = ("spec", "status")
_META_CONTENT_KEYS = ("labels", "annotations")


def same_content(current: Object, new: Object) -> bool:
    """Whether writing `new` over `current` would change nothing a user set (timestamps and
    versions are the store's): `apply` reports such an object `unchanged` and skips it."""
    if any(current.get(key) != new.get(key) for key in _CONTENT_KEYS):
        return False
    return all(
        current["metadata"].get(key) == new["metadata"].get(key) for key in _META_CONTENT_KEYS
    )


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

    notify: Callable[[str], object] | None = None
    """Where a backend tells the user something that is not an error ("created the folder
    for the new store"); the CLI points it at stderr. Each notice is given once."""

    # -- reads -----------------------------------------------------------------------------
    @abstractmethod
    def snapshot(self) -> Snapshot:
        """All namespaces and endpoints, and the revision they are at, from one read."""

    def snapshot_each(self, each: Callable[[list[Object]], object]) -> Snapshot:
        """`snapshot()`, with the endpoints handed to `each` a page at a time (it may empty
        each page) instead of returned: the TUI builds its rows from a page while a backend
        that reads in pages fetches the next, and never holds every decoded set at once."""
        snapshot = self.snapshot()
        each(snapshot.endpoints)
        return Snapshot(
            snapshot.revision, snapshot.namespaces, [], snapshot.identity, snapshot.invalid
        )

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

    # Plain-document writes: the CLI validates with `documents.validate_document` (no pydantic,
    # ~150 ms) and hands over its result. These defaults go through the model methods above,
    # so a backend works unchanged; the TinyDB backend writes the document directly.
    def create_endpoints_document(self, document: ValidDocument) -> CreateResult:
        """`create_endpoints` of a validated document (`documents.validate_document`)."""
        from skyshift_tui.core.models import Endpoints

        return self.create_endpoints(Endpoints.model_validate(document))

    def update_endpoints_document(
        self, document: ValidDocument, expected_version: int | None = None
    ) -> Object:
        """`update_endpoints` of a validated document (`documents.validate_document`)."""
        from skyshift_tui.core.models import Endpoints

        return self.update_endpoints(Endpoints.model_validate(document), expected_version)

    def modify_endpoints(
        self,
        name: str,
        namespace: str,
        change: Callable[[Object], ValidDocument | None],
    ) -> Object:
        """Read a set, `change` it (None: leave it as it is) and write the result, checked
        against the version read: a write in between is refused (ConflictError), never lost.
        Returns the set as stored afterwards. A backend that can read and write under one lock
        does it in one read (TinyDB: the file is parsed once, not twice).
        """
        current = self.get_endpoints(name, namespace)
        document = change(current)
        if document is None:
            return current
        version = int(current["metadata"].get("resource_version") or 0) or None
        return self.update_endpoints_document(document, version)

    @abstractmethod
    def delete_endpoints(
        self, name: str, namespace: str, expected_version: int | None = None
    ) -> Object:
        """Remove a set and return its last state; NotFoundError when missing.

        `expected_version` as for `update_endpoints`.
        """

    @abstractmethod
    def delete_endpoints_many(self, targets: Sequence[EndpointsRef]) -> list[Object]:
        """Remove several sets in ONE write and return their last states, in `targets` order.

        All or nothing: when any target is missing (NotFoundError) or stale (its
        `expected_version` checked as `check_expected_version` does: ConflictError), nothing
        is removed. `skyctl delete --all` and `-l` use it, so a bulk delete is one change.
        """

    def delete_invalid(self, invalid: InvalidValue) -> None:
        """Remove a key that holds no valid object, if it is still at `invalid.revision`
        (ConflictError when it was written since). A backend without such keys refuses."""
        raise SkyShiftError(f"{self.location} cannot delete a single damaged entry")

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
    def apply(
        self,
        objects: list[SkyObject],
        expected_versions: Sequence[int | None] | None = None,
    ) -> list[ApplyResult]:
        """Create what is new and replace what differs, all in one write.

        Returns one result per object, plus a `created` result for each namespace created
        implicitly for endpoints, just before them.

        `expected_versions`, when given, holds one entry per object (see
        `check_expected_version`: None, ABSENT, or the version the caller read). Every entry is
        checked against the store as it was before this apply; one stale entry refuses the
        whole apply with ConflictError and nothing is written. The CLI's merging `apply`, and
        `edit`, `scale`, `label`, `annotate` and `patch`, write through here with the version
        they merged onto, so a concurrent update is never lost.
        """

    def check_storable(self, documents: Iterable[Object]) -> None:
        """Refuse (InvalidInputError, exit 2) a name this backend cannot store, before writing.

        For --dry-run and `diff`, which must answer what the write would. Every valid name
        fits the file store; etcd refuses names SkyShift cannot read back.
        """
        del documents  # nothing to refuse here

    # -- changes ---------------------------------------------------------------------------
    @abstractmethod
    def changes_since(self, revision: int) -> ChangeBatch:
        """The changes made after `revision`; cheap when nothing changed."""

    def poll_changes(self, revision: int, identity: str | None) -> ChangeBatch:
        """One look for what the default `watch` yields: `changes_since`, plus what a backend
        can tell of its identity (a replaced store: `expired`; a deleted one: `problem`).
        May raise SkyShiftError; `watch` turns that into a `problem` batch."""
        return self.changes_since(revision)

    def watch(
        self,
        since: int,
        poll_interval: float = 0.02,
        stop: threading.Event | None = None,
        *,
        identity: str | None = None,
        wake: threading.Event | None = None,
        retry_interval: float = 1.0,
    ) -> Iterator[ChangeBatch]:
        """The one change feed (the TUI and `get -w` both consume it): yield each batch of
        changes after `since`, until `stop` is set, or until a batch is `expired`, after which
        the watch ends and the reader re-lists and starts a new one from the snapshot.

        `identity` is the snapshot's: a change of it (another store moved in) expires the
        watch. A `problem` batch is yielded once per distinct problem while the store cannot
        be read (tried every `retry_interval`); the watch then yields `expired` once the store
        reads again. Batches with neither events nor a flag are not yielded.

        The default polls `poll_changes` every `poll_interval` seconds; setting `wake` makes it
        look at once (a reader that just wrote; set it after `stop` too, so the wait ends at
        once). A backend with push notifications (etcd) overrides this; it must honour `stop`
        promptly and may ignore `wake`.
        """
        revision = since
        stop = stop or threading.Event()
        waiter = wake or stop
        problem: str | None = None
        while not stop.is_set():
            try:
                batch = self.poll_changes(revision, identity)
            except SkyShiftError as error:
                batch = ChangeBatch(revision=revision, problem=str(error))
            if batch.problem is not None:
                if batch.problem != problem:
                    problem = batch.problem
                    yield batch
                _pause(waiter, wake, retry_interval)
                continue
            if not identity and batch.identity:  # the store came into being: follow that one
                identity = batch.identity
            if problem is not None:
                yield ChangeBatch(
                    revision=batch.revision,
                    expired=True,
                    reason="the store can be read again",
                )
                return
            if batch.events or batch.expired:
                yield batch
                if batch.expired:
                    return
            revision = max(revision, batch.revision)
            _pause(waiter, wake, poll_interval)


def _pause(waiter: threading.Event, wake: threading.Event | None, seconds: float) -> None:
    """Wait `seconds`, or until woken (a wake is used up; a stop stays set)."""
    waiter.wait(seconds)
    if wake is not None:
        wake.clear()
