"""Changes from etcd: its watch (with `prev_kv`) turned into the Store's ChangeBatch values.

A put at `version == 1` is ADDED, a later put MODIFIED, a delete DELETED carrying the previous
value (SkyShift's own reading). One transaction's events share one revision. A value that is
no longer a valid object is reported and shown as DELETED: it leaves every view.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from skyshift_tui.core.errors import StoreError
from skyshift_tui.store.base import ChangeBatch, EventType, Object, WatchEvent
from skyshift_tui.store.etcd.client import OUT_OF_RANGE, EtcdClient, b64, number, prefix_end
from skyshift_tui.store.etcd.http import GatewayError, HttpError, Stream
from skyshift_tui.store.etcd.identity import (
    COMPACTED_LANDMARK,
    ClusterHistory,
    Landmark,
    first_key_at,
    parse_identity,
)
from skyshift_tui.store.etcd.layout import (
    ENDPOINTS_PREFIX,
    NAMESPACES_PREFIX,
    PREFIX,
    BadValue,
    decode,
    invalid_value,
    key_of,
    stub,
)

WATCH_READ_SECONDS = 0.25
"""How often a blocked watch looks at its stop flag."""
RECONNECT_PAUSE = 0.3
COMPACTED = "etcd compacted the history this watch needed"
TAIL_WAIT_SECONDS = 1.0
"""How long `changes_since` waits for the standing watch to deliver what etcd already has."""


def problem_batch(revision: int, message: str) -> ChangeBatch:
    """`etcd cannot be reached` as the one feed says it: a `problem` batch, the watch goes on."""
    return ChangeBatch(revision=revision, problem=message)


def _every_key_from(revision: int) -> dict[str, Any]:
    """A watch on every key after `revision`: each revision then has an event, so the last
    one received says how far the watch has got."""
    return {
        "key": b64("\0"),
        "range_end": b64("\0"),
        "start_revision": str(revision + 1),
        "prev_kv": True,
    }


class EtcdChanges:
    """`changes_since` (a bounded look at history) and `watch` (a stream) over one client."""

    def __init__(self, client: EtcdClient, warn: Callable[[str], object]) -> None:
        self.client = client
        self._warn = warn
        self._tail: _Tail | None = None

    @property
    def _location(self) -> str:
        return self.client.target.location

    def since(self, revision: int, current: int) -> ChangeBatch:
        """The changes after `revision` up to `current`.

        A caller that polls (the TUI, `get -w`) asks again and again from where it got to: a
        standing watch (`_Tail`) started at the first call answers those from memory as soon
        as etcd has pushed the events, instead of a new watch over history per change (etcd
        serves those from a loop that runs every 100 ms).
        """
        if current == revision:
            return ChangeBatch(revision=current)
        if current < revision:
            return ChangeBatch(revision=current, expired=True)
        tail = self._tail
        if tail is None or not tail.covers(revision):
            if tail is not None:
                tail.stop()
            tail = self._tail = _Tail(self, revision)
        events = tail.take(revision, current, TAIL_WAIT_SECONDS)
        if events is not None:
            return ChangeBatch(revision=current, events=events)
        return self._from_history(revision, current)

    def _from_history(self, revision: int, current: int) -> ChangeBatch:
        """The changes after `revision` up to `current`, with a watch over history.

        The watch covers every key, not just ours: etcd does not say when a watch has caught
        up, but each revision is some key's write, so the event at `current` ends it.
        """
        events: list[WatchEvent] = []
        connection, stream = self.client.open_watch(_every_key_from(revision), self.client.deadline)
        try:
            while True:
                message = stream.next_message()
                if message is None:
                    raise StoreError(f"etcd at {self._location} ended a watch early")
                result = message.get("result", {})
                if result.get("compact_revision"):
                    return ChangeBatch(revision=current, expired=True)
                raw = result.get("events", [])
                events.extend(self._events(raw))
                if raw and number(raw[-1]["kv"].get("mod_revision")) >= current:
                    return ChangeBatch(revision=current, events=events)
        except TimeoutError:
            raise StoreError(f"etcd at {self._location} did not answer a watch in time") from None
        except (OSError, HttpError, GatewayError) as error:
            raise StoreError(f"etcd at {self._location} broke off a watch ({error})") from None
        finally:
            connection.close()

    def watch(
        self,
        since: int,
        stop: threading.Event,
        retry_interval: float = 1.0,
        identity: str | None = None,
    ) -> Iterator[ChangeBatch]:
        """etcd's own watch on `/sky_registry/`, streamed, until `stop` is set or a batch is
        `expired` (the reader then re-lists and watches again from its snapshot).

        `identity` is the snapshot's (identity.store_identity; None or "": the cluster
        the watch first sees, and its history from `since`). An answer from another cluster
        or history (etcd started afresh at the same address) is `expired`: the reader
        re-lists the new one.

        A dropped connection resumes from the last revision seen, on whichever member answers.
        When no member answers for the client's deadline: a `problem` batch (once per message),
        tried again every `retry_interval`, and `expired` once etcd answers again. When etcd
        has compacted the revisions it needs: `expired`.
        """
        revision = since
        problem: str | None = None
        relogged = False
        cluster, landmark = parse_identity(identity or "")
        history = ClusterHistory(cluster, since)
        if landmark is None:
            landmark = self._landmark(since)
        while not stop.is_set():
            request = {
                "key": b64(PREFIX),
                "range_end": prefix_end(PREFIX),
                "start_revision": str(revision + 1),
                "prev_kv": True,
            }
            try:
                connection, stream = self._reconnect(request, stop)
            except StoreError as error:
                if stop.is_set():
                    return
                if str(error) != problem:
                    problem = str(error)
                    yield problem_batch(revision, problem)
                stop.wait(retry_interval)
                continue
            if problem is not None:
                connection.close()
                yield ChangeBatch(revision=revision, expired=True, reason="etcd answers again")
                return
            moved = landmark.differs(self.client) if landmark is not None else None
            if moved is not None:
                connection.close()
                yield self._moved(moved, history)
                return
            try:
                for batch, last in self._follow(stream, stop, history, landmark):
                    relogged, landmark = False, last
                    yield batch
                    if batch.expired:
                        return
                    revision = batch.revision
            except StoreError as error:
                # An expired login token makes etcd cancel a watch as "permission denied".
                if relogged or "permission denied" not in str(error) or not self.client.target.user:
                    raise
                self.client.forget_login()
                relogged = True
            finally:
                connection.close()

    def _reconnect(self, request: dict[str, Any], stop: threading.Event) -> tuple[Any, Stream]:
        """A new watch stream, trying the members again for the client's deadline (a restart)."""
        started = time.monotonic()
        while True:
            try:
                return self.client.open_watch(request, WATCH_READ_SECONDS)
            except StoreError:
                if stop.is_set() or time.monotonic() - started > self.client.deadline:
                    raise
            stop.wait(RECONNECT_PAUSE)

    def _landmark(self, since: int) -> Landmark | None:
        """The first of our keys as it was at `since` (None: etcd did not answer), when the
        caller's identity did not carry the snapshot's."""
        try:
            return Landmark.read(self.client, first_key_at(since))
        except StoreError:
            return None

    def _moved(self, why: str, history: ClusterHistory) -> ChangeBatch:
        if why == COMPACTED_LANDMARK:
            return ChangeBatch(revision=0, expired=True, reason=COMPACTED)
        reason = f"another etcd answers at {self._location} ({why})"
        return ChangeBatch(revision=0, expired=True, reason=reason, identity=history.cluster)

    def _follow(
        self,
        stream: Stream,
        stop: threading.Event,
        history: ClusterHistory,
        landmark: Landmark | None,
    ) -> Iterator[tuple[ChangeBatch, Landmark | None]]:
        """Batches from one watch stream until it breaks, is compacted, comes from another
        cluster or history than `history`'s, or `stop` is set; each with the landmark of its
        last event (the one given, when it has none)."""
        while not stop.is_set():
            try:
                message = stream.next_message()
            except TimeoutError:
                continue
            except GatewayError as error:
                if error.code == OUT_OF_RANGE:
                    yield ChangeBatch(revision=0, expired=True, reason=COMPACTED), landmark
                return
            except (OSError, HttpError):
                return  # the member went away: reconnect from the last revision
            if message is None or stop.is_set():
                return  # stopped while reading: nothing more reaches the reader (as the file)
            result = message.get("result", {})
            moved = history.moved(result.get("header") or {}, self._current_header)
            if moved is not None:
                yield self._moved(moved, history), landmark
                return
            if result.get("compact_revision"):
                compacted = number(result["compact_revision"])
                yield ChangeBatch(revision=compacted, expired=True, reason=COMPACTED), landmark
                return
            raw = result.get("events")
            if raw:
                landmark = Landmark.of_events(raw) or landmark
                events = self._events(raw)
                if events:
                    revision = number(raw[-1]["kv"].get("mod_revision"))
                    yield ChangeBatch(revision=revision, events=events), landmark
            if result.get("canceled"):
                reason = result.get("cancel_reason", "no reason given")
                raise StoreError(f"etcd at {self._location} cancelled the watch: {reason}")

    def _current_header(self) -> dict[str, Any] | None:
        """A header read now, linearizably (None: etcd did not answer)."""
        try:
            answer = self.client.call("/v3/kv/range", {"key": b64(PREFIX), "count_only": True})
        except StoreError:
            return None
        header = answer.get("header") if isinstance(answer, dict) else None
        return header if isinstance(header, dict) else None

    def _events(self, raw: list[dict[str, Any]]) -> list[WatchEvent]:
        events = []
        for event in raw:
            kv = event["kv"]
            key = key_of(kv)
            if not key.startswith((ENDPOINTS_PREFIX, NAMESPACES_PREFIX)):
                continue
            revision = number(kv.get("mod_revision"))
            if event.get("type") == "DELETE":
                previous = event.get("prev_kv")
                obj = _last_state(previous, key) if previous else stub(key)
                if obj is not None:
                    events.append(WatchEvent("DELETED", obj, revision))
                continue
            try:
                obj = decode(kv)
            except BadValue as error:  # no longer a valid object: gone from every list
                self._warn(f"warning: {error}; shown as deleted")
                gone = stub(key)
                if gone is not None:
                    invalid = invalid_value(kv, error)
                    events.append(WatchEvent("DELETED", gone, revision, invalid))
                continue
            kind: EventType = "ADDED" if number(kv.get("version")) == 1 else "MODIFIED"
            events.append(WatchEvent(kind, obj, revision))
        return events


