"""Facts of the etcd backend alone, against real etcd processes: SkyShift's layout, values
SkyShift writes, bad values, names, transactions and revisions, compaction, dead members."""

from __future__ import annotations

import base64
import itertools
import json
import signal
import threading
import time
from datetime import datetime

import pytest
from etcd_fixtures import Cluster, free_port

from skyshift_tui.core.errors import AlreadyExistsError, InvalidInputError, StoreError
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import new_namespace, parse_object
from skyshift_tui.store import open_store
from skyshift_tui.store.etcd.client import EtcdClient, parse_etcd_url
from skyshift_tui.store.etcd.store import EtcdStore

SKYSHIFT_NAMESPACE = (
    '{"kind": "Namespace", "metadata": {"name": "ns1", "labels": {}, "annotations": {}, '
    '"creation_timestamp": "2026-11-26T09:11:52", "resource_version": -1}, "spec": {}, '
    '"status": {"conditions": [], "status": "ACTIVE"}}'
)
SKYSHIFT_ENDPOINTS = (
    '{"kind": "Endpoints", "metadata": {"name": "ep3", "labels": {}, "annotations": {}, '
    '"creation_timestamp": "2026-11-26T09:11:59", "resource_version": -1, "namespace": "ns1"}, '
    '"spec": {"selector": {"app": "api"}, "endpoints": {"c2": {"num_endpoints": 1, '
    '"exposed_to_cluster": false}}, "primary_cluster": null}, "status": {"conditions": []}}'
)


def endpoints(name: str, namespace: str = "default", count: int = 1):
    return EndpointsForm(name=name, namespace=namespace, num_endpoints=count).to_endpoints()


def etcd_store(cluster: Cluster, warnings: list[str] | None = None) -> EtcdStore:
    store = open_store(cluster.url, warn=None if warnings is None else warnings.append)
    assert isinstance(store, EtcdStore)
    return store


def stored(cluster: Cluster, key: str) -> tuple[str, int]:
    """The raw value at `key` and its mod_revision, as etcdctl reads them."""
    answer = json.loads(cluster.etcdctl("get", key, "-w", "json"))
    kv = answer["kvs"][0]
    return base64.b64decode(kv["value"]).decode(), int(kv["mod_revision"])


def test_keys_and_values_are_skyshifts(etcd: Cluster) -> None:
    store = etcd_store(etcd)
    created = store.create_endpoints(endpoints("web", "dev")).object
    keys = etcd.etcdctl("get", "--prefix", "/sky_registry/", "--keys-only").split()
    assert keys == ["/sky_registry/endpoints/dev/web", "/sky_registry/namespaces/dev"]
    value, mod_revision = stored(etcd, "/sky_registry/endpoints/dev/web")
    obj = json.loads(value)
    assert value == json.dumps(obj)  # Python's default separators, as SkyShift writes
    assert obj["metadata"]["resource_version"] == -1
    assert created["metadata"]["resource_version"] == mod_revision
    timestamp = obj["metadata"]["creation_timestamp"]
    assert datetime.fromisoformat(timestamp).tzinfo is None and len(timestamp) == 19
    namespace = json.loads(stored(etcd, "/sky_registry/namespaces/dev")[0])
    assert namespace["spec"] == {} and namespace["status"] == {"conditions": [], "status": "ACTIVE"}


def test_objects_skyshift_wrote_are_read(etcd: Cluster) -> None:
    etcd.etcdctl("put", "/sky_registry/namespaces/ns1", SKYSHIFT_NAMESPACE)
    etcd.etcdctl("put", "/sky_registry/endpoints/ns1/ep3", SKYSHIFT_ENDPOINTS)
    store = etcd_store(etcd)
    got = store.get_endpoints("ep3", "ns1")
    assert got["spec"]["primary_cluster"] is None
    assert got["metadata"]["resource_version"] == stored(etcd, "/sky_registry/endpoints/ns1/ep3")[1]
    assert store.get_namespace("ns1")["status"]["status"] == "ACTIVE"
    # what we read, we can write back (get -o yaml | apply -f -)
    assert [r.action for r in store.apply([parse_object(got)])] == ["unchanged"]


