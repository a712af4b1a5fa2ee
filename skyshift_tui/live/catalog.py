"""What the TUI knows of the store: table rows and namespace counts, kept in step with the
store by applying its change events.

No Textual here: the watcher thread builds a Catalog from a snapshot (all off the UI thread),
and the UI thread applies each small batch of events in microseconds per event. Rows are
formatted once, by the same `endpoints_rows` that prints `skyctl get endpoints -o wide`, so both
faces show the same columns.

Memory: a row keeps what the table shows, sorts and filters by, plus its set as compact JSON
(`raw`); the full object is decoded from that only when someone asks (the detail pane, the edit
form, undo). At 100k sets the decoded dicts cost ~190 MB, their JSON ~37 MB. Strings that many
rows share (namespaces, clusters, timestamps) are stored once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import orjson

from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.core.terminal_text import safe_rows
from skyshift_tui.live.invalid_keys import (
    NAMESPACE_ROW_PREFIX,
    invalid_record,
    is_namespace_row,
    row_key,
)
from skyshift_tui.render import formatting
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS, endpoints_rows, parse_timestamp
from skyshift_tui.store.base import InvalidValue, Object, Snapshot, WatchEvent, object_key

AGE_COLUMN = ENDPOINTS_WIDE_COLUMNS.index("AGE")
CREATED_COLUMN = ENDPOINTS_WIDE_COLUMNS.index("CREATED")
SHARED_COLUMNS = tuple(
    ENDPOINTS_WIDE_COLUMNS.index(column)
    for column in ("NAMESPACE", "PRIMARY CLUSTER", "ENDPOINTS", "EXPOSED", "AGE", "LABELS")
) + (CREATED_COLUMN,)
"""Cells that repeat across many rows: each distinct text is kept once."""
PAGE = 5000
"""Sets turned into rows at a time while loading."""


class Row:
    """One set of endpoints as the table shows it, with what sorting and `/` need, and the
    set itself as compact JSON."""

    __slots__ = ("cells", "namespace", "total_endpoints", "resource_version", "_haystack", "raw")

    def __init__(
        self,
        cells: tuple[str, ...],
        namespace: str,
        total_endpoints: int,
        resource_version: int,
        haystack: str | None,
        raw: str,
    ) -> None:
        self.cells = cells
        """In ENDPOINTS_WIDE_COLUMNS order; the AGE cell is recomputed each time it is drawn."""
        self.namespace = namespace
        self.total_endpoints = total_endpoints
        self.resource_version = resource_version
        self._haystack = haystack
        self.raw = raw
        """The whole set, as orjson wrote it: `object` decodes it."""

    @property
    def haystack(self) -> str:
        """Casefolded name, namespace, cluster names, selector and label pairs: what the
        filter searches. Made from `raw` the first time a filter asks (~6 us a set), and
        kept: a load does not make it (100k sets: ~0.5 s of CPU and ~11 MB saved at start)."""
        if self._haystack is None:
            obj = self.object
            meta, spec = obj.get("metadata", {}), obj.get("spec", {})
            self._haystack = _haystack(meta, spec, spec.get("endpoints") or {})
        return self._haystack

    @property
    def created(self) -> datetime | None:
        """When the set was created (None: unknown); parsed when drawn, from a cache."""
        return parse_timestamp(self.cells[CREATED_COLUMN])

    @property
    def object(self) -> Object:
        """The whole set, a fresh dict each time (the caller may change it)."""
        return orjson.loads(self.raw)  # type: ignore[no-any-return]


def make_row(obj: Object, now: datetime | None = None, shared: dict[str, str] | None = None) -> Row:
    """The table row of one stored set of endpoints; `shared` keeps one copy of each
    repeated cell text across the rows built with it."""
    return row_of(row_record(obj, now or formatting.utc_now()), shared)


Record = tuple[list[str], str, int, int, str | None, str]
"""A row's fields as plain JSON-able values: (cells, namespace, total endpoints, resource
version, haystack (None: made when first filtered), raw)."""


def row_record(obj: Object, now: datetime) -> Record:
    """What the row of `obj` holds, as plain values (see `Catalog.from_snapshot` for why)."""
    return row_records([obj], now)[0]


def row_records(objects: list[Object], now: datetime) -> list[Record]:
    """The rows of many sets in one loop, their cells formatted and made safe all at once:
    100k sets ~0.67 -> ~0.45 s of CPU against a `row_record` each."""
    cells = safe_rows(endpoints_rows(objects, now, wide=True))
    records: list[Record] = []
    append = records.append
    dumps = orjson.dumps
    for obj, row in zip(objects, cells, strict=True):
        meta = obj.get("metadata", {})
        spec = obj.get("spec", {})
        clusters = spec.get("endpoints") or {}
        append(
            (
                list(row),
                meta.get("namespace", ""),
                _total(clusters),
                int(meta.get("resource_version") or 0),
                None,  # the filter's text: made from raw when a filter first asks
                dumps(obj).decode(),  # a str copy: a bytes from orjson holds ~4 KB of memory
            )
        )
    return records


def _total(clusters: Object) -> int:
    """How many endpoints the set has, over its clusters."""
    if len(clusters) == 1:  # the usual set, without a generator
        for entry in clusters.values():
            return int(entry.get("num_endpoints", 0))
    return sum(int(c.get("num_endpoints", 0)) for c in clusters.values())


def _haystack(meta: Object, spec: Object, clusters: Object) -> str:
    """What the row shows, casefolded, one field a line: a word typed after / may be any of
    it, as in k9s."""
    searchable = [
        meta.get("name", ""),
        meta.get("namespace", ""),
        spec.get("primary_cluster") or "",
        *clusters,
    ]
    for pairs in (spec.get("selector"), meta.get("labels")):
        if pairs:
            try:  # text values, joined in C: ~3x faster than an f-string per pair
                searchable.append("\n".join(map("=".join, pairs.items())))
            except TypeError:  # a store written by something else may hold other values
                searchable += [f"{key}={value}" for key, value in pairs.items()]
    return "\n".join(searchable).casefold()


def row_of(record: Record, shared: dict[str, str] | None = None) -> Row:
    cells, namespace, total, resource_version, haystack, raw = record
    if shared is not None:
        share = shared.setdefault
        for i in SHARED_COLUMNS:
            cells[i] = share(cells[i], cells[i])
        namespace = share(namespace, namespace)
    return Row(tuple(cells), namespace, total, resource_version, haystack, raw)


class StoredObjects(Mapping[str, Object]):
    """The catalog's sets by key, each decoded from its row's JSON when asked for (a few
    microseconds): what the detail pane, the edit form and deletes read. The rows of keys
    that hold no valid object are not among them."""

    def __init__(self, rows: dict[str, Row], invalid: dict[str, InvalidValue]) -> None:
        self._rows = rows
        self._invalid = invalid

    def __getitem__(self, key: str) -> Object:
        if key in self._invalid:
            raise KeyError(key)
        return self._rows[key].object

    def __contains__(self, key: object) -> bool:
        return key in self._rows and key not in self._invalid

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._rows if key not in self._invalid)

    def __len__(self) -> int:
        return len(self._rows) - len(self._invalid)


@dataclass
class Delta:
    """What one batch of events changed, so the widgets touch only that."""

    upserted: list[str] = field(default_factory=list)
    """Keys of sets that are new or changed, and still exist."""
    removed: dict[str, Object] = field(default_factory=dict)
    """Keys of sets that existed before the batch and are gone now, with their last state."""
    namespaces_changed: bool = False
    """A namespace appeared or went, or a count changed."""


class Catalog:
    """Everything the TUI shows, at one store revision.

    The table widget reads `rows` (never writes it): applying events updates the dict in place
    and returns a Delta naming the keys that changed. `objects` reads the full sets.

    A key that holds no valid object has a row too (invalid_keys.py), in `invalid` as well:
    it is shown, counted in its namespace (a namespace key's row is not: it is no set), and
    left out of `objects`, so nothing but a delete acts on it.
    """

    def __init__(self, revision: int = 0) -> None:
        self.revision = revision
        self.rows: dict[str, Row] = {}
        self.invalid: dict[str, InvalidValue] = {}
        self.objects: Mapping[str, Object] = StoredObjects(self.rows, self.invalid)
        self.namespaces: dict[str, Object] = {}
        self.counts: Counter[str] = Counter()
        self._shared: dict[str, str] = {}

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> Catalog:
        """Build a catalog from a full read (run this in a worker thread: it is O(N)).
        Empties `snapshot.endpoints`. `CatalogBuilder` says how, and why."""
        builder = CatalogBuilder()
        builder.add(snapshot.endpoints)
        return builder.finish(snapshot)

    def namespace_counts(self) -> dict[str, int]:
        """Every namespace (sorted by name) with how many sets it holds."""
        names = set(self.namespaces) | {name for name, count in self.counts.items() if count}
        names |= {i.name for i in self.invalid.values() if i.kind == "Namespace"}
        return {name: self.counts.get(name, 0) for name in sorted(names)}

    def apply(self, events: Iterable[WatchEvent]) -> Delta:
        """Apply a batch of change events (oldest first); events of revisions this catalog
        has seen are skipped, so a batch applied twice changes nothing. Several events may
        share a revision (one transaction): all of them are applied."""
        delta = Delta()
        existed_before: dict[str, Row | None] = {}
        seen = self.revision
        for event in events:
            if event.revision <= seen:
                continue
            self.revision = max(self.revision, event.revision)
            obj = event.object
            if event.kind == "Namespace":
                name = obj["metadata"]["name"]
                if event.type == "DELETED" or event.invalid is not None:
                    self.namespaces.pop(name, None)
                else:
                    self.namespaces[name] = obj
                delta.namespaces_changed = True
            if event.invalid is not None:
                key = row_key(event.invalid)
            elif event.kind == "Namespace":
                key = NAMESPACE_ROW_PREFIX + obj["metadata"]["name"]
                if key not in self.rows:
                    continue  # the usual case: no row of this namespace's key to drop
            else:
                key = object_key(obj)
            if key not in existed_before:
                existed_before[key] = self.rows.get(key)
            if event.invalid is not None:
                self.put_invalid(event.invalid)
            elif event.type == "DELETED" or event.kind == "Namespace":
                self._drop(key)
            else:
                self._put(key, obj)
        for key, before in existed_before.items():
            if key in self.rows:
                delta.upserted.append(key)
            elif before is not None:
                delta.removed[key] = before.object
            if (key in self.rows) != (before is not None):
                delta.namespaces_changed = True
        return delta

    def _put(self, key: str, obj: Object) -> None:
        self._add(key, make_row(obj, shared=self._shared))
        self.invalid.pop(key, None)

    def put_invalid(self, invalid: InvalidValue) -> None:
        """Show a key that holds no valid object (in place of its set, if it had one)."""
        key = row_key(invalid)
        self._add(key, row_of(invalid_record(invalid, formatting.utc_now()), self._shared))
        self.invalid[key] = invalid

    def _add(self, key: str, row: Row) -> None:
        if key not in self.rows and not is_namespace_row(key):
            self.counts[row.namespace] += 1
        self.rows[key] = row

    def _drop(self, key: str) -> None:
        row = self.rows.pop(key, None)
        self.invalid.pop(key, None)
        if row is not None and not is_namespace_row(key):
            self.counts[row.namespace] -= 1
            if self.counts[row.namespace] <= 0:
                del self.counts[row.namespace]


class CatalogBuilder:
    """Builds a Catalog from pages of decoded sets, keeping memory low.

    A page of up to PAGE sets (etcd's) becomes rows at once and is emptied: its decoded sets
    are freed before the next page is decoded, so the heap they leave is reused. A larger
    list (the file store's whole read) goes in two passes: each PAGE of it becomes one JSON
    blob of row records (outside Python's small-object heap) and is freed, then `finish`
    builds the rows from the blobs. Rows built among 100k decoded sets pin the heap's
    arenas: the TUI kept ~320 MB after the load, against ~180 MB so; the second pass costs
    ~0.4 s of CPU at 100k sets, which etcd's pages do not need.
    Give `add` to `Store.snapshot_each`: on etcd it runs in the thread that decodes a page
    while the next one is fetched.
    """

    def __init__(self) -> None:
        self._now = formatting.utc_now()  # looked up each time: tests freeze it
        self._shared: dict[str, str] = {}
        self._rows: list[tuple[str, Row]] = []
        self._blobs: list[bytes] = []

    def add(self, endpoints: list[Object]) -> None:
        """Take in a page of sets (any size), emptying it."""
        now, shared = self._now, self._shared
        with gc_paused():  # the cyclic GC finds nothing here and doubles the time
            if len(endpoints) <= PAGE:
                records = row_records(endpoints, now)
                self._rows += [
                    (object_key(obj), row_of(record, shared))
                    for obj, record in zip(endpoints, records, strict=True)
                ]
                endpoints.clear()
                return
            for start in range(0, len(endpoints), PAGE):
                page = endpoints[start : start + PAGE]
                keyed = list(zip(map(object_key, page), row_records(page, now), strict=True))
                self._blobs.append(orjson.dumps(keyed))
                endpoints[start : start + PAGE] = [None] * len(page)  # type: ignore[list-item]
                del page, keyed
            endpoints.clear()

    def finish(self, snapshot: Snapshot) -> Catalog:
        """The catalog at the snapshot's revision, with its namespaces and the sets added."""
        catalog = Catalog(snapshot.revision)
        catalog._shared = self._shared
        for namespace in snapshot.namespaces:
            catalog.namespaces[namespace["metadata"]["name"]] = namespace
        for key, row in self._rows:
            catalog._add(key, row)
        for invalid in snapshot.invalid:
            catalog.put_invalid(invalid)
        self._rows = []
        blobs, self._blobs = self._blobs, []
        with gc_paused():
            for i, blob in enumerate(blobs):
                blobs[i] = b""
                for key, record in orjson.loads(blob):
                    catalog._add(key, row_of(record, catalog._shared))
                del blob
        return catalog
