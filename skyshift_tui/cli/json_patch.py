"""RFC 6902 JSON patches applied within bounds: no patch can make us build an object without limit.

A 1.1 KB patch of 22 `{"op": "copy", "from": "/spec", "path": "/spec/xN"}` doubled the object
22 times (46 s, 3.4 GB) before the model saw the result. So the patch is applied one operation
at a time, keeping the object's size as JSON up to date as it goes, and refused at the first
operation that would take it past the one-object limit (`rules.MAX_OBJECT_BYTES`, 1 MiB), and
once `copy` operations have copied 1 MiB in all (Kubernetes bounds a JSON patch's copies the
same way: `AccumulatedCopySizeLimit`), as copying and removing a large value over and over
keeps the size down while the work grows.

The size is kept by arithmetic, not by serialising the object after each operation (1 MiB takes
~2 ms, and a patch can hold thousands of operations): each operation adds what its value, key
and separators weigh in compact JSON and subtracts what it removes. Every byte measured is one a
patch brought in (its own text, or a copy within the copy bound) or one removed (at most once
each), so the measuring costs a few MiB of serialising at worst.
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import MAX_OBJECT_BYTES

MAX_COPIED_BYTES = MAX_OBJECT_BYTES
"""What a patch's `copy` operations may copy in all, as JSON."""

_MISSING = object()


def apply_json_patch(obj: Any, operations: list[Any]) -> Any:
    """`operations` applied to `obj` (changed in place), one at a time within the bounds above;
    InvalidInputError naming the operation that fails or breaks a bound."""
    import jsonpatch  # deferred: only --type json needs it (13 ms)
    import jsonpointer

    size = _size(obj)
    copied = 0
    for number, operation in enumerate(operations, 1):
        try:
            grows, copy_bytes = growth_of(obj, operation)
            copied += copy_bytes
            if copied > MAX_COPIED_BYTES:
                raise InvalidInputError(
                    f"the JSON patch has copied {copied} bytes by its operation {number} "
                    f"({_brief(operation)}); its copy operations may copy at most "
                    f"{MAX_COPIED_BYTES} bytes (1 MiB) in all"
                )
            obj = jsonpatch.JsonPatch([operation]).apply(obj, in_place=True)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as error:
            raise InvalidInputError(f"the JSON patch cannot be applied: {error}") from None
        except (KeyError, TypeError, ValueError) as error:  # an operation missing `path` etc.
            raise InvalidInputError(f"the JSON patch is malformed: {error}") from None
        size += grows
        if size > MAX_OBJECT_BYTES and _size(obj) > MAX_OBJECT_BYTES:  # measured to be sure
            raise InvalidInputError(
                f"the JSON patch's operation {number} ({_brief(operation)}) makes the object "
                f"larger than {MAX_OBJECT_BYTES} bytes (1 MiB) as JSON, the most an object may be"
            )
    return obj


def growth_of(doc: Any, operation: Any) -> tuple[int, int]:
    """What `operation` will add to `doc`'s size as compact JSON (negative: it shrinks it), and
    the bytes it copies. Computed before it runs; a malformed operation counts 0 and is left
    to jsonpatch to refuse with its own words."""
    if not isinstance(operation, dict):
        return 0, 0
    kind, path = operation.get("op"), operation.get("path")
    if kind == "remove":
        return -_removed(doc, path), 0
    if kind == "move":
        source = operation.get("from")
        if not isinstance(source, str) or not isinstance(path, str):
            return 0, 0
        if path == source or path.startswith(source + "/"):
            return 0, 0  # onto itself (no change) or into itself (refused by jsonpatch)
        return _moved(doc, source, path), 0
    if kind in ("add", "replace"):
        value = operation.get("value", _MISSING)
        if value is _MISSING:
            return 0, 0
        return _added(doc, path, value, _size(value), replace=kind == "replace"), 0
    if kind == "copy":
        value = _value_at(doc, operation.get("from"))
        if value is _MISSING:
            return 0, 0
        measured = _size(value)
        return _added(doc, path, value, measured), measured
    return 0, 0  # test: changes nothing


