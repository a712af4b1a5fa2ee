"""The JSON patch's size accounting (`json_patch.growth_of`) is exact: it is what keeps a patch
within 1 MiB without serialising the object after every operation."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonpatch
import orjson

from skyshift_tui.cli.json_patch import growth_of

KEYS = ["a", "b/c", 'é"x', "~", "-"]
VALUES: list[Any] = [1, "s", {"k": [1, 2]}, [], {}, None, "\x1b"]


def _pointer(doc: Any, rng: random.Random, existing: bool) -> str:
    """A random path into `doc`: to a member, or (not `existing`) to a new one."""
    parts: list[str] = []
    here = doc
    while isinstance(here, dict | list) and here and rng.random() < 0.7:
        if isinstance(here, dict):
            key = rng.choice(list(here))
            parts.append(key)
            here = here[key]
        else:
            index = rng.randrange(len(here))
            parts.append(str(index))
            here = here[index]
    if not existing and isinstance(here, dict):
        parts.append(rng.choice(KEYS))
    elif not existing and isinstance(here, list):
        parts.append(rng.choice(["-", "0", str(len(here))]))
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


def _operation(doc: Any, rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(["add", "remove", "replace", "move", "copy", "test"])
    existing = kind in ("remove", "replace", "test") or rng.random() < 0.5
    operation: dict[str, Any] = {"op": kind, "path": _pointer(doc, rng, existing)}
    if kind in ("move", "copy"):
        operation["from"] = _pointer(doc, rng, True)
    if kind in ("add", "replace", "test"):
        operation["value"] = copy.deepcopy(rng.choice(VALUES))
    return operation


def test_growth_is_the_exact_change_in_compact_json() -> None:
    rng = random.Random(13)
    checked = 0
    for _ in range(3000):
        doc: Any = {"a": {"b": [1, 2, {"c": "x"}], "d": "é"}, "e": []}
        for _ in range(8):
            operation = _operation(doc, rng)
            try:
                grows, _ = growth_of(doc, operation)
                after = jsonpatch.JsonPatch([operation]).apply(copy.deepcopy(doc), in_place=True)
            except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
                continue
            assert len(orjson.dumps(after)) - len(orjson.dumps(doc)) == grows, (doc, operation)
            checked += 1
            doc = after
    assert checked > 10_000
