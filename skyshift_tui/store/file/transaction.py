"""One write to the store file: its tables, read once under the lock, changed in memory.

The tables keep TinyDB's layout (each a mapping of document id, as a string, to the object),
so TinyDB itself and older versions of this program still read the file, but a write works on
them directly rather than through `tinydb.Table`: TinyDB re-keys a whole table (10k ids to int
and back) on every insert, update and remove, and wraps every object it scans, ~13 ms of a
10k-set `create`; here a create scans the ids once and sets one key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.store.base import ApplyAction, EventType, Object, same_content
from skyshift_tui.store.file import change_log
from skyshift_tui.store.file.json_file import Tables
from skyshift_tui.store.file.layout import (
    ENDPOINTS_TABLE,
    EVENTS_TABLE,
    META_ID,
    META_TABLE,
    NAMESPACES_TABLE,
    namespace_doc,
    new_identity,
)


class Document(dict[str, Any]):
    """A stored object (a copy) with the id it is stored under, as TinyDB's Document."""

    def __init__(self, value: Object, doc_id: int) -> None:
        super().__init__(value)
        self.doc_id = doc_id


class Table:
    """One table of a transaction: the documents under their ids, changed in place."""

    def __init__(self, tx: Transaction, name: str) -> None:
        self._tx = tx
        self._name = name

    def _read(self) -> dict[str, Object]:
        return self._tx.tables.get(self._name, {})

    def _write(self) -> dict[str, Object]:
        self._tx.dirty = True
        return self._tx.tables.setdefault(self._name, {})

    def all(self) -> list[Document]:
        return [Document(doc, int(key)) for key, doc in self._read().items()]

    def search(self, matches: Callable[[Object], bool]) -> list[Document]:
        return [Document(doc, int(key)) for key, doc in self._read().items() if matches(doc)]

    def find(self, matches: Callable[[Object], bool]) -> Document | None:
        for key, doc in self._read().items():
            if matches(doc):
                return Document(doc, int(key))
        return None

    def insert(self, doc: Object) -> int:
        """Store `doc` under the next id: one more than the largest, as TinyDB numbers them."""
        docs = self._write()
        doc_id = max(map(int, docs), default=0) + 1
        docs[str(doc_id)] = dict(doc)
        return doc_id

    def insert_multiple(self, documents: Iterable[Document]) -> None:
        """Store documents under their own ids (which must be free)."""
        docs = self._write()
        for document in documents:
            key = str(document.doc_id)
            if key in docs:
                raise ValueError(f"document {key} of {self._name} already exists")
            docs[key] = dict(document)

    def replace(self, doc_id: int, doc: Object) -> None:
        self._write()[str(doc_id)] = dict(doc)

    def remove(self, doc_ids: Iterable[int]) -> None:
        docs = self._write()
        for doc_id in doc_ids:
            del docs[str(doc_id)]


