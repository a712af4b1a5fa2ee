"""Which sets the endpoints table shows, in which order: a sorted, filtered list of keys.

No Textual here. The table widget draws only the rows on screen, so all it needs is "the key
at visible index i" and "the index of key k"; both are O(1) / O(log N) on these sorted lists.
A change to one set is a bisect and a list insert (a memmove: microseconds at 100k rows)
instead of a refill: the stock DataTable re-measures every cell, 2.2 s for 10k rows.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.live.catalog import Row
from skyshift_tui.render.formatting import ENDPOINTS_WIDE_COLUMNS, cluster_counts

_LABELS = ENDPOINTS_WIDE_COLUMNS.index("LABELS")
_ENDPOINTS = ENDPOINTS_WIDE_COLUMNS.index("ENDPOINTS")
_EXPOSED = ENDPOINTS_WIDE_COLUMNS.index("EXPOSED")
_DIGITS = re.compile(r"(\d+)")
MAX_FILTER_TERMS = 16
"""More terms than this are ignored (a paste of a whole file must not stall every keystroke)."""


def natural_key(text: str) -> tuple[str | int, ...]:
    """`api-2` before `api-10`: digit runs compare as numbers, the rest casefolded. Parts
    alternate text/number, so any two keys compare."""
    parts: list[str | int] = list(_DIGITS.split(text.casefold()))
    parts[1::2] = map(int, parts[1::2])  # in C: 100k names ~125 -> ~105 ms
    return tuple(parts)


@dataclass(frozen=True)
class Term:
    """One filter word: `web`, `!test`, `ns:shop`, `label:team=pay`, `cluster:eu`."""

    field: str
    """"" (name, clusters or selector), "ns", "label" or "cluster"."""
    text: str
    negated: bool


PREFIXES = ("ns", "label", "cluster")


def parse_filter(text: str) -> list[Term]:
    """Whitespace-separated terms, all of which must match; `!` excludes."""
    terms = []
    for word in text.casefold().split()[:MAX_FILTER_TERMS]:
        negated = word.startswith("!")
        word = word.removeprefix("!")
        field, colon, rest = word.partition(":")
        if colon and field in PREFIXES:
            word = rest
        else:
            field = ""
        if word:
            terms.append(Term(field, word, negated))
    return terms


def term_matches(term: Term, row: Row) -> bool:
    """Whether `row` matches `term`, ignoring its negation."""
    if term.field == "ns":
        where = row.namespace.casefold()
    elif term.field == "label":
        where = row.cells[_LABELS].casefold()
    elif term.field == "cluster":
        where = row.cells[_ENDPOINTS].casefold()
    else:
        where = row.haystack
    return term.text in where


def places_on(cells: tuple[str, ...], cluster: str) -> bool:
    """Whether the set of these cells has an entry (endpoints) on `cluster`, exactly."""
    return any(c == cluster for c, _, _ in cluster_counts(cells[_ENDPOINTS], cells[_EXPOSED]))


SortKey = tuple[Any, str]
"""(the sort column's value, the set's key): unique per set, so bisect finds it exactly."""

_AGE = ENDPOINTS_WIDE_COLUMNS.index("AGE")
_CREATED = ENDPOINTS_WIDE_COLUMNS.index("CREATED")
_RESOURCE_VERSION = ENDPOINTS_WIDE_COLUMNS.index("RESOURCE VERSION")


def _sort_value(row: Row, column: int) -> Any:
    """What a column sorts by: numbers as numbers, times by the timestamp, text casefolded."""
    if column == _ENDPOINTS:
        return row.total_endpoints
    if column == _RESOURCE_VERSION:
        return row.resource_version
    if column in (_AGE, _CREATED):
        return row.cells[_CREATED]
    return natural_key(row.cells[column])


class TableModel:
    """The visible order of the table's rows, kept sorted and filtered as rows change."""

    def __init__(self) -> None:
        self.rows: Mapping[str, Row] = {}
        self.sort_column = 0
        self.reverse = False
        self.namespace: str | None = None
        self.cluster: str | None = None
        """Only the sets with endpoints on this cluster (None: any): the clusters view's enter."""
        self.text = ""
        self.terms: list[Term] = []
        self._sort_keys: dict[str, SortKey] = {}
        self._ordered: list[SortKey] = []
        self._visible: list[SortKey] = []
        self._widths: list[int] | None = None

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

    def cell_widths(self) -> list[int]:
        """The longest cell of each column among the rows shown: worked out again when the
        rows shown are chosen anew (a load, a filter, a sort), widened as rows change (never
        narrowed then: a column does not shrink under the user). 10k rows: ~5 ms."""
        if self._widths is None:
            rows = self.rows
            cells = [rows[key].cells for _, key in self._visible]
            self._widths = [
                max(map(len, map(itemgetter(i), cells)), default=0)
                for i in range(len(ENDPOINTS_WIDE_COLUMNS))
            ]
        return self._widths

    def matches(self, key: str) -> bool:
        """Whether the set passes the namespace and text filters."""
        row = self.rows[key]
        if self.namespace is not None and row.namespace != self.namespace:
            return False
        if self.cluster is not None and not places_on(row.cells, self.cluster):
            return False
        return all(term_matches(term, row) != term.negated for term in self.terms)

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
                if self._widths is not None:
                    lengths = map(len, self.rows[key].cells)
                    self._widths = list(map(max, self._widths, lengths))

    def set_filter(self, namespace: str | None, text: str) -> None:
        """Show only `namespace` (None: all) and the sets matching every term of `text`
        (case-insensitive): a word matches the name, clusters or selector; `ns:`, `label:`
        and `cluster:` look at that field only; `!` excludes what matches."""
        text = text.casefold()
        # Typing on only narrows, unless it lengthens a `!term` (which then excludes less) or
        # makes a word a prefix (`ns` matched names, `ns:` matches namespaces).
        narrowing = (
            namespace == self.namespace
            and text.startswith(self.text)
            and "!" not in text
            and ":" not in text[len(self.text) :]
        )
        self.namespace, self.text, self.terms = namespace, text, parse_filter(text)
        # Typing one more character only narrows: filter what is shown, not everything.
        self._refilter(self._visible if narrowing else self._ordered)

    def set_cluster(self, cluster: str | None) -> None:
        """Show only the sets with endpoints on `cluster` (None: on any cluster)."""
        if cluster != self.cluster:
            self.cluster = cluster
            self._refilter(self._ordered)

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
        with gc_paused():  # 2 tuples a row, none in a cycle: 100k rows ~570 collections
            self._sort_keys = {
                key: (_sort_value(row, column), key) for key, row in self.rows.items()
            }
            self._ordered = sorted(self._sort_keys.values())
        self._refilter(self._ordered)

    def _refilter(self, source: list[SortKey]) -> None:
        self._widths = None
        if self.namespace is None and self.cluster is None and not self.terms:
            self._visible = list(source)
        else:
            matches = self.matches
            self._visible = [sort_key for sort_key in source if matches(sort_key[1])]

    def _discard(self, sort_key: SortKey) -> None:
        for keys in (self._ordered, self._visible):
            index = bisect_left(keys, sort_key)
            if index < len(keys) and keys[index] == sort_key:
                del keys[index]
