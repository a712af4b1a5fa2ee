"""The embedded backend: a TinyDB database in one JSON file, safe across processes.

TinyDB alone is not: its JSONStorage writes in place (a reader can see half a file) and locks
nothing. So a read parses the file once and works on its tables directly, and a write holds an
exclusive lock for its whole read-modify-write, changes the tables read once in memory
(`transaction.py`), then replaces the file atomically
(`json_file.write_tables_atomically`). Nothing is cached between operations, so nothing can
hide another process's write. The file keeps TinyDB's layout (TinyDB itself reads it), but no
operation goes through TinyDB's classes: importing them cost ~4 ms of every command, and their
re-keying of a whole table on each change ~13 ms of a 10k-set write.

Every change bumps the store revision; each object's `resource_version` is the revision of its
last write, and each change is appended to a bounded `_events` log (etcd keeps history the same
way) that watchers read from the head of the file.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import (
    AlreadyExistsError,
    NamespaceNotEmptyError,
    NotFoundError,
    ProtectedNamespaceError,
    StoreError,
)
from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.store.base import (
    ApplyResult,
    ChangeBatch,
    CreateResult,
    EndpointsRef,
    Object,
    Snapshot,
    Store,
    WatchEvent,
    check_expected_version,
)
from skyshift_tui.store.file import change_log
from skyshift_tui.store.file.json_file import (
    Tables,
    check_writable,
    read_bytes,
    read_header,
    read_tables,
    remove_stale_temporaries,
    write_tables_atomically,
)
from skyshift_tui.store.file.layout import (
    ENDPOINTS_TABLE,
    EVENTS_TABLE,
    META_ID,
    META_TABLE,
    NAMESPACES_TABLE,
    namespace_doc,
)

if TYPE_CHECKING:
    from skyshift_tui.core.documents import ValidDocument
    from skyshift_tui.core.models import Endpoints, Namespace, SkyObject
    from skyshift_tui.store.file.transaction import Document, Transaction
    from skyshift_tui.store.history import History


class _Unchanged(Exception):  # noqa: N818 (control flow, not an error)
    """Raised out of a transaction to leave it without writing."""

    def __init__(self, current: Object) -> None:
        super().__init__()
        self.current = current


class StoreGoneError(StoreError):
    """The store file a watcher was following was deleted."""


EVENT_LOG_LIMIT = 1000
"""Changes kept for watchers; one who falls further behind re-lists."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _table(tables: Tables, name: str) -> list[Object]:
    """A table's objects as the plain dicts the Store interface promises."""
    return list(tables.get(name, {}).values())


def _endpoints_named(tables: Tables, name: str) -> list[Object]:
    return [obj for obj in _table(tables, ENDPOINTS_TABLE) if obj["metadata"]["name"] == name]


