"""kubectl's JSONPath output: `-o jsonpath=TEMPLATE`, `-o custom-columns=...`, `--sort-by`.

The paths themselves (`.metadata.name`, `.objects[*].spec`, `..name`) are evaluated by
jsonpath-ng, imported only when one of these flags is used (26 ms import, ~50 ms to the first
match: `get` stays at its usual cost otherwise). The template around them is kubectl's subset,
parsed here: literal text, `{PATH}`, `{"\\n"}` string literals, and `{range PATH}...{end}`.
Values found are printed exact when piped, with control characters escaped on a terminal.
Templates, paths, the work they do and what they print are bounded (`jsonpath_bounds.py`).

A list is `{"kind": "EndpointsList", "objects": [...]}`; `.items` reaches the same list, so
kubectl habits (`{range .items[*]}`) work unchanged.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from skyshift_tui.cli.jsonpath_bounds import (
    Budget,
    check_range_depth,
    check_template,
    find_bounded,
    parse_bounded,
)
from skyshift_tui.core.errors import InvalidInputError
from skyshift_tui.core.terminal_text import escape_control

Object = dict[str, Any]
Finder = Callable[[Any, Budget], list[Any]]
"""Every value a path finds in the data, paid for from the output's budget."""


def compile_path(text: str, flag: str) -> Finder:
    """A function giving every value `text` (kubectl form, braces optional) finds in data."""
    # deferred: only these flags pay for jsonpath-ng
    from jsonpath_ng.exceptions import JsonPathLexerError, JsonPathParserError

    path = text.strip()
    if path.startswith("{") and path.endswith("}"):
        path = path[1:-1].strip()
    if path.startswith("$"):
        path = path[1:]
    path = path.removeprefix(".") if not path.startswith("..") else path
    expression = "$" + ("" if not path else path if path.startswith(("..", "[")) else "." + path)
    try:
        parsed = parse_bounded(expression, text, flag)
    except InvalidInputError:
        raise
    except (JsonPathLexerError, JsonPathParserError, Exception) as error:  # some are bare
        reason = " ".join(str(error).split())
        raise InvalidInputError(f"{flag}: cannot parse the path {text!r}: {reason}") from None

    def find(data: Any, budget: Budget) -> list[Any]:
        return find_bounded(parsed, data, budget)

    return find


def format_value(value: Any) -> str:
    """A found value as kubectl prints it: strings bare, everything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    return json.dumps(value, separators=(",", ":"))


# -- templates ---------------------------------------------------------------------------------
@dataclass
class _Node:
    """Literal text, a path to print, or a `range` over a path with its body."""

    text: str | None = None
    find: Finder | None = None
    body: list[_Node] = field(default_factory=list)
    is_range: bool = False


def _actions(template: str) -> list[tuple[bool, str]]:
    """(is_action, text) pieces: the text between `{...}` actions, and the actions."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    while position < len(template):
        start = template.find("{", position)
        if start < 0:
            pieces.append((False, template[position:]))
            break
        if start > position:
            pieces.append((False, template[position:start]))
        end, quote = start + 1, ""
        while end < len(template) and (quote or template[end] != "}"):
            char = template[end]
            if quote and char == "\\":
                end += 1
            elif char in "\"'" and (not quote or quote == char):
                quote = "" if quote else char
            end += 1
        if end >= len(template):
            raise InvalidInputError(f"jsonpath template {template!r} has an unclosed '{{'")
        pieces.append((True, template[start + 1 : end].strip()))
        position = end + 1
    return pieces


def parse_template(template: str) -> list[_Node]:
    """The template's nodes; InvalidInputError for anything that does not parse."""
    if not template.strip():  # kubectl refuses it too, rather than printing nothing
        raise InvalidInputError(
            "jsonpath: no template given; write one, e.g. -o jsonpath='{.metadata.name}'"
        )
    check_template(template)
    root: list[_Node] = []
    stack: list[list[_Node]] = [root]
    for is_action, text in _actions(template):
        if not is_action:
            stack[-1].append(_Node(text=text))
        elif text == "end":
            if len(stack) == 1:
                raise InvalidInputError(
                    f"jsonpath template {template!r}: {{end}} without {{range}}"
                )
            stack.pop()
        elif text.startswith("range ") or text == "range":
            node = _Node(find=compile_path(text[5:], "jsonpath"), is_range=True)
            stack[-1].append(node)
            stack.append(node.body)
            check_range_depth(len(stack) - 1)
        elif text[:1] in "\"'":
            stack[-1].append(_Node(text=_literal(text)))
        else:
            stack[-1].append(_Node(find=compile_path(text, "jsonpath")))
    if len(stack) != 1:
        raise InvalidInputError(f"jsonpath template {template!r}: {{range}} without {{end}}")
    return root


