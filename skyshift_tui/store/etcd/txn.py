"""The pieces of an etcd transaction in the JSON gateway's words (compares and requests).

64-bit numbers travel as strings; a range request with a prefix covers `prefix*`.
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.core.errors import ConflictError, conflict
from skyshift_tui.store.etcd.client import b64, prefix_end

Request = dict[str, Any]
MAX_TXN_OPS = 128
"""etcd's default --max-txn-ops."""
ABSENT = 0
"""An expected version meaning "the caller saw no such object" (etcd revisions start at 1)."""


def absent(key: str) -> Request:
    """True while `key` does not exist (create-if-absent)."""
    return {"key": b64(key), "target": "CREATE", "result": "EQUAL", "create_revision": "0"}


def exists(key: str) -> Request:
    """True while `key` exists."""
    return {"key": b64(key), "target": "CREATE", "result": "GREATER", "create_revision": "0"}


def mod_equals(key: str, revision: int) -> Request:
    """True while `key` was last written at `revision` (no lost update)."""
    return {"key": b64(key), "target": "MOD", "result": "EQUAL", "mod_revision": str(revision)}


def range_unchanged_since(prefix: str, revision: int) -> Request:
    """True while no key under `prefix` was written after `revision` (an empty range is)."""
    return {
        "key": b64(prefix),
        "range_end": prefix_end(prefix),
        "target": "MOD",
        "result": "LESS",
        "mod_revision": str(revision + 1),
    }


def get(key: str, prefix: bool = False, **options: Any) -> Request:
    body: Request = {"key": b64(key), **options}
    if prefix:
        body["range_end"] = prefix_end(key)
    return {"request_range": body}


def put(key: str, encoded_value: str) -> Request:
    return {"request_put": {"key": b64(key), "value": encoded_value}}


def delete(key: str, prefix: bool = False) -> Request:
    """Delete `key` (or every key under it), answering with what was there."""
    body: Request = {"key": b64(key), "prev_kv": True}
    if prefix:
        body["range_end"] = prefix_end(key)
    return {"request_delete_range": body}


def txn_request(
    compare: list[Request], success: list[Request], failure: list[Request] | None = None
) -> Request:
    """A transaction inside another's success or failure (etcd 3.3+): its compares are
    judged at the same revision, and its answer is `{"succeeded": ..., "responses": ...}`."""
    return {"request_txn": {"compare": compare, "success": success, "failure": failure or []}}


def responses(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The inner answer of each request of a transaction, in order."""
    inner = []
    for response in answer.get("responses", []):
        inner.append(next(iter(response.values())) if response else {})
    return inner


def check_expected_version(kind: str, name: str, current: int, expected: int | None) -> None:
    """Refuse a write made from an older read: `expected` None checks nothing, 0 (ABSENT)
    means the caller saw no such object, else it must be the stored `current` revision.
    Worded as base.check_expected_version words it for every backend."""
    if expected is None or expected == current:
        return
    if not current:
        raise ConflictError(
            f'{kind} "{name}" was deleted since version {expected}; get it again and retry'
        )
    if expected == ABSENT:
        raise ConflictError(
            f'{kind} "{name}" was created since it was read (now version {current}); '
            "get it again and retry"
        )
    raise conflict(kind, name, expected, current)
