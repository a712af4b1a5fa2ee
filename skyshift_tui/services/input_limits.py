"""Reading object files (`apply -f`) within bounds: no input can make us read, parse or expand
without limit.

- At most MAX_INPUT_BYTES (64 MiB) are read from a file, stdin or `/dev/zero`: we read one byte
  more than that and refuse if it came, so an endless stream costs one bounded read.
- YAML aliases are expanded at most a little beyond the input's own size: a 416-byte "billion
  laughs" file took 8 s and 2.6 GB before, and is refused now in a millisecond. Without aliases
  a YAML or JSON value has fewer nodes than its text has bytes, so real files never meet it.
- Nesting deeper than 255 and integers outside 64 bits are refused naming the object and field.
- Decoding is strict (`strict_decoding.py`): a key given twice, and YAML 1.1's guesses (`0x10`,
  `1:30`, `no`), are refused or read as text, never silently turned into something else.

Every refusal is an InvalidInputError (exit 2): nothing has been written yet.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from typing import Any

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import TreeLimitError, check_tree
from skyshift_tui.core.strict_decoding import DuplicateKeyError, load_json, strict_loader

MAX_INPUT_BYTES = 64 * 1024 * 1024
ALIAS_ALLOWANCE = 10_000
"""Values that YAML aliases may add beyond one per input byte."""
LIST_FIELDS = ("objects", "items")


def source_name(source: str) -> str:
    return "stdin" if source == "-" else source


def read_input(source: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file, or of stdin for `-`; InvalidInputError beyond `limit` bytes."""
    too_big = InvalidInputError(
        f"{source_name(source)} is larger than {limit // (1024 * 1024)} MiB, the most "
        "`apply` reads; split it into smaller files"
    )
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                info = os.fstat(handle.fileno())
                if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                    raise too_big  # known without reading a byte
                raw = handle.read(limit + 1)
    except OSError as error:
        raise InvalidInputError(f"cannot read {source}: {error.strerror}") from None
    except MemoryError:
        raise too_big from None
    if len(raw) > limit:
        raise too_big
    return raw


def load_documents(raw: bytes, source: str) -> list[Any]:
    """The documents in `raw`: one JSON value, or every YAML document (empty ones dropped).

    YAML's are walked against the limits above (aliases, depth, integers). JSON's need no walk
    (it costs 0.3 s for 10k objects): JSON has no aliases, integers are read exactly (past 64
    bits the model refuses them), and depth matters only in free-form `status.conditions`,
    which the model walks itself.
    """
    documents, is_json = _parse(raw, source)
    if not is_json:
        _check_documents(documents, len(raw) + ALIAS_ALLOWANCE, source)
    return documents


def _check_documents(documents: list[Any], budget: int, source: str) -> None:
    for number, item in enumerate(flatten(documents), 1):
        try:
            budget -= check_tree(item, budget)
        except TreeLimitError as error:
            field = f"field {error.path}: " if error.path else ""
            raise InvalidInputError(
                f"{source_name(source)}: object {number} ({describe(item)}): {field}"
                f"{error.problem}; nothing was applied"
            ) from None


def _parse(raw: bytes, source: str) -> tuple[list[Any], bool]:
    """The documents, and whether they were JSON."""
    where = source_name(source)
    duplicate: DuplicateKeyError | None = None
    if raw.lstrip()[:1] in (b"{", b"["):
        from skyshift_tui.core.gc_pause import gc_paused

        try:
            with gc_paused():
                return [load_json(raw)], True
        except DuplicateKeyError as error:
            duplicate = error  # JSON is YAML: its loader below finds the line
        except (ValueError, RecursionError):
            pass  # flow-style YAML starts with `{` or `[` too
    import yaml  # deferred: ~30 ms, YAML input only

    try:
        documents = [doc for doc in yaml.load_all(raw, Loader=strict_loader()) if doc is not None]
    except DuplicateKeyError as error:
        raise InvalidInputError(error.describe(where)) from None
    except yaml.YAMLError as error:
        if duplicate is not None:
            raise InvalidInputError(duplicate.describe(where)) from None
        reason = " ".join(str(error).split())
        raise InvalidInputError(f"{where} is neither valid JSON nor YAML: {reason}") from None
    except RecursionError:
        raise InvalidInputError(f"{where}: values are nested far too deep") from None
    except (ValueError, TypeError, OverflowError) as error:  # e.g. a timestamp out of range
        raise InvalidInputError(f"{where} holds a value YAML cannot represent: {error}") from None
    if duplicate is not None:  # the YAML reading differed (an escape JSON has and YAML not)
        raise InvalidInputError(duplicate.describe(where))
    return documents, False


def flatten(documents: Iterable[Any]) -> list[Any]:
    """Unwrap lists and `{"kind": "...List", "objects": [...]}` into single objects."""
    items: list[Any] = []
    for doc in documents:
        if isinstance(doc, list):
            items.extend(doc)
            continue
        if isinstance(doc, dict) and str(doc.get("kind", "")).endswith("List"):
            inner = next((doc[f] for f in LIST_FIELDS if isinstance(doc.get(f), list)), None)
            if inner is not None:
                items.extend(inner)
                continue
        items.append(doc)
    return items


def describe(item: Any) -> str:
    """`Endpoints "web"`, or what the item is when it is not an object."""
    if not isinstance(item, dict):
        return f"a {type(item).__name__}"
    meta = item.get("metadata")
    name = meta.get("name") if isinstance(meta, dict) else None
    kind = item.get("kind", "no kind")
    import orjson  # JSON quoting: a name's newline or escape stays on this one line

    kind_text = orjson.dumps(str(kind)[:100]).decode().strip('"')
    if isinstance(name, str) and name:
        return f"{kind_text} {orjson.dumps(name[:100]).decode()}"
    return f"{kind_text} without a name"
