"""`get -w` on etcd warns only about the keys it watches (issue 13, point 11): `get endpoints -w
-n NS` read every namespace and said so for every invalid key in any of them."""

from __future__ import annotations

from cli_support import Watch, run_skyctl
from etcd_fixtures import Cluster


def test_a_watch_warns_only_about_invalid_keys_in_its_scope(etcd: Cluster) -> None:
    for name, namespace in (("good", "default"), ("elsewhere", "other")):
        made = run_skyctl(["--store", etcd.url, "create", "endpoints", name, "-n", namespace])
        assert made.code == 0, made
    etcd.etcdctl("put", "/sky_registry/endpoints/default/broken", "not json")
    etcd.etcdctl("put", "/sky_registry/endpoints/other/bad", "[1, 2]")
    etcd.etcdctl("put", "/sky_registry/namespaces/zz", "[]")
    watch = Watch(["get", "endpoints", "-n", "default", "-o", "name", "-w"], etcd.url)
    try:
        assert watch.line() == "ADDED endpoints/good"
        etcd.etcdctl("put", "/sky_registry/endpoints/other/bad2", "[]")
        etcd.etcdctl("put", "/sky_registry/endpoints/default/broken2", "[]")
        made = run_skyctl(["--store", etcd.url, "create", "endpoints", "later"])
        assert made.code == 0, made
        assert watch.line() == "ADDED endpoints/later"  # every earlier event was read
        done = watch.stop()
    finally:
        watch.close()
    assert done.code == 0, done
    warned = [
        (line.split()[3], line.rsplit("; ", 1)[1])  # the key, and what the watch did
        for line in done.err.splitlines()
        if line.startswith("warning: ")
    ]
    assert warned == [
        ("/sky_registry/endpoints/default/broken", "skipped"),
        ("/sky_registry/endpoints/default/broken2", "shown as deleted"),
    ], done.err
    every = Watch(["get", "endpoints", "-A", "-o", "name", "-w"], etcd.url)
    try:
        assert sorted(every.lines(3)) == [
            f"ADDED endpoints/{n}" for n in ("elsewhere", "good", "later")
        ]
        done = every.stop()
    finally:
        every.close()
    assert "/sky_registry/endpoints/other/bad " in done.err  # -A: every namespace's
    assert "namespaces/zz" not in done.err  # not a set of endpoints: `get ns -w` says it
