"""Benchmark `skyctl tui` as a person meets it: a real terminal (a pty), 160x45, real keys.

For stores of 1k, 10k and 100k sets it measures
- launch: process start to the full table on screen (the "N sets" caption drawn);
- change: another process's `create_endpoints` returning to the new count drawn;
- key j: a key press to the first byte of the redrawn screen (median of 20);
- filter: each character typed after `/`, to the first byte of the redraw (median);
- edit form: `e` to the form drawn with the selected set in it (median of 5);
- `:ns` / `:clusters`: the command written in one go (`:ns` and enter) to the view's row
  count drawn in its border (median of 5);
- `h`: the key to the selected set's history drawn (its border's "· live"), median of 5;
- burst: `/` and 20 characters written in one go (a fast typist, a paste): how many land in
  the filter (the table's title quotes it) and when the whole filter is drawn;
- RSS after load (VmRSS) and its peak (VmHWM); CPU used while idle for 2 s.

Run: .venv/bin/python benchmarks/tui_bench.py [--sizes 1000,10000,100000] [--keep DIR]
Stores are generated once per size (100k takes ~15 s) and reused with --keep.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

COLUMNS, LINES = 160, 45
TIMEOUT = 60.0
CHILD = (
    "import sys\n"
    "from skyshift_tui.store import open_store\n"
    "from skyshift_tui.tui.app import run_tui\n"
    "run_tui(open_store(sys.argv[1]), None)\n"
)


def make_store(path: Path, count: int) -> None:
    """`count` sets over 20 namespaces, created long ago (ages do not tick during a run)."""
    from skyshift_tui.core.forms import EndpointsForm
    from skyshift_tui.store.file.store import TinyDBStore

    objects = [
        EndpointsForm(
            name=f"svc-{i:06d}",
            namespace=f"team-{i % 20:02d}",
            num_endpoints=str(i % 7),
            exposed=i % 3 == 0,
            primary_cluster=f"cluster-{i % 5}",
            selector=[f"app=svc-{i}", f"tier={'web' if i % 2 else 'db'}"],
        ).to_endpoints()
        for i in range(count)
    ]
    long_ago = datetime(2024, 1, 1, tzinfo=timezone.utc)
    TinyDBStore(path, clock=lambda: long_ago).apply(objects)


class Terminal:
    """The TUI in a pty; a thread records every chunk of output with the time it arrived."""

    def __init__(self, store: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(store)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.chunks: list[tuple[float, int]] = []  # (arrival time, end offset in output)
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.output += data
                self.chunks.append((time.perf_counter(), len(self.output)))

    def mark(self) -> int:
        with self.lock:
            return len(self.output)

    def wait_for(self, pattern: bytes, since: int = 0) -> float:
        """When the output after offset `since` first contained `pattern`."""
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            with self.lock:
                found = self.output.find(pattern, since)
                if found >= 0:
                    end = found + len(pattern)
                    return next(t for t, offset in self.chunks if offset >= end)
            time.sleep(0.001)
        tail = bytes(self.output[-3000:]).decode(errors="replace")
        raise TimeoutError(f"{pattern!r} never appeared; the terminal last showed:\n{tail}")

    def first_output_after(self, since: int) -> float:
        deadline = time.perf_counter() + TIMEOUT
        while time.perf_counter() < deadline:
            with self.lock:
                for t, offset in self.chunks:
                    if offset > since:
                        return t
            time.sleep(0.0005)
        raise TimeoutError("no output")

    def quiet(self, seconds: float = 0.15) -> None:
        """Wait until nothing has been drawn for `seconds`."""
        while True:
            with self.lock:
                last = self.chunks[-1][0] if self.chunks else self.started
            if time.perf_counter() - last >= seconds:
                return
            time.sleep(0.01)

    def press(self, key: bytes) -> tuple[float, float]:
        """Send a key; seconds until the first and the last byte of the redraw it caused."""
        self.quiet()
        since = self.mark()
        sent = time.perf_counter()
        os.write(self.master, key)
        first = self.first_output_after(since) - sent
        self.quiet(0.1)
        with self.lock:
            last = self.chunks[-1][0] - sent
        return first, last

    def status(self, field: str) -> int:
        """A /proc/PID/status memory field, in MB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
        return 0

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        os.write(self.master, b"q")
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


