"""Every rule and size limit of an object, without pydantic (importing it costs ~150 ms).

The one source of truth: `models.py` (CLI `create`, `apply`, the TUI forms) and the input reader
(`services/input_limits.py`) call these, so every face accepts and refuses exactly the same
input. Text is matched whole (`re.fullmatch`): `$` would let a trailing newline through (`nl\\n`).

Typed text loses its surrounding spaces (a form field, `-s "a = b"`), nothing else: a tab or a
newline is part of the name, and refused.

The limits, and where they come from:
- names: 63 characters (a Kubernetes label name); label keys may carry a DNS-subdomain prefix of
  up to 253; label and selector values up to 63 (Kubernetes' label rules);
- labels and selector: at most 256 pairs each (ours: Kubernetes bounds them only by object size);
- annotations: keys are label keys, keys and values together at most 256 KiB (Kubernetes'
  TotalAnnotationSizeLimitB);
- status.conditions: at most 64 entries (ours);
- an object: at most 1 MiB as JSON (ours; etcd refuses requests over 1.5 MiB), nested at most
  255 deep, integers within 64 bits (what JSON decoders and etcd keep exactly);
- num_endpoints: 0 to 2^31-1 (a Kubernetes int32 count, like replicas).
"""

from __future__ import annotations

import math
import re
from typing import Any

NAME_MAX_LENGTH = 63
LABEL_PREFIX_MAX_LENGTH = 253
MAX_LABELS = 256
MAX_ANNOTATIONS_BYTES = 256 * 1024
MAX_CONDITIONS = 64
MAX_OBJECT_BYTES = 1024 * 1024
MAX_DEPTH = 255
MAX_NUM_ENDPOINTS = 2**31 - 1
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_NAME_RE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")
_DNS_SUBDOMAIN_RE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
NAME_RULE = (
    "use letters, digits, '-', '_' or '.', start and end with a letter or digit, "
    f"at most {NAME_MAX_LENGTH} characters"
)


def check_name(value: str, what: str = "name") -> str:
    """Return `value` if it is a valid object name, else raise ValueError saying why."""
    if not value:
        raise ValueError(f"{what} is required")
    if len(value) > NAME_MAX_LENGTH:
        raise ValueError(f"{what} {value[:80]!r}... is {len(value)} characters long; {NAME_RULE}")
    if not _NAME_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} is invalid; {NAME_RULE}")
    return value


def check_label_key(key: str, what: str = "selector key") -> str:
    """Kubernetes label key: optional DNS-subdomain prefix and '/', then a 63-char name."""
    prefix, slash, name = key.rpartition("/")
    if slash and (len(prefix) > LABEL_PREFIX_MAX_LENGTH or not _DNS_SUBDOMAIN_RE.fullmatch(prefix)):
        raise ValueError(f"{what} {key[:300]!r} has an invalid prefix {prefix[:300]!r}")
    if not name or len(name) > NAME_MAX_LENGTH or not _NAME_RE.fullmatch(name):
        raise ValueError(
            f"{what} {key[:300]!r} is invalid; use up to 63 letters, digits, '-', '_', '.', "
            "starting and ending with a letter or digit"
        )
    return key


def check_label_value(key: str, value: str, what: str = "selector value") -> str:
    """Kubernetes label value: empty, or a 63-char name."""
    if value and (len(value) > NAME_MAX_LENGTH or not _NAME_RE.fullmatch(value)):
        raise ValueError(
            f"{what} {value[:80]!r} for {key!r} is invalid; use up to 63 letters, digits, "
            "'-', '_', '.', starting and ending with a letter or digit"
        )
    return value


def check_labels(labels: dict[str, str], what: str = "selector") -> dict[str, str]:
    """Every key and value of a label map or selector, and how many pairs it has."""
    if len(labels) > MAX_LABELS:
        raise ValueError(f"{what} has {len(labels)} pairs; at most {MAX_LABELS} are allowed")
    for key, value in labels.items():
        check_label_key(key, f"{what} key")
        check_label_value(key, value, f"{what} value")
    return labels


