"""Where the TUI's memory goes when it loads a store, measured inside one process.

For each store it runs two fresh processes (so one measurement does not disturb the other):
- the load as the TUI does it (`StoreWatcher`'s load in a worker thread, then the table's sort
  order), printing RSS (VmRSS) with Textual imported but nothing loaded (the baseline), RSS
  after the load, its peak (VmHWM), and the wall time of the load;
- the same load under `tracemalloc` (started before the read): bytes still held per set once
  the snapshot is dropped (the Catalog and what it keeps of the read), and what the table's
  sort order (TableModel) adds.

    .venv/bin/python benchmarks/catalog_memory.py STORE [STORE ...]

STORE is a file path or an `etcd://HOST:PORT` URL (tui_bench.py --keep DIR and store_bench.py
make such stores). The RSS of the whole TUI, drawn in a terminal, is tui_bench.py's.
"""

from __future__ import annotations

import subprocess
import sys

LOAD = """
import sys, threading, time
from pathlib import Path
def rss(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
import textual.app  # the baseline every TUI pays
from skyshift_tui.store import open_store
from skyshift_tui.live.table_model import TableModel
from skyshift_tui.live.watcher import StoreWatcher
store = open_store(sys.argv[1])
baseline = rss("VmRSS")
got = []
watcher = StoreWatcher(store)
started = time.perf_counter()
thread = threading.Thread(target=lambda: watcher._load(got.append))  # as the app's worker
thread.start(); thread.join()
model = TableModel(); model.load(got[0].rows)
took = time.perf_counter() - started
print(len(got[0].rows), baseline, rss("VmRSS"), rss("VmHWM"), f"{took:.2f}")
"""

FOOTPRINT = """
import gc, sys, tracemalloc
from skyshift_tui.store import open_store
from skyshift_tui.live.catalog import Catalog
from skyshift_tui.live.table_model import TableModel
store = open_store(sys.argv[1])
tracemalloc.start()  # before the read: whatever the catalog keeps of it is counted
snapshot = store.snapshot()
catalog = Catalog.from_snapshot(snapshot)
del snapshot; gc.collect()
kept = tracemalloc.get_traced_memory()[0]
model = TableModel(); model.load(catalog.rows)
print(kept, tracemalloc.get_traced_memory()[0] - kept)
"""


def run(script: str, store: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, store], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def main() -> None:
    stores = sys.argv[1:]
    if not stores:
        raise SystemExit(__doc__)
    print(
        "| store | sets | baseline RSS | RSS after load | peak | load (s) "
        "| catalog per set | table order |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for store in stores:
        sets, baseline, after, peak, took = run(LOAD, store)
        catalog, model = (int(value) for value in run(FOOTPRINT, store))
        print(
            f"| {store} | {int(sets):,} | {baseline} MB | {after} MB | {peak} MB | {took} "
            f"| {catalog / max(1, int(sets)):.0f} B | {model / 1e6:.1f} MB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
