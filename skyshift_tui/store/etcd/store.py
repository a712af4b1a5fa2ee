"""The etcd backend: SkyShift's own keys and values, shared with its API server and other users.

Every write that must not lose another's is one etcd transaction comparing `mod_revision` (or
`create_revision == 0` for create-if-absent); an implicit namespace goes in the same transaction
as its first set. Reads are single ranges (a snapshot is one transaction of two ranges, so both
lists are at one revision). Changes come from etcd's watch (watch.py).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, Any, cast

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import (
    AlreadyExistsError,
    ConflictError,
    NamespaceNotEmptyError,
    NotFoundError,
    ProtectedNamespaceError,
    StoreError,
    conflict,
)
from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.store.base import (
    ApplyResult,
    ChangeBatch,
    CreateResult,
    InvalidValue,
    Object,
    Snapshot,
    Store,
)
from skyshift_tui.store.etcd.apply import ApplyPlan
from skyshift_tui.store.etcd.client import (
    EtcdClient,
    EtcdTarget,
    b64,
    number,
    prefix_end_bytes,
)
from skyshift_tui.store.etcd.history import etcd_history
from skyshift_tui.store.etcd.identity import store_identity
from skyshift_tui.store.etcd.layout import (
    ENDPOINTS_PREFIX,
    NAMESPACES_PREFIX,
    BadValue,
    check_command,
    check_skyshift_name,
    decode,
    default_namespace,
    encode,
    endpoints_key,
    invalid_value,
    key_of,
    namespace_doc,
    namespace_key,
    namespace_prefix,
    now_naive_utc,
    skyshift_namespace,
    stub,
    timestamp,
)
from skyshift_tui.store.etcd.txn import (
    MAX_TXN_OPS,
    absent,
    check_expected_version,
    delete,
    exists,
    get,
    mod_equals,
    put,
    range_unchanged_since,
    responses,
    txn_request,
)
from skyshift_tui.store.etcd.watch import EtcdChanges
from skyshift_tui.store.history import History

if TYPE_CHECKING:
    from skyshift_tui.core.documents import ValidDocument
    from skyshift_tui.core.models import Endpoints, Namespace, SkyObject

RETRIES = 5
"""Rounds of read-then-compare a write tries when another writer keeps getting in between."""

WAITING_PAGES = 4
"""Fetched pages that may wait for the decoder (~4 MB each): fetchers stop there, so memory
stays bounded when etcd answers faster than we decode."""
SCAN_PARTS = 32
"""At most this many key ranges per concurrent scan (`endpoints_ranges`)."""

Warn = Callable[[str], object]


class PageDecoder:
    """Decodes pages of key-values in its own thread, in order, as they are added."""

    def __init__(
        self,
        decode: Callable[[list[dict[str, Any]]], list[Object]],
        each: Callable[[list[Object]], object] | None = None,
    ) -> None:
        self._decode = decode
        self._each = each
        """Given each decoded page (in this thread) instead of keeping it, when set."""
        self._pages: queue.Queue[list[dict[str, Any]] | None] = queue.Queue(WAITING_PAGES)
        self._objects: list[Object] = []
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def add(self, page: list[dict[str, Any]]) -> None:
        """Queue a page (from any thread); waits while WAITING_PAGES are not yet decoded."""
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="etcd-decode", daemon=True)
                self._thread.start()
        self._pages.put(page)

    def finish(self) -> list[Object]:
        """Every object decoded, once the pages added so far are; raises what decoding did."""
        if self._thread is not None:
            self._pages.put(None)
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._objects

    def _run(self) -> None:
        while (page := self._pages.get()) is not None:
            if self._error is None:
                try:
                    objects = self._decode(page)
                    if self._each is None:
                        self._objects.extend(objects)
                    else:
                        self._each(objects)
                except BaseException as error:  # raised in the caller's thread by finish()
                    self._error = error


class EtcdStore(Store):
    """Endpoints and namespaces in etcd under `/sky_registry/`, as SkyShift keeps them."""

    def __init__(
        self,
        target: EtcdTarget,
        warn: Warn | None = None,
        clock: Callable[[], datetime] = now_naive_utc,
    ) -> None:
        self.target = target
        self.location = target.location
        self.client = EtcdClient(target, check_hint=check_command)
        self._warn = warn or (lambda message: None)
        self._clock = clock
        self._changes = EtcdChanges(self.client, self._warn)

    # -- decoding ------------------------------------------------------------------------------
    def _objects(
        self, kvs: list[dict[str, Any]], invalid: list[InvalidValue] | None = None
    ) -> list[Object]:
        """Every valid object; each invalid value is reported (and added to `invalid`, when
        given) and skipped, never fatal."""
        objects = []
        with gc_paused():
            for kv in kvs:
                try:
                    objects.append(decode(kv))
                except BadValue as error:
                    self._warn(f"warning: {error}; skipped")
                    found = invalid_value(kv, error) if invalid is not None else None
                    if found is not None and invalid is not None:
                        invalid.append(found)
        return objects

    def _scan(
        self,
        prefix: str,
        revision: int | None = None,
        each: Callable[[list[Object]], object] | None = None,
        invalid: list[InvalidValue] | None = None,
    ) -> tuple[list[Object], int]:
        """The valid objects under `prefix` (or none: given to `each`, page by page), and
        their revision; the keys holding no valid object go to `invalid`, when given. Pages
        are decoded in a helper thread while the next is fetched: at 100k sets ~2 s of
        waiting on etcd and ~1 s of decoding overlap."""
        decoding = PageDecoder(partial(self._objects, invalid=invalid), each)
        try:
            _, revision = self.client.scan(prefix, revision, decoding.add)
        finally:
            objects = decoding.finish()
        return objects, revision

    def _one(self, kv: dict[str, Any]) -> Object:
        try:
            return decode(kv)
        except BadValue as error:
            raise StoreError(f"{error}; fix or delete that key") from None

    def _range(self, key: str, **options: Any) -> dict[str, Any]:
        return self.client.range(key, **options)

    # -- reads ---------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        invalid: list[InvalidValue] = []
        namespaces, revision = self._scan(NAMESPACES_PREFIX, invalid=invalid)
        endpoints, _ = self._scan(ENDPOINTS_PREFIX, revision, invalid=invalid)  # one revision
        identity = store_identity(self.client, revision)
        return Snapshot(revision, self._with_default(namespaces), endpoints, identity, invalid)

    def snapshot_each(self, each: Callable[[list[Object]], object]) -> Snapshot:
        """The endpoints are read as several key ranges at once, all at the namespaces'
        revision (one snapshot), cut at namespaces; pages reach `each` in no set order."""
        invalid: list[InvalidValue] = []
        namespaces, revision = self._scan(NAMESPACES_PREFIX, invalid=invalid)
        names = [ns["metadata"]["name"] for ns in namespaces]
        decoding = PageDecoder(partial(self._objects, invalid=invalid), each)
        try:
            self.client.scan_ranges(endpoints_ranges(names), revision, decoding.add)
        finally:
            decoding.finish()
        identity = store_identity(self.client, revision)
        return Snapshot(revision, self._with_default(namespaces), [], identity, invalid)

    def revision(self) -> int:
        answer = self._range(namespace_key(DEFAULT_NAMESPACE), count_only=True)
        return number(answer["header"].get("revision"))

    def list_endpoints(self, namespace: str | None = None) -> list[Object]:
        prefix = ENDPOINTS_PREFIX if namespace is None else namespace_prefix(namespace)
        return self._scan(prefix)[0]

    def get_endpoints(self, name: str, namespace: str) -> Object:
        kvs = self._range(endpoints_key(namespace, name)).get("kvs", [])
        if not kvs:
            raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')
        return self._one(kvs[0])

    def find_endpoints(self, name: str) -> list[Object]:
        """One range per namespace, batched into transactions: no scan of every set."""
        names = {ns["metadata"]["name"] for ns in self.list_namespaces()}
        keys = [endpoints_key(namespace, name) for namespace in sorted(names)]
        found: list[dict[str, Any]] = []
        for start in range(0, len(keys), 128):
            answer = self.client.txn([], [get(key) for key in keys[start : start + 128]])
            for response in responses(answer):
                found.extend(response.get("kvs", []))
        return self._objects(found)

    def list_namespaces(self) -> list[Object]:
        return self._with_default(self._scan(NAMESPACES_PREFIX)[0])

    def get_namespace(self, name: str) -> Object:
        kvs = self._range(namespace_key(name)).get("kvs", [])
        if kvs:
            return self._one(kvs[0])
        if name == DEFAULT_NAMESPACE:
            return default_namespace()
        raise NotFoundError(f'namespace "{name}" does not exist')

    def history(self, namespace: str, name: str, deleted: bool = False) -> History:
        """From etcd's MVCC history, until compaction (`history.py`)."""
        return etcd_history(self.client, namespace, name, deleted)

    @staticmethod
    def _with_default(namespaces: list[Object]) -> list[Object]:
        if not any(ns["metadata"]["name"] == DEFAULT_NAMESPACE for ns in namespaces):
            namespaces.insert(0, default_namespace())
        return namespaces

    # -- writes --------------------------------------------------------------------------------
    def _now(self) -> str:
        return timestamp(self._clock())

    def create_endpoints(self, endpoints: Endpoints) -> CreateResult:
        document = endpoints.model_dump(mode="json")  # a model's dump: valid by construction
        return self.create_endpoints_document(cast("ValidDocument", document))

    def create_endpoints_document(self, document: ValidDocument) -> CreateResult:
        """One transaction, one round trip: the set is put only while its key is absent, and
        its namespace (a nested transaction) only while that key is absent, never
        overwritten. Two round trips before (~10-20 ms of a 100k-set `create`)."""
        meta = {**document["metadata"]}  # stamped here: the caller's stays as it was
        doc = {**document, "metadata": meta}
        name, namespace = meta["name"], meta["namespace"]
        check_skyshift_name(name, "endpoints name")
        check_skyshift_name(namespace, "namespace")
        meta["creation_timestamp"] = self._now()
        key, ns_key = endpoints_key(namespace, name), namespace_key(namespace)
        make_namespace = txn_request(
            [absent(ns_key)], [put(ns_key, encode(namespace_doc(namespace, self._now())))]
        )
        answer = self.client.txn([absent(key)], [make_namespace, put(key, encode(doc))], [get(key)])
        if not answer.get("succeeded"):
            raise AlreadyExistsError(
                f'endpoints "{name}" already exists in namespace "{namespace}"'
            )
        revision = number(answer["header"].get("revision"))
        meta["resource_version"] = revision
        if answer.get("ambiguous"):  # our first try did it, its answer lost: ask the key
            created = self._range(ns_key).get("kvs", [{}])[0].get("create_revision")
            namespace_created = number(created) == revision
        else:
            namespace_created = bool(responses(answer)[0].get("succeeded"))
        return CreateResult(
            doc, namespace_created=namespace_created and namespace != DEFAULT_NAMESPACE
        )

    def update_endpoints(self, endpoints: Endpoints, expected_version: int | None = None) -> Object:
        document = endpoints.model_dump(mode="json")  # a model's dump: valid by construction
        return self.update_endpoints_document(cast("ValidDocument", document), expected_version)

    def update_endpoints_document(
        self, document: ValidDocument, expected_version: int | None = None
    ) -> Object:
        """Written as it is (no pydantic: `scale`, `label`, `patch` validate with documents.py)."""
        doc = {**document, "metadata": {**document["metadata"]}}  # the caller's stays as it was
        name, namespace = doc["metadata"]["name"], doc["metadata"]["namespace"]
        key = endpoints_key(namespace, name)
        for _ in range(RETRIES):
            current = self._current(key, name, namespace, expected_version)
            created = _creation_of(current) or self._now()
            doc["metadata"]["creation_timestamp"] = created
            answer = self.client.txn(
                [mod_equals(key, number(current.get("mod_revision")))],
                [put(key, encode(doc))],
            )
            if answer.get("succeeded"):
                doc["metadata"]["resource_version"] = number(answer["header"].get("revision"))
                return doc
        raise _contended(f'endpoints "{name}"')

    def _current(
        self, key: str, name: str, namespace: str, expected_version: int | None
    ) -> dict[str, Any]:
        """The key-value as it is now; NotFoundError, or ConflictError if not `expected`."""
        kvs = self._range(key).get("kvs", [])
        if not kvs:
            raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')
        current_version = number(kvs[0].get("mod_revision"))
        if expected_version is not None and current_version != expected_version:
            raise conflict("endpoints", name, expected_version, current_version)
        return kvs[0]  # type: ignore[no-any-return]

    def delete_endpoints(
        self, name: str, namespace: str, expected_version: int | None = None
    ) -> Object:
        key = endpoints_key(namespace, name)
        compare = [exists(key) if expected_version is None else mod_equals(key, expected_version)]
        answer = self.client.txn(compare, [delete(key)], [get(key)])
        if answer.get("succeeded"):
            gone = (responses(answer) or [{}])[0].get("prev_kvs", [])
            if gone:
                return self._deleted(gone[0])
            if answer.get("ambiguous"):  # deleted by our first try, whose answer was lost
                return stub(key) or {}
        else:
            now = responses(answer)[0].get("kvs", [])
            if now and expected_version is not None:
                version = number(now[0].get("mod_revision"))
                raise conflict("endpoints", name, expected_version, version)
        raise NotFoundError(f'endpoints "{name}" does not exist in namespace "{namespace}"')

    def _deleted(self, kv: dict[str, Any], warn: bool = True) -> Object:
        """The last state of a deleted key; its bare name when the value was not valid."""
        try:
            return decode(kv)
        except BadValue as error:
            if warn:
                self._warn(f"warning: {error}; deleted it")
            return stub(key_of(kv)) or {"kind": "Unknown", "metadata": {"name": key_of(kv)}}

    def delete_invalid(self, invalid: InvalidValue) -> None:
        from skyshift_tui.store.etcd.invalid import delete_invalid_key

        delete_invalid_key(self.client, invalid)

    def create_namespace(self, namespace: Namespace) -> Object:
        doc = skyshift_namespace(namespace.model_dump(mode="json"))
        name = doc["metadata"]["name"]
        check_skyshift_name(name, "namespace")
        if name == DEFAULT_NAMESPACE:
            raise AlreadyExistsError(f'namespace "{name}" already exists')
        doc["metadata"]["creation_timestamp"] = self._now()
        key = namespace_key(name)
        answer = self.client.txn([absent(key)], [put(key, encode(doc))])
        if not answer.get("succeeded"):
            raise AlreadyExistsError(f'namespace "{name}" already exists')
        doc["metadata"]["resource_version"] = number(answer["header"].get("revision"))
        return doc

    def delete_namespace(self, name: str, cascade: bool = False) -> list[Object]:
        if name == DEFAULT_NAMESPACE:
            raise ProtectedNamespaceError('namespace "default" always exists and cannot be deleted')
        key, members = namespace_key(name), namespace_prefix(name)
        for _ in range(RETRIES):
            answer = self.client.txn([], [get(key), get(members, True, count_only=True)])
            found, counted = responses(answer)
            if not found.get("kvs"):
                raise NotFoundError(f'namespace "{name}" does not exist')
            ns_revision = number(found["kvs"][0].get("mod_revision"))
            count = number(counted.get("count"))
            if count and not cascade:
                sets = "1 set of endpoints" if count == 1 else f"{count} sets of endpoints"
                raise NamespaceNotEmptyError(
                    f'namespace "{name}" still holds {sets}; delete them first, '
                    "or add --cascade to delete them with it"
                )
            compare = [mod_equals(key, ns_revision)]
            if not cascade:  # no set may have arrived since we counted none
                revision = number(answer["header"].get("revision"))
                compare.append(range_unchanged_since(members, revision))
            success = [delete(key)] + ([delete(members, True)] if cascade else [])
            answer = self.client.txn(compare, success)
            if answer.get("succeeded"):
                done = responses(answer)
                gone = done[1].get("prev_kvs", []) if cascade and done else []
                return [self._deleted(kv) for kv in gone]
        raise _contended(f'namespace "{name}"')

    def delete_endpoints_many(self, targets: Sequence[Any]) -> list[Object]:
        """Every target read and checked first (nothing deleted when one is missing or stale),
        then deleted in transactions of up to 128, each comparing the revision read."""
        keys = [endpoints_key(t.namespace, t.name) for t in targets]
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(keys), MAX_TXN_OPS):
            answer = self.client.txn([], [get(key) for key in keys[start : start + MAX_TXN_OPS]])
            for response in responses(answer):
                for kv in response.get("kvs", []):
                    found[key_of(kv)] = kv
        for target, key in zip(targets, keys, strict=True):
            if key not in found:
                raise NotFoundError(
                    f'endpoints "{target.name}" does not exist in namespace "{target.namespace}"'
                )
            revision = number(found[key].get("mod_revision"))
            check_expected_version("endpoints", target.name, revision, target.expected_version)
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), MAX_TXN_OPS):
            batch = unique[start : start + MAX_TXN_OPS]
            compare = [mod_equals(key, number(found[key].get("mod_revision"))) for key in batch]
            if not self.client.txn(compare, [delete(key) for key in batch]).get("succeeded"):
                raise ConflictError(
                    f"another writer changed sets of this delete meanwhile; {start} of "
                    f"{len(unique)} were deleted, the rest not: get them again and retry"
                )
        return [self._deleted(found[key], warn=False) for key in keys]

    def apply(
        self,
        objects: list[SkyObject],
        expected_versions: Sequence[int | None] | None = None,
    ) -> list[ApplyResult]:
        """Atomic per transaction: etcd takes at most 128 operations and 1.5 MiB in one.

        `expected_versions` (one per object: None, 0 for "absent", or the version read) are
        all checked before the first write, and each write compares the revision it read.
        """
        docs = [obj.model_dump(mode="json") for obj in objects]
        self.check_storable(docs)
        plan = ApplyPlan(self.client, docs, self._now(), expected_versions)
        return plan.run()

    def check_storable(self, documents: Iterable[Object]) -> None:
        for doc in documents:
            meta = doc["metadata"]
            check_skyshift_name(meta["name"], f"{str(doc['kind']).lower()} name")
            if doc["kind"] == "Endpoints":
                check_skyshift_name(meta["namespace"], "namespace")

    # -- changes -------------------------------------------------------------------------------
    def changes_since(self, revision: int) -> ChangeBatch:
        return self._changes.since(revision, self.revision())

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
        """etcd's own watch, streamed (`poll_interval` and `wake` are not used): see
        EtcdChanges.watch. `identity` is the snapshot's."""
        return self._changes.watch(since, stop or threading.Event(), retry_interval, identity)


def _creation_of(kv: dict[str, Any]) -> str | None:
    try:
        created = decode(kv)["metadata"].get("creation_timestamp")
    except BadValue:
        return None
    return created if isinstance(created, str) else None


def _contended(what: str) -> ConflictError:
    return ConflictError(
        f"{what} kept changing under other writers ({RETRIES} tries); nothing was written, "
        "try again"
    )


def endpoints_ranges(namespaces: list[str]) -> list[tuple[str, str]]:
    """Key ranges (base64 `[start, end)`) that together cover every key under
    ENDPOINTS_PREFIX exactly once, cut where namespaces' sets begin (at most SCAN_PARTS):
    whatever a key is, even of a namespace without its own key, it is in one range."""
    cuts = sorted({namespace_prefix(name).encode() for name in namespaces})
    step = max(1, -(-len(cuts) // (SCAN_PARTS - 1)))
    bounds = [ENDPOINTS_PREFIX.encode(), *cuts[::step], prefix_end_bytes(ENDPOINTS_PREFIX)]
    return [(b64(start), b64(end)) for start, end in pairwise(bounds) if start < end]
