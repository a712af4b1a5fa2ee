"""`get --watch`: the current state, then one line per change any process makes, until Ctrl-C.

Lines look like `kubectl get -w --output-watch-events`: the event (ADDED, MODIFIED, DELETED)
then the row (`--no-headers`, `--show-labels` and `-o custom-columns=` shape it as `get` does);
with `-o json`, one `{"type": ..., "object": ...}` per line; with `-o jsonpath=`, the template
filled from each object, as `kubectl get -w -o jsonpath=` prints it. With `-l`, a set that
comes to match the selector is ADDED and one that stops matching is DELETED, as a Kubernetes
watch with a label selector reports them. The store keeps a
bounded change log, so every change is reported even when several land between two looks; a
watcher that fell behind the log re-lists, says so on stderr and prints the differences.

It reads `store.watch()`, the one change feed the TUI reads too (the file backend polls every
20 ms: one `stat` while nothing changes, the file's first two lines when something did). A store
that cannot be read for a while (garbage moved in, the file deleted) is said on stderr; the
watch keeps trying and, when the store is good again, re-lists and prints the differences.

A key that holds no valid object (etcd) is said on stderr only when it is in what is watched
(its kind, its namespace with `-n`, its name): the store reads every namespace to watch one, so
it is opened without warnings of its own and the watcher picks the ones that belong here.
"""

from __future__ import annotations

import gc
import select
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING, Any

from skyshift_tui.cli import tables
from skyshift_tui.cli.listing import Listing, labels_cell
from skyshift_tui.cli.output import Object, emit, note, silence_stdout, sort_key
from skyshift_tui.core.errors import SkyShiftError
from skyshift_tui.core.resources import ENDPOINTS, NAMESPACES, Resource
from skyshift_tui.core.terminal_text import escape_control
from skyshift_tui.render.formatting import to_json, to_yaml, utc_now
from skyshift_tui.store.base import InvalidValue, object_key

if TYPE_CHECKING:
    from skyshift_tui.store import Snapshot, Store

POLL_SECONDS = 0.02
RETRY_SECONDS = 0.5
"""While the store cannot be read, look again this often (each look may parse it whole)."""
EVENT_HEADER = "EVENT"
SEPARATOR = "   "
MIN_WIDTH = 12


