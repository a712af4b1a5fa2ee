"""The etcd backend decodes pages in a helper thread while it fetches the next one."""

from __future__ import annotations

from typing import Any

import pytest

from skyshift_tui.store.etcd.store import PageDecoder


def names(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if any(kv["key"] == "bad" for kv in page):
        raise ValueError("bad page")
    return [{"name": kv["key"]} for kv in page]


def test_pages_come_out_in_order_and_whole() -> None:
    decoder = PageDecoder(names)
    for start in range(0, 50, 7):
        decoder.add([{"key": f"k{i}"} for i in range(start, min(50, start + 7))])
    assert decoder.finish() == [{"name": f"k{i}"} for i in range(50)]


def test_what_decoding_raises_reaches_the_caller() -> None:
    decoder = PageDecoder(names)
    decoder.add([{"key": "a"}])
    decoder.add([{"key": "bad"}])
    decoder.add([{"key": "c"}])  # taken and ignored: the thread never blocks the fetcher
    with pytest.raises(ValueError, match="bad page"):
        decoder.finish()


def test_no_page_no_thread() -> None:
    assert PageDecoder(names).finish() == []
