"""Decoding object files strictly, as kubectl's strict decoding does: no silent guesses.

`apply` took the last of two equal keys silently (YAML and JSON), and YAML 1.1 turned text into
numbers and booleans nobody meant: `0x10` became 16, `010` 8, `1:30` 90 (base 60), `no` false
(a label `country: no`). Here:

- a key given twice in one mapping is refused, naming the key and its line (YAML's merge key
  `<<` still lets a mapping override what it merges: that is what it is for);
- YAML's plain scalars resolve as YAML 1.2's core schema (what JSON means too): integers are
  decimal, `true`/`false` (and `True`, `TRUE`...) the only booleans, floats need a `.` or an
  exponent. Anything else is a string, and the model then refuses a string where a number or a
  boolean is expected (`models.py`: strict types), as kubectl does.

JSON is decoded by the stdlib with an `object_pairs_hook` (orjson keeps the last duplicate
without a word): ~1.5x orjson's time, a few tens of ms on a 10k-set file, and every integer is
read exactly.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any


class DuplicateKeyError(Exception):
    """A key given twice in one mapping; `line` is 1-based, 0 when unknown."""

    def __init__(self, key: Any, line: int = 0) -> None:
        super().__init__(key, line)
        self.key = key
        self.line = line

    def describe(self, where: str) -> str:
        at = f" line {self.line}:" if self.line else ""
        return (
            f"{where}:{at} key {json.dumps(self.key, default=str)[:100]} is given twice in one "
            "mapping; keep one (nothing is guessed)"
        )


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return mapping


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # as orjson: such a file is read as YAML, if at all


def load_json(raw: bytes) -> Any:
    """One JSON value; DuplicateKeyError (without a line) for a key given twice."""
    return json.loads(raw, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?[0-9]+[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_TYPED_TAGS = ("bool", "int", "float")


@cache
def strict_loader() -> type:
    """A YAML safe loader (the C one when there is one) with YAML 1.2's core scalars and
    duplicate keys refused. Built on first use: importing yaml costs ~30 ms."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc,valid-type]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=deep)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:  # an unhashable key: the constructor refuses it
                        continue
                    if duplicate:
                        raise DuplicateKeyError(key, key_node.start_mark.line + 1)
            return super().construct_mapping(node, deep)

    resolvers = {
        first: [
            (tag, pattern) for tag, pattern in entries if tag.rpartition(":")[2] not in _TYPED_TAGS
        ]
        for first, entries in base.yaml_implicit_resolvers.items()
    }
    StrictLoader.yaml_implicit_resolvers = resolvers
    # Order matters where first characters overlap: `3` is an int before it could be a float.
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    return StrictLoader