def test_a_bad_value_is_an_error_for_its_key_and_never_breaks_a_list(etcd: Cluster) -> None:
    store = etcd_store(etcd)
    store.create_endpoints(endpoints("good", "dev"))
    etcd.etcdctl("put", "/sky_registry/endpoints/dev/broken", "{not json")
    etcd.etcdctl("put", "/sky_registry/endpoints/dev/wrong", '{"metadata": {"name": "other"}}')
    warnings: list[str] = []
    store = etcd_store(etcd, warnings)
    assert [o["metadata"]["name"] for o in store.list_endpoints("dev")] == ["good"]
    assert [o["metadata"]["name"] for o in store.snapshot().endpoints] == ["good"]
    assert len(warnings) == 4 and "/sky_registry/endpoints/dev/broken" in warnings[0]
    with pytest.raises(StoreError, match="/sky_registry/endpoints/dev/wrong does not hold a valid"):
        store.get_endpoints("wrong", "dev")
    assert store.delete_endpoints("broken", "dev")["metadata"]["name"] == "broken"


@pytest.mark.parametrize("name", ["myEndpoints", "a_b", "a.b", "Web1"])
def test_names_skyshift_cannot_read_are_refused(etcd: Cluster, name: str) -> None:
    store = etcd_store(etcd)
    with pytest.raises(InvalidInputError, match="cannot be stored in etcd"):
        store.create_endpoints(endpoints(name))
    with pytest.raises(InvalidInputError, match="cannot be stored in etcd"):
        store.create_namespace(new_namespace(name))
    with pytest.raises(InvalidInputError, match="cannot be stored in etcd"):
        store.apply([parse_object({"kind": "Endpoints", "metadata": {"name": name}})])
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/") == ""


def test_one_transactions_events_share_one_revision(etcd: Cluster) -> None:
    store = etcd_store(etcd)
    start = store.revision()
    result = store.create_endpoints(endpoints("web", "dev"))
    assert result.namespace_created
    assert store.revision() == start + 1
    batch = store.changes_since(start)
    assert [(e.type, e.kind, e.revision) for e in batch.events] == [
        ("ADDED", "Namespace", start + 1),
        ("ADDED", "Endpoints", start + 1),
    ]
    gone = store.delete_namespace("dev", cascade=True)
    assert [o["metadata"]["name"] for o in gone] == ["web"]
    assert store.revision() == start + 2


def test_create_is_one_transaction_that_never_overwrites_the_namespace(etcd: Cluster) -> None:
    """The set's create-if-absent and its namespace's (a nested transaction) go to etcd as
    one request; a namespace that exists is left exactly as it was."""
    store = etcd_store(etcd)
    labelled = {"kind": "Namespace", "metadata": {"name": "dev", "labels": {"team": "a"}}}
    store.create_namespace(parse_object(labelled))  # type: ignore[arg-type]
    namespace_before = stored(etcd, "/sky_registry/namespaces/dev")
    requests: list[str] = []
    call = store.client._call  # every request to etcd goes through here

    def counted(path: str, body: object) -> tuple[object, bool]:
        requests.append(path)
        return call(path, body)

    store.client._call = counted  # type: ignore[method-assign]
    result = store.create_endpoints(endpoints("web", "dev"))
    assert requests == ["/v3/kv/txn"]
    assert not result.namespace_created
    assert stored(etcd, "/sky_registry/namespaces/dev") == namespace_before
    assert result.object["metadata"]["resource_version"] == store.revision()
    requests.clear()
    created = store.create_endpoints(endpoints("web", "new"))
    assert requests == ["/v3/kv/txn"] and created.namespace_created
    _, namespace_revision = stored(etcd, "/sky_registry/namespaces/new")
    assert namespace_revision == created.object["metadata"]["resource_version"]
    with pytest.raises(AlreadyExistsError, match='"web" already exists in namespace "dev"'):
        store.create_endpoints(endpoints("web", "dev", count=3))
    assert store.get_endpoints("web", "dev")["spec"] == result.object["spec"]