def _literal(text: str) -> str:
    """`"\\n"` or `'x'` as the text it stands for (JSON escapes)."""
    if len(text) < 2 or text[-1] != text[0]:
        raise InvalidInputError(f"jsonpath template: unclosed string literal {text}")
    try:
        return str(json.loads('"' + text[1:-1].replace('"', '\\"') + '"'))
    except ValueError:
        raise InvalidInputError(f"jsonpath template: bad string literal {text}") from None


def render_template(
    nodes: Sequence[_Node], data: Any, escape: bool = False, budget: Budget | None = None
) -> str:
    """The nodes evaluated against `data` (a range's body against each item in turn); with
    `escape`, control characters in the values found (never the template's own `{"\\n"}`)
    written as escapes. Within one `budget` (a fresh one by default)."""
    budget = budget or Budget("jsonpath")
    out: list[str] = []
    for node in nodes:
        if node.text is not None:
            out.append(budget.print(node.text))
        elif node.find is not None and node.is_range:
            for item in node.find(data, budget):
                out.append(render_template(node.body, item, escape, budget))
        elif node.find is not None:
            text = " ".join(format_value(value) for value in node.find(data, budget))
            out.append(budget.print(escape_control(text) if escape else text))
    return "".join(out)


def render_for_stdout(nodes: Sequence[_Node], data: Any, objects: int = 1) -> str:
    """`render_template` for printing: on a terminal a stored value is data, never a terminal
    command (as in every table); piped, the values stay exact, for the scripts that read them.
    `objects`: how many objects `data` holds (the work allowed grows with them)."""
    try:
        on_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        on_terminal = False
    return render_template(nodes, data, on_terminal, Budget("jsonpath", objects))


def with_items(data: Any) -> Any:
    """A list also reachable as `.items`, as kubectl users write it."""
    if isinstance(data, dict) and "objects" in data:
        return {**data, "items": data["objects"]}
    return data


# -- custom columns and sorting ----------------------------------------------------------------
def parse_columns(spec: str) -> list[tuple[str, Finder]]:
    """`HEADER:PATH,...` as (header, finder) pairs."""
    columns = []
    for part in spec.split(","):
        header, colon, path = part.partition(":")
        if not colon or not header.strip() or not path.strip():
            raise InvalidInputError(
                f"custom-columns {part!r} is malformed; write HEADER:JSONPATH, e.g. "
                "NAME:.metadata.name"
            )
        columns.append((header.strip(), compile_path(path, "custom-columns")))
    return columns


def column_cells(
    columns: Sequence[tuple[str, Finder]], obj: Object, budget: Budget
) -> tuple[str, ...]:
    """One row: each column's values joined by commas, `<none>` when absent; control
    characters escaped, as in every table (a cell is data, never a terminal command). Paid
    for from `budget`, one for the whole table."""
    return tuple(
        budget.print(
            escape_control(",".join(format_value(value) for value in find(obj, budget)) or "<none>")
        )
        for _, find in columns
    )


def sort_by(objects: Sequence[Object], path: str) -> list[Object]:
    """`objects` sorted by the first value `path` finds in each (missing ones first);
    numbers numerically, other scalars as text. Stable. Refused, as kubectl does: a map or a
    list (its JSON text is no order), and a path that finds nothing in any object (a typo
    would otherwise print the list unsorted)."""
    find = compile_path(path, "--sort-by")
    budget = Budget("--sort-by", len(objects))

    def key(obj: Object) -> tuple[int, float, str]:
        found = find(obj, budget)
        if not found:
            return (0, 0.0, "")
        value = found[0]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (1, float(value), "")
        if isinstance(value, (dict, list)):
            # As kubectl: a map or a list has no order to sort by (its JSON text is no order).
            kind = "map" if isinstance(value, dict) else "list"
            raise InvalidInputError(
                f"--sort-by {path!r}: unsortable type: {kind}; "
                "sort by a field that is a number or a string, e.g. .metadata.name"
            )
        return (2, 0.0, format_value(value))

    keys = [key(obj) for obj in objects]
    if keys and not any(found for found, _, _ in keys):
        raise InvalidInputError(
            f"--sort-by: no object has a value at {path!r}; check the path, e.g. .metadata.name"
        )
    order = sorted(range(len(objects)), key=keys.__getitem__)
    return [objects[index] for index in order]
