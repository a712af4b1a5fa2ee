"""Which sets the endpoints table shows, in which order: a sorted, filtered list of keys.

No Textual here. The table widget draws only the rows on screen, so all it needs is "the key
at visible index i" and "the index of key k"; both are O(1) / O(log N) on these sorted lists.
A change to one set is a bisect and a list insert (a memmove: microseconds at 100k rows)
instead of a refill: the stock DataTable re-measures every cell, 2.2 s for 10k rows.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from typing import Any

from skyshift_tui.catalog import Row
from skyshift_tui.formatting import ENDPOINTS_WIDE_COLUMNS

SortKey = tuple[Any, str]
"""(the sort column's value, the set's key): unique per set, so bisect finds it exactly."""

_AGE = ENDPOINTS_WIDE_COLUMNS.index("AGE")
_CREATED = ENDPOINTS_WIDE_COLUMNS.index("CREATED")
_ENDPOINTS = ENDPOINTS_WIDE_COLUMNS.index("ENDPOINTS")
_RESOURCE_VERSION = ENDPOINTS_WIDE_COLUMNS.index("RESOURCE VERSION")


def _sort_value(row: Row, column: int) -> Any:
    """What a column sorts by: numbers as numbers, times by the timestamp, text casefolded."""
    if column == _ENDPOINTS:
        return row.total_endpoints
    if column == _RESOURCE_VERSION:
        return row.resource_version
    if column in (_AGE, _CREATED):
        return row.cells[_CREATED]
    return row.cells[column].casefold()


class TableModel:
    """The visible order of the table's rows, kept sorted and filtered as rows change."""

    def __init__(self) -> None:
        self.rows: Mapping[str, Row] = {}
        self.sort_column = 0
        self.reverse = False
        self.namespace: str | None = None
        self.text = ""
        self._sort_keys: dict[str, SortKey] = {}
        self._ordered: list[SortKey] = []
        self._visible: list[SortKey] = []

    # -- queries ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._visible)

    def __contains__(self, key: object) -> bool:
        return self.index_of(key) is not None if isinstance(key, str) else False

    @property
    def descending(self) -> bool:
        """AGE ascending means youngest first, so it sorts by creation time descending."""
        return self.reverse != (self.sort_column == _AGE)

    def key_at(self, index: int) -> str:
        """The key of the set shown at `index` (0 = top row)."""
        if self.descending:
            index = len(self._visible) - 1 - index
        return self._visible[index][1]

    def keys(self, start: int, stop: int) -> list[str]:
        """Keys shown from `start` to `stop` (exclusive), as the table draws them."""
        stop = min(stop, len(self._visible))
        return [self.key_at(i) for i in range(max(0, start), stop)]

    def index_of(self, key: str) -> int | None:
        """Where `key` is shown, or None when it is filtered out or gone."""
        sort_key = self._sort_keys.get(key)
        if sort_key is None:
            return None
        index = bisect_left(self._visible, sort_key)
        if index == len(self._visible) or self._visible[index] != sort_key:
            return None
        return len(self._visible) - 1 - index if self.descending else index

    def matches(self, key: str) -> bool:
        """Whether the set passes the namespace and text filters."""
        row = self.rows[key]
        if self.namespace is not None and row.namespace != self.namespace:
            return False
        return not self.text or self.text in row.haystack

    # -- changes ----------------------------------------------------------------------------
    def load(self, rows: Mapping[str, Row]) -> None:
        """Show `rows` (read-only here; the catalog updates it in place). O(N log N)."""
        self.rows = rows
        self._resort()

    def update(self, upserted: Iterable[str], removed: Iterable[str]) -> None:
        """Re-place the sets that changed; O(log N) search plus a memmove each."""
        for key in removed:
            old = self._sort_keys.pop(key, None)
            if old is not None:
                self._discard(old)
        for key in upserted:
            old = self._sort_keys.get(key)
            if old is not None:
                self._discard(old)
            new = (_sort_value(self.rows[key], self.sort_column), key)
            self._sort_keys[key] = new
            insort(self._ordered, new)
            if self.matches(key):
                insort(self._visible, new)

    def set_filter(self, namespace: str | None, text: str) -> None:
        """Show only `namespace` (None: all) and sets whose name, clusters or selector
        contain `text` (case-insensitive)."""
        text = text.casefold()
        narrowing = namespace == self.namespace and text.startswith(self.text)
        self.namespace, self.text = namespace, text
        # Typing one more character only narrows: filter what is shown, not everything.
        self._refilter(self._visible if narrowing else self._ordered)

    def set_sort(self, column: int, reverse: bool = False) -> None:
        """Sort by `column` (an index into ENDPOINTS_WIDE_COLUMNS)."""
        if column != self.sort_column:
            self.sort_column = column
            self.reverse = reverse
            self._resort()
        else:
            self.reverse = reverse

    # -- internals --------------------------------------------------------------------------
    def _resort(self) -> None:
        column = self.sort_column
        self._sort_keys = {key: (_sort_value(row, column), key) for key, row in self.rows.items()}
        self._ordered = sorted(self._sort_keys.values())
        self._refilter(self._ordered)

    def _refilter(self, source: list[SortKey]) -> None:
        if self.namespace is None and not self.text:
            self._visible = list(source)
        else:
            matches = self.matches
            self._visible = [sort_key for sort_key in source if matches(sort_key[1])]

    def _discard(self, sort_key: SortKey) -> None:
        for keys in (self._ordered, self._visible):
            index = bisect_left(keys, sort_key)
            if index < len(keys) and keys[index] == sort_key:
                del keys[index]