def _added(doc: Any, path: Any, value: Any, measured: int, replace: bool = False) -> int:
    """The growth from putting a value of `measured` bytes at `path` (an `add` onto an object's
    member, or a `replace`, takes the old value's place; an `add` into a list inserts)."""
    parent, part = _locate(doc, path)
    if parent is _MISSING:  # the root replaced, or a path jsonpatch will refuse
        return measured - _size(doc) if part is None else 0
    if replace or (isinstance(parent, dict) and part in parent):
        return measured - _removed(doc, path, overhead=False)
    return measured + _member_overhead(doc, path, inserting=True)


def _removed(doc: Any, path: Any, overhead: bool = True) -> int:
    """The bytes removing the member at `path` takes away (0 when there is none)."""
    value = _value_at(doc, path)
    if value is _MISSING:
        return 0
    return _size(value) + (_member_overhead(doc, path) if overhead else 0)


def _moved(doc: Any, source: str, path: str) -> int:
    """The growth from moving the value at `source` to `path`: the value itself only moves, so
    its key and separators change, and what it overwrites goes."""
    value = _value_at(doc, source)
    if value is _MISSING:
        return 0
    if path == "":
        return _size(value) - _size(doc)
    source_parent, _ = _locate(doc, source)
    parent, part = _locate(doc, path)
    if parent is _MISSING:
        return 0
    if isinstance(parent, dict) and part in parent:
        if source.startswith(path + "/"):  # a value takes its ancestor's place
            return _size(value) - _size(parent[part])
        return -_member_overhead(doc, source) - _size(parent[part])
    others = len(parent) - (1 if parent is source_parent else 0)  # it is taken out first
    return -_member_overhead(doc, source) + _overhead(parent, part, others)


def _member_overhead(doc: Any, path: Any, inserting: bool = False) -> int:
    """What a member at `path` weighs besides its value: `"key":` in an object, and the comma
    that separates it from the others."""
    parent, part = _locate(doc, path)
    if parent is _MISSING or not isinstance(parent, dict | list):
        return 0
    return _overhead(parent, part, len(parent) if inserting else len(parent) - 1)


def _overhead(parent: Any, part: Any, others: int) -> int:
    """`"key":` (in an object) and a comma (when the container holds `others` besides it)."""
    if not isinstance(parent, dict | list):
        return 0
    key = _size(part) + 1 if isinstance(parent, dict) else 0
    return key + (1 if others > 0 else 0)


def _locate(doc: Any, path: Any) -> tuple[Any, Any]:
    """The container `path` points into and the part in it; (_MISSING, None) for the root,
    (_MISSING, part) when it does not resolve."""
    import jsonpointer

    if not isinstance(path, str) or path == "":
        return _MISSING, None
    try:
        parent, part = jsonpointer.JsonPointer(path).to_last(doc)
    except (jsonpointer.JsonPointerException, KeyError, IndexError, TypeError):
        return _MISSING, path
    return parent, part


def _value_at(doc: Any, path: Any) -> Any:
    """The value at `path`, or _MISSING."""
    if path == "":
        return doc
    parent, part = _locate(doc, path)
    if isinstance(parent, dict):
        return parent.get(part, _MISSING)
    if isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
        return parent[part]
    return _MISSING


def _size(value: Any) -> int:
    """`value`'s size as compact JSON (a non-JSON value counts 0: the model refuses it)."""
    import orjson

    try:
        return len(orjson.dumps(value))
    except TypeError:
        return 0


def _brief(operation: Any) -> str:
    """An operation as one short line of JSON (its value left out: it may be large)."""
    import orjson

    if not isinstance(operation, dict):
        return "not an object"
    shown = {k: v for k, v in operation.items() if k in ("op", "from", "path")}
    return orjson.dumps(shown).decode()[:200]
