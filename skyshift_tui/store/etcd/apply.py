"""`apply` on etcd: decide created / configured / unchanged, then write in transactions.

etcd refuses a transaction of more than 128 operations (`--max-txn-ops`) or 1.5 MiB, so a big
apply is split: each transaction is atomic, and each write in it compares the revision that was
read (create-if-absent for new keys), so another writer's change is never overwritten. If one
changes an object meanwhile, that batch writes nothing and the apply stops, saying how far it
got; applying the same file again finishes the job. The same when etcd stops answering part way
(killed after 61,419 of 100,021 objects of a `migrate`): the error says how many were written
and that running the command again completes it (what was written is then `unchanged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from skyshift_tui.core.defaults import DEFAULT_NAMESPACE
from skyshift_tui.core.errors import (
    ConflictError,
    OutcomeUnknownError,
    StoreError,
    invalid_in_the_way,
)
from skyshift_tui.store.base import ApplyAction, ApplyResult, Object
from skyshift_tui.store.etcd.client import EtcdClient, number
from skyshift_tui.store.etcd.layout import (
    NAMESPACES_PREFIX,
    BadValue,
    decode,
    encode,
    endpoints_key,
    key_of,
    namespace_doc,
    namespace_key,
    namespace_prefix,
    skyshift_namespace,
)
from skyshift_tui.store.etcd.txn import MAX_TXN_OPS, absent, check_expected_version, mod_equals, put

MAX_TXN_BYTES = 1024 * 1024
"""Below etcd's 1.5 MiB request limit, with room for the JSON around the values."""
_CONTENT_KEYS = ("spec", "status")
_META_CONTENT_KEYS = ("labels", "annotations")


@dataclass
class _Write:
    key: str
    doc: Object
    read_revision: int
    """mod_revision when read; 0 = the key did not exist."""

    def size(self) -> int:
        return len(self.key) * 2 + len(encode(self.doc)) + 200