class _Tail:
    """A standing watch on every key from one revision on, filled by a daemon thread."""

    def __init__(self, changes: EtcdChanges, start: int) -> None:
        self._changes = changes
        self._start = start
        self._reached = start
        self._events: list[WatchEvent] = []
        self._ended = False
        self._stopped = threading.Event()
        self._connection: Any = None
        self._ready = threading.Condition()
        threading.Thread(target=self._run, name="etcd-tail", daemon=True).start()

    def covers(self, revision: int) -> bool:
        with self._ready:
            return not self._ended and revision >= self._start

    def take(self, revision: int, current: int, wait: float) -> list[WatchEvent] | None:
        """The events in (revision, current], once received (None if not within `wait`).

        What is taken is forgotten: a poller asks from where it got to next time."""
        with self._ready:
            self._ready.wait_for(lambda: self._reached >= current or self._ended, wait)
            if self._reached < current or revision < self._start:
                return None
            taken = [e for e in self._events if revision < e.revision <= current]
            self._events = [e for e in self._events if e.revision > current]
            self._start = current
            return taken

    def stop(self) -> None:
        self._stopped.set()
        connection = self._connection
        if connection is not None:
            connection.close()

    def _run(self) -> None:
        try:
            self._connection, stream = self._changes.client.open_watch(
                _every_key_from(self._start), WATCH_READ_SECONDS
            )
            while not self._stopped.is_set():
                try:
                    message = stream.next_message()
                except TimeoutError:
                    continue
                result = (message or {}).get("result", {})
                if message is None or result.get("compact_revision") or result.get("canceled"):
                    return
                raw = result.get("events")
                if raw:
                    events = self._changes._events(raw)
                    with self._ready:
                        self._events.extend(events)
                        self._reached = number(raw[-1]["kv"].get("mod_revision"))
                        self._ready.notify_all()
        except Exception:  # a daemon thread must not print: `changes_since` falls back to
            return  # reading history, which reports what is wrong
        finally:
            with self._ready:
                self._ended = True
                self._ready.notify_all()
            if self._connection is not None:
                self._connection.close()


def _last_state(kv: dict[str, Any], key: str) -> Object | None:
    try:
        return decode(kv)
    except BadValue:
        return stub(key)
