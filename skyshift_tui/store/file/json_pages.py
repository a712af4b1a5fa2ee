"""The store file's sets decoded a page at a time, for the TUI's first load.

Decoded whole, 100k sets are ~260 MB of dicts at once (the TUI peaked at ~390 MB while it
built its rows from them). A file exactly as this program wrote it (`json_file.written_whole`:
its checksum matches, one table per line) has every set as an entry `,"ID":{"kind":...` of the
endpoints line, so that line is cut near every PAGE_BYTES at such an entry and each piece is
decoded on its own. A cut that were not between two entries (the same bytes inside a set)
would leave braces open and fail to decode; the page then grows to the next candidate, so
every page decoded is whole sets. Any other file is read whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import orjson

from skyshift_tui.core.gc_pause import gc_paused
from skyshift_tui.store.file.json_file import META_LINE, Tables, written_whole
from skyshift_tui.store.file.shape import check_meta

PAGE_BYTES = 1 << 20
"""~2,700 sets of the usual size: a page the TUI's catalog takes in one go (up to 5,000)."""
ENTRY = re.compile(rb',"\d+":\{"kind":')
PAGED_TABLE = b'"endpoints":'


def read_paged(path: str, raw: bytes) -> tuple[Tables, Iterator[list[dict[str, Any]]]] | None:
    """The file's other tables, and its endpoints as pages of sets; None when the file is not
    exactly as this program wrote it (read it whole then)."""
    first = raw.find(b"\n") + 1
    if not raw.startswith(META_LINE) or first == 0:
        return None
    try:
        with gc_paused():
            meta = orjson.loads(raw[len(META_LINE) : first - 2])
    except orjson.JSONDecodeError:
        return None
    tables: Tables = {"_meta": meta}
    if not isinstance(meta, dict) or not written_whole(raw, tables):
        return None
    check_meta(path, tables)
    paged: tuple[int, int] | None = None
    start = first
    try:
        while start < len(raw):
            end = raw.index(b"\n", start)  # each table's line, the last one closing the file
            body_end = end - 1  # before its `,`, or before the file's closing `}`
            colon = raw.index(b":", start)
            if raw.startswith(PAGED_TABLE, start):
                paged = (colon + 1, body_end)
            else:
                with gc_paused():
                    name = orjson.loads(raw[start:colon])
                    tables[name] = orjson.loads(raw[colon + 1 : body_end])
            start = end + 1
    except (ValueError, TypeError):  # orjson's JSONDecodeError is a ValueError
        return None
    if not all(isinstance(table, dict) for table in tables.values()):
        return None
    return tables, _pages(raw, paged)


def _pages(raw: bytes, span: tuple[int, int] | None) -> Iterator[list[dict[str, Any]]]:
    if span is None:
        return
    body_start, body_end = span  # `{` ... `}` of the endpoints table
    position, inner_end = body_start + 1, body_end - 1
    while position < inner_end:
        search_from = position + PAGE_BYTES
        while True:
            found = ENTRY.search(raw, search_from, inner_end) if search_from < inner_end else None
            cut = found.start() if found else inner_end
            try:
                with gc_paused():
                    page = orjson.loads(b"{" + raw[position:cut] + b"}")
            except orjson.JSONDecodeError:
                if found is None:
                    raise
                search_from = cut + 1  # inside a set: grow the page to the next entry
                continue
            break
        yield list(page.values())
        del page
        position = cut + 1
