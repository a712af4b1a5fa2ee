"""Many processes at once, and a writer killed mid-way: nothing lost, nothing corrupt."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store.file.store import TinyDBStore

WRITER = """
import sys
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.store.file.store import TinyDBStore
store = TinyDBStore(sys.argv[1])
prefix, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    name = f"{prefix}-{i}"
    store.create_endpoints(EndpointsForm(name=name, namespace=prefix).to_endpoints())
    print(name, flush=True)  # acknowledged: the write returned
"""


def start_writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_writers_lose_nothing(store_path: Path) -> None:
    writers = [start_writer(store_path, f"w{n}", 25) for n in range(6)]
    acknowledged: set[str] = set()
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        acknowledged.update(out.split())
    assert len(acknowledged) == 150
    store = TinyDBStore(store_path)
    stored = {obj["metadata"]["name"] for obj in store.list_endpoints()}
    assert stored == acknowledged
    # default + 6 namespaces + 150 sets, one revision each
    assert store.revision() == 1 + 6 + 150
    versions = [obj["metadata"]["resource_version"] for obj in store.list_endpoints()]
    assert len(set(versions)) == len(versions)


def test_reader_never_sees_a_partial_file(store_path: Path) -> None:
    writer = start_writer(store_path, "w", 60)
    reader = TinyDBStore(store_path)
    seen = 0
    while writer.poll() is None:
        seen = max(seen, len(reader.list_endpoints()))  # raises if a read saw half a file
        reader.changes_since(0)
    assert writer.returncode == 0
    assert len(reader.list_endpoints()) == 60 >= seen


def test_killed_writer_leaves_a_valid_store_with_every_acknowledged_write(store_path: Path) -> None:
    writer = start_writer(store_path, "k", 100_000)
    acknowledged: list[str] = []
    assert writer.stdout is not None
    deadline = time.monotonic() + 60
    while len(acknowledged) < 30 and time.monotonic() < deadline:
        acknowledged.append(writer.stdout.readline().strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    store = TinyDBStore(store_path)
    stored = {obj["metadata"]["name"] for obj in store.list_endpoints()}
    assert set(acknowledged) <= stored
    # the store still takes writes: the kernel dropped the dead writer's lock
    store.create_endpoints(EndpointsForm(name="after").to_endpoints())
    assert len(store.list_endpoints()) == len(stored) + 1
    leftovers = [p.name for p in store_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []  # the next writer removed what the killed one was filling
