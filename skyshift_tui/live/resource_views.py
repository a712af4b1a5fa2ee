"""The rows of the namespaces view (`:ns`) and the clusters view (`:clusters`), and the model
that sorts and filters them. No Textual here: the widget (widgets/resource_table.py) draws what
this computes.

Both views are built from the catalog's rows in one pass (namespaces: how many sets and
endpoints each holds; clusters: read back from each row's ENDPOINTS, EXPOSED and PRIMARY
CLUSTER cells), so they cost O(sets) and are rebuilt whole when the store changes while they
are shown (10k sets: a few ms; see benchmarks/tui_bench.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from skyshift_tui.core.terminal_text import safe_cells
from skyshift_tui.live.catalog import Catalog
from skyshift_tui.live.invalid_keys import is_namespace_row
from skyshift_tui.live.table_model import natural_key, parse_filter
from skyshift_tui.render.formatting import (
    ENDPOINTS_WIDE_COLUMNS,
    NONE,
    cluster_counts,
    namespace_row,
    parse_timestamp,
)

NAMESPACE_VIEW_COLUMNS = ("NAME", "SETS", "ENDPOINTS", "LABELS", "AGE", "STATUS")
CLUSTER_VIEW_COLUMNS = ("NAME", "SETS", "ENDPOINTS", "EXPOSED", "PRIMARY FOR")
_ENDPOINTS = ENDPOINTS_WIDE_COLUMNS.index("ENDPOINTS")
_EXPOSED = ENDPOINTS_WIDE_COLUMNS.index("EXPOSED")
_PRIMARY = ENDPOINTS_WIDE_COLUMNS.index("PRIMARY CLUSTER")
MAX_WIDTH = 40
"""Longer cells are cut with an ellipsis."""


@dataclass(frozen=True)
class ResourceRow:
    """One row of a view: its key (the namespace's or cluster's name), its cells, and what
    each column sorts by."""

    key: str
    cells: tuple[str, ...]
    sort_values: tuple[Any, ...]
    created: datetime | None = None
    """For an AGE column: drawn from this, so it stays current."""

    @property
    def haystack(self) -> str:
        return "\n".join(self.cells).casefold()


def namespace_rows(catalog: Catalog) -> list[ResourceRow]:
    """Every namespace (stored, or implied by its sets) with its sets, endpoints and labels."""
    totals: Counter[str] = Counter()
    for key, row in catalog.rows.items():
        if not is_namespace_row(key):
            totals[row.namespace] += row.total_endpoints
    rows = []
    for name, count in catalog.namespace_counts().items():
        obj = catalog.namespaces.get(name) or {"metadata": {"name": name}}
        _, status, _, age = namespace_row(obj, count)
        labels = obj.get("metadata", {}).get("labels") or {}
        labels_text = ",".join(f"{k}={v}" for k, v in labels.items()) or NONE
        created_text = obj.get("metadata", {}).get("creation_timestamp")
        created = parse_timestamp(created_text)
        cells = safe_cells([name, str(count), str(totals[name]), labels_text, age, status])
        youngest_first = -created.timestamp() if created else float("inf")  # as AGE sorts
        sort = (natural_key(name), count, totals[name], labels_text, youngest_first, status)
        rows.append(ResourceRow(name, cells, sort, created))
    return rows


def cluster_rows(catalog: Catalog) -> list[ResourceRow]:
    """One row per cluster that any set names (in its endpoints or as its primary cluster)."""
    sets: Counter[str] = Counter()
    endpoints: Counter[str] = Counter()
    exposed: Counter[str] = Counter()
    primary_for: Counter[str] = Counter()
    invalid = catalog.invalid
    for key, row in catalog.rows.items():
        if key in invalid:
            continue
        cells = row.cells
        for cluster, count, is_exposed in cluster_counts(cells[_ENDPOINTS], cells[_EXPOSED]):
            sets[cluster] += 1
            endpoints[cluster] += count
            exposed[cluster] += is_exposed
        primary = cells[_PRIMARY]
        if primary != NONE:
            primary_for[primary] += 1
    rows = []
    for name in set(sets) | set(primary_for):
        values = (sets[name], endpoints[name], exposed[name], primary_for[name])
        cells = (name, *map(str, values))  # cells come from rows: already made safe
        rows.append(ResourceRow(name, cells, (natural_key(name), *values)))
    return rows


@dataclass(frozen=True)
class Place:
    """Where the user is: a view, and for the endpoints view what it is scoped to. The main
    screen keeps a trail of them (k9s's crumbs): a command starts a new trail, `enter` on a
    namespace or cluster adds a place, `escape` goes back one."""

    view: str
    """"endpoints", "namespaces" or "clusters"."""
    label: str
    namespace: str | None = None
    cluster: str | None = None


def crumbs(places: Sequence[Place], namespace: str | None) -> str:
    """`endpoints › prod`, `clusters › us-east`, `namespaces › prod`: the trail, where the
    endpoints view's last step shows what it is scoped to now (the tree may have moved)."""
    parts = [place.label for place in places[:-1]]
    last = places[-1]
    if last.view != "endpoints":
        parts.append(last.label)
    else:
        if len(places) == 1:
            parts.append(last.label)
        parts += [scope for scope in (namespace, last.cluster) if scope is not None]
    return " › ".join(parts)


class ResourceModel:
    """A view's rows, sorted by a column and filtered by `/`'s words (all must match; `!`
    excludes), with column widths taken from every row shown, not the page on screen."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns
        self.age_column = columns.index("AGE") if "AGE" in columns else None
        self.rows: list[ResourceRow] = []
        self.sort_column = 0
        self.reverse = False
        self.text = ""
        self._visible: list[ResourceRow] = []
        self._index: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._visible)

    def load(self, rows: list[ResourceRow]) -> None:
        self.rows = rows
        self._refresh()

    def set_filter(self, text: str) -> None:
        self.text = text
        self._refresh()

    def set_sort(self, column: int, reverse: bool) -> None:
        self.sort_column, self.reverse = column, reverse
        self._refresh()

    def row_at(self, index: int) -> ResourceRow:
        return self._visible[index]

    def index_of(self, key: str) -> int | None:
        return self._index.get(key)

    def widths(self, ages: Sequence[str] = ()) -> list[int]:
        """Each column's width: its heading (with the sort arrow) or its longest cell."""
        widths = []
        for i, heading in enumerate(self.columns):
            if i == self.age_column:
                cells = max(map(len, ages), default=0)
            else:
                cells = max((len(row.cells[i]) for row in self._visible), default=0)
            arrow = 2 if i == self.sort_column else 0
            widths.append(max(len(heading) + arrow, min(MAX_WIDTH, cells)))
        return widths

    def _refresh(self) -> None:
        terms = parse_filter(self.text)
        rows = self.rows
        if terms:
            rows = [
                row for row in rows if all((t.text in row.haystack) != t.negated for t in terms)
            ]
        column = self.sort_column
        self._visible = sorted(rows, key=lambda r: (r.sort_values[column], r.key))
        if self.reverse:
            self._visible.reverse()
        self._index = {row.key: i for i, row in enumerate(self._visible)}
