"""`skyctl --store etcd://...`: the real command against a real etcd, in subprocesses."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from cli_support import Result, Watch, run_skyctl
from etcd_fixtures import Cluster, free_port

ENDPOINTS_LIST = {
    "kind": "EndpointsList",
    "objects": [
        {
            "kind": "Endpoints",
            "metadata": {
                "name": "ep3",
                "labels": {},
                "annotations": {},
                "creation_timestamp": "2026-11-26T09:11:59",
                "resource_version": 16,
                "namespace": "ns1",
            },
            "spec": {
                "selector": {"app": "api"},
                "endpoints": {"c2": {"num_endpoints": 1, "exposed_to_cluster": False}},
                "primary_cluster": None,
            },
            "status": {"conditions": []},
        }
    ],
}
NAMESPACE_LIST = {
    "kind": "NamespaceList",
    "objects": [
        {
            "kind": "Namespace",
            "metadata": {"name": "ns1", "labels": {}, "annotations": {}, "resource_version": 12},
            "spec": {},
            "status": {"conditions": [], "status": "ACTIVE"},
        }
    ],
}


@pytest.fixture
def on_etcd(etcd: Cluster):
    def run(*args: str, stdin: str | None = None) -> Result:
        return run_skyctl(["--store", etcd.url, *args], stdin)

    return run


def test_create_get_delete(on_etcd, etcd: Cluster) -> None:
    made = on_etcd("create", "endpoints", "web", "-n", "dev", "--num_endpoints", "3", "-s", "a=b")
    assert made.code == 0, made.err
    assert made.lines == ["namespace/dev created", "endpoints/web created"]
    got = on_etcd("get", "endpoints", "web", "-o", "json")
    assert got.code == 0 and json.loads(got.out)["spec"]["endpoints"]["auto"]["num_endpoints"] == 3
    assert "web" in on_etcd("get", "endpoints", "-A").out
    assert on_etcd("get", "namespaces").out.count("ACTIVE") == 2
    assert on_etcd("delete", "endpoints", "web", "-n", "dev").code == 0
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/endpoints/") == ""
    assert on_etcd("delete", "namespace", "dev").code == 0


CREATE_PROBE = """
import sys
from skyshift_tui.cli.main import main
code = main(sys.argv[1:])
print(code, "pydantic" in sys.modules)
"""


def test_create_and_scale_on_etcd_never_import_pydantic(etcd: Cluster) -> None:
    """The usual set is validated by documents.py and written as it is (~100 ms of
    pydantic saved per `create`); created, refused and scaled, all stay pydantic-free."""
    create = ["create", "endpoints", "web", "-n", "dev", "-s", "a=b"]
    scale = ["scale", "endpoints", "web", "-n", "dev", "--num_endpoints", "4"]
    for command, expected in ((create, "0 False"), (create, "1 False"), (scale, "0 False")):
        args = ["--store", etcd.url, *command]
        done = subprocess.run(
            [sys.executable, "-c", CREATE_PROBE, *args], capture_output=True, text=True, timeout=60
        )
        assert done.stdout.split("\n")[-2] == expected, done.stderr
    assert '"num_endpoints": 4' in etcd.etcdctl("get", "/sky_registry/endpoints/dev/web")


def test_a_name_skyshift_cannot_read_is_exit_2_and_changes_nothing(on_etcd, etcd: Cluster) -> None:
    done = on_etcd("create", "endpoints", "myEndpoints", "--namespace", "myNamespace")
    assert done.code == 2
    assert done.err.startswith('error: endpoints name "myEndpoints" cannot be stored in etcd')
    assert "Traceback" not in done.err
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/") == ""


UPPER = json.dumps({"kind": "Endpoints", "metadata": {"name": "Upper"}, "spec": {}})


@pytest.mark.parametrize(
    "args",
    [
        ["create", "endpoints", "Upper", "--dry-run"],
        ["create", "endpoints", "web", "-n", "Upper", "--dry-run"],
        ["create", "namespace", "Upper", "--dry-run"],
        ["apply", "-f", "-", "--dry-run"],
        ["replace", "-f", "-", "--dry-run"],
        ["diff", "-f", "-"],
    ],
)
def test_dry_run_and_diff_refuse_a_name_etcd_cannot_store(on_etcd, etcd: Cluster, args) -> None:
    """--dry-run and diff answer what the real command would: exit 2, not "created"."""
    if args[0] == "replace":  # replace needs the set to exist (under a name SkyShift reads)
        etcd.etcdctl("put", "/sky_registry/endpoints/default/Upper", UPPER)
    before = etcd.etcdctl("get", "--prefix", "/sky_registry/")
    done = on_etcd(*args, stdin=UPPER)
    assert (done.code, done.out) == (2, "")
    assert done.err.startswith("error: ") and '"Upper" cannot be stored in etcd' in done.err
    assert len(done.err.splitlines()) == 1
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/") == before


def test_unreachable_etcd_is_one_line_exit_1_within_five_seconds() -> None:
    url = f"etcd://127.0.0.1:{free_port()},127.0.0.1:{free_port()}"
    for args in (["get", "endpoints", "-A"], ["create", "endpoints", "web"]):
        done = run_skyctl(["--store", url, *args])
        assert done.code == 1
        assert done.err.startswith(f"error: cannot reach etcd at {url} (")
        assert len(done.err.splitlines()) == 1


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never answers: a hung etcd."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


@pytest.mark.parametrize("members", [1, 3])
def test_a_silent_etcd_fails_the_whole_command_within_five_seconds(silent_port, members) -> None:
    """Issue 9: one line, no traceback; exit 1, or 3 for a write it sent (issue 13: it may
    have been applied). The 5 s promise is checked on an injected clock
    (test_the_deadline_is_counted_on_the_clock_the_client_is_given); this end-to-end run keeps
    only a generous bound, so that a loaded machine cannot fail it."""
    url = "etcd://" + ",".join([f"127.0.0.1:{silent_port}"] * members)
    for args in (["get", "endpoints"], ["create", "endpoints", "web"]):
        started = time.monotonic()
        done = run_skyctl(["--store", url, *args])
        assert time.monotonic() - started < 15.0, args
        why = f"127.0.0.1:{silent_port}: timed out"
        if args[0] == "get":
            assert (done.code, done.out) == (1, "")
            assert done.err == f"error: cannot reach etcd at {url} ({why})\n"
        else:  # the write was sent, and a member that stalls after taking it may apply it
            assert (done.code, done.out) == (3, "")
            assert done.err.startswith(f"error: etcd at {url} did not answer after the write ")
            assert "may have been applied: check with `skyctl get endpoints web -n default`" in (
                done.err
            )


CA_ROLE = "give the path of the CA bundle (PEM) that signed etcd's certificate"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--etcd-cacert", "/nonexist"], f"--etcd-cacert /nonexist: no such file; {CA_ROLE}"),
        (["--etcd-cacert", "{tmp}"], f"--etcd-cacert {{tmp}}: not a file; {CA_ROLE}"),
        (
            ["--etcd-cert", "/nonexist", "--etcd-key", "{tmp}/junk.pem"],
            "--etcd-cert /nonexist: no such file; give the path of the client certificate (PEM)",
        ),
        (
            ["--etcd-cert", "{tmp}/junk.pem", "--etcd-key", "/nonexist"],
            "--etcd-key /nonexist: no such file; "
            "give the path of the client certificate's key (PEM)",
        ),
        (["--etcd-cacert", "{tmp}/junk.pem"], "--etcd-cacert {tmp}/junk.pem: cannot load it ("),
        (
            ["--etcd-cert", "{tmp}/junk.pem", "--etcd-key", "{tmp}/junk.pem"],
            "--etcd-cert {tmp}/junk.pem --etcd-key {tmp}/junk.pem: cannot load them (",
        ),
    ],
)
def test_a_tls_file_that_is_missing_or_bad_is_a_usage_error_naming_the_flag(
    tmp_path, flags: list[str], message: str
) -> None:
    """Exit 2 (the command line is wrong), before any connection is tried."""
    (tmp_path / "junk.pem").write_text("not a certificate\n")
    flags = [flag.replace("{tmp}", str(tmp_path)) for flag in flags]
    message = message.replace("{tmp}", str(tmp_path))
    for args in (["get", "endpoints"], ["create", "endpoints", "web"]):
        done = run_skyctl(["--store", f"etcds://127.0.0.1:{free_port()}", *flags, *args])
        assert (done.code, done.out) == (2, ""), done.err
        assert done.err.startswith(f"error: {message}") and len(done.err.splitlines()) == 1


def test_skyshifts_rest_answers_apply(on_etcd, etcd: Cluster) -> None:
    for document in (NAMESPACE_LIST, ENDPOINTS_LIST):
        done = on_etcd("apply", "-f", "-", stdin=json.dumps(document))
        assert done.code == 0, done.err
    assert "<none>" in on_etcd("get", "endpoints", "ep3", "-n", "ns1").out
    # Applied again, the export's versions are older than this store's: refused, as any stale
    # file is (issue 7), rather than undoing a change made here since.
    again = on_etcd("apply", "-f", "-", stdin=json.dumps(ENDPOINTS_LIST))
    assert again.code == 1 and "was changed since version" in again.err


def test_a_bad_value_is_a_warning_and_the_rest_is_listed(on_etcd, etcd: Cluster) -> None:
    assert on_etcd("create", "endpoints", "good").code == 0
    etcd.etcdctl("put", "/sky_registry/endpoints/default/bad", "[1, 2]")
    done = on_etcd("get", "endpoints")
    assert done.code == 0
    assert "good" in done.out and "bad" not in done.out
    assert "warning: etcd key /sky_registry/endpoints/default/bad" in done.err
    one = on_etcd("get", "endpoints", "bad", "-n", "default")
    assert one.code == 1 and "does not hold a valid object" in one.err


def test_watch_prints_changes_from_another_process(on_etcd, etcd: Cluster) -> None:
    watch = Watch(["get", "endpoints", "-A", "-o", "name", "--watch"], etcd.url)
    try:
        assert on_etcd("create", "endpoints", "web", "-n", "dev").code == 0
        assert watch.line() == "ADDED endpoints/web"
        assert on_etcd("delete", "endpoints", "web", "-n", "dev").code == 0
        assert watch.line() == "DELETED endpoints/web"
    finally:
        watch.close()


def test_tls_options_need_both_cert_and_key(etcd: Cluster) -> None:
    done = run_skyctl(["--store", etcd.url, "--etcd-cert", "c.pem", "get", "endpoints"])
    assert done.code == 2 and "--etcd-cert and --etcd-key go together" in done.err


def test_migrate_there_and_back_is_idempotent(etcd: Cluster, tmp_path) -> None:
    source, back = str(tmp_path / "source.json"), str(tmp_path / "back.json")
    for name, namespace in (("web", "dev"), ("api", "dev"), ("db", "ops")):
        made = run_skyctl(["--store", source, "create", "endpoints", name, "-n", namespace])
        assert made.code == 0
    first = run_skyctl(["migrate", "--from", source, "--to", etcd.url])
    assert first.code == 0, first.err
    assert first.out == f"migrated 6 objects to {etcd.url}: 6 created, 0 configured, 0 unchanged\n"
    again = run_skyctl(["migrate", "--from", source, "--to", etcd.url])
    assert again.out.endswith(": 0 created, 0 configured, 6 unchanged\n")
    assert run_skyctl(["migrate", "--from", etcd.url, "--to", back]).code == 0
    listed = run_skyctl(["--store", back, "get", "endpoints", "-A", "-o", "name"])
    assert sorted(listed.lines) == ["endpoints/api", "endpoints/db", "endpoints/web"]
    assert run_skyctl(["--store", source, "create", "endpoints", "Upper"]).code == 0
    refused = run_skyctl(["migrate", "--from", source, "--to", etcd.url])
    assert refused.code == 2 and '"Upper" cannot be stored in etcd' in refused.err


def test_migrate_counts_add_up_when_the_target_creates_a_namespace(etcd: Cluster, tmp_path) -> None:
    """A set whose namespace the source does not hold (put by etcdctl): the target creates the
    namespace too. It is said apart: the counts add up to the objects migrated."""
    etcd.etcdctl("put", "/sky_registry/endpoints/ns1/ep3", json.dumps(ENDPOINTS_LIST["objects"][0]))
    target = str(tmp_path / "copy.json")
    done = run_skyctl(["migrate", "--from", etcd.url, "--to", target])
    assert (done.code, done.err) == (0, "")
    # The 2: `default` (which a new file holds from its first write, in a shorter form, so
    # "configured") and ns1/ep3 ("created"); ns1 itself is the namespace said apart.
    assert done.out == (
        f"migrated 2 objects to {target}: 1 created, 1 configured, 0 unchanged; and created "
        "1 namespace(s) the source's endpoints are in but the source did not hold\n"
    )
    listed = run_skyctl(["--store", target, "get", "namespaces", "-o", "name"])
    assert listed.lines == ["namespace/default", "namespace/ns1"]


def test_migrate_from_a_store_file_that_does_not_exist_is_refused(etcd: Cluster, tmp_path) -> None:
    """A mistyped --from used to "migrate 1 objects" (the implicit `default`) and exit 0."""
    missing = str(tmp_path / "typo.json")
    for target in (etcd.url, str(tmp_path / "copy.json")):
        done = run_skyctl(["migrate", "--from", missing, "--to", target])
        assert (done.code, done.out) == (1, "")
        assert done.err == f"error: no store at {missing} (--from); check the path\n"
    assert not (tmp_path / "copy.json").exists()
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/") == ""


def test_diff_of_a_value_skyshift_wrote_shows_only_what_changes(on_etcd, etcd: Cluster) -> None:
    """SkyShift orders metadata differently (namespace last): not a difference to show."""
    etcd.etcdctl("put", "/sky_registry/endpoints/ns1/ep3", json.dumps(ENDPOINTS_LIST["objects"][0]))
    changed = json.loads(json.dumps(ENDPOINTS_LIST["objects"][0]))
    del changed["metadata"]["resource_version"]
    changed["spec"]["endpoints"]["c2"]["num_endpoints"] = 4
    done = on_etcd("diff", "-f", "-", stdin=json.dumps(changed))
    assert done.code == 1, done.err
    changes = [line for line in done.lines if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changes == ["-      num_endpoints: 1", "+      num_endpoints: 4"], done.out


BROKEN_FIX = json.dumps(
    {
        "kind": "Endpoints",
        "metadata": {"name": "broken", "namespace": "default"},
        "spec": {"endpoints": {"c1": {"num_endpoints": 2}}},
    }
)


@pytest.mark.parametrize("args", [["apply", "-f", "-"], ["replace", "-f", "-"]])
def test_a_write_over_a_key_holding_no_valid_object_is_one_clear_error(
    on_etcd, etcd: Cluster, args
) -> None:
    """apply/replace over a value SkyShift cannot read: exit 1 naming the key, why, and the
    delete that clears it, written nothing; it was a version conflict retried ten times (one
    warning each) or 'does not exist'."""
    etcd.etcdctl("put", "/sky_registry/endpoints/default/broken", "not json")
    before = etcd.etcdctl("get", "--prefix", "/sky_registry/", "-w", "json")
    done = on_etcd(*args, stdin=BROKEN_FIX)
    assert (done.code, done.out) == (1, "")
    error = done.err.splitlines()[-1]
    assert error.startswith("error: etcd key /sky_registry/endpoints/default/broken does not")
    assert "delete it first (skyctl delete endpoints broken -n default)" in error
    assert len(done.err.splitlines()) <= 3, done.err  # the listing's warnings, once each
    assert etcd.etcdctl("get", "--prefix", "/sky_registry/", "-w", "json") == before
    assert on_etcd("delete", "endpoints", "broken").code == 0
    assert on_etcd(*args[:1], "-f", "-", stdin=BROKEN_FIX).code == (0 if args[0] == "apply" else 1)
