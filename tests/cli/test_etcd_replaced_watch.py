"""`skyctl get -w` when etcd is started afresh at the address it watches: it re-lists and
prints the new etcd's state, however the new one compares with the old (etcd_fixtures'
REPLACEMENTS: the same cluster id or another, its revisions behind or ahead)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import Watch, add_endpoints
from etcd_fixtures import REPLACEMENTS, started_with_replacement

from skyshift_tui.store import open_store


@pytest.mark.parametrize("kind", REPLACEMENTS)
def test_watch_follows_the_etcd_now_at_its_address(tmp_path: Path, kind: str) -> None:
    first, replacement = started_with_replacement(tmp_path, kind)
    url = f"etcd://{first.endpoint}"
    for name in ("old-1", "old-2"):
        add_endpoints(open_store(url), name)
    before = cluster_id(url)
    watch = Watch(["get", "endpoints", "-A", "-o", "name", "--watch"], url)
    try:
        assert sorted(watch.lines(2)) == ["ADDED endpoints/old-1", "ADDED endpoints/old-2"]
        add_endpoints(open_store(url), "old-3")
        assert watch.line() == "ADDED endpoints/old-3"  # its watch stream is up
        first.stop()  # SIGTERM: etcd ends the watch stream itself
        replacement.start()
        add_endpoints(open_store(url), "new")
        lines = watch.lines(4, timeout=20)
        assert sorted(lines) == [
            "ADDED endpoints/new",
            "DELETED endpoints/old-1",
            "DELETED endpoints/old-2",
            "DELETED endpoints/old-3",
        ]
        result = watch.stop()
        assert result.code == 0
        assert "another etcd answers at" in result.err and "re-listed" in result.err
        assert (cluster_id(url) == before) == kind.startswith("fresh")  # measured: it keeps it
    finally:
        watch.close()
        first.kill()
        replacement.member.kill()


def cluster_id(url: str) -> str:
    """The cluster id in a snapshot's identity (identity.store_identity)."""
    return open_store(url).snapshot().identity.partition("/")[0]
