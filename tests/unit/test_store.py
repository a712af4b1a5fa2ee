"""Facts of the file backend alone: the file itself, its revision counting and change log, a
store it cannot read. What every backend promises is in tests/store_contract/."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from skyshift_tui.core.errors import (
    AlreadyExistsError,
    ConflictError,
    StoreCorruptError,
    StoreError,
)
from skyshift_tui.core.forms import EndpointsForm
from skyshift_tui.core.models import parse_object
from skyshift_tui.store import open_store, resolve_store_path
from skyshift_tui.store.file.store import TinyDBStore


def endpoints(name: str, namespace: str = "default", count: int = 1):
    return EndpointsForm(name=name, namespace=namespace, num_endpoints=count).to_endpoints()


def test_fresh_store_has_default_namespace_and_no_file(store: TinyDBStore) -> None:
    assert [ns["metadata"]["name"] for ns in store.list_namespaces()] == ["default"]
    assert store.list_endpoints() == []
    assert store.revision() == 0
    assert not Path(store.path).exists()


def test_duplicate_is_refused_and_changes_nothing(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("web"))
    before = Path(store.path).read_bytes()
    with pytest.raises(AlreadyExistsError, match="already exists"):
        store.create_endpoints(endpoints("web", count=5))
    assert Path(store.path).read_bytes() == before


def test_names_are_case_sensitive_and_namespaces_exact(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("Web", "dev"))
    store.create_endpoints(endpoints("web", "dev"))
    store.create_endpoints(endpoints("web", "dev2"))
    assert len(store.list_endpoints("dev")) == 2
    assert len(store.list_endpoints("dev2")) == 1
    assert len(store.list_endpoints()) == 3
    assert {o["metadata"]["namespace"] for o in store.find_endpoints("web")} == {"dev", "dev2"}


def test_stale_version_is_refused_and_nothing_written(store: TinyDBStore) -> None:
    read = store.create_endpoints(endpoints("web")).object
    seen = read["metadata"]["resource_version"]
    newer = store.update_endpoints(endpoints("web", count=2), expected_version=seen)
    now = newer["metadata"]["resource_version"]
    before = Path(store.path).read_bytes()
    message = f'endpoints "web" was changed since version {seen} \\(now {now}\\); get it again'
    with pytest.raises(ConflictError, match=message):
        store.update_endpoints(endpoints("web", count=9), expected_version=seen)
    with pytest.raises(ConflictError, match=message):
        store.delete_endpoints("web", "default", expected_version=seen)
    assert Path(store.path).read_bytes() == before
    store.delete_endpoints("web", "default", expected_version=now)


def test_apply_is_one_write(store: TinyDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from skyshift_tui.store.file import store as tinydb_store

    writes: list[str] = []
    real = tinydb_store.write_tables_atomically
    monkeypatch.setattr(
        tinydb_store,
        "write_tables_atomically",
        lambda p, t, **kw: (writes.append(p), real(p, t, **kw)),
    )
    objects = [
        parse_object({"kind": "Endpoints", "metadata": {"name": f"e{i}"}}) for i in range(300)
    ]
    store.apply(objects)
    assert len(writes) == 1
    assert len(store.list_endpoints()) == 300


def test_revision_counts_every_change(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("a"))  # default namespace + a
    store.create_endpoints(endpoints("b", "x"))  # namespace x + b
    store.delete_endpoints("a", "default")
    assert store.revision() == 5


def test_changes_since_reports_each_change_in_order(store: TinyDBStore) -> None:
    start = store.revision()
    store.create_endpoints(endpoints("a"))
    store.update_endpoints(endpoints("a", count=3))
    store.delete_endpoints("a", "default")
    batch = store.changes_since(start)
    assert not batch.expired
    assert [(e.type, e.kind) for e in batch.events] == [
        ("ADDED", "Namespace"),
        ("ADDED", "Endpoints"),
        ("MODIFIED", "Endpoints"),
        ("DELETED", "Endpoints"),
    ]
    assert [e.revision for e in batch.events] == [1, 2, 3, 4]
    assert store.changes_since(batch.revision).events == []


def test_watcher_behind_the_log_is_told_to_relist(store_path: Path) -> None:
    store = TinyDBStore(store_path, event_log_limit=3)
    for i in range(5):
        store.create_endpoints(endpoints(f"e{i}"))
    assert store.changes_since(0).expired
    recent = store.changes_since(store.revision() - 3)
    assert not recent.expired and len(recent.events) == 3
    assert len(store.changes_since(store.revision() - 2).events) == 2


def test_store_reset_to_older_revision_is_expired(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("a"))
    assert store.changes_since(store.revision() + 10).expired


def test_file_is_private(store: TinyDBStore) -> None:
    store.create_endpoints(endpoints("a"))
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'{"endpoints": [1]}'])
def test_unreadable_store_is_reported_and_left_untouched(store_path: Path, content: bytes) -> None:
    store_path.write_bytes(content)
    store = TinyDBStore(store_path)
    for operation in (
        store.list_endpoints,
        store.snapshot,
        lambda: store.create_endpoints(endpoints("a")),
        lambda: store.delete_namespace("x"),
    ):
        with pytest.raises(StoreCorruptError, match=str(store_path)):
            operation()
    assert store_path.read_bytes() == content


def test_full_disk_leaves_store_as_it_was(
    store: TinyDBStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    store.create_endpoints(endpoints("a"))
    before = Path(store.path).read_bytes()

    def no_space(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(StoreError, match="No space left on device; nothing was changed"):
        store.create_endpoints(endpoints("b"))
    monkeypatch.undo()
    assert Path(store.path).read_bytes() == before
    assert sorted(os.listdir(Path(store.path).parent)) == ["store.json", "store.json.lock"]


def test_file_written_by_plain_tinydb_is_readable(store_path: Path) -> None:
    """Files in TinyDB's own layout (no header lines) still work, watchers included."""
    from tinydb import TinyDB

    TinyDBStore(store_path).create_endpoints(endpoints("a"))
    data = TinyDBStore(store_path).snapshot()
    store_path.unlink()
    with TinyDB(store_path) as db:
        db.table("endpoints").insert(data.endpoints[0])
        db.table("_meta").insert({"revision": 2})
    store = TinyDBStore(store_path)
    assert store.revision() == 2
    assert store.changes_since(0).expired
    assert store.get_endpoints("a", "default")["metadata"]["name"] == "a"


def test_store_path_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKYSHIFT_STORE", str(tmp_path / "env.json"))
    assert resolve_store_path(tmp_path / "flag.json") == tmp_path / "flag.json"
    assert resolve_store_path() == tmp_path / "env.json"
    monkeypatch.delenv("SKYSHIFT_STORE")
    default = resolve_store_path()
    assert default.name == "store.json" and "skyshift" in str(default)
    assert open_store(tmp_path / "x.json").location == str(tmp_path / "x.json")


def test_fixed_clock_sets_creation_timestamp(store_path: Path) -> None:
    fixed = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    store = TinyDBStore(store_path, clock=lambda: fixed)
    created = store.create_endpoints(endpoints("a")).object
    assert created["metadata"]["creation_timestamp"] == "2026-01-02T03:04:05+00:00"