WRITER = (
    "import sys\n"
    "from skyshift_tui.core.forms import EndpointsForm\n"
    "from skyshift_tui.store.file.store import TinyDBStore\n"
    "TinyDBStore(sys.argv[1]).create_endpoints(EndpointsForm(name=sys.argv[2]).to_endpoints())\n"
)


def create_elsewhere(path: Path, name: str) -> float:
    """`create_endpoints` in another process, as `skyctl create` would do it; returns when it
    renamed the new file over the store, the moment another process can first see it."""
    before = os.stat(path).st_ino
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), name])
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        try:
            if os.stat(path).st_ino != before:
                renamed = time.perf_counter()
                break
        except FileNotFoundError:
            pass
        time.sleep(0.0002)
    else:
        raise TimeoutError("the writer never replaced the store")
    if writer.wait(TIMEOUT) != 0:
        raise RuntimeError("the writer failed")
    return renamed


def open_edit_form(terminal: Terminal) -> float:
    """`e` on the selected set: seconds until the form's title is on screen (then escape)."""
    terminal.quiet()
    since = terminal.mark()
    sent = time.perf_counter()
    os.write(terminal.master, b"e")
    drawn = terminal.wait_for(b"Edit endpoints", since) - sent
    terminal.quiet()
    since = terminal.mark()
    os.write(terminal.master, b"\x1b")  # a lone escape: the next key must not follow it soon,
    terminal.first_output_after(since)  # or the two read as alt+key; wait for the redraw
    terminal.quiet()
    return drawn


def open_view(terminal: Terminal, command: bytes, drawn: bytes) -> float:
    """`command` and enter in one write: seconds until `drawn` is on screen; then back to
    the endpoints table (`:edp`)."""
    terminal.quiet()
    since = terminal.mark()
    sent = time.perf_counter()
    os.write(terminal.master, command + b"\r")
    seconds = terminal.wait_for(drawn, since) - sent
    terminal.quiet()
    since = terminal.mark()
    os.write(terminal.master, b":edp\r")
    terminal.wait_for(b"sets", since)
    terminal.quiet()
    return seconds


def change_often(path: Path, name: str, times: int) -> None:
    """Scale set `name` (in `default`) `times` times, from this process (another writer)."""
    from skyshift_tui.store.file.store import TinyDBStore

    store = TinyDBStore(path)
    for count in range(1, times + 1):

        def scaled(obj: dict, count: int = count) -> dict:  # type: ignore[type-arg]
            cluster = obj["spec"]["primary_cluster"]
            clusters = {**obj["spec"]["endpoints"], cluster: {"num_endpoints": count}}
            return {**obj, "spec": {**obj["spec"], "endpoints": clusters}}

        store.modify_endpoints(name, "default", scaled)  # type: ignore[arg-type]


def open_history(terminal: Terminal) -> float:
    """`h` on the selected set: seconds until its history is drawn (then escape back)."""
    terminal.quiet()
    since = terminal.mark()
    sent = time.perf_counter()
    os.write(terminal.master, b"h")
    drawn = terminal.wait_for("· live".encode(), since) - sent
    terminal.quiet()
    since = terminal.mark()
    os.write(terminal.master, b"\x1b")
    terminal.wait_for(b"sets", since)
    terminal.quiet()
    return drawn


