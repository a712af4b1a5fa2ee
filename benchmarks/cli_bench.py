"""Benchmark `skyctl` against stores of 1k, 10k and 100k endpoint sets.

Prints a table of the best wall time over several runs of the real command (a subprocess, as
a user runs it), with its ratio to `bare parse` measured in the same rounds, then the same for
the process's CPU time (user + system, from `os.wait4`), which a loaded machine disturbs less,
and the load average before and after:
`get endpoints -A` (also `-o wide`, `-o json`), `get endpoints NAME`, `create`, `delete`, the
day-two commands (`scale`, `label`, `patch`, `apply` of one set, `get -l`, `get -o jsonpath`),
`--version`, the `--watch` latency (another handle's write, from the new store file in place
to its line on stdout), and `bare parse`: python starting, importing orjson and parsing the
store file, the floor every command stands on (the issue's targets are ratios to it). The
watch latency is a median.

`PYTHONPATH=OTHER_CHECKOUT` runs another version of the package's commands (a "before").

    .venv/bin/python benchmarks/cli_bench.py            # 1k, 10k, 100k
    .venv/bin/python benchmarks/cli_bench.py --sizes 10000 --runs 9
"""

from __future__ import annotations

import argparse
import compileall
import os
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from skyshift_tui.core.forms import EndpointsForm  # noqa: E402
from skyshift_tui.core.models import parse_object
from skyshift_tui.store.file.store import TinyDBStore  # noqa: E402

NAMESPACES = 20
RATIO_FREE = ("bare parse", "--version", "watch latency")


def skyctl_command() -> list[str]:
    """The installed console script beside this interpreter, else `python -m skyctl`."""
    script = Path(sys.executable).with_name("skyctl")
    if script.exists():
        return [str(script)]
    found = shutil.which("skyctl")
    return [found] if found else [sys.executable, "-m", "skyctl"]