class Transaction:
    """One read-modify-write: tables, the revision counter and the events it records."""

    def __init__(self, tables: Tables, timestamp: str) -> None:
        self.tables = tables
        self.dirty = False
        """Whether anything changed (and the file must be written)."""
        self.endpoints = Table(self, ENDPOINTS_TABLE)
        self.namespaces = Table(self, NAMESPACES_TABLE)
        self._events = Table(self, EVENTS_TABLE)
        meta = tables.get(META_TABLE, {}).get(str(META_ID))
        self.revision: int = int(meta["revision"]) if isinstance(meta, dict) else 0
        # The store's identity, made once at creation (and given to a store from before ids):
        # a watcher that sees it change knows another store was moved in, and re-lists.
        self.identity: str = str(meta.get("id") or "") if isinstance(meta, dict) else ""
        if not self.identity:
            self.identity = new_identity()
        self.timestamp = timestamp
        self._pending: list[Document] = []
        self._before = change_log.earlier(tables)  # the sets as read, for the change log

    # -- lookups -----------------------------------------------------------------------------
    def find_endpoints(self, name: str, namespace: str) -> Document | None:
        """The stored set, with its doc_id, or None."""

        def matches(doc: Object) -> bool:
            meta = doc["metadata"]
            return bool(meta["name"] == name and meta.get("namespace") == namespace)

        return self.endpoints.find(matches)

    def endpoints_in(self, namespace: str) -> list[Document]:
        return self.endpoints.search(lambda doc: doc["metadata"].get("namespace") == namespace)

    def find_namespace(self, name: str) -> Document | None:
        return self.namespaces.find(lambda doc: doc["metadata"]["name"] == name)

    # -- changes -----------------------------------------------------------------------------
    def stamp(self, obj: Object, created: str | None = None) -> Object:
        """Give `obj` the next revision as resource_version, and its creation time."""
        self.revision += 1
        obj["metadata"]["resource_version"] = self.revision
        obj["metadata"]["creation_timestamp"] = created or self.timestamp
        return obj

    def record(self, event_type: EventType, obj: Object) -> None:
        """Log a change at the current revision (call right after `stamp`, or after a bump)."""
        self._pending.append(Document({"type": event_type, "object": obj}, self.revision))

    def record_deletion(self, obj: Object) -> Object:
        """Log a deletion; the object it carries gets the deletion's revision, as in
        Kubernetes and etcd, so versions in a watch never go backwards."""
        self.revision += 1
        gone = {**obj, "metadata": {**obj["metadata"], "resource_version": self.revision}}
        self.record("DELETED", gone)
        return gone

    def insert_namespace(self, doc: Object) -> None:
        self.namespaces.insert(self.stamp(doc))
        self.record("ADDED", doc)

    def replace_endpoints(self, current: Document, doc: Object) -> None:
        """Write `doc` over the stored set `current`, keeping its creation time."""
        self.stamp(doc, created=current["metadata"].get("creation_timestamp"))
        self.endpoints.replace(current.doc_id, doc)
        self.record("MODIFIED", doc)

    def commit(self, event_log_limit: int) -> None:
        """Append this transaction's events and drop those older than the log's bound."""
        if not self._pending:
            return
        changes = [(doc.doc_id, doc["type"], doc["object"]) for doc in self._pending]
        change_log.record(self.tables, self._before, changes, self.timestamp)
        horizon = self.revision - event_log_limit
        stale = [int(key) for key in self.tables.get(EVENTS_TABLE, {}) if int(key) <= horizon]
        if stale:
            self._events.remove(stale)
        self._events.insert_multiple(doc for doc in self._pending if doc.doc_id > horizon)
        meta = self.tables.setdefault(META_TABLE, {})  # updated as TinyDB's upsert: merged
        stored = meta.get(str(META_ID))
        meta[str(META_ID)] = {**(stored or {}), "revision": self.revision, "id": self.identity}

    def ensure_default_namespace(self) -> None:
        if self.find_namespace(DEFAULT_NAMESPACE) is None:
            self.insert_namespace(namespace_doc(DEFAULT_NAMESPACE, None, None))


class ApplyBatch:
    """The creates and replacements `apply` makes in one table, staged and written at the end
    (one `remove` and one `insert_multiple`), so a set written twice in one apply keeps one id.
    """

    def __init__(self, tx: Transaction, table: Table, key_of: Callable[[Object], Any]) -> None:
        self._tx = tx
        self._table = table
        self._key_of = key_of
        documents = table.all()
        self._current: dict[Any, Object] = {key_of(doc["metadata"]): doc for doc in documents}
        self._next_id = max((doc.doc_id for doc in documents), default=0) + 1
        self._staged: dict[Any, Document] = {}
        self._replaced: list[int] = []

    def has(self, key: Any) -> bool:
        return key in self._current

    def current(self, key: Any) -> Object | None:
        """The object stored (or staged earlier in this apply) under `key`."""
        return self._current.get(key)

    def apply(self, doc: Object) -> ApplyAction:
        key = self._key_of(doc["metadata"])
        current = self._current.get(key)
        if current is None:
            self._tx.stamp(doc)
            self._tx.record("ADDED", doc)
            action: ApplyAction = "created"
            doc_id = None
        elif same_content(current, doc):
            return "unchanged"
        else:
            self._tx.stamp(doc, created=current["metadata"].get("creation_timestamp"))
            self._tx.record("MODIFIED", doc)
            action = "configured"
            doc_id = getattr(current, "doc_id", None)
        self._current[key] = doc
        staged = self._staged.get(key)
        if staged is not None:  # written earlier in this same apply
            doc_id = staged.doc_id
        elif doc_id is None:  # ids after the largest: a removed set's id is never reused here
            doc_id, self._next_id = self._next_id, self._next_id + 1
        else:
            self._replaced.append(doc_id)
        self._staged[key] = Document(doc, doc_id)
        return action

    def flush(self) -> None:
        if self._replaced:
            self._table.remove(self._replaced)
        if self._staged:
            self._table.insert_multiple(self._staged.values())