def check_annotations(annotations: dict[str, str]) -> dict[str, str]:
    """Annotation keys are label keys; keys and values together at most 256 KiB."""
    total = 0
    for key, value in annotations.items():
        check_label_key(key, "annotation key")
        total += len(key.encode()) + len(value.encode())
    if total > MAX_ANNOTATIONS_BYTES:
        raise ValueError(
            f"annotations are {total} bytes in total; at most {MAX_ANNOTATIONS_BYTES} "
            "(256 KiB) are allowed"
        )
    return annotations


def check_num_endpoints(count: int) -> int:
    """A count of endpoints: 0 to 2^31-1."""
    if count < 0:
        raise ValueError(f"number of endpoints must be non-negative (got {count})")
    if count > MAX_NUM_ENDPOINTS:
        raise ValueError(
            f"number of endpoints must be at most {MAX_NUM_ENDPOINTS} (got a larger number)"
        )
    return count


def parse_selector(items: list[str] | tuple[str, ...] | str) -> dict[str, str]:
    """Parse `KEY=VALUE` items (each may also be `a=b,c=d`) into a validated dict."""
    if isinstance(items, str):
        items = [items]
    selector: dict[str, str] = {}
    for item in items:
        for pair in item.split(","):
            pair = pair.strip(" ")
            if not pair:
                continue
            key, eq, value = pair.partition("=")
            key, value = key.strip(" "), value.strip(" ")
            if not eq or not key:
                raise ValueError(f"selector {pair[:300]!r} is malformed; write it as KEY=VALUE")
            check_label_key(key)
            check_label_value(key, value)
            selector[key] = value
    return check_labels(selector)


def format_selector(selector: dict[str, str]) -> str:
    """`{'a': 'b', 'c': 'd'}` -> `a=b,c=d`, the form `parse_selector` reads back."""
    return ",".join(f"{key}={value}" for key, value in selector.items())


class TreeLimitError(ValueError):
    """A value nested too deep, an integer out of range, or too many nodes, at `path`."""

    def __init__(self, path: str, problem: str) -> None:
        if len(path) > 120:  # 255 levels of `[0]` help nobody
            path = f"{path[:60]}...{path[-40:]}"
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


Trail = tuple[Any, "Trail"] | None
"""The keys from the root to a node, innermost first, built only as cheap tuples."""


def _path(trail: Trail) -> str:
    keys: list[Any] = []
    while trail is not None:
        key, trail = trail
        keys.append(key)
    text = ""
    for key in reversed(keys):
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def check_tree(value: Any, budget: int | None = None, json_only: bool = False) -> int:
    """Walk `value` (YAML's aliases expanded) and return how many nodes it has.

    Refuses (TreeLimitError naming the field) nesting deeper than MAX_DEPTH, integers outside
    64 bits, and more than `budget` nodes: an alias bomb expands past any budget while the walk
    stops at it, so this costs at most `budget` steps however large the expansion. With
    `json_only`, also anything JSON cannot hold exactly (YAML dates, bytes, sets, NaN, keys that
    are not strings), for free-form fields stored as they are given.
    """
    stack: list[tuple[Any, int, Trail]] = [(value, 0, None)]
    seen = 0
    while stack:
        node, depth, trail = stack.pop()
        seen += 1
        if budget is not None and seen > budget:
            raise TreeLimitError(
                _path(trail),
                f"the input expands to more than {budget} values (YAML aliases?); "
                "write the values out instead",
            )
        if isinstance(node, (dict, list)):
            if depth >= MAX_DEPTH:
                raise TreeLimitError(_path(trail), f"nested deeper than {MAX_DEPTH} levels")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((child, depth + 1, (key, trail)) for key, child in items)
            if json_only and isinstance(node, dict) and not all(isinstance(k, str) for k in node):
                raise TreeLimitError(_path(trail), "every key must be a string")
        elif isinstance(node, int) and not isinstance(node, bool):
            if not INT64_MIN <= node <= INT64_MAX:
                raise TreeLimitError(
                    _path(trail),
                    f"the integer ({node.bit_length()} bits) is out of range; "
                    "integers must fit in 64 bits",
                )
        elif json_only and not _is_json_scalar(node):
            raise TreeLimitError(
                _path(trail), f"a {type(node).__name__} is not a JSON value; write a string"
            )
    return seen


def _is_json_scalar(node: Any) -> bool:
    if isinstance(node, float):
        return math.isfinite(node)
    return node is None or isinstance(node, (str, bool))
