"""A set's revisions from etcd's own MVCC history (nothing is written for it).

etcd keeps every revision of a key until it is compacted. A watch on the one key from a past
revision streams them all, oldest first (a put carries the value then, a delete the revision it
happened at), so one request lists a set's history, deleted or not:

- a set that exists: the stream is read up to its current `mod_revision`, known from a range;
- a deleted set: its last revision is not known beforehand. etcd sends a watcher's past events
  in batches of at most WATCH_BATCH_REVISIONS revisions (`watchBatchMaxRevs`, fixed since
  etcd 3.0), so a batch with fewer is the last one. A key with no event left at all sends
  nothing: after the client's deadline that is "no record".

When the watch starts before the compacted revision, etcd says so and it starts again from the
oldest revision etcd still has; the history then says "older revisions were compacted" unless
it still reaches the set's creation. etcd keeps no times: only a creation has one (the set's
`creation_timestamp`).
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.core.errors import StoreError
from skyshift_tui.store.base import Object
from skyshift_tui.store.etcd.client import EtcdClient, b64, number
from skyshift_tui.store.etcd.http import GatewayError, HttpError
from skyshift_tui.store.etcd.layout import BadValue, decode, endpoints_key
from skyshift_tui.store.history import COMPACTED, History, Revision, not_found

WATCH_BATCH_REVISIONS = 1000
"""etcd's `watchBatchMaxRevs`: the most revisions one watch answer of past events holds."""


def etcd_history(client: EtcdClient, namespace: str, name: str, deleted: bool) -> History:
    """The revisions of set `name` in `namespace`, newest first (see the module)."""
    key = endpoints_key(namespace, name)
    kvs = client.range(key).get("kvs", [])
    if not kvs and not deleted:
        raise not_found(namespace, name, deleted)
    last = number(kvs[0].get("mod_revision")) if kvs else None
    events, compacted = _events_of(client, key, last)
    if last is not None:
        events = [event for event in events if number(event["kv"].get("mod_revision")) < last]
        events.append({"kv": kvs[0]})
    events = _last_life(events)
    if not events:
        raise not_found(namespace, name, deleted)
    revisions: list[Revision] = []
    for event in reversed(events):
        kv = event["kv"]
        revision = number(kv.get("mod_revision"))
        if event.get("type") == "DELETE":
            revisions.append(Revision(revision, None, None))
            continue
        try:
            obj: Object = decode(kv)
        except BadValue:
            continue  # a value that was never a valid set: nothing to show or restore
        created = number(kv.get("version")) == 1
        when = obj["metadata"].get("creation_timestamp") if created else None
        revisions.append(Revision(revision, when if isinstance(when, str) else None, obj))
    first = events[0]
    reaches_creation = first.get("type") != "DELETE" and number(first["kv"].get("version")) == 1
    missing = "" if reaches_creation else (COMPACTED if compacted else "")
    return History(namespace, name, revisions, missing)


def _last_life(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events of the key's last life: after the delete before the last event."""
    start = 0
    for index, event in enumerate(events[:-1]):
        if event.get("type") == "DELETE":
            start = index + 1
    return events[start:]


def _events_of(client: EtcdClient, key: str, last: int | None) -> tuple[list[dict[str, Any]], bool]:
    """Every event of `key` etcd still has, oldest first (up to `last`, when known), and
    whether compaction removed older ones."""
    start = 1
    compacted = False
    while True:
        if last is not None and last < start:
            return [], compacted
        request = {"key": b64(key), "start_revision": str(start)}
        connection, stream = client.open_watch(request, client.deadline)
        try:
            events, compacted_at = _read(stream, last)
        except TimeoutError:
            raise StoreError(
                f"etcd at {client.target.location} did not send the history in time"
            ) from None
        except (OSError, HttpError, GatewayError) as error:
            raise StoreError(
                f"etcd at {client.target.location} broke off reading history ({error})"
            ) from None
        finally:
            connection.close()
        if compacted_at is None:
            return events, compacted
        start, compacted = compacted_at, True


def _read(stream: Any, last: int | None) -> tuple[list[dict[str, Any]], int | None]:
    """The past events of one watch (see the module for when they end), or the revision to
    start again from when etcd compacted the one asked for."""
    events: list[dict[str, Any]] = []
    while True:
        try:
            message = stream.next_message()
        except TimeoutError:
            if last is None:  # no more past events: a key with none left sends nothing
                return events, None
            raise
        if message is None:
            raise HttpError("the watch ended early")
        result = message.get("result", {})
        if result.get("compact_revision"):
            return [], number(result["compact_revision"])
        batch = result.get("events", [])
        if not batch:
            continue  # the `created` answer, or a progress notice
        events.extend(batch)
        newest = number(batch[-1]["kv"].get("mod_revision"))
        if last is not None:
            if newest >= last:
                return events, None
        elif len({number(e["kv"].get("mod_revision")) for e in batch}) < WATCH_BATCH_REVISIONS:
            return events, None
