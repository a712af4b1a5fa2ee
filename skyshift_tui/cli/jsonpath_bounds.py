"""JSONPath evaluated within bounds: no template can make `get` work, hold or print without limit.

A 20,000-step path overflowed Python's stack (`unexpected RecursionError`), and `{..*..*..*}`
on a set whose conditions nest 200 deep took 58 s, 1.5 GB and printed 416 MB: each `..` walks
everything below each value the previous one found, so chained ones multiply. The bounds:

- a template is at most MAX_TEMPLATE_BYTES long, its `{range}`s nest at most MAX_RANGE_DEPTH
  deep, and a path has at most MAX_PATH_STEPS steps (an object nests at most 255 deep, so no
  path needs more);
- one output (a listing, or one event of a watch) takes at most STEPS_PER_OUTPUT steps, and
  STEPS_PER_OBJECT more for each object in it: a step is a path evaluated on a value, each
  value beyond the first a selector finds, each value a `..` walks. jsonpath-ng takes 3-10 us
  a step (one value made), so the work is bounded by the data, whatever `..` chain the
  template holds: `{range .items[*]}` with ten fields takes ~21 steps a set;
- one path evaluation finds at most MAX_FOUND values (jsonpath-ng holds ~200 bytes each);
- the text printed is at most MAX_OUTPUT_BYTES, what `apply` reads (64 MiB).

Each is refused with exit 2 and one line naming the bound, before anything is printed.
jsonpath-ng's `Child`, `Descendants`, `Where` and union nodes are walked here (with its own
leaf selectors), so the budget is spent as the work happens, not after it.
"""

from __future__ import annotations

from typing import Any

from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.rules import MAX_DEPTH
from skyshift_tui.services.input_limits import MAX_INPUT_BYTES

MAX_TEMPLATE_BYTES = 16 * 1024
MAX_RANGE_DEPTH = 32
MAX_PATH_STEPS = MAX_DEPTH + 1
STEPS_PER_OUTPUT = 100_000
STEPS_PER_OBJECT = 100
MAX_FOUND = 1_000_000
MAX_OUTPUT_BYTES = MAX_INPUT_BYTES


class Budget:
    """The steps and output bytes one output may still take; InvalidInputError once spent."""

    def __init__(self, flag: str, objects: int = 1, output: int = MAX_OUTPUT_BYTES) -> None:
        self.flag = flag
        self.allowed = STEPS_PER_OUTPUT + STEPS_PER_OBJECT * objects
        self.steps = self.allowed
        self.output = output

    def spend(self, steps: int) -> None:
        self.steps -= steps
        if self.steps < 0:
            raise InvalidInputError(
                f"{self.flag}: the paths take more than {self.allowed:,} steps on this data "
                f"({STEPS_PER_OUTPUT:,} and {STEPS_PER_OBJECT} per object; each `..` walks "
                "everything below what it starts from); use fewer `..`, or select fewer objects"
            )

    def found(self, matches: list[Any]) -> list[Any]:
        """`matches`, refused when one path evaluation finds more than MAX_FOUND values."""
        if len(matches) > MAX_FOUND:
            raise InvalidInputError(
                f"{self.flag}: a path finds more than {MAX_FOUND:,} values; use fewer `..` or "
                "`*`, or select fewer objects"
            )
        return matches

    def print(self, text: str) -> str:
        """`text`, counted against the output bound."""
        self.output -= len(text)
        if self.output < 0:
            raise InvalidInputError(
                f"{self.flag}: the output would be larger than "
                f"{MAX_OUTPUT_BYTES // (1024 * 1024)} MiB; select fewer objects or fields, or "
                "use -o json"
            )
        return text


def check_template(template: str) -> None:
    """InvalidInputError when a template is longer than MAX_TEMPLATE_BYTES."""
    if len(template) > MAX_TEMPLATE_BYTES:
        raise InvalidInputError(
            f"jsonpath: the template is {len(template):,} characters long; at most "
            f"{MAX_TEMPLATE_BYTES:,} (16 KiB)"
        )


def check_range_depth(depth: int) -> None:
    if depth > MAX_RANGE_DEPTH:
        raise InvalidInputError(
            f"jsonpath: {{range}} is nested more than {MAX_RANGE_DEPTH} deep in the template"
        )


def parse_bounded(expression: str, text: str, flag: str) -> Any:
    """jsonpath-ng's parse of `expression`, refused when it has more than MAX_PATH_STEPS steps."""
    from jsonpath_ng.parser import parse

    too_long = InvalidInputError(
        f"{flag}: the path {text[:60]!r}... has more than {MAX_PATH_STEPS} steps; an object "
        f"nests at most {MAX_DEPTH} deep, so no path needs more"
    )
    if expression.count(".") + expression.count("[") > 4 * MAX_PATH_STEPS:
        raise too_long  # cheaply, before parsing it (deep parses overflow Python's stack)
    try:
        parsed = parse(expression)
    except RecursionError:
        raise too_long from None
    if _steps(parsed) > MAX_PATH_STEPS:
        raise too_long
    return parsed


def _steps(node: Any) -> int:
    """The selectors in a parsed path (its leaves), without recursing."""
    count, pending = 0, [node]
    while pending:
        here = pending.pop()
        children = [getattr(here, side, None) for side in ("left", "right")]
        if any(child is not None for child in children):
            pending.extend(child for child in children if child is not None)
        else:
            count += 1
    return count


def find_bounded(node: Any, data: Any, budget: Budget) -> list[Any]:
    """Every value `node` finds in `data`, spending `budget` as it goes."""
    budget.spend(1)
    return [match.value for match in _find(node, data, budget)]


def _find(node: Any, datum: Any, budget: Budget) -> list[Any]:
    """jsonpath-ng's `node.find(datum)` (its DatumInContext matches), with the composite nodes
    walked here so that each value found or walked is paid for before more are made."""
    from jsonpath_ng.jsonpath import AutoIdForDatum, Child, Descendants, Where, WhereNot, _Union

    if isinstance(node, Child):
        matches: list[Any] = []
        for sub in _find(node.left, datum, budget):
            if not isinstance(sub, AutoIdForDatum):
                matches.extend(_find(node.right, sub, budget))
                budget.found(matches)
        return matches
    if isinstance(node, Descendants):
        return _descendants(node, datum, budget)
    if isinstance(node, Where):
        keep = not isinstance(node, WhereNot)
        found = _find(node.left, datum, budget)
        return [sub for sub in found if bool(_find(node.right, sub, budget)) == keep]
    if isinstance(node, _Union):
        return budget.found(_find(node.left, datum, budget) + _find(node.right, datum, budget))
    found = node.find(datum)
    found = found if isinstance(found, list) else [found]
    budget.spend(max(len(found) - 1, 0))
    return found


def _descendants(node: Any, datum: Any, budget: Budget) -> list[Any]:
    """`left..right`: `right` on each value `left` finds and on everything below them, in
    document order (as jsonpath-ng walks it), one step per value walked."""
    from jsonpath_ng.jsonpath import Wildcard

    children = Wildcard()
    matches: list[Any] = []
    stack = _find(node.left, datum, budget)[::-1]
    while stack:
        here = stack.pop()
        budget.spend(1)
        matches.extend(_find(node.right, here, budget))
        budget.found(matches)
        if isinstance(here.value, dict | list):
            stack.extend(children.find(here)[::-1])
    return matches
