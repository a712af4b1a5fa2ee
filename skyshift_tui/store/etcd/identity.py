"""Is the etcd answering still the one a watch follows? Another one at the same address (etcd
started afresh there, a restore from a backup) numbers its revisions anew: a watch that went
on from its old revision would follow nothing, or the wrong keys.

Every etcd answer carries a header: `cluster_id`, the member's `revision` and `raft_term`.
Another cluster shows another id, but a fresh data dir started with the same flags gets the
SAME id (etcd derives it from the peer URLs and the cluster token: measured here). Its history
gives it away instead: within one cluster neither the revision nor the raft term ever goes
down, so a header behind what the watch has seen is another history. A member that lags
behind the others may answer a watch with an older header too, so that is confirmed by a
linearizable read (which waits until the member has caught up) before it counts.

A fresh etcd may also have caught up with the revision the watch had got to before the watch
reconnects (a write or two is enough after a small history), so each time the watch connects
one key is read back as it was at a revision already seen (`Landmark`): the same history
answers the same; another one answers otherwise, or that the revision is in its future. The
first landmark is the snapshot's, carried in its identity (`store_identity`), so an etcd
replaced between the snapshot and the watch's first connection is caught too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from skyshift_tui.core.errors import StoreError
from skyshift_tui.store.etcd.client import EtcdClient, b64, cluster_id, number, prefix_end
from skyshift_tui.store.etcd.layout import PREFIX

COMPACTED_LANDMARK = "compacted"
"""What `Landmark.differs` says when etcd no longer has the revision to compare: re-list."""

Header = dict[str, Any]


class ClusterHistory:
    """The cluster id a watch follows, and how far its revision and raft term got."""

    def __init__(self, cluster: str, revision: int) -> None:
        self.cluster = cluster
        """"" until the first answer says it."""
        self.revision = revision
        self.term = 0

    def moved(self, header: Header, confirm: Callable[[], Header | None]) -> str | None:
        """Why `header` comes from another cluster or history than the one seen so far, or
        None (then it is taken in). `confirm` reads a current header, linearizably (None:
        etcd did not answer, so nothing is concluded)."""
        answering = str(header.get("cluster_id") or "")
        if answering and self.cluster and answering != self.cluster:
            return f"cluster id {answering}, was {self.cluster}"
        if answering:
            self.cluster = answering
        revision, term = number(header.get("revision")), number(header.get("raft_term"))
        if revision and (revision < self.revision or term < self.term):
            current = confirm()
            if current is None:
                return None
            revision, term = number(current.get("revision")), number(current.get("raft_term"))
            if revision < self.revision or term < self.term:
                return (
                    f"its revision is {revision} (raft term {term}), behind the {self.revision} "
                    f"(term {self.term}) seen before: another history"
                )
        self.revision = max(self.revision, revision)
        self.term = max(self.term, term)
        return None


@dataclass(frozen=True)
class Landmark:
    """What one range read at one past revision answered: the first key-value's key and
    revisions (None: nothing). The same history answers it the same, whenever asked."""

    request: dict[str, Any]
    seen: tuple[str, int, int] | None

    @classmethod
    def read(cls, client: EtcdClient, request: dict[str, Any]) -> Landmark:
        return cls(request, _first(client.call("/v3/kv/range", request)))

    @classmethod
    def of_events(cls, events: list[dict[str, Any]]) -> Landmark | None:
        """The key of the last put among watch events, as it was at its revision (None: only
        deletes, which would prove little: a key absent at a revision is absent in many
        histories)."""
        for event in reversed(events):
            if event.get("type") != "DELETE":
                kv = event["kv"]
                request = {
                    "key": kv["key"],
                    "revision": str(kv.get("mod_revision")),
                    "keys_only": True,
                }
                return cls(request, _identity(kv))
        return None

    def differs(self, client: EtcdClient) -> str | None:
        """Why etcd now answers otherwise (COMPACTED_LANDMARK: it cannot tell any more), or
        None: the same, or etcd did not answer (nothing is concluded)."""
        try:
            now = _first(client.call("/v3/kv/range", self.request))
        except StoreError as error:
            if "future revision" in str(error):
                return f"revision {self.request['revision']} is in its future: another history"
            return COMPACTED_LANDMARK if "compacted" in str(error) else None
        if now != self.seen:
            return f"it held other keys at revision {self.request['revision']}: another history"
        return None


def _first(answer: dict[str, Any]) -> tuple[str, int, int] | None:
    kvs = answer.get("kvs") or []
    return _identity(kvs[0]) if kvs else None


def _identity(kv: dict[str, Any]) -> tuple[str, int, int]:
    return str(kv["key"]), number(kv.get("create_revision")), number(kv.get("mod_revision"))


def first_key_at(revision: int) -> dict[str, Any]:
    """The range request of a snapshot's landmark: our first key as it was at `revision`."""
    return {
        "key": b64(PREFIX),
        "range_end": prefix_end(PREFIX),
        "revision": str(revision),
        "limit": 1,
        "keys_only": True,
    }


def store_identity(client: EtcdClient, revision: int) -> str:
    """A snapshot's identity: the cluster id, then its landmark at `revision`
    (`CLUSTER/REVISION:KEY:CREATE:MOD`, `CLUSTER/REVISION:-` when it holds none of our keys)."""
    answer = client.call("/v3/kv/range", first_key_at(revision))
    seen = _first(answer)
    mark = "-" if seen is None else ":".join(map(str, seen))
    return f"{cluster_id(answer)}/{revision}:{mark}"


def parse_identity(identity: str) -> tuple[str, Landmark | None]:
    """(cluster id, landmark) of a `store_identity` (a bare cluster id: no landmark)."""
    cluster, slash, rest = identity.partition("/")
    revision, _, mark = rest.partition(":")
    if not slash or not revision.isdigit():
        return cluster, None
    parts = mark.split(":")
    seen = None
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        seen = (parts[0], int(parts[1]), int(parts[2]))
    elif mark != "-":
        return cluster, None
    return cluster, Landmark(first_key_at(int(revision)), seen)
