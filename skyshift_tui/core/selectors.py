"""kubectl's label selectors for `get -l` and `delete -l`: parsed once, matched per object.

`k=v` (or `k==v`), `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k` (has the key), `!k` (lacks it),
joined by commas; an object matches when every requirement holds. `!=` and `notin` match
objects without the key, as in Kubernetes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import check_label_key, check_label_value

_TOKEN = r"[^\s,=!()]+"
_EQUALITY = re.compile(rf"\s*(?P<key>{_TOKEN})\s*(?P<op>==|=|!=)\s*(?P<value>{_TOKEN})?\s*")
_SET = re.compile(rf"\s*(?P<key>{_TOKEN})\s+(?P<op>in|notin)\s*\((?P<values>[^()]*)\)\s*")
_EXISTS = re.compile(rf"\s*(?P<neg>!)?\s*(?P<key>{_TOKEN})\s*")


@dataclass(frozen=True)
class Requirement:
    """One condition on one label key."""

    key: str
    op: str
    """`in`, `notin`, `exists` or `!exists` (`=` is `in` one value, `!=` is `notin`)."""
    values: frozenset[str] = frozenset()

    def matches(self, labels: dict[str, Any]) -> bool:
        if self.op == "exists":
            return self.key in labels
        if self.op == "!exists":
            return self.key not in labels
        present = self.key in labels and labels[self.key] in self.values
        return present if self.op == "in" else not present


def _split(text: str) -> list[str]:
    """Requirements split at the commas outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise InvalidInputError(f"label selector {text!r} has an unmatched ')'")
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    if depth:
        raise InvalidInputError(f"label selector {text!r} has an unclosed '('")
    return [*parts, current]


def _requirement(part: str, text: str) -> Requirement:
    if match := _SET.fullmatch(part):
        values = [value.strip() for value in match["values"].split(",")]
        if not all(values):
            raise InvalidInputError(f"label selector {text!r}: empty value in {part.strip()!r}")
        return Requirement(match["key"], match["op"], frozenset(values))
    if match := _EQUALITY.fullmatch(part):
        op = "notin" if match["op"] == "!=" else "in"
        return Requirement(match["key"], op, frozenset([match["value"] or ""]))
    if match := _EXISTS.fullmatch(part):
        return Requirement(match["key"], "!exists" if match["neg"] else "exists")
    raise InvalidInputError(
        f"label selector {text!r} is malformed at {part.strip()!r}; write k=v, k!=v, k, !k, "
        "k in (a,b) or k notin (a,b), joined by commas"
    )


def parse_label_selector(text: str) -> list[Requirement]:
    """The requirements of a selector; InvalidInputError (exit 2) naming what is wrong."""
    if not text.strip():
        raise InvalidInputError("the label selector is empty; e.g. -l app=web")
    requirements = [_requirement(part, text) for part in _split(text)]

    try:
        for requirement in requirements:
            check_label_key(requirement.key)
            for value in requirement.values:
                check_label_value(requirement.key, value)
    except ValueError as error:
        raise InvalidInputError(f"label selector {text!r}: {error}") from None
    return requirements


def selector_matcher(text: str | None) -> Callable[[dict[str, Any]], bool]:
    """A test of an object's `metadata.labels` against `text` (everything matches None)."""
    if text is None:
        return lambda obj: True
    requirements = parse_label_selector(text)

    def matches(obj: dict[str, Any]) -> bool:
        labels = obj.get("metadata", {}).get("labels") or {}
        return all(requirement.matches(labels) for requirement in requirements)

    return matches