def stop_when_reader_leaves(stop: threading.Event) -> None:
    """Set `stop` once stdout's reader has left, so that `skyctl get -w | head -3` ends with
    `head` rather than at the next change: a thread blocked in poll(2), costing nothing."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), 0)  # mask 0: only POLLERR/POLLHUP are reported
    except (AttributeError, OSError, ValueError):  # no poll(2), or stdout is not a real file
        return

    def wait() -> None:
        poller.poll()
        stop.set()

    threading.Thread(target=wait, name="stdout-reader", daemon=True).start()


class Watcher:
    """Follows one kind of object, optionally one namespace (exactly) and one name."""

    def __init__(
        self,
        store: Store,
        resource: Resource,
        output: str | Listing,
        namespace: str | None = None,
        name: str | None = None,
        selector: Callable[[Object], bool] | None = None,
    ) -> None:
        self.store = store
        self.resource = resource
        self.listing = output if isinstance(output, Listing) else Listing(output)
        self.output = self.listing.output
        self.wide = self.output == "wide"
        self.namespace = namespace if resource is ENDPOINTS else None
        self.name = name
        self.selector = selector
        """`-l`: the label selector's test (None: every object)."""
        self._template: list[Any] | None = None
        self._columns: list[Any] | None = None
        kind, _, argument = self.output.partition("=")
        if kind == "jsonpath":
            from skyshift_tui.cli.jsonpath_output import parse_template

            self._template = parse_template(argument)  # bad input refused before any output
        elif kind == "custom-columns":
            from skyshift_tui.cli.jsonpath_output import parse_columns

            self._columns = parse_columns(argument)
        self.known: dict[str, Object] = {}
        """The objects watched, by key, as last printed: what a re-list is compared with."""
        self.counts: Counter[str] = Counter()
        """Sets per namespace, for the ENDPOINTS column of namespace rows."""
        self._sets: set[str] = set()
        self._widths: list[int] = []
        self._stop = threading.Event()

    def run(self) -> None:
        """Print until SIGINT or SIGTERM (exit 0, quietly) or until stdout is closed."""
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {signum: signal.signal(signum, self._on_signal) for signum in handled}
        try:
            self._follow()
        except BrokenPipeError:  # `skyctl get -w | head -3`: the reader left, so do we
            silence_stdout()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._stop.set()  # ends the watch within POLL_SECONDS; no KeyboardInterrupt mid-write

    def _follow(self) -> None:
        snapshot = self.store.snapshot()
        initial = self._reset(snapshot)
        # A long-lived process: the cyclic GC (paused at start-up) comes back, minus the
        # initial state, which it would otherwise re-scan on every full collection.
        gc.freeze()
        gc.enable()
        self._write(self._start(initial))
        stop_when_reader_leaves(self._stop)
        while not self._stop.is_set():
            reason = self._pass_on(snapshot)
            if reason is None:
                return
            try:
                snapshot = self.store.snapshot()
            except SkyShiftError as error:  # unreadable again already: the watch will say so
                note(f"warning: {error}")
                self._stop.wait(RETRY_SECONDS)
                continue
            note(f"warning: {reason}; re-listed, printing the differences")
            self._write(self._differences(snapshot))

    def _pass_on(self, snapshot: Snapshot) -> str | None:
        """Print the watch's changes until it expires (then: why) or we are stopped (None)."""
        batches = self.store.watch(
            snapshot.revision,
            POLL_SECONDS,
            self._stop,
            identity=snapshot.identity,
            retry_interval=RETRY_SECONDS,
        )
        for batch in batches:
            if batch.problem is not None:
                note(f"warning: {batch.problem}; still watching")
            elif batch.expired:
                return batch.reason or "the store changed beyond its change log"
            else:
                self._warn(
                    [event.invalid for event in batch.events if event.invalid], "shown as deleted"
                )
                lines = [self._observe(event.type, event.object) for event in batch.events]
                self._write([line for line in lines if line is not None])
        return None

    # -- state ---------------------------------------------------------------------------------
    def _matches(self, obj: Object) -> bool:
        meta = obj.get("metadata", {})
        return (
            obj.get("kind") == self.resource.kind
            and (self.namespace is None or meta.get("namespace") == self.namespace)
            and (self.name is None or meta.get("name") == self.name)
            and (self.selector is None or self.selector(obj))
        )

    def _warn(self, found: list[InvalidValue], outcome: str) -> None:
        """Say which keys in the watched scope hold no valid object (not the others')."""
        for invalid in found:
            if (
                invalid.kind == self.resource.kind
                and (self.namespace is None or invalid.namespace == self.namespace)
                and (self.name is None or invalid.name == self.name)
            ):
                note(f"warning: {invalid.problem}; {outcome}")

    def _reset(self, snapshot: Snapshot) -> list[Object]:
        """Take the snapshot as the known state; return the objects watched, sorted."""
        self._warn(snapshot.invalid, "skipped")
        objects = snapshot.namespaces if self.resource is NAMESPACES else snapshot.endpoints
        watched = sorted((obj for obj in objects if self._matches(obj)), key=sort_key)
        self.known = {object_key(obj): obj for obj in watched}
        if self.resource is NAMESPACES:
            self._sets = {object_key(obj) for obj in snapshot.endpoints}
            self.counts = tables.count_by_namespace(snapshot.endpoints)
        return watched

    def _observe(self, event_type: str, obj: Object) -> str | None:
        """Record one change; its line if it concerns what is watched. An object that stops
        matching (`-l`) is DELETED from the watch, one that starts matching is ADDED."""
        if self.resource is NAMESPACES and obj.get("kind") == ENDPOINTS.kind:
            self._count(event_type, obj)
        key = object_key(obj)
        shown = self.known.get(key)
        if event_type == "DELETED" or not self._matches(obj):
            if self.known.pop(key, None) is None:
                return None
            return self._line("DELETED", obj)
        self.known[key] = obj
        if shown is None:
            return self._line("ADDED", obj)
        if event_type == "ADDED" and not shown["metadata"].get("resource_version"):
            # The store shows `default` before its first write stores it: already printed.
            return None
        return self._line(event_type, obj)

    def _count(self, event_type: str, obj: Object) -> None:
        key, namespace = object_key(obj), obj["metadata"]["namespace"]
        if event_type == "DELETED" and key in self._sets:
            self._sets.discard(key)
            self.counts[namespace] -= 1
        elif event_type != "DELETED" and key not in self._sets:
            self._sets.add(key)
            self.counts[namespace] += 1

    def _differences(self, snapshot: Snapshot) -> list[str]:
        """Lines that take a watcher from its known state to `snapshot`'s, after a re-list."""
        before = self.known
        after = {object_key(obj): obj for obj in self._reset(snapshot)}
        lines = [self._line("DELETED", obj) for key, obj in before.items() if key not in after]
        for key, obj in after.items():
            old = before.get(key)
            if old is None:
                lines.append(self._line("ADDED", obj))
            elif old != obj:  # whole objects: another store may reuse the same versions
                lines.append(self._line("MODIFIED", obj))
        return lines

    # -- output --------------------------------------------------------------------------------
    def _start(self, initial: list[Object]) -> list[str]:
        """The current state: a header and ADDED rows (tables), or one ADDED event each."""
        if not self._is_table:
            return [self._line("ADDED", obj) for obj in initial]
        now = utc_now()
        header = (EVENT_HEADER, *self._headers())
        rows = [("ADDED", *self._cells(obj, now)) for obj in initial]
        # Widths come from the initial state, at least MIN_WIDTH so that an empty or short one
        # leaves room; later rows are padded to them (or overflow).
        self._widths = [
            max(MIN_WIDTH, *(len(r[i]) for r in [header, *rows])) for i in range(len(header))
        ]
        self._widths[0] = len("MODIFIED")
        shown = rows if self.listing.no_headers else [header, *rows]
        return [self._aligned(cells) for cells in shown]

    @property
    def _is_table(self) -> bool:
        return self.output in ("table", "wide") or self._columns is not None

    def _headers(self) -> tuple[str, ...]:
        if self._columns is not None:
            return tuple(header for header, _ in self._columns)
        headers = tables.headers(self.resource, self.wide)
        return (*headers, "LABELS") if self._adds_labels(headers) else tuple(headers)

    def _adds_labels(self, headers: tuple[str, ...] | list[str]) -> bool:
        return self.listing.show_labels and "LABELS" not in headers

    def _cells(self, obj: Object, now: Any) -> tuple[str, ...]:
        if self._columns is not None:
            from skyshift_tui.cli.jsonpath_bounds import Budget
            from skyshift_tui.cli.jsonpath_output import column_cells

            return column_cells(self._columns, obj, Budget("custom-columns"))  # one per event
        cells = tables.row(self.resource, obj, now, self.wide, self.counts)
        if self._adds_labels(tables.headers(self.resource, self.wide)):
            cells = (*cells, labels_cell(obj))
        return cells

    def _line(self, event_type: str, obj: Object) -> str:
        if self.output == "json":
            return to_json({"type": event_type, "object": obj}, indent=False)
        if self.output == "yaml":
            return "---\n" + to_yaml({"type": event_type, "object": obj}).rstrip("\n")
        if self.output == "name":
            return f"{event_type} {escape_control(self.resource.ref(obj['metadata']['name']))}"
        if self._template is not None:
            from skyshift_tui.cli.jsonpath_output import render_for_stdout, with_items

            # As `get -o jsonpath=` prints it; one object per line however the template ends.
            return render_for_stdout(self._template, with_items(obj)).removesuffix("\n")
        return self._aligned((event_type, *self._cells(obj, utc_now())))

    def _aligned(self, cells: tuple[str, ...]) -> str:
        padded = [cell.ljust(width) for cell, width in zip(cells[:-1], self._widths, strict=False)]
        return SEPARATOR.join([*padded, cells[-1]])

    def _write(self, lines: list[str]) -> None:
        if lines:
            emit("\n".join(lines), exact=self.listing.exact)