def measure(store: Path, count: int) -> dict[str, str]:
    terminal = Terminal(store)
    try:
        launch = terminal.wait_for(b"%d sets" % count) - terminal.started
        terminal.quiet(0.5)
        rss = terminal.status("VmRSS")
        cpu_before = terminal.cpu_seconds()
        time.sleep(2.0)
        idle_cpu = (terminal.cpu_seconds() - cpu_before) / 2.0
        keys = [terminal.press(b"j") for _ in range(20)]
        changes = []
        for i in range(5):
            terminal.quiet()
            since = terminal.mark()
            written = create_elsewhere(store, f"bench-new-{i}")
            changes.append(terminal.wait_for(b"%d sets" % (count + i + 1), since) - written)
        edits = [open_edit_form(terminal) for _ in range(5)]
        # 20 teams and `default`; 5 clusters and `auto`, the cluster of the sets made above
        ns_view = [open_view(terminal, b":ns", b"21 namespaces") for _ in range(5)]
        cluster_view = [open_view(terminal, b":clusters", b"6 clusters") for _ in range(5)]
        change_often(store, "bench-new-0", 20)  # the first row: a history of 21 revisions
        histories = [open_history(terminal) for _ in range(5)]
        terminal.press(b"/")
        typing = [terminal.press(bytes([c])) for c in b"svc-0012"]
        terminal.press(b"\x1b")  # escape: the filter cleared
        landed, burst_seconds = type_burst(terminal)
        peak = terminal.status("VmHWM")
    finally:
        terminal.close()
    return {
        "sets": f"{count:,}",
        "launch": f"{launch:.2f} s",
        "change on screen": spread(changes),
        "key j (first byte / drawn)": f"{spread([k[0] for k in keys])} / "
        f"{spread([k[1] for k in keys])}",
        "filter char (first byte / drawn)": f"{spread([k[0] for k in typing])} / "
        f"{spread([k[1] for k in typing])}",
        "e: edit form drawn": spread(edits),
        ":ns drawn": spread(ns_view),
        ":clusters drawn": spread(cluster_view),
        "h: history drawn": spread(histories),
        f"burst of {len(BURST)} after /": f"{landed}/{len(BURST)} in {burst_seconds * 1000:.0f} ms",
        "RSS / peak": f"{rss} / {peak} MB",
        "idle CPU": f"{idle_cpu * 100:.1f} %",
    }


BURST = b"svc-0001 tier=db app"
"""20 characters holding every key that acts on the main screen when typed outside an input
(d, r, s, ...): all must land in the filter, and none act."""


def type_burst(terminal: Terminal) -> tuple[int, float]:
    """Write `/` and BURST in one write; how many characters the filter shows, and when."""
    terminal.quiet()
    since = terminal.mark()
    sent = time.perf_counter()
    os.write(terminal.master, b"/" + BURST)
    try:
        drawn = terminal.wait_for("filter “".encode() + BURST + "”".encode(), since) - sent
    except TimeoutError:
        drawn = float("nan")
    terminal.quiet(0.3)
    with terminal.lock:
        screen = bytes(terminal.output[since:])
    start = screen.rfind("filter “".encode())
    shown = (
        screen[start + len("filter “".encode()) :].split("”".encode(), 1)[0] if start >= 0 else b""
    )
    landed = len(shown) if BURST.startswith(shown) else 0
    terminal.press(b"\x1b")
    return landed, drawn


def spread(seconds: list[float]) -> str:
    """`median (max)` in milliseconds."""
    return f"{statistics.median(seconds) * 1000:.0f} ({max(seconds) * 1000:.0f}) ms"


def print_table(rows: list[dict[str, str]]) -> None:
    headers = list(rows[0])
    widths = [max(len(h), *(len(r[h]) for r in rows)) for h in headers]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        cells = [row[h].ljust(w) for h, w in zip(headers, widths, strict=True)]
        print("| " + " | ".join(cells) + " |")


def main() -> None:
    from skyshift_tui.store.file.store import TinyDBStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--keep", help="folder to keep (and reuse) the generated stores in")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="tui-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for count in (int(size) for size in args.sizes.split(",")):
        store = folder / f"store-{count}.json"
        if not store.exists():
            make_store(store, count)
        backup = store.read_bytes()
        try:
            rows.append(measure(store, len(TinyDBStore(store).list_endpoints())))
        finally:
            store.write_bytes(backup)  # the run added sets; the next run starts the same
        print(f"measured {count:,} sets", file=sys.stderr)
    print_table(rows)


if __name__ == "__main__":
    main()