def fill_store(path: Path, size: int) -> None:
    """`size` sets spread over NAMESPACES namespaces, written in one apply."""
    objects = [
        parse_object(
            {
                "kind": "Endpoints",
                "metadata": {"name": f"svc-{i:06d}", "namespace": f"team-{i % NAMESPACES:02d}"},
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
        for i in range(size)
    ]
    TinyDBStore(path).apply(objects)


Command = Callable[[int], list[str]]
"""The command line of run `i` (the write commands change what they write each run)."""

CPU = " cpu"
"""Suffix of a command's CPU-time entry in the results (`get -A cpu`)."""


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run; exits on a failed command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    error = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error.decode().strip()}")
    return wall, usage.ru_utime + usage.ru_stime


def time_commands(commands: dict[str, Command], runs: int) -> dict[str, float]:
    """The best wall time and the best CPU time (`NAME cpu`) of each command over `runs`
    rounds, in ms.

    The commands take turns (round-robin), so a spell of load on this shared machine falls on
    all of them alike, and the best of several runs is what the code costs, not the neighbours.
    """
    best: dict[str, float] = {}
    for i in range(runs):
        for name, command_of in commands.items():
            wall, cpu = run_once(command_of(i))
            best[name] = min(best.get(name, wall), wall)
            best[name + CPU] = min(best.get(name + CPU, cpu), cpu)
    return {name: seconds * 1000 for name, seconds in best.items()}


class WatchOutput:
    """A `skyctl ... get -w` subprocess whose stdout is read until a token appears."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.process.stdout, selectors.EVENT_READ)
        self._buffer = b""

    def wait_for(self, token: bytes, deadline: float) -> bool:
        """Whether `token` was printed before `deadline` (perf_counter); what came before it,
        and it, are consumed."""
        while token not in self._buffer:
            if not self._selector.select(timeout=max(0.0, deadline - time.perf_counter())):
                return False
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                return False
            self._buffer += chunk
        self._buffer = self._buffer[self._buffer.index(token) + len(token) :]
        return True

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def watch_latency(store_path: Path, changes: int) -> float:
    """Median time from another handle's write landing to its event line on `get -w` stdout."""
    watcher = WatchOutput(
        [
            *skyctl_command(),
            "--store",
            str(store_path),
            "get",
            "endpoints",
            "-A",
            "-w",
            "-o",
            "name",
        ]
    )
    writer = TinyDBStore(store_path)
    wait_for = watcher.wait_for

    samples = []
    try:
        writer.create_endpoints(EndpointsForm(name="watch-ready").to_endpoints())
        if not wait_for(b"watch-ready", time.perf_counter() + 60):
            raise SystemExit("watch never showed its first change")
        for i in range(changes):
            name = f"watch-{i}".encode()
            writer.create_endpoints(EndpointsForm(name=name.decode()).to_endpoints())
            # The change exists from the moment the new file is in place: its mtime (the
            # writer's own cost, ~100 ms at 10k sets, is not the watcher's latency).
            changed_at = os.stat(store_path).st_mtime_ns / 1e9
            if not wait_for(name, time.perf_counter() + 10):
                raise SystemExit(f"watch missed {name.decode()}")
            samples.append(max(0.0, time.time() - changed_at))
            time.sleep(0.05)
    finally:
        watcher.stop()
    return statistics.median(samples) * 1000


def one_set(folder: Path, i: int) -> Path:
    """A file holding one partial set, as `apply -f` of a small change reads it."""
    path = folder / f"one-{i}.json"
    path.write_text(
        '{"kind": "Endpoints", "metadata": {"name": "svc-000002", "namespace": "team-02"},'
        f' "spec": {{"endpoints": {{"cluster-2": {{"num_endpoints": {i}}}}}}}}}'
    )
    return path


def bench_size(size: int, runs: int, folder: Path) -> dict[str, float]:
    path = folder / f"store-{size}.json"
    fill_store(path, size)
    base = [*skyctl_command(), "--store", str(path)]

    def on_set(verb: str) -> list[str]:
        return [*base, verb, "endpoints", "svc-000001", "-n", "team-01"]

    runs_here = max(3, runs // (size // 10_000 or 1)) if size > 10_000 else runs

    def same(args: list[str]) -> Command:
        return lambda i: args

    commands: dict[str, Command] = {
        "bare parse": same(
            [
                sys.executable,
                "-c",
                f"import orjson; orjson.loads(open({str(path)!r}, 'rb').read())",
            ]
        ),
        "get -A": same([*base, "get", "endpoints", "-A"]),
        "get -A -o wide": same([*base, "get", "endpoints", "-A", "-o", "wide"]),
        "get -A -o json": same([*base, "get", "endpoints", "-A", "-o", "json"]),
        "get NAME": same([*base, "get", "endpoints", "svc-000001", "-n", "team-01"]),
        "create": lambda i: [*base, "create", "endpoints", f"bench-{i}", "-n", "team-00"],
        "delete": lambda i: [*base, "delete", "endpoints", f"bench-{i}", "-n", "team-00"],
        "scale": lambda i: [*on_set("scale"), "--num_endpoints", str(i)],
        "label": lambda i: [*on_set("label"), f"run=r{i}", "--overwrite"],
        "patch": lambda i: [*on_set("patch"), "-p", f'{{"spec": {{"primary_cluster": "p{i}"}}}}'],
        "apply (1 set)": lambda i: [*base, "apply", "-f", str(one_set(folder, i))],
        "get -A -l": same([*base, "get", "endpoints", "-A", "-l", "tier=backend"]),
        "get -o jsonpath": same(
            [*base, "get", "endpoints", "-A", "-o", "jsonpath={.items[*].metadata.name}"]
        ),
        "--version": same([*skyctl_command(), "--version"]),
    }
    results = time_commands(commands, runs_here)
    results["watch latency"] = watch_latency(path, 15 if size <= 10_000 else 5)
    path.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=7, help="rounds, best of (fewer at 100k)")
    args = parser.parse_args()
    # Byte-compile the package first, as installing it does: with PYTHONDONTWRITEBYTECODE set
    # (it is, on the shared dev machine) every command would recompile its modules, ~40 ms.
    root = Path(__file__).resolve().parent.parent
    compileall.compile_dir(root / "skyshift_tui", quiet=1)
    compileall.compile_file(root / "skyctl.py", quiet=1)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        table = {size: bench_size(size, args.runs, Path(folder)) for size in args.sizes}
    load_after = os.getloadavg()
    metrics = [name for name in next(iter(table.values())) if not name.endswith(CPU)]
    for title, suffix in (("best wall time", ""), ("best CPU time", CPU)):
        print(
            f"| {title + ', ms (x bare parse)':<33} | "
            + " | ".join(f"{s:>7,} sets" for s in table)
            + " |"
        )
        print("|" + "-" * 35 + "|" + "|".join("-" * 16 for _ in table) + "|")
        for metric in metrics:
            if metric + suffix not in table[next(iter(table))]:
                continue
            cells = []
            for size in table:
                ms = table[size][metric + suffix]
                bare = table[size]["bare parse" + suffix]
                ratio = "" if metric in RATIO_FREE else f" ({ms / bare:.2f}x)"
                cells.append(f"{ms:>6.0f}{ratio:>8}")
            print(f"| {metric:<33} | " + " | ".join(f"{c:>14}" for c in cells) + " |")
        print()
    print(f"load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f}")


if __name__ == "__main__":
    main()