class TinyDBStore(Store):
    """Endpoints and namespaces in one TinyDB JSON file at `path` (created 0600 on first write)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        event_log_limit: int = EVENT_LOG_LIMIT,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.path = str(Path(path).expanduser())
        self.location = self.path
        self.event_log_limit = event_log_limit
        self._clock = clock
        self._seen_signature: tuple[int, int, int] | None = None
        self._seen_revision = 0
        self._seen_identity: str | None = None
        self._told: set[str] = set()

    # -- plumbing ----------------------------------------------------------------------------
    def _tell(self, message: str) -> None:
        if self.notify is not None and message not in self._told:
            self._told.add(message)
            self.notify(message)

    def _read(self) -> Tables:
        """The file's tables as they are now; no lock: writes replace the file atomically."""
        tables = read_tables(self.path)
        if tables is None:
            tables = {}
            folder = os.path.dirname(os.path.abspath(self.path))
            if not os.path.isdir(folder):
                self._tell(
                    f"store {self.path} does not exist yet (nor its folder {folder}); "
                    "the first write creates it"
                )
        return tables

    @contextmanager
    def _writing(self) -> Iterator[Transaction]:
        """Lock, read, let the caller change tables, then write once; nothing on error.

        A symlinked store is written through: the link's target is read, locked and replaced
        (under the target's lock, the one every other path to it takes), never the link.
        """
        path = os.path.realpath(self.path)
        check_writable(path)
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            _make_folder(folder, path)
            self._tell(f"created the folder {folder} for the new store {path}")
        from skyshift_tui.store.file.locking import FileLock
        from skyshift_tui.store.file.transaction import Transaction

        with FileLock(path + ".lock") as lock, gc_paused():
            tables = read_tables(path) or {}
            timestamp = self._clock().isoformat(timespec="seconds")
            transaction = Transaction(tables, timestamp)
            transaction.ensure_default_namespace()
            yield transaction
            transaction.commit(self.event_log_limit)
            if transaction.dirty:
                remove_stale_temporaries(path)
                write_tables_atomically(path, transaction.tables, before_replace=lock.check_held)

    @staticmethod
    def _with_default(namespaces: list[Object]) -> list[Object]:
        """`default` always exists, even before the first write creates the file."""
        if not any(ns["metadata"]["name"] == DEFAULT_NAMESPACE for ns in namespaces):
            namespaces.insert(0, namespace_doc(DEFAULT_NAMESPACE, None, 0))
        return namespaces

    # -- reads -------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        tables = self._read()
        meta = tables.get(META_TABLE, {}).get(str(META_ID))
        revision = int(meta["revision"]) if isinstance(meta, dict) else 0
        return Snapshot(
            revision=revision,
            namespaces=self._with_default(_table(tables, NAMESPACES_TABLE)),
            endpoints=_table(tables, ENDPOINTS_TABLE),
            identity=_identity_of(meta, os.path.exists(self.path)),
        )

    def snapshot_each(self, each: Callable[[list[Object]], object]) -> Snapshot:
        """The endpoints a page at a time when the file is as this program wrote it
        (`json_pages.py`): the TUI's first load never holds every decoded set at once."""
        from skyshift_tui.store.file.json_pages import read_paged

        raw = read_bytes(self.path)
        paged = read_paged(self.path, raw) if raw else None
        if paged is None:
            return super().snapshot_each(each)
        tables, pages = paged
        for page in pages:
            each(page)
        meta = tables.get(META_TABLE, {}).get(str(META_ID))
        return Snapshot(
            revision=int(meta["revision"]) if isinstance(meta, dict) else 0,
            namespaces=self._with_default(_table(tables, NAMESPACES_TABLE)),
            endpoints=[],
            identity=_identity_of(meta, True),
        )

    def revision(self) -> int:
        header = read_header(self.path) or {}
        meta = header.get(META_TABLE, {}).get(str(META_ID))
        return int(meta["revision"]) if isinstance(meta, dict) else 0

    def list_endpoints(self, namespace: str | None = None) -> list[Object]:
        everything = _table(self._read(), ENDPOINTS_TABLE)
        if namespace is None:
            return everything
        return [obj for obj in everything if obj["metadata"].get("namespace") == namespace]

    def get_endpoints(self, name: str, namespace: str) -> Object:
        for obj in _endpoints_named(self._read(), name):
            if obj["metadata"].get("namespace") == namespace:
                return obj
        raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')

    def find_endpoints(self, name: str) -> list[Object]:
        return _endpoints_named(self._read(), name)

    def list_namespaces(self) -> list[Object]:
        return self._with_default(_table(self._read(), NAMESPACES_TABLE))

    def history(self, namespace: str, name: str, deleted: bool = False) -> History:
        """From the change log kept in the file (`change_log.py`)."""
        return change_log.history(self.path, self._read(), namespace, name, deleted)

    def get_namespace(self, name: str) -> Object:
        for namespace in self.list_namespaces():
            if namespace["metadata"]["name"] == name:
                return namespace
        raise NotFoundError(f'namespace "{name}" does not exist')

    # -- writes ------------------------------------------------------------------------------
    def create_endpoints(self, endpoints: Endpoints) -> CreateResult:
        document = endpoints.model_dump(mode="json")  # a model's dump: valid by construction
        return self.create_endpoints_document(cast("ValidDocument", document))

    def create_endpoints_document(self, document: ValidDocument) -> CreateResult:
        doc: Object = copy.deepcopy(document)  # stamped here: the caller's stays as it was
        name, namespace = doc["metadata"]["name"], doc["metadata"]["namespace"]
        with self._writing() as tx:
            if tx.find_endpoints(name, namespace) is not None:
                raise AlreadyExistsError(
                    f'endpoints "{name}" already exists in namespace "{namespace}"'
                )
            namespace_created = tx.find_namespace(namespace) is None
            if namespace_created:
                tx.insert_namespace(namespace_doc(namespace, None, None))
            tx.endpoints.insert(tx.stamp(doc))
            tx.record("ADDED", doc)
        return CreateResult(object=doc, namespace_created=namespace_created)

    def update_endpoints(self, endpoints: Endpoints, expected_version: int | None = None) -> Object:
        document = endpoints.model_dump(mode="json")
        return self.update_endpoints_document(cast("ValidDocument", document), expected_version)

    def update_endpoints_document(
        self, document: ValidDocument, expected_version: int | None = None
    ) -> Object:
        doc: Object = copy.deepcopy(document)
        name, namespace = doc["metadata"]["name"], doc["metadata"]["namespace"]
        with self._writing() as tx:
            current = tx.find_endpoints(name, namespace)
            if current is None:
                raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')
            _check_version(current, expected_version)
            tx.replace_endpoints(current, doc)
        return doc

    def modify_endpoints(
        self,
        name: str,
        namespace: str,
        change: Callable[[Object], ValidDocument | None],
    ) -> Object:
        """Read, change and write under the write lock: the file is parsed once, and no other
        writer can come in between (so no conflict but the ones `change` raises)."""
        if not os.path.exists(self.path):  # nothing to change; create no folder for it
            raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')
        try:
            check_writable(os.path.realpath(self.path))
        except StoreError:  # read-only: the read says what is missing before the write refuses
            return super().modify_endpoints(name, namespace, change)
        try:
            with self._writing() as tx:
                current = tx.find_endpoints(name, namespace)
                if current is None:
                    raise NotFoundError(
                        f'endpoints "{name}" does not exist in namespace "{namespace}"'
                    )
                document = change(dict(current))
                if document is None:
                    raise _Unchanged(dict(current))
                doc: Object = copy.deepcopy(document)
                tx.replace_endpoints(current, doc)
        except _Unchanged as unchanged:  # leaves the transaction before it writes anything
            return unchanged.current
        return doc

    def delete_endpoints(
        self, name: str, namespace: str, expected_version: int | None = None
    ) -> Object:
        with self._writing() as tx:
            current = tx.find_endpoints(name, namespace)
            if current is None:
                raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')
            _check_version(current, expected_version)
            tx.endpoints.remove([current.doc_id])
            gone = tx.record_deletion(dict(current))
        return gone

    def delete_endpoints_many(self, targets: Sequence[EndpointsRef]) -> list[Object]:
        with self._writing() as tx:
            by_key = {
                (doc["metadata"].get("namespace"), doc["metadata"]["name"]): doc
                for doc in tx.endpoints.all()
            }
            doomed: list[Document] = []
            for target in targets:
                current = by_key.get((target.namespace, target.name))
                if current is None:
                    raise NotFoundError(
                        f'endpoints "{target.name}" does not exist in namespace '
                        f'"{target.namespace}"'
                    )
                _check_version(current, target.expected_version)
                doomed.append(current)
            if doomed:  # one table rewrite for all of them
                tx.endpoints.remove([doc.doc_id for doc in doomed])
            for doc in doomed:
                tx.record_deletion(dict(doc))
        return [dict(doc) for doc in doomed]

    def create_namespace(self, namespace: Namespace) -> Object:
        doc = namespace.model_dump(mode="json")
        name = doc["metadata"]["name"]
        with self._writing() as tx:
            if tx.find_namespace(name) is not None:
                raise AlreadyExistsError(f'namespace "{name}" already exists')
            tx.insert_namespace(doc)
        return doc

    def delete_namespace(self, name: str, cascade: bool = False) -> list[Object]:
        if name == DEFAULT_NAMESPACE:
            raise ProtectedNamespaceError('namespace "default" always exists and cannot be deleted')
        with self._writing() as tx:
            current = tx.find_namespace(name)
            if current is None:
                raise NotFoundError(f'namespace "{name}" does not exist')
            members = tx.endpoints_in(name)
            if members and not cascade:
                sets = (
                    "1 set of endpoints"
                    if len(members) == 1
                    else f"{len(members)} sets of endpoints"
                )
                raise NamespaceNotEmptyError(
                    f'namespace "{name}" still holds {sets}; delete them first, '
                    "or add --cascade to delete them with it"
                )
            if members:
                tx.endpoints.remove([doc.doc_id for doc in members])
            gone = [tx.record_deletion(dict(doc)) for doc in members]
            tx.namespaces.remove([current.doc_id])
            tx.record_deletion(dict(current))
        return gone

    def apply(
        self,
        objects: list[SkyObject],
        expected_versions: Sequence[int | None] | None = None,
    ) -> list[ApplyResult]:
        """Two table passes per kind however many objects: 10k sets apply in one write.

        A namespace that endpoints need and that neither exists nor comes earlier in `objects`
        is created too, and gets its own result just before the first set that needed it.
        """
        from skyshift_tui.store.file.transaction import ApplyBatch

        docs = [obj.model_dump(mode="json") for obj in objects]
        results: list[ApplyResult] = []
        with self._writing() as tx:
            namespaces = ApplyBatch(tx, tx.namespaces, lambda meta: meta["name"])
            endpoints = ApplyBatch(tx, tx.endpoints, lambda meta: (meta["namespace"], meta["name"]))
            if expected_versions is not None:  # all checked before anything changes
                for doc, expected in zip(docs, expected_versions, strict=True):
                    meta = doc["metadata"]
                    if doc["kind"] == "Namespace":
                        current = namespaces.current(meta["name"])
                        check_expected_version("namespace", meta["name"], current, expected)
                    else:
                        current = endpoints.current((meta["namespace"], meta["name"]))
                        check_expected_version("endpoints", meta["name"], current, expected)
            for doc in docs:
                meta = doc["metadata"]
                if doc["kind"] == "Namespace":
                    action = namespaces.apply(doc)
                    results.append(ApplyResult("Namespace", meta["name"], None, action))
                    continue
                if not namespaces.has(meta["namespace"]):  # created as `create` does, and said
                    namespaces.apply(namespace_doc(meta["namespace"], None, None))
                    results.append(ApplyResult("Namespace", meta["namespace"], None, "created"))
                action = endpoints.apply(doc)
                results.append(ApplyResult("Endpoints", meta["name"], meta["namespace"], action))
            namespaces.flush()
            endpoints.flush()
        return results

    # -- changes -----------------------------------------------------------------------------
    def changes_since(self, revision: int) -> ChangeBatch:
        """Stat the file; only when it changed, read the revision and log from its head."""
        return self.poll_changes(revision, None)

    def poll_changes(self, revision: int, identity: str | None) -> ChangeBatch:
        """`changes_since`, and with `identity` (the snapshot's): a store file moved in with
        another id is `expired`, a store file that went away is a `problem` (a store that never
        existed is just empty). One `stat` while nothing changed."""
        try:
            stat = os.stat(self.path)
            signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            signature = (0, 0, 0)
            if identity or (identity is not None and revision > 0):
                raise StoreGoneError(
                    f"store {self.path} was deleted; showing the last state until it is back"
                ) from None
        if (
            signature == self._seen_signature
            and revision >= self._seen_revision
            and identity in (None, "", self._seen_identity)
        ):
            return ChangeBatch(revision=revision, identity=self._seen_identity or "")
        header = read_header(self.path) or {}
        meta = header.get(META_TABLE, {}).get(str(META_ID))
        current = int(meta["revision"]) if isinstance(meta, dict) else 0
        found = _identity_of(meta, signature != (0, 0, 0))
        if identity not in (None, "", found, _NO_ID):
            self._seen_signature = None
            return ChangeBatch(
                revision=current,
                expired=True,
                reason=f"store {self.path} was replaced by another store",
            )
        self._seen_signature, self._seen_revision = signature, current
        self._seen_identity = found
        if current == revision:
            return ChangeBatch(revision=current, identity=found)
        log = header.get(EVENTS_TABLE, {})
        oldest = min((int(key) for key in log), default=current + 1)
        if current < revision or oldest > revision + 1:
            return ChangeBatch(
                revision=current,
                expired=True,
                reason="this watch fell behind the store's change log",
            )
        events = [
            WatchEvent(type=entry["type"], object=entry["object"], revision=int(key))
            for key, entry in sorted(log.items(), key=lambda item: int(item[0]))
            if int(key) > revision
        ]
        return ChangeBatch(revision=current, events=events, identity=found)


def _identity_of(meta: Any, exists: bool) -> str:
    """The store's id; "" for no store yet; a fixed stand-in for a store from before ids."""
    if not exists:
        return ""
    found = meta.get("id") if isinstance(meta, dict) else None
    return str(found) if found else _NO_ID


_NO_ID = "unnamed"
"""A store written before ids: a watcher of it cannot tell a replacement (its first write
gives it an id, which is no news to that watcher)."""


def _check_version(current: Object, expected_version: int | None) -> None:
    """Refuse a write made from an older read than what is stored now."""
    check_expected_version("endpoints", current["metadata"]["name"], current, expected_version)


def _make_folder(folder: str, path: str) -> None:
    """The store's folder, made on its first write; StoreError naming what could not be made."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as error:
        failed = error.filename or folder
        raise StoreError(
            f"cannot create the folder {failed} for the store {path}: {error.strerror}; "
            "check --store"
        ) from None
