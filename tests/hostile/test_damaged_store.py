"""A store that is valid JSON of the wrong shape (issue 8, point 9): `store PATH is damaged`,
exit 1, and the file left untouched, never `unexpected KeyError`."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from hostile_support import one_error_line, seeded, skyctl, state


def damage(store_path: Path, change: Any) -> None:
    tables = json.loads(store_path.read_text())
    change(tables)
    store_path.write_text(json.dumps(tables))


def first_set(tables: dict[str, Any]) -> dict[str, Any]:
    return next(iter(tables["endpoints"].values()))


DAMAGE = {
    "no-metadata": lambda t: first_set(t).pop("metadata"),
    "name-not-string": lambda t: first_set(t)["metadata"].update(name=7),
    "no-namespace": lambda t: first_set(t)["metadata"].pop("namespace"),
    "spec-a-list": lambda t: first_set(t).update(spec=[1, 2]),
    "clusters-a-list": lambda t: first_set(t)["spec"].update(endpoints=["c"]),
    "object-a-string": lambda t: t["endpoints"].update({"9": "oops"}),
    "negative-revision": lambda t: t["_meta"]["1"].update(revision=-3),
    "revision-a-float": lambda t: t["_meta"]["1"].update(revision=2.5),
    "revision-a-string": lambda t: t["_meta"]["1"].update(revision="7"),
    "version-negative": lambda t: first_set(t)["metadata"].update(resource_version=-1),
    "timestamp-a-number": lambda t: first_set(t)["metadata"].update(creation_timestamp=5),
    "event-garbage": lambda t: t["_events"].update({"1": {"type": "EXPLODED"}}),
    "event-key": lambda t: t["_events"].update({"x": t["_events"]["1"]}),
}


@pytest.mark.parametrize("change", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_store_is_reported_and_left_alone(store_path: Path, change: Any) -> None:
    seeded(store_path)
    damage(store_path, change)
    before = state(store_path)
    for args in (
        ["get", "endpoints", "-A"],
        ["get", "namespaces"],
        ["get", "endpoints", "web"],
        ["create", "endpoints", "db"],
        ["delete", "endpoints", "web"],
    ):
        result = skyctl(store_path, *args)
        assert result.code == 1, (args, result)
        assert f"store {store_path} is damaged: " in one_error_line(result)
        assert state(store_path) == before


def test_fields_the_shape_allows_to_be_null_are_listed(store_path: Path) -> None:
    """`spec: null` passes the shape check (the field may be absent), so every listing shows
    it as an empty set; it was `unexpected AttributeError`."""
    seeded(store_path)
    damage(store_path, lambda t: first_set(t).update(spec=None, status=None))
    for args in (["get", "endpoints", "-A"], ["get", "endpoints", "-A", "-o", "wide"]):
        result = skyctl(store_path, *args)
        assert result.code == 0, (args, result)
        assert result.out.splitlines()[1].split()[:3] == ["web", "default", "<none>"]


def test_damage_that_keeps_the_layout_is_caught_despite_the_checksum(store_path: Path) -> None:
    """A store this program wrote carries a checksum of its lines after `_meta`, and a reader
    whose bytes match skips the per-object check. A byte edited in place (the layout kept,
    so only the checksum can tell) turns the full check back on."""
    seeded(store_path)
    raw = store_path.read_bytes()
    head, _, last = raw.rpartition(b'\n"endpoints":')
    assert b'"crc32":' in raw.split(b"\n", 1)[0]
    store_path.write_bytes(head + b'\n"endpoints":' + last.replace(b'"name":"web"', b'"name":7'))
    before = state(store_path)
    for args in (["get", "endpoints", "-A"], ["create", "endpoints", "db"]):
        result = skyctl(store_path, *args)
        assert result.code == 1, (args, result)
        assert f"store {store_path} is damaged: " in one_error_line(result)
        assert "metadata.name is missing or not a string" in result.err
        assert state(store_path) == before


def test_damage_under_a_checksum_forged_to_match_is_still_reported(store_path: Path) -> None:
    """A CRC is no seal: recomputed by hand over a damaged object, it gets past the fast path.
    What then fails unexpectedly checks every object again and reports the damage, not
    `unexpected AttributeError`."""
    seeded(store_path)
    raw = store_path.read_bytes()
    first, _, rest = raw.partition(b"\n")
    head, _, last = rest.rpartition(b'\n"endpoints":')
    rest = head + b'\n"endpoints":' + last.replace(b'"spec":{', b'"spec":5,"was":{', 1)
    forged = re.sub(rb'"crc32":\d+', b'"crc32":%d' % zlib.crc32(rest), first)
    store_path.write_bytes(forged + b"\n" + rest)
    before = state(store_path)
    for args in (["get", "endpoints", "-A"], ["scale", "endpoints", "web", "--num_endpoints", "3"]):
        result = skyctl(store_path, *args)
        assert result.code == 1, (args, result)
        assert f"store {store_path} is damaged: " in one_error_line(result)
        assert "spec is not a mapping" in result.err
        assert state(store_path) == before