class ApplyPlan:
    """What one `apply` writes, worked out from one read of the keys it touches."""

    def __init__(
        self,
        client: EtcdClient,
        docs: list[Object],
        now: str,
        expected_versions: Sequence[int | None] | None = None,
    ) -> None:
        self._client = client
        self._docs = docs
        self._now = now
        self._expected = expected_versions
        self._writes: dict[str, _Write] = {}
        self._current: dict[str, tuple[int, Object | None]] = {}
        self._invalid: dict[str, str] = {}
        """Keys holding no valid object, with why: an apply touching one is refused."""

    def run(self) -> list[ApplyResult]:
        self._read()
        self._refuse_invalid_keys()
        if self._expected is not None:  # all checked before anything is written
            for doc, expected in zip(self._docs, self._expected, strict=True):
                meta = doc["metadata"]
                if doc["kind"] == "Namespace":
                    key, kind = namespace_key(meta["name"]), "namespace"
                else:
                    key, kind = endpoints_key(meta["namespace"], meta["name"]), "endpoints"
                revision, current = self._current.get(key, (0, None))
                check_expected_version(kind, meta["name"], revision, expected)
        results: list[ApplyResult] = []
        for doc in self._docs:
            meta = doc["metadata"]
            if doc["kind"] == "Namespace":
                action = self._stage(namespace_key(meta["name"]), skyshift_namespace(doc))
                results.append(ApplyResult("Namespace", meta["name"], None, action))
                continue
            namespace = meta["namespace"]
            ns_key = namespace_key(namespace)
            if self._current.get(ns_key, (0, None))[1] is None and ns_key not in self._writes:
                self._stage(ns_key, namespace_doc(namespace, self._now))
                if namespace != DEFAULT_NAMESPACE:  # `default` always existed for users
                    results.append(ApplyResult("Namespace", namespace, None, "created"))
            action = self._stage(endpoints_key(namespace, meta["name"]), doc)
            results.append(ApplyResult("Endpoints", meta["name"], namespace, action))
        self._write()
        return results

    def _read(self) -> None:
        """Every namespace, and every set of the namespaces the input touches."""
        prefixes = [NAMESPACES_PREFIX] + sorted(
            {
                namespace_prefix(doc["metadata"]["namespace"])
                for doc in self._docs
                if doc["kind"] == "Endpoints"
            }
        )
        revision = None
        for prefix in prefixes:  # at one revision: what every compare below is checked against
            kvs, revision = self._client.scan(prefix, revision)
            for kv in kvs:
                key = key_of(kv)
                try:
                    current: Object | None = decode(kv)
                except BadValue as error:
                    current, self._invalid[key] = None, str(error)
                self._current[key] = (number(kv.get("mod_revision")), current)

    def _refuse_invalid_keys(self) -> None:
        """An object applied over a key that holds no valid object: one clear error, not a
        version conflict (retried in vain) over what could not be read. Nothing to merge onto,
        and what is there may be another program's: the user deletes or fixes it first."""
        for doc in self._docs:
            meta = doc["metadata"]
            if doc["kind"] == "Namespace":
                key, kind, namespace = namespace_key(meta["name"]), "namespace", None
            else:
                namespace = meta["namespace"]
                key, kind = endpoints_key(namespace, meta["name"]), "endpoints"
            if key in self._invalid:
                raise invalid_in_the_way(self._invalid[key], kind, meta["name"], namespace)

    def _stage(self, key: str, doc: Object) -> ApplyAction:
        """Plan the write of `doc` at `key`; what `apply` reports for it."""
        meta = doc["metadata"] = {**doc["metadata"]}
        staged = self._writes.get(key)
        revision, current = self._current.get(key, (0, None))
        before = staged.doc if staged else current
        if before is not None and _same_content(before, doc):
            return "unchanged"
        created = before["metadata"].get("creation_timestamp") if before else None
        meta["creation_timestamp"] = created or self._now
        meta["resource_version"] = None
        if staged:
            staged.doc = doc
            return "configured"
        self._writes[key] = _Write(key, doc, revision)
        return "configured" if current is not None or revision else "created"

    def _write(self) -> None:
        batches: list[list[_Write]] = [[]]
        size = 0
        for write in self._writes.values():
            full = len(batches[-1]) >= MAX_TXN_OPS or size + write.size() > MAX_TXN_BYTES
            if batches[-1] and full:
                batches.append([])
                size = 0
            batches[-1].append(write)
            size += write.size()
        done = 0
        for batch in batches:
            if not batch:
                continue
            compare = [
                mod_equals(w.key, w.read_revision) if w.read_revision else absent(w.key)
                for w in batch
            ]
            try:
                answer = self._client.txn(compare, [put(w.key, encode(w.doc)) for w in batch])
            except StoreError as error:
                raise self._interrupted(error, done, len(batch)) from None
            if not answer.get("succeeded"):
                raise ConflictError(
                    f"another writer changed objects of this apply meanwhile; {done} of "
                    f"{len(self._writes)} writes were made, the rest not: apply again"
                )
            revision = number(answer["header"].get("revision"))
            for write in batch:
                write.doc["metadata"]["resource_version"] = revision
            done += len(batch)

    def _interrupted(self, error: StoreError, done: int, batch: int) -> StoreError:
        """`error`, saying how far the writes got and how to finish them (of the same class:
        an outcome unknown stays exit 3)."""
        total = len(self._writes)
        if isinstance(error, OutcomeUnknownError):
            words = str(error).split("; the write may have been applied", 1)[0]
            state = (
                f"{done} of {total} objects were written, the next {batch} may have been, "
                "the rest not"
            )
            kind: type[StoreError] = OutcomeUnknownError
        else:
            words, state, kind = str(error), f"{done} of {total} objects were written", StoreError
        again = "running the same command again completes it (what is written is then unchanged)"
        return kind(f"{words}; {state}: {again}")


def _same_content(current: Object, new: Object) -> bool:
    """Whether applying `new` would change nothing a user set (timestamps are the store's)."""
    if any((current.get(key) or {}) != (new.get(key) or {}) for key in _CONTENT_KEYS):
        return False
    return all(
        (current["metadata"].get(key) or {}) == (new["metadata"].get(key) or {})
        for key in _META_CONTENT_KEYS
    )