def test_a_snapshot_reads_key_ranges_at_once_and_misses_no_key(
    etcd: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranges cut at namespaces cover every key once: sets of a namespace without its own
    key, `dev` beside `dev2`, keys sorting before the first namespace; all at one revision
    while another writer keeps writing."""
    from skyshift_tui.store.etcd import client as etcd_client
    from skyshift_tui.store.etcd import store as backend

    monkeypatch.setattr(etcd_client, "SCAN_PAGE", 2)
    monkeypatch.setattr(backend, "SCAN_PARTS", 3)
    store = etcd_store(etcd)
    for namespace in ("dev", "dev2", "a", "zz", "m-1", "m-2"):
        store.apply([endpoints(f"e{i}", namespace) for i in range(3)])
    orphan = json.loads(SKYSHIFT_ENDPOINTS)
    orphan["metadata"]["namespace"] = "0-first"  # sorts before every namespace; no ns key
    etcd.etcdctl("put", "/sky_registry/endpoints/0-first/ep3", json.dumps(orphan))
    stop = threading.Event()

    def keep_writing() -> None:
        writer = open_store(etcd.url)
        for i in range(1000):
            if stop.is_set():
                return
            writer.create_endpoints(endpoints(f"w{i}", "m-1"))

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        for _ in range(3):
            pages: list[list[dict]] = []
            snapshot = store.snapshot_each(pages.append)
            got = sorted(
                o["metadata"]["namespace"] + "/" + o["metadata"]["name"] for p in pages for o in p
            )
            assert len(got) == len(set(got))
            at_revision = json.loads(
                etcd.etcdctl(
                    "get",
                    "--prefix",
                    "/sky_registry/endpoints/",
                    "--keys-only",
                    "-w",
                    "json",
                    f"--rev={snapshot.revision}",
                )
            )
            expected = sorted(
                base64.b64decode(kv["key"]).decode().removeprefix("/sky_registry/endpoints/")
                for kv in at_revision["kvs"]
            )
            assert got == expected
            assert "0-first/ep3" in got and "dev2/e2" in got
            assert all(
                o["metadata"]["resource_version"] <= snapshot.revision for p in pages for o in p
            )
    finally:
        stop.set()
        thread.join()


def test_apply_splits_into_transactions_within_etcds_limits(etcd: Cluster) -> None:
    store = etcd_store(etcd)
    start = store.revision()
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": f"e{i}", "namespace": "bulk"}})
        for i in range(300)
    ]
    store.apply(objects)
    assert store.revision() == start + 3  # 301 writes, 128 per transaction
    big = {"big": "x" * 60}
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": f"e{i}", "namespace": "bulk",
                      "annotations": {f"a{j}": "v" * 500 for j in range(30)}, "labels": big}})
        for i in range(100)
    ]  # fmt: skip
    store.apply(objects)  # 100 values of ~16 KiB: more than 1.5 MiB in one transaction
    assert store.revision() > start + 4


def test_other_keys_under_the_prefix_are_left_alone(etcd: Cluster) -> None:
    etcd.etcdctl("put", "/sky_registry/clusters/c1", '{"kind": "Cluster"}')
    etcd.etcdctl("put", "/sky_registry/endpoints/dev2/x", SKYSHIFT_ENDPOINTS)  # not dev's
    store = etcd_store(etcd)
    store.create_endpoints(endpoints("web", "dev"))
    store.delete_namespace("dev", cascade=True)
    keys = etcd.etcdctl("get", "--prefix", "/sky_registry/", "--keys-only").split()
    assert keys == ["/sky_registry/clusters/c1", "/sky_registry/endpoints/dev2/x"]


def test_compacted_history_means_relist(etcd: Cluster) -> None:
    store = etcd_store(etcd)
    start = store.revision()
    store.create_endpoints(endpoints("a"))
    store.create_endpoints(endpoints("b"))
    etcd.etcdctl("compact", str(store.revision()))
    assert store.changes_since(start).expired
    batches = store.watch(since=start, stop=threading.Event())
    assert next(batches).expired


def create_while_electing(store: EtcdStore, name: str) -> None:
    """Create `name`, retrying while the cluster elects a new leader (a loaded machine can
    take longer than one command's 5 s); a retry that finds it did land is fine."""
    from skyshift_tui.core.errors import AlreadyExistsError

    deadline = time.monotonic() + 30
    while True:
        try:
            store.create_endpoints(endpoints(name))
            return
        except AlreadyExistsError:
            return
        except StoreError:
            if time.monotonic() > deadline:
                raise


def test_watch_keeps_going_when_its_member_dies(etcd_cluster: Cluster) -> None:
    store = etcd_store(etcd_cluster)
    writer = etcd_store(etcd_cluster)
    stop = threading.Event()
    batches = store.watch(since=writer.revision(), stop=stop)
    writer.create_endpoints(endpoints("a"))
    assert [e.object["metadata"]["name"] for e in next(batches).events] == ["default", "a"]
    watched = store.client.endpoint_in_use
    member = next(m for m in etcd_cluster.members if m.endpoint == watched)
    member.kill()
    create_while_electing(writer, "b")
    create_while_electing(writer, "c")
    seen: list[str] = []
    while len(seen) < 2:
        seen += [e.object["metadata"]["name"] for e in next(batches).events]
    assert seen == ["b", "c"]
    member.start()
    member.wait_healthy()
    stop.set()


def a_follower(cluster: Cluster) -> int:
    """The index of a member that is not the leader (killing the leader means an election)."""
    status = json.loads(cluster.etcdctl("endpoint", "status", "-w", "json"))
    leader = {entry["Status"]["leader"] for entry in status}
    return next(
        i for i, entry in enumerate(status) if entry["Status"]["header"]["member_id"] not in leader
    )


def test_a_dead_member_is_skipped(etcd_cluster: Cluster) -> None:
    dead = etcd_cluster.members[a_follower(etcd_cluster)]
    dead.kill()
    others = [m.endpoint for m in etcd_cluster.members if m is not dead]
    store = open_store(f"etcd://{dead.endpoint},{','.join(others)}")  # the dead one first
    store.create_endpoints(endpoints("a"))
    assert [o["metadata"]["name"] for o in store.list_endpoints()] == ["a"]
    assert store.client.endpoint_in_use != dead.endpoint  # type: ignore[attr-defined]


def test_unreachable_etcd_is_reported_within_five_seconds(etcd_cluster: Cluster) -> None:
    for member in etcd_cluster.members:
        member.kill()
    store = etcd_store(etcd_cluster)
    with pytest.raises(StoreError, match="cannot reach etcd at etcd://127.0.0.1:"):
        store.list_endpoints()


def test_no_quorum_is_reported_within_five_seconds(etcd_cluster: Cluster) -> None:
    """Two of three members gone: the last one answers nothing useful; we say so in time."""
    etcd_cluster.members[0].kill()
    etcd_cluster.members[1].kill()
    store = etcd_store(etcd_cluster)
    with pytest.raises(StoreError, match="etcd"):
        store.create_endpoints(endpoints("a"))


def test_the_deadline_is_counted_on_the_clock_the_client_is_given() -> None:
    """Every wait is bounded by the deadline (the 5 s promise of issue 9); checked on an
    injected clock instead of the wall's. Nothing listens on these ports: each try is refused
    at once, so only the clock decides how many members are tried."""
    ports = [free_port() for _ in range(4)]
    target = parse_etcd_url("etcd://" + ",".join(f"127.0.0.1:{port}" for port in ports))

    def tried(clock: object) -> list[int]:
        with pytest.raises(StoreError) as failure:
            EtcdClient(target, clock=clock).call("/v3/kv/range", {"key": "a"})  # type: ignore[arg-type]
        return [port for port in ports if f":{port}:" in str(failure.value)]

    assert tried(lambda: 0.0) == ports  # time stands still: every member, twice round
    one_second_per_look = itertools.count(0.0, 1.0)
    hurried = tried(lambda: next(one_second_per_look))
    assert 1 <= len(hurried) < len(ports), hurried  # 3.5 s gone after a few tries


def test_user_and_password(etcd: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    with etcd.login_required("rootpw") as host:
        store = open_store(f"etcd://root:rootpw@{host}")
        store.create_endpoints(endpoints("a"))
        assert store.location == f"etcd://{host}"  # no password shown
        monkeypatch.setenv("SKYSHIFT_ETCD_PASSWORD", "rootpw")
        assert len(open_store(f"etcd://root@{host}").list_endpoints()) == 1
        with pytest.raises(StoreError, match="refused the credentials"):
            open_store(f"etcd://root:wrong@{host}").list_endpoints()
        start = store.revision()
        store.client._token = "expired.token"  # type: ignore[attr-defined]
        store.create_endpoints(endpoints("b"))  # logs in again
        store.client._token = "expired.token"  # type: ignore[attr-defined]
        batch = next(store.watch(since=start, stop=threading.Event()))  # so does the watch
        assert [e.object["metadata"]["name"] for e in batch.events] == ["b"]


@pytest.mark.parametrize(
    "url", ["etcd://", "etcd://host", "etcd://host:port", "etcd://a:1,b", "etcd://h:70000"]
)
def test_malformed_urls_are_usage_errors(url: str) -> None:
    with pytest.raises(InvalidInputError, match="HOST:PORT"):
        open_store(url)


class Ref:
    """What `delete_endpoints_many` reads of a target (base.EndpointsRef on main)."""

    def __init__(self, name: str, namespace: str, expected_version: int | None = None) -> None:
        self.name, self.namespace, self.expected_version = name, namespace, expected_version


def test_bulk_delete_checks_every_target_before_deleting_any(etcd: Cluster) -> None:
    from skyshift_tui.core.errors import ConflictError, NotFoundError

    store = etcd_store(etcd)
    versions = {
        name: store.create_endpoints(endpoints(name, "bulk")).object["metadata"]["resource_version"]
        for name in (f"e{i}" for i in range(200))
    }
    with pytest.raises(NotFoundError, match='"nope"'):
        store.delete_endpoints_many([Ref("e1", "bulk"), Ref("nope", "bulk")])
    with pytest.raises(ConflictError, match='"e2" was changed since version 1 '):
        store.delete_endpoints_many([Ref("e1", "bulk"), Ref("e2", "bulk", 1)])
    assert len(store.list_endpoints("bulk")) == 200
    targets = [Ref(name, "bulk", version) for name, version in versions.items()]
    gone = store.delete_endpoints_many(targets)
    assert [o["metadata"]["name"] for o in gone] == list(versions)
    assert store.list_endpoints("bulk") == []


def test_apply_with_expected_versions_refuses_a_stale_one_before_writing(etcd: Cluster) -> None:
    from skyshift_tui.core.errors import ConflictError

    store = etcd_store(etcd)
    version = store.create_endpoints(endpoints("a")).object["metadata"]["resource_version"]
    store.update_endpoints(endpoints("a", count=2))
    new = parse_object({"kind": "Endpoints", "metadata": {"name": "b"}})
    old = parse_object({"kind": "Endpoints", "metadata": {"name": "a"}})
    revision = store.revision()
    with pytest.raises(ConflictError, match=f'"a" was changed since version {version}'):
        store.apply([new, old], expected_versions=[0, version])
    with pytest.raises(ConflictError, match='"a" was created since it was read'):
        store.apply([old], expected_versions=[0])
    assert store.revision() == revision
    current = store.get_endpoints("a", "default")["metadata"]["resource_version"]
    assert [r.action for r in store.apply([new, old], [0, current])] == ["created", "configured"]


def test_polling_changes_since_follows_every_change(etcd: Cluster) -> None:
    """A poller (the TUI, get -w) is answered from the standing watch, change after change."""
    reader, writer = etcd_store(etcd), etcd_store(etcd)
    revision = reader.revision()
    seen: list[tuple[str, str]] = []
    for i in range(5):
        writer.create_endpoints(endpoints(f"e{i}", "dev"))
        writer.update_endpoints(endpoints(f"e{i}", "dev", count=2))
        batch = reader.changes_since(revision)
        assert not batch.expired and batch.revision == writer.revision()
        seen += [(e.type, e.object["metadata"]["name"]) for e in batch.events]
        revision = batch.revision
    assert seen[:3] == [("ADDED", "dev"), ("ADDED", "e0"), ("MODIFIED", "e0")]
    assert len(seen) == 11
    assert reader.changes_since(revision).events == []
    etcd.etcdctl("compact", str(writer.revision()))
    assert reader.changes_since(revision - 3).expired


def test_lists_are_read_in_pages_at_one_revision(
    etcd: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skyshift_tui.store.etcd import client as etcd_client

    store = etcd_store(etcd)
    store.apply([parse_object({"kind": "Endpoints", "metadata": {"name": f"e{i:02d}"}})
                 for i in range(23)])  # fmt: skip
    monkeypatch.setattr(etcd_client, "SCAN_PAGE", 5)
    names = [o["metadata"]["name"] for o in store.list_endpoints()]
    assert names == [f"e{i:02d}" for i in range(23)]
    assert len(store.snapshot().endpoints) == 23
    assert [r.action for r in store.apply([parse_object(
        {"kind": "Endpoints", "metadata": {"name": "e22"}})])] == ["unchanged"]  # fmt: skip


def test_watch_says_etcd_is_gone_and_expires_when_it_is_back(etcd: Cluster) -> None:
    """The one feed's contract: a `problem` batch while no member answers (the watch goes
    on), then `expired` (re-list). A ChangeBatch without `problem` can only raise."""
    import dataclasses

    from skyshift_tui.store.base import ChangeBatch

    store, member = etcd_store(etcd), etcd.members[0]
    stop = threading.Event()
    batches = store.watch(since=store.revision(), stop=stop, retry_interval=0.1)
    try:
        member.kill()
        if "problem" not in {f.name for f in dataclasses.fields(ChangeBatch)}:
            with pytest.raises(StoreError, match="cannot reach etcd"):
                next(batches)
            return
        problem = next(batches)
        assert "cannot reach etcd at" in str(problem.problem)  # type: ignore[attr-defined]
        member.start()
        member.wait_healthy()
        assert next(batches).expired
        with pytest.raises(StopIteration):
            next(batches)
    finally:
        stop.set()
        if member.process is None:
            member.start()
            member.wait_healthy()


def test_watch_resumes_after_a_graceful_member_restart(etcd: Cluster) -> None:
    """A member stopped with SIGTERM (a service restart) ends the watch stream cleanly, with
    a last line after the final chunk: it is read once, and the watch resumes when the member
    is back (it used to return that line for ever, at full CPU, and never resume)."""
    store, writer, member = etcd_store(etcd), etcd_store(etcd), etcd.members[0]
    stop = threading.Event()
    batches = store.watch(since=store.revision(), stop=stop, retry_interval=0.1)
    writer.create_endpoints(endpoints("before"))
    assert "before" in [e.object["metadata"]["name"] for e in next(batches).events]
    seen: list[str] = []

    def read() -> None:
        for batch in batches:
            seen.extend(e.object["metadata"]["name"] for e in batch.events)
            if "after" in seen or batch.expired:
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert member.process is not None
        member.process.send_signal(signal.SIGTERM)
        member.process.wait(timeout=30)
        member.process = None
        member.start()
        member.wait_healthy()
        writer.create_endpoints(endpoints("after"))
        reader.join(timeout=20)
        assert not reader.is_alive(), "the watch did not resume after the restart"
    finally:
        stop.set()
        if member.process is None:
            member.start()
            member.wait_healthy()


def test_one_store_used_by_several_threads_at_once(etcd: Cluster) -> None:
    """The TUI's write workers and its watcher share one store: no request may interleave."""
    store = etcd_store(etcd)
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for i in range(15):
                store.create_endpoints(endpoints(f"{prefix}-{i}", prefix))
                store.list_endpoints(prefix)
                store.revision()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(store.list_endpoints()) == 60
