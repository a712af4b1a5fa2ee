"""The file store's paged read (`json_pages.py`): the TUI's first load decodes the endpoints a
page at a time, and gets exactly what a whole read gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from skyshift_tui.core.models import parse_object
from skyshift_tui.store.file import json_pages
from skyshift_tui.store.file.json_pages import _pages
from skyshift_tui.store.file.store import TinyDBStore


def filled(store: TinyDBStore, count: int) -> None:
    store.apply(
        [
            parse_object(
                {
                    "kind": "Endpoints",
                    "metadata": {"name": f"e{i}", "namespace": f"ns{i % 3}"},
                    "spec": {"selector": {"app": f"a{i}"}},
                }
            )
            for i in range(count)
        ]
    )


def paged(store: TinyDBStore) -> tuple[list[list[dict[str, Any]]], Any]:
    pages: list[list[dict[str, Any]]] = []
    snapshot = store.snapshot_each(lambda page: pages.append(list(page)))
    return pages, snapshot


def test_pages_hold_what_a_whole_read_holds(
    store: TinyDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(store, 60)
    monkeypatch.setattr(json_pages, "PAGE_BYTES", 1000)  # several sets a page
    whole = store.snapshot()
    pages, snapshot = paged(store)
    assert len(pages) > 5
    assert [obj for page in pages for obj in page] == whole.endpoints
    assert snapshot.endpoints == []
    assert (snapshot.revision, snapshot.namespaces, snapshot.identity) == (
        whole.revision,
        whole.namespaces,
        whole.identity,
    )


def test_a_file_not_as_written_is_read_whole(store: TinyDBStore, store_path: Path) -> None:
    """Edited in place (the checksum misses): one page, from the whole read and its check."""
    filled(store, 20)
    store_path.write_bytes(store_path.read_bytes().replace(b'"app":"a7"', b'"app":"a8"'))
    pages, _ = paged(store)
    assert len(pages) == 1 and len(pages[0]) == 20


def test_an_entry_lookalike_inside_a_set_is_not_a_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """`,"7":{"kind":` inside a set (a cluster named 7 whose entry starts with `kind`) fails to
    decode as a cut; the page grows to the next entry instead."""
    monkeypatch.setattr(json_pages, "PAGE_BYTES", 1)
    table = {
        "1": {"kind": "Endpoints", "spec": {"endpoints": {"a": {}, "7": {"kind": "x"}}}},
        "2": {"kind": "Endpoints", "spec": {}},
        "3": {"kind": "Endpoints", "spec": {"endpoints": {"b": {}, "9": {"kind": "y"}}}},
    }
    raw = b'"endpoints":' + orjson.dumps(table) + b"\n"
    colon = raw.index(b":")
    pages = list(_pages(raw, (colon + 1, len(raw) - 1)))
    assert [obj for page in pages for obj in page] == list(table.values())
    assert len(pages) == 3
